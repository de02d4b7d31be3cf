"""``civicspace letters …``: make a letter or poster to a government, list its missions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from pydantic import ValidationError

from civicspace.cli.common import console
from civicspace.errors import InvalidInput
from civicspace.settings import get_settings

app = typer.Typer(
    help="Letters and posters to governments, in the supporter's language (PDF and PNG).",
    no_args_is_help=True,
)


@app.command("make")
def make_command(
    output: Path = typer.Option(..., "--output", "-o", help="File to write (.pdf or .png)."),
    kind: str = typer.Option("poster", "--kind", help="poster or letter."),
    lang: str = typer.Option("en", "--lang", help="Language: en, fr, es, ar or ko."),
    paper: str = typer.Option("a4", "--paper", help="a4 or letter (PDF only)."),
    recipient: str = typer.Option(
        "general", "--to", help="general, head_of_state, ministry or mission."
    ),
    country: str | None = typer.Option(
        None, "--country", help="The government written to (ISO code: KE, KEN)."
    ),
    ministry: str = typer.Option(
        "foreign_affairs",
        "--ministry",
        help="With --to ministry: foreign_affairs, justice, interior, women, human_rights.",
    ),
    host: str | None = typer.Option(
        None, "--host", help="With --to mission: the country the mission is in."
    ),
    mission: str | None = typer.Option(
        None, "--mission", help="With --to mission: its Wikidata id (see `letters missions`)."
    ),
    words: str = typer.Option("", "--words", help="Your own words ('-': read standard input)."),
    name: str = typer.Option("", "--name", help="Your name, printed as the signature."),
    hashtag: str | None = typer.Option(None, "--hashtag", help="Campaign hashtag."),
    headline: str | None = typer.Option(None, "--headline", help="The poster's big message."),
) -> None:
    """Write a PDF (A4 or Letter) or, for an --output ending in .png, the share image."""
    from civicspace.letters import Format, LetterRequest, make

    suffix = output.suffix.lower().lstrip(".")
    if suffix not in ("pdf", "png"):
        raise InvalidInput(f"--output {output}: the name must end in .pdf or .png")
    fields: dict[str, object] = {
        "kind": kind,
        "lang": lang,
        "paper": paper,
        "recipient": recipient,
        "country": country,
        "ministry": ministry,
        "host": host,
        "mission": mission,
        "words": sys.stdin.read() if words == "-" else words,
        "name": name,
        "headline": headline,
    }
    if hashtag is not None:
        fields["hashtag"] = hashtag
    try:
        request = LetterRequest.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "request"
        raise InvalidInput(f"{where}: {first['msg']}") from None
    made = make(request, Format(suffix), get_settings())
    output.write_bytes(made.content)
    console.print(f"wrote {output} ({len(made.content):,} bytes, {made.media_type})")


@app.command("missions")
def missions_command(
    country: str = typer.Argument(..., help="The state the missions represent (ISO code)."),
    host: str = typer.Argument(..., help="The country they are in (ISO code)."),
) -> None:
    """The missions of COUNTRY in HOST, embassies first, one JSON object a line."""
    from civicspace.countries import parse_code
    from civicspace.letters.make import directory

    found = directory(get_settings()).between(parse_code(country), parse_code(host))
    for m in found:
        sys.stdout.write(
            json.dumps(
                {
                    "id": m.qid,
                    "type": m.type,
                    "city": m.city,
                    "email": m.email or None,
                    "website": m.website or None,
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    console.print(f"{len(found)} missions of {country.upper()} in {host.upper()}")
