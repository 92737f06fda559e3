"""Démarches: the dated chronology of the dossier, and a form to add a step with its pièces — chosen
with the file picker, dropped on the page, or pasted from the clipboard (a screenshot).

The démarche is added by the library (``dossier.demarches.add_demarche``: under the file's lock, comments
kept, the whole dossier checked); the pièces are written first in ``captures/`` beside the dossier, under
a dated name, so that a refused date does not lose them: they are offered again with the corrected form,
which a redirection shows (Post/Redirect/Get: a reload never sends it twice). Each démarche of the list
says whether it proves its step (« prouvée » with its file, « faite, sans pièce » without), and the letter
to the préfecture its registered-mail number and acknowledgement; « Modifier » opens ``pages/demarche.py``.
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
from lettres.dossier.questions import with_date_example
from lettres.dossier.recommande import lettre_envoyee
from lettres.dossier.valeurs import FieldError, parse_date
from lettres.erreurs import LettresError, PieceRefusee
from lettres.francais import ascii_slug, date_lettre
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

    index: int  # in the file's order: the address of its pièces, of its change and of its removal
    demarche: object
    type_label: str
    etape: int | None
    pieces: list[tuple[int, str, bool]] = field(default_factory=list)  # (number, path, is an image)
    etat: str = ""  # « prouvee » (with the file its step asks for), « sans-piece », or none (not a step)
    envoi: str = ""  # the letter to the préfecture: « Recommandé n° … — AR reçu le … »
    sans_accuse: bool = False  # that letter's acknowledgement is not recorded yet


def step_state(etape: object, pieces: list) -> str:
    """« prouvee » when the démarche carries the file its step asks for (or its step asks none), else
    « sans-piece »; empty for a démarche that is no step of the fiche."""
    if etape is None:
        return ""
    avec_piece = charger_referentiel().regles["piece_manquante"]["etapes"]
    return "sans-piece" if etape.numero in avec_piece and not pieces else "prouvee"  # type: ignore[attr-defined]


def envoi_line(envoi: object) -> tuple[str, bool]:
    """What the page says of the letter to the préfecture as sent, and whether its acknowledgement is missing."""
    numero = getattr(envoi, "numero_recommande", "") or ""
    accuse = getattr(envoi, "accuse_reception_le", None)
    recommande = f"Recommandé n° {numero}" if numero else "Numéro du recommandé pas encore noté"
    return f"{recommande} — " + (f"AR reçu le {date_lettre(accuse)}" if accuse else "AR pas encore reçu"), not accuse


def chronology(dossier: Dossier) -> list[Entree]:
    referentiel = charger_referentiel()
    envoyee = lettre_envoyee(dossier)
    entries = []
    for i, d in enumerate(dossier.demarches):
        etape = referentiel.etape_du_type(d.type)
        pieces = [(k, p, p.lower().endswith((".png", ".jpg", ".jpeg"))) for k, p in enumerate(d.pieces)]
        entree = Entree(
            i,
            d,
            referentiel.types_demarche.get(d.type, d.type),
            etape.numero if etape else None,
            pieces,
            step_state(etape, d.pieces),
        )
        if i == envoyee:
            entree.envoi, entree.sans_accuse = envoi_line(dossier.envoi)
        entries.append(entree)
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
    shown: dict[str, bool] = {f"demarches.{name}": demarche_field_asked(type_code, name) for name in SELON_TYPE}
    return JSONResponse({**shown, **dict.fromkeys(ENVOI, letter_fields_shown(type_code))})


# the letter to the préfecture as sent: its registered-mail number, the date on its acknowledgement
ENVOI = ("envoi.numero_recommande", "envoi.accuse_reception_le")


def letter_fields_shown(type_code: str) -> bool:
    """The letter's number and acknowledgement are asked with a letter to the préfecture (and, without a type
    chosen yet, shown: the page works without its script)."""
    return type_code in LETTRE_ENVOYEE or not type_code


def read_envoi(form, jour: object) -> tuple[dict, dict[str, str], dict[str, str]]:
    """The number and acknowledgement date typed for a letter to the préfecture: the ``envoi`` keys (None: an
    answer emptied), what was typed, and the refusals by key (French)."""
    from datetime import date

    saisies = {k: text(form, k).strip() for k in ENVOI}
    numero, accuse_text = saisies["envoi.numero_recommande"], saisies["envoi.accuse_reception_le"]
    envoi: dict = {"numero_recommande": " ".join(numero.split()) or None, "accuse_reception_le": None}
    if numero:
        envoi["recommande"] = True
    erreurs: dict[str, str] = {}
    try:
        accuse = parse_date(accuse_text)
    except FieldError as exc:
        erreurs["envoi.accuse_reception_le"] = with_date_example(str(exc), "envoi.accuse_reception_le")
        return envoi, saisies, erreurs
    if accuse is not None and accuse > date_du_jour():
        erreurs["envoi.accuse_reception_le"] = (
            f"le {date_lettre(accuse)} est dans le futur : notez l'avis de réception une fois revenu, à la date qu'il porte"
        )
    elif accuse is not None and isinstance(jour, date) and accuse < jour:
        erreurs["envoi.accuse_reception_le"] = (
            f"l'avis de réception ne peut pas précéder l'envoi du {date_lettre(jour)}"
        )
    envoi["accuse_reception_le"] = accuse
    return envoi, saisies, erreurs


def envoi_views(type_code: str, saisies: dict[str, str], erreurs: dict[str, str]) -> list[VueChamp]:
    """The registered-mail number and the acknowledgement date of a letter to the préfecture, as fields."""
    from lettres.web.formulaire import html_id

    textes = {
        "envoi.numero_recommande": (
            "Numéro du recommandé",
            "Celui du récépissé de La Poste, pour un courrier envoyé en recommandé avec avis de réception.",
            "1A 234 567 8901 2",
            "texte",
        ),
        "envoi.accuse_reception_le": (
            "Date de l'avis de réception",
            "La date portée sur l'avis de réception quand il revient ; vide tant qu'il n'est pas revenu.",
            "24/11/2026 ou 24 novembre 2026",
            "date",
        ),
    }
    return [
        VueChamp(
            key,
            html_id(key),
            label,
            aide,
            exemple,
            widget,
            valeur=saisies.get(key, ""),
            erreur=erreurs.get(key, ""),
            visible=letter_fields_shown(type_code),
        )
        for key, (label, aide, exemple, widget) in textes.items()
    ]


def _render(request: Request, ident: str, fiche: Fiche, reprise: dict):
    g = guichet(request)
    dossier = load_dossier(fiche.path) if fiche.existe else None
    etat = fiche.load(g.config())
    erreurs = reprise["erreurs"]
    vues = _shown(view(FORMULAIRE, reprise["answers"], reprise["saisies"], erreurs), reprise["type"])
    vues += envoi_views(reprise["type"], reprise["saisies"], erreurs)
    return render(
        request,
        "demarches.html",
        titre="Démarches",
        rubrique="demarches",
        ident=ident,
        nom=person_name(etat.answers),
        existe=fiche.existe,
        pages=pages(),
        entrees=chronology(dossier) if dossier else [],
        manques=[] if fiche.existe else missing(etat.answers),
        vues=vues,
        gardees=reprise["gardees"],
        erreur_pieces=erreurs.get("pieces", ""),
        erreur_generale=erreurs.get("", ""),
        erreurs=[v for v in vues if v.erreur],
        empreinte=empreinte(read_dossier_text(fiche.path)) if fiche.existe else "",
        captures=g.montre(fiche.path.parent / CAPTURES),
        **etape_context(page("demarches"), etat.answers, "revue" if request.query_params.get("retour") == "revue" else ""),  # type: ignore[arg-type]
    )


async def show(request: Request) -> Response:
    g = guichet(request)
    ident = request.path_params["ident"]
    fiche = Fiche(g.chemin(ident), g.racine)
    reprise = guichet(request).memoire.lire(request.query_params.get("reprise"))
    if not (isinstance(reprise, dict) and reprise.get("ident") == ident and reprise.get("page") == "ajout"):
        # « Ajouter une démarche » from the point of the dossier names the type the missing step needs
        type_ = request.query_params.get("type", "")
        type_ = type_ if type_ in charger_referentiel().types_demarche else ""
        choisi = {"demarches": {"type": type_}} if type_ else {}
        saisies = {"demarches.date": input_text(date_du_jour())}
        reprise = {"answers": choisi, "saisies": saisies, "erreurs": {}, "gardees": [], "type": type_}
    return _render(request, ident, fiche, reprise)


def dated_prefix(type_code: str, jour_text: str) -> str:
    """« 2026-11-03-courrier-prefecture »: the start of the names of a démarche's files."""
    try:
        jour = parse_date(jour_text) or date_du_jour()
    except FieldError:
        jour = date_du_jour()
    return f"{jour.isoformat()}-{ascii_slug(type_code) or 'piece'}"


