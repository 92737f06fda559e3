"""The batch renderer gives the same documents as the plain docxtpl loop."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docxtpl import DocxTemplate
from lxml import etree

from conftest import AUJOURD_HUI, BASE
from docx_texte import paragraphs, parse_strict, xml_parts
from lettres.documents.contexte import build_context
from lettres.documents.courriel import _base64, base64_prefix
from lettres.documents.generation import TEMPLATES_DOCX
from lettres.documents.rendu import docx_template_path, jinja_env
from lettres.documents.word import CompiledDocx, _paragraphs, regular_tables
from lettres.dossier import validate_dossier


def canonical(xml: bytes) -> bytes:
    """The same XML, whatever the serialiser's choices (quotes, namespace declarations, empty tags)."""
    return etree.tostring(parse_strict(xml), method="c14n")


def variants():
    import copy

    neutral = copy.deepcopy(BASE)
    neutral["personne"]["civilite"] = ""
    neutral["signataire"] = "accompagnant"
    first = copy.deepcopy(BASE)
    first["demande"].update(nature="premiere_demande", titre_actuel_expiration="", date_depot="")
    first["personne"]["nom"] = "N'Diaye & <Fils> {{ 7*7 }}"
    first["blocage"]["description"] = "ligne 1\nligne 2\tfin"
    return [BASE, neutral, first]


@pytest.mark.parametrize("trusted", [False, True], ids=["modele-personnel", "modele-du-paquet"])
@pytest.mark.parametrize("name", TEMPLATES_DOCX)
@pytest.mark.parametrize("index", range(3))
def test_fast_path_equals_plain_docxtpl(tmp_path, name, index, trusted):
    ctx = build_context(validate_dossier(variants()[index]), AUJOURD_HUI, tmp_path)
    raw = docx_template_path(name).read_bytes()
    fast = CompiledDocx(raw, jinja_env(), trusted=trusted).render(ctx)
    plain = DocxTemplate(io.BytesIO(raw))
    plain.render(ctx, jinja_env())
    out = io.BytesIO()
    plain.save(out)
    fast_parts, plain_parts = xml_parts(fast), xml_parts(out.getvalue())
    assert set(fast_parts) == set(plain_parts)
    for part, xml in fast_parts.items():
        parse_strict(xml)
        assert paragraphs(xml) == paragraphs(plain_parts[part]), part
        if part != "docProps/core.xml":  # python-docx dates its own save
            assert canonical(xml) == canonical(plain_parts[part]), part
    Document(io.BytesIO(fast))  # python-docx opens it


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def table(*rows: str, columns: int = 2) -> str:
    grid = "<w:tblGrid>" + '<w:gridCol w:w="100"/>' * columns + "</w:tblGrid>"
    return f"<w:body {W}><w:tbl><w:tblPr/>{grid}{''.join(rows)}</w:tbl></w:body>"


CELL = "<w:tc><w:tcPr/><w:p/></w:tc>"
SPAN2 = '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p/></w:tc>'


@pytest.mark.parametrize(
    ("xml", "regular"),
    [
        (table(f"<w:tr>{CELL * 2}</w:tr>", f'<w:tr w:rsidR="1"><w:trPr/>{CELL * 2}</w:tr>'), True),
        (table(f"<w:tr>{SPAN2}</w:tr>", f"<w:tr>{CELL * 2}</w:tr>"), True),
        (table(f"<w:tr>{CELL * 3}</w:tr>"), False),  # a cell more than the grid: fix_tables adds a column
        (table(f"<w:tr>{CELL}</w:tr>"), False),  # fewer: fix_tables removes one
        (table(f"<w:tr><w:tc>{table(f'<w:tr>{CELL * 2}</w:tr>')}</w:tc>{CELL}</w:tr>"), False),  # nested
        (f"<w:body {W}><w:p/></w:body>", True),
    ],
)
def test_tables_left_alone_only_when_fix_tables_would_change_nothing(xml, regular):
    assert regular_tables(xml) is regular
    tree = DocxTemplate.fix_tables(None, xml)  # type: ignore[arg-type]
    unchanged = etree.tostring(tree, method="c14n") == etree.tostring(etree.fromstring(xml), method="c14n")
    assert unchanged or not regular


def test_compiled_template_renders_many_times(tmp_path):
    compiled = CompiledDocx(docx_template_path("bordereau-pieces.docx").read_bytes(), jinja_env())
    texts = set()
    for nom in ("A", "B", "C"):
        data = dict(BASE, personne=dict(BASE["personne"], nom=nom))
        texts.add(
            "\n".join(
                paragraphs(
                    xml_parts(compiled.render(build_context(validate_dossier(data), AUJOURD_HUI, tmp_path)))[
                        "word/document.xml"
                    ]
                )
            )
        )
    assert len(texts) == 3


PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # docxtpl's resolve_listing


@pytest.mark.parametrize(
    "xml",
    [
        "",
        "<w:p>a\nb</w:p><w:p w:x='1'>c</w:p>",
        "<w:pPr>x</w:pPr><w:p>y</w:p>",
        "<w:proofErr/><w:p >\t</w:p>",
        "<w:p",
        "<w:p x",
        "<w:p x><w:p>nested</w:p></w:p>",
        "<w:p>unclosed <w:p>b</w:p>",
        "<w:p>a</w:p><w:p>no end",
        "<w:p a>b</w:p><w:p\n>c</w:p><w:p>d</w:p>",
        "<w:p>" + "x" * 50 + "</w:p" + "<w:p>\f</w:p>",
    ],
)
def test_paragraph_spans_are_those_of_docxtpl(xml):
    assert list(_paragraphs(xml)) == [m.span() for m in PARAGRAPH.finditer(xml)]


