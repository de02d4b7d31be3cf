"""Country ratings: a base score plus a live adjustment from incidents, banded, panel-approved.

    method.py        the methodology as versioned data (methodology/v*.yaml), typed
    base.py          base inputs imported from CSV, rescaled and weighted into a base score
    indices/         v2: V-Dem, Freedom House and RSF importers; index values usable on a day
    structural.py    v2: per-freedom structural scores from the indices, explained
    adjust.py        the live adjustment: one explained contribution per published incident
    compute.py       scores per country (stored with the methodology version), band proposals
    panel.py         approve or reject a proposed band change (only approved ones go public)
    watchlist.py     sharpest recent declines, proposed automatically, curated by editors
    alerts.py        what subscribers are told (band changes, watchlist), sent by
                     :mod:`civicspace.notify`
    export.py        public ratings (and, where allowed, scores) as CSV or JSON

ACLED imports are :mod:`civicspace.acled`'s. docs/ratings.md describes the method and works
examples through by hand.
"""
