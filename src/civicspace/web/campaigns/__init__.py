"""Campaign pages: public (``pages.py``), the organiser's desk (``desk.py``) and, from the
account-connection flows, ``connect.py``."""
