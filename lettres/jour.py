"""Today's date, from one place: ``LETTRES_AUJOURD_HUI`` (AAAA-MM-JJ) fixes it for a reproducible run — the tests,
a benchmark, a demo shown on a given day — and the system's date is used otherwise."""

from __future__ import annotations

import os
from datetime import date

VARIABLE = "LETTRES_AUJOURD_HUI"


def date_du_jour() -> date:
    """The day the documents are dated and the deadlines counted from."""
    fixe = os.environ.get(VARIABLE, "").strip()
    if fixe:
        try:
            return date.fromisoformat(fixe)
        except ValueError:
            pass  # a wrong value is ignored rather than dating letters wrongly: the system's date applies
    return date.today()
