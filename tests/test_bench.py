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
