"""Writes the default Word templates of ``templates/docx/`` (docxtpl syntax), reproducibly.

    python outils/construire_modeles.py            # rewrites templates/docx/*.docx
    python outils/construire_modeles.py --verifier # exit 1 if a committed template differs

The letters follow French correspondence usage: sender block top left, recipient block on the
right, « Marseille, le 1er décembre 2026 » right-aligned, bold objet, justified body, enclosures
and signature. Each tag is written in one run so that it stays readable and editable in Word or
LibreOffice. Output bytes are identical from one run to the next (fixed zip dates and metadata).
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates" / "docx"
FIXED_DATE = datetime(2026, 1, 1)
J = WD_ALIGN_PARAGRAPH.JUSTIFY
R = WD_ALIGN_PARAGRAPH.RIGHT
C = WD_ALIGN_PARAGRAPH.CENTER
RECIPIENT_INDENT = Cm(8.5)


def typographie(text: str) -> str:
    """French typography: a non-breaking space inside « » and before : ; ? !"""
    for plain, fixed in (
        ("« ", "«\u00a0"),
        (" »", "\u00a0»"),
        (" :", "\u00a0:"),
        (" ;", "\u00a0;"),
        (" ?", "\u00a0?"),
        (" !", "\u00a0!"),
    ):
        text = text.replace(plain, fixed)
    return text


class Lettre:
    """A small writer over python-docx: paragraphs whose tags each sit in one run."""

    def __init__(self, titre: str):
        self.doc = Document()
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by = titre, "lettres", "lettres"
        props.created = props.modified = FIXED_DATE
        props.revision = 1
        # no comment: the properties go with every letter written from the template (the guide to editing it is
        # the lisezmoi exported with it)
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.3)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10.5)
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), "Arial")
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "fr-FR")
        lang.set(qn("w:eastAsia"), "fr-FR")
        lang.set(qn("w:bidi"), "ar-SA")
        rpr.append(lang)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.1

    # -- building blocks ------------------------------------------------------------------------

    def p(self, *runs, align=None, indent=None, before=0, after=6, keep=False, size=None, style=None):
        """A paragraph; each run is a string or (string, {"bold": True, ...})."""
        para = self.doc.add_paragraph(style=style)
        fmt = para.paragraph_format
        if align is not None:
            para.alignment = align
        if indent is not None:
            fmt.left_indent = indent
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if keep:
            fmt.keep_with_next = True
        for run in runs:
            text, options = (run, {}) if isinstance(run, str) else run
            r = para.add_run(typographie(text))
            r.bold = options.get("bold")
            r.italic = options.get("italic")
            if options.get("size") or size:
                r.font.size = Pt(options.get("size") or size)
            if options.get("color"):
                r.font.color.rgb = RGBColor.from_string(options["color"])
        return para

    def tag(self, text: str):
        """A paragraph holding only a docxtpl block tag ({%p … %}); docxtpl removes it."""
        return self.p(text, after=0)

    def titre(self, text: str):
        return self.p((text, {"bold": True}), before=10, after=4, keep=True)

    def corps(self, *runs, after=6):
        return self.p(*runs, align=J, after=after)

    def puce(self, *runs, after=2):
        para = self.p("– ", *runs, align=J, after=after, indent=Cm(0.6))
        para.paragraph_format.first_line_indent = Cm(-0.4)
        return para

    def texte_libre(self, liste: str, retrait: float = 0.0, after=3):
        """What the caseworker typed, one paragraph per line (``liste``: note.description, …): a list item with
        the document's own dash, any other line as body text; ``retrait``: under a bullet, aligned with its text."""
        self.tag(f"{{%p for ligne in {liste} %}}")
        self.tag("{%p if ligne.puce %}")
        para = self.p("– ", "{{ ligne.texte }}", align=J, after=after, indent=Cm(retrait + 0.6))
        para.paragraph_format.first_line_indent = Cm(-0.4)
        self.tag("{%p else %}")
        self.p("{{ ligne.texte }}", align=J, after=after, indent=Cm(retrait) if retrait else None)
        self.tag("{%p endif %}")
        self.tag("{%p endfor %}")

    def table(self, headers: list[str], widths: list[float], loop: str, cells: list[str], end: str = "{%tr endfor %}"):
        """A table with a header row and one row repeated by ``{%tr for … %}``."""
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        rows = table.rows
        for i, text in enumerate(headers):
            cell = rows[0].cells[i]
            run = cell.paragraphs[0].add_run(typographie(text))
            run.bold = True
            run.font.size = Pt(9.5)
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), "E7E6E6")
            cell._tc.get_or_add_tcPr().append(shading)
        rows[1].cells[0].paragraphs[0].add_run(loop)
        for i, text in enumerate(cells):
            run = rows[2].cells[i].paragraphs[0].add_run(typographie(text))
            run.font.size = Pt(9.5)
        rows[3].cells[0].paragraphs[0].add_run(end)
        header_row = rows[0]._tr.get_or_add_trPr()
        header_flag = OxmlElement("w:tblHeader")
        header_row.append(header_flag)
        rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        table.autofit = False
        for i, width in enumerate(widths):
            table.columns[i].width = Cm(width)
        for row in rows:
            for i, width in enumerate(widths):
                row.cells[i].width = Cm(width)
                for para in row.cells[i].paragraphs:
                    para.paragraph_format.space_after = Pt(2)
        self.p("", after=2)
        return table

    def header(self, condition: str):
        """Letterhead from the configuration (lettres config): logo, structure name, address."""
        header = self.doc.sections[0].header
        first = header.paragraphs[0]

        def line(text: str, bold=False, size=None, grey=False):
            para = first if not first.runs and first.text == "" and line.count == 0 else header.add_paragraph()
            line.count += 1
            para.paragraph_format.space_after = Pt(0)
            run = para.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
            if grey:
                run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

        line.count = 0
        line(f"{{%p if {condition} %}}")
        line("{%p if entete.avec_logo %}")
        line("{{ entete.logo }}")
        line("{%p endif %}")
        line("{{ entete.nom }}", bold=True, size=11)
        line("{{ entete.adresse }}", size=8.5, grey=True)
        line("{%p endif %}")

    def banner(self, text: str):
        """A line at the top of every page (the draft's warning), above the letterhead if any."""
        header = self.doc.sections[0].header
        para = header.paragraphs[0] if not header.paragraphs[0].text else header.add_paragraph()
        para.alignment = C
        para.paragraph_format.space_after = Pt(4)
        run = para.add_run(typographie(text))
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    def footer(self, text: str):
        """Footer: small grey text, then « page N / M » with Word fields."""
        footer = self.doc.sections[0].footer
        para = footer.paragraphs[0]
        para.alignment = C
        run = para.add_run(text)
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        sep = para.add_run(" — page ")
        sep.font.size = Pt(8)
        sep.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        self._field(para, "PAGE")
        slash = para.add_run(" / ")
        slash.font.size = Pt(8)
        slash.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        self._field(para, "NUMPAGES")

    @staticmethod
    def _field(para, code: str):
        run = para.add_run()
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {code} "
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._r.append(begin)
        run._r.append(instr)
        run._r.append(end)

    def bytes(self) -> bytes:
        """The .docx with fixed zip dates, so that two builds give the same bytes."""
        raw = io.BytesIO()
        self.doc.save(raw)
        out = io.BytesIO()
        with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in sorted(source.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename)):
                fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
                fixed.compress_type = zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o644 << 16
                target.writestr(fixed, source.read(info.filename))
        return out.getvalue()


