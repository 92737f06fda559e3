"""Reading back generated documents as a user would read them: the text of each part."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def xml_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels"))}


def parse_strict(xml: bytes):
    """Parse like Word does: no recovery, any malformed byte is an error."""
    return etree.fromstring(xml, etree.XMLParser(recover=False, resolve_entities=False))


def paragraphs(xml: bytes) -> list[str]:
    root = parse_strict(xml)
    result = []
    for p in root.iter(f"{W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag == f"{W}br":
                parts.append("\n")
        # a non-breaking space reads as a space
        result.append("".join(parts).replace("\u00a0", " "))
    return result


def docx_text(data: bytes, part: str = "all") -> str:
    """Text of the body (``document``), headers and footers (``header``/``footer``), or all."""
    texts = []
    for name, xml in sorted(xml_parts(data).items()):
        kind = name.rsplit("/", 1)[-1]
        if not (kind.startswith(("document", "header", "footer"))):
            continue
        if part != "all" and not kind.startswith(part):
            continue
        texts.append("\n".join(paragraphs(xml)))
    return "\n".join(texts)
