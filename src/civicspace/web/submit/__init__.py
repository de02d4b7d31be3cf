"""The secure submission form and the sender's return with her receipt code (docs/protect.md).

Plain HTML forms that work with JavaScript off and in Tor Browser's safest mode: no script, no
web font, no third-party request. The web layer imports ``civicspace.protect``; never the reverse.
"""
