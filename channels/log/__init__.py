"""The "log" channel: payloads recorded in the database instead of sent (make run, demos)."""