# --- shared blocks -------------------------------------------------------------------------------


def en_tete(doc: Lettre, expediteur: str, destinataire: str, lieu_date: str):
    doc.p(expediteur, after=14)
    doc.p(destinataire, indent=RECIPIENT_INDENT, after=18)
    doc.p(lieu_date, align=R, after=14)


def references(doc: Lettre, *runs, align=None):
    """A paragraph shown only when the dossier has references (numéro étranger, numéro ANEF)."""
    doc.tag("{%p if references %}")
    doc.p(*runs, align=align, after=2)
    doc.tag("{%p endif %}")


def chronologie(doc: Lettre, piece: bool = True):
    """The démarches as a table; ``piece`` False: without the « Pièce » column."""
    cellules = [
        "{{ d.date }}{% if d.heure %} à {{ d.heure }}{% endif %}",
        "{{ d.libelle }}",
        "{{ d.detail }}{% if d.detail and d.resultat %} — {% endif %}{% if d.resultat %}Résultat : {{ d.resultat }}{% endif %}",
    ]
    if piece:
        doc.table(
            ["Date", "Démarche", "Détail et résultat", "Pièce"],
            [2.3, 4.2, 8.0, 1.9],
            "{%tr for d in chronologie %}",
            [*cellules, "{{ d.pieces }}"],
        )
    else:
        doc.table(["Date", "Démarche", "Détail et résultat"], [2.3, 4.2, 9.9], "{%tr for d in chronologie %}", cellules)


