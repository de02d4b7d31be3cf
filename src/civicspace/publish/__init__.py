"""Publishing: what researchers accepted, in the forms the public and other programs use.

Only incidents whose state is ``published`` are ever read here; withdrawn ones appear only as
tombstones in the changes feed (and only if they were once published). Person names never
appear (see :mod:`civicspace.publish.persons`).

    filters     Filters: the one description of "which incidents" (web, API, exports, CLI)
    query       listing with keyset cursors, one incident, batches for exports, the changes feed
    records     rows → public dicts (the only shape that leaves this package)
    aggregates  headline figures, counts per country, a country's breakdowns (from the counters
                that database triggers keep: civicspace.store.publish; cached per stamp)
    search      full-text words → FTS5 / tsvector conditions, planned by how common they are
    totals      ``total`` of a search: exact from the counters, else estimated from a sample
    stream      export rows straight from the database driver
    exports     streaming CSV, ACLED-like CSV, GeoJSON, JSON lines
    feeds       Atom feeds
    geo         country names, numeric codes and centroids
    ratings_view  country ratings if the ratings stage is installed
"""
