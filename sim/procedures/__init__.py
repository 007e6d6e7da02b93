"""The Council's decision procedures, one folder each (the accession measures first)."""