# --- letter 2: courrier à la préfecture ----------------------------------------------------------


def signatures(doc: Lettre):
    """The accompagnant signs, and so does the person: two blocks side by side, kept with the closing."""
    doc.tag("{%p if signataire_accompagnant %}")
    doc.p(
        (
            "Courrier adressé avec l'accord {{ personne.de_designation }}{% if consentement.date %}, recueilli le {{ consentement.date }}{% endif %}.",
            {"italic": True},
        ),
        after=8,
        size=9.5,
        keep=True,
    )
    table = doc.doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, (role, nom) in zip(
        row.cells,
        (
            ("La personne concernée", "{{ personne.nom_complet }}"),
            ("{{ accompagnant.role }}", "{{ expediteur.signature }}"),
        ),
        strict=True,
    ):
        cell.width = Cm(8.2)
        first = cell.paragraphs[0]
        first.paragraph_format.space_after = Pt(2)
        run = first.add_run(typographie(role))
        run.italic = True
        run.font.size = Pt(9.5)
        first.paragraph_format.keep_with_next = True
        para = cell.add_paragraph()
        para.paragraph_format.space_after = Pt(40)
        para.paragraph_format.keep_with_next = True  # the « P. J. » line stays with the signatures
        para.add_run(typographie(nom))
    doc.tag("{%p else %}")
    doc.p("{{ expediteur.signature }}", indent=RECIPIENT_INDENT, after=40, keep=True)
    doc.tag("{%p endif %}")


