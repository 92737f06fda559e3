"""The pièces of the référé for Télérecours citoyens: one file per pièce, PDF, named by its number.

In Télérecours each pièce is one file whose title starts with its number in the inventaire détaillé, in one
continuous sequence (article R. 412-2 CJA; CE, Section, 5 octobre 2018, n° 418233). Names are short and
without accents. Images and text documents become PDF through LibreOffice: an image is first laid on an A4
page of a Word document (python-docx), which LibreOffice's Writer turns into PDF (no Draw module needed).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from lettres.documents.pieces import JUSTIFICATIFS_APRES, JUSTIFICATIFS_AVANT, Piece
from lettres.francais import ascii_slug

IMAGES = {"png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff"}
DOCUMENTS = {"doc", "docx", "odt", "rtf", "txt"}
STEMS = {key: stem for key, _, stem in (*JUSTIFICATIFS_AVANT, *JUSTIFICATIFS_APRES)}
DOSSIER = "pieces-telerecours"
REQUETE = "requete-refere"


@dataclass(frozen=True)
class PieceTelerecours:
    """One pièce as filed on Télérecours citoyens: its number, its file name, the source to copy or convert."""

    numero: int
    nom: str  # « 01-titre-sejour.pdf »: starts with its number in the inventaire, short, without accents
    piece: Piece
    convertir: bool  # the source is turned into a PDF of this name (LibreOffice)


def telerecours_names(pieces: list[Piece], pdf: bool) -> list[PieceTelerecours]:
    """The Télérecours file of each pièce, numbered as in the bordereau (one continuous sequence)."""
    noms = []
    for p in pieces:
        stem = STEMS.get(p.nature) or ascii_slug(p.nature, "-", 24)
        if p.date:
            stem += f"-{p.date.isoformat()}"
        extension = ascii_slug(p.source.suffix.lstrip("."), "", 8).lower()
        convertir = pdf and extension in IMAGES | DOCUMENTS
        nom = f"{p.numero:02d}-{stem}" + (".pdf" if convertir else f".{extension}" if extension else "")
        noms.append(PieceTelerecours(p.numero, nom, p, convertir))
    return noms


def requete_name(pdf: bool, brouillon: bool = False) -> str:
    """« requete-refere.pdf », or « projet-requete-refere.pdf » while something is left to complete: the folder
    is what is filed, and a draft is not filed as is (docs/generer.md)."""
    return f"{'projet-' if brouillon else ''}{REQUETE}.{'pdf' if pdf else 'docx'}"


def image_page(data: bytes, titre: str) -> bytes:
    """An image on an A4 page of a Word document, scaled to fit, with « Pièce n° N » above it."""
    from docx import Document
    from docx.image.image import Image
    from docx.shared import Cm, Pt

    image = Image.from_blob(data)
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(1.5)
    en_tete = document.add_paragraph()
    run = en_tete.add_run(titre)
    run.bold = True
    run.font.size = Pt(10)
    largeur, hauteur = 18.0, 25.0  # cm available
    ratio = image.px_height / image.px_width if image.px_width else 1
    width = Cm(min(largeur, hauteur / ratio)) if ratio else Cm(largeur)
    document.add_picture(io.BytesIO(data), width=width)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def telerecours_files(
    pieces: list[Piece], contenu: dict[str, bytes], pdf: bool
) -> tuple[dict[str, bytes], list[str], list[PieceTelerecours]]:
    """``pieces-telerecours/NOM`` → bytes; the files to turn into PDF once written (same stem, .pdf); and each
    pièce with its final name, for the inventaire. Without LibreOffice (``pdf`` false) every source is
    copied as it is, under its numbered name."""
    fichiers, a_convertir, finals = {}, [], []
    for x in telerecours_names(pieces, pdf):
        data = contenu[x.piece.fichier]
        extension = x.piece.source.suffix.lower().lstrip(".")
        if x.convertir and extension in IMAGES:
            from docx.image.exceptions import UnrecognizedImageError

            try:
                data = image_page(data, f"Pièce n° {x.numero}")
            except (UnrecognizedImageError, ValueError, OSError):  # unreadable by python-docx: filed as it is
                x = PieceTelerecours(x.numero, Path(x.nom).with_suffix(f".{extension}").name, x.piece, False)
            else:
                extension = "docx"
        if x.convertir:
            source = Path(x.nom).with_suffix(f".{extension}").name
            fichiers[f"{DOSSIER}/{source}"] = data
            a_convertir.append(source)
        else:
            fichiers[f"{DOSSIER}/{x.nom}"] = data
        finals.append(x)
    return fichiers, a_convertir, finals


def finish_telerecours(cible: Path, a_convertir: list[str], pdf: bool) -> tuple[list[str], str]:
    """After the output folder is written, its sources (the requête included) become PDF in one LibreOffice
    call; what ``pieces-telerecours/`` finally holds, and a warning when the conversion failed."""
    from lettres.documents.pdf import PdfImpossible, convert

    dossier = cible / DOSSIER
    sources = [dossier / nom for nom in a_convertir] + (sorted(dossier.glob(f"*{REQUETE}.docx")) if pdf else [])
    note = ""
    if sources:
        try:
            convert(sources)
        except PdfImpossible as exc:
            note = (
                f"Les pièces pour Télérecours n'ont pas pu être converties en PDF ({exc.message.rstrip('.')}) : "
                "convertissez-les en gardant leur nom, qui commence par leur numéro dans l'inventaire."
            )
        else:
            for source in sources:
                source.unlink(missing_ok=True)
    return sorted(f"{DOSSIER}/{p.name}" for p in dossier.iterdir()), note
