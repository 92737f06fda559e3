"""The built-in fictitious dossiers: the first thing a new user runs.

The main one (``dossier.yaml``) shows the most common case: a renewal filed on ANEF that cannot be
completed, with the titre about to expire (situations ``depot_incomplet`` and ``api``). ``situations/``
holds one example per other situation, shown by ``lettres demo --situation CODE``, and one where the référé
is ripe (``--situation refere``).

The example dossiers describe their situation as of ``REFERENCE``; their dates move with today (birth dates
excepted), so that each example shows the same situation whatever the day it is run. A démarche made with a person
or an office (a call, a letter sent and its receipt, an appointment) then moves to the nearest previous working day
(``ouvres.py``): no call on a Sunday or on 1 November; so does a démarche whose ``type`` line ends with
« # jour ouvré » (the référé example's last capture, taken the working day before today). Their pièces are stored
under their name as of ``REFERENCE`` (``pieces/2026-10-21-pas-api-nice.png``: the date of its démarche) and
copied beside the example under the moved date; the images themselves carry no calendar date (see
``outils/construire_captures_demo.py``), so no pièce contradicts the documents that cite it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from lettres.demo.ouvres import ouvre_precedent
from lettres.documents.generation import Resultat, generate
from lettres.documents.habillage import Habillage
from lettres.dossier import Dossier, load_dossier
from lettres.dossier.fichier import dossier_data
from lettres.dossier.schema import validate_dossier
from lettres.erreurs import LettresError
from lettres.fichiers import copy_private, write_atomic
from lettres.francais import MOIS, date_lettre
from lettres.jour import date_du_jour

EXEMPLE = "exemple-dossier"
# the day the example dossiers were written for: each date moves by the days between it and today
REFERENCE = date(2026, 11, 27)
# a date as a YAML value (never a birth date, never inside a file name)
_DATE_YAML = re.compile(r"(?m)^(\s*(?!date_naissance\b)[a-z_]+:\s*)(\d{4}-\d{2}-\d{2})(\s*)$")
# a date written in a text or a comment: « 15 décembre 2026 », « 1er octobre 2026 »
_DATE_TEXTE = re.compile(rf"\b(1er|\d{{1,2}}) ({'|'.join(MOIS)}) (\d{{4}})\b")
# the date that begins a pièce's file name: « pieces/2026-10-21-pas-api-nice.png »
_DATE_FICHIER = re.compile(r"(?<=/)(\d{4}-\d{2}-\d{2})(?=-[a-z0-9-]+\.[a-z]+\b)")
# the démarches made with a person or an office, on working days: calls, appointments, letters (their sending and
# their receipt, section ``envoi``), the referral to a jurist, a lawyer, the Défenseur des droits
OUVRES = frozenset(
    {
        "appel_anef",
        "appel_pan",
        "visite_pan",
        "demande_rdv",
        "courrier_prefecture",
        "saisine_juriste",
        "saisine_ddd",
        "saisine_avocat",
    }
)
_SECTION = re.compile(r"^([a-z_]+):")
_TYPE = re.compile(r"^\s*-\s+type:\s*([a-z_]+)")
# a démarche of another kind that also falls on a working day (the capture taken the working day before the
# référé is filed): its ``type`` line carries this comment
MARQUE_OUVRE = "# jour ouvré"


def decaler(texte: str, jours: int, noms: bool = True) -> str:
    """The example's text with every date (but birth dates) moved by ``jours`` days, the dates of its pièces'
    file names included (unless ``noms`` is false); a démarche made with a person or an office, one marked
    « # jour ouvré », and the sending and receipt of a letter, on the nearest previous working day."""

    def ecrite(m: re.Match[str]) -> str:
        jour = 1 if m.group(1) == "1er" else int(m.group(1))
        return date_lettre(date(int(m.group(3)), MOIS.index(m.group(2)) + 1, jour) + timedelta(days=jours))

    lignes, section, genre, marque = [], "", "", False
    for ligne in texte.splitlines(keepends=True):
        if m := _SECTION.match(ligne):
            section, genre, marque = m.group(1), "", False
        elif section == "demarches" and (m := _TYPE.match(ligne)):
            genre, marque = m.group(1), ligne.rstrip().endswith(MARQUE_OUVRE)
        ouvre = section == "envoi" or (section == "demarches" and (genre in OUVRES or marque))
        lignes.append(_decaler_ligne(_DATE_TEXTE.sub(ecrite, ligne), jours, ouvre, noms))
    return "".join(lignes)