def courrier_prefecture() -> Lettre:
    doc = Lettre("Courrier à la préfecture — titre de séjour (ANEF)")
    doc.header("entete.courrier")
    doc.footer("{{ personne.nom_complet }}{% if references %} — {{ references }}{% endif %}")
    en_tete(doc, "{{ expediteur.bloc }}", "{{ prefecture.bloc_destinataire }}", "{{ lieu_date }}")

    doc.tag("{%p if envoi.recommande %}")
    doc.p(
        (
            "Lettre recommandée avec avis de réception{% if envoi.numero_recommande %} n° {{ envoi.numero_recommande }}{% endif %}",
            {"bold": True},
        ),
        after=4,
    )
    doc.tag("{%p endif %}")
    doc.p(("Objet : ", {"bold": True}), ("{{ courrier.objet }}", {"bold": True}), align=J, after=6)
    doc.tag("{%p for ligne in identite %}")
    doc.p("{{ ligne }}", after=0, size=9.5, indent=Cm(0.6))
    doc.tag("{%p endfor %}")
    doc.p("", after=10)

    doc.p("{{ prefecture.appel }},", after=10)
    doc.tag("{%p if signataire_personne %}")
    doc.corps("Je me permets de vous écrire au sujet de ma {{ demande.resume }}. {{ courrier.depot }}")
    doc.tag("{%p else %}")
    doc.corps(
        "{% if accompagnant.presentation %}{{ accompagnant.presentation }}, j'{% else %}J'{% endif %}accompagne {{ personne.designation }}, avec son accord, dans les démarches relatives à sa {{ demande.resume }}. {{ courrier.depot }}"
    )
    doc.tag("{%p endif %}")
    doc.tag("{%p if courrier.piece_demandee %}")
    doc.corps("{{ courrier.piece_demandee }}")
    doc.tag("{%p endif %}")
    doc.tag("{%p if courrier.constat %}")
    doc.corps("{{ courrier.constat }}")
    doc.tag("{%p endif %}")
    # what the person typed, one paragraph per line: the description, then the date at stake and the consequences
    doc.texte_libre("courrier.description", after=6)
    doc.texte_libre("courrier.consequences", after=6)

    doc.tag("{%p if chronologie %}")
    doc.p(
        "Les démarches suivantes ont été effectuées, dans l'ordre chronologique{% if chronologie_avec_pieces %} (les numéros renvoient au bordereau de pièces joint){% endif %} :",
        align=J,
        after=4,
        keep=True,
    )
    doc.tag("{%p if chronologie_avec_pieces %}")  # no démarche with a pièce: no empty « Pièce » column
    chronologie(doc)
    doc.tag("{%p else %}")
    chronologie(doc, piece=False)
    doc.tag("{%p endif %}")
    doc.tag("{%p endif %}")
    doc.tag("{%p if courrier.diligences %}")
    doc.corps("{{ courrier.diligences }}")
    doc.tag("{%p endif %}")
    doc.tag("{%p for paragraphe in courrier.fondement %}")
    doc.corps("{{ paragraphe }}")
    doc.tag("{%p endfor %}")

    doc.p("En conséquence, je vous demande de bien vouloir :", align=J, after=2, keep=True)
    doc.tag("{%p for demande in courrier.demandes %}")
    # the requests, the reservation, the closing and the signatures kept together: never a page of signatures alone
    doc.puce("{{ demande }}", after=4).paragraph_format.keep_with_next = True
    doc.tag("{%p endfor %}")
    doc.tag("{%p if courrier.suite %}")
    doc.p("{{ courrier.suite }}", align=J, keep=True)  # kept with the closing: never a page of signatures alone
    doc.tag("{%p endif %}")
    doc.tag("{%p if pieces %}")
    doc.p(
        "Vous trouverez ci-joint la copie des pièces justificatives, numérotées selon le bordereau.",
        align=J,
        keep=True,
    )
    doc.tag("{%p endif %}")
    doc.p(
        "Je vous prie d'agréer, {{ prefecture.appel }}, l'expression de ma haute considération.",
        align=J,
        after=14,
        keep=True,
    )
    signatures(doc)
    doc.tag("{%p if pj %}")
    doc.p("{{ pj }}", after=0, size=9.5)
    doc.tag("{%p endif %}")
    return doc


# --- letter 3: note d'orientation ----------------------------------------------------------------


