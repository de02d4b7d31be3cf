"""robots.txt, parsed and matched as RFC 9309 says (the way Google and Bing read it).

The standard library's ``urllib.robotparser`` predates the RFC: it takes the first matching
rule instead of the longest, and treats ``*`` and ``$`` in paths literally, so a rule such as
``Disallow: /*?print=`` never matches. This module is small and follows the RFC:

* the group whose ``User-agent`` equals our product token (case-insensitive) applies, else the
  ``*`` group(s); several groups for the same agent are merged;
* the longest matching ``Allow``/``Disallow`` pattern wins, ``Allow`` on a tie;
  ``*`` matches any run of characters and a final ``$`` anchors the end;
* ``/robots.txt`` itself is always allowed.

How the fetcher reacts to a missing or failing robots.txt is decided in ``fetch.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

_SAFE = "!$&'()*+,;=:@/?~-._%"


def product_token(user_agent: str) -> str:
    """``"civicspace/0.1 (+https://…)"`` → ``"civicspace"``."""
    token = user_agent.strip().split("/", 1)[0].split(" ", 1)[0]
    return token.lower()


def _normalise(path: str) -> str:
    # Percent-encode what is not plain ASCII, and decode what needn't be encoded, so that
    # "/caf%C3%A9" and "/café" compare equal. "%2F" stays encoded: it is not a "/".
    decoded = unquote(path.replace("%2F", "%252F").replace("%2f", "%252F"))
    return quote(decoded, safe=_SAFE)


@dataclass(frozen=True)
class Rule:
    allow: bool
    pattern: str  # normalised, as written (its length decides which rule wins)
    glob: str  # the pattern as a whole-string glob: "*" added unless it ended in "$"

    @classmethod
    def make(cls, allow: bool, pattern: str) -> Rule:
        pattern = _normalise(pattern)
        glob = pattern[:-1] if pattern.endswith("$") else pattern + "*"
        glob = re.sub(r"\*+", "*", glob)
        return cls(allow, pattern, glob)

    def matches(self, target: str) -> bool:
        return _glob_match(self.glob, target)


def _glob_match(glob: str, text: str) -> bool:
    """Whole-string match where "*" is any run of characters; O(len(glob) * len(text)) at
    worst, never exponential (a hostile robots.txt cannot stall the fetcher)."""
    g = t = 0
    star = -1  # position in glob just after the last "*" seen
    mark = 0  # position in text where that "*" started matching
    while t < len(text):
        if g < len(glob) and glob[g] == "*":
            star, mark = g + 1, t
            g += 1
        elif g < len(glob) and glob[g] == text[t]:
            g += 1
            t += 1
        elif star >= 0:
            mark += 1
            g, t = star, mark
        else:
            return False
    while g < len(glob) and glob[g] == "*":
        g += 1
    return g == len(glob)


@dataclass
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


@dataclass(frozen=True)
class Robots:
    """The rules of one robots.txt, for one user agent."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None
    sitemaps: tuple[str, ...] = ()

    @classmethod
    def allow_all(cls) -> Robots:
        return cls()

    @classmethod
    def disallow_all(cls) -> Robots:
        return cls(rules=(Rule.make(False, "/"),))

    @classmethod
    def parse(cls, text: str, user_agent: str) -> Robots:
        token = product_token(user_agent)
        groups: list[_Group] = []
        sitemaps: list[str] = []
        current: _Group | None = None
        in_agents = False  # True while reading the User-agent lines that open a group
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            key, sep, value = line.partition(":")
            if not sep:
                continue
            key, value = key.strip().lower(), value.strip()
            if key in ("user-agent", "useragent"):
                if current is None or not in_agents:
                    current = _Group()
                    groups.append(current)
                current.agents.append(value.lower())
                in_agents = True
            elif key in ("allow", "disallow"):
                in_agents = False
                if current is not None and value:  # "Disallow:" (empty) matches nothing
                    current.rules.append(Rule.make(key == "allow", value))
            elif key == "crawl-delay":
                in_agents = False
                if current is not None:
                    try:
                        delay = float(value)
                    except ValueError:
                        continue
                    if delay >= 0 and delay == delay:  # reject NaN
                        current.crawl_delay = delay
            elif key == "sitemap" and value:
                sitemaps.append(value)
        mine = [g for g in groups if token in g.agents]
        if not mine:
            mine = [g for g in groups if "*" in g.agents]
        delays = [g.crawl_delay for g in mine if g.crawl_delay is not None]
        return cls(
            rules=tuple(rule for g in mine for rule in g.rules),
            crawl_delay=max(delays) if delays else None,
            sitemaps=tuple(sitemaps),
        )

    def allowed(self, url: str) -> bool:
        """Whether ``url`` (absolute, or a path with query) may be fetched."""
        parts = urlsplit(url)
        path = parts.path or "/"
        if path == "/robots.txt":
            return True
        target = _normalise(path + ("?" + parts.query if parts.query else ""))
        best: Rule | None = None
        for rule in self.rules:
            if rule.matches(target) and (
                best is None
                or len(rule.pattern) > len(best.pattern)
                or (len(rule.pattern) == len(best.pattern) and rule.allow)
            ):
                best = rule
        return best is None or best.allow
