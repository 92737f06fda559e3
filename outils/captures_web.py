"""Takes the screenshots of the README and docs/web.md of ``lettres web`` (docs/captures/*.png), with the browser of the tests.

    python outils/captures_web.py

Runs the test of tests/test_web_telephone.py that goes through every page of the demo dossiers (Chromium through
Playwright, as ``pytest`` does), at 1366×768 and on a 390×844 phone, with ``LETTRES_CAPTURES`` set: the test
saves the pages the docs show, ``NOM.png`` at 1366 px and ``NOM-telephone.png`` at 390 px; they are copied here.
Nothing is replaced when the test fails.
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
MONTREES = ("accueil", "saisie-erreur", "demarches", "point", "documents", "lot")
LARGEURS = ("", "-telephone")
TEST = "tests/test_web_telephone.py::test_every_page_fits_the_screen_and_passes_axe"


def names() -> list[str]:
    """The files the docs show: each page at both widths."""
    return [f"{page}{largeur}.png" for page in MONTREES for largeur in LARGEURS]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="captures-web-") as tmp:
        env = {**os.environ, "LETTRES_CAPTURES": tmp, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / TEST)],
            cwd=ROOT,
            env=env,
        )
        if done.returncode != 0:
            print("Les tests du navigateur ont échoué : captures non remplacées.", file=sys.stderr)
            return done.returncode
        missing = [name for name in names() if not (Path(tmp) / name).is_file()]
        if missing:
            print(f"Captures non prises par le test : {', '.join(missing)} ; rien n'est remplacé.", file=sys.stderr)
            return 1
        TARGET.mkdir(parents=True, exist_ok=True)
        for name in names():
            shutil.copyfile(Path(tmp) / name, TARGET / name)
            print(f"Écrit : {(TARGET / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
