"""After ``kill -9`` (or a power cut) in the middle of a write, nothing holding personal data stays
beyond the next run: the command is run in a real process, stopped by SIGKILL at the worst moment
(a slow disk is simulated by a pause at that moment), and the next run cleans up what it left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from aides import many_rows, needs_libreoffice, start_batch, wait_for_folders
from conftest import write_dossier

# runs « lettres ARGS » after making MODULE.FUNCTION pause (before or after its work): the disk is slow there
LENT = """
import sys, time, importlib
module, fonction, quand = sys.argv[1:4]
cible = importlib.import_module(module)
original = getattr(cible, fonction)

import os
filtre = os.environ.get("LENT_FILTRE", "")

def lent(*args, **kwargs):
    if filtre and not (args and filtre in str(args[0])):  # another call (a cache written first): not this one
        return original(*args, **kwargs)
    if quand == "avant":
        print("PAUSE", flush=True)
        time.sleep(120)
    resultat = original(*args, **kwargs)
    print("PAUSE", flush=True)
    time.sleep(120)
    return resultat

setattr(cible, fonction, lent)
from lettres.cli import main
main(sys.argv[4:])
"""


def tuer_pendant(tmp_path: Path, module: str, fonction: str, quand: str, *args: str, env: dict | None = None) -> None:
    """Start ``lettres ARGS``, wait for the pause in MODULE.FUNCTION, kill the process with SIGKILL."""
    script = tmp_path / "lent.py"
    script.write_text(LENT, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), module, fonction, quand, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    try:
        lu = []
        while process.stdout and (ligne := process.stdout.readline()) and ligne.strip() != "PAUSE":
            lu.append(ligne)
        assert ligne.strip() == "PAUSE", "".join(lu) + (process.stderr.read() if process.stderr else "")
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


def caches(dossier: Path) -> list[str]:
    return sorted(p.name for p in dossier.iterdir() if p.name.startswith("."))


def lettres(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The next run: a new process, as after a crash."""
    return subprocess.run(
        [sys.executable, "-m", "lettres", *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


def test_generer_killed_while_writing(tmp_path, data):
    path = write_dossier(tmp_path / "d", data)
    sortie = tmp_path / "s"
    tuer_pendant(
        tmp_path, "lettres.documents.generation", "write_new", "apres", "generer", str(path), "--sortie", str(sortie)
    )
    (reste,) = caches(sortie)  # the staging folder, with the documents written so far
    assert any((sortie / reste).iterdir())
    autre = dict(data, personne={**data["personne"], "nom": "KONÉ"})
    suivant = lettres("generer", str(write_dossier(tmp_path / "k", autre)), "--sortie", str(sortie))
    assert suivant.returncode == 0, suivant.stderr
    assert caches(sortie) == []
    assert [p.name.split("_")[1] for p in sortie.iterdir()] == ["KONE"]


def test_generer_force_killed_while_replacing(run, tmp_path, data):
    path = write_dossier(tmp_path / "d", data)
    sortie = tmp_path / "s"
    assert run("generer", str(path), "--sortie", str(sortie))[0] == 0
    # paused after the first rename inside the output folder (the template cache may be written before it)
    args = ("generer", str(path), "--sortie", str(sortie), "--force")
    tuer_pendant(tmp_path, "os", "replace", "apres", *args, env={"LENT_FILTRE": str(sortie)})
    assert caches(sortie)  # the old folder moved aside, the new one not yet in place
    suivant = lettres("generer", str(path), "--sortie", str(sortie), "--force")
    assert suivant.returncode == 0, suivant.stderr
    assert caches(sortie) == []
    (dossier,) = sortie.iterdir()
    assert len([p for p in dossier.iterdir() if p.name != "archives"]) == 8
    # the documents of the first run, moved one by one when the process was killed: all still there
    assert len([p for a in (dossier / "archives").iterdir() for p in a.iterdir()]) == 8


def test_etape_killed_while_writing(tmp_path, data):
    path = write_dossier(tmp_path / "d", data)
    args = ("etape", str(path), "--type", "appel_anef", "--date", "02/10/2026")
    tuer_pendant(tmp_path, "os", "fsync", "apres", *args)
    assert [n for n in caches(path.parent) if n.endswith(".tmp")]  # the copy being written
    suivant = lettres(*args)
    assert suivant.returncode == 0, suivant.stderr
    assert caches(path.parent) == [f".{path.name}.verrou"]


def test_lot_killed_then_run_again(tmp_path):
    source = many_rows(tmp_path, 60)
    batch = start_batch(tmp_path, source, pipes=False)
    wait_for_folders(tmp_path, 3)
    batch.send_signal(signal.SIGKILL)
    batch.communicate(timeout=30)
    rerun = start_batch(tmp_path, source)
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert caches(tmp_path / "sorties") == [".lettres-lot.verrou"]


@needs_libreoffice
def test_pdf_killed_during_the_conversion(tmp_path, data):
    temporaire = tmp_path / "tmp"
    temporaire.mkdir()
    path = write_dossier(tmp_path / "d", data)
    sortie = tmp_path / "s"
    args = ("generer", str(path), "--sortie", str(sortie), "--pdf")
    tuer_pendant(tmp_path, "subprocess", "run", "avant", *args, env={"TMPDIR": str(temporaire)})
    (reste,) = temporaire.iterdir()  # LibreOffice's copies of the letters
    assert reste.name.startswith("lettres-pdf-") and any((reste / "entree").iterdir())
    suivant = lettres(*args, "--force", env={"TMPDIR": str(temporaire)})
    assert suivant.returncode == 0, suivant.stderr
    assert list(temporaire.iterdir()) == []