def note_orientation() -> Lettre:
    doc = Lettre("Note d'orientation — blocage ANEF")
    doc.header("entete.present")
    doc.footer("Note d'orientation — {{ personne.nom_complet }} — confidentiel")
    en_tete(doc, "{{ expediteur_note.bloc }}", "{{ orientation.bloc_destinataire }}", "{{ lieu_date_note }}")
    doc.p(("Objet : ", {"bold": True}), ("{{ note.objet }}", {"bold": True}), align=J, after=2)
    references(doc, ("Références : ", {"bold": True}), "{{ references }}")
    doc.p("", after=10)

    doc.p("{{ orientation.appel }},", after=10)
    doc.corps("{{ note.intro }}")
    doc.tag("{%p if orientation.ddd %}")
    doc.corps("{{ note.prefecture }}")
    doc.tag("{%p endif %}")
    doc.tag("{%p if note.urgence %}")
    doc.titre("À traiter en priorité")
    doc.tag("{%p for ligne in note.urgence %}")
    doc.puce(("{{ ligne }}", {"bold": True}))
    doc.tag("{%p endfor %}")
    doc.tag("{%p endif %}")

    doc.titre("1. Situation")
    doc.puce("{{ note.personne }}")
    doc.tag("{%p if personne.numero_etranger %}")
    doc.puce("Numéro étranger : {{ personne.numero_etranger }}.")
    doc.tag("{%p endif %}")
    doc.puce(
        "Demande : {{ note.demande_ligne }} — {{ prefecture.nom }}{% if demande.numero_anef %} — demande ANEF n° {{ demande.numero_anef }}{% endif %}."
    )
    doc.tag("{%p if pieces_demande.non_jointes %}")
    doc.puce("{{ pieces_demande.non_jointes }}")
    doc.tag("{%p endif %}")
    doc.tag("{%p if note.piece %}")
    doc.puce("{{ note.piece }}")
    doc.tag("{%p endif %}")
    doc.puce("{{ courrier.difficultes_note }}")
    # the person's own account goes with the blockage it describes
    # one paragraph per typed line (quoted, after its introduction, when cited): never manual line breaks
    doc.texte_libre("note.description", retrait=0.6)
    doc.tag("{%p if not note.je %}")
    doc.puce("Stade de la procédure : {{ note.situation }}")
    doc.tag("{%p endif %}")
    doc.tag("{%p for ligne in note.avocat %}")
    doc.puce("{{ ligne }}")
    doc.tag("{%p endfor %}")

    doc.titre("2. Dates clés et délais")
    doc.tag("{%p if echeances.titre_expiration_connue %}")
    doc.puce(
        "Titre de séjour actuel : {{ echeances.titre_verbe }} {{ echeances.titre_expiration }} ({{ echeances.titre_etat }})."
    )
    doc.tag("{%p elif not demande.est_premiere_demande %}")
    # a première demande has in general no titre to expire: nothing to say then
    doc.puce("Titre de séjour actuel : date d'expiration non renseignée.")
    doc.tag("{%p endif %}")
    doc.tag("{%p if echeances.provisoire %}")
    doc.puce("{{ echeances.provisoire }}")
    doc.tag("{%p endif %}")
    doc.puce("{{ note.rejet }}")
    doc.tag("{%p if not orientation.ddd %}")
    doc.puce("{{ note.prefecture }}")
    doc.tag("{%p endif %}")
    doc.puce("{{ note.urgence_presumee }}")
    doc.tag("{%p if orientation.ddd %}")
    doc.puce(
        "La saisine du Défenseur des droits ne suspend pas les délais de recours contentieux : ces échéances restent à surveiller."
    )
    doc.tag("{%p endif %}")

    doc.titre("3. Conséquences concrètes")
    doc.tag("{%p if note.consequences %}")
    doc.texte_libre("note.consequences")
    doc.tag("{%p else %}")
    doc.corps("Les conséquences concrètes du blocage n'ont pas encore été décrites.")
    doc.tag("{%p endif %}")

    doc.titre("4. Chronologie des démarches")
    doc.tag("{%p if chronologie %}")
    chronologie(doc)
    doc.tag("{%p else %}")
    doc.corps("Aucune démarche n'a encore été enregistrée.")
    doc.tag("{%p endif %}")

    doc.titre("5. Ce qui reste sans réponse")
    doc.tag("{%p if sans_reponse %}")
    doc.tag("{%p for d in sans_reponse %}")
    doc.puce(
        "{{ d.libelle }} du {{ d.date_lettre }}{% if d.detail_ligne and d.detail_ligne.split()[0]|lower != d.libelle.split()[0]|lower %} ({{ d.detail_ligne }}){% endif %} : {% if d.resultat %}{{ d.resultat }}{% else %}aucune réponse enregistrée{% endif %}."
    )
    doc.tag("{%p endfor %}")
    doc.tag("{%p else %}")
    doc.corps("Aucune démarche n'est enregistrée comme restée sans réponse.")
    doc.tag("{%p endif %}")

    doc.titre("6. Consentement")
    doc.corps("{{ note.consentement }}")

    doc.titre("7. Ce qui est demandé")
    doc.corps("{{ note.demande }}")

    doc.titre("8. Coordonnées")
    # kept with the closing: never a last page holding only the closing, the signature and « P. J. »
    doc.puce(
        "{{ note.nom }}{% if personne.telephone %} — tél. {{ personne.telephone }}{% endif %}{% if personne.courriel %} — {{ personne.courriel }}{% endif %}{% if personne.adresse_ligne %} — {{ personne.adresse_ligne }}{% endif %}"
    ).paragraph_format.keep_with_next = True
    doc.tag("{%p if accompagnant.present %}")
    doc.puce(
        "{{ accompagnant.nom_complet }}{% if accompagnant.qualite %}, {{ accompagnant.qualite }}{% endif %}{% if accompagnant.telephone %} — tél. {{ accompagnant.telephone }}{% endif %}{% if accompagnant.courriel %} — {{ accompagnant.courriel }}{% endif %}"
    ).paragraph_format.keep_with_next = True
    doc.tag("{%p endif %}")

    doc.p(
        "Je vous remercie de l'attention que vous porterez à cette situation et reste à votre disposition pour tout complément.",
        align=J,
        before=8,
        after=6,
        keep=True,
    )
    doc.p(
        "Je vous prie d'agréer, {{ orientation.appel }}, l'expression de mes salutations distinguées.",
        align=J,
        after=14,
        keep=True,
    )
    doc.p("{{ expediteur_note.signature }}", indent=RECIPIENT_INDENT, after=30, keep=True)  # with « P. J. »
    doc.tag("{%p if pj %}")
    doc.p("{{ pj }}", after=0, size=9.5)
    doc.tag("{%p endif %}")
    return doc


