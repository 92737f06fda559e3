"""Démarches: the dated chronology of the dossier, and a form to add a step with its pièces — chosen
with the file picker, dropped on the page, or pasted from the clipboard (a screenshot).

The démarche is added by the library (``dossier.demarches.add_demarche``: under the file's lock, comments
kept, the whole dossier checked); the pièces are written first in ``captures/`` beside the dossier, under
a dated name, so that a refused date does not lose them: they are offered again with the corrected form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from lettres.dossier import Dossier, load_dossier
from lettres.dossier.demarches import add_demarche, build_demarche, envoi_courrier
from lettres.dossier.edition import FichierModifie, empreinte, remove_demarche
from lettres.dossier.entretien import LETTRE_ENVOYEE, asks_time, demarche_field_asked
from lettres.dossier.fichier import read_dossier_text
from lettres.dossier.pieces import check_piece, read_piece
from lettres.dossier.valeurs import FieldError, parse_date
from lettres.erreurs import LettresError, PieceRefusee
from lettres.francais import ascii_slug
from lettres.jour import date_du_jour
from lettres.referentiel import charger_referentiel
from lettres.web.fiche import Fiche
from lettres.web.formulaire import Formulaire, VueChamp, input_text, read, view
from lettres.web.pages.dossier import missing, person_name
from lettres.web.parcours import ChampPage, Page, etape_context, page, pages
from lettres.web.rendu import redirect, render
from lettres.web.requetes import closing, files, guichet, read_form, text
from lettres.web.televersement import SIGNATURES, FichierRefuse, store

FORMULAIRE = Page(
    "demarche",
    "Ajouter une démarche",
    tuple(ChampPage(f"demarches.{k}") for k in ("type", "date", "heure", "detail", "resultat", "objet")),
)
CAPTURES = "captures"


@dataclass
class Entree:
    """One démarche of the chronology, as the page shows it."""

    index: int  # in the file's order: the address of its pièces and of its removal
    demarche: object
    type_label: str
    etape: int | None
    pieces: list[tuple[int, str, bool]] = field(default_factory=list)  # (number, path, is an image)


def chronology(dossier: Dossier) -> list[Entree]:
    referentiel = charger_referentiel()
    entries = []
    for i, d in enumerate(dossier.demarches):
        etape = referentiel.etape_du_type(d.type)
        pieces = [(k, p, p.lower().endswith((".png", ".jpg", ".jpeg"))) for k, p in enumerate(d.pieces)]
        entries.append(
            Entree(i, d, referentiel.types_demarche.get(d.type, d.type), etape.numero if etape else None, pieces)
        )
    return sorted(entries, key=lambda e: (e.demarche.date, e.demarche.heure or "", e.index))  # type: ignore[attr-defined]


# the fields of the form that depend on the démarche's type, as in the terminal
SELON_TYPE = ("heure", "objet")


def _shown(vues: list[VueChamp], type_code: str) -> list[VueChamp]:
    """The time for calls and visits, what a letter asked for letters to the préfecture: as the interview asks them."""
    for vue in vues:
        name = vue.key.removeprefix("demarches.")
        if name in SELON_TYPE:
            vue.visible = demarche_field_asked(type_code, name)
    return vues


async def visible(request: Request) -> Response:
    """Which fields of the form apply to the type chosen now (the page's script hides the others)."""
    form = await read_form(request)
    type_code = text(form, "demarches.type")
    return JSONResponse({f"demarches.{name}": demarche_field_asked(type_code, name) for name in SELON_TYPE})


def _render(
    request: Request,
    ident: str,
    fiche: Fiche,
    vues: list[VueChamp],
    gardees: list[str],
    erreurs: dict[str, str],
    status: int = 200,
    recommande: str = "",
):
    g = guichet(request)
    dossier = load_dossier(fiche.path) if fiche.existe else None
    etat = fiche.load(g.config())
    return render(
        request,
        "demarches.html",
        status=status,
        titre="Démarches",
        rubrique="demarches",
        ident=ident,
        nom=person_name(etat.answers),
        existe=fiche.existe,
        pages=pages(),
        entrees=chronology(dossier) if dossier else [],
        manques=[] if fiche.existe else missing(etat.answers),
        vues=vues,
        gardees=gardees,
        erreur_pieces=erreurs.get("pieces", ""),
        erreur_generale=erreurs.get("", ""),
        erreurs=[v for v in vues if v.erreur],
        empreinte=empreinte(read_dossier_text(fiche.path)) if fiche.existe else "",
        captures=str(fiche.path.parent / CAPTURES),
        recommande=recommande,
        **etape_context(page("demarches"), etat.answers, "revue" if request.query_params.get("retour") == "revue" else ""),  # type: ignore[arg-type]
    )


async def show(request: Request) -> Response:
    g = guichet(request)
    ident = request.path_params["ident"]
    fiche = Fiche(g.chemin(ident), g.racine)
    # « Ajouter une démarche » from the point of the dossier names the type the missing step needs
    type_ = request.query_params.get("type", "")
    choisi = {"demarches": {"type": type_}} if type_ in charger_referentiel().types_demarche else {}
    vues = _shown(view(FORMULAIRE, choisi, {}, {}), type_)
    for vue in vues:
        if vue.key == "demarches.date":
            vue.valeur = input_text(date_du_jour())
    return _render(request, ident, fiche, vues, [], {})


def _prefix(type_code: str, jour_text: str) -> str:
    try:
        jour = parse_date(jour_text) or date_du_jour()
    except FieldError:
        jour = date_du_jour()
    return f"{jour.isoformat()}-{ascii_slug(type_code) or 'piece'}"


async def add(request: Request) -> Response:
    g = guichet(request)
    ident = request.path_params["ident"]
    fiche = Fiche(g.chemin(ident), g.racine)
    form = await read_form(request)
    if not fiche.existe:
        return redirect(f"/dossier/{ident}/demarches")
    config = g.config()
    base = fiche.path.parent
    regle = config.pieces
    erreurs: dict[str, str] = {}
    gardees = []
    for chemin in form.getlist("pieces_gardees"):
        if isinstance(chemin, str) and chemin.startswith(f"{CAPTURES}/"):
            try:
                check_piece(chemin, base, regle)
                gardees.append(chemin)
            except PieceRefusee:
                continue
    try:
        recus = await files(form, "pieces", regle.taille_max)
        gardees += store(
            recus, base, CAPTURES, _prefix(text(form, "demarches.type"), text(form, "demarches.date")), regle.taille_max
        )
    except FichierRefuse as exc:
        erreurs["pieces"] = exc.message
    answers: dict = {}
    refus = read(FORMULAIRE, Formulaire(form), answers, {})
    if not asks_time(text(form, "demarches.type")):
        refus.pop("demarches.heure", None)  # not asked for this type: what the hidden field held is left out
    erreurs.update(refus)
    recommande = text(form, "recommande").strip()
    if not erreurs:
        d = answers.get("demarches") or {}
        try:
            demarche = build_demarche(
                d.get("type", ""),
                text(form, "demarches.date"),
                d.get("heure", "") if asks_time(d.get("type", "")) else "",
                d.get("detail", ""),
                d.get("resultat", ""),
                gardees,
                base,
                regle,
            )
            if d.get("objet") and demarche_field_asked(demarche["type"], "objet"):
                demarche["objet"] = list(d["objet"])  # what a letter to the préfecture asked
            envoi = envoi_courrier(demarche["date"], recommande) if demarche["type"] in LETTRE_ENVOYEE else None
            add_demarche(fiche.path, demarche, regle, envoi)
        except LettresError as exc:
            erreurs[""] = exc.message
    if erreurs:
        saisies = {k: text(form, k) for k in (c.key for c in FORMULAIRE.champs)}
        vues = _shown(view(FORMULAIRE, answers, saisies, erreurs), text(form, "demarches.type"))
        return _render(request, ident, fiche, vues, gardees, erreurs, status=400, recommande=recommande)
    return redirect(f"/dossier/{ident}/demarches?fait=demarche#chronologie")


def _entry(fiche: Fiche, request: Request) -> Entree:
    try:
        index = int(request.path_params["index"])
    except ValueError:
        index = -1
    found = next((e for e in chronology(load_dossier(fiche.path)) if e.index == index), None)
    if found is None:
        raise LettresError("Cette démarche n'est plus dans le journal : rechargez la page.")
    return found


async def confirm(request: Request) -> Response:
    """« Retirer cette démarche ? »: a removal is asked twice, the journal being the dossier's evidence."""
    g = guichet(request)
    ident = request.path_params["ident"]
    fiche = Fiche(g.chemin(ident), g.racine)
    entree = _entry(fiche, request)
    etat = fiche.load(g.config())
    return render(
        request,
        "retirer.html",
        titre="Retirer une démarche",
        rubrique="demarches",
        ident=ident,
        nom=person_name(etat.answers),
        existe=True,
        pages=pages(),
        e=entree,
        empreinte=empreinte(read_dossier_text(fiche.path)),
    )


async def remove(request: Request) -> Response:
    g = guichet(request)
    ident = request.path_params["ident"]
    fiche = Fiche(g.chemin(ident), g.racine)
    form = await read_form(request)
    try:
        index = int(request.path_params["index"])
    except ValueError:
        return redirect(f"/dossier/{ident}/demarches")
    try:
        remove_demarche(fiche.path, index, text(form, "empreinte") or None)
    except FichierModifie as exc:
        raise LettresError(exc.message) from None
    return redirect(f"/dossier/{ident}/demarches?fait=demarche_supprimee#chronologie")


def media_type(contenu: bytes) -> str | None:
    for kind, mime in (("png", "image/png"), ("jpg", "image/jpeg"), ("pdf", "application/pdf")):
        if any(contenu.startswith(sig) for sig in SIGNATURES[kind]):
            return mime
    return None


async def piece(request: Request) -> Response:
    """One pièce of a démarche, read through the library's checks (only files of the dossier's folder)."""
    g = guichet(request)
    path: Path = g.chemin(request.path_params["ident"])
    dossier = load_dossier(path)
    try:
        chemin = dossier.demarches[int(request.path_params["index"])].pieces[int(request.path_params["numero"])]
    except (ValueError, IndexError):
        raise LettresError("Cette pièce n'est plus dans le journal : rechargez la page.") from None
    contenu = read_piece(chemin, path.parent, g.config().pieces)
    mime = media_type(contenu)
    nom = ascii_slug(Path(chemin).stem) or "piece"
    disposition = "inline" if mime else "attachment"
    extension = {"image/png": ".png", "image/jpeg": ".jpg", "application/pdf": ".pdf"}.get(mime or "", "")
    return Response(
        contenu,
        media_type=mime or "application/octet-stream",
        headers={"content-disposition": f'{disposition}; filename="{nom}{extension}"'},
    )


routes = [
    Route("/dossier/{ident}/demarches", show),
    Route("/dossier/{ident}/demarches", closing(add), methods=["POST"]),
    Route("/dossier/{ident}/demarches/visibles", closing(visible), methods=["POST"]),
    Route("/dossier/{ident}/demarches/{index}/retirer", confirm),
    Route("/dossier/{ident}/demarches/{index}/retirer", closing(remove), methods=["POST"]),
    Route("/dossier/{ident}/piece/{index}/{numero}", piece),
]
