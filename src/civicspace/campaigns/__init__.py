"""Campaigns: one message from every supporter's account at one moment, only if enough pledge.

    tokens.py    access tokens sealed at rest (NaCl SecretBox, CIVICSPACE_CAMPAIGN_TOKEN_KEY)
    model.py     campaign input: message variants, threshold, deadline, send time in a zone
    pledges.py   create a campaign, pledge, revoke, list, results
    send.py      at send time: threshold met → post every pledge concurrently, one outcome each

Posting itself goes through :mod:`civicspace.notify.social` (the one outgoing-delivery module).
"""