# --- bordereau de pièces -------------------------------------------------------------------------


def bordereau() -> Lettre:
    doc = Lettre("Bordereau de pièces")
    doc.header("entete.present")
    doc.footer("Bordereau de pièces — {{ personne.nom_complet }}")
    doc.p(("BORDEREAU DE PIÈCES", {"bold": True, "size": 14}), align=C, after=4)
    doc.p("{{ personne.designation }} — {{ demande.resume }}", align=C, after=2)
    references(doc, "{{ references }}", align=C)
    doc.p("{{ prefecture.nom }} — établi le {{ aujourd_hui }}", align=C, after=14)
    doc.tag("{%p if pieces %}")
    doc.corps(
        "{{ ordre_pieces }}",
        after=4,
    )
    doc.table(
        ["N°", "Pièce", "Fichier"],
        [1.0, 8.4, 7.0],
        "{%tr for p in pieces %}",
        ["{{ p.numero }}", "{{ p.libelle }}", "{{ p.fichier }}"],
    )
    doc.p("Total : {{ nombre_pieces }}.", after=6)
    doc.tag("{%p else %}")
    doc.corps("Aucune pièce n'est encore jointe au dossier.")
    doc.tag("{%p endif %}")
    # the titre's own pièces, by name only (docs/titres.md): after the proof of the démarches
    doc.tag("{%p if pieces_demande.presente %}")
    doc.titre("Pièces de la demande")
    doc.corps("{{ pieces_demande.phrase }}", after=4)
    doc.tag("{%p for p in pieces_demande.liste %}")
    doc.tag("{%p if p.jointe %}")  # enclosed only: a bordereau lists nothing it does not enclose
    doc.puce("{{ p.libelle }} — {{ p.jointe }}")
    doc.tag("{%p endif %}")
    doc.tag("{%p endfor %}")
    doc.tag("{%p endif %}")
    return doc


# --- document 5: projet de requête en référé « mesures utiles » -------------------------------------


