"""The tracking table as a CSV for Excel in French: « ; », a UTF-8 BOM, dates as JJ/MM/AAAA, one column
per kind of deadline (to sort and filter), and text from the dossiers never run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from lettres.excel import cellule_tableur
from lettres.fichiers import write_atomic
from lettres.francais import date_courte
from lettres.suivi.tableau import Suivi

COLONNES = (
    "fichier",
    "nom",
    "prenoms",
    "prefecture",
    "situation",
    "prochaine_echeance",
    "date_prochaine_echeance",
    "jours",
    "en_retard",
    "au_plus_tot",
    "fin_titre",
    "fin_api_recepisse",
    "refere_possible_le",
    "rejet_implicite",
    "fin_recours",
    "etapes_manquantes",
    "prochaine_action",
)
# the column of each kind of deadline
COLONNE_GENRE = {
    "titre": "fin_titre",
    "document_provisoire": "fin_api_recepisse",
    "reponse_prefecture": "refere_possible_le",
    "rejet_implicite": "rejet_implicite",
    "fin_recours": "fin_recours",
}


def suivi_csv(suivi: Suivi) -> str:
    """The table as CSV text (without the BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLONNES)
    for ligne in suivi.lignes:
        p = ligne.prochaine
        dates = {COLONNE_GENRE[e.genre]: date_courte(e.date) for e in ligne.echeances}
        texte = {
            "fichier": str(ligne.fichier),
            "nom": ligne.nom,
            "prenoms": ligne.prenoms,
            "prefecture": ligne.prefecture,
            "situation": ligne.situation,
            "prochaine_echeance": p.libelle if p else "",
            "etapes_manquantes": ", ".join(map(str, ligne.etapes_manquantes)),
            "prochaine_action": ligne.action,
        }
        valeurs: dict[str, object] = {k: cellule_tableur(v) for k, v in texte.items()}
        # values the tool computes stay numbers and dates, for Excel to sort
        valeurs |= {
            "date_prochaine_echeance": date_courte(p.date) if p else "",
            "jours": p.jours if p else "",
            "en_retard": "oui" if ligne.en_retard else "non",
            "au_plus_tot": ("oui" if p.au_plus_tot else "non") if p else "",
            **dates,
        }
        writer.writerow([valeurs.get(c, "") for c in COLONNES])
    return buffer.getvalue()


def write_suivi_csv(suivi: Suivi, path: Path) -> None:
    """Write the CSV atomically, readable by its owner only, with the BOM Excel needs to read UTF-8.

    An earlier table of ``lettres suivi`` is replaced; any other file there is refused (SortieExistante)."""
    from lettres.erreurs import SortieExistante

    entete = "\ufeff" + ";".join(COLONNES)
    if path.exists():
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                ours = handle.read(len(entete)) == entete
        except OSError:
            ours = False
        if not ours:
            raise SortieExistante(
                f"« {path} » existe et n'est pas un tableau écrit par lettres suivi : choisissez un autre nom de "
                "fichier pour --csv, ou supprimez celui-ci."
            )
    write_atomic(path, ("\ufeff" + suivi_csv(suivi)).encode("utf-8"))
