"""Takes the screenshots of the README and docs/web.md of ``lettres web`` (docs/captures/*.png), with the browser of the tests.

    python outils/captures_web.py

Runs tests/test_web_navigateur.py (Chromium through Playwright, as ``pytest`` does) with
``LETTRES_CAPTURES`` set: the tests save each page they go through; those the docs show are copied here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "captures"
MONTREES = ("accueil", "saisie-erreur", "demarches", "point")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="captures-web-") as tmp:
        env = {**os.environ, "LETTRES_CAPTURES": tmp}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                str(ROOT / "tests" / "test_web_navigateur.py"),
            ],
            cwd=ROOT,
            env=env,
        )
        if done.returncode != 0:
            print("Les tests du navigateur ont échoué : captures non remplacées.", file=sys.stderr)
            return done.returncode
        TARGET.mkdir(parents=True, exist_ok=True)
        for name in MONTREES:
            shutil.copyfile(Path(tmp) / f"{name}.png", TARGET / f"{name}.png")
            print(f"Écrit : {(TARGET / f'{name}.png').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
