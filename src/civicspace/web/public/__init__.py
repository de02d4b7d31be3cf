"""The public part of the web application."""
