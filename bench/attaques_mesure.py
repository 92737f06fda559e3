"""Measuring one command run for bench/attaques.py: exit code, output, time, peak memory, files read
outside the dossier (strace for a process, the audit hook of tests/ouvertures.py in this process)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE / "tests"))

from ouvertures import hors, ouvertures, racines_du_programme  # noqa: E402

LIMITE = 120  # seconds: a run longer than this is a hang
# what the interpreter itself reads when it starts, seen by strace (the audit hook sees Python's opens only)
# (libraries, locale, time zone, OpenSSL's configuration, the interpreter and its pyvenv.cfg); a directory
# opened to list it (O_DIRECTORY: the import system looking at sys.path) is not a file read
SYSTEME = (
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/etc/locale.alias",
    "/etc/ssl/openssl.cnf",
    "/lib/",
    "/lib64/",
    "/usr/lib/",
    "/usr/lib64/",
    "/usr/share/locale/",
    "/usr/share/zoneinfo/",
    "/dev/null",
    "/dev/urandom",
    "/dev/shm/sem.",  # the semaphores of multiprocessing (lettres lot)
    "/etc/mime.types",  # Python's mimetypes (the attachments of the .eml drafts)
    "/sys/devices/system/cpu/",  # the number of processors (the workers of lettres lot)
    os.path.realpath(sys.base_prefix) + "/",
    os.path.realpath(sys.prefix) + "/pyvenv.cfg",
)
# run by the measured process: lettres, then its peak memory (with its children) written to a file
MESURE = (
    "import resource, sys\n"
    "from lettres.cli import main\n"
    "try:\n"
    "    main(sys.argv[2:])\n"
    "finally:\n"
    "    pic = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "    open(sys.argv[1], 'w').write(str(pic))\n"
)


@dataclass
class Famille:
    """One line of the table."""

    nom: str
    cas: int = 0
    executions: int = 0
    codes: Counter = field(default_factory=Counter)
    tracebacks: int = 0
    perdues: int = 0
    blocages: int = 0
    dehors: set[str] = field(default_factory=set)
    memoire: int = 0  # KiB
    duree: float = 0.0
    notes: list[str] = field(default_factory=list)
    octets_dehors: int = 0  # runs that returned or wrote bytes of a folder outside (issue #22)
    etrangeres: int = 0  # letters or pages showing another person's data, keys leaked (issue #22)

    def compter(self, mesure: Mesure) -> Mesure:
        self.executions += 1
        self.codes["bloqué" if mesure.code is None else mesure.code] += 1
        self.tracebacks += "Traceback" in mesure.erreurs
        self.blocages += mesure.code is None
        self.dehors.update(mesure.dehors)
        self.memoire = max(self.memoire, mesure.memoire)
        self.duree += mesure.duree
        return mesure


@dataclass
class Mesure:
    code: int | None
    sortie: str
    erreurs: str
    duree: float
    memoire: int = 0
    dehors: list[str] = field(default_factory=list)


def lancer(
    args: list[str], autorises: list[Path], strace: bool, env: dict | None = None, limite: int = LIMITE
) -> Mesure:
    """``python -m lettres ARGS`` in a process of its own: code (None when stopped after ``limite``
    seconds), output, time, peak memory, and the files it opened outside ``autorises`` (strace)."""
    with tempfile.TemporaryDirectory(prefix="mesure-") as travail:
        pic, trace = Path(travail) / "pic", Path(travail) / "trace"
        commande = [sys.executable, "-c", MESURE, str(pic), *args]
        if strace:
            commande = ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", str(trace), *commande]
        debut = time.monotonic()
        process = subprocess.Popen(
            commande,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
            cwd=travail,  # « python -c » puts the working directory on sys.path
        )
        try:
            sortie, erreurs = process.communicate(timeout=limite)
            code: int | None = process.returncode
        except subprocess.TimeoutExpired:
            process.kill()
            sortie, erreurs = process.communicate()
            code = None
        duree = time.monotonic() - debut
        memoire = int(pic.read_text()) if pic.exists() and pic.read_text() else 0
        dehors = _lus_dehors(trace, [*autorises, Path(travail)]) if strace and trace.exists() else []
    return Mesure(code, sortie, erreurs, duree, memoire, dehors)


def _lus_dehors(trace: Path, autorises: list[Path]) -> list[str]:
    racines = [str(Path(os.path.realpath(r))) for r in (*autorises, *racines_du_programme())]
    dehors = set()
    for ligne in trace.read_text(errors="replace").splitlines():
        trouve = re.search(r'open(?:at2?)?\((?:AT_FDCWD, |\d+, )?"((?:[^"\\]|\\.)*)".*\) = (\d+)', ligne)
        if not trouve or not trouve[1].startswith("/") or "O_DIRECTORY" in ligne:
            continue
        chemin = os.path.realpath(trouve[1])
        if re.fullmatch(r"/proc/\d+/fd", chemin):  # a child process started: the inherited descriptors closed
            continue
        if chemin.startswith(SYSTEME) or any(chemin == r or chemin.startswith(r + "/") for r in racines):
            continue
        dehors.add(chemin)
    return sorted(dehors)


class Bloque(BaseException):
    """The time limit of a run in this process."""


def lancer_ici(args: list[str], autorises: list[Path], limite: int = LIMITE) -> Mesure:
    """``lettres ARGS`` in this process, through ``lettres.cli.main``, with the audit hook."""
    from lettres.cli import main

    def stop(signum, frame):
        raise Bloque

    precedent = signal.signal(signal.SIGALRM, stop)
    out, err = io.StringIO(), io.StringIO()
    code: int | None = None
    debut = time.monotonic()
    signal.alarm(limite)
    try:
        with ouvertures() as ouverts, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(args)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0
            except Bloque:
                code = None
            except Exception:  # an exception out of main is what a user would see as a traceback
                import traceback

                traceback.print_exc(file=err)
                code = 1
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, precedent)
    memoire = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return Mesure(code, out.getvalue(), err.getvalue(), time.monotonic() - debut, memoire, hors(ouverts, *autorises))
