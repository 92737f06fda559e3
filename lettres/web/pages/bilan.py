"""Bilan: the anonymous figures of the folder's dossiers (``lettres bilan``), with their charts, and the same
as a page to print or a spreadsheet to download."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lettres.bilan.calcul import SEUIL_PAR_DEFAUT, Bilan
from lettres.jour import date_du_jour
from lettres.web.rendu import render
from lettres.web.requetes import guichet

MOIS = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _mois(request: Request, cle: str) -> str:
    """A month typed in the form (AAAA-MM); anything else is no bound."""
    valeur = request.query_params.get(cle, "").strip()
    return valeur if MOIS.match(valeur) else ""


def _seuil(request: Request) -> int:
    valeur = request.query_params.get("seuil", "")
    return min(max(int(valeur), 2), 100) if valeur.isdigit() else SEUIL_PAR_DEFAUT


def _bilan(request: Request) -> tuple[Bilan, int]:
    """The bilan the form asks for, and how many files could not be read."""
    from lettres.bilan import calculer
    from lettres.bilan.export import sel_de
    from lettres.bilan.lecture import lire_fiches

    g = guichet(request)
    config = g.config()
    nationalites = request.query_params.get("nationalites") == "oui"
    du, au = _mois(request, "du"), _mois(request, "au")
    if du and au and du > au:
        du, au = au, du
    aujourd_hui = date_du_jour()
    sel, _ = sel_de(config, creer=False)
    lecture = lire_fiches([g.racine], aujourd_hui, sel, config, [g.sortie(config)], nationalites)
    resultat = calculer(lecture.fiches, aujourd_hui, _seuil(request), du, au, nationalites, lecture.doublons)
    return resultat, len(lecture.problemes)


async def show(request: Request) -> Response:
    from lettres.bilan.page import corps

    resultat, illisibles = _bilan(request)
    return render(
        request,
        "bilan.html",
        titre="Bilan",
        rubrique="bilan",
        corps=corps(resultat),
        du=resultat.du,
        au=resultat.au,
        seuil=resultat.seuil,
        nationalites=request.query_params.get("nationalites") == "oui",
        requete=request.url.query,
        illisibles=illisibles,
    )


async def _download(request: Request, format_: str) -> Response:
    """The page to print (HTML, self-contained) or the spreadsheet, as a file to save."""
    from starlette.responses import Response as Reponse

    resultat, _ = _bilan(request)
    if format_ == "xlsx":
        import tempfile
        from pathlib import Path

        from lettres.bilan.tableur import write_xlsx

        with tempfile.TemporaryDirectory() as dossier:
            chemin = Path(dossier) / "bilan.xlsx"
            write_xlsx(resultat, chemin)
            contenu = chemin.read_bytes()
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        from lettres.bilan.page import page_html

        contenu, media = page_html(resultat).encode("utf-8"), "text/html; charset=utf-8"
    nom = f"bilan.{format_}"
    return Reponse(contenu, media_type=media, headers={"Content-Disposition": f'attachment; filename="{nom}"'})


async def download_html(request: Request) -> Response:
    return await _download(request, "html")


async def download_xlsx(request: Request) -> Response:
    return await _download(request, "xlsx")


routes = [Route("/bilan", show), Route("/bilan/bilan.html", download_html), Route("/bilan/bilan.xlsx", download_xlsx)]
