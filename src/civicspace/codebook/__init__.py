"""The codebook: the shared vocabulary as versioned data (``codebook.yaml``) and typed objects."""

from civicspace.codebook.model import Band, Codebook, Target, Term, Violation, load_codebook

__all__ = ["Band", "Codebook", "Target", "Term", "Violation", "load_codebook"]
