"""``civicspace protect``: find faces and write public copies of images; keys, custody and
evidence bundles come from :mod:`civicspace.cli.protect_vault`."""

from __future__ import annotations

from pathlib import Path

import typer

from civicspace.cli import protect_vault
from civicspace.cli.common import console
from civicspace.errors import InvalidInput
from civicspace.protect.folder import list_faces
from civicspace.protect.masking import MaskStyle
from civicspace.protect.sanitize import sanitize_file

app = typer.Typer(
    help="Secure submissions: faces masked, metadata dropped, keys, sealed evidence.",
    no_args_is_help=True,
)
app.add_typer(protect_vault.keys_app, name="keys")
app.add_typer(protect_vault.custody_app, name="custody")
app.command("export")(protect_vault.export)
app.command("verify")(protect_vault.verify)


@app.command("faces")
def faces(
    folder: Path = typer.Argument(..., help="Folder of images (searched at any depth)."),
    output: Path = typer.Option(..., "--output", "-o", help="JSON lines file to write."),
) -> None:
    """One JSON line per image under FOLDER: {"image": path, "boxes": [[x, y, w, h, score]]}."""
    failed = 0
    written = 0
    with output.open("w", encoding="utf-8") as fh:
        for listed in list_faces(folder):
            if listed.error is not None:
                failed += 1
                console.print(f"[yellow]skipped[/] {listed.image}: {listed.error}")
                continue
            fh.write(listed.json_line() + "\n")
            written += 1
    console.print(f"{written} images listed in {output}")
    if failed:
        raise InvalidInput(f"{failed} files could not be read as images (listed above)")


@app.command("sanitize")
def sanitize(
    source: Path = typer.Argument(..., help="Image to publish (JPEG, PNG, HEIC or WebP)."),
    target: Path = typer.Argument(..., help="Public copy to write (.jpg, .jpeg, .png or .webp)."),
    style: MaskStyle = typer.Option(MaskStyle.fill, help="How faces are hidden."),
) -> None:
    """Write the public copy of SOURCE: upright, no metadata, every face found masked."""
    copy = sanitize_file(source, target, style)
    console.print(f"{target}: {copy.width}×{copy.height}, {len(copy.boxes)} regions masked")
