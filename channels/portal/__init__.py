"""Provincial web portals: items pushed as signed ninjs JSON to each portal's endpoint."""
