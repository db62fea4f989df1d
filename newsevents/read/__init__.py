"""read: find input files and turn their bytes into raw article records (files, decoding, HTML, fsspec)."""
