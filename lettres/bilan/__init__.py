"""The bilan of a structure (``lettres bilan``): what its dossiers say of the ANEF blockages, in figures and
charts, without one personal datum. Anonymous records (``fiche``), their figures with small numbers hidden
(``calcul``), exports shared between structures and merged (``export``), and the outputs: spreadsheet with
charts (``tableur``), self-contained HTML page (``page``). The CLI and the web only present them."""

from lettres.bilan.calcul import SEUIL_PAR_DEFAUT, Bilan, Cellule, Duree, Vue
from lettres.bilan.fiche import Fiche, build_fiche, sans_doublons
from lettres.bilan.synthese import calculer

__all__ = [
    "SEUIL_PAR_DEFAUT",
    "Bilan",
    "Cellule",
    "Duree",
    "Fiche",
    "Vue",
    "build_fiche",
    "calculer",
    "sans_doublons",
]
