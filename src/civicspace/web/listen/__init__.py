"""The listen area on the web: synthesis reports (desk and public), live questions, members."""
