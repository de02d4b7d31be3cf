"""Protect the people in what is sent to the organisation.

Public copies of images (``sanitize``: upright, no metadata, faces masked by ``faces`` and
``masking``) and sealed originals (``keys``, ``sealing``, ``receipts``, ``custody``, ``vault``).
Nothing here imports network or public-output code: an import-linter contract holds it.
"""