def _decaler_ligne(ligne: str, jours: int, ouvre: bool, noms: bool) -> str:
    """One line of the example: its YAML date and the dates of its pièces' names moved (``ouvre``: to a working
    day)."""

    def deplace(iso: str) -> str:
        jour = date.fromisoformat(iso) + timedelta(days=jours)
        return (ouvre_precedent(jour) if ouvre else jour).isoformat()

    ligne = _DATE_YAML.sub(lambda m: f"{m.group(1)}{deplace(m.group(2))}{m.group(3)}", ligne)
    return _DATE_FICHIER.sub(lambda m: deplace(m.group(1)), ligne) if noms else ligne


def texte_exemple(situation: str | None, jour: date) -> str:
    """The example dossier's YAML, its dates moved to ``jour``."""
    return decaler(demo_dossier(situation).read_text(encoding="utf-8"), (jour - REFERENCE).days)


def charger_exemple(situation: str | None = None, jour: date | None = None) -> Dossier:
    """The example dossier as of ``jour`` (today by default); its pièces keep the paths they are stored under,
    the documents name them after their démarche's (moved) date."""
    source = demo_dossier(situation)
    jours = ((jour or date_du_jour()) - REFERENCE).days
    texte = decaler(source.read_text(encoding="utf-8"), jours, noms=False)
    return validate_dossier(dossier_data(texte.encode("utf-8"), source), str(source))


PRINCIPALE = "depot_incomplet"  # the situation of the main demo dossier


def demo_folder() -> Path:
    return Path(str(resources.files("lettres"))) / "demo"


def situations_demo() -> tuple[str, ...]:
    """What ``lettres demo --situation`` accepts: each situation, and ``refere`` (a dossier where the référé
    « mesures utiles » is ripe: Nice, letter to the préfecture unanswered)."""
    from lettres.referentiel import charger_referentiel

    return (*charger_referentiel().situations, "refere")


def demo_dossier(situation: str | None = None) -> Path:
    """The example dossier for a situation (the main one by default)."""
    if situation in (None, PRINCIPALE):
        return demo_folder() / "dossier.yaml"
    path = demo_folder() / "situations" / f"{situation}.yaml"
    if not path.is_file():
        raise LettresError(f"Situation inconnue « {situation} » : choisissez parmi {', '.join(situations_demo())}.")
    return path


def copy_example(sortie: Path, situation: str | None = None, jour: date | None = None) -> Path:
    """Copy the example dossier (its dates as of ``jour``) and its pièces beside the documents, unless already
    there."""
    source = demo_dossier(situation)
    cible = sortie / (EXEMPLE if situation in (None, PRINCIPALE) else f"exemple-{situation}")
    if not (cible / "dossier.yaml").exists():
        jour = jour or date_du_jour()
        texte = texte_exemple(situation, jour)
        write_atomic(cible / "dossier.yaml", texte.encode("utf-8"))
        copie = validate_dossier(dossier_data(texte.encode("utf-8"), source), str(source))
        for chemin, nom in sorted(set(_pieces(load_dossier(source), copie))):  # under the name the copy gives it
            copy_private(source.parent / chemin, cible / nom)
    return cible / "dossier.yaml"


def _pieces(original: Dossier, copie: Dossier) -> list[tuple[str, str]]:
    """Each pièce of the example as stored, with the name the copied dossier gives it (same places, moved dates)."""
    paires = [
        (chemin, nom)
        for avant, apres in zip(original.demarches, copie.demarches, strict=True)
        for chemin, nom in zip(avant.pieces, apres.pieces, strict=True)
    ]
    avant, apres = original.justificatifs.model_dump(), copie.justificatifs.model_dump()
    paires += [(c, n) for cle, liste in avant.items() for c, n in zip(liste, apres[cle], strict=True)]
    return paires


def run_demo(
    sortie: Path, force: bool = False, habillage: Habillage | None = None, situation: str | None = None
) -> tuple[Resultat, Path]:
    """Generate every document of an example dossier into ``sortie``."""
    source = demo_dossier(situation)
    jour = date_du_jour()
    dossier = charger_exemple(situation, jour)
    resultat = generate(dossier, source.parent, sortie, force=force, habillage=habillage, aujourd_hui=jour)
    exemple = copy_example(sortie, situation, jour)
    resultat.source = exemple  # the advice names the copy the user is told to edit
    return resultat, exemple
