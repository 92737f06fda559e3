"""What a Word template (.docx, a zip of XML parts) may hold before anything reads it.

A structure's template comes from outside: a zip bomb (a few kilobytes that expand to gigabytes), an
XML part with entities, a part too large to parse, or a link to something on the network (an image,
a font, another document) that LibreOffice would fetch while making the PDF. All are refused here, with
a French message naming the template, before docxtpl or LibreOffice see the file. The workbooks given
to a batch go through the same zip checks (``check_zip``), with room for larger sheets."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from lettres.erreurs import ModeleInvalide

MO = 1024 * 1024

ENTREES_MAX = 1000  # a letter template has about twenty parts
TAILLE_MAX = 100 * 1024 * 1024  # uncompressed, all parts together
PARTIE_XML_MAX = 20 * 1024 * 1024  # one XML part
RATIO_MAX = 200  # uncompressed / compressed size, for parts above 1 MB (a 10,000-row sheet: 24)
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# fields that make Word or LibreOffice load another file or address when the document opens
FIELDS = re.compile(rb"\b(INCLUDEPICTURE|INCLUDETEXT|DDEAUTO|DDE|LINK|IMPORT)\b")


@dataclass(frozen=True)
class Limites:
    """What a zip of XML parts (Word document, Excel workbook) may hold."""

    entrees: int = ENTREES_MAX
    total: int = TAILLE_MAX
    partie_xml: int = PARTIE_XML_MAX


# a workbook of 10,000 rows and 70 columns is a 53 MB sheet
CLASSEUR = Limites(entrees=5000, total=400 * 1024 * 1024, partie_xml=400 * 1024 * 1024)


def _refus(name: str, why: str) -> ModeleInvalide:
    return ModeleInvalide(f"Le modèle « {name} » est refusé : {why}.")


def check_zip(archive: zipfile.ZipFile, limites: Limites, refus: Callable[[str], Exception]) -> None:
    """The checks every zip of XML parts goes through before a library reads it: number of parts, size
    once decompressed, compression ratio (a bomb), size of each XML part, and no XML entities (looked
    for in the prolog, the only place where they are declared). ``refus(why)`` makes the error."""
    infos = archive.infolist()
    if len(infos) > limites.entrees:
        raise refus(f"l'archive contient {len(infos)} éléments (au plus {limites.entrees})")
    total = sum(i.file_size for i in infos)
    if total > limites.total:
        raise refus(f"une fois décompressé, il ferait {total // MO} Mo (au plus {limites.total // MO} Mo)")
    for info in infos:
        if info.file_size > MO and info.file_size > RATIO_MAX * max(info.compress_size, 1):
            raise refus(f"l'élément {info.filename} est anormalement compressé (bombe de décompression)")
        if not info.filename.endswith((".xml", ".rels")):
            continue
        if info.file_size > limites.partie_xml:
            raise refus(f"l'élément {info.filename} est trop grand ({info.file_size // MO} Mo)")
        try:
            with archive.open(info) as part:
                declares = _declares_entities(part)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise refus(f"l'élément {info.filename} est abîmé") from None
        if declares:
            raise refus(f"l'élément {info.filename} déclare des entités XML, ce qu'un document Office ne fait pas")


BLOC = 64 * 1024


def _skip_past(part, data: bytes, at: int, mark: bytes) -> tuple[bytes, int]:
    """Read on until ``mark``: (the data, the position after it), or (…, -1) when it never comes. Only the
    end of a long comment is kept in memory."""
    while (end := data.find(mark, at)) < 0:
        more = part.read(BLOC)
        if not more:
            return data, -1
        data, at = data[-len(mark) :] + more, 0
    return data, end + len(mark)


def _declares_entities(part) -> bool:
    """Whether the XML prolog (everything before the root element, however long its comments) declares a
    DOCTYPE or entities: read as far as the root element, not a fixed number of bytes."""
    data = part.read(BLOC)
    if b"\x00" in data[:4]:  # UTF-16 or 32: Office writes UTF-8; not read further
        return True
    at = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while at < len(data) and data[at] in b" \t\r\n":
            at += 1
        if len(data) - at < 10 and (more := part.read(BLOC)):
            data, at = data[at:] + more, 0
            continue
        head = data[at : at + 10].upper()
        if head.startswith((b"<!DOCTYPE", b"<!ENTITY")):
            return True
        if head.startswith(b"<!--"):
            data, at = _skip_past(part, data, at + 4, b"-->")
        elif head.startswith(b"<?"):
            data, at = _skip_past(part, data, at + 2, b"?>")
        else:
            return False  # the root element (or not XML: its parser will say so)
        if at < 0:
            return False


def check_docx_archive(raw: bytes, name: str) -> None:
    """Raise ModeleInvalide when the .docx ``raw`` is not a reasonable, self-contained Word document."""
    from lxml import etree

    if not raw:
        raise _refus(name, "le fichier est vide ; remplacez-le par le modèle par défaut, exporté de nouveau")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refus(
            name, "ce n'est pas un document Word (.docx) ; enregistrez-le au format .docx depuis Word ou LibreOffice"
        ) from None
    with archive:
        check_zip(archive, Limites(), lambda why: _refus(name, why))
        for info in archive.infolist():
            if info.filename.lower().endswith(".svg"):
                _check_svg(name, archive, info)
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
                raise _refus(name, f"l'élément {info.filename} est abîmé") from None
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise _refus(
                    name, f"l'élément {info.filename} déclare des entités XML, ce qu'un document Word ne fait pas"
                )
            if info.filename.endswith(".rels"):
                _check_relationships(name, info.filename, data, etree)
            elif info.filename.startswith("word/") and (field := _field_code(data)):
                raise _refus(
                    name,
                    f"il contient un champ {field} qui fait charger un autre fichier ou une adresse à l'ouverture ; "
                    "retirez ce champ (collez plutôt l'image ou le texte)",
                )


FIELDS_ANY_CASE = re.compile(FIELDS.pattern, re.IGNORECASE)
INSTR_TEXT = re.compile(rb"<w:instrText\b[^>]*>(.*?)</w:instrText>", re.DOTALL)
INSTR_ATTR = re.compile(rb"\bw:instr\s*=\s*(\"[^\"]*\"|'[^']*')")
SVG_HREF = re.compile(rb"""(?:\bhref\s*=\s*["']\s*|url\(\s*["']?\s*)([^"')\s]*)""", re.IGNORECASE)


def _field_code(data: bytes) -> str:
    """The first field code that loads something else (INCLUDEPICTURE, DDEAUTO…), in any case, even when
    Word split its instruction across several runs; "" when there is none."""
    found = FIELDS.search(data)
    if found:
        return found.group(1).decode()
    instructions = b"".join(INSTR_TEXT.findall(data)) + b" " + b" ".join(INSTR_ATTR.findall(data))
    found = FIELDS_ANY_CASE.search(instructions.replace(b"&quot;", b" "))
    return found.group(1).decode().upper() if found else ""


def _svg_outside(data: bytes) -> str:
    """The first reference of an SVG image to something outside it (``file:``, ``http:``…); "" if none."""
    for match in SVG_HREF.finditer(data):
        target = match.group(1).decode("utf-8", "replace")
        if target and not target.startswith(("#", "data:")):
            return target
    return ""


def _check_svg(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        data = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise _refus(name, f"l'élément {info.filename} est abîmé") from None
    cible = _svg_outside(data)
    if cible or b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        raise _refus(
            name,
            f"l'image SVG {info.filename} fait référence à un élément extérieur (« {cible[:80] or 'entité XML'} »), "
            "que LibreOffice irait lire ou chercher ; remplacez-la par une image PNG",
        )


def _check_relationships(name: str, part: str, data: bytes, etree) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise _refus(name, f"l'élément {part} n'est pas du XML valide") from None
    for rel in root:
        if rel.get("TargetMode") == "External" and rel.get("Type") != HYPERLINK:
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            raise _refus(
                name,
                f"il fait référence à un élément extérieur ({kind} « {rel.get('Target')} »), que LibreOffice irait "
                "chercher sur le réseau ; insérez l'image ou la police dans le document au lieu d'un lien",
            )
