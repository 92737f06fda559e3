"""One writer at a time: an exclusive lock on a dossier file while it is read, changed and replaced.

Without it, two démarche commands run at once both read the journal, each appends its démarche, and
the second replacement erases the first one's. The lock is a hidden file beside the dossier
(``.NOM.yaml.verrou``, empty), so that it also holds between two computers sharing the folder. The
web interface takes the same lock (``dossier_lock``)."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lettres.erreurs import EcritureImpossible, FichierIntrouvable, LettresError, raison_systeme

ATTENTE = 30.0  # seconds: a démarche is added in well under a second
TEMPORAIRE_ABANDONNE = 3600.0  # a temporary file this old was left by a killed process


def real_path(path: Path) -> Path:
    """The file a dossier path designates, links followed: the real file is the one to change."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError) as exc:
        raison = raison_systeme(exc) if isinstance(exc, OSError) else "trop de liens symboliques"
        raise FichierIntrouvable(f"Le fichier « {path} » est inaccessible ({raison}).") from None
    if not real.is_file():
        raise FichierIntrouvable(f"Le fichier « {path} » est introuvable : vérifiez le chemin.")
    return real


def refuse_read_only(path: Path) -> None:
    """A file its owner made read-only stays unchanged, even for root (who may write anyway)."""
    mode = path.stat().st_mode
    if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise LettresError(
            f"Le fichier « {path} » est en lecture seule : il n'est pas modifié. Rendez-le modifiable "
            "(propriétés du fichier) si vous voulez y ajouter une démarche."
        )


def remove_stale_temporaries(path: Path, age: float = TEMPORAIRE_ABANDONNE) -> None:
    """Temporary copies of ``path`` (``.NOM.yaml.XXXX.tmp``) left by a process killed while writing.

    Called under the lock: no other writer of this file is running, so any such copy is abandoned;
    ``age`` guards against programs that write it without the lock."""
    now = time.time()
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if now - tmp.stat().st_mtime >= age:
                tmp.unlink()
        except OSError:
            continue


@contextmanager
def dossier_lock(path: Path, attente: float = ATTENTE) -> Iterator[Path]:
    """Hold the exclusive lock of the dossier ``path`` (links followed); yield its real path."""
    from filelock import FileLock, Timeout

    real = real_path(path)
    lock = FileLock(str(real.parent / f".{real.name}.verrou"), timeout=attente, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise LettresError(
            f"Le fichier « {path} » est en cours de modification par un autre programme depuis plus de "
            f"{attente:.0f} secondes : réessayez dans un instant."
        ) from None
    except OSError as exc:
        raise EcritureImpossible.de(real.parent / f".{real.name}.verrou", exc) from None
    try:
        remove_stale_temporaries(real, 0)
        yield real
    finally:
        lock.release()
