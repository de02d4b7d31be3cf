"""Letters and posters to governments (issue 14, S6).

A supporter picks a country and gets a poster or a letter addressed to its government (its head
of state, a ministry, or one of its diplomatic missions abroad), or the general version that names
no government, with their own words written in: a printable PDF (A4 or US Letter) and a square
share image (PNG), in English, French, Spanish, Arabic or Korean.

* :mod:`.model`: the request and its bounds;
* :mod:`.contacts`: missions from ``government_contacts`` ("the mission of X in Y");
* :mod:`.address`: the wording and forms of address per language (``forms.yaml``);
* :mod:`.fonts`: the font files on disk, per script;
* :mod:`.render`: HTML templates to PDF (WeasyPrint) and PNG (PDFium);
* :mod:`.make`: one call from a request to a file.

Nothing is stored: a letter is made on request and handed back.
"""

from civicspace.letters.make import Format, Made, find_mission, make
from civicspace.letters.model import LANGUAGES, Kind, LetterRequest, Paper, Recipient

__all__ = [
    "LANGUAGES",
    "Format",
    "Kind",
    "LetterRequest",
    "Made",
    "Paper",
    "Recipient",
    "find_mission",
    "make",
]
