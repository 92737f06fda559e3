"""Reading spreadsheets as people really have them: CSV from French Excel (cp1252, « ; »), UTF-8 with
or without BOM, LibreOffice exports, and XLSX workbooks. Rows are streamed, never loaded whole.

The header is the row, among the first few, with the most known column names: a band of section titles
above it (the template's first row) is left aside, as is any row above the header.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from lettres.erreurs import TableauInutilisable
from lettres.excel import FORMULE
from lettres.lot.colonnes import normalise_header

__all__ = ["Feuille", "Ligne", "normalise_header", "open_dossiers", "open_table"]

SAMPLE = 64 * 1024
CELLULE_MAX = 1024 * 1024  # characters in one CSV cell (the csv module stops at 131,072 by default)
LIGNES_MAX = 20_000  # filled rows of one spreadsheet: a batch of 10,000 takes 42 s and 87 MB
TEXTES_MAX = 64 * 1024 * 1024  # bytes of a workbook's shared texts (20,000 rows of 70 columns: about 30 MB)
ENTETE_MAX = 6  # the first rows among which the header is looked for
Connu = Callable[[str], bool]  # whether a header names a known column


def header_index(rows: list[list[Any]], connu: Connu | None) -> int:
    """Which of the first ``rows`` is the header (0 for the first): the one naming the most known columns,
    the first of them on a tie; the first row when none names any (its columns are then reported unknown)."""
    if connu is None:
        return 0
    best, best_count = 0, 0
    for index, row in enumerate(rows):
        count = sum(1 for cell in row if cell is not None and str(cell).strip() and connu(str(cell)))
        if count > best_count:
            best, best_count = index, count
    return best


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
    if text[:1] == "'" and text[1:2] and text[1] in FORMULE:
        text = text[1:]  # the quote that keeps a spreadsheet from running the cell (cellule_tableur)
    return text or None


@dataclass
class Ligne:
    numero: int  # the row number a spreadsheet shows (header = 1)
    cellules: dict[str, Any]  # header as written → cleaned value


def _detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes, else Windows-1252 (French Excel).

    A UTF-8 file with one damaged character (a byte cut off, half a character written by another
    program) is refused, naming the line: read as Windows-1252, every accent of the file would be
    garbled in the letters without a word (« DiabatÃ© »)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    position = 0
    with open(path, "rb") as handle:
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
                position += len(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError as exc:
            damaged = position + exc.start - len(decoder.getstate()[0])
    if _has_utf8_characters(path):
        with open(path, "rb") as handle:
            line = handle.read(max(damaged, 0)).count(b"\n") + 1
        raise TableauInutilisable(
            f"« {path.name} » est écrit en UTF-8, mais la ligne {line} contient un caractère abîmé : corrigez-le, "
            "ou enregistrez de nouveau le fichier au format « CSV UTF-8 » depuis votre tableur (--encodage cp1252 "
            "s'il vient d'Excel en Windows-1252)."
        )
    return "cp1252"


# half a character (a lone surrogate) as a program writing « UTF-8 » without checking leaves it
_DEMI_CARACTERE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")


def _has_utf8_characters(path: Path) -> bool:
    """Whether the file holds a well-formed non-ASCII UTF-8 character, or half of one (Windows-1252
    text almost never does: « Ã© » is already garbled text)."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            if _DEMI_CARACTERE.search(chunk) or any(c != "\ufffd" and not c.isascii() for c in decoder.decode(chunk)):
                return True
    return False


def _detect_delimiter(sample: str) -> str:
    # the Sniffer guesses quoting wrong on French exports: use it for the delimiter only (docs/bibliotheques.md)
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t", key=first.count) if first else ";"


_UNREADABLE = "« {name} » ne se lit pas avec l'encodage {encoding} : indiquez le bon avec --encodage"


def _csv_error(path: Path, line: int) -> TableauInutilisable:
    maximum = f"{CELLULE_MAX:,}".replace(",", "\u202f")  # 1 048 576, with thin spaces as in French
    return TableauInutilisable(
        f"« {path.name} » est illisible vers la ligne {line} (guillemet non fermé, caractère nul ou cellule de plus "
        f"de {maximum} caractères) : corrigez cette ligne, ou enregistrez de nouveau le fichier depuis votre tableur."
    )


def _broken_workbook(path: Path) -> TableauInutilisable:
    return TableauInutilisable(
        f"« {path.name} » est un classeur XLSX abîmé ou tronqué : enregistrez-le de nouveau depuis Excel ou LibreOffice."
    )


