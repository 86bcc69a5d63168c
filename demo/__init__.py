"""Demo data for `make run` and the README screenshots, written for this project."""
