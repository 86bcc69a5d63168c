"""Facebook fanpages: link, photo and video posts through the Graph API."""
