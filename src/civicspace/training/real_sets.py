"""Real incident reports as training and held-out examples, mapped by ``mappings.yaml``.

Four sets in ``../shared/data`` (HRDsAttack, Mass Mobilization, ML4P peace-machine, Colombian
social leaders) carry their own labels; ``mappings.yaml`` beside this module says how each label
becomes a codebook label, and which label kinds a set does not decide (``Example.unknown``).
Splits are by time, country or source file, never at random; ``split`` is ``train`` or ``dev``
(the held-out split). Nothing is copied into the repository: every run reads the data folder.
"""

from __future__ import annotations

import ast
import csv
import html
import json
import re
from collections.abc import Callable, Collection, Iterator
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from civicspace.classify.geo import country_code
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.training.example import Example, parse_date
from civicspace.training.silver import PROTECTED, strong_labels

ALL_KINDS = frozenset({"violations", "targets", "perpetrators", "freedoms", "gendered"})
_TAGS = re.compile(r"<[^>]+>")


@lru_cache(maxsize=1)
def mappings() -> dict[str, Any]:
    """The mapping of every set (``mappings.yaml``)."""
    text = resources.files("civicspace.training").joinpath("mappings.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _mapped(values: list[str], table: dict[str, list[str]]) -> set[str]:
    return {out for v in values for out in table.get(v, [])}


def _article(body: str) -> str:
    """HRDsAttack's ``<p>`` paragraphs as plain text, one paragraph a line."""
    paragraphs = re.split(r"</p>\s*<p>|<p>|</p>", body)
    return "\n".join(
        html.unescape(_TAGS.sub(" ", p)).strip() for p in paragraphs if p.strip()
    ).strip()


def load_hrdsattack(
    data_dir: Path, keep: Collection[str] = (), keep_all: bool = False
) -> Iterator[Example]:
    m = mappings()["hrdsattack"]
    cut = date.fromisoformat(m["split"]["heldout_published_from"])
    for part in ("train", "dev", "test"):
        path = data_dir / "hrdsattack" / "raw" / "data" / f"{part}.json"
        for row in json.loads(path.read_text("utf-8")):
            sample, ann = row["sample"], row["annotations"][0]["annotation"]
            published = parse_date(str(sample.get("Input.publish_date", ""))[:10])
            kinds = list(ann.get("violation_types") or [])
            victims = ann.get("victims") or []
            victim_types = [t for v in victims for t in (v.get("victim_type") or [])]
            targets = _mapped(victim_types, m["targets"])
            if any(
                "human rights defender" in (v.get("victim_type") or [])
                and v.get("victim_sex_type") == "woman"
                for v in victims
            ):
                targets |= {m["women_hrd_target"], "hrd"}
            violations = _mapped(kinds, m["violations"])
            unknown = {"perpetrators", "gendered"}
            if set(kinds) <= set(m["negative_violations"]):
                is_incident: bool | None = False if not targets else None
            else:
                is_incident = True
                if not violations and set(kinds) & set(m["undecided_violations"]):
                    unknown.add("violations")
                if not targets:
                    unknown.add("targets")
            freedoms = _mapped(sorted(targets), m["freedoms"])
            if is_incident and not freedoms:
                unknown.add("freedoms")
            split = "dev" if published is not None and published >= cut else "train"
            country = ann.get("country")
            yield Example(
                id=f"hrdsattack:{sample['Input.GLOBALEVENTID']}",
                text=_article(str(sample.get("Input.article_interface") or "")),
                title=str(sample.get("Input.title") or ""),
                source="hrdsattack",
                group=f"hrdsattack:{part}:{country or 'none'}",
                split=split,
                published=published,
                country=country_code(country) if is_incident and country else None,
                is_incident=is_incident,
                violations=tuple(sorted(violations)) if is_incident else (),
                targets=tuple(sorted(targets)) if is_incident else (),
                freedoms=tuple(sorted(freedoms)) if is_incident else (),
                unknown=frozenset(unknown) if is_incident else frozenset(),
                rule="hrdsattack mapping",
            )


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
        for row in csv.DictReader(fh):
            yield {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}


def _int(value: str) -> int | None:
    try:
        return int(float(value))
    except ValueError:
        return None


def _undecided(ex: Example, rule: str) -> Example:
    """An item the mapping cannot decide, kept for a hand label (``is_incident`` None)."""
    ex.is_incident, ex.rule = None, f"{rule}, undecided"
    ex.violations = ex.targets = ex.freedoms = ()
    ex.country, ex.event_date, ex.unknown = None, None, frozenset()
    return ex


@lru_cache(maxsize=1)
def _force_pattern() -> re.Pattern[str]:
    terms = mappings()["mass_mobilization"]["force_named"]["terms"]
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + ")")


def _force_named(notes: str) -> bool:
    """Whether a lower-cased Mass Mobilization note names force the codebook codes as
    ``excessive_force`` (``force_named`` in ``mappings.yaml``; a term matches at a word start)."""
    return _force_pattern().search(notes) is not None


