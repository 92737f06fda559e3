"""Fast Word rendering for batches: docxtpl's own preprocessing, done once per template.

A plain docxtpl loop (new ``DocxTemplate``, ``render``, ``save``) re-reads the package, re-parses
every part and re-compiles the Jinja templates for each letter. Here each template is prepared once:
docxtpl's ``patch_xml`` and the Jinja compilation of the body, headers and footers, and a zip holding
the parts that never change, already compressed. Rendering a letter is then: render the compiled
parts, apply docxtpl's own post-processing (``resolve_listing``, ``fix_tables``, ``fix_docpr_ids`` —
the last two skipped for the package's own templates when they would change nothing), and append them to a copy of that zip. A test checks that both paths give the same XML text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Template
from lxml import etree

from lettres.documents.archive import BaseZip
from lettres.documents.compilation import from_string
from lettres.documents.courriel import base64_prefix

XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
HEADER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"


@dataclass
class _Part:
    name: str  # zip entry, e.g. word/footer1.xml
    template: Template  # compiled Jinja template


LOGO_TAG = "{{ entete.logo }}"
# the characters docxtpl's resolve_listing rewrites in a paragraph's text
_ESCAPES = (("{_{", "\x01\x02"), ("}_}", "\x02\x01"), ("{_%", "\x01\x03"), ("%_}", "\x03\x01"))
_LISTING_CHARS = re.compile("[\t\a\n\f]")


def _paragraphs(xml: str) -> Iterator[tuple[int, int]]:
    """The spans that docxtpl's resolve_listing walks, matched by ``<w:p(?: [^>]*)?>.*?</w:p>``
    (dot matching all): found with str.find, four times faster than that regular expression."""
    pos = 0
    while (start := xml.find("<w:p", pos)) >= 0:
        following = xml[start + 4 : start + 5]
        if following == ">":
            opened = start + 5
        elif following == " " and (closing := xml.find(">", start + 5)) >= 0:
            opened = closing + 1
        elif following == " ":
            return  # no ">" left: no later paragraph can open either
        else:
            pos = start + 1  # <w:pPr>, <w:proofErr…: not a paragraph
            continue
        end = xml.find("</w:p>", opened)
        if end < 0:
            return
        yield start, end + 6
        pos = end + 6


_PARAGRAPH_PROPERTIES = re.compile(r"<w:pPr>.*?</w:pPr>")  # on one line, as docxtpl looks for them
_RUN_PROPERTIES = re.compile(r"<w:rPr>.*?</w:rPr>")
_RUN = re.compile(r"<w:r(?: [^>]*)?>.*?</w:r>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.S)


def resolve_listing(paragraph: str) -> str:
    """What docxtpl's ``resolve_listing`` makes of one paragraph (a span of ``_paragraphs``), without opening
    the Word package it belongs to: in each text of each run, a tab becomes a tab run, « \\a » a new
    paragraph, « \\n » a line break and « \\f » a page break, each keeping the run's and the paragraph's
    properties. A test compares it with docxtpl's own on every character."""
    found = _PARAGRAPH_PROPERTIES.search(paragraph)
    paragraph_properties = found.group(0) if found else ""

    def run(match: re.Match) -> str:
        found = _RUN_PROPERTIES.search(match.group(0))
        run_properties = found.group(0) if found else ""
        tab = f'</w:t></w:r><w:r>{run_properties}<w:tab/></w:r><w:r>{run_properties}<w:t xml:space="preserve">'
        new_paragraph = f'</w:t></w:r></w:p><w:p>{paragraph_properties}<w:r>{run_properties}<w:t xml:space="preserve">'
        page = (
            '</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p>'
            f'<w:p>{paragraph_properties}<w:r>{run_properties}<w:t xml:space="preserve">'
        )

        def text(found: re.Match) -> str:
            xml = found.group(0).replace("\t", tab).replace("\a", new_paragraph)
            return xml.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">').replace("\f", page)

        return _TEXT.sub(text, match.group(0))

    return _RUN.sub(run, paragraph)


_TABLE = re.compile(r"<w:tbl[ >].*?</w:tbl>", re.S)
_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", re.S)
_GRID_COLUMN = re.compile(r"<w:gridCol[ />]")
_SPAN = re.compile(r'<w:gridSpan w:val="(\d+)"')


def regular_tables(xml: str) -> bool:
    """True when docxtpl's fix_tables would change nothing: in every table, each row's cells (their
    spans counted) fill exactly the declared grid. Nested tables are left to fix_tables itself."""
    for table in _TABLE.finditer(xml):
        text = table.group()
        if text.count("<w:tbl>") + text.count("<w:tbl ") > 1:
            return False
        columns = len(_GRID_COLUMN.findall(text))
        for row in _ROW.finditer(text):
            cells = row.group()
            count = cells.count("<w:tc>") + cells.count("<w:tc ")
            if count + sum(int(n) - 1 for n in _SPAN.findall(cells)) != columns:
                return False
    return True


