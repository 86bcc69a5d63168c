"""Images, clips and leaflet PDFs: validation, renditions, storage.

Used by cms, publishing and channels; imports none of them.
"""
