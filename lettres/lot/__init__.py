"""``lettres lot``: one output folder per valid row of a spreadsheet (CSV or XLSX), every bad row reported."""

from lettres.lot.execution import Options, run_batch
from lettres.lot.rapport import Bilan, Rejet

__all__ = ["Bilan", "Options", "Rejet", "run_batch"]
