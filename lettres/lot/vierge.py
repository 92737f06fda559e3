"""``lettres lot modele``: the empty spreadsheet to fill, built from the dossier schema.

XLSX: two sheets (``dossiers``, ``demarches``); a first row of section titles (one colour band per section
of the interview), then the headers in French words (``colonnes.py``) with each field's help as a cell
comment, drop-down lists for the enumerations, panes frozen on the person's name, and example rows marked
« EXEMPLE — ne sera pas traité » that a batch skips. CSV: the same rows (sections, headers, examples), « ; »
and a UTF-8 BOM for Excel, and the démarches file beside it. ``lettres lot`` reads both back unchanged.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from lettres.dossier.questions import Question, condition_text, question
from lettres.dossier.saisie import REPLIS
from lettres.erreurs import LettresError
from lettres.excel import cellule_tableur
from lettres.fichiers import write_atomic
from lettres.francais import date_courte
from lettres.lot.colonnes import EXEMPLE_MARQUE, Colonne, demarche_columns, dossier_columns

EXEMPLE_ID = EXEMPLE_MARQUE
def exemple() -> dict[str, Any]:
    """The example row, its dates relative to today (a blockage of two months, a titre expiring in three weeks),
    for a titre filed on the ANEF: the example a caseworker copies shows a case the tool follows."""
    from datetime import timedelta

    from lettres.jour import date_du_jour

    jour = date_du_jour()
    return {
        "id": EXEMPLE_ID,
        "signataire": "accompagnant",
        "consentement.date": jour - timedelta(days=50),
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
        "demande.titre": "carte de séjour pluriannuelle « talent – salarié qualifié ou salarié d'une entreprise innovante »",
        "demande.categorie": "CSP 1.1",
        "demande.pieces_fournies": "nationalite, domicile, photos",
        "demande.prefecture": "13",
        "demande.titre_actuel_expiration": jour + timedelta(days=20),
        "blocage.types": "erreur_validation",
        "blocage.depuis": jour - timedelta(days=60),
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


def exemple_demarches() -> list[dict[str, Any]]:
    """The example's two démarches, dated from its blockage."""
    from datetime import timedelta

    from lettres.jour import date_du_jour

    jour = date_du_jour()
    return [
        {
            "dossier": EXEMPLE_ID,
            "type": "capture_ecran",
            "date": jour - timedelta(days=60),
            "heure": "10:42",
            "detail": "Message d'erreur à la validation",
            "resultat": "",
        },
        {
            "dossier": EXEMPLE_ID,
            "type": "appel_anef",
            "date": jour - timedelta(days=50),
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
# one pale colour per section band, in turn (the header row takes the same colour)
BANDES = ("DDEBF7", "E2EFDA", "FFF2CC", "FCE4D6", "EDE7F6", "E7E6E6")
LIGNES_MODELE = 1000  # rows given the drop-down lists and the cell formats


def _question(column: str, sheet: str) -> Question:
    return question(f"demarches.{column}" if sheet == "demarches" else column)


def _label(column: str, sheet: str) -> tuple[str, str]:
    """The header's comment: the field's label, then its help, example, conditions and default."""
    if column == "id":
        return "Identifiant du dossier", (
            "Unique dans le fichier (un numéro suffit) ; les démarches de la personne le reprennent. "
            f"Une ligne marquée « {EXEMPLE_MARQUE} » n'est jamais traitée."
        )
    if column == "dossier":
        return "Identifiant du dossier", "Celui de la personne (feuille dossiers) à qui la démarche appartient."
    q = _question(column, sheet)
    saisie = q.saisie
    notes = [q.help] if q.help else []
    if q.kind == "fichiers":
        notes = ["Chemins des fichiers séparés par « ; », relatifs au tableur."]
    if q.kind == "choix_multiple":
        notes.append(_several(q.saisie.choix))
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


def _several(nom: str) -> str:
    """The help of a column of several answers: how to write them, and the words of each."""
    from lettres.lot.choix import SEPARATEUR, libelles

    if nom == "pieces_titre":
        quoi = "Les pièces réunies, parmi celles de la liste de la catégorie du titre"
    else:
        quoi = "Une ou plusieurs réponses"
    return f"{quoi}, séparées par « ; » (la liste déroulante en donne une) :{SEPARATEUR}{SEPARATEUR.join(libelles(nom).values())}."


def _example_value(column: str, sheet: str, value: Any, un_libelle: bool = True) -> Any:
    """An example's cell as the template writes it: several answers by their words separated by « ; », a
    one-answer column by its label (``un_libelle``: as its drop-down lists it)."""
    if not isinstance(value, str) or column in ("id", "dossier"):
        return value
    q = _question(column, sheet)
    if q.kind == "choix_multiple":
        from lettres.lot.choix import cell_text

        return cell_text(q.saisie.choix, value)
    return _one_choice_labels(column, sheet).get(value, value) if un_libelle else value


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
    if q.choices and q.kind == "choix":  # one answer: the drop-down lists the labels, read back as its code
        return [label for code, label in q.choices().items() if code]
    if q.kind == "choix_multiple":  # several answers in a cell: the list gives the words of each
        from lettres.lot.choix import libelles

        return list(libelles(q.saisie.choix).values())
    if q.choices:
        return [code for code in q.choices() if code]
    return None


def _one_choice_labels(column: str, sheet: str) -> dict[str, str]:
    """Code → label of a one-answer column whose drop-down lists the labels (the example row writes them)."""
    if column in ("id", "dossier"):
        return {}
    q = _question(column, sheet)
    return dict(q.choices()) if q.choices and q.kind == "choix" else {}


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


def _bands(sheet, columns: tuple[Colonne, ...]) -> list[str]:
    """Row 1: each section's title over its columns, in its colour; the colour of each column."""
    from openpyxl.styles import Alignment, Font, PatternFill

    groups: list[list[Any]] = []  # [first column, last column, section]
    for index, colonne in enumerate(columns, start=1):
        if groups and groups[-1][2] == colonne.section:
            groups[-1][1] = index
        else:
            groups.append([index, index, colonne.section])
    colours: list[str] = []
    for number, (first, last, section) in enumerate(groups):
        colour = BANDES[number % len(BANDES)]
        for index in range(first, last + 1):
            sheet.cell(row=1, column=index).fill = PatternFill("solid", fgColor=colour)
            colours.append(colour)
        cell = sheet.cell(row=1, column=first, value=section)
        cell.font = Font(bold=True, size=12)
        cell.alignment = Alignment(vertical="center")
        if last > first:
            sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last)
    sheet.row_dimensions[1].height = 22
    return colours


def _header(sheet, index: int, colonne: Colonne, name: str, colour: str) -> None:
    """Row 2: the header in French words, its help as a comment, a readable width."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header = sheet.cell(row=2, column=index, value=colonne.entete)
    header.font = Font(bold=True)
    header.fill = PatternFill("solid", fgColor=colour)
    header.alignment = Alignment(wrap_text=True, vertical="top")
    label, help_text = _label(colonne.cle, name)
    header.comment = Comment(f"{label}\n{help_text}".strip(), "lettres", width=300, height=120)
    sheet.column_dimensions[get_column_letter(index)].width = max(16, min(32, len(colonne.entete) // 2 + 6))


def _examples(sheet, index: int, column: str, examples: list[dict[str, Any]]) -> None:
    """The example rows (3 and after), in grey italics: a batch skips them."""
    from openpyxl.styles import Alignment, Font

    for row, example in enumerate(examples, start=3):
        value = _example_value(column, sheet.title, example.get(column))
        cell = sheet.cell(row=row, column=index, value=value)
        cell.font = Font(italic=True, color="595959")
        if isinstance(value, date):
            cell.number_format = "DD/MM/YYYY"
        if isinstance(value, str) and "\n" in value:
            cell.alignment = Alignment(wrap_text=True)


def _drop_down(sheet, listes, letter: str, column: str, name: str, list_column: int) -> bool:
    """The column's list, written in the hidden sheet « listes »; whether the column has one."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = _choices(column, name)
    if not choices:
        return False
    list_letter = get_column_letter(list_column)
    listes.cell(row=1, column=list_column, value=f"{name}.{column}")
    for i, code in enumerate(choices, start=2):
        listes.cell(row=i, column=list_column, value=code)
    validation = DataValidation(
        type="list", formula1=f"=listes!${list_letter}$2:${list_letter}${len(choices) + 1}", allow_blank=True
    )
    validation.showErrorMessage = _strict(column, name)
    validation.error = "Choisissez une valeur de la liste."
    validation.errorTitle = "Valeur inconnue"
    sheet.add_data_validation(validation)
    validation.add(f"{letter}3:{letter}{LIGNES_MODELE}")
    return True


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheets = {
        # panes frozen below the headers and on the person's name (id, civilité, nom) or the démarche's type
        "dossiers": (workbook.active, dossier_columns(), [exemple()], "D3"),
        "demarches": (workbook.create_sheet("demarches"), demarche_columns(), exemple_demarches(), "C3"),
    }
    listes = workbook.create_sheet("listes")
    list_column = 0
    for name, (sheet, columns, examples, frozen) in sheets.items():
        sheet.title = name
        colours = _bands(sheet, columns)
        for index, colonne in enumerate(columns, start=1):
            column, letter = colonne.cle, get_column_letter(index)
            _header(sheet, index, colonne, name, colours[index - 1])
            _examples(sheet, index, column, examples)
            number_format = "@" if _is_text(column, name) else ("DD/MM/YYYY" if _is_date(column, name) else None)
            if number_format:
                for row in range(3 + len(examples), LIGNES_MODELE + 1):
                    sheet.cell(row=row, column=index).number_format = number_format
            if _drop_down(sheet, listes, letter, column, name, list_column + 1):
                list_column += 1
        sheet.row_dimensions[2].height = 48
        sheet.freeze_panes = frozen
    listes.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(path, buffer.getvalue())


def _csv_bytes(columns: tuple[Colonne, ...], examples: list[dict], sheet: str = "dossiers") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    # as in the workbook: the sections' titles over their first columns, then the headers
    writer.writerow(
        [
            cellule_tableur(c.section) if i == 0 or columns[i - 1].section != c.section else ""
            for i, c in enumerate(columns)
        ]
    )
    writer.writerow([cellule_tableur(c.entete) for c in columns])
    for example in examples:
        writer.writerow(
            [
                cellule_tableur(date_courte(v) if isinstance(v, date) else (v or ""))
                for v in (_example_value(c.cle, sheet, example.get(c.cle), un_libelle=False) for c in columns)
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
        write_atomic(path, _csv_bytes(dossier_columns(), [exemple()]))
        write_atomic(targets[1], _csv_bytes(demarche_columns(), exemple_demarches(), "demarches"))
    return targets
