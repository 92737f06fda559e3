"""Files dragged into a terminal, typed by hand, or picked among those next to the dossier."""

from __future__ import annotations

import os

import pytest

from lettres.prompts.pieces import bring_in, check_dropped, clean_dropped, files_near


@pytest.fixture
def dossier(tmp_path):
    (tmp_path / "dossier" / "captures").mkdir(parents=True)
    (tmp_path / "dossier" / "captures" / "mon fichier.png").write_bytes(b"png")
    (tmp_path / "Téléchargements").mkdir()
    (tmp_path / "Téléchargements" / "Capture du 3 mars.png").write_bytes(b"png2")
    return tmp_path / "dossier"


@pytest.mark.skipif(os.name == "nt", reason="POSIX shells' quoting")
@pytest.mark.parametrize(
    "typed",
    [
        "'{p}'",  # GNOME Terminal, Konsole
        '"{p}"',
        "{e}",  # macOS Terminal, iTerm: backslash before each space
        "file://{u}",  # some file managers
        "& '{p}'",  # PowerShell
        "  '{p}'  ",
    ],
)
def test_a_dragged_file_is_cleaned(dossier, typed):
    path = str(dossier.parent / "Téléchargements" / "Capture du 3 mars.png")
    text = typed.format(p=path, e=path.replace(" ", "\\ "), u=path.replace(" ", "%20"))
    assert clean_dropped(text, dossier) == [path]
    assert check_dropped(text, dossier) is None


def test_several_files_and_a_path_typed_with_spaces(dossier):
    other = str(dossier.parent / "Téléchargements" / "Capture du 3 mars.png")
    assert clean_dropped(f"'captures/mon fichier.png' '{other}'", dossier) == ["captures/mon fichier.png", other]
    assert clean_dropped("captures/mon fichier.png", dossier) == ["captures/mon fichier.png"]  # no quotes: it exists


def test_a_missing_file_says_where_it_was_looked_for(dossier):
    assert check_dropped("captures/absente.png", dossier) == (
        f"Fichier introuvable : « captures/absente.png » (cherché dans {dossier})."
    )
    assert check_dropped("captures", dossier) == "« captures » est un dossier : choisissez un fichier à l'intérieur."


def test_a_file_from_elsewhere_is_copied_into_the_dossier(dossier):
    source = dossier.parent / "Téléchargements" / "Capture du 3 mars.png"
    assert bring_in(str(source), dossier) == ("captures/Capture du 3 mars.png", True)
    assert bring_in(str(source), dossier) == ("captures/Capture du 3 mars.png", True)  # the same: not copied twice
    source.write_bytes(b"another one")
    assert bring_in(str(source), dossier) == ("captures/Capture du 3 mars-2.png", True)
    assert bring_in("captures/mon fichier.png", dossier) == ("captures/mon fichier.png", False)


def test_files_next_to_the_dossier_newest_first(dossier):
    (dossier / "appel.pdf").write_bytes(b"%PDF")
    os.utime(dossier / "captures" / "mon fichier.png", (1, 1))
    assert [f.chemin for f in files_near(dossier)] == ["appel.pdf", "captures/mon fichier.png"]
    assert [f.chemin for f in files_near(dossier, {"appel.pdf"})] == ["captures/mon fichier.png"]