def refere() -> Lettre:
    doc = Lettre("Requête en référé « mesures utiles »")  # also the title of the PDF filed on Télérecours
    doc.banner("{{ refere.projet }}")
    doc.footer("Référé mesures utiles — {{ personne.nom_complet }}{{ refere.pied }}")
    doc.p(("{{ refere.titre }}", {"bold": True, "size": 14}), align=C, after=2)
    doc.p("{{ refere.fondement }}", align=C, after=10)
    doc.p(("{{ refere.destinataire }}", {"bold": True}), align=C, after=2)
    doc.tag("{%p if refere.tribunal_adresse %}")
    doc.p("{{ refere.tribunal_adresse }}", align=C, after=2)
    doc.tag("{%p endif %}")
    doc.p(("REQUÊTE", {"bold": True}), align=C, before=8, after=12)

    doc.titre("POUR :")
    doc.tag("{%p for ligne in refere.pour %}")
    doc.p("{{ ligne }}", indent=Cm(1.0), after=0)
    doc.tag("{%p endfor %}")
    doc.p(("{{ refere.requerant }}", {"italic": True}), indent=Cm(1.0), before=4, after=8)
    doc.titre("CONTRE :")
    doc.p("{{ refere.contre }}", indent=Cm(1.0), after=0)
    doc.p(("{{ refere.defendeur }}", {"italic": True}), indent=Cm(1.0), before=4, after=8)
    doc.tag("{%p if refere.aide %}")
    doc.corps("{{ refere.aide }}")
    doc.tag("{%p endif %}")

    doc.titre("I. FAITS ET PROCÉDURE")
    doc.tag("{%p for paragraphe in refere.faits %}")
    doc.corps("{{ paragraphe }}")
    doc.tag("{%p endfor %}")
    doc.corps("{{ refere.difficultes }}")
    doc.texte_libre("refere.description", after=6)
    doc.tag("{%p if chronologie %}")
    doc.p("{{ refere.chronologie_intro }}", align=J, after=4, keep=True)
    chronologie(doc)
    doc.tag("{%p endif %}")
    doc.tag("{%p if refere.prefecture %}")
    doc.corps("{{ refere.prefecture }}")
    doc.tag("{%p endif %}")

    doc.titre("II. DISCUSSION")
    for titre, liste in (
        ("1. Sur la recevabilité", "refere.recevabilite"),
        ("2. Sur l'urgence", "refere.urgence"),
        ("3. Sur l'utilité de la mesure", "refere.utilite"),
        ("4. Sur l'absence de contestation sérieuse", "refere.contestation"),
    ):
        doc.p((titre, {"bold": True, "italic": True}), before=6, after=4, keep=True)
        doc.tag(f"{{%p for paragraphe in {liste} %}}")
        doc.corps("{{ paragraphe }}")
        doc.tag("{%p endfor %}")
    doc.p(
        ("5. Sur l'absence d'obstacle à l'exécution d'une décision administrative", {"bold": True, "italic": True}),
        before=6,
        after=4,
        keep=True,
    )
    doc.corps("{{ refere.obstacle }}")
    doc.tag("{%p if refere.frais %}")
    doc.p(("6. Sur les frais du litige", {"bold": True, "italic": True}), before=6, after=4, keep=True)
    doc.corps("{{ refere.frais }}")
    doc.tag("{%p endif %}")

    doc.titre("PAR CES MOTIFS,")
    doc.p("{{ refere.par_ces_motifs }}", align=J, after=4, keep=True)
    doc.tag("{%p for conclusion in refere.conclusions %}")
    doc.puce(("{{ conclusion }}", {"bold": False}), after=4)
    doc.tag("{%p endfor %}")
    doc.p("{{ refere.lieu_date }}", align=R, before=12, after=6, keep=True)
    doc.p("{{ refere.signature }}", indent=RECIPIENT_INDENT, after=36)

    inventaire = doc.titre("{{ refere.inventaire_titre }}")
    inventaire.paragraph_format.page_break_before = True  # the inventaire on its own page, as filed
    doc.tag("{%p if refere.inventaire %}")
    doc.table(
        ["N°", "Pièce", "Fichier"],
        [1.0, 8.4, 7.0],
        "{%tr for p in refere.inventaire %}",
        ["{{ p.numero }}", "{{ p.libelle }}", "{{ p.fichier }}"],
    )
    doc.tag("{%p else %}")
    doc.corps("Aucune pièce n'est jointe.")
    doc.tag("{%p endif %}")
    return doc


MODELES = {
    "2-courrier-prefecture.docx": courrier_prefecture,
    "3-note-orientation.docx": note_orientation,
    "bordereau-pieces.docx": bordereau,
    "4-refere-mesures-utiles.docx": refere,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verifier", action="store_true", help="compare with the committed templates")
    parser.add_argument("--sortie", type=Path, default=OUT)
    args = parser.parse_args(argv)
    different = []
    for name, build in MODELES.items():
        data = build().bytes()
        target = args.sortie / name
        if args.verifier:
            if not target.is_file() or target.read_bytes() != data:
                different.append(name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    if different:
        print("Modèles à reconstruire :", ", ".join(different), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
