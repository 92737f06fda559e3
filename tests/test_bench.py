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
