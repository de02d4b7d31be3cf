"""Every prompt the listen theme namer sends, in one place, versioned.

Change a prompt and bump :data:`PROMPT_VERSION`: it is part of the namer's version (stored with
each statement it wrote) and of the cache key, so names made with different prompts never mix.
"""

from __future__ import annotations

PROMPT_VERSION = "n1"
MAX_CLAIMS = 12  # the theme's most central claims the model reads
MAX_CLAIM_CHARS = 300

SYSTEM = """You name the themes found in contributions to a public consultation (answers,
interviews, essays). You get the question people answered, if any, and statements from
contributions that share one theme, the most typical first.

Write the theme's key point: one short declarative sentence (at most 15 words) saying what
these contributions say, in the language most statements are in. Do not quote the statements,
use no quotation marks, and add no names, places, numbers or facts that are not in them.

Answer with one JSON object and nothing else: {"label": "the key point"}"""


def user_prompt(question: str | None, claims: list[str]) -> str:
    lines = [f"Question: {question}" if question else "Question: (none given)", "Statements:"]
    for n, claim in enumerate(claims[:MAX_CLAIMS], start=1):
        lines.append(f"{n}. {' '.join(claim.split())[:MAX_CLAIM_CHARS]}")
    return "\n".join(lines)


def repair_prompt(error: str) -> str:
    return (
        f"Your answer could not be used: {error[:300]}. Answer again with one JSON object, "
        '{"label": "..."}, and nothing else.'
    )
