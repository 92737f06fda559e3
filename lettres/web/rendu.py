"""Pages from Jinja templates (``web/templates``), autoescaped: a name with ``<script>`` is shown as text.

Titles of pages never hold a person's name (the browser keeps titles in its history); messages after an
action travel as a code in the address (``?fait=enregistre``), never as text taken from the request.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from lettres.francais import date_courte, date_lettre

MESSAGES = {
    "enregistre": "Dossier enregistré.",
    "cree": "Dossier créé : il est enregistré dans son propre dossier, avec ses captures.",
    "brouillon": "Réponses gardées dans le brouillon ; le dossier sera enregistré quand il sera complet.",
    "demarche": "Démarche ajoutée au journal.",
    "demarche_supprimee": "Démarche retirée du journal.",
    "demarche_modifiee": "Démarche modifiée.",
    "demarche_inchangee": "Rien n'a changé : la démarche est restée telle qu'elle était.",
    "reglages": "Réglages enregistrés.",
    "reglages_ecartes": "Le fichier des réglages illisible est mis de côté, renommé à côté de lui (« .illisible ») : "
    "renseignez ici les réglages de nouveau.",
    "abandon": "Brouillon abandonné : la page montre le dossier tel qu'il est enregistré.",
    "genere": "Documents produits.",
}


@cache
def environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("lettres.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date_lettre"] = date_lettre
    env.filters["date_courte"] = date_courte
    return env


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    guichet = request.app.state.guichet
    fait = request.query_params.get("fait", "")
    context.setdefault("rubrique", "")
    context.setdefault("titre", "lettres")
    html = (
        environment()
        .get_template(template)
        .render(
            csrf=guichet.cles.csrf,
            message=MESSAGES.get(fait, ""),
            racine=str(guichet.racine),
            racine_nom=guichet.racine.name or str(guichet.racine),
            **context,
        )
    )
    return HTMLResponse(html, status_code=status)


def redirect(url: str) -> RedirectResponse:
    """After a POST, to a page that a reload shows again without sending anything twice."""
    return RedirectResponse(url, status_code=303)
