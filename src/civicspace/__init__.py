"""civicspace: watch, rate and publish attacks on civic freedoms."""

__version__ = "0.1.0"
