"""Code one text with the default coder under given label rules (the rules restored after)."""

from __future__ import annotations

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT, Rules
from civicspace.classify.schema import Coding, InputDoc


def code_under(coder: DefaultCoder, title: str, text: str, rules: Rules) -> Coding:
    """The coding of one document by ``coder`` with ``rules`` as its label rules."""
    coder.label_rules = rules
    try:
        (out,) = coder.code([InputDoc(id="t", title=title, text=text)])
    finally:
        coder.label_rules = DEFAULT
    return out
