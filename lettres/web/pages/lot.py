"""Lot: the spreadsheet template to download, a filled XLSX or CSV to send, the progress, the rejected
rows with their reasons, and the results as one ZIP — ``lettres lot`` (``lot.run_batch``) in a browser.

The sent spreadsheet is copied, hidden, into the dossiers folder for the time of the batch (pièces named
in it are relative to that folder, as for a spreadsheet saved there), then removed. The batch runs in a
thread of the server: the progress page asks for news every second (``meta refresh``, no script needed).
Each person of the batch is kept as a dossier of the dossiers folder (the home page follows it), unless the
page's box « Ne pas garder les personnes comme dossiers » is ticked.
"""

from __future__ import annotations

import itertools
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lettres.config import Configuration
from lettres.erreurs import LettresError
from lettres.fichiers import write_atomic
from lettres.lot.rapport import Bilan
from lettres.web.archives import zip_response, zip_trees
from lettres.web.etat import Guichet
from lettres.web.rendu import redirect, render
from lettres.web.requetes import closing, files, guichet, read_form
from lettres.web.televersement import FichierRefuse, check

TAILLE_TABLEUR = 20 * 1024 * 1024
_numeros = itertools.count(1)


@dataclass
class Travail:
    """One batch started from the page."""

    numero: str
    nom: str  # the spreadsheet's name as sent (shown on the page only)
    sortie: Path
    fait: int = 0
    total: int | None = None
    bilan: Bilan | None = None
    erreur: str = ""
    copies: list[Path] = field(default_factory=list)
    thread: threading.Thread | None = None

    @property
    def fini(self) -> bool:
        return self.bilan is not None or bool(self.erreur)

    def run(
        self, source: Path, demarches: Path | None, config: Configuration, racine: Path, garder: bool = True
    ) -> None:
        from lettres.documents.habillage import habillage_from
        from lettres.lot import Options, run_batch

        try:
            options = Options(
                sortie=self.sortie,
                demarches=demarches,
                dossiers=racine if garder else None,
                jobs=1,  # the server's own process: no worker processes forked from its threads
                habillage=habillage_from(config),
                pieces=config.pieces.avec(racine),
            )
            self.bilan = run_batch(source, options, config, progress=self._advance, total=self._total)
        except LettresError as exc:
            self.erreur = exc.message
        except Exception as exc:  # said on the page; the message may quote the file: only its kind is logged
            import logging

            logging.getLogger("lettres.web").error("lot interrompu (%s)", type(exc).__name__)
            self.erreur = "Le lot s'est arrêté sur une erreur inattendue : les dossiers déjà produits sont gardés."
        finally:
            for copie in self.copies:
                copie.unlink(missing_ok=True)

    def _advance(self, n: int) -> None:
        self.fait += n

    def _total(self, n: int) -> None:
        self.total = n


def travaux(request: Request) -> dict[str, Travail]:
    state = request.app.state
    if not hasattr(state, "travaux"):
        state.travaux = {}
    return state.travaux


async def show(request: Request, erreur: str = "", status: int = 200) -> Response:
    return render(
        request,
        "lot.html",
        status=status,
        titre="Lot (tableur)",
        rubrique="lot",
        travaux=sorted(travaux(request).values(), key=lambda t: int(t.numero), reverse=True),
        erreur=erreur,
    )


def template_bytes() -> bytes:
    from lettres.lot.vierge import write_template

    with tempfile.TemporaryDirectory(prefix="lettres-modele-") as tmp:
        path = Path(tmp) / "tableur-lettres.xlsx"
        write_template(path)
        return path.read_bytes()


async def template(request: Request) -> Response:
    data = await run_in_threadpool(template_bytes)
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"content-disposition": 'attachment; filename="tableur-lettres.xlsx"'},
    )


