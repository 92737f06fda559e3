"""« Modifier ou compléter » one démarche of the journal: its date, time, type, detail, result and what a
letter asked, its pièces (kept, replaced, removed, or added later — picked, dropped or pasted), and for the
letter to the préfecture its registered-mail number and the date of its acknowledgement.

The same fields and checks as adding one (``pages/demarches.py``); only what changed is written, in place,
under the file's lock (``dossier.demarches.modify_demarche``). The form carries the file's fingerprint: if
the file changed elsewhere since the page opened (a terminal, another tab), nothing is written and the page
comes back with what was typed, to be sent again over the new version. Every POST answers with a
redirection (303): a reload never sends it twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lettres.dossier import Dossier, load_dossier, read_dossier_data
from lettres.dossier.demarches import changed_fields, modify_demarche
from lettres.dossier.edition import FichierModifie, file_empreinte
from lettres.dossier.entretien import LETTRE_ENVOYEE
from lettres.dossier.pieces import check_piece
from lettres.dossier.recommande import lettre_envoyee
from lettres.erreurs import LettresError, PieceRefusee
from lettres.francais import date_courte
from lettres.web.fiche import Fiche
from lettres.web.formulaire import VueChamp, input_text, view
from lettres.web.pages.demarches import (
    CAPTURES,
    FORMULAIRE,
    _shown,
    built,
    chronology,
    dated_prefix,
    envoi_views,
    kept_captures,
    read_envoi,
    read_fields,
    received,
    typed,
)
from lettres.web.pages.dossier import person_name
from lettres.web.parcours import pages
from lettres.web.rendu import redirect, render
from lettres.web.requetes import closing, files, guichet, read_form, text
from lettres.web.televersement import FichierRefuse, store

PIECES_MAX = 100  # pièces of one démarche listed in the form


def origine(dossier: Dossier, index: int) -> str:
    """A fingerprint of démarche ``index`` as the page showed it: a later page knows whether it changed."""
    if not 0 <= index < len(dossier.demarches):
        return ""
    return hashlib.sha256(dossier.demarches[index].model_dump_json().encode("utf-8")).hexdigest()[:16]


def index_of(request: Request) -> int:
    try:
        return int(request.path_params["index"])
    except ValueError:
        return -1


def with_sending(dossier: Dossier, index: int) -> bool:
    """The form asks the registered-mail number and the acknowledgement: the ``envoi`` section records this
    démarche's sending (or no letter's yet)."""
    return lettre_envoyee(dossier) in (None, index)


def answers_of(demarche: Any) -> dict:
    """A démarche of the file as the form's answers."""
    return {"demarches": {k: getattr(demarche, k) for k in ("type", "date", "heure", "detail", "resultat", "objet")}}


def envoi_typed(dossier: Dossier) -> dict[str, str]:
    """The number and acknowledgement date recorded, as typed again."""
    return {
        "envoi.numero_recommande": dossier.envoi.numero_recommande or "",
        "envoi.accuse_reception_le": input_text(dossier.envoi.accuse_reception_le),
    }


@dataclass
class Reprise:
    """What the page shows: the démarche's answers, or what was typed and refused (or not saved: conflict)."""

    answers: dict
    saisies: dict[str, str]
    erreurs: dict[str, str] = field(default_factory=dict)
    pieces: list[str] = field(default_factory=list)  # the pièces the form lists (kept unless unticked)
    gardees: list[str] = field(default_factory=list)  # sent with a form that was not saved: offered again
    conflit: bool = False
    origine: str = ""


def _fresh(dossier: Dossier, index: int) -> Reprise:
    d = dossier.demarches[index]
    saisies = {"demarches.date": input_text(d.date), **envoi_typed(dossier)}
    return Reprise(answers_of(d), saisies, pieces=list(d.pieces), origine=origine(dossier, index))


def _views(reprise: Reprise, type_code: str, heure: bool, envoi: bool) -> list[VueChamp]:
    vues = _shown(view(FORMULAIRE, reprise.answers, reprise.saisies, reprise.erreurs), type_code)
    for vue in vues:
        if vue.key == "demarches.heure":
            vue.visible = vue.visible or heure  # a time already noted stays editable, whatever the type
    return vues + (envoi_views(type_code, reprise.saisies, reprise.erreurs) if envoi else [])


