"""Pièces in the terminal: the files next to the dossier to pick from, and files dragged into the window.

A file dragged into a terminal arrives quoted (« '/home/…/Capture du 3 mars.png' »), with escaped spaces
(« Capture\\ du\\ 3\\ mars.png »), as a ``file://`` address, or after PowerShell's « & »; several files
arrive on one line. A file from elsewhere is copied into the dossier's ``captures/`` folder, since a dossier
only attaches its own files (dossier/pieces.py).
"""

from __future__ import annotations

import os
import shlex
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff", ".pdf", ".eml", ".msg"}
DOSSIER_CAPTURES = "captures"
LIMITE = 200


def _unquote_one(part: str) -> str:
    part = part.strip()
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "'\"":
        part = part[1:-1]
    if part.startswith("file://"):
        path = unquote(urlparse(part).path)
        # file:///C:/Users/… on Windows
        part = path[1:] if len(path) > 2 and path[0] == "/" and path[2] == ":" else path
    return os.path.expanduser(part)


def clean_dropped(text: str, base: Path) -> list[str]:
    """The paths in what the user typed or dropped: quotes, ``file://``, escaped spaces removed.

    A path typed with plain spaces (« captures/mon fichier.png ») stays one path when it exists."""
    text = text.strip()
    if text.startswith("& "):  # PowerShell runs a dropped path with « & '…' »
        text = text[2:].strip()
    if not text:
        return []
    whole = _unquote_one(text)
    if _resolve(whole, base).exists():
        return [whole]
    try:
        parts = shlex.split(text, posix=os.name != "nt")
    except ValueError:  # an unbalanced quote: take the text as one path
        parts = [text]
    return [_unquote_one(p) for p in parts if p.strip()]


def _resolve(path: str, base: Path) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else base / candidate


def check_dropped(text: str, base: Path) -> str | None:
    """None when every path names a file; else one sentence saying which one and where it was looked for."""
    for path in clean_dropped(text, base):
        where = _resolve(path, base)
        if where.is_dir():
            return f"« {path} » est un dossier : choisissez un fichier à l'intérieur."
        if not where.is_file():
            cherche = f" (cherché dans {base})" if not Path(path).is_absolute() else ""
            return f"Fichier introuvable : « {where if Path(path).is_absolute() else path} »{cherche}."
    return None


def looks_dropped(text: str, base: Path) -> bool:
    """Whether ``text``, typed or pasted in a list of files, is the path of existing files (a drag and drop)."""
    if not any(sep in text for sep in ("/", "\\")):
        return False
    try:
        paths = clean_dropped(text, base)
        return bool(paths) and all(_resolve(p, base).is_file() for p in paths)
    except (OSError, ValueError):
        return False


def bring_in(path: str, base: Path) -> tuple[str, bool]:
    """The pièce's path relative to ``base``; a file from elsewhere is first copied into ``captures/``.

    Returns (relative path, copied)."""
    source = _resolve(path, base).resolve()
    root = base.resolve()
    if source.is_relative_to(root):
        return source.relative_to(root).as_posix(), False
    folder = root / DOSSIER_CAPTURES
    folder.mkdir(exist_ok=True)
    target, n = folder / source.name, 2
    while target.exists() and target.read_bytes() != source.read_bytes():
        target, n = folder / f"{source.stem}-{n}{source.suffix}", n + 1
    if not target.exists():
        shutil.copyfile(source, target)
    return target.relative_to(root).as_posix(), True


@dataclass(frozen=True)
class Fichier:
    chemin: str  # relative to the dossier's folder
    modifie: datetime

    @property
    def titre(self) -> str:
        return f"{self.chemin} ({self.modifie.strftime('%d/%m/%Y %H:%M')})"


def files_near(base: Path, exclude: set[str] | frozenset[str] = frozenset()) -> list[Fichier]:
    """Images, PDF and e-mails in the dossier's folder and its sub-folders (one level), newest first."""
    found: list[Fichier] = []
    folders = [base, *sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))]
    for folder in folders:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.suffix.lower() in EXTENSIONS and entry.is_file() and not entry.name.startswith("."):
                chemin = entry.relative_to(base).as_posix()
                if chemin not in exclude:
                    found.append(Fichier(chemin, datetime.fromtimestamp(entry.stat().st_mtime)))
    found.sort(key=lambda f: f.modifie, reverse=True)
    return found[:LIMITE]
