"""Rich text for a Word letter (« 1er » with « er » in superscript), without importing docxtpl.

docxtpl's ``RichText`` is a string of Word runs that its templates insert with ``{{r nom }}``; importing it
imports python-docx as well, a sixth of the start of a command that writes one letter. ``TexteRiche`` writes
the same runs for what the letters use (plain or superscript text); a test compares the two."""

from __future__ import annotations

from html import escape

_EXPOSANT = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'


class TexteRiche:
    def __init__(self, texte: str = ""):
        self.xml = ""
        if texte:
            self.add(texte)

    def add(self, texte: str, superscript: bool = False) -> None:
        """A run of text (in superscript when asked), escaped for XML."""
        proprietes = _EXPOSANT if superscript else ""
        self.xml += f'<w:r>{proprietes}<w:t xml:space="preserve">{escape(texte)}</w:t></w:r>'

    def __str__(self) -> str:
        return self.xml

    def __html__(self) -> str:  # Jinja inserts it as it is: already XML
        return self.xml
