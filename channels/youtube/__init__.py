"""YouTube: clips uploaded with the Data API's resumable protocol, captions, thumbnails, premieres."""
