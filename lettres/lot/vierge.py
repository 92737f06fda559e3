"""``lettres lot modele``: the empty spreadsheet to fill, built from the dossier schema.

XLSX: two sheets (``dossiers``, ``demarches``), each header with its French label and help as a cell
comment, drop-down lists for the enumerations, one example row. CSV: the same columns, « ; » and a
UTF-8 BOM for Excel, and the démarches file beside it. ``lettres lot`` reads both back unchanged.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from lettres.dossier.questions import DEMARCHE_COLUMNS, Question, condition_text, question, schema_columns
from lettres.dossier.saisie import REPLIS
from lettres.erreurs import LettresError
from lettres.excel import cellule_tableur
from lettres.fichiers import write_atomic
from lettres.francais import date_courte

EXEMPLE_ID = "exemple-1"
EXEMPLE: dict[str, Any] = {
    "id": EXEMPLE_ID,
    "signataire": "accompagnant",
    "consentement.date": date(2026, 10, 1),
    "consentement.transmission_tiers": "oui",
    "personne.civilite": "madame",
    "personne.nom": "DIALLO",
    "personne.prenoms": "Aminata Fatou",
    "personne.date_naissance": date(1990, 4, 12),
    "personne.lieu_naissance": "Conakry (Guinée)",
    "personne.nationalite": "guinéenne",
    "personne.adresse": "12 rue des Lilas\n13003 Marseille",
    "personne.courriel": "aminata.diallo@example.org",
    "personne.telephone": "06 12 34 56 78",
    "personne.numero_etranger": "0750123456",
    "demande.nature": "renouvellement",
    "demande.titre": "carte de séjour pluriannuelle « salarié »",
    "demande.categorie": "CST 3",
    "demande.pieces_fournies": "nationalite, domicile, photos",
    "demande.prefecture": "13",
    "demande.titre_actuel_expiration": date(2026, 12, 15),
    "blocage.types": "erreur_validation",
    "blocage.depuis": date(2026, 9, 20),
    "blocage.message_erreur": "Une erreur technique est survenue",
    "blocage.consequences": "Risque de perte d'emploi.",
    "accompagnant.civilite": "monsieur",
    "accompagnant.nom": "MARTIN",
    "accompagnant.prenom": "Paul",
    "accompagnant.fonction": "travailleur social",
    "accompagnant.structure": "Association Exemple",
    "accompagnant.adresse": "1 place Exemple\n13001 Marseille",
    "accompagnant.courriel": "paul.martin@exemple.org",
    "orientation.vers": "juriste",
    "orientation.structure": "ESPACE",
    "orientation.courriel": "juridique@espace.asso.fr",
    "envoi.recommande": "oui",
}
EXEMPLE_DEMARCHES: list[dict[str, Any]] = [
    {
        "dossier": EXEMPLE_ID,
        "type": "capture_ecran",
        "date": date(2026, 9, 20),
        "heure": "10:42",
        "detail": "Message d'erreur à la validation",
        "resultat": "",
    },
    {
        "dossier": EXEMPLE_ID,
        "type": "appel_anef",
        "date": date(2026, 10, 1),
        "heure": "09:15",
        "detail": "Appel au 0 806 001 620",
        "resultat": "ticket n° 1234",
    },
]
# telephone and reference numbers are free text whose leading zeros matter
TEXT_COLUMNS = {
    "id",
    "dossier",
    "personne.telephone",
    "accompagnant.telephone",
    "demande.numero_anef",
    "envoi.numero_recommande",
}
BOOLEENS = ["oui", "non"]


def _question(column: str, sheet: str) -> Question:
    return question(f"demarches.{column}" if sheet == "demarches" else column)


def _label(column: str, sheet: str) -> tuple[str, str]:
    """The header's comment: the field's label, then its help, example, conditions and default."""
    if column == "id":
        return "Identifiant du dossier", "Unique dans le fichier ; les démarches y renvoient (colonne « dossier »)."
    if column == "dossier":
        return "Dossier", "L'id du dossier (feuille dossiers) auquel la démarche appartient."
    q = _question(column, sheet)
    saisie = q.saisie
    notes = [q.help] if q.help else []
    if q.kind == "fichiers":
        notes = ["Chemins des fichiers séparés par « ; », relatifs au tableur."]
    if q.kind == "choix_multiple":
        notes.append("Plusieurs codes séparés par des virgules.")
    if q.saisie.choix == "pieces_titre":
        notes.append(
            "Codes des pièces de la liste de la catégorie (lettres verifier les nomme) : nationalite, domicile, photos…"
        )
    if q.saisie.propositions or q.saisie.choix == "titres":
        notes.append("La liste propose les catégories de la liste des pièces ; un autre texte est accepté.")
    if saisie.exemple:
        notes.append(f"Exemple : {saisie.exemple.replace(chr(10), ' / ')}.")
    if saisie.quand is not None:
        notes.append(f"Seulement {condition_text(saisie.quand)}.")
    if q.required:
        notes.append("Obligatoire.")
    elif saisie.obligatoire_si is not None:
        notes.append(f"Obligatoire {condition_text(saisie.obligatoire_si)}.")
    if saisie.repli:
        notes.append(f"Vide : {REPLIS[saisie.repli]}.")
    elif q.default not in (None, "", []):
        notes.append(f"Vide : {q.display(q.default)}.")
    return q.label, " ".join(notes)


def _choices(column: str, sheet: str) -> list[str] | None:
    if column in ("id", "dossier"):
        return None
    q = _question(column, sheet)
    if q.kind == "booleen":
        return BOOLEENS
    if q.saisie.choix == "prefectures":
        # « 69 — Préfecture du Rhône (Lyon) »: the number starts the line, and is all that is read back
        from lettres.referentiel import charger_referentiel

        return [f"{c} — {p.nom} ({p.ville})" for c, p in charger_referentiel().prefectures.items()]
    if q.saisie.propositions or q.saisie.choix == "titres":
        # « CST 3 – salarié… »: the code starts the line, and is all that is read back
        from lettres.dossier.valeurs import options

        return [label for code, label in options(q.saisie.propositions or q.saisie.choix).items() if code]
    if q.choices:
        return [code for code in q.choices() if code]
    return None


def _strict(column: str, sheet: str) -> bool:
    """A drop-down that refuses other values: one code of a fixed list. Several codes in a cell, a titre in
    free text or a category typed as « cst3 » are accepted: their list is a help."""
    if column in ("id", "dossier"):
        return False
    q = _question(column, sheet)
    return q.kind in ("choix", "booleen") and q.saisie.choix not in ("titres", "prefectures")


def _is_text(column: str, sheet: str) -> bool:
    """Cells kept as typed (leading zeros of « 06 », « 0612… »): codes, numbers and times."""
    if column in TEXT_COLUMNS:
        return True
    return column != "dossier" and _question(column, sheet).kind in {"numero", "heure", "choix"}


def _is_date(column: str, sheet: str) -> bool:
    if column in ("id", "dossier"):
        return False
    return _question(column, sheet).kind == "date"


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheets = {
        "dossiers": (workbook.active, ["id", *schema_columns()], [EXEMPLE]),
        "demarches": (workbook.create_sheet("demarches"), DEMARCHE_COLUMNS, EXEMPLE_DEMARCHES),
    }
    listes = workbook.create_sheet("listes")
    list_column = 0
    for name, (sheet, columns, examples) in sheets.items():
        sheet.title = name
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            header = sheet.cell(row=1, column=index, value=column)
            header.font = Font(bold=True)
            header.fill = PatternFill("solid", fgColor="E7E6E6")
            label, help_text = _label(column, name)
            header.comment = Comment(f"{label}\n{help_text}".strip(), "lettres", width=300, height=120)
            sheet.column_dimensions[letter].width = max(14, min(40, len(column) + 4))
            for row, example in enumerate(examples, start=2):
                cell = sheet.cell(row=row, column=index, value=example.get(column))
                if isinstance(example.get(column), date):
                    cell.number_format = "DD/MM/YYYY"
                if isinstance(example.get(column), str) and "\n" in example[column]:
                    cell.alignment = Alignment(wrap_text=True)
            number_format = "@" if _is_text(column, name) else ("DD/MM/YYYY" if _is_date(column, name) else None)
            if number_format:
                for row in range(2, 1001):
                    sheet.cell(row=row, column=index).number_format = number_format
            choices = _choices(column, name)
            if choices:
                list_column += 1
                list_letter = get_column_letter(list_column)
                listes.cell(row=1, column=list_column, value=f"{name}.{column}")
                for i, code in enumerate(choices, start=2):
                    listes.cell(row=i, column=list_column, value=code)
                validation = DataValidation(
                    type="list",
                    formula1=f"=listes!${list_letter}$2:${list_letter}${len(choices) + 1}",
                    allow_blank=True,
                )
                validation.showErrorMessage = _strict(column, name)
                validation.error = "Choisissez une valeur de la liste."
                validation.errorTitle = "Valeur inconnue"
                sheet.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}1000")
        sheet.freeze_panes = "B2"
    listes.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(path, buffer.getvalue())


def _csv_bytes(columns: list[str], examples: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([cellule_tableur(c) for c in columns])
    for example in examples:
        writer.writerow(
            [
                cellule_tableur(date_courte(v) if isinstance(v, date) else (v or ""))
                for v in (example.get(c) for c in columns)
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def demarches_csv_path(path: Path) -> Path:
    """``cas.csv`` → ``cas-demarches.csv``: where ``lot modele`` writes the démarches, and ``lot`` finds them."""
    return path.with_name(f"{path.stem}-demarches{path.suffix}")


def write_template(path: Path, force: bool = False) -> list[Path]:
    """Write the spreadsheet template (.xlsx, or .csv plus its démarches .csv)."""
    suffix = path.suffix.lower()
    if suffix not in {".xlsx", ".csv"}:
        raise LettresError(f"« {path.name} » : choisissez un nom en .xlsx ou en .csv.")
    targets = [path] if suffix == ".xlsx" else [path, demarches_csv_path(path)]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise LettresError(
            f"« {existing[0]} » existe déjà : ajoutez --force pour le remplacer, ou choisissez un autre nom."
        )
    if suffix == ".xlsx":
        write_xlsx(path)
    else:
        write_atomic(path, _csv_bytes(["id", *schema_columns()], [EXEMPLE]))
        write_atomic(targets[1], _csv_bytes(DEMARCHE_COLUMNS, EXEMPLE_DEMARCHES))
    return targets
