"""Documents: generate (``documents.generation.generate_file``, as the terminal does), then download each
document — Word, ``.eml`` drafts, ``.txt``, PDF when LibreOffice is there — or everything as one ZIP.

Output folders are named by the library (``2026-11-27_DIALLO_Aminata_3fa2c1``, the end naming the dossier
file); an address names one by its date
only, the person being known from the dossier: names stay out of addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lettres.config import load_dossier_configured
from lettres.confinement import read_beneath
from lettres.documents.avertissements import ErreurAvertie
from lettres.documents.generation import DOCUMENTS, Resultat, generate_file
from lettres.documents.sortie import dossier_folder_name
from lettres.dossier import Dossier
from lettres.erreurs import LettresError, SortieExistante
from lettres.web.archives import zip_response, zip_trees
from lettres.web.avertissements import AvertissementWeb, avertissement_web
from lettres.web.etat import Guichet
from lettres.web.pages.dossier import person_name
from lettres.web.parcours import pages
from lettres.web.rendu import render
from lettres.web.requetes import closing, guichet, inside, read_form

LIBELLES = {
    "dgef": "Signalement au support ANEF (DGEF) — brouillon de courriel et texte à coller",
    "prefecture": "Courrier à la préfecture — Word et brouillon de courriel avec les pièces",
    "orientation": "Note d'orientation — Word et brouillon de courriel",
    "bordereau": "Bordereau de pièces — Word et copies numérotées des pièces",
    "refere": "Projet de requête en référé « mesures utiles » — Word et pièces pour Télérecours citoyens "
    "(quand la situation le permet)",
}
JOUR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".eml": "message/rfc822",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


@dataclass
class Sortie:
    """One output folder of the dossier: its date, where it is, its files."""

    jour: str
    dossier: Path
    fichiers: list[str] = field(default_factory=list)

    @property
    def date(self) -> date:
        return date.fromisoformat(self.jour)


def _suffix(dossier: Dossier, path: Path) -> str:
    """What ends this dossier file's output folders (keyed by the file: a homonym's are not listed)."""
    nom = dossier_folder_name(date(2000, 1, 1), dossier.personne.nom, dossier.personne.prenoms, path)
    return nom[len("2000-01-01") :]


def _valid_day(jour: str) -> bool:
    if not JOUR.match(jour):
        return False
    try:
        date.fromisoformat(jour)
    except ValueError:
        return False
    return True


def outputs(g: Guichet, dossier: Dossier, path: Path) -> list[Sortie]:
    """The output folders of this dossier, newest first."""
    racine = g.sortie(g.config())
    suffix = _suffix(dossier, path)
    found = []
    if racine.is_dir():
        for entry in racine.iterdir():
            jour = entry.name[: -len(suffix)] if entry.name.endswith(suffix) else ""
            if _valid_day(jour) and entry.is_dir() and not entry.is_symlink():
                fichiers = sorted(p.relative_to(entry).as_posix() for p in entry.rglob("*") if p.is_file())
                found.append(Sortie(jour, entry, fichiers))
    return sorted(found, key=lambda s: s.jour, reverse=True)


def _folder(g: Guichet, dossier: Dossier, path: Path, jour: str) -> Path:
    racine = g.sortie(g.config())
    if not _valid_day(jour):
        raise LettresError("Ces documents n'existent pas : revenez à la page Documents.")
    folder = racine / f"{jour}{_suffix(dossier, path)}"
    if not folder.is_dir() or not inside(folder, racine):
        raise LettresError(
            "Ces documents n'existent plus (dossier de sortie supprimé ou déplacé) : générez-les de nouveau."
        )
    return folder


def _load(request: Request) -> tuple[Guichet, str, Path, Dossier]:
    g = guichet(request)
    ident = request.path_params["ident"]
    path = g.chemin(ident)
    return g, ident, path, load_dossier_configured(path, g.config())


def _page(
    request: Request,
    resultat: Resultat | None = None,
    erreur: str = "",
    existe_deja: bool = False,
    status=200,
    notes: tuple[AvertissementWeb, ...] = (),
):
    """The page; ``notes``: what to know before sending (the result's warnings, then ``notes``), or, beside
    ``erreur``, how to settle it."""
    g, ident, path, dossier = _load(request)
    from lettres.documents.pdf import find_soffice

    return render(
        request,
        "documents.html",
        status=status,
        titre="Documents",
        rubrique="documents",
        ident=ident,
        nom=person_name({"personne": {"nom": dossier.personne.nom, "prenoms": dossier.personne.prenoms}}),
        existe=True,
        pages=pages(),
        documents=[(d.code, LIBELLES[d.code]) for d in DOCUMENTS],
        sorties=outputs(g, dossier, path),
        racine_sortie=str(g.sortie(g.config())),
        resultat=resultat,
        avertissements=[avertissement_web(a, ident) for a in (resultat.avertissements if resultat else ())]
        + list(notes),
        erreur=erreur,
        existe_deja=existe_deja,
        pdf_possible=find_soffice() is not None,
    )


async def show(request: Request) -> Response:
    return _page(request)


async def generate(request: Request) -> Response:
    form = await read_form(request)
    g, _, path, _ = _load(request)
    config = g.config()
    choisies = tuple(c for c in form.getlist("lettres") if isinstance(c, str))
    lettres = choisies if choisies and set(choisies) != {d.code for d in DOCUMENTS} else None
    try:
        resultat = await run_in_threadpool(
            generate_file, path, config, g.sortie(config), lettres, form.get("remplacer") == "oui"
        )
    except SortieExistante:
        return _page(
            request,
            erreur="Les documents de ce dossier ont déjà été produits aujourd'hui.",
            existe_deja=True,
            status=409,
        )
    except ErreurAvertie as exc:  # the facts, and where to give what is missing
        ident = request.path_params["ident"]
        return _page(request, erreur=exc.message, status=400, notes=(avertissement_web(exc.avertissement, ident),))
    except LettresError as exc:
        return _page(request, erreur=exc.message, status=400)
    notes: tuple[AvertissementWeb, ...] = ()
    if form.get("pdf") == "oui":
        from lettres.documents.pdf import convert_folders

        try:
            await run_in_threadpool(convert_folders, [resultat.dossier])
        except LettresError as exc:
            notes = (AvertissementWeb(exc.message),)
    return _page(request, resultat, notes=notes)


def _download_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", Path(name).name) or "document"


async def download(request: Request) -> Response:
    g, _, path, dossier = _load(request)
    folder = _folder(g, dossier, path, request.path_params["jour"])
    target = folder / request.path_params["chemin"]
    # read from the output folder's descriptor, component by component, no link followed (no race)
    contenu = read_beneath(folder, request.path_params["chemin"]) if inside(target, folder) else None
    if contenu is None:
        raise LettresError("Ce document n'existe pas dans le dossier de sortie : générez les documents de nouveau.")
    return Response(
        contenu,
        media_type=TYPES.get(target.suffix.lower(), "application/octet-stream"),
        headers={"content-disposition": f'attachment; filename="{_download_name(target.name)}"'},
    )


def zip_folder(folder: Path) -> bytes:
    """The day's folder, under its own name in the archive."""
    return zip_trees([folder], folder.parent, folder)


async def download_zip(request: Request) -> Response:
    g, _, path, dossier = _load(request)
    folder = _folder(g, dossier, path, request.path_params["jour"])
    data = await run_in_threadpool(zip_folder, folder)
    return zip_response(data, _download_name(folder.name))


routes = [
    Route("/dossier/{ident}/documents", show),
    Route("/dossier/{ident}/documents", closing(generate), methods=["POST"]),
    Route("/dossier/{ident}/documents/{jour}.zip", download_zip),
    Route("/dossier/{ident}/documents/{jour}/{chemin:path}", download),
]
