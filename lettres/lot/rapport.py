"""What a batch reports: rejected rows (``rapport.csv``) and the summary printed at the end."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from lettres.excel import cellule_tableur
from lettres.fichiers import write_atomic
from lettres.francais import nombre


@dataclass
class Rejet:
    feuille: str
    ligne: int
    id: str
    colonne: str
    message: str


@dataclass
class Bilan:
    generes: int = 0
    deja_faits: int = 0
    rejets: list[Rejet] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    rapport: Path | None = None
    dossiers: list[Path] = field(default_factory=list)  # folders written by this run
    notes: list[str] = field(default_factory=list)  # rows left aside on purpose (examples), people already followed
    suivi: Path | None = None  # the dossiers folder the people are kept in (None: not kept)
    suivis_ecrits: int = 0  # dossiers of people written by this run
    suivis_identiques: int = 0  # people already followed, their dossier saying the same
    suivis_non_remplaces: int = 0  # people already followed, their dossier left as it was

    @property
    def lignes_rejetees(self) -> int:
        return len(
            {(r.feuille, r.ligne) for r in self.rejets if r.feuille == "dossiers"}
            | {("dossiers", r.id) for r in self.rejets if r.feuille == "demarches"}
        )

    @property
    def code(self) -> int:
        return 1 if self.rejets else 0

    def resume(self, sortie: Path) -> str:
        """« 2 dossiers générés, 1 déjà fait, 1 ligne rejetée — … » (French: singular for 0 and 1)."""

        deja = f", {nombre(self.deja_faits, 'déjà fait', 'déjà faits')}" if self.deja_faits else ""
        return (
            f"{nombre(self.generes, 'dossier généré', 'dossiers générés')}{deja}, "
            f"{nombre(self.lignes_rejetees, 'ligne rejetée', 'lignes rejetées')} — dossiers dans {sortie}/, rapport : {self.rapport}"
        )

    def resume_suivi(self) -> str:
        """« Dossiers suivis : 2 écrits dans …, 1 déjà suivi à l'identique. », or nothing when people are not kept."""
        if self.suivi is None:
            return ""
        parts = [f"{nombre(self.suivis_ecrits, 'écrit', 'écrits')} dans {self.suivi}"]
        if self.suivis_identiques:
            parts.append(nombre(self.suivis_identiques, "déjà suivi à l'identique", "déjà suivis à l'identique"))
        if self.suivis_non_remplaces:
            parts.append(nombre(self.suivis_non_remplaces, "déjà suivi non remplacé", "déjà suivis non remplacés"))
        return f"Dossiers suivis : {', '.join(parts)}."

    def details(self, limit: int = 10) -> list[str]:
        """The first rejections, as the user reads them on screen."""
        lines = []
        for r in self.rejets[:limit]:
            where = (
                f"{r.feuille} ligne {r.ligne}"
                + (f", id {r.id}" if r.id else "")
                + (f", {r.colonne}" if r.colonne else "")
            )
            lines.append(f"{where} : {r.message}")
        if len(self.rejets) > limit:
            reste = len(self.rejets) - limit
            lines.append(f"… et {nombre(reste, 'autre')} dans {self.rapport}")
        return lines


def write_report(path: Path, rejets: list[Rejet]) -> None:
    """``rapport.csv`` for Excel: « ; » and a UTF-8 BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["feuille", "ligne", "id", "colonne", "message"])
    for r in sorted(rejets, key=lambda r: (r.feuille != "dossiers", r.ligne)):
        writer.writerow([cellule_tableur(v) for v in (r.feuille, r.ligne, r.id, r.colonne, r.message)])
    write_atomic(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