async def start(request: Request) -> Response:
    g: Guichet = guichet(request)
    form = await read_form(request)
    try:
        tableurs = await files(form, "tableur", TAILLE_TABLEUR)
        demarches = await files(form, "demarches", TAILLE_TABLEUR)
        if len(tableurs) != 1:
            raise FichierRefuse("Choisissez le tableur rempli (un fichier XLSX ou CSV).")
        kind = check(tableurs[0], ("xlsx", "csv"), TAILLE_TABLEUR)
        if kind == "csv" and tableurs[0].nom.lower().endswith(".xlsx"):
            raise FichierRefuse(
                "Ce fichier n'est pas un classeur XLSX valide : enregistrez-le de nouveau depuis le tableur."
            )
        if demarches and check(demarches[0], ("csv",), TAILLE_TABLEUR) != "csv":
            raise FichierRefuse("Les démarches s'envoient en CSV.")
    except FichierRefuse as exc:
        return await show(request, exc.message, 400)
    config = g.config()
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    numero = str(next(_numeros))
    source = g.racine / f".lettres-lot-{stamp}-{numero}.{kind}"
    write_atomic(source, tableurs[0].contenu)
    copies = [source]
    demarches_path = None
    if demarches:
        demarches_path = source.with_name(f"{source.stem}-demarches.csv")
        write_atomic(demarches_path, demarches[0].contenu)
        copies.append(demarches_path)
    travail = Travail(numero, tableurs[0].nom, g.sortie(config) / f"lot-{stamp}", copies=copies)
    garder = not form.get("sans_dossiers")
    travail.thread = threading.Thread(
        target=travail.run,
        args=(source, demarches_path, config, g.racine, garder),
        name=f"lot-{numero}",
        daemon=True,
    )
    travaux(request)[numero] = travail
    travail.thread.start()
    return redirect(f"/lot/{numero}")


@dataclass(frozen=True)
class LotGarde:
    """A batch's folder found in the output folder: when it ran, where its files are."""

    quand: datetime
    dossier: Path


def _lots_gardes(sortie: Path, nombre: int = 5) -> list[LotGarde]:
    """The batches' folders of the output folder (``lot-2026-11-27_101500``), newest first."""
    found = []
    if sortie.is_dir():
        for entry in sortie.iterdir():
            try:
                quand = datetime.strptime(entry.name, "lot-%Y-%m-%d_%H%M%S")
            except ValueError:
                continue
            if entry.is_dir() and not entry.is_symlink():
                found.append(LotGarde(quand, entry))
    return sorted(found, key=lambda lot: lot.quand, reverse=True)[:nombre]


def _oublie(request: Request) -> Response:
    """A batch this server does not know (started before it was restarted): where its files are kept, and how
    to start a batch."""
    g = guichet(request)
    sortie = g.sortie(g.config())
    return render(
        request,
        "lot_oublie.html",
        status=404,
        titre="Compte rendu du lot introuvable",
        rubrique="lot",
        sortie=sortie,
        lots=_lots_gardes(sortie),
    )


def _travail(request: Request) -> Travail | None:
    return travaux(request).get(str(request.path_params["numero"]))


async def progress(request: Request) -> Response:
    travail = _travail(request)
    if travail is None:
        return _oublie(request)
    return render(
        request,
        "lot_suivi.html",
        titre="Lot en cours" if not travail.fini else "Lot terminé",
        rubrique="lot",
        t=travail,
    )


def zip_results(travail: Travail) -> bytes:
    """Each dossier folder of the batch, and the report."""
    bilan = travail.bilan
    if bilan is None:
        return zip_trees([], travail.sortie, travail.sortie)
    rapport = [(bilan.rapport, "rapport.csv")] if bilan.rapport is not None and bilan.rapport.is_file() else []
    return zip_trees(bilan.dossiers, travail.sortie, travail.sortie, rapport)


async def results(request: Request) -> Response:
    travail = _travail(request)
    if travail is None:
        return _oublie(request)
    if travail.bilan is None:
        return redirect(f"/lot/{travail.numero}")
    data = await run_in_threadpool(zip_results, travail)
    return zip_response(data, travail.sortie.name)


routes = [
    Route("/lot", show),
    Route("/lot", closing(start), methods=["POST"]),
    Route("/lot/modele.xlsx", template),
    Route("/lot/{numero:int}", progress),
    Route("/lot/{numero:int}/resultats.zip", results),
]
