"""Building and measuring the coder: datasets, silver labels, training, the dev split, scores.

Nothing here runs when civicspace codes a document: :mod:`civicspace.classify` is the running
coder and never imports this package; this package imports it (the model format, features,
lexicons) to train artifacts that the coder loads.
"""
