"""Accueil: the dossiers of the folder, most urgent first (the tracking table of ``lettres suivi``), a
search by name, the dossiers begun and not yet saved, « Nouveau dossier »."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lettres.francais import replier
from lettres.jour import date_du_jour
from lettres.suivi import LigneSuivi
from lettres.web.etat import BROUILLON, Guichet, cible_du_brouillon
from lettres.web.fiche import new_placeholder
from lettres.web.parcours import pages
from lettres.web.rendu import redirect, render
from lettres.web.requetes import closing, guichet, read_form, text


@dataclass
class Ligne:
    ident: str
    ligne: LigneSuivi
    fichier: str


@dataclass(frozen=True)
class Recherche:
    """The words searched for, kept in the server for the page of results."""

    texte: str


@dataclass
class Brouillon:
    ident: str
    fichier: str
    nom: str = ""  # the person's name typed so far, else empty
    commence: str = ""  # the day the draft was last written (« 27 novembre 2026 »)


def _draft(g: Guichet, path: Path) -> Brouillon:
    """A draft as the home page lists it: the person's name typed so far, and its day."""
    from datetime import datetime

    from lettres.francais import date_lettre
    from lettres.web.pages.dossier import person_name
    from lettres.yamlio import parse_yaml

    try:
        answers = parse_yaml(path.read_text(encoding="utf-8"))
        jour = date_lettre(datetime.fromtimestamp(path.stat().st_mtime).date())
    except Exception:  # a draft half written or damaged: listed all the same, without a name
        answers, jour = {}, ""
    nom = person_name(answers) if isinstance(answers, dict) else ""
    return Brouillon(g.ident(cible_du_brouillon(path)), g.relatif(path), nom, jour)


def drafts(g: Guichet) -> list[Brouillon]:
    """Dossiers begun in the browser (or by « lettres nouveau » in the folder) whose file does not exist yet."""
    return [
        _draft(g, path)
        for path in sorted(g.racine.glob(f"*{BROUILLON}"))
        if not cible_du_brouillon(path).exists()
    ]


async def home(request: Request) -> Response:
    from lettres.procedure.delais import delai
    from lettres.suivi import Suivi
    from lettres.suivi.resume import summary

    g = guichet(request)
    config = g.config()
    aujourd_hui = date_du_jour()
    recherche = g.memoire.lire(request.query_params.get("recherche"))
    recherche = recherche if isinstance(recherche, Recherche) else Recherche("")
    lignes, problemes = g.tableau.rows(config, aujourd_hui, (g.sortie(config),))
    resume = summary(Suivi(aujourd_hui, tuple(lignes)))
    if recherche.texte:
        mots = replier(recherche.texte).split()
        lignes = [x for x in lignes if all(m in replier(f"{x.nom} {x.prenoms}") for m in mots)]
    return render(
        request,
        "accueil.html",
        titre="Dossiers",
        rubrique="accueil",
        lignes=[Ligne(g.ident(x.fichier), x, g.relatif(x.fichier)) for x in lignes],
        problemes=[(g.relatif(p.fichier), p.message) for p in problemes],
        brouillons=drafts(g),
        recherche=recherche.texte,
        resume=resume,
        alerte=delai("anticipation_api").nombre_jours,
        aujourd_hui=aujourd_hui,
    )


async def search(request: Request) -> Response:
    """A search is posted, names staying out of addresses and the history; the page of its results is shown
    by a redirect (Post/Redirect/Get: Back and Forward never ask to send it again), the words kept in the
    server under a random key."""
    form = await read_form(request)
    recherche = text(form, "q").strip()
    if not recherche:
        return redirect("/")
    return redirect(f"/?recherche={guichet(request).memoire.garder(Recherche(recherche))}")


async def new(request: Request) -> Response:
    await read_form(request)
    g = guichet(request)
    target = new_placeholder(g.racine, g.nouveaux)
    g.nouveaux.add(target)  # its draft is written with the first page sent
    return redirect(f"/dossier/{g.ident(target)}/page/{pages()[0].code}")


routes = [
    Route("/", home),
    Route("/", closing(search), methods=["POST"]),
    Route("/nouveau", closing(new), methods=["POST"]),
]
