"""``lettres etape`` never loses a démarche: several at once (real processes) all land; the real file
behind a link is the one changed; Windows line endings stay; a read-only file is left alone."""

from __future__ import annotations

import subprocess
import sys
import time

from aides import DOSSIER
from lettres.dossier import load_dossier
from lettres.dossier.demarches import add_demarche, build_demarche
from lettres.dossier.verrou import dossier_lock

PROCESSUS = 4
ESSAIS = 6


def etape(path, detail: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "lettres", "etape", str(path), "--type", "appel_anef", "--date", "01/10/2026", "--detail", detail],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def test_concurrent_etape_loses_nothing(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    attendus = []
    for essai in range(ESSAIS):
        runs = [etape(path, f"essai {essai} processus {n}") for n in range(PROCESSUS)]
        attendus += [f"essai {essai} processus {n}" for n in range(PROCESSUS)]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert run.returncode == 0 and "Démarche ajoutée" in out, err
    details = [d.detail for d in load_dossier(path).demarches]
    assert sorted(details[1:]) == sorted(attendus)  # every one of the 24 additions is there, once
    assert path.read_text(encoding="utf-8").startswith(DOSSIER)


def test_the_lock_makes_the_second_writer_wait(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    with dossier_lock(path):
        run = etape(path, "en attente")
        time.sleep(1.0)
        assert run.poll() is None  # it waits for the lock instead of writing
        assert "en attente" not in path.read_text(encoding="utf-8")
    _, err = run.communicate(timeout=60)
    assert run.returncode == 0, err
    assert "en attente" in path.read_text(encoding="utf-8")


def test_link_is_followed_and_kept(run, tmp_path):
    real = tmp_path / "vrai" / "d.yaml"
    real.parent.mkdir()
    real.write_text(DOSSIER, encoding="utf-8")
    link = tmp_path / "lien.yaml"
    link.symlink_to(real)
    code, _, err = run("etape", str(link), "--type", "appel_anef", "--date", "01/10/2026")
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == real
    assert [d.type for d in load_dossier(real).demarches] == ["capture_ecran", "appel_anef"]


def test_windows_line_endings_and_bom_are_kept(run, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + DOSSIER.replace("\n", "\r\n").encode("utf-8"))
    code, _, err = run("etape", str(path), "--type", "appel_anef", "--date", "01/10/2026", "--detail", "deux\nlignes")
    assert code == 0, err
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + DOSSIER.replace("\n", "\r\n").encode("utf-8"))
    assert b"\n" not in raw.replace(b"\r\n", b"")  # no bare line feed
    assert load_dossier(path).demarches[-1].detail == "deux\nlignes"


def test_read_only_file_is_refused(run, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    path.chmod(0o400)
    code, _, err = run("etape", str(path), "--type", "appel_anef", "--date", "01/10/2026")
    assert code == 2 and f"Le fichier « {path} » est en lecture seule : il n'est pas modifié." in err
    assert path.read_text(encoding="utf-8") == DOSSIER
    assert path.stat().st_mode & 0o777 == 0o400


def test_stale_temporary_copies_are_removed(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    left = tmp_path / ".d.yaml.abc123.tmp"  # what a kill -9 during the write leaves: personal data
    left.write_text(DOSSIER, encoding="utf-8")
    other = tmp_path / ".autre.yaml.abc123.tmp"
    other.write_text("x", encoding="utf-8")
    add_demarche(path, build_demarche("appel_anef", "01/10/2026"))
    assert not left.exists() and other.exists()


def test_library_function_for_the_web_interface(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    ajoutee = add_demarche(path, build_demarche("demande_rdv", "2026-10-07", resultat="aucun créneau"))
    assert (ajoutee.type, ajoutee.resultat) == ("demande_rdv", "aucun créneau")
