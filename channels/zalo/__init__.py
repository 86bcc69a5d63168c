"""Zalo Official Accounts: articles (and an optional broadcast) through Zalo's Open API."""
