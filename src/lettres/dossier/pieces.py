"""The pièces of a dossier: only files of the dossier's own folder are attached.

A dossier (or a spreadsheet) received from someone else may name ``/etc/passwd``,
``../../secret.pdf``, a symbolic link pointing outside, or ``/proc/self/environ``: attached without a
word, such a file would be mailed to an administration. Every pièce therefore goes through
``check_piece`` (generation, batches, ``lettres etape``, the web interface): its real path, links
resolved, must lie inside an allowed folder, be a regular file and stay under a size limit. Reading
(``read_piece``) checks again on the opened file, so that a file swapped in between is refused too.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from lettres.erreurs import PieceRefusee, raison_systeme

TAILLE_MAX_MO = 20
MO = 1024 * 1024


@dataclass(frozen=True)
class ReglePieces:
    """Where pièces may come from besides the dossier's folder, and how large they may be."""

    taille_max: int = TAILLE_MAX_MO * MO
    dossiers_autorises: tuple[Path, ...] = field(default_factory=tuple)

    def avec(self, *dossiers: Path) -> ReglePieces:
        """The same rule, with more allowed folders (``--pieces-hors-dossier``)."""
        return ReglePieces(self.taille_max, (*self.dossiers_autorises, *dossiers))


def _shown(chemin: str | Path) -> str:
    text = str(chemin)
    return text if len(text) <= 120 else text[:80] + "…" + text[-30:]


def _mo(octets: int) -> str:
    return f"{octets / MO:.1f}".replace(".", ",").replace(",0", "")


def _roots(base: Path, regle: ReglePieces) -> list[Path]:
    roots = []
    for folder in (base, *regle.dossiers_autorises):
        try:
            roots.append(Path(folder).expanduser().resolve())
        except (OSError, RuntimeError, ValueError):
            continue
    return roots


def check_piece(chemin: str | Path, base: Path, regle: ReglePieces | None = None) -> Path:
    """The real path of the pièce ``chemin`` (relative to ``base``, the dossier's folder), once checked.

    Raises PieceRefusee, one French sentence naming the pièce, when it is missing, outside ``base``
    and the allowed folders (links followed), not a regular file, or larger than the limit."""
    regle = regle or ReglePieces()
    shown = _shown(chemin)
    try:
        path = Path(chemin).expanduser()
        path = path if path.is_absolute() else base / path
        real = path.resolve()
        info = real.stat()
    except FileNotFoundError:
        raise PieceRefusee(
            f"Pièce introuvable : « {shown} » (les chemins des pièces sont relatifs au fichier du dossier) : "
            "corrigez le chemin ou retirez la pièce.",
            str(chemin),
        ) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raison = raison_systeme(exc) if isinstance(exc, OSError) else "chemin invalide"
        raise PieceRefusee(
            f"La pièce « {shown} » ne peut pas être lue ({raison}) : corrigez son chemin.", str(chemin)
        ) from None
    if not any(real.is_relative_to(root) for root in _roots(base, regle)):
        lien = f" (lien vers « {_shown(real)} »)" if real != Path(os.path.abspath(path)) else ""
        raise PieceRefusee(
            f"La pièce « {shown} »{lien} est hors du dossier « {_shown(base)} » : elle n'est pas jointe. Copiez-la "
            "dans le dossier, ou autorisez son répertoire avec --pieces-hors-dossier (ou pieces.dossiers_autorises "
            "dans la configuration).",
            str(chemin),
        )
    if not stat.S_ISREG(info.st_mode):
        raise PieceRefusee(
            f"La pièce « {shown} » n'est pas un fichier ordinaire (dossier, périphérique ou fichier spécial) : "
            "indiquez le fichier d'une capture ou d'un document.",
            str(chemin),
        )
    _check_size(shown, info.st_size, regle, str(chemin))
    return real


def _check_size(shown: str, size: int, regle: ReglePieces, chemin: str) -> None:
    if size > regle.taille_max:
        raise PieceRefusee(
            f"La pièce « {shown} » pèse {_mo(size)} Mo, plus que la limite de {_mo(regle.taille_max)} Mo par pièce : "
            "réduisez-la (capture recadrée, PDF compressé) ou relevez pieces.taille_max_mo dans la configuration.",
            chemin,
        )


def read_piece(chemin: str | Path, base: Path, regle: ReglePieces | None = None) -> bytes:
    """The content of a checked pièce; the opened file itself is checked again (swap, growth, removal)."""
    regle = regle or ReglePieces()
    real = check_piece(chemin, base, regle)
    shown = _shown(chemin)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            message = f"La pièce « {shown} » a disparu pendant la génération : vérifiez qu'elle est toujours là."
        else:
            message = f"La pièce « {shown} » ne peut pas être lue ({raison_systeme(exc)}) : vérifiez ses droits."
        raise PieceRefusee(message, str(chemin)) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise PieceRefusee(
                f"La pièce « {shown} » n'est pas un fichier ordinaire : elle n'est pas jointe.", str(chemin)
            )
        _check_size(shown, info.st_size, regle, str(chemin))
        try:
            data = handle.read(regle.taille_max + 1)
        except OSError as exc:
            raise PieceRefusee(
                f"La pièce « {shown} » ne peut pas être lue ({raison_systeme(exc)}) : vérifiez ses droits.", str(chemin)
            ) from None
    _check_size(shown, len(data), regle, str(chemin))
    return data
