"""Accueil: the dossiers of the folder, most urgent first, a search by name, « Nouveau dossier »."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lettres.erreurs import LettresError
from lettres.web.etat import BROUILLON, Guichet, cible_du_brouillon
from lettres.web.fiche import Etat, Fiche, initial_answers, new_placeholder
from lettres.web.parcours import pages
from lettres.web.rendu import redirect, render
from lettres.web.requetes import closing, guichet, read_form


@dataclass
class Ligne:
    ident: str
    nom: str
    fichier: str
    detail: str = ""
    probleme: str = ""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def table(g: Guichet, aujourd_hui: date) -> tuple[list[Ligne], list[Ligne]]:
    """The dossiers and the drafts of dossiers not yet created."""
    from lettres.config import load_dossier_configured

    config = g.config()
    lignes, brouillons = [], []
    for path in g.yaml_files():
        if path.name.endswith(BROUILLON):
            target = cible_du_brouillon(path)
            if not target.exists():
                brouillons.append(Ligne(g.ident(target), "Nouveau dossier (brouillon)", g.relatif(path)))
            continue
        try:
            dossier = load_dossier_configured(path, config)
        except LettresError as exc:
            lignes.append(Ligne(g.ident(path), path.stem, g.relatif(path), probleme=exc.message.splitlines()[0]))
            continue
        p = dossier.personne
        lignes.append(Ligne(g.ident(path), f"{p.nom} {p.prenoms}", g.relatif(path)))
    return lignes, brouillons


async def home(request: Request) -> Response:
    g = guichet(request)
    recherche = request.query_params.get("q", "").strip()
    lignes, brouillons = table(g, date.today())
    if recherche:
        lignes = [ligne for ligne in lignes if _fold(recherche) in _fold(ligne.nom + " " + ligne.fichier)]
    return render(
        request,
        "accueil.html",
        titre="Dossiers",
        rubrique="accueil",
        lignes=lignes,
        brouillons=brouillons,
        recherche=recherche,
    )


async def new(request: Request) -> Response:
    await read_form(request)
    g = guichet(request)
    target = new_placeholder(g.racine)
    Fiche(target, g.racine).keep(Etat(initial_answers(g.config()), None))
    return redirect(f"/dossier/{g.ident(target)}/page/{pages()[0].code}")


def path_of(g: Guichet, ident: str) -> Path:
    return g.chemin(ident)


routes = [Route("/", home), Route("/nouveau", closing(new), methods=["POST"])]
