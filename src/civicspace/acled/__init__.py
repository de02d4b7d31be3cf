"""ACLED, in one place: the documented mapping of ACLED event records onto the codebook
(``mapping``: its cue vocabulary is data in ``mapping.yaml``), the importer that brings an ACLED
export in as incidents (``importer``), and the ACLED-like export of our incidents (``export``).
The coder's training reads the same mapping."""