@lru_cache(maxsize=1)
def _riot_pattern() -> re.Pattern[str]:
    return re.compile("|".join(mappings()["mass_mobilization"]["force_alone"]["riot_told"]))


def _riot_told(notes: str) -> bool:
    """Whether a lower-cased Mass Mobilization note tells the crowd's own violence (rioting,
    looting, firebombs, stones, fighting the police: ``force_alone.riot_told``), which makes force
    against it no incident (docs/annotation-guide.md, ``excessive_force``)."""
    return _riot_pattern().search(notes) is not None


@lru_cache(maxsize=1)
def _untold_patterns() -> dict[str, re.Pattern[str]]:
    return {v: re.compile(p) for v, p in mappings()["mass_mobilization"]["untold"].items()}


@lru_cache(maxsize=1)
def _alone_violations() -> frozenset[str]:
    m = mappings()["mass_mobilization"]
    return frozenset(v for r in m["undecided_alone"] for v in m["violations"][r])


def told_violations(violations: set[str], notes: str) -> set[str]:
    """A Mass Mobilization event's violations less those its lower-cased note never tells in any
    word (``untold`` in ``mappings.yaml``, mm-violations-two), unless nothing but a dispersal
    would stay (the mapping leaves a dispersal alone out, ``undecided_alone``): the codebook
    codes the acts the text reports; the incident itself is not revisited."""
    patterns = _untold_patterns()
    told = {v for v in violations if v not in patterns or patterns[v].search(notes)}
    return told if told - _alone_violations() else violations


@lru_cache(maxsize=1)
def _identity_rules() -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
    m = mappings()["mass_mobilization"]
    return (
        {t: re.compile("|".join(ps)) for t, ps in m.get("identity_not", {}).items()},
        {t: re.compile("|".join(ps)) for t, ps in m.get("identity_patterns", {}).items()},
    )


def identity_targets(identity: str) -> set[str]:
    """The targets of a Mass Mobilization event from its ``protesteridentity`` (``mappings.yaml``):
    the protesters, each target whose substring key occurs in the lower-cased identity once the
    spans of its ``identity_not`` patterns are blanked, and each target of a matching
    ``identity_patterns`` pattern (mm-targets)."""
    text = identity.lower()
    blanked, added = _identity_rules()
    out = {"protesters"}
    for key, ts in mappings()["mass_mobilization"]["identity_targets"].items():
        for t in ts:
            if key in (blanked[t].sub(" ", text) if t in blanked else text):
                out.add(t)
    return out | {t for t, pattern in added.items() if pattern.search(text)}


def load_mass_mobilization(
    data_dir: Path, keep: Collection[str] = (), keep_all: bool = False
) -> Iterator[Example]:
    """``keep`` (ids) or ``keep_all``: yield the items the mapping leaves out, undecided."""
    m = mappings()["mass_mobilization"]
    held_countries = set(m["split"]["heldout_countries"])
    for row in _read_csv(data_dir / "mass_mobilization" / "mm_1990_2016.csv"):
        notes = row.get("notes", "")
        year = _int(row.get("startyear", "")) or _int(row.get("year", ""))
        if len(notes) < m["min_chars"] or row.get("protest", "") not in ("1", "1.0") or not year:
            continue
        responses = [row.get(f"stateresponse{i}", "") for i in range(1, 8)]
        responses = [r for r in responses if r and r != "."]
        violations = _mapped(responses, m["violations"])
        force = bool(violations) and _force_named(notes.lower())
        if force:  # tear gas, water cannon … the codebook's excessive_force (mappings.yaml)
            violations |= set(m["force_named"]["violations"])
        left_out = not violations and not set(responses) <= set(m["negative_responses"])
        undecided = set(responses) - set(m["negative_responses"]) <= set(m["undecided_alone"])
        # a dispersal alone whose note names force and no riot: excessive_force + protest_disruption
        alone = bool(violations and undecided and force) and not _riot_told(notes.lower())
        if alone:
            violations |= set(m["force_alone"]["violations"])
        # an unknown response, or a dispersal alone (the summary may not tell it)
        left_out = left_out or bool(violations and undecided and not alone)
        if left_out and not keep_all and f"mm:{row.get('id', '')}" not in keep:
            continue
        targets = identity_targets(row.get("protesteridentity", ""))
        is_incident = bool(violations)
        told = told_violations(violations, notes.lower())  # mm-violations-two
        month, day = _int(row.get("startmonth", "")), _int(row.get("startday", ""))
        when = None
        if month and day:
            try:
                when = date(year, month, day)
            except ValueError:
                when = None
        country = row.get("country", "")
        held = year >= int(m["split"]["heldout_years_from"]) or country in held_countries
        ex = Example(
            id=f"mm:{row.get('id', '')}",
            text=notes,
            source="mass_mobilization",
            group=f"mm:{country}",
            split="dev" if held else "train",
            published=when,
            country=country_code(country) if is_incident else None,
            event_date=when if is_incident else None,
            is_incident=is_incident,
            violations=tuple(sorted(told)),
            targets=tuple(sorted(targets)) if is_incident else (),
            freedoms=tuple(m["freedoms"]) if is_incident else (),
            unknown=frozenset({"perpetrators", "gendered"}) if is_incident else frozenset(),
            rule="mass mobilization mapping"
            + (", force named" if force else "")
            + (", dispersal alone" if alone else "")
            + (", untold acts dropped" if told != violations else ""),
            extra={"responses": ",".join(responses), "country_code": country_code(country) or ""},
        )
        yield _undecided(ex, ex.rule) if left_out else ex


