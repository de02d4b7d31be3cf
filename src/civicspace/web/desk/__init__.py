"""The desk part of the web application."""
