"""The wheel a user installs holds every template and data file, and runs outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lettres"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("lettres-*.whl")
    return built


def test_wheel_holds_templates_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"lettres/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
        for p in (ROOT / "templates").rglob("*")
        if p.is_file()
    }
    expected |= {
        f"lettres/{p.relative_to(PACKAGE).as_posix()}"
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix in {".yaml", ".png", ".html", ".css", ".js"}
    }
    assert {
        "lettres/templates/docx/2-courrier-prefecture.docx",
        "lettres/referentiel/donnees/textes.yaml",
        "lettres/demo/dossier.yaml",
        "lettres/templates/email/1-signalement-dgef.corps.txt",
        "lettres/templates/docx/4-refere-mesures-utiles.docx",  # the référé draft
        "lettres/referentiel/donnees/tribunaux.yaml",
        "lettres/demo/situations/refere.yaml",
        "lettres/demo/situations/pieces/courrier-prefecture-sow.png",
    } <= expected
    assert expected <= names, expected - names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "lettres = lettres.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_wheel_alone_generates_the_demo(wheel, tmp_path):
    """Installed from the wheel into an empty folder, away from the source tree, the demo runs."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "LETTRES_CONFIG": str(tmp_path / "config.yaml")}
    script = (
        "import lettres, sys; from lettres.documents.rendu import templates_root; "
        "print(lettres.__file__); print(templates_root()); "
        "from lettres.cli import main; main(['demo', '--sortie', sys.argv[1]])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "demo")], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    module, templates = done.stdout.splitlines()[:2]
    assert Path(module).is_relative_to(target) and Path(templates) == target / "lettres" / "templates"
    (folder,) = [p for p in (tmp_path / "demo").iterdir() if p.name != "exemple-dossier"]
    assert {"2-courrier-prefecture.docx", "bordereau-pieces.docx", "1-signalement-dgef.eml"} <= {
        p.name for p in folder.iterdir()
    }


def test_tests_import_the_installed_package_not_the_checkout():
    """``lettres/`` sits at the top of the checkout (the design card's layout); the tests run against the installed
    package — templates and data files as the wheel ships them — unless a developer points PYTHONPATH at it."""
    import lettres

    assert (ROOT / "lettres" / "__init__.py").exists()
    demandes = {Path(p).resolve() for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p}
    if Path(lettres.__file__).resolve().parent == ROOT / "lettres":
        assert ROOT in demandes, "le paquet testé est le dossier du dépôt, pas le paquet installé"