def _ml4p_text(value: str) -> str:
    """Some files hold the article as a Python list of sentences."""
    if value.startswith("[") and value.endswith("]"):
        try:
            parts = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
        if isinstance(parts, list):
            return " ".join(str(p).strip() for p in parts)
    return value


def _civic_targets(text: str) -> set[str]:
    """Protected targets named by a strong cue anywhere in the text."""
    _lang, hits = multilexicon().find(lower_preserving(text), "en")
    return set(strong_labels(hits, "targets")) & PROTECTED


def _any_violation(text: str) -> bool:
    _lang, hits = multilexicon().find(lower_preserving(text), "en")
    return bool(strong_labels(hits, "violations"))


def load_ml4p(
    data_dir: Path, keep: Collection[str] = (), keep_all: bool = False
) -> Iterator[Example]:
    """``keep`` (ids) or ``keep_all``: yield the items the mapping leaves out, undecided."""
    m = mappings()["ml4p_peace_machine"]
    folder = data_dir / "ml4p_peace_machine" / "raw" / "peacemachine" / "data"
    held_files = set(m["split"]["heldout_files"])
    for path in sorted((folder / "classification-training").glob("*.csv")):
        category = re.sub(r"_filtered1?$", "", path.stem)
        split = "dev" if path.stem in held_files else "train"
        for i, row in enumerate(_read_csv(path)):
            title = row.get("title", "")
            text = _ml4p_text(row.get("text", ""))
            if len(title) + len(text) < 40:
                continue
            kept = keep_all or f"ml4p:{path.stem}:{i}" in keep
            full = f"{title}.\n{text}"
            ex = Example(
                id=f"ml4p:{path.stem}:{i}",
                text=text,
                title=title,
                source="ml4p",
                group=f"ml4p:{path.stem}",
                split=split,
                rule=f"ml4p {category}",
                extra={"category": category},
            )
            if category in m["negatives"]:
                ex.is_incident = False
            elif category in m["protest_without_violation_negative"]:
                if _any_violation(full):
                    if kept:
                        yield _undecided(ex, ex.rule)
                    continue
                ex.is_incident = False
            elif category in m["form_violations"]:
                ex.is_incident = True
                ex.violations = (m["form_violations"][category],)
                ex.unknown = frozenset(ALL_KINDS - {"violations"})
            elif category in m["violations"] or category in m["undecided_incidents"]:
                targets = _civic_targets(full)
                if not targets:
                    if kept:
                        yield _undecided(ex, ex.rule)
                    continue
                ex.is_incident = True
                ex.targets = tuple(sorted(targets))
                if category in m["violations"]:
                    ex.violations = (m["violations"][category],)
                    unknown = ALL_KINDS - {"violations", "targets"}
                else:
                    unknown = ALL_KINDS - {"targets"}
                ex.unknown = frozenset(unknown)
            else:
                if kept:
                    yield _undecided(ex, ex.rule)
                continue
            yield ex


def load_colombia(
    data_dir: Path, keep: Collection[str] = (), keep_all: bool = False
) -> Iterator[Example]:
    m = mappings()["colombia_lideres_sociales"]
    cut = date.fromisoformat(m["split"]["heldout_from"])
    path = data_dir / "colombia_lideres_sociales" / "raw" / "lideres-sociales" / "data"
    seen: set[str] = set()
    for row in _read_csv(path / "lideres-sociales.csv"):
        story = row.get("móvil", "")
        if not story or story in seen:
            continue  # one narrative of a multi-victim killing is one example
        seen.add(story)
        when = parse_date(row.get("fecha", ""))
        kind = row.get("tipo de líder", "").lower()
        targets = set(m["targets"]) | {
            t for key, ts in m["type_targets"].items() if key in kind for t in ts
        }
        if row.get("género", "").upper() == "F":
            targets.add(m["women_target"])
        cargo = row.get("cargo", "")
        yield Example(
            id=f"colombia:{len(seen)}",
            text=f"{story}\n{cargo}".strip(),
            source="colombia",
            group="colombia",
            split="dev" if when is not None and when >= cut else "train",
            lang="es",
            published=when,
            country="CO",
            event_date=when,
            is_incident=True,
            violations=tuple(m["violations"]),
            targets=tuple(sorted(targets)),
            freedoms=tuple(m["freedoms"]),
            unknown=frozenset({"perpetrators", "gendered"}),
            rule="colombia mapping",
        )


REAL_LOADERS: dict[str, Callable[..., Iterator[Example]]] = {
    "hrdsattack": load_hrdsattack,
    "mass_mobilization": load_mass_mobilization,
    "ml4p": load_ml4p,
    "colombia": load_colombia,
}
