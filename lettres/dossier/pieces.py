"""The pièces of a dossier: only images, PDF and office documents of the dossier's own folder are attached.

A dossier (or a spreadsheet) received from someone else may name ``/etc/passwd``,
``../../secret.pdf``, a symbolic link pointing outside, ``/proc/self/environ``, or another person's
dossier: attached without a word, such a file would be mailed to an administration. Every pièce therefore
goes through ``read_piece`` (generation, batches, the démarche command, the web interface):

- its path, taken as written (never resolved), must lie inside the dossier's folder or an allowed folder;
- the file is opened from that folder's descriptor, component by component, no link followed at any level
  (``confinement``): renaming a folder into a link while the tool reads cannot lead it outside;
- no folder on the way may be another person's folder (one holding a dossier file);
- the opened file must be a regular file under the size limit, and its content (not its name) an image,
  a PDF or an office document.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lettres.confinement import HorsDossier, open_beneath
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
    """Each allowed folder, as written and with its links resolved (a path may name either)."""
    roots: list[Path] = []
    for folder in (base, *regle.dossiers_autorises):
        try:
            written = Path(os.path.abspath(Path(folder).expanduser()))
            for root in (written, written.resolve()):
                if root not in roots:
                    roots.append(root)
        except (OSError, RuntimeError, ValueError):
            continue
    return roots


def _locate(chemin: str | Path, base: Path, regle: ReglePieces) -> tuple[Path, str]:
    """(allowed folder, path inside it) of the pièce, decided on the path as written (never resolved)."""
    shown = _shown(chemin)
    try:
        path = Path(chemin).expanduser()
        full = Path(os.path.abspath(path if path.is_absolute() else Path(base).expanduser() / path))
    except (OSError, RuntimeError, ValueError):
        raise PieceRefusee(
            f"La pièce « {shown} » ne peut pas être lue (chemin invalide) : corrigez son chemin.", str(chemin)
        ) from None
    for root in _roots(base, regle):
        if full != root and full.is_relative_to(root):
            return root, full.relative_to(root).as_posix()
    raise PieceRefusee(
        f"La pièce « {shown} » est hors du dossier « {_shown(base)} » : elle n'est pas jointe. Copiez-la "
        "dans le dossier, ou autorisez son répertoire avec --pieces-hors-dossier (ou pieces.dossiers_autorises "
        "dans la configuration).",
        str(chemin),
    )


def _refused_path(exc: HorsDossier, shown: str, chemin: str) -> PieceRefusee:
    if exc.raison == "lien":
        cible = f" (lien vers « {_shown(exc.cible)} »)" if exc.cible else ""
        return PieceRefusee(
            f"La pièce « {shown} »{cible} est hors du dossier, ou passe par un lien (« {_shown(exc.composant)} ») "
            "que lettres ne suit pas : copiez le fichier lui-même dans le dossier.",
            chemin,
        )
    if exc.raison == "autre_dossier":
        return PieceRefusee(
            f"La pièce « {shown} » est dans le dossier d'une autre personne (« {_shown(exc.composant)} ») : "
            "elle n'est pas jointe. Chaque personne n'a pour pièces que celles de son propre dossier.",
            chemin,
        )
    return PieceRefusee(
        f"La pièce « {shown} » ne peut pas être lue (« {_shown(exc.composant)} » n'est pas un répertoire) : "
        "corrigez son chemin.",
        chemin,
    )


def _open(chemin: str | Path, base: Path, regle: ReglePieces) -> tuple[int, Path]:
    shown = _shown(chemin)
    root, relatif = _locate(chemin, base, regle)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        return open_beneath(root, relatif, flags, foreign_dossiers=False), root / relatif
    except HorsDossier as exc:
        raise _refused_path(exc, shown, str(chemin)) from None
    except FileNotFoundError:
        raise PieceRefusee(
            f"Pièce introuvable : « {shown} » (les chemins des pièces sont relatifs au fichier du dossier) : "
            "corrigez le chemin ou retirez la pièce.",
            str(chemin),
        ) from None
    except (OSError, ValueError) as exc:
        raison = raison_systeme(exc) if isinstance(exc, OSError) else "chemin invalide"
        conseil = "vérifiez ses droits" if isinstance(exc, PermissionError) else "corrigez son chemin"
        raise PieceRefusee(f"La pièce « {shown} » ne peut pas être lue ({raison}) : {conseil}.", str(chemin)) from None


def check_piece(chemin: str | Path, base: Path, regle: ReglePieces | None = None) -> Path:
    """The path of the pièce ``chemin`` (relative to ``base``, the dossier's folder), once checked.

    Raises PieceRefusee, one French sentence naming the pièce, when it is missing, outside ``base``
    and the allowed folders, reached through a link or another person's folder, not a regular file,
    larger than the limit, or neither an image, a PDF nor an office document."""
    return _read(chemin, base, regle or ReglePieces())[1]


def _check_size(shown: str, size: int, regle: ReglePieces, chemin: str) -> None:
    if size > regle.taille_max:
        raise PieceRefusee(
            f"La pièce « {shown} » pèse {_mo(size)} Mo, plus que la limite de {_mo(regle.taille_max)} Mo par pièce : "
            "réduisez-la (capture recadrée, PDF compressé) ou relevez pieces.taille_max_mo dans la configuration.",
            chemin,
        )


def read_piece(chemin: str | Path, base: Path, regle: ReglePieces | None = None) -> bytes:
    """The content of a checked pièce, read from the very file that was checked."""
    return _read(chemin, base, regle or ReglePieces())[0]


def _read(chemin: str | Path, base: Path, regle: ReglePieces) -> tuple[bytes, Path]:
    shown = _shown(chemin)
    fd, path = _open(chemin, base, regle)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise PieceRefusee(
            f"La pièce « {shown} » n'est pas un fichier ordinaire (dossier, périphérique ou fichier spécial) : "
            "indiquez le fichier d'une capture ou d'un document.",
            str(chemin),
        )
    with os.fdopen(fd, "rb") as handle:
        _check_size(shown, info.st_size, regle, str(chemin))
        try:
            data = handle.read(regle.taille_max + 1)
        except OSError as exc:
            raise PieceRefusee(
                f"La pièce « {shown} » ne peut pas être lue ({raison_systeme(exc)}) : vérifiez ses droits.", str(chemin)
            ) from None
    _check_size(shown, len(data), regle, str(chemin))
    if kind_of_piece(data) is None:
        raise PieceRefusee(_wrong_kind(shown, path), str(chemin))
    return data, path


def _wrong_kind(shown: str, path: Path) -> str:
    if path.suffix.lower() in (".yaml", ".yml"):
        return (
            f"La pièce « {shown} » est un fichier de dossier, pas une pièce : elle n'est pas jointe. Indiquez la "
            "capture ou le document à joindre."
        )
    return (
        f"La pièce « {shown} » n'est ni une image (PNG, JPEG, GIF, WebP, HEIC), ni un PDF, ni un document de "
        "bureautique (Word, Excel, OpenDocument), d'après son contenu : elle n'est pas jointe."
    )


# what a pièce may be, recognised from its first bytes (its name says nothing)
IMAGES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}
HEIF = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")
OFFICE = ("word/", "xl/", "ppt/")


def kind_of_piece(data: bytes) -> str | None:
    """``png``, ``jpg``, ``gif``, ``webp``, ``heic``, ``pdf``, ``office`` — or None: read from the content."""
    for kind, signatures in IMAGES.items():
        if data.startswith(signatures):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in HEIF:
        return "heic"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") and _is_office(data):
        return "office"
    return None


def _is_office(data: bytes) -> bool:
    """An Office Open XML document (content types and a word/, xl/ or ppt/ part) or an OpenDocument one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                return any(n.startswith(OFFICE) for n in names)
            if names and names[0] == "mimetype":
                with archive.open("mimetype") as part:
                    return part.read(100).startswith(b"application/vnd.oasis.opendocument.")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return False
    return False
