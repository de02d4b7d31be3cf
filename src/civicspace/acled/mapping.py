"""The documented, reviewed mapping from ACLED event records onto the civicspace codebook.

ACLED codes political violence and protest; the codebook codes restrictions of civic freedoms.
The two overlap but are not the same, so each ACLED record is mapped by rules on its structured
fields (event type, sub-event type, actors, associated actors, fatalities) refined by cue
patterns on its ``notes`` text. The rules, in order (docs/coder.md has the same table):

=====================================  ===================================================
ACLED event                            codebook
=====================================  ===================================================
Protests / Peaceful protest            not an incident (the freedom working)
Protests / Protest with intervention   incident: ``protest_disruption`` (+ arrest, force,
                                       attack by non-state actors, from the notes)
Protests / Excessive force against     incident: ``excessive_force`` (+ ``killing`` when
protesters                             fatalities > 0, + arrest from the notes)
Riots / Violent demonstration, and     incident only when the notes show the state
old-schema Riots/Protests              intervening (tear gas, baton/lathi charge, arrests,
                                       dispersal, firing) or others attacking the protest;
                                       otherwise not an incident
Riots / Mob violence                   incident when the victims are journalists,
                                       activists, protesters or party members who were
                                       attacked (one-sided); party *clashes* are left out
                                       (ambiguous), the rest is not an incident
Violence against civilians             incident when the victim is a protected group
(Attack, Abduction/forced              (journalists, activists, students/teachers in a
disappearance, Sexual violence)        protest context, trade unionists, party members,
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

Records are mapped to ``None`` (left out of training and evaluation) when the rules cannot
decide. Labels are silver: they were derived by these rules, and were reviewed on samples (see
docs/coder.md); they are not a hand-coded gold standard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# --- cue patterns on the (English) notes --------------------------------------------------

# "demanding the arrest of ...", "protesting the killing of ..." describe grievances, not events.
_GRIEVANCE = re.compile(
    r"\b(?:demand\w*|call\w* for|seek\w*|sought|urg\w*|protest\w*|against|condemn\w*|over|"
    r"denounc\w*|following|after)\s+(?:the\s+)?(?:\w+\s+){0,3}?"
    r"(?:arrest|detention|killing|murder|release|death|attack|abduction|rape|assault|torture)\w*"
    r"(?:\s+of\s+[^,.;]*)?",
    re.I,
)
_STATE = re.compile(
    r"\b(?:police\w*|security (?:forces|personnel|officials)|army|soldiers?|troops|military|"
    r"rab|bgb|paramilitar\w*|gendarm\w*|law enforcement|officers?|administration officers|"
    r"riot squad|gsu|kdf|rangers|authorities)\b",
    re.I,
)
_INTERVENTION = re.compile(
    r"tear ?-?gas|teargas|lathi|baton|water ?cannon|rubber bullets?|pellets?|stun grenades?|"
    r"sound grenades?|dispers\w*|\barrest\w*|\bdetain\w*|fired (?:at|on|upon|into|in the air|"
    r"shots|tear|rubber|live|warning|blank)|opened fire|\bbeat(?:en|ing)?\b|cane.?charg\w*|"
    r"charged (?:at|on|upon)|broke up|foil\w*|\bprevent\w*|\bstopp?(?:ed)?\b|obstruct\w*|"
    r"chased (?:away|off)|clash\w* with (?:the )?(?:police|security|army|troops|soldiers|rab)|"
    r"clash\w* (?:between|with) .{0,40}(?:police|security forces)|used force|intervened|"
    r"\bblock(?:ed)? (?:the|their|a) (?:protest|rally|march|procession|demonstration)|"
    r"\bbann?(?:ed)? (?:the )?(?:protest|rally|march|gathering|procession)",
    re.I,
)
_ATTACK_ON_PROTEST = re.compile(
    r"\b(?:attack\w*|assault\w*|beat\w*|charged|swooped)\b[^.;]{0,40}\b(?:protest\w*|rally|"
    r"procession|demonstrat\w*|march\w*|human chain|sit-in|strik\w*)",
    re.I,
)
_ONE_SIDED = re.compile(
    r"\b(?:attack\w*|assault\w*|vandali[sz]\w*|ransack\w*|set (?:fire|ablaze)|torch\w*|hack\w*|"
    r"stabb\w*|beat\w*|abduct\w*|kidnap\w*|shot|killed|injur\w*|hurl\w*|ambush\w*)\b",
    re.I,
)
_CLASH = re.compile(r"\bclash\w*|\bfought\b|\bfight\w*|exchange of fire|counter-?chase", re.I)

_VIOLATION_CUES: dict[str, re.Pattern[str]] = {
    "arrest_detention": re.compile(
        r"\barrest\w*|\bdetain\w*|\bdetention\b|taken into custody|picked up|rounded up|"
        r"held by (?:the )?police|\bjailed\b|imprison\w*|remanded|\bcaptured\b",
        re.I,
    ),
    "judicial_harassment": re.compile(
        r"charged with|\bcharges?\b (?:against|of|were)|\bcases? (?:was |were |has been )?"
        r"(?:filed|lodged|registered)|filed (?:a )?cases?|\bsued\b|\bsentenced\b|\bconvicted\b|"
        r"\bindicted\b|\bsummon\w*|prosecut\w*|\bsedition\b|defamation",
        re.I,
    ),
    "excessive_force": re.compile(
        r"tear ?-?gas|teargas|lathi|baton|water ?cannon|rubber bullets?|pellets?|stun grenades?|"
        r"sound grenades?|\bbeat(?:en|ing)?\b|\bassault\w*|\binjur\w*|\bwound\w*|"
        r"fired (?:at|on|upon|into|tear|rubber|live)|opened fire|"
        r"live (?:ammunition|rounds|bullets)|"
        r"shot (?:at|dead)|cane.?charg\w*|charged (?:at|on|upon)|used force|\bhurt\b",
        re.I,
    ),
    "killing": re.compile(
        r"\bkill\w*|shot dead|\bdied\b|\bdeath\b|\bmurder\w*|lynch\w*|to death|\bdead\b", re.I
    ),
    "protest_disruption": re.compile(
        r"dispers\w*|broke up|foil\w*|\bprevent\w*|\bstopp?(?:ed)?\b|obstruct\w*|"
        r"\bblock(?:ed)? (?:the|their|a) (?:protest|rally|march|procession|demonstration)|"
        r"\bbann?(?:ed)?\b|barricad\w*|denied permission|not allowed|cordon\w*|chased (?:away|off)|"
        r"\bevict\w*|\bremoved\b|curfew|section 144",
        re.I,
    ),
    "attack": re.compile(
        r"\battack\w*|\bassault\w*|vandali[sz]\w*|ransack\w*|set (?:fire|ablaze)|\btorch\w*|"
        r"\bhack\w*|stabb\w*|\bbeat\w*|hurl\w*|pelt\w*|ambush\w*|\bshot\b",
        re.I,
    ),
    "disappearance": re.compile(
        r"\babduct\w*|\bkidnap\w*|\bmissing\b|\bdisappear\w*|whereabouts", re.I
    ),
    "threats_intimidation": re.compile(
        r"\bthreat\w*|intimidat\w*|\bharass\w*|\bwarned\b|\braid\w*", re.I
    ),
    "smear_campaign": re.compile(
        r"\bbranded\b|\blabell?ed (?:as|them)\b|\btraitors?\b|\bsmear", re.I
    ),
    "surveillance": re.compile(r"surveil\w*|\bspy\w*|\btapp(?:ed|ing)\b|spyware", re.I),
    "censorship": re.compile(
        r"internet (?:shut\w*|cut|suspen\w*|block\w*|blackout)|"
        r"shut down (?:the )?(?:newspaper|media|"
        r"tv|radio|station|outlet|internet)|block\w* (?:websites?|access|"
        r"social media|facebook|twitter)|"
        r"\bcensor\w*|confiscat\w* (?:copies|newspapers|cameras?|equipment|phones?)|"
        r"banned (?:the )?(?:newspaper|book|film|broadcast)|off[- ]air|"
        r"seized (?:copies|newspapers)",
        re.I,
    ),
    "association_restriction": re.compile(
        r"deregist\w*|\bdissolv\w*|banned (?:the )?(?:party|group|organi[sz]ation|union|ngo)|"
        r"outlaw\w*|seal\w* (?:off )?(?:the )?(?:office|premises|"
        r"headquarters)|\bfroze\w*|proscrib\w*|"
        r"raid\w* (?:on )?(?:the )?(?:party )?(?:office|headquarters|premises)",
        re.I,
    ),
    "sexual_gender_based_violence": re.compile(
        r"\brap(?:e|ed|es|ing)\b|\bsexual\w*|\bmolest\w*|gang-?rap\w*", re.I
    ),
}

_TARGET_CUES: dict[str, re.Pattern[str]] = {
    "journalists": re.compile(
        r"journalist\w*|reporter\w*|photojournalist\w*|cameram[ae]n|\beditors?\b|"
        r"\bmedia (?:workers?|persons?|personnel|activists?|houses?)\b|"
        r"\bblogger\w*|correspondent\w*|"
        r"press club",
        re.I,
    ),
    "hrd": re.compile(
        r"\bactivists?\b(?! of)|human rights|rights defenders?|"
        r"civil society|\bngos?\b|campaigner\w*|"
        r"rights (?:group|organi[sz]ation)",
        re.I,
    ),
    "students_academics": re.compile(
        r"\bstudents?\b|\bteachers?\b|lecturer\w*|professor\w*|\bacademic\w*", re.I
    ),
    "trade_unionists": re.compile(
        r"\bunions?\b|trade union\w*|unionist\w*|"
        r"\bworkers?\b.{0,40}\bstrik\w*|\bstrik\w*.{0,40}\bworkers",
        re.I,
    ),
    "political_opposition": re.compile(
        r"(?i:\bopposition\b|party (?:members?|activists?|leaders?|supporters?|workers?|office)|"
        r"\bcandidates?\b|\bmps?\b|\bmlas?\b|\bcouncill?ors?\b|\bpolitician\w*|\blawmaker\w*|"
        r"aspirant\w*)|(?:activists|members|leaders|supporters|workers) of (?:the )?[A-Z]"
    ),
    "lawyers": re.compile(r"\blawyers?\b|\badvocates?\b|bar association", re.I),
    "lgbtiq": re.compile(r"\blgbt\w*|\bgay\b|lesbian|transgender|homosexual", re.I),
    "environmental_defenders": re.compile(
        r"environment\w*|land rights|\bland\b.{0,30}(?:defend|activist|grab)|indigenous|adivasi|"
        r"\bforest\w*|\bmining\b|climate activist",
        re.I,
    ),
    "whrd": re.compile(r"women(?:'s)? (?:activists?|rights)|female activist|feminist", re.I),
    "protesters": re.compile(
        r"protester\w*|protestor\w*|demonstrator\w*|\brally\b|\brallies\b|procession|\bmarch\w*|"
        r"sit-in|\bstrik\w*|human chain|\bagitat\w*|picket\w*",
        re.I,
    ),
}

_SPEECH = re.compile(
    r"for (?:posting|sharing|writing|criticis\w*|criticiz\w*|publishing|"
    r"insult\w*)|facebook|twitter|"
    r"social media|\bpost(?:ed|s)?\b|article|cartoon|satir\w*|sedition|defamation|blasphem\w*|"
    r"\bspeech\b|\bcriticis\w*|\bcriticiz\w*",
    re.I,
)
_PROTEST_CONTEXT = re.compile(
    r"protest\w*|demonstrat\w*|\brally\b|\brallies\b|procession|\bmarch\w*|sit-in|\bstrik\w*|"
    r"blockade|hartal|gherao|picket\w*|human chain|agitat\w*",
    re.I,
)
_UNION_CONTEXT = re.compile(r"\bunions?\b|unionist|\bstrik\w*|\bprotest\w*|\bdemonstrat\w*", re.I)
_GENDERED = re.compile(
    r"\brap(?:e|ed|es|ing)\b|\bsexual\w*|\bmolest\w*|\bwife\b|her children|her husband|"
    r"\bwidow\w*|dowry|honou?r",
    re.I,
)

_PARTY_WORDS = re.compile(
    r"\b(?:party|league|congress|front|alliance|movement|dal|jamaat|jamaat-e-islami|sena|morcha|"
    r"forum|coalition|samiti|tehreek|tehreek-i-insaf|shibir|parishad|"
    r"andolan)\b|^[A-Z][A-Za-z()-]*: ",
    re.I,
)


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


_PERP_CUES: dict[str, re.Pattern[str]] = {
    "police": re.compile(
        r"\bpolice\w*|\brab\b|security forces|\bofficers\b|gendarm\w*|\bgsu\b", re.I
    ),
    "military": re.compile(r"\barmy\b|\bsoldiers?\b|\btroops\b|\bmilitary\b|\bbgb\b|\bkdf\b", re.I),
    "political_party": re.compile(
        r"(?:members|activists|supporters|cadres|leaders|men) of (?:the )?(?:ruling )?[A-Z]|"
        r"(?i:ruling party|chhatra league|jubo league|awami league (?:men|activists|supporters))"
    ),
    "unknown": re.compile(r"unidentified|unknown (?:assailants|gunmen|people|persons|men)", re.I),
    "corporate": re.compile(
        r"\bcompany\b|factory (?:owners?|authorit\w*|management)|\bguards\b", re.I
    ),
    "state_officials": re.compile(
        r"\bgovernment\b|\bministry\b|\bofficials\b|district administration", re.I
    ),
    "judiciary": re.compile(r"\bcourt\b|\bmagistrate\b|\bjudge\b", re.I),
}


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
# calls for action against a perpetrator ("demanding the arrest of the minister") report no
# violation, unlike protests against one ("against the arrest of the editor")
_DEMAND = re.compile(
    r"\b(?:demand\w*|call\w* for|seek\w*|sought|urg\w*)\s+(?:the\s+)?(?:\w+\s+){0,2}?"
    r"(?:arrest|punishment|prosecution|trial|action)\w*(?:\s+of\s+[^,.;]*)?",
    re.I,
)
_REPORTED = ("arrest_detention", "judicial_harassment", "disappearance", "attack")
_REPORTED_TARGETS = ("journalists", "hrd", "lawyers", "political_opposition", "lgbtiq")


def _reports_incident(text: str) -> bool:
    for sentence in _SENTENCE_SPLIT.split(text):
        if any(_VIOLATION_CUES[v].search(sentence) for v in _REPORTED) and any(
            _TARGET_CUES[t].search(sentence) for t in _REPORTED_TARGETS
        ):
            return True
    return False


def _map_event(row: dict[str, str]) -> MappedEvent:
    """The rule table (see the module docstring)."""
    event_type = (row.get("event_type") or "").strip().lower()
    sub = (row.get("sub_event_type") or "").strip().lower()
    notes = row.get("notes") or ""
    text = _clean(notes)
    fatalities = int(float(row.get("fatalities") or 0 or 0))
    actor1 = row.get("actor1") or ""
    actor2 = row.get("actor2") or ""
    side1 = _split_actors(actor1, row.get("assoc_actor_1"), row.get("ally_actor_1"))
    side2 = _split_actors(actor2, row.get("assoc_actor_2"), row.get("ally_actor_2"))
    cue_v = _cue_violations(text)
    cue_t = _cue_targets(text)
    state_in_text = bool(_STATE.search(text))

    def finish(ev: MappedEvent, victims: list[str], perps: list[str]) -> MappedEvent:
        if not ev.is_incident:
            return MappedEvent(ev.is_incident, rule=ev.rule)
        for a in victims:
            ev.targets |= actor_targets(a)
            if a.lower().startswith("women") and ev.targets & {"protesters", "hrd"}:
                ev.targets.add("whrd")
            if a.lower().startswith("lgbt"):
                ev.targets.add("lgbtiq")
        ev.targets |= cue_t
        if "students_academics" in ev.targets and not (
            _PROTEST_CONTEXT.search(text) or any("student" in a.lower() for a in victims)
        ):
            ev.targets.discard("students_academics")
        if "whrd" in ev.targets:
            ev.targets.add("hrd")
        for a in perps:
            ev.perpetrators |= actor_perpetrators(a)
        for label, pat in _PERP_CUES.items():
            if pat.search(text):
                ev.perpetrators.add(label)
        if not ev.perpetrators:
            ev.perpetrators.add("unknown")
        if len(ev.perpetrators) > 1:
            ev.perpetrators.discard("unknown")
        if "judicial_harassment" in ev.violations:
            ev.perpetrators.add("judiciary")
        ev.freedoms = _freedoms(ev.violations, ev.targets, text)
        ev.gendered = (
            ev.gendered
            or "sexual_gender_based_violence" in ev.violations
            or bool(_GENDERED.search(text))
        )
        return ev

    state_perp = any(
        actor_perpetrators(a) & {"police", "military", "state_officials"} for a in side2
    )

    # --- protests -------------------------------------------------------------------------
    if sub == "peaceful protest":
        return MappedEvent(False, rule="peaceful protest")
    if sub in ("protest with intervention", "excessive force against protesters"):
        ev = MappedEvent(True, rule=sub)
        ev.targets.add("protesters")
        if sub == "excessive force against protesters":
            ev.violations.add("excessive_force")
        else:
            ev.violations.add("protest_disruption")
        ev.violations |= cue_v & {"arrest_detention", "judicial_harassment", "disappearance"}
        non_state = not (state_in_text or state_perp) and bool(_ONE_SIDED.search(text))
        if non_state:
            ev.violations |= {"attack"} & cue_v
        elif "excessive_force" in cue_v:
            ev.violations.add("excessive_force")
        if fatalities > 0 or ("killing" in cue_v and sub.startswith("excessive")):
            ev.violations.add("killing")
        return finish(ev, side1, side2)
    is_riot_protest = event_type == "riots/protests"
    if sub == "violent demonstration" or is_riot_protest:
        protest_like = sub == "violent demonstration" or actor1.lower().startswith(
            ("protesters", "rioters")
        )
        if not protest_like:
            return MappedEvent(None, rule="riots/protests, other actors")
        intervened = bool(_INTERVENTION.search(text)) and (state_in_text or state_perp)
        attacked = bool(_ATTACK_ON_PROTEST.search(text)) and not actor1.lower().startswith(
            "rioters"
        )
        if not (intervened or attacked):
            return MappedEvent(False, rule="protest or riot without interference")
        ev = MappedEvent(True, rule="protest met with force or arrests")
        ev.targets.add("protesters")
        ev.violations |= cue_v & {"arrest_detention", "judicial_harassment", "protest_disruption"}
        if intervened and "excessive_force" in cue_v:
            ev.violations.add("excessive_force")
        if attacked and not intervened:
            ev.violations.add("attack")
        if fatalities > 0 and "killing" in cue_v:
            ev.violations.add("killing")
        if not ev.violations:
            ev.violations.add("protest_disruption")
        return finish(ev, side1, side2)

    # --- violence against civilians, mob violence, arrests --------------------------------
    victims = side2 if side2 else side1
    perps = side1 if side2 else []
    protected = set().union(*(actor_targets(a) for a in victims)) if victims else set()
    if not _UNION_CONTEXT.search(text):
        # ACLED's "Labour Group" is any occupational group (traders, drivers): only a union or
        # strike context makes its members trade unionists
        protected.discard("trade_unionists")
    protected |= cue_t & {
        "journalists",
        "hrd",
        "lawyers",
        "lgbtiq",
        "environmental_defenders",
        "whrd",
    }
    if sub == "mob violence":
        party_victims = any(actor_targets(a) & {"political_opposition"} for a in side1)
        if cue_t & {"journalists", "hrd"} or _ATTACK_ON_PROTEST.search(text):
            ev = MappedEvent(True, {"attack"}, rule="mob attack on journalists/activists/protest")
        elif party_victims and _ONE_SIDED.search(text) and not _CLASH.search(text):
            ev = MappedEvent(True, {"attack"}, {"political_opposition"}, rule="mob attack on party")
        elif _CLASH.search(text) and party_victims:
            return MappedEvent(None, rule="party clash (ambiguous)")
        else:
            return MappedEvent(False, rule="mob violence")
        if _ATTACK_ON_PROTEST.search(text):
            ev.targets.add("protesters")
        ev.violations |= cue_v & {"killing", "arrest_detention"}
        if fatalities == 0:
            ev.violations.discard("killing")
        return finish(ev, [], side1)
    is_vac = event_type.startswith("violence against civilians")
    if is_vac or sub == "sexual violence":
        if sub == "sexual violence" or (is_vac and "sexual_gender_based_violence" in cue_v):
            ev = MappedEvent(
                True, {"sexual_gender_based_violence"}, gendered=True, rule="sexual violence"
            )
            ev.violations |= cue_v & {"killing", "disappearance", "arrest_detention"}
            return finish(ev, victims, perps)
        abduction = sub == "abduction/forced disappearance" or (
            not sub and "disappearance" in cue_v
        )
        perp_state = any(
            actor_perpetrators(a) & {"police", "military", "state_officials"} for a in perps
        )
        if abduction and protected:
            ev = MappedEvent(True, {"disappearance"}, rule="abduction of protected group")
            return finish(ev, victims, perps)
        if protected and not abduction:
            ev = MappedEvent(True, {"attack"}, rule="attack on protected group")
            if fatalities > 0:
                ev.violations.add("killing")
            ev.violations |= cue_v & {"threats_intimidation", "arrest_detention"}
            return finish(ev, victims, perps)
        if perp_state and _PROTEST_CONTEXT.search(text):
            ev = MappedEvent(
                True, {"excessive_force"}, {"protesters"}, rule="state violence at protest"
            )
            if fatalities > 0:
                ev.violations.add("killing")
            return finish(ev, victims, perps)
        return MappedEvent(False, rule="violence against civilians (not civic space)")
    if sub == "arrests":
        speech = bool(_SPEECH.search(text)) or bool(_PROTEST_CONTEXT.search(text))
        if protected or speech or cue_t & {"political_opposition", "students_academics"}:
            ev = MappedEvent(
                True, {"arrest_detention"}, rule="arrest of protected group / for speech"
            )
            ev.violations |= cue_v & {"judicial_harassment"}
            return finish(ev, victims, perps)
        return MappedEvent(False, rule="arrests (not civic space)")
    if event_type.startswith("strategic development"):
        strong = cue_v & {"censorship", "association_restriction"}
        if strong or (
            "protest_disruption" in cue_v
            and _PROTEST_CONTEXT.search(text)
            and re.search(r"\bbann?(?:ed)?\b|section 144|curfew", text, re.I)
        ):
            ev = MappedEvent(True, strong or {"protest_disruption"}, rule="strategic development")
            return finish(ev, victims, perps)
        return MappedEvent(False, rule="strategic development")
    named_journalists = any("journalist" in a.lower() for a in victims)
    if named_journalists and event_type.startswith(("battle", "explosions", "remote")):
        ev = MappedEvent(
            True,
            {"killing"} if fatalities > 0 else {"attack"},
            rule="journalists hit in armed conflict",
        )
        return finish(ev, victims, perps)
    return MappedEvent(False, rule=f"{event_type or 'other'} (not civic space)")
