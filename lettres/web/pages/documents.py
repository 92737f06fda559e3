"""Documents: generate (``documents.generation.generate_file``, as the terminal does), then download each
document — Word, ``.eml`` drafts, ``.txt``, PDF when LibreOffice is there — or everything as one ZIP.

Output folders are named by the library (``2026-11-27_DIALLO_Aminata_3fa2c1``, the end naming the dossier
file); an address names one by its date
only, the person being known from the dossier: names stay out of addresses.
"""

from __future__ import annotations

import functools
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
from lettres.documents.generation import DOCUMENTS, LETTRES, generate_file
from lettres.documents.sortie import ARCHIVES, dossier_folder_name
from lettres.documents.table import RELANCE_PREFECTURE
from lettres.documents.telerecours import DOSSIER as DOSSIER_TELERECOURS
from lettres.dossier import Dossier
from lettres.erreurs import LettresError, SortieExistante
from lettres.jour import date_du_jour
from lettres.web.archives import zip_response, zip_trees
from lettres.web.avertissements import AvertissementWeb, avertissement_web
from lettres.web.etat import Guichet
from lettres.web.pages.dossier import person_name
from lettres.web.parcours import pages
from lettres.web.rendu import redirect, render
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
    """One output folder of the dossier: its date, where it is, its files (``archives``: the earlier versions
    kept in its ``archives/`` sub-folder, listed apart)."""

    jour: str
    dossier: Path
    fichiers: list[str] = field(default_factory=list)
    archives: list[str] = field(default_factory=list)

    @property
    def date(self) -> date:
        return date.fromisoformat(self.jour)

    @property
    def compte(self) -> str:
        return count(self.fichiers)


@dataclass(frozen=True)
class Retour:
    """What a POST of the page leaves for the page it redirects to: the folder written, the files written
    there (``ecrits``), where the versions replaced went (``archive``), the warnings phrased; or the error."""

    ident: str
    dossier: Path | None = None
    ecrits: tuple[str, ...] = ()
    archive: Path | None = None
    avertissements: tuple[AvertissementWeb, ...] = ()
    erreur: str = ""
    existe_deja: bool = False


# the kinds of files of an output folder, in the order a count names them (singular, plural)
GENRES = (
    ("document Word", "documents Word"),
    ("brouillon de courriel", "brouillons de courriel"),
    ("texte à coller", "textes à coller"),
    ("copie PDF", "copies PDF"),
    ("pièce numérotée", "pièces numérotées"),
    ("fichier pour Télérecours", "fichiers pour Télérecours"),
    ("autre fichier", "autres fichiers"),
)
EXTENSIONS = {".docx": 0, ".eml": 1, ".txt": 2, ".pdf": 3}


def _genre(fichier: str) -> int:
    if fichier.startswith(f"{DOSSIER_TELERECOURS}/"):
        return 5
    if "/" in fichier:  # the numbered pièces
        return 4
    return EXTENSIONS.get(Path(fichier).suffix.lower(), 6)


def detail(fichiers: list[str]) -> str:
    """« 3 documents Word, 2 brouillons de courriel, 2 copies PDF et 3 pièces numérotées »: each kind of file
    named with its number, the numbers adding up to the files listed (empty for a single kind)."""
    nombres = [0] * len(GENRES)
    for fichier in fichiers:
        nombres[_genre(fichier)] += 1
    parties = [f"{n} {un if n == 1 else plusieurs}" for n, (un, plusieurs) in zip(nombres, GENRES, strict=True) if n]
    return f"{', '.join(parties[:-1])} et {parties[-1]}" if len(parties) > 1 else ""


def count(fichiers: list[str]) -> str:
    """« 10 fichiers : 3 documents Word, … »: the total is the number of files listed."""
    total = f"{len(fichiers)} fichier{'s' if len(fichiers) > 1 else ''}"
    return f"{total} : {detail(fichiers)}" if detail(fichiers) else total


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
                tous = sorted(p.relative_to(entry).as_posix() for p in entry.rglob("*") if p.is_file())
                archives = [f for f in tous if f.startswith(f"{ARCHIVES}/")]
                found.append(Sortie(jour, entry, [f for f in tous if f not in set(archives)], archives))
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


def _ticked(g: Guichet, ident: str) -> tuple[set[str], bool]:
    """The documents last ticked on this dossier's page, and the PDF box (every document at first)."""
    coches = g.memoire.retrouver(f"documents/{ident}")
    return coches if coches is not None else ({d.code for d in DOCUMENTS}, False)


