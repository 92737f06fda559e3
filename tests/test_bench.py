"""The benchmark still runs against the code (it is measured by hand, never timed here)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))

import bench_lot


def test_bench_runs_both_sides_on_a_few_rows(capsys):
    ratio = bench_lot.compare(rows=4, sample=2, jobs=2)
    out = capsys.readouterr().out
    assert ratio > 0
    assert "lettres lot      : 4 dossiers, 12 documents Word" in out
    assert "boucle docxtpl   : 6 documents Word" in out


def test_first_letter_bench_notes_the_three_moments():
    """``bench_demarrage.py --premiere-lettre``: the batch runs unchanged and its hook notes when the row's
    generation, its first Word letter and the batch end."""
    import bench_demarrage

    (run,) = bench_demarrage.first_letter(1)
    assert 0 < run["generate"] <= run["render_docx"] <= run["fin"] < 60


def test_the_instructions_bench_stops_the_batch_at_its_first_letter(tmp_path):
    """``bench_demarrage.py --instructions`` counts up to the first Word letter begun: the command it runs under
    valgrind has read and validated the row, and stops before any letter is written."""
    import subprocess

    import bench_demarrage

    source, _ = bench_demarrage.write_input(tmp_path / "tableur", 1)
    fait = subprocess.run(
        [sys.executable, "-c", bench_demarrage.STOP, "0", "lot", str(source), "--silencieux", "--sortie", str(tmp_path / "s")],
        capture_output=True,
        text=True,
    )
    assert fait.returncode == 0, fait.stderr
    assert "MARQUES" not in fait.stderr  # stopped in the middle: the end of the batch never came
    assert not list((tmp_path / "s").rglob("*.docx"))
    entier = subprocess.run(
        [sys.executable, "-c", bench_demarrage.HOOK, "0", "lot", str(source), "--silencieux", "--sortie", str(tmp_path / "t")],
        capture_output=True,
        text=True,
    )
    assert entier.returncode == 0 and list((tmp_path / "t").rglob("*.docx"))