def with_logo(raw: bytes, logo: Path) -> bytes:
    """The template with the structure's logo in place of ``{{ entete.logo }}`` in its headers."""
    from docx import Document
    from docx.image.exceptions import UnrecognizedImageError
    from docx.shared import Cm

    from lettres.erreurs import LettresError

    document = Document(io.BytesIO(raw))
    for section in document.sections:
        for paragraph in section.header.paragraphs:
            for run in paragraph.runs:
                if run.text.strip() == LOGO_TAG:
                    run.text = ""
                    try:
                        run.add_picture(str(logo), height=Cm(1.5))
                    except (UnrecognizedImageError, OSError, ValueError):
                        raise LettresError(
                            f"Le logo « {logo} » n'est pas une image lisible (PNG, JPEG, GIF ou BMP)."
                        ) from None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class CompiledDocx:
    """A Word template prepared once, rendered many times."""

    def __init__(self, raw: bytes, env, logo: Path | None = None, trusted: bool = False):
        # the package's own templates: their output is well-formed XML (every value escaped), so it
        # need not go through the XML parser when docxtpl's post-processing would change nothing
        self._trusted = trusted
        if logo is not None:
            raw = with_logo(raw, logo)
        self._raw = raw
        self._docxtpl = None
        docx = self._tpl.docx
        # document.xml around the body: serialised once with a marker where the body goes
        document = etree.fromstring(docx.part.blob)
        body = document.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
        marker = etree.Element(body.tag)
        marker.text = "LETTRES_CORPS_ICI"
        document.replace(body, marker)
        full = etree.tostring(document, encoding="unicode")
        at = full.index(marker.text)
        start, end = full.rindex("<w:body", 0, at), full.index("</w:body>", at) + len("</w:body>")
        self._document = (XML_DECLARATION + full[:start], full[end:], docx.part.partname.lstrip("/"))
        self._sources = [("", self._prepare(self._tpl.patch_xml(self._tpl.get_xml())))]
        for rel in docx.part.rels.values():
            if rel.reltype in (HEADER_URI, FOOTER_URI) and rel.target_part.blob:
                xml = self._tpl.get_part_xml(rel.target_part)
                self._sources.append((rel.target_part.partname.lstrip("/"), self._prepare(self._tpl.patch_xml(xml))))
        dynamic = {self._document[2]} | {name for name, _ in self._sources[1:]}
        with zipfile.ZipFile(io.BytesIO(raw)) as source:
            infos = source.infolist()
            self._base = BaseZip(
                [i for i in infos if i.filename not in dynamic],
                source.read,
                next((i.date_time for i in infos if i.filename == self._document[2]), (1980, 1, 1, 0, 0, 0)),
            )
        self._compile(env)

    def _compile(self, env) -> None:
        """The Jinja templates of the body, headers and footers (their compiled code comes from the cache)."""
        self._body = from_string(env, self._sources[0][1])
        self._parts = [_Part(name, from_string(env, source)) for name, source in self._sources[1:]]
        if not self._trusted:  # a structure's own template: rendered in a child process with limits (bac_a_sable)
            for template in (self._body, *(p.template for p in self._parts)):
                template.lettres_isole = True
        # the drafts attach the letters: the base64 of their unchanging beginning is computed once
        base64_prefix(self._base.prefix)

    def state(self) -> tuple:
        """What the preparation produced, as strings, bytes and numbers (``rendu`` keeps it on disk: the next
        command skips reading the Word package with python-docx)."""
        return (self._raw, self._document, tuple(self._sources), self._base.state())

    @classmethod
    def from_state(cls, state: tuple, env, trusted: bool) -> CompiledDocx:
        compiled = cls.__new__(cls)
        compiled._trusted = trusted
        compiled._docxtpl = None
        raw, compiled._document, sources, base = state
        compiled._raw, compiled._sources, compiled._base = raw, list(sources), BaseZip.from_state(base)
        compiled._compile(env)
        return compiled

    @property
    def _tpl(self):
        """docxtpl's own template, opened when its preparation or post-processing is needed."""
        if self._docxtpl is None:
            from docxtpl import DocxTemplate

            template = DocxTemplate(io.BytesIO(self._raw))
            template.render_init()
            self._docxtpl = template
        return self._docxtpl

    @staticmethod
    def _prepare(xml: str) -> str:
        # what docxtpl's render_xml_part does before compiling; its escapes of literal braces ({_{ …)
        # become markers here, restored after rendering, so that a dossier's text « {_{ x }_} » stays
        # as written instead of turning into « {{ x }} » (the texts never hold these control characters)
        for escape, marker in _ESCAPES:
            xml = xml.replace(escape, marker)
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)

    def _finish(self, rendered: str) -> str:
        # what docxtpl's render_xml_part does after rendering
        rendered = rendered.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        for escape, marker in _ESCAPES:
            if marker in rendered:
                rendered = rendered.replace(marker, escape.replace("_", ""))
        # docxtpl's resolve_listing rewrites, paragraph by paragraph, the tabs, line and page breaks
        # in the text; a paragraph without any is left as it is: only those with one go through it
        if not _LISTING_CHARS.search(rendered):
            return rendered
        pieces, done = [], 0
        for start, end in _paragraphs(rendered):
            if _LISTING_CHARS.search(rendered, start, end):
                pieces += [rendered[done:start], resolve_listing(rendered[start:end])]
                done = end
        pieces.append(rendered[done:])
        return "".join(pieces)

    def render(self, context: dict) -> bytes:
        """The .docx bytes for one context (within the sandbox's limits of time and size)."""
        from lettres.documents.bac_a_sable import render_bounded

        rendered = self._finish(render_bounded(self._body, context))
        if not (self._trusted and "docPr" not in rendered and regular_tables(rendered)):
            # docxtpl's fix_tables and fix_docpr_ids (images), on the parsed body
            self._tpl.docx_ids_index = 1000
            body = self._tpl.fix_tables(rendered)
            self._tpl.fix_docpr_ids(body)
            rendered = etree.tostring(body, encoding="unicode")
        head, tail, name = self._document
        parts = [(name, head + rendered + tail)]
        parts += [(p.name, XML_DECLARATION + self._finish(render_bounded(p.template, context))) for p in self._parts]
        return self._base.complete(parts)
