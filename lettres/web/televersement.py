"""Files received from the browser: checked by their content (not their name or the type the browser
claims), limited in size, and written under a name the tool chooses, inside the dossier's folder only.

A pièce is an image (PNG, JPEG, GIF, WebP, HEIC), a PDF or an office document; a batch is a spreadsheet
(XLSX, CSV); a logo is an image (PNG, JPEG). The
name typed or pasted by the user is never used as a path: a pasted capture arrives as « image.png », a
hostile one as « ../../.bashrc »; both become ``captures/2026-11-27-capture-ecran-1.png``.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from lettres.confinement import CLOEXEC, NOFOLLOW, HorsDossier, folder_beneath, parts_of
from lettres.erreurs import LettresError, raison_systeme
from lettres.fichiers import PRIVATE_FILE
from lettres.francais import ascii_slug, liste_fr

SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "pdf": (b"%PDF-",),
    "xlsx": (b"PK\x03\x04",),
}
PIECE = ("png", "jpg", "gif", "webp", "heic", "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp")
IMAGE = ("png", "jpg")
NOMS = {
    "png": "image PNG",
    "jpg": "image JPEG",
    "gif": "image GIF",
    "webp": "image WebP",
    "heic": "image HEIC",
    "pdf": "PDF",
    "docx": "document Word",
    "xlsx": "classeur XLSX",
    "pptx": "présentation PowerPoint",
    "odt": "texte OpenDocument",
    "ods": "classeur OpenDocument",
    "odp": "présentation OpenDocument",
    "csv": "fichier CSV",
}
OPEN_DOCUMENT = {b"text": "odt", b"spreadsheet": "ods", b"presentation": "odp"}


def piece_kind(contenu: bytes) -> str | None:
    """The extension of a pièce, from its content (the same rule as ``dossier.pieces``): None if it is not one."""
    import io
    import zipfile

    from lettres.dossier.pieces import kind_of_piece

    kind = kind_of_piece(contenu)
    if kind != "office":
        return kind
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        names = archive.namelist()
        for prefix, extension in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names):
                return extension
        with archive.open("mimetype") as part:
            mimetype = part.read(100)
    return OPEN_DOCUMENT.get(mimetype.rsplit(b".", 1)[-1])


class FichierRefuse(LettresError):
    """A file sent from the browser that cannot be kept: wrong kind, too large, empty."""


@dataclass(frozen=True)
class Recu:
    """A file received: what the user called it (shown, never used as a path), and its content."""

    nom: str
    contenu: bytes


def _shown(nom: str) -> str:
    nom = "".join(c for c in nom if c.isprintable())
    return nom if len(nom) <= 60 else nom[:40] + "…" + nom[-15:]


def kind_of(contenu: bytes, permis: tuple[str, ...]) -> str | None:
    """The kind of file, read from its first bytes; a CSV is text without NUL bytes."""
    for kind in permis:
        if kind == "csv":
            if contenu and b"\x00" not in contenu[:65536]:
                return "csv"
            continue
        if any(contenu.startswith(sig) for sig in SIGNATURES[kind]):
            return kind
    return None


def check(recu: Recu, permis: tuple[str, ...], taille_max: int) -> str:
    """The kind of a received file, or FichierRefuse with one French sentence."""
    nom = _shown(recu.nom) or "le fichier"
    if not recu.contenu:
        raise FichierRefuse(f"« {nom} » est vide : choisissez un autre fichier.")
    if len(recu.contenu) > taille_max:
        mo = f"{len(recu.contenu) / (1024 * 1024):.1f}".replace(".", ",")
        raise FichierRefuse(
            f"« {nom} » pèse {mo} Mo, plus que la limite de {taille_max // (1024 * 1024)} Mo : réduisez-le "
            "(capture recadrée, PDF compressé)."
        )
    kind = piece_kind(recu.contenu) if permis == PIECE else kind_of(recu.contenu, permis)
    if kind is None:
        attendus = liste_fr([NOMS[k] for k in permis], "ou")
        raise FichierRefuse(f"« {nom} » n'est pas un fichier accepté ici (attendu : {attendus}).")
    return kind


def store(recus: list[Recu], dossier: Path, sous_dossier: str, prefixe: str, taille_max: int) -> list[str]:
    """Write the received pièces into ``dossier/sous_dossier`` as ``prefixe-1.png``, ``prefixe-2.pdf``…
    (never replacing a file); return their paths relative to ``dossier``. All are checked before any is
    written: a refused file leaves nothing behind. The folder is reached from the dossier's folder
    descriptor without following any link (``confinement``): no renaming race can send a write outside."""
    kinds = [check(recu, PIECE, taille_max) for recu in recus]
    base = ascii_slug(prefixe, "-", 60) or "piece"
    written: list[str] = []
    try:
        with folder_beneath(dossier, parts_of(sous_dossier), create=True) as dir_fd:
            clean_partial(dir_fd)
            n = 1
            for recu, kind in zip(recus, kinds, strict=True):
                while True:
                    name = f"{base}-{n}.{kind}"
                    n += 1
                    if _write_new(dir_fd, name, recu.contenu):
                        break
                written.append(f"{sous_dossier}/{name}")
    except HorsDossier:
        raise FichierRefuse(f"Le dossier « {sous_dossier} » est un lien : les pièces n'y sont pas écrites.") from None
    except OSError as exc:
        raise FichierRefuse(
            f"Les pièces n'ont pas pu être enregistrées ({raison_systeme(exc)}) : libérez de la place ou vérifiez "
            "les droits du dossier, puis envoyez-les de nouveau."
        ) from None
    return written


PARTIEL = ".televersement-"
PARTIEL_AGE = 3600.0  # seconds: older partial files are what a killed save left behind


def clean_partial(dir_fd: int) -> None:
    """Remove the partial files a save killed midway left in this folder (they hold personal data)."""
    import time

    with os.scandir(dir_fd) as entries:
        for entry in entries:
            if entry.name.startswith(PARTIEL):
                try:
                    if time.time() - entry.stat(follow_symlinks=False).st_mtime > PARTIEL_AGE:
                        os.unlink(entry.name, dir_fd=dir_fd)
                except OSError:
                    continue


def _write_new(dir_fd: int, name: str, data: bytes) -> bool:
    """Create ``name`` in the folder ``dir_fd`` with ``data``, readable by its owner only; False if it exists
    already. Written under a hidden partial name, then linked into place complete (never half a file)."""
    import secrets

    partial = f"{PARTIEL}{secrets.token_hex(8)}"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, PRIVATE_FILE, dir_fd=dir_fd)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(partial, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
        except FileExistsError:
            return False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(partial, dir_fd=dir_fd)
    return True
