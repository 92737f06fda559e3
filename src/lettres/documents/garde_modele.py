"""What a Word template (.docx, a zip of XML parts) may hold before anything reads it.

A structure's template comes from outside: a zip bomb (a few kilobytes that expand to gigabytes), an
XML part with entities, a part too large to parse, or a link to something on the network (an image,
a font, another document) that LibreOffice would fetch while making the PDF. All are refused here, with
a French message naming the template, before docxtpl or LibreOffice see the file."""

from __future__ import annotations

import io
import re
import zipfile

from lettres.erreurs import ModeleInvalide

ENTREES_MAX = 1000  # a letter template has about twenty parts
TAILLE_MAX = 100 * 1024 * 1024  # uncompressed, all parts together
PARTIE_XML_MAX = 20 * 1024 * 1024  # one XML part
RATIO_MAX = 200  # uncompressed / compressed size, for parts above 1 MB
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# fields that make Word or LibreOffice load another file or address when the document opens
FIELDS = re.compile(rb"\b(INCLUDEPICTURE|INCLUDETEXT|DDEAUTO|DDE|LINK|IMPORT)\b")


def _refus(name: str, why: str) -> ModeleInvalide:
    return ModeleInvalide(f"Le modèle « {name} » est refusé : {why}.")


def check_docx_archive(raw: bytes, name: str) -> None:
    """Raise ModeleInvalide when the .docx ``raw`` is not a reasonable, self-contained Word document."""
    from lxml import etree

    if not raw:
        raise _refus(name, "le fichier est vide ; exportez de nouveau les modèles avec lettres modeles exporter")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refus(
            name, "ce n'est pas un document Word (.docx) ; enregistrez-le au format .docx depuis Word ou LibreOffice"
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > ENTREES_MAX:
            raise _refus(name, f"l'archive contient {len(infos)} éléments (au plus {ENTREES_MAX})")
        total = sum(i.file_size for i in infos)
        if total > TAILLE_MAX:
            raise _refus(name, f"une fois décompressé, il ferait {total // (1024 * 1024)} Mo (au plus 100 Mo)")
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > RATIO_MAX * max(info.compress_size, 1):
                raise _refus(name, f"l'élément {info.filename} est anormalement compressé (bombe de décompression)")
            is_xml = info.filename.endswith((".xml", ".rels"))
            if not is_xml:
                continue
            if info.file_size > PARTIE_XML_MAX:
                raise _refus(name, f"l'élément {info.filename} est trop grand ({info.file_size // (1024 * 1024)} Mo)")
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
                raise _refus(name, f"l'élément {info.filename} est abîmé") from None
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise _refus(
                    name, f"l'élément {info.filename} déclare des entités XML, ce qu'un document Word ne fait pas"
                )
            if info.filename.endswith(".rels"):
                _check_relationships(name, info.filename, data, etree)
            elif info.filename.startswith("word/") and FIELDS.search(data):
                field = FIELDS.search(data).group(1).decode()  # type: ignore[union-attr]  # searched just above
                raise _refus(
                    name,
                    f"il contient un champ {field} qui fait charger un autre fichier ou une adresse à l'ouverture ; "
                    "retirez ce champ (collez plutôt l'image ou le texte)",
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