@dataclass
class Feuille:
    """One table of a spreadsheet, opened once (format, encoding and delimiter decided once).

    ``rows()`` gives a new iterator each time; the file is opened inside it and closed when the
    iteration ends or the iterator is dropped, so that nothing stays open between passes."""

    path: Path
    headers: list[str]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""  # the sheet of a workbook
    entete: int = 1  # the header's row number (the rows above it are a band of section titles)

    def rows(self) -> Iterator[Ligne]:
        """The filled rows, streamed; past LIGNES_MAX of them, TableauInutilisable (one French sentence)."""
        for count, ligne in enumerate(self._xlsx_rows() if self.sheet else self._csv_rows(), start=1):
            if count > LIGNES_MAX:
                maximum = f"{LIGNES_MAX:,}".replace(",", "\u202f")
                raise TableauInutilisable(
                    f"« {self.path.name} » a plus de {maximum} lignes remplies : découpez-le en plusieurs tableurs "
                    f"de {maximum} lignes au plus, et lancez un lot pour chacun."
                )
            yield ligne

    def _csv_rows(self) -> Iterator[Ligne]:
        csv.field_size_limit(max(csv.field_size_limit(), CELLULE_MAX))
        with open(self.path, encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            try:
                number = 1  # the row a spreadsheet shows, as in Ligne.numero (a cell may hold line breaks)
                for number, row in enumerate(reader, start=1):
                    if number <= self.entete or not any(cell.strip() for cell in row):
                        continue
                    yield Ligne(number, {h: clean_cell(v) for h, v in zip(self.headers, row, strict=False)})
            except UnicodeDecodeError:
                raise TableauInutilisable(
                    _UNREADABLE.format(name=self.path.name, encoding=self.encoding) + "."
                ) from None
            except csv.Error:
                raise _csv_error(self.path, number + 1) from None

    def _xlsx_rows(self) -> Iterator[Ligne]:
        workbook = _load_workbook(self.path)
        try:
            rows = workbook[self.sheet].iter_rows(values_only=True)
            for number, row in enumerate(rows, start=1):
                if number <= self.entete:
                    continue
                cells = {h: clean_cell(v) for h, v in zip(self.headers, row, strict=False) if h}
                if any(v is not None for v in cells.values()):
                    yield Ligne(number, cells)
        except (GeneratorExit, TableauInutilisable):
            raise
        except Exception:  # openpyxl reads the sheet as it goes: a truncated file fails here, with any error
            raise _broken_workbook(self.path) from None
        finally:
            workbook.close()


def read_csv(
    path: Path, separateur: str | None = None, encodage: str | None = None, connu: Connu | None = None
) -> Feuille:
    """A CSV file: encoding (UTF-8 with or without BOM, else Windows-1252), delimiter and header detected once."""
    encoding = encodage or _detect_encoding(path)
    try:
        text_encoding = getattr(codecs.lookup(encoding), "_is_text_encoding", True)
    except LookupError:
        text_encoding = False
    if not text_encoding:  # rot13, base64…: codecs, not encodings of a text file
        raise TableauInutilisable(
            f"Encodage inconnu « {encoding} » : essayez --encodage utf-8 ou --encodage cp1252."
        ) from None
    try:
        with open(path, encoding=encoding, newline="") as handle:
            sample = handle.read(SAMPLE)
    except UnicodeDecodeError:
        raise TableauInutilisable(
            _UNREADABLE.format(name=path.name, encoding=encoding)
            + " (par exemple --encodage cp1252 pour un CSV d'Excel, --encodage utf-8 sinon)."
        ) from None
    if encoding == "utf-8" and sample.startswith("\ufeff"):
        encoding = "utf-8-sig"
    delimiter = separateur.replace("\\t", "\t") if separateur else _detect_delimiter(sample)
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise TableauInutilisable(
            f'Séparateur « {separateur} » : indiquez un seul caractère, par exemple --separateur ";" ou --separateur "\\t" '
            "pour une tabulation."
        )
    csv.field_size_limit(max(csv.field_size_limit(), CELLULE_MAX))
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        first: list[list[str]] = []
        try:
            first.extend(islice(reader, ENTETE_MAX))
        except UnicodeDecodeError:
            raise TableauInutilisable(_UNREADABLE.format(name=path.name, encoding=encoding) + ".") from None
        except csv.Error:
            raise _csv_error(path, len(first) + 1) from None
    if not first:
        raise TableauInutilisable(f"« {path.name} » est vide : la première ligne doit contenir les noms des colonnes.")
    index = header_index(first, connu)
    headers = [h.strip().lstrip("\ufeff") for h in first[index]]
    return Feuille(path, headers, encoding=encoding, delimiter=delimiter, entete=index + 1)


def _sheet_size(sheet) -> None:
    """openpyxl's ``ReadOnlyWorksheet._get_size``, reading the sheet only as far as ``<sheetData>``: openpyxl
    waits for the end of ``<sheetData>`` when ``<dimension>`` is missing, which read a million-row sheet whole
    twice before the first row (minutes)."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    source = sheet._get_source()
    try:
        for _event, element in iterparse(source, events=("start",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "dimension":
                with contextlib.suppress(ValueError, TypeError):
                    bounds = range_boundaries(element.get("ref") or "")
                    if None not in bounds:
                        sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = bounds
                return
            if tag == "sheetData":
                return
    finally:
        source.close()


def _load_workbook(path: Path):
    from openpyxl import load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    ReadOnlyWorksheet._get_size = _sheet_size
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise TableauInutilisable(
            f"« {path.name} » n'est pas un classeur XLSX lisible : enregistrez-le au format Excel (.xlsx) ou CSV."
        ) from None


def check_workbook(path: Path) -> None:
    """A workbook is a zip of XML parts: the checks of Word templates (a bomb, entities, a sheet of
    gigabytes) run before openpyxl reads it."""
    import zipfile

    from lettres.documents.garde_modele import CLASSEUR, check_zip

    def refus(why: str) -> TableauInutilisable:
        return TableauInutilisable(f"Le classeur « {path.name} » est refusé : {why}.")

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableauInutilisable(
            f"« {path.name} » n'est pas un classeur XLSX lisible : enregistrez-le au format Excel (.xlsx) ou CSV."
        ) from None
    with archive:
        check_zip(archive, CLASSEUR, refus)
        # openpyxl keeps every shared text of the workbook in memory, even when it streams the rows
        textes = sum(i.file_size for i in archive.infolist() if i.filename.lower() == "xl/sharedstrings.xml")
        if textes > TEXTES_MAX:
            raise refus(
                f"ses textes font {textes // (1024 * 1024)} Mo (au plus {TEXTES_MAX // (1024 * 1024)} Mo) ; "
                f"découpez-le en tableurs de {LIGNES_MAX:,} lignes au plus".replace(",", "\u202f")
            )


def read_xlsx(path: Path, feuille: str, connu: Connu | None = None) -> Feuille | None:
    """One sheet of a workbook (None when the sheet does not exist; « dossiers » falls back to the first)."""
    check_workbook(path)
    workbook = _load_workbook(path)
    try:
        names = {normalise_header(n): n for n in workbook.sheetnames}
        name = names.get(normalise_header(feuille))
        if name is None:
            if feuille != "dossiers":
                return None
            name = workbook.sheetnames[0]
        try:
            first = list(workbook[name].iter_rows(values_only=True, max_row=ENTETE_MAX))
        except Exception:  # a truncated or broken sheet, whatever openpyxl raises
            raise _broken_workbook(path) from None
        if not first:
            raise TableauInutilisable(f"La feuille « {name} » de « {path.name} » est vide.")
        index = header_index([list(row) for row in first], connu)
        headers = [str(h).strip() if h is not None else "" for h in first[index]]
        return Feuille(path, headers, sheet=name, entete=index + 1)
    finally:
        workbook.close()


def open_table(
    path: Path,
    feuille: str = "dossiers",
    separateur: str | None = None,
    encodage: str | None = None,
    connu: Connu | None = None,
) -> Feuille | None:
    """Open a CSV or XLSX file; for a workbook, the named sheet (None when it has no such sheet). ``connu``
    recognises the column names, to find the header among the first rows."""
    if not path.is_file():
        raise TableauInutilisable(f"Le fichier « {path} » est introuvable : vérifiez le chemin.")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_xlsx(path, feuille, connu)
    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        return read_csv(path, separateur, encodage, connu)
    raise TableauInutilisable(f"« {path.name} » : format non reconnu ; utilisez un fichier .csv ou .xlsx.")


def open_dossiers(
    path: Path, separateur: str | None = None, encodage: str | None = None, connu: Connu | None = None
) -> Feuille:
    """The dossiers of a spreadsheet: a CSV file, or the « dossiers » (else the first) sheet of a workbook."""
    opened = open_table(path, "dossiers", separateur, encodage, connu)
    if opened is None:  # read_xlsx falls back to the first sheet: only another sheet may be absent
        raise TableauInutilisable(f"« {path.name} » n'a pas de feuille « dossiers ».")
    return opened
