"""The application: routes of every page, the static files, the French error pages, the guard in front."""

from __future__ import annotations

import errno
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from lettres.erreurs import ConfigurationIllisible, DossierInvalide, LettresError
from lettres.web.etat import Guichet
from lettres.web.pages import accueil, bilan, demarche, demarches, documents, dossier, lot, point, reglages
from lettres.web.rendu import render
from lettres.web.requetes import EnvoiRefuse
from lettres.web.securite import Garde

STATIC = Path(__file__).resolve().parent / "static"
TAILLE_REQUETE_MAX = 100 * 1024 * 1024  # several captures at once; each file has its own, lower, limit


async def _lettres_error(request: Request, exc: Exception) -> Response:
    message = exc.message if isinstance(exc, LettresError) else str(exc)
    status = 403 if isinstance(exc, EnvoiRefuse) else 404 if exc.__class__.__name__ == "Introuvable" else 400
    if isinstance(exc, ConfigurationIllisible):
        message = (
            f"Les réglages ne peuvent pas être lus : leur fichier « {exc.fichier} » a été modifié hors de lettres et "
            "ne suit plus le format attendu. Corrigez-le (ou demandez-le à la personne qui l'a modifié), puis "
            "rechargez cette page ; ou mettez-le de côté : lettres repart de réglages vides, à renseigner de "
            "nouveau dans Réglages, et le fichier reste à côté, renommé."
        )
        return render(request, "erreur.html", status=status, titre="Erreur", erreur=message, ecarter_reglages=True)
    if isinstance(exc, DossierInvalide) and exc.erreurs:
        from lettres.web.avertissements import erreurs_dossier

        fichier = f" « {exc.fichier} »" if exc.fichier else ""
        message = (
            f"Ce dossier ne peut pas être ouvert : son fichier{fichier} a été modifié hors de lettres et ne suit "
            "plus le format attendu. Corrigez ce qui suit dans le fichier (ou demandez-le à la personne qui l'a "
            "modifié), puis rechargez cette page."
        )
        return render(request, "erreur.html", status=status, titre="Erreur", erreur=message, erreurs=erreurs_dossier(exc))
    return render(request, "erreur.html", status=status, titre="Erreur", erreur=message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    texte = {
        404: "Cette page n'existe pas : revenez à l'accueil.",
        405: "Cette action n'est pas possible ainsi : revenez à la page précédente.",
    }.get(exc.status_code, "La demande n'a pas pu être traitée : revenez à la page précédente et recommencez.")
    return render(request, "erreur.html", status=exc.status_code, titre="Erreur", erreur=texte)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A French page; Starlette raises the error again afterwards, and the guard logs its kind only."""
    from starlette.responses import HTMLResponse

    from lettres.web.securite import DISQUE_PLEIN, page_refus

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return HTMLResponse(page_refus("Disque plein", DISQUE_PLEIN), status_code=507)
    return HTMLResponse(
        page_refus(
            "Erreur inattendue",
            "La page n'a pas pu être affichée ; rien n'a été écrit à moitié. Revenez à "
            "<a href=\"/\">l'accueil</a> et recommencez ; si l'erreur revient, signalez-la.",
        ),
        status_code=500,
    )


def create_app(guichet: Guichet, taille_max: int = TAILLE_REQUETE_MAX) -> Garde:
    """The ASGI application of one server, behind its guard."""
    routes = [
        *accueil.routes,
        *dossier.routes,
        *demarches.routes,
        *demarche.routes,
        *point.routes,
        *documents.routes,
        *lot.routes,
        *bilan.routes,
        *reglages.routes,
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={LettresError: _lettres_error, HTTPException: _http_error, Exception: _unexpected},
    )
    app.router.redirect_slashes = False  # « /%5Cevil.example/ » is a 404, never a redirect elsewhere
    app.state.guichet = guichet
    return Garde(app, guichet.cles, taille_max)
