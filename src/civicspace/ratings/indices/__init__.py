"""Structural indices behind ratings v2: importers for the files their publishers distribute.

editions.py   publication dates, licences and citations per source and edition
names.py      publishers' country names and codes to ISO 3166-1 alpha-2
parsed.py     what every parser returns: values with edition, data year and variable
vdem.py       V-Dem country-year CSV (the demspaces extract and V-Dem's own CY files)
fiw.py        Freedom House "All data" workbook (and the same table as CSV)
rsf.py        RSF World Press Freedom Index (a long CSV, and RSF's own per-year CSV)
store.py      idempotent import into the database, and the values usable on a given day
"""
