"""The records of a structure's dossiers: read by the machinery of ``lettres suivi`` (same files, same
folders left aside, two processes for hundreds of dossiers), each turned into its anonymous record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from lettres.bilan.fiche import Fiche, fiche_du_fichier, sans_doublons
from lettres.suivi.collecte import Probleme


@dataclass(frozen=True)
class Lecture:
    fiches: list[Fiche]  # each person once
    doublons: int  # records of a person already counted
    problemes: tuple[Probleme, ...]  # files that could not be read (their names stay on the terminal)


def lire_fiches(
    chemins: Sequence[Path],
    aujourd_hui: date,
    sel: str,
    config: Any = None,
    exclus: Sequence[Path] = (),
    nationalites: bool = False,
    processus: int | None = None,
) -> Lecture:
    """Every dossier under ``chemins`` as an anonymous record at ``aujourd_hui``."""
    from lettres.suivi.tableau import read_dossiers

    build = partial(fiche_du_fichier, sel=sel, nationalites=nationalites)
    fiches, problemes, _ = read_dossiers(chemins, aujourd_hui, config, exclus, processus, build)
    uniques, doublons = sans_doublons(fiches)
    return Lecture(uniques, doublons, problemes)
