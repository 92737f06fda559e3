"""Reading what a page sends: the form (with its CSRF token checked) and the files it carries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from lettres.erreurs import LettresError
from lettres.web.etat import Guichet
from lettres.web.securite import CHAMP_CSRF, csrf_ok
from lettres.web.televersement import FichierRefuse, Recu

FICHIERS_MAX = 30  # per form
CHAMP_MAX = 1024 * 1024  # a text field (a long description fits in far less)


class EnvoiRefuse(LettresError):
    """A form without the token of this server's pages (CSRF)."""


def guichet(request: Request) -> Guichet:
    return request.app.state.guichet


async def read_form(request: Request) -> FormData:
    """The submitted form, refused unless it carries the CSRF token of this server's pages."""
    from starlette.exceptions import HTTPException

    try:
        form = await request.form(max_files=FICHIERS_MAX, max_fields=2000, max_part_size=CHAMP_MAX)
    except HTTPException:
        raise EnvoiRefuse(
            f"Le formulaire n'a pas pu être lu (plus de {FICHIERS_MAX} fichiers à la fois, ou un texte trop long) : "
            "envoyez moins de fichiers à la fois."
        ) from None
    token = form.get(CHAMP_CSRF)
    if not csrf_ok(guichet(request).cles, token if isinstance(token, str) else None):
        raise EnvoiRefuse(
            "Ce formulaire a expiré (lettres a été relancé depuis l'ouverture de la page) ou ne vient pas d'une "
            "de ses pages : rechargez la page et recommencez."
        )
    return form


async def files(form: FormData, name: str, taille_max: int) -> list[Recu]:
    """The files sent under ``name`` (empty inputs left aside), read up to the size limit."""
    recus = []
    for item in form.getlist(name):
        if not isinstance(item, UploadFile):
            continue
        if not item.filename and not item.size:
            continue  # a file input left empty
        if item.size is not None and item.size > taille_max:
            nom = "".join(c for c in (item.filename or "le fichier") if c.isprintable())[:60]
            raise FichierRefuse(
                f"« {nom} » pèse plus que la limite de {taille_max // (1024 * 1024)} Mo : réduisez-le "
                "(capture recadrée, PDF compressé)."
            )
        contenu = await item.read(taille_max + 1)
        recus.append(Recu(item.filename or "", contenu))
    return recus


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def inside(path: Path, root: Path) -> bool:
    """``path`` (links followed) lies inside ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def query(request: Request, name: str) -> Any:
    return request.query_params.get(name)


def closing(endpoint):
    """A POST endpoint whose form's temporary files (uploads) are closed once it has answered."""
    import functools

    @functools.wraps(endpoint)
    async def wrapper(request: Request):
        try:
            return await endpoint(request)
        finally:
            await request.close()

    return wrapper
