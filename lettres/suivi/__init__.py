"""Tracking across dossiers: the table of deadlines (``lettres suivi``, the web home page), its CSV and
its calendar. Library functions returning dataclasses; the CLI and the web only present them."""

from lettres.suivi.collecte import Probleme, RepertoireIntrouvable, find_dossier_files
from lettres.suivi.tableau import Echeance, LigneSuivi, Suivi, build_row, build_suivi

__all__ = [
    "Echeance",
    "LigneSuivi",
    "Probleme",
    "RepertoireIntrouvable",
    "Suivi",
    "build_row",
    "build_suivi",
    "find_dossier_files",
]
