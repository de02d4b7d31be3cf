"""The api part of the web application."""
