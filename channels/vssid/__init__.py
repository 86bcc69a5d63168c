"""The VssID app's news feed: approved items per province and language."""
