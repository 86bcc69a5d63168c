"""Writes live here, one service per change, called by admin views, commands and tests alike."""
