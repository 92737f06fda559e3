"""Spreadsheets the tool writes for Excel (``rapport.csv``, the blank batch, the tracking table): a cell that
came from the user is shown as text, never run as a formula; ``lettres lot`` removes the mark when it reads."""

from __future__ import annotations

# a spreadsheet runs a cell starting with one of these as a formula (« =HYPERLINK(…) », « +1+1 », « @SUM(1) »)
FORMULE = ("=", "+", "-", "@", "\t", "\r")


def cellule_tableur(value: object) -> str:
    """A cell of a CSV the tool writes: what came from the user is shown as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULE) else text