def _relance(dossier: Dossier, avertissements: list[AvertissementWeb]) -> date | None:
    """When the letter to the préfecture went on an earlier day: the page offers its relance (unless a warning
    of the result just shown offers it already)."""
    from lettres.documents.table import relance
    from lettres.procedure.analyse import analyser

    if any(a.bouton and a.documents == ("prefecture",) for a in avertissements):
        return None
    return relance(analyser(dossier, date_du_jour()))


def _page(request: Request, retour: Retour | None):
    """The page, with what the last POST left (``retour``): its result, or its error and how to settle it."""
    g, ident, path, dossier = _load(request)
    from lettres.documents.pdf import find_soffice

    sorties = outputs(g, dossier, path)
    coches, pdf = _ticked(g, ident)
    avertissements = list(retour.avertissements) if retour else []
    produite = next((s for s in sorties if retour and s.dossier == retour.dossier), None)
    du_jour = next((s for s in sorties if s.date == date_du_jour()), None)
    return render(
        request,
        "documents.html",
        titre="Documents",
        rubrique="documents",
        ident=ident,
        nom=person_name({"personne": {"nom": dossier.personne.nom, "prenoms": dossier.personne.prenoms}}),
        existe=True,
        pages=pages(),
        documents=[(d.code, LIBELLES[d.code], d.code in coches) for d in DOCUMENTS],
        pdf_coche=pdf,
        sorties=sorties,
        deja_aujourd_hui=du_jour is not None,
        racine_sortie=str(g.sortie(g.config())),
        retour=retour,
        produite=produite,
        avertissements=avertissements,
        relance=_relance(dossier, avertissements),
        relance_du_jour=du_jour if du_jour and f"{RELANCE_PREFECTURE}.docx" in du_jour.fichiers else None,
        nom_relance=f"{RELANCE_PREFECTURE}.docx",
        detail=detail,
        pdf_possible=find_soffice() is not None,
    )


async def show(request: Request) -> Response:
    g = guichet(request)
    retour = g.memoire.lire(request.query_params.get("resultat"))
    ident = request.path_params["ident"]
    return _page(request, retour if isinstance(retour, Retour) and retour.ident == ident else None)


async def _produce(
    g: Guichet, ident: str, path: Path, lettres: tuple[str, ...] | None, remplacer: bool, pdf: bool
) -> Retour:
    """Generate (``remplacer``: the day's documents asked for are written again, the others stay), then the
    PDF copies of what was written; the outcome as the page shows it."""
    config = g.config()
    try:
        resultat = await run_in_threadpool(
            functools.partial(
                generate_file, path, config, g.sortie(config), lettres, remplacer, garder_les_autres=True
            )
        )
    except SortieExistante:
        return Retour(
            ident,
            erreur="Les documents de ce dossier ont déjà été produits aujourd'hui : « Reprendre les documents "
            "cochés » écrit de nouveau ceux que vous cochez, les autres restent tels quels.",
            existe_deja=True,
        )
    except ErreurAvertie as exc:  # the facts, and where to give what is missing
        return Retour(ident, erreur=exc.message, avertissements=(avertissement_web(exc.avertissement, ident),))
    except LettresError as exc:
        return Retour(ident, erreur=exc.message)
    notes = [avertissement_web(a, ident) for a in resultat.avertissements]
    if pdf:
        from lettres.documents.pdf import convert_folders

        try:
            await run_in_threadpool(convert_folders, [resultat.dossier], resultat.fichiers)
        except LettresError as exc:
            notes.append(AvertissementWeb(exc.message))
    return Retour(ident, resultat.dossier, tuple(resultat.fichiers), resultat.archive, tuple(notes))


async def generate(request: Request) -> Response:
    """Produce, then show the outcome on a page of its own (Post/Redirect/Get: a reload sends nothing twice)."""
    form = await read_form(request)
    g, ident, path, _ = _load(request)
    choisies = tuple(c for c in form.getlist("lettres") if isinstance(c, str) and c in LETTRES)
    pdf = form.get("pdf") == "oui"
    if form.get("coches") == "oui":  # the page's own form, not a button of a warning: her ticks are kept
        g.memoire.noter(f"documents/{ident}", (set(choisies or LETTRES), pdf))
    lettres = choisies if choisies and set(choisies) != set(LETTRES) else None
    retour = await _produce(g, ident, path, lettres, form.get("remplacer") == "oui", pdf)
    return redirect(f"/dossier/{ident}/documents?resultat={g.memoire.garder(retour)}")


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
    """The day's folder, under its own name in the archive: the files listed on the page, without the earlier
    versions kept in its ``archives/``."""
    entries = [p for p in sorted(folder.iterdir()) if p.name != ARCHIVES and not p.is_symlink()]
    extra = [(p, f"{folder.name}/{p.name}") for p in entries if p.is_file()]
    return zip_trees([p for p in entries if p.is_dir()], folder.parent, folder, extra)


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
