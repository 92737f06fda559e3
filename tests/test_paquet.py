"""The wheel a user installs holds every template and data file, and runs outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_holds_templates_and_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("lettres-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"lettres/templates/{p.relative_to(ROOT / 'templates').as_posix()}" for p in (ROOT / "templates").rglob("*") if p.is_file()}
    expected |= {f"lettres/{p.relative_to(ROOT / 'lettres').as_posix()}" for p in (ROOT / "lettres").rglob("*")
                 if p.is_file() and p.suffix in {".yaml", ".png"}}
    assert {"lettres/templates/docx/2-courrier-prefecture.docx", "lettres/donnees/textes.yaml",
            "lettres/demo/dossier.yaml", "lettres/templates/email/1-signalement-dgef.corps.txt"} <= expected
    assert expected <= names, expected - names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "lettres = lettres.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_package_is_used_by_the_tests():
    """The tests run against the installed package (pip install .), not the source folder."""
    import lettres
    from lettres.rendu import templates_root

    assert (templates_root() / "docx" / "2-courrier-prefecture.docx").is_file()
    if "site-packages" in lettres.__file__:
        assert templates_root() == Path(lettres.__file__).parent / "templates"
