"""What receiving a secure submission costs: sealing, the receipt's argon2id, a photo's public copy.

    python -m bench.submit                  # moderate KDF (the default), 3 rounds
    python -m bench.submit --kdf interactive --rounds 5

Runs :func:`civicspace.protect.submissions.submit` on a fresh SQLite file and protect folder:
text only, then text with one synthetic 1024 × 768 JPEG (no faces: detection still runs all its
passes), then a returning sender's :func:`unlock_receipt` and :func:`sender_view`. Prints JSON:
the median wall seconds of each, the process's CPU seconds, and the load average before and after
(the development machine is shared; read the figures with it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image
from sqlalchemy.orm import Session

from civicspace.protect.keys import Keyring, create_key
from civicspace.protect.receipts import RECEIPT_DIGITS
from civicspace.protect.submissions import (
    KDF_COSTS,
    Intake,
    NewSubmission,
    sender_view,
    submit,
    unlock_receipt,
)
from civicspace.protect.uploads import Upload
from civicspace.store import make_engine, upgrade


def _photo() -> bytes:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 255, size=(768, 1024, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _median(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kdf", choices=sorted(KDF_COSTS), default="moderate")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()
    cpu_start = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "protect"
        folder.mkdir()
        Keyring((create_key("bench passphrase long", KDF_COSTS["minimum"]),)).save(
            folder / "keyring.json"
        )
        intake = Intake.open(folder, kdf=KDF_COSTS[args.kdf])
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        photo = _photo()
        timings: dict[str, list[float]] = {"text_only": [], "with_photo": [], "return": []}
        codes = []
        for _ in range(args.rounds):
            for name, uploads in (("text_only", ()), ("with_photo", (Upload("p.jpg", photo),))):
                new = NewSubmission("a testimony " * 200, "masked_photo", uploads=uploads)
                start = time.perf_counter()
                with Session(engine) as session:
                    receipt = submit(session, intake, new, support="support text")
                    session.commit()
                timings[name].append(time.perf_counter() - start)
                codes.append(receipt.code)
        for code in codes[: args.rounds]:
            start = time.perf_counter()
            with Session(engine) as session:
                view = sender_view(session, unlock_receipt(session, intake, code))
            assert view.messages and len(code.replace(" ", "")) == RECEIPT_DIGITS
            timings["return"].append(time.perf_counter() - start)
        engine.dispose()
    result = {
        "kdf": args.kdf,
        "rounds": args.rounds,
        "submit_text_s": _median(timings["text_only"]),
        "submit_with_1024px_photo_s": _median(timings["with_photo"]),
        "return_with_code_s": _median(timings["return"]),
        "photo_bytes": len(photo),
        "cpu_s": round(time.process_time() - cpu_start, 2),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
