"""One service per change to the outbox; admin views, commands and tasks all call these."""
