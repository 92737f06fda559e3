"""What a structure may share: the anonymous records of its dossiers (``lettres bilan --export``), and the
bilan of several structures from their exports (``--fusionner``), without a server.

Format (JSON, UTF-8), documented in docs/bilan.md::

    {"format": "lettres-bilan", "version": 1, "outil": "lettres 0.1.0", "structure": "…" or null,
     "periode": {"du": "AAAA-MM", "au": "AAAA-MM"}, "produit_le": "AAAA-MM", "nationalites": false,
     "fiches": [{"id": "…", "prefecture": "13", "mois_blocage": "2026-03", …}, …]}

The salt of ``id`` stays in the structure's configuration (``bilan: {sel: …}``): never in an export.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from lettres import __version__
from lettres.bilan.calcul import Source
from lettres.bilan.fiche import Fiche, mois
from lettres.erreurs import LettresError

FORMAT = "lettres-bilan"
VERSION = 1


class ExportInvalide(LettresError):
    """A file given to ``--fusionner`` is not an export of ``lettres bilan`` (exit code 2)."""


def sel_de(config: Any, creer: bool) -> tuple[str, bool]:
    """The structure's salt (``bilan.sel`` of the configuration); when missing, a new one — saved in the
    configuration if ``creer`` (an export needs the same salt every time). Returns (salt, created)."""
    reglage = (config.data.get("bilan") or {}) if config is not None else {}
    sel = str(reglage.get("sel") or "")
    if sel:
        return sel, False
    sel = secrets.token_hex(16)
    if creer and config is not None:
        from lettres.config import save_config

        config.data["bilan"] = {**reglage, "sel": sel}
        save_config(config)
        return sel, True
    return sel, False


def periode_des(fiches: Sequence[Fiche], du: str, au: str) -> tuple[str, str]:
    """The period an export covers: the one asked, else the months of its records."""
    mois_ = sorted(f.mois_blocage for f in fiches)
    return du or (mois_[0] if mois_ else ""), au or (mois_[-1] if mois_ else "")


def export_data(
    fiches: Sequence[Fiche], aujourd_hui: date, du: str, au: str, structure: str, nationalites: bool
) -> dict[str, Any]:
    debut, fin = periode_des(fiches, du, au)
    return {
        "format": FORMAT,
        "version": VERSION,
        "outil": f"lettres {__version__}",
        "structure": structure or None,
        "periode": {"du": debut or None, "au": fin or None},
        "produit_le": mois(aujourd_hui),
        "nationalites": nationalites,
        "fiches": [f.as_dict() for f in fiches],
    }


def write_export(chemin: Path, data: dict[str, Any]) -> None:
    from lettres.bilan.ecriture import ecrire

    ecrire(chemin, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), "export")


@dataclass(frozen=True)
class Fusion:
    fiches: list[Fiche]
    sources: tuple[Source, ...]


def _invalide(chemin: Path, pourquoi: str) -> ExportInvalide:
    return ExportInvalide(
        f"« {chemin} » n'est pas un export de lettres bilan ({pourquoi}) : fusionnez les fichiers écrits par "
        "« lettres bilan --export »."
    )


def read_export(chemin: Path) -> tuple[list[Fiche], Source]:
    """The records of one export, checked."""
    try:
        data = json.loads(chemin.read_bytes())
    except FileNotFoundError:
        raise ExportInvalide(f"Le fichier « {chemin} » est introuvable : vérifiez le chemin.") from None
    except (ValueError, UnicodeDecodeError):
        raise _invalide(chemin, "ce n'est pas du JSON lisible") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _invalide(chemin, "format inconnu")
    if data.get("version") != VERSION:
        raise ExportInvalide(
            f"« {chemin} » est un export de version {data.get('version')!r}, que cette version de lettres ne lit "
            f"pas (version {VERSION}) : mettez lettres à jour."
        )
    brutes = data.get("fiches")
    if not isinstance(brutes, list):
        raise _invalide(chemin, "la liste fiches manque")
    try:
        fiches = [Fiche.from_dict(f) for f in brutes]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _invalide(chemin, "une fiche est incomplète") from None
    periode = data.get("periode") or {}
    source = Source(
        str(data.get("structure") or ""),
        str(periode.get("du") or ""),
        str(periode.get("au") or ""),
        len(fiches),
        str(data.get("outil") or ""),
    )
    return fiches, source


def fusionner(chemins: Sequence[Path]) -> Fusion:
    """Every record of every export, in order (duplicates are left to ``sans_doublons``)."""
    fiches: list[Fiche] = []
    sources = []
    for chemin in chemins:
        lues, source = read_export(chemin)
        fiches += lues
        sources.append(source)
    return Fusion(fiches, tuple(sources))