def test_rendered_archive_is_a_valid_zip_with_every_part(tmp_path):
    raw = docx_template_path("2-courrier-prefecture.docx").read_bytes()
    ctx = build_context(validate_dossier(variants()[2]), AUJOURD_HUI, tmp_path)
    fast = CompiledDocx(raw, jinja_env()).render(ctx)
    with zipfile.ZipFile(io.BytesIO(fast)) as archive, zipfile.ZipFile(io.BytesIO(raw)) as template:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(template.namelist())
        for name in template.namelist():
            if not name.startswith("word/document") and "header" not in name and "footer" not in name:
                assert archive.read(name) == template.read(name), name


def test_base64_with_a_declared_prefix_is_plain_base64():
    import base64
    import os

    prefix = os.urandom(5000)
    base64_prefix(prefix)
    for tail in (b"", b"x", os.urandom(56), os.urandom(57), os.urandom(3001)):
        data = prefix + tail
        assert _base64(data) == base64.encodebytes(data).replace(b"\n", b"\r\n")


def test_compiled_templates_kept_on_disk_give_the_same_documents(tmp_path, monkeypatch):
    from lettres.documents.compilation import DiskCache, settings_of

    monkeypatch.setenv("LETTRES_CACHE", str(tmp_path / "cache"))
    raw = docx_template_path("2-courrier-prefecture.docx").read_bytes()
    ctx = build_context(validate_dossier(variants()[2]), AUJOURD_HUI, tmp_path)
    compiled_now = jinja_env.__wrapped__()  # a new environment, as in a new process
    assert isinstance(compiled_now.bytecode_cache, DiskCache)
    first = xml_parts(CompiledDocx(raw, compiled_now).render(ctx))
    stored = sorted((tmp_path / "cache").iterdir())
    assert len(stored) == 3  # the body, the header, the footer
    from_disk = xml_parts(CompiledDocx(raw, jinja_env.__wrapped__()).render(ctx))
    assert from_disk == first
    for path in stored:  # damaged files are compiled again, not used
        path.write_bytes(b"garbage")
    assert xml_parts(CompiledDocx(raw, jinja_env.__wrapped__()).render(ctx)) == first
    # another setting of the environment: other file names, never another's code
    other = jinja_env.__wrapped__()
    other.trim_blocks = False
    assert settings_of(other) != settings_of(compiled_now)
    CompiledDocx(raw, other.overlay(bytecode_cache=DiskCache(tmp_path / "cache", settings_of(other))))
    assert len(list((tmp_path / "cache").iterdir())) == 6


def test_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("LETTRES_CACHE", "")
    assert jinja_env.__wrapped__().bytecode_cache is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "<w:p><w:r><w:t>a\nb</w:t></w:r></w:p>",
        '<w:p w:rsidR="1"><w:pPr><w:jc w:val="both"/></w:pPr><w:r w:rsidR="2"><w:rPr><w:b/></w:rPr>'
        '<w:t xml:space="preserve">un\tdeux\athree\ffour\n</w:t></w:r><w:r><w:t>x</w:t></w:r></w:p>',
        "<w:p><w:pPr>\n<w:jc/></w:pPr><w:r><w:rPr>\n<w:i/></w:rPr><w:t>\t\t\n\a\f</w:t><w:t>y\nz</w:t></w:r></w:p>",
        "<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>{_{ rien }_} é « » &amp;\n</w:t></w:r><w:proofErr/></w:p>",
    ],
)
def test_listing_resolved_as_docxtpl_does(paragraph):
    from lettres.documents.word import resolve_listing

    assert resolve_listing(paragraph) == DocxTemplate.resolve_listing(None, paragraph)  # type: ignore[arg-type]


def test_prepared_word_templates_kept_on_disk_give_the_same_documents(tmp_path, monkeypatch):
    """The next command takes the prepared template from the cache: same letter, python-docx left closed."""
    import lettres.documents.word
    from lettres.documents.rendu import _compiled

    monkeypatch.setenv("LETTRES_CACHE", str(tmp_path / "cache"))
    path = docx_template_path("2-courrier-prefecture.docx")
    ctx = build_context(validate_dossier(variants()[2]), AUJOURD_HUI, tmp_path)
    jinja_env.cache_clear()
    first = xml_parts(_compiled.__wrapped__(path).render(ctx))
    (prepared,) = (tmp_path / "cache").glob("docx-*.prep")

    def no_docxtpl(self):
        raise AssertionError("le paquet Word ne devait pas être ouvert")

    monkeypatch.setattr(lettres.documents.word.CompiledDocx, "_tpl", property(no_docxtpl))
    assert xml_parts(_compiled.__wrapped__(path).render(ctx)) == first
    monkeypatch.undo()
    monkeypatch.setenv("LETTRES_CACHE", str(tmp_path / "cache"))
    prepared.write_bytes(b"abime")  # a damaged file is prepared again, not used
    assert xml_parts(_compiled.__wrapped__(path).render(ctx)) == first
    assert prepared.read_bytes() != b"abime"
    jinja_env.cache_clear()


@pytest.mark.parametrize(
    "parts",
    [[("Marseille, le ", False)], [("Le ", False), ("1", False), ("er", True), (" <décembre> & « 2026 »", False)]],
)
def test_rich_text_written_as_docxtpl_writes_it(parts):
    from docxtpl import RichText

    from lettres.documents.texte_riche import TexteRiche

    ours, theirs = TexteRiche(parts[0][0]), RichText(parts[0][0])
    for texte, exposant in parts[1:]:
        ours.add(texte, superscript=exposant)
        theirs.add(texte, superscript=exposant)
    assert ours.xml == theirs.xml and str(ours) == str(theirs) and ours.__html__() == theirs.__html__()
