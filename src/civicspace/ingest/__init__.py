"""The ingest stage: turn fetched responses and local files into documents with one outcome each.

``items`` describes an input; ``process`` does the CPU work (decode, extract, language,
fingerprints) as a pure function that can run in worker processes; ``recorder`` writes the single
outcome of each input, with duplicate detection, to the store; ``importer`` walks local files and
``crawl`` polls sources over HTTP.
"""
