"""The documented, reviewed mapping from ACLED event records onto the civicspace codebook.

ACLED codes political violence and protest; the codebook codes restrictions of civic freedoms.
The two overlap but are not the same, so each ACLED record is mapped by rules on its structured
fields (event type, sub-event type, actors, associated actors, fatalities) refined by cue
patterns on its ``notes`` text. The rules, in order (docs/coder.md has the same table):

=====================================  ===================================================
ACLED event                            codebook
=====================================  ===================================================
Protests / Peaceful protest            not an incident (the freedom working), unless a
                                       sentence of the notes tells a state force
                                       obstructing, stopping, preventing, intercepting or
                                       dispersing the protest: then as a protest with
                                       intervention (``protest_disruption``); or tells
                                       its participants arrested (see below)
Protests / Protest with intervention   incident: ``protest_disruption`` (+ arrest, force,
                                       attack by non-state actors, from the notes)
Protests / Excessive force against     incident: ``excessive_force`` (+ ``killing`` when
protesters                             fatalities > 0, + arrest from the notes)
Riots / Violent demonstration, and     incident only when the notes show the state
old-schema Riots/Protests              intervening (tear gas, baton/lathi charge, arrests,
                                       dispersal, firing) or others attacking the protest,
                                       not as what the protest is against ("against the
                                       police for lathicharging", "the prior clashes with
                                       police", "failure to arrest the killers"),
                                       or the notes tell its participants arrested, detained
                                       or taken into custody, agent named or not, not as
                                       backstory, crime or a clash (``arrest_detention`` by
                                       the police); otherwise not an incident
Riots / Mob violence                   incident when the victims are journalists,
                                       activists, protesters or party members who were
                                       attacked (one-sided; the party must be the victims',
                                       not the mob's); party *clashes*, and party mobs whose
                                       victims no actor names, are left out (ambiguous),
                                       the rest is not an incident
Violence against civilians             incident when the victim is a protected group
(Attack, Abduction/forced              (journalists, activists, students/teachers in a
disappearance, Sexual violence)        protest context or for their speech, not as the
                                       victims of robbers, raiders or militants; trade
                                       unionists, party members,
                                       lawyers, LGBT people, land defenders), or for
                                       abduction by state forces (``disappearance``); all
                                       ACLED sexual violence is ``sexual_gender_based_
                                       violence`` (ACLED codes only political sexual
                                       violence); other attacks on civilians (crime,
                                       war) are not incidents
Strategic developments / Arrests       incident when those arrested are protected groups or
                                       were arrested for speech or protest
Strategic developments (other)         incident only on strong censorship, association-
                                       restriction or protest-ban cues
Battles, Explosions/Remote violence    not incidents (war fighting), unless journalists are
                                       the victims
=====================================  ===================================================

The cue vocabulary (regular expressions on the notes) is data, in ``mapping.yaml``; the rules
below read it by name. Records are mapped to ``None`` (left out of training and evaluation)
when the rules cannot decide. Labels are silver: they were derived by these rules, and were
reviewed on samples (see docs/coder.md); they are not a hand-coded gold standard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


def _compile(value: Any) -> re.Pattern[str]:
    """A cue of ``mapping.yaml``: a list of alternatives (case-insensitive), or
    ``{case_sensitive: true, any: [...]}``."""
    if isinstance(value, list):
        return re.compile("|".join(value), re.I)
    return re.compile("|".join(value["any"]))


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, dict[str, re.Pattern[str]]]:
    text = resources.files("civicspace.acled").joinpath("mapping.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {section: {k: _compile(v) for k, v in data[section].items()} for section in data}


_CUES = _vocabulary()["cues"]
_VIOLATION_CUES = _vocabulary()["violation_cues"]
_TARGET_CUES = _vocabulary()["target_cues"]
_PERP_CUES = _vocabulary()["perpetrator_cues"]
_GRIEVANCE = _CUES["grievance"]
_STATE = _CUES["state"]
_INTERVENTION = _CUES["intervention"]
_ATTACK_ON_PROTEST = _CUES["attack_on_protest"]
_ONE_SIDED = _CUES["one_sided"]
_CLASH = _CUES["clash"]
_SPEECH = _CUES["speech"]
_PROTEST_CONTEXT = _CUES["protest_context"]
_UNION_CONTEXT = _CUES["union_context"]
_GENDERED = _CUES["gendered"]
_PARTY_WORDS = _CUES["party_words"]
_DEMAND = _CUES["demand"]
_BAN = _CUES["ban"]
_OBSTRUCTION = _CUES["obstruction"]
_OBSTRUCTED_PROTEST = _CUES["obstructed_protest"]
_RESPONSE_GRIEVANCE = _CUES["response_grievance"]
_RESPONSE_AS_GRIEVANCE = _CUES["response_as_grievance"]
_CLAIMED = _CUES["claimed"]
_ARREST_TOLD = _CUES["arrest_told"]
_ARREST_BACKSTORY = _CUES["arrest_backstory"]
_ARREST_RIOT = _CUES["arrest_riot"]
STATE_PERPETRATORS = frozenset({"police", "military", "state_officials"})


@dataclass
class MappedEvent:
    """The codebook coding of one ACLED record (silver labels)."""

    is_incident: bool | None
    violations: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    perpetrators: set[str] = field(default_factory=set)
    freedoms: set[str] = field(default_factory=set)
    gendered: bool = False
    rule: str = ""


def _split_actors(*values: str | None) -> list[str]:
    out: list[str] = []
    for v in values:
        for part in (v or "").split(";"):
            part = part.strip()
            if part and part.lower() != "none":
                out.append(part)
    return out


def actor_targets(actor: str) -> set[str]:
    """Target groups named by an ACLED actor or associated actor."""
    a = actor.lower()
    out: set[str] = set()
    if "journalist" in a or "editors" in a or "media" in a:
        out.add("journalists")
    if "student" in a or "teacher" in a or "chhatra" in a or "vidyarthi" in a or "shibir" in a:
        out.add("students_academics")
    if (
        "labour group" in a or "labor group" in a or "union" in a or "sramik" in a or "trade" in a
    ) and "student" not in a:
        out.add("trade_unionists")
    if "lawyer" in a or "bar association" in a:
        out.add("lawyers")
    if "lgbt" in a:
        out.add("lgbtiq")
    if (
        "independent politicians" in a
        or "former government" in a
        or (_PARTY_WORDS.search(actor) and "students" not in a and "militia" not in a)
    ):
        out.add("political_opposition")
    if "human rights" in a or "activists" in a:
        out.add("hrd")
    return out


def actor_perpetrators(actor: str) -> set[str]:
    """Perpetrator categories named by an ACLED actor."""
    a = actor.lower()
    if a.startswith("police forces") or "police" in a:
        return {"police"}
    if a.startswith("military forces") or "army" in a:
        return {"military"}
    if a.startswith("government of") or a.startswith("former government"):
        return {"state_officials"}
    if "private security" in a:
        return {"corporate"}
    if "vigilante" in a:
        return {"family_community"}
    if a.startswith("unidentified") or a.startswith("civilians") or a.startswith("rioters"):
        return {"unknown"}
    if "militia" in a or "al shabaab" in a or "rebels" in a or "boko haram" in a or "pirates" in a:
        return {"non_state_armed"}
    if _PARTY_WORDS.search(actor):
        return {"political_party"}
    return set()


def _clean(notes: str) -> str:
    return _GRIEVANCE.sub(" ", notes)


def _cue_violations(text: str) -> set[str]:
    return {label for label, pat in _VIOLATION_CUES.items() if pat.search(text)}


def _cue_targets(text: str) -> set[str]:
    return {label for label, pat in _TARGET_CUES.items() if pat.search(text)}


def _freedoms(violations: set[str], targets: set[str], text: str) -> set[str]:
    out: set[str] = set()
    if "protesters" in targets or "protest_disruption" in violations:
        out.add("peaceful_assembly")
    if "journalists" in targets or "censorship" in violations or _SPEECH.search(text):
        out.add("expression")
    if targets & {"trade_unionists", "political_opposition", "hrd", "whrd", "lgbtiq"} or (
        "association_restriction" in violations
    ):
        out.add("association")
    if not out:
        out.add("expression" if targets & {"students_academics", "lawyers"} else "association")
    return out


def map_event(row: dict[str, str]) -> MappedEvent:
    """Map one ACLED record (keys lower-cased, old and new schemas) onto the codebook.

    A record the rules call a non-incident whose notes nevertheless mention, in one sentence, an
    arrest, charge, abduction or attack of a journalist, activist, lawyer or party member — even
    as the protesters' grievance ("journalists protested against the arrest of their editor") —
    is left out as ambiguous: the text reports an incident although the event coded is not one,
    and as a negative it would teach the coder that arrested journalists are not news.
    """
    ev = _map_event(row)
    if ev.is_incident is False and _reports_incident(_DEMAND.sub(" ", row.get("notes") or "")):
        return MappedEvent(None, rule=f"{ev.rule}, but the notes report an incident (ambiguous)")
    return ev


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
_REPORTED = ("arrest_detention", "judicial_harassment", "disappearance", "attack")
_REPORTED_TARGETS = ("journalists", "hrd", "lawyers", "political_opposition", "lgbtiq")


def _reports_incident(text: str) -> bool:
    for sentence in _SENTENCE_SPLIT.split(text):
        if any(_VIOLATION_CUES[v].search(sentence) for v in _REPORTED) and any(
            _TARGET_CUES[t].search(sentence) for t in _REPORTED_TARGETS
        ):
            return True
    return False


# --- the rule table, one function per family of ACLED events ------------------------------


@dataclass(frozen=True)
class _Record:
    """What the rules read from one ACLED row."""

    event_type: str
    sub: str
    text: str  # the notes without grievances
    notes: str  # the notes as written
    fatalities: int
    actor1: str
    side1: list[str]  # actor 1 with its associated and allied actors
    side2: list[str]
    cue_v: set[str]
    cue_t: set[str]
    state_in_text: bool

    @classmethod
    def of(cls, row: dict[str, str]) -> _Record:
        text = _clean(row.get("notes") or "")
        return cls(
            event_type=(row.get("event_type") or "").strip().lower(),
            sub=(row.get("sub_event_type") or "").strip().lower(),
            text=text,
            notes=row.get("notes") or "",
            fatalities=int(float(row.get("fatalities") or 0 or 0)),
            actor1=row.get("actor1") or "",
            side1=_split_actors(
                row.get("actor1"), row.get("assoc_actor_1"), row.get("ally_actor_1")
            ),
            side2=_split_actors(
                row.get("actor2"), row.get("assoc_actor_2"), row.get("ally_actor_2")
            ),
            cue_v=_cue_violations(text),
            cue_t=_cue_targets(text),
            state_in_text=bool(_STATE.search(text)),
        )

    @property
    def victims(self) -> list[str]:
        return self.side2 if self.side2 else self.side1

    @property
    def perpetrators(self) -> list[str]:
        return self.side1 if self.side2 else []


def _finish(r: _Record, ev: MappedEvent, victims: list[str], perps: list[str]) -> MappedEvent:
    """Targets, perpetrators, freedoms and the gender lens of an incident the rules found."""
    if not ev.is_incident:
        return MappedEvent(ev.is_incident, rule=ev.rule)
    for a in victims:
        ev.targets |= actor_targets(a)
        if a.lower().startswith("women") and ev.targets & {"protesters", "hrd"}:
            ev.targets.add("whrd")
        if a.lower().startswith("lgbt"):
            ev.targets.add("lgbtiq")
    ev.targets |= r.cue_t
    if "students_academics" in ev.targets and not (
        _PROTEST_CONTEXT.search(r.text) or any("student" in a.lower() for a in victims)
    ):
        ev.targets.discard("students_academics")
    if "whrd" in ev.targets:
        ev.targets.add("hrd")
    for a in perps:
        ev.perpetrators |= actor_perpetrators(a)
    for label, pat in _PERP_CUES.items():
        if pat.search(r.text):
            ev.perpetrators.add(label)
    if not ev.perpetrators:
        ev.perpetrators.add("unknown")
    if len(ev.perpetrators) > 1:
        ev.perpetrators.discard("unknown")
    if "judicial_harassment" in ev.violations:
        ev.perpetrators.add("judiciary")
    ev.freedoms = _freedoms(ev.violations, ev.targets, r.text)
    ev.gendered = (
        ev.gendered
        or "sexual_gender_based_violence" in ev.violations
        or bool(_GENDERED.search(r.text))
    )
    return ev


def _state_among(actors: list[str]) -> bool:
    return any(actor_perpetrators(a) & STATE_PERPETRATORS for a in actors)


def _protest(r: _Record) -> MappedEvent:
    """Protest with intervention, excessive force against protesters."""
    ev = MappedEvent(True, rule=r.sub)
    ev.targets.add("protesters")
    if r.sub == "excessive force against protesters":
        ev.violations.add("excessive_force")
    else:
        ev.violations.add("protest_disruption")
    ev.violations |= r.cue_v & {"arrest_detention", "judicial_harassment", "disappearance"}
    non_state = not (r.state_in_text or _state_among(r.side2)) and bool(_ONE_SIDED.search(r.text))
    if non_state:
        ev.violations |= {"attack"} & r.cue_v
    elif "excessive_force" in r.cue_v:
        ev.violations.add("excessive_force")
    if r.fatalities > 0 or ("killing" in r.cue_v and r.sub.startswith("excessive")):
        ev.violations.add("killing")
    return _finish(r, ev, r.side1, r.side2)


_CLAUSE_SPLIT = re.compile(r"(?<=[.!?;])\s+")


def _obstructed(r: _Record) -> bool:
    """A "Peaceful protest" whose notes tell the state obstructing it (acled-mapping).

    ACLED codes a protest the police stopped short of a ministry, barricaded, intercepted, did
    not allow to continue or dispersed without force as "Peaceful protest"; the codebook's
    ``protest_disruption`` is "a protest banned, prevented, dispersed, kettled, or organisers
    blocked". One sentence, less its grievance clauses ("against police forces for stopping the
    collection of ...") and not the organisers' claim, must name a state force, then the act,
    then the protest or its participants ("Police stopped the procession from reaching the Home
    Ministry"; not "BCL attempted to disrupt the protest, but the police stopped them").
    """
    text = _RESPONSE_GRIEVANCE.sub(" ", r.text)
    for sentence in _CLAUSE_SPLIT.split(text):
        state = _STATE.search(sentence)
        if state is None or _CLAIMED.search(sentence):
            continue
        act = _OBSTRUCTION.search(sentence, state.end())
        if act is not None and _OBSTRUCTED_PROTEST.search(sentence, act.end()):
            return True
    return False


def _arrested(r: _Record) -> bool:
    """A protest or riot whose participants were arrested at the event (acled-mapping-two).

    ACLED codes a protest whose participants were arrested as "Peaceful protest" or, in the old
    schema, "Riots/Protests" when its notes name no state force ("103 members of the Left parties
    were arrested for staging a protest", "31 Congress leaders were taken into custody"); the
    codebook's protest "becomes [an incident] when ... its participants are arrested", and its
    ``arrest_detention`` is an act of state agents whoever the notes name. One clause, less its
    grievance clauses and not the organisers' claim, must tell people arrested, detained or taken
    into custody, and not as a backstory, a denial or a crime ("who was arrested", "no one was
    arrested", "arrested for theft", "while trying to set fire to a bus", "suspects", "on charges
    of", what locals "said"), in notes that tell no clash, arson, looting or bombs (communities or
    party cadres fighting, whose arrests are no arrests of a protest).
    """
    if _ARREST_RIOT.search(r.text):
        return False
    text = _RESPONSE_GRIEVANCE.sub(" ", r.text)
    return any(
        _ARREST_TOLD.search(clause)
        and not _CLAIMED.search(clause)
        and not _ARREST_BACKSTORY.search(clause)
        for clause in _CLAUSE_SPLIT.split(text)
    )


def _protesters_arrested(r: _Record) -> MappedEvent:
    """A protest whose participants were arrested: ``arrest_detention`` of the protesters, by
    the police where the notes and actors name no state force (an arrest is a state act; a
    party the notes name is the protesters')."""
    ev = MappedEvent(
        True, {"arrest_detention"}, {"protesters"}, rule="protest, participants arrested"
    )
    ev.violations |= r.cue_v & {"judicial_harassment", "protest_disruption"}
    ev = _finish(r, ev, r.side1, r.side2)
    if not ev.perpetrators & STATE_PERPETRATORS:
        ev.perpetrators = {"police"} | ev.perpetrators & {"judiciary"}
    return ev


def _riot(r: _Record) -> MappedEvent:
    """Violent demonstrations, and old-schema Riots/Protests."""
    protest_like = r.sub == "violent demonstration" or r.actor1.lower().startswith(
        ("protesters", "rioters")
    )
    if not protest_like:
        return MappedEvent(None, rule="riots/protests, other actors")
    told = _RESPONSE_AS_GRIEVANCE.sub(" ", r.text)
    intervened = bool(_INTERVENTION.search(told)) and (
        bool(_STATE.search(told)) or _state_among(r.side2)
    )
    attacked = bool(_ATTACK_ON_PROTEST.search(told)) and not r.actor1.lower().startswith("rioters")
    if not (intervened or attacked):
        if _arrested(r):
            return _protesters_arrested(r)
        return MappedEvent(False, rule="protest or riot without interference")
    ev = MappedEvent(True, rule="protest met with force or arrests")
    ev.targets.add("protesters")
    ev.violations |= r.cue_v & {"arrest_detention", "judicial_harassment", "protest_disruption"}
    if intervened and "excessive_force" in r.cue_v:
        ev.violations.add("excessive_force")
    if attacked and not intervened:
        ev.violations.add("attack")
    if r.fatalities > 0 and "killing" in r.cue_v:
        ev.violations.add("killing")
    if not ev.violations:
        ev.violations.add("protest_disruption")
    return _finish(r, ev, r.side1, r.side2)


def _protected(r: _Record) -> set[str]:
    """Protected target groups among the victims and in the notes."""
    victims = r.victims
    protected = set().union(*(actor_targets(a) for a in victims)) if victims else set()
    if not _UNION_CONTEXT.search(r.text):
        # ACLED's "Labour Group" is any occupational group (traders, drivers): only a union or
        # strike context makes its members trade unionists
        protected.discard("trade_unionists")
    if not (_PROTEST_CONTEXT.search(r.notes) or _SPEECH.search(r.text)):
        # students and teachers are a civic target in a protest or for their speech, not as the
        # victims of robbers, rustlers, raiders or militants (acled-seven)
        protected.discard("students_academics")
    return protected | r.cue_t & {
        "journalists",
        "hrd",
        "lawyers",
        "lgbtiq",
        "environmental_defenders",
        "whrd",
    }


def _mob(r: _Record) -> MappedEvent:
    """Mob violence: one-sided attacks on journalists, activists, protests or a party.

    The party must be the victims' (acled-three): actor 2's side when the record names one,
    else actor 1's side only when actor 1 is not the mob itself ("Civilians" with the victims'
    party). A party associated with the rioters or protesters of actor 1 is the attackers'; with
    no victim actor the victims are told only in the notes, so the record is left out as
    ambiguous, and with a victim actor outside any party (police, an army truck, traders) it is
    not an incident.
    """
    mob_first = r.actor1.lower().startswith(("rioters", "protesters"))
    victims = r.side2 or ([] if mob_first else r.side1)
    attackers = r.side1 if r.side2 or mob_first else []
    party_victims = any(actor_targets(a) & {"political_opposition"} for a in victims)
    party_attackers = any(actor_targets(a) & {"political_opposition"} for a in attackers)
    if r.cue_t & {"journalists", "hrd"} or _ATTACK_ON_PROTEST.search(r.text):
        ev = MappedEvent(True, {"attack"}, rule="mob attack on journalists/activists/protest")
        perps = r.side1
    elif party_victims and _ONE_SIDED.search(r.text) and not _CLASH.search(r.text):
        ev = MappedEvent(True, {"attack"}, {"political_opposition"}, rule="mob attack on party")
        perps = attackers
    elif _CLASH.search(r.text) and (party_victims or party_attackers):
        return MappedEvent(None, rule="party clash (ambiguous)")
    elif party_attackers and not r.side2 and _ONE_SIDED.search(r.text):
        return MappedEvent(None, rule="mob attack by party supporters, victims unnamed (ambiguous)")
    else:
        return MappedEvent(False, rule="mob violence")
    if _ATTACK_ON_PROTEST.search(r.text):
        ev.targets.add("protesters")
    ev.violations |= r.cue_v & {"killing", "arrest_detention"}
    if r.fatalities == 0:
        ev.violations.discard("killing")
    return _finish(r, ev, [], perps)


def _civilians(r: _Record, is_vac: bool) -> MappedEvent:
    """Violence against civilians: attacks, abductions, sexual violence."""
    victims, perps = r.victims, r.perpetrators
    if r.sub == "sexual violence" or (is_vac and "sexual_gender_based_violence" in r.cue_v):
        ev = MappedEvent(
            True, {"sexual_gender_based_violence"}, gendered=True, rule="sexual violence"
        )
        ev.violations |= r.cue_v & {"killing", "disappearance", "arrest_detention"}
        return _finish(r, ev, victims, perps)
    protected = _protected(r)
    abduction = r.sub == "abduction/forced disappearance" or (
        not r.sub and "disappearance" in r.cue_v
    )
    if abduction and protected:
        ev = MappedEvent(True, {"disappearance"}, rule="abduction of protected group")
        return _finish(r, ev, victims, perps)
    if protected and not abduction:
        ev = MappedEvent(True, {"attack"}, rule="attack on protected group")
        if r.fatalities > 0:
            ev.violations.add("killing")
        ev.violations |= r.cue_v & {"threats_intimidation", "arrest_detention"}
        return _finish(r, ev, victims, perps)
    if _state_among(perps) and _PROTEST_CONTEXT.search(r.text):
        ev = MappedEvent(
            True, {"excessive_force"}, {"protesters"}, rule="state violence at protest"
        )
        if r.fatalities > 0:
            ev.violations.add("killing")
        return _finish(r, ev, victims, perps)
    return MappedEvent(False, rule="violence against civilians (not civic space)")


def _arrests(r: _Record) -> MappedEvent:
    """Strategic developments / Arrests: of protected groups, or for speech or protest."""
    speech = bool(_SPEECH.search(r.text)) or bool(_PROTEST_CONTEXT.search(r.text))
    if _protected(r) or speech or r.cue_t & {"political_opposition", "students_academics"}:
        ev = MappedEvent(True, {"arrest_detention"}, rule="arrest of protected group / for speech")
        ev.violations |= r.cue_v & {"judicial_harassment"}
        return _finish(r, ev, r.victims, r.perpetrators)
    return MappedEvent(False, rule="arrests (not civic space)")


def _strategic(r: _Record) -> MappedEvent:
    """Other strategic developments: strong censorship, association or protest-ban cues."""
    strong = r.cue_v & {"censorship", "association_restriction"}
    if strong or (
        "protest_disruption" in r.cue_v and _PROTEST_CONTEXT.search(r.text) and _BAN.search(r.text)
    ):
        ev = MappedEvent(True, strong or {"protest_disruption"}, rule="strategic development")
        return _finish(r, ev, r.victims, r.perpetrators)
    return MappedEvent(False, rule="strategic development")


def _armed_conflict(r: _Record) -> MappedEvent:
    """Battles, explosions and remote violence: incidents only when journalists are hit."""
    named_journalists = any("journalist" in a.lower() for a in r.victims)
    if named_journalists and r.event_type.startswith(("battle", "explosions", "remote")):
        ev = MappedEvent(
            True,
            {"killing"} if r.fatalities > 0 else {"attack"},
            rule="journalists hit in armed conflict",
        )
        return _finish(r, ev, r.victims, r.perpetrators)
    return MappedEvent(False, rule=f"{r.event_type or 'other'} (not civic space)")


def _map_event(row: dict[str, str]) -> MappedEvent:
    """The rule table (see the module docstring): the first family that claims the record."""
    r = _Record.of(row)
    if r.sub == "peaceful protest":
        if _obstructed(r):
            ev = _protest(r)
            ev.rule = "peaceful protest obstructed by the state"
            return ev
        if _arrested(r):
            return _protesters_arrested(r)
        return MappedEvent(False, rule="peaceful protest")
    if r.sub in ("protest with intervention", "excessive force against protesters"):
        return _protest(r)
    if r.sub == "violent demonstration" or r.event_type == "riots/protests":
        return _riot(r)
    if r.sub == "mob violence":
        return _mob(r)
    is_vac = r.event_type.startswith("violence against civilians")
    if is_vac or r.sub == "sexual violence":
        return _civilians(r, is_vac)
    if r.sub == "arrests":
        return _arrests(r)
    if r.event_type.startswith("strategic development"):
        return _strategic(r)
    return _armed_conflict(r)
