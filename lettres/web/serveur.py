"""Running the server: on 127.0.0.1 only, on a free port unless one is asked, the address with its token
printed first, the browser opened, Ctrl-C stopping it cleanly.

The access log is off (addresses could name files) and uvicorn only speaks of warnings; the application
logs unexpected errors by their kind only (``securite.Garde``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from lettres.erreurs import LettresError
from lettres.fichiers import make_private_dirs

if TYPE_CHECKING:
    import uvicorn

    from lettres.web.etat import Guichet

HOTE = "127.0.0.1"


def bind(port: int | None) -> socket.socket:
    """A listening socket on the loopback address (port 0: the system picks a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOTE, port or 0))
    except OSError:
        sock.close()
        raise LettresError(
            f"Le port {port} est déjà utilisé sur cet ordinateur : choisissez-en un autre avec --port, ou laissez "
            "lettres en choisir un libre (sans --port)."
        ) from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def prepare(dossiers: Path, config: Path | None) -> Path:
    """The dossiers folder, created if needed (a new user starts from an empty one)."""
    try:
        make_private_dirs(dossiers)
    except OSError as exc:
        from lettres.erreurs import EcritureImpossible

        raise EcritureImpossible.de(dossiers, exc) from None
    _clean_leftovers(dossiers)
    if not dossiers.is_dir():
        raise LettresError(
            f"« {dossiers} » n'est pas un répertoire : indiquez le répertoire des dossiers avec --dossiers."
        )
    return dossiers.resolve()


def _clean_leftovers(dossiers: Path) -> None:
    """The hidden copies of spreadsheets a server killed during a batch left (personal data)."""
    import time

    with contextlib.suppress(OSError):
        for copie in dossiers.glob(".lettres-lot-*"):
            with contextlib.suppress(OSError):
                if time.time() - copie.lstat().st_mtime > 3600:
                    copie.unlink()


def serve(
    dossiers: Path,
    port: int | None = None,
    navigateur: bool = True,
    config: Path | None = None,
    annonce: Callable[[str], None] = print,
) -> None:
    """Serve the dossiers folder until Ctrl-C (KeyboardInterrupt goes up: the CLI exits with 130)."""
    from lettres.web.etat import Guichet
    from lettres.web.securite import Cles

    racine = prepare(dossiers, config)
    _more_files()
    sock = bind(port)
    cles = Cles.nouvelles(sock.getsockname()[1])
    guichet = Guichet(racine, cles, config)
    guichet.config()  # a broken configuration is said now, in the terminal, not on every page
    adresse = cles.adresse()
    annonce(adresse)
    annonce(f"lettres web : dossiers dans {racine}")
    annonce(
        "Ouvrez l'adresse ci-dessus dans votre navigateur (elle contient votre clé d'accès, valable pour une seule "
        "ouverture). Ctrl-C pour arrêter."
    )
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    server = _server(guichet)
    if navigateur:
        threading.Timer(0.3, _open_browser, args=(cles.adresse_navigateur(),)).start()
    from lettres.erreurs import ArretDemande, Interrompu

    arret = Interrompu(
        "lettres web arrêté : ce qui a été enregistré est dans les dossiers, les réponses pas encore "
        "enregistrées dans les brouillons, fichiers .brouillon.yaml à côté des dossiers."
    )
    try:
        server.run(sockets=[sock])
    except ArretDemande:  # SIGTERM, SIGHUP: the CLI says so, with its own code
        raise
    except KeyboardInterrupt:
        raise arret from None
    finally:
        sock.close()
        _clean_after(racine)
    # the server only stops on a signal (Ctrl-C; SIGINT ignored by a shell's background job still stops it)
    raise arret


def _server(guichet: Guichet) -> uvicorn.Server:
    """The uvicorn server of the web door: quiet, no server header, a cap on connections."""
    import uvicorn

    from lettres.web.app import create_app
    from lettres.web.protocole import CONNEXIONS_MAX, Protocole

    return uvicorn.Server(
        uvicorn.Config(
            create_app(guichet),
            log_level="warning",
            access_log=False,
            server_header=False,
            date_header=False,
            lifespan="off",
            timeout_graceful_shutdown=10,
            http=Protocole,  # a deadline on the headers, a cap on open connections, no traceback
            timeout_keep_alive=5,
            limit_concurrency=CONNEXIONS_MAX + 64,
        )
    )


def _clean_after(racine: Path) -> None:
    """Once the server has stopped: the hidden copies of batches and the opening pages removed."""
    import shutil

    # a batch cut short leaves its hidden copy of the spreadsheet (its own staging folders are cleaned
    # by the next batch): a copy of personal data is not left behind
    for copie in racine.glob(".lettres-lot-*"):
        copie.unlink(missing_ok=True)
    for folder in OUVERTURES:
        shutil.rmtree(folder, ignore_errors=True)


def _more_files() -> None:
    """As many open files as the system allows this user: each connection holds one."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        _, dur = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (dur, dur))


OUVERTURES: list[Path] = []  # the private opening pages of this process, removed at the latest on exit


def _open_browser(adresse: str) -> None:
    """Open the browser on a private page that forwards to ``adresse``: a browser's command line is visible
    to every user of the computer (``ps``), so the token travels in a file only its owner can read, removed
    a minute later (the token itself is good for one visit)."""
    import shutil
    import tempfile
    import webbrowser
    from html import escape

    with contextlib.suppress(Exception):  # no browser: the address is printed
        folder = Path(tempfile.mkdtemp(prefix="lettres-ouverture-"))  # 0700
        OUVERTURES.append(folder)
        page = folder / "ouvrir.html"
        fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(
                '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
                f'<meta http-equiv="refresh" content="0;url={escape(adresse)}"><title>lettres</title></head>'
                f'<body><p><a href="{escape(adresse)}">Ouvrir lettres</a></p></body></html>'
            )
        timer = threading.Timer(60.0, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True})
        timer.daemon = True
        timer.start()
        webbrowser.open(page.as_uri())
