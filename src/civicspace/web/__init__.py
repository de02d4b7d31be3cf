"""The web: review desk (``desk/``), public site (``public/``), JSON API (``api/``)."""
