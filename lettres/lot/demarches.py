"""The démarches of every row of a batch, indexed on disk by dossier id (memory stays flat)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lettres.lot.choix import cell_value
from lettres.lot.colonnes import est_exemple
from lettres.lot.tableur import Ligne


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


class DemarchesIndex:
    """The démarches of every dossier, indexed on disk by dossier id."""

    def __init__(self) -> None:
        # "" is SQLite's private temporary database: its file is deleted as soon as it is created (on
        # Windows, when closed), so that personal data never stays on disk, even after kill -9
        self.db = sqlite3.connect("")
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("CREATE TABLE d (dossier TEXT, ligne INTEGER, data TEXT)")
        self.mapping: dict[str, str] = {}  # header as written → field, once loaded

    def load(self, rows: Iterator[Ligne], mapping: dict[str, str], base: Path) -> list[int]:
        """Index the démarches; the lines of the template's example démarches, left aside."""
        self.mapping = mapping
        batch = []
        exemples = []
        for row in rows:
            data = {
                mapping[h]: cell_value(f"demarches.{mapping[h]}", _jsonable(v))
                for h, v in row.cellules.items()
                if h in mapping and v is not None
            }
            dossier = str(data.pop("dossier", "") or "")
            if est_exemple(dossier):
                exemples.append(row.numero)
                continue
            if "pieces" in data:
                # relative to the sheet, links not followed here: check_piece decides with the real path
                data["pieces"] = [str(base / p.strip()) for p in re.split(r"[;\n]", str(data["pieces"])) if p.strip()]
            batch.append((dossier, row.numero, json.dumps(data, ensure_ascii=False)))
            if len(batch) >= 1000:
                self.db.executemany("INSERT INTO d VALUES (?, ?, ?)", batch)
                batch.clear()
        self.db.executemany("INSERT INTO d VALUES (?, ?, ?)", batch)
        self.db.execute("CREATE INDEX i ON d (dossier)")
        return exemples

    def of(self, dossier: str) -> list[tuple[int, dict]]:
        return [
            (ligne, json.loads(data))
            for ligne, data in self.db.execute("SELECT ligne, data FROM d WHERE dossier = ? ORDER BY ligne", (dossier,))
        ]

    def orphans(self, ids: set[str]) -> list[tuple[int, str]]:
        return [
            (ligne, dossier)
            for dossier, ligne in self.db.execute("SELECT dossier, ligne FROM d ORDER BY ligne")
            if dossier not in ids
        ]

    def close(self) -> None:
        self.db.close()