def kept_captures(form, base: Path, regle: object) -> list[str]:
    """The pièces sent with a form refused earlier and ticked « Garder » (files of ``captures/`` only)."""
    gardees = []
    for chemin in form.getlist("pieces_gardees"):
        if isinstance(chemin, str) and chemin.startswith(f"{CAPTURES}/"):
            try:
                check_piece(chemin, base, regle)  # type: ignore[arg-type]
                gardees.append(chemin)
            except PieceRefusee:
                continue
    return gardees


async def received(form, name: str, base: Path, regle, erreurs: dict[str, str]) -> list[str]:
    """The files sent under ``name``, written in ``captures/`` under a dated name (a refusal in ``erreurs``)."""
    try:
        recus = await files(form, name, regle.taille_max)
        prefixe = dated_prefix(text(form, "demarches.type"), text(form, "demarches.date"))
        return store(recus, base, CAPTURES, prefixe, regle.taille_max)
    except FichierRefuse as exc:
        erreurs["pieces"] = exc.message
        return []


def read_fields(form, with_time: bool = False) -> tuple[dict, dict[str, str]]:
    """The démarche's fields of the form, read as the interview reads them: its answers, and the refusals;
    ``with_time``: the time is read whatever the type (a time already noted, shown to be changed)."""
    answers: dict = {}
    erreurs = read(FORMULAIRE, Formulaire(form), answers, {})
    if not (with_time or asks_time(text(form, "demarches.type"))):
        erreurs.pop("demarches.heure", None)  # not asked for this type: what the hidden field held is left out
    return answers, erreurs


