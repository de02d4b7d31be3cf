"""Public campaign routes; this package's ``connect.py`` connects supporters' accounts."""