async def show(request: Request) -> Response:
    g = guichet(request)
    ident = request.path_params["ident"]
    fiche = Fiche(g.chemin(ident), g.racine)
    if not fiche.existe:
        return redirect(f"/dossier/{ident}/demarches")
    index = index_of(request)
    dossier = load_dossier(fiche.path)
    kept = guichet(request).memoire.lire(request.query_params.get("reprise"))
    reprise = kept["reprise"] if isinstance(kept, dict) and kept.get("cle") == (ident, index) else None
    entree = next((e for e in chronology(dossier) if e.index == index), None)
    if entree is None:
        if reprise is None:
            raise LettresError("Cette démarche n'est plus dans le journal : rechargez la page.")
        return _lost(request, ident, fiche, reprise)
    if reprise is None:
        reprise = _fresh(dossier, index)
    type_code = str((reprise.answers.get("demarches") or {}).get("type") or entree.demarche.type)  # type: ignore[attr-defined]
    vues = _views(reprise, type_code, bool(entree.demarche.heure), with_sending(dossier, index))  # type: ignore[attr-defined]
    change = reprise.conflit and reprise.origine != origine(dossier, index)
    return render(
        request,
        "demarche.html",
        titre="Modifier une démarche",
        rubrique="demarches",
        ident=ident,
        nom=_nom(dossier),
        existe=True,
        pages=pages(),
        e=entree,
        vues=vues,
        pieces=[(k, p, p.lower().endswith((".png", ".jpg", ".jpeg"))) for k, p in enumerate(reprise.pieces)],
        gardees=reprise.gardees,
        erreurs=[v for v in vues if v.erreur and v.visible],
        erreur_pieces=reprise.erreurs.get("pieces", ""),
        erreur_generale=reprise.erreurs.get("", ""),
        conflit=reprise.conflit,
        change=change,
        empreinte=file_empreinte(fiche.path),
        origine=origine(dossier, index),
        autre_lettre=_other_letter(dossier, index),
        captures=g.montre(fiche.path.parent / CAPTURES),
    )


def _nom(dossier: Dossier) -> str:
    """The person's name in the page's title, as the other pages of the dossier give it."""
    return person_name({"personne": {"nom": dossier.personne.nom, "prenoms": dossier.personne.prenoms}})


def _other_letter(dossier: Dossier, index: int) -> str:
    """« 03/11/2026 »: the letter whose sending the ``envoi`` section records, when it is another one."""
    envoyee = lettre_envoyee(dossier)
    if envoyee is None or envoyee == index or dossier.demarches[index].type not in LETTRE_ENVOYEE:
        return ""
    return date_courte(dossier.demarches[envoyee].date)


def _lost(request: Request, ident: str, fiche: Fiche, reprise: Reprise) -> Response:
    """The démarche was removed elsewhere before the change was saved: what was typed, to copy it."""
    dossier = load_dossier(fiche.path)
    saisies = [(v.label, reprise.saisies.get(v.key, "")) for v in view(FORMULAIRE, {}, {}, {})]
    return render(
        request,
        "demarche_perdue.html",
        titre="Modifier une démarche",
        rubrique="demarches",
        ident=ident,
        nom=_nom(dossier),
        existe=True,
        pages=pages(),
        saisies=[(label, valeur) for label, valeur in saisies if valeur],
        pieces=[*reprise.pieces, *reprise.gardees],
    )


async def _pieces(form: Any, base: Path, regle: Any, erreurs: dict[str, str], jointes: list[str]) -> list[str]:
    """The pièces as the form leaves them, in order: each listed one kept (ticked), replaced by the file
    chosen beside it, or removed (unticked); then those sent before and offered again; then those added.
    ``jointes``: the démarche's pièces in the file, kept as they are; any other path is checked."""
    pieces: list[str] = []
    prefixe = dated_prefix(text(form, "demarches.type"), text(form, "demarches.date"))
    for k in range(PIECES_MAX):
        chemin = text(form, f"actuelle-{k}")
        if not chemin:
            break
        try:
            remplacee = await files(form, f"remplacer-{k}", regle.taille_max)
            nouvelle = store(remplacee, base, CAPTURES, prefixe, regle.taille_max) if remplacee else []
        except FichierRefuse as exc:
            erreurs["pieces"] = exc.message
            nouvelle = []
        if nouvelle:
            pieces += nouvelle
        elif text(form, f"garder-{k}") == "oui" and chemin in jointes:
            pieces.append(chemin)
        elif text(form, f"garder-{k}") == "oui":
            try:
                check_piece(chemin, base, regle)
                pieces.append(chemin)
            except PieceRefusee as exc:
                erreurs["pieces"] = exc.message
    pieces += [p for p in kept_captures(form, base, regle) if p not in pieces]
    return pieces + await received(form, "pieces", base, regle, erreurs)


def _envoi_changes(dossier: Dossier, demarche: dict, envoi: dict) -> dict:
    """The ``envoi`` keys that change: the number, the acknowledgement date, and the sending date when the
    letter's date changes (None removes a key emptied in the form)."""
    recorded = dossier.envoi
    changes: dict = {}
    numero = envoi.get("numero_recommande")
    if "".join(str(numero or "").split()).upper() != "".join((recorded.numero_recommande or "").split()).upper():
        changes["numero_recommande"] = numero
        if numero:
            changes["recommande"] = True
    if envoi.get("accuse_reception_le") != recorded.accuse_reception_le:
        changes["accuse_reception_le"] = envoi.get("accuse_reception_le")
    if recorded.envoye_le != demarche["date"]:
        changes["envoye_le"] = demarche["date"]
    return changes