def built(form, answers: dict, pieces: list[str], base: Path, regle, with_time: bool = False) -> dict:
    """The démarche the form describes, checked by the library (LettresError with one French sentence)."""
    d = answers.get("demarches") or {}
    demarche = build_demarche(
        d.get("type", ""),
        text(form, "demarches.date"),
        d.get("heure", "") if with_time or asks_time(d.get("type", "")) else "",
        d.get("detail", ""),
        d.get("resultat", ""),
        pieces,
        base,
        regle,
    )
    if d.get("objet") and demarche_field_asked(demarche["type"], "objet"):
        demarche["objet"] = list(d["objet"])  # what a letter to the préfecture asked
    return demarche


def typed(form) -> dict[str, str]:
    """What was typed in the form's fields, shown again with a refusal."""
    return {k: text(form, k) for k in (*(c.key for c in FORMULAIRE.champs), *ENVOI)}


async def add(request: Request) -> Response:
    g = guichet(request)
    ident = request.path_params["ident"]
    fiche = Fiche(g.chemin(ident), g.racine)
    form = await read_form(request)
    if not fiche.existe:
        return redirect(f"/dossier/{ident}/demarches")
    regle = g.config().pieces
    base = fiche.path.parent
    erreurs: dict[str, str] = {}
    gardees = kept_captures(form, base, regle) + await received(form, "pieces", base, regle, erreurs)
    answers, refus = read_fields(form)
    erreurs.update(refus)
    type_code = text(form, "demarches.type")
    suite = "&retour=revue" if text(form, "retour") == "revue" else ""  # added from the review: back to it
    lettre = type_code in LETTRE_ENVOYEE
    envoi, _, refus_envoi = read_envoi(form, (answers.get("demarches") or {}).get("date"))
    if lettre:
        erreurs.update(refus_envoi)
    if not erreurs:
        try:
            demarche = built(form, answers, gardees, base, regle)
            add_demarche(fiche.path, demarche, regle, sending(demarche, envoi) if lettre else None)
        except LettresError as exc:
            erreurs[""] = exc.message
    if erreurs:
        reprise = {"ident": ident, "page": "ajout", "answers": answers, "saisies": typed(form)}
        reprise.update(erreurs=erreurs, gardees=gardees, type=type_code)
        return redirect(f"/dossier/{ident}/demarches?reprise={guichet(request).memoire.garder(reprise)}{suite}#erreurs")
    return redirect(f"/dossier/{ident}/demarches?fait=demarche{suite}#chronologie")


def sending(demarche: dict, envoi: dict) -> dict:
    """The ``envoi`` keys recorded with a new letter to the préfecture: its date, its number, its receipt."""
    return envoi_courrier(demarche["date"], envoi.get("numero_recommande") or "", envoi.get("accuse_reception_le"))


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
        conflit=request.query_params.get("conflit") == "1",
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
    except FichierModifie:  # the page shows the démarche again, as the file now holds it, to confirm anew
        return redirect(f"/dossier/{ident}/demarches/{index}/retirer?conflit=1")
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
