"""Reading spreadsheets as people really have them: CSV from French Excel (cp1252, « ; »), UTF-8 with
or without BOM, LibreOffice exports, and XLSX workbooks. Rows are streamed, never loaded whole.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

from lettres.erreurs import TableauInutilisable

SAMPLE = 64 * 1024


def normalise_header(text: str) -> str:
    """``Personne Date_naissance`` → ``personne.date.naissance``: case, accents and separators ignored."""
    text = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s._\-]+", ".", text).strip(".")


def clean_cell(value: Any) -> Any:
    """A cell as the dossier expects it; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date() if not (value.hour or value.minute) else value
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value).replace("\u00a0", " ").replace("\u202f", " ").strip()
    return text or None


@dataclass
class Ligne:
    numero: int  # the row number a spreadsheet shows (header = 1)
    cellules: dict[str, Any]  # header as written → cleaned value


def _detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes, else Windows-1252 (French Excel)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            return "cp1252"


def _detect_delimiter(sample: str) -> str:
    # the Sniffer guesses quoting wrong on French exports: use it for the delimiter only (OUTILS.md §3)
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t", key=first.count) if first else ";"


def read_csv(path: Path, separateur: str | None = None, encodage: str | None = None) -> tuple[list[str], Iterator[Ligne]]:
    """Headers and a row iterator of a CSV file."""
    encoding = encodage or _detect_encoding(path)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise TableauInutilisable(f"Encodage inconnu « {encoding} » : essayez --encodage utf-8 ou --encodage cp1252.") from None
    try:
        with open(path, encoding=encoding, newline="") as handle:
            sample = handle.read(SAMPLE)
    except UnicodeDecodeError:
        raise TableauInutilisable(
            f"« {path.name} » ne se lit pas avec l'encodage {encoding} : indiquez le bon avec --encodage "
            "(par exemple --encodage cp1252 pour un CSV d'Excel, --encodage utf-8 sinon).") from None
    if encoding == "utf-8" and sample.startswith("\ufeff"):
        encoding = "utf-8-sig"
    delimiter = separateur.replace("\\t", "\t") if separateur else _detect_delimiter(sample)
    handle = open(path, encoding=encoding, newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        headers = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        handle.close()
        raise TableauInutilisable(f"« {path.name} » est vide : la première ligne doit contenir les noms des colonnes.") from None
    except UnicodeDecodeError:
        handle.close()
        raise TableauInutilisable(f"« {path.name} » ne se lit pas avec l'encodage {encoding} : indiquez le bon avec --encodage.") from None

    def rows() -> Iterator[Ligne]:
        with handle:
            try:
                for number, row in enumerate(reader, start=2):
                    if not any(cell.strip() for cell in row):
                        continue
                    yield Ligne(number, {h: clean_cell(v) for h, v in zip(headers, row)})
            except UnicodeDecodeError:
                raise TableauInutilisable(f"« {path.name} » ne se lit pas avec l'encodage {encoding} : indiquez le bon avec --encodage.") from None

    return headers, rows()


def read_xlsx(path: Path, feuille: str) -> tuple[list[str], Iterator[Ligne]] | None:
    """Headers and rows of one sheet of a workbook (None when the sheet does not exist)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise TableauInutilisable(f"« {path.name} » n'est pas un classeur XLSX lisible : enregistrez-le au format Excel (.xlsx) ou CSV.") from None
    names = {normalise_header(n): n for n in workbook.sheetnames}
    name = names.get(normalise_header(feuille))
    if name is None:
        if feuille != "dossiers":
            workbook.close()
            return None
        name = workbook.sheetnames[0]
    rows_iter = workbook[name].iter_rows(values_only=True)
    try:
        headers = [str(h).strip() if h is not None else "" for h in next(rows_iter)]
    except StopIteration:
        workbook.close()
        raise TableauInutilisable(f"La feuille « {name} » de « {path.name} » est vide.") from None

    def rows() -> Iterator[Ligne]:
        try:
            for number, row in enumerate(rows_iter, start=2):
                cells = {h: clean_cell(v) for h, v in zip(headers, row) if h}
                if any(v is not None for v in cells.values()):
                    yield Ligne(number, cells)
        finally:
            workbook.close()

    return headers, rows()


def open_table(path: Path, feuille: str = "dossiers", separateur: str | None = None,
               encodage: str | None = None) -> tuple[list[str], Iterator[Ligne]] | None:
    """Open a CSV or XLSX file; for a workbook, the named sheet."""
    if not path.is_file():
        raise TableauInutilisable(f"Le fichier « {path} » est introuvable : vérifiez le chemin.")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_xlsx(path, feuille)
    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        return read_csv(path, separateur, encodage)
    raise TableauInutilisable(f"« {path.name} » : format non reconnu ; utilisez un fichier .csv ou .xlsx.")