@dataclass
class Envoi:
    """One POST of the form, read: the démarche's fields, its pièces, and what was refused."""

    answers: dict = field(default_factory=dict)
    erreurs: dict[str, str] = field(default_factory=dict)
    pieces: list[str] = field(default_factory=list)
    envoi: dict = field(default_factory=dict)


def keeps_time(dossier: Dossier, index: int, type_code: str) -> bool:
    """A time already noted stays, as long as the type is not changed (one that asks none drops it)."""
    avant = dossier.demarches[index]
    return bool(avant.heure) and type_code == avant.type


async def _read(form: Any, dossier: Dossier, index: int, base: Path, regle: Any) -> Envoi:
    lu = Envoi()
    lu.pieces = await _pieces(form, base, regle, lu.erreurs, list(dossier.demarches[index].pieces))
    type_code = text(form, "demarches.type")
    lu.answers, refus = read_fields(form, keeps_time(dossier, index, type_code))
    lu.erreurs.update(refus)
    if type_code in LETTRE_ENVOYEE and with_sending(dossier, index):
        lu.envoi, _, refus = read_envoi(form, (lu.answers.get("demarches") or {}).get("date"))
        lu.erreurs.update(refus)
    return lu


async def save(request: Request) -> Response:
    g = guichet(request)
    ident = request.path_params["ident"]
    index = index_of(request)
    fiche = Fiche(g.chemin(ident), g.racine)
    form = await read_form(request)
    if not fiche.existe:
        return redirect(f"/dossier/{ident}/demarches")
    regle = g.config().pieces
    dossier = load_dossier(fiche.path)
    if not 0 <= index < len(dossier.demarches):  # removed elsewhere meanwhile: what was typed is shown
        listees = [text(form, f"actuelle-{k}") for k in range(PIECES_MAX) if text(form, f"actuelle-{k}")]
        reprise = Reprise({}, typed(form), pieces=listees, conflit=True, origine=text(form, "origine"))
        cle = guichet(request).memoire.garder({"cle": (ident, index), "reprise": reprise})
        return redirect(f"/dossier/{ident}/demarches/{index}/modifier?reprise={cle}#erreurs")
    lu = await _read(form, dossier, index, fiche.path.parent, regle)
    conflit = False
    if not lu.erreurs:
        try:
            changed = _write(fiche.path, dossier, index, form, lu, regle)
        except FichierModifie:
            conflit = True
        except LettresError as exc:
            lu.erreurs[""] = exc.message
    if lu.erreurs or conflit:
        reprise = Reprise(lu.answers, typed(form), lu.erreurs, conflit=conflit, origine=text(form, "origine"))
        reprise.pieces = [
            p for p in lu.pieces if not p.startswith(f"{CAPTURES}/") or p in dossier.demarches[index].pieces
        ]
        reprise.gardees = [p for p in lu.pieces if p not in reprise.pieces]
        cle = guichet(request).memoire.garder({"cle": (ident, index), "reprise": reprise})
        return redirect(f"/dossier/{ident}/demarches/{index}/modifier?reprise={cle}#erreurs")
    fait = "demarche_modifiee" if changed else "demarche_inchangee"
    return redirect(f"/dossier/{ident}/demarches?fait={fait}#demarche-{index}")


def _write(path: Path, dossier: Dossier, index: int, form: Any, lu: Envoi, regle: Any) -> bool:
    """Write what changed (False when nothing did); FichierModifie when the file is no longer the page's."""
    type_code = text(form, "demarches.type")
    jointes = dossier.demarches[index].pieces  # already in the file: kept as they are, even a file gone missing
    nouvelles = [p for p in lu.pieces if p not in jointes]
    demarche = built(form, lu.answers, nouvelles, path.parent, regle, keeps_time(dossier, index, type_code))
    demarche["pieces"] = lu.pieces
    demarche.setdefault("objet", [])  # none ticked: the field goes
    champs = changed_fields(read_dossier_data(path)["demarches"][index], demarche)
    envoi = _envoi_changes(dossier, demarche, lu.envoi) if lu.envoi else {}
    if not champs and not envoi:
        return False
    modify_demarche(path, index, champs, regle, envoi=envoi, attendue=text(form, "empreinte") or None)
    return True


routes = [
    Route("/dossier/{ident}/demarches/{index}/modifier", show),
    Route("/dossier/{ident}/demarches/{index}/modifier", closing(save), methods=["POST"]),
]
