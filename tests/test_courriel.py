"""E-mail drafts: they parse, they are drafts, they carry the right attachments and only our headers."""

from __future__ import annotations

import email
import email.header
import re
from email import policy
from pathlib import Path

from conftest import AUJOURD_HUI, write_dossier
from lettres.documents import generation
from lettres.documents.courriel import Brouillon, build_eml, header_text
from lettres.documents.generation import generate
from lettres.dossier import load_dossier
from lettres.referentiel import charger_referentiel

EXPECTED_HEADERS = {"X-Unsent", "From", "To", "Cc", "Subject", "Date", "MIME-Version", "Content-Type"}


def parse(data: bytes):
    return email.message_from_bytes(data, policy=policy.default)


def test_each_draft_parses_with_its_attachments(tmp_path, data):
    data["envoi"]["prefecture_courriel"] = "Etrangers@Pref-Exemple.fr"
    path = write_dossier(tmp_path / "d", data)
    r = generate(load_dossier(path), path.parent, tmp_path / "s", aujourd_hui=AUJOURD_HUI)

    dgef = parse((r.dossier / "1-signalement-dgef.eml").read_bytes())
    assert dgef["X-Unsent"] == "1"
    assert dgef["To"].addresses[0].addr_spec == "dgef-support@interieur.gouv.fr"
    assert dgef["From"].addresses[0].addr_spec == "aminata.diallo@example.org"
    assert dgef["Cc"].addresses[0].addr_spec == "paul.martin@exemple.org"
    assert dgef["Subject"].startswith(
        "Signalement de dysfonctionnement ANEF — Aminata Fatou DIALLO — n° étranger 7501234567"
    )
    assert [a.get_filename() for a in dgef.iter_attachments()] == ["01_2026-09-20_capture-ecran.png"]
    body = dgef.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body == (r.dossier / "1-signalement-dgef.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]

    prefecture = parse((r.dossier / "2-courrier-prefecture.eml").read_bytes())
    assert prefecture["To"].addresses[0].addr_spec == "Etrangers@pref-exemple.fr"
    names = [a.get_filename() for a in prefecture.iter_attachments()]
    assert names == [
        "2-courrier-prefecture.docx",
        "bordereau-pieces.docx",
        "01_2026-09-20_capture-ecran.png",
        "02_2026-09-25_courriel-dgef.png",
        "03_2026-10-01_appel-anef.png",
    ]
    docx = next(prefecture.iter_attachments())
    assert docx.get_content_type() == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert docx.get_content() == (r.dossier / "2-courrier-prefecture.docx").read_bytes()

    note = parse((r.dossier / "3-note-orientation.eml").read_bytes())
    assert note["To"].addresses[0].addr_spec == "juridique@espace.asso.fr"
    # the note asks to review the préfecture letter written with it: attached too
    assert [a.get_filename() for a in note.iter_attachments()] == [
        "3-note-orientation.docx",
        "bordereau-pieces.docx",
        "2-courrier-prefecture.docx",
    ]
    for message in (dgef, prefecture, note):
        assert set(message.keys()) <= EXPECTED_HEADERS


def test_newline_in_a_name_never_adds_a_header():
    brouillon = Brouillon(
        objet="Objet\r\nBcc: espion@exemple.org",
        corps="Corps\r\nBcc: non@exemple.org\n",
        a=[("Préfecture\nBcc: espion@exemple.org", "pref@exemple.org")],
        de=("Nom\r\nX-Injecte: oui", "moi@exemple.org"),
        pieces_jointes=[("pièce\n.png", b"x")],
    )
    message = parse(build_eml(brouillon))
    assert set(message.keys()) == {"X-Unsent", "From", "To", "Subject", "Date", "MIME-Version", "Content-Type"}
    assert message["Subject"] == "Objet Bcc: espion@exemple.org"
    assert message["To"].addresses[0].addr_spec == "pref@exemple.org"
    assert message["To"].addresses[0].display_name == "Préfecture Bcc: espion@exemple.org"
    assert [a.get_filename() for a in message.iter_attachments()] == ["pièce .png"]


def test_draft_without_recipient_still_parses():
    message = parse(build_eml(Brouillon(objet="Sans destinataire", corps="Texte")))
    assert message["To"] is None and message["X-Unsent"] == "1"


# --- every draft the tool writes reads back exactly as it was set --------------------------------

HOSTILE_NAME = 'N\'Diaye & <Fils> "« cité »" {{ 7*7 }} 😀 مرحبا\r\nBcc: x@y.z'
ENCODED_WORD = re.compile(r"=\?utf-8\?([qb])\?([^?]*)\?=")


def spy_drafts(monkeypatch) -> dict[bytes, Brouillon]:
    """The drafts given to build_eml during a generation, by the bytes it returned."""
    drafts: dict[bytes, Brouillon] = {}

    def spy(brouillon: Brouillon, quand=None) -> bytes:
        raw = build_eml(brouillon, quand)
        drafts[raw] = brouillon
        return raw

    monkeypatch.setattr(generation, "build_eml", spy)
    return drafts


def addresses(message, name: str) -> list[tuple[str, str]]:
    header = message[name]
    return [(a.display_name, a.addr_spec) for a in header.addresses] if header is not None else []


def assert_reads_back(raw: bytes, brouillon: Brouillon, folder: Path | None = None) -> None:
    """The draft parses to exactly the names, addresses, subject, body and attachments that were set
    (control characters and line breaks in headers become spaces), with our headers only."""
    assert raw.isascii()  # 7-bit: every reader takes it
    message = parse(raw)
    expected = {"X-Unsent", "From", "To", "Subject", "Date", "MIME-Version", "Content-Type"}
    if not brouillon.de or not brouillon.de[1]:
        expected.discard("From")
    if not any(addr for _, addr in brouillon.a):
        expected.discard("To")
    if any(addr for _, addr in brouillon.cc):
        expected.add("Cc")
    assert sorted(message.keys()) == sorted(expected)  # each header once
    assert message["X-Unsent"] == "1" and message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "multipart/mixed" and not message.defects

    def cleaned(items):
        return [(header_text(name), addr) for name, addr in items if addr]

    assert addresses(message, "From") == cleaned([brouillon.de] if brouillon.de else [])
    assert addresses(message, "To") == cleaned(brouillon.a)
    assert addresses(message, "Cc") == cleaned(brouillon.cc)
    assert message["Subject"] == header_text(brouillon.objet)

    body = message.get_body(("plain",))
    assert body.get_content_type() == "text/plain" and body.get_content_charset() == "utf-8"
    assert body.get_content().replace("\r\n", "\n") == brouillon.corps.replace("\r\n", "\n")
    attachments = list(message.iter_attachments())
    assert [(a.get_filename(), a.get_content()) for a in attachments] == [
        (header_text(nom), data) for nom, data in brouillon.pieces_jointes
    ]
    for attachment in attachments:
        assert not attachment.defects and set(attachment.keys()) == {
            "Content-Type",
            "Content-Transfer-Encoding",
            "Content-Disposition",
        }
        if folder is not None:  # the very bytes of the file written beside the draft
            written = folder / attachment.get_filename()
            written = written if written.exists() else folder / "pieces" / attachment.get_filename()
            assert attachment.get_content() == written.read_bytes()

    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    for line in head.split("\r\n"):
        assert "\n" not in line and "\r" not in line
        if "=?" in line:
            assert len(line) <= 76, line
    for match in ENCODED_WORD.finditer(head):
        assert len(match.group(0)) <= 75


def hostile_names(data: dict) -> dict:
    data["signataire"] = "accompagnant"
    data["personne"].update(nom=HOSTILE_NAME, prenoms=HOSTILE_NAME)
    data["accompagnant"].update(nom=HOSTILE_NAME, prenom=HOSTILE_NAME, structure=HOSTILE_NAME)
    data["orientation"].update(nom=HOSTILE_NAME, structure=HOSTILE_NAME)
    data["envoi"]["prefecture_courriel"] = "etrangers@pref-exemple.fr"
    return data


def test_every_draft_of_a_hostile_dossier_reads_back_exactly(tmp_path, data, monkeypatch):
    drafts = spy_drafts(monkeypatch)
    path = write_dossier(tmp_path / "d", hostile_names(data))
    r = generation.generate(load_dossier(path), path.parent, tmp_path / "s", aujourd_hui=AUJOURD_HUI)
    emls = sorted(r.dossier.glob("*.eml"))
    assert [e.name for e in emls] == ["1-signalement-dgef.eml", "2-courrier-prefecture.eml", "3-note-orientation.eml"]
    shown = header_text(HOSTILE_NAME)
    for eml in emls:
        raw = eml.read_bytes()
        assert_reads_back(raw, drafts[raw], r.dossier)
        message = parse(raw)
        names = [n for header in ("From", "To", "Cc") for n, _ in addresses(message, header)]
        assert any(shown in n for n in names), eml.name  # the hostile text did reach the headers, literally
        assert "Bcc" not in message
    assert shown in parse((r.dossier / "1-signalement-dgef.eml").read_bytes())["Subject"]


def test_every_draft_of_the_demo_reads_back_exactly(tmp_path, monkeypatch):
    from lettres.demo import run_demo

    drafts = spy_drafts(monkeypatch)
    r, _ = run_demo(tmp_path / "demo")
    emls = sorted(r.dossier.glob("*.eml"))
    assert len(emls) == 3
    for eml in emls:
        raw = eml.read_bytes()
        assert_reads_back(raw, drafts[raw], r.dossier)
    dgef = parse((r.dossier / "1-signalement-dgef.eml").read_bytes())
    # the administration's long name reads back whole (it came back as « des étran gers »)
    assert addresses(dgef, "To")[0][0] == charger_referentiel().contacts["dgef_support"].libelle
    assert "étrangers" in addresses(dgef, "To")[0][0]


def test_names_are_encoded_by_whole_words():
    name = "Sous-direction de l'accès à la nationalité et de l'intégration des étrangers en France (DGEF)"
    raw = build_eml(Brouillon(objet=name, corps="x", a=[(name, "dgef@exemple.fr")]))
    words = set(name.split(" "))
    for match in ENCODED_WORD.finditer(raw.split(b"\r\n\r\n")[0].decode()):
        text = email.header.decode_header(match.group(0))[0][0].decode()
        assert all(w in words for w in text.split(" ") if w), text
    assert_reads_back(raw, Brouillon(objet=name, corps="x", a=[(name, "dgef@exemple.fr")]))


def test_a_75000_character_name_reads_back():
    # words: each one fits in an encoded-word, so every reader, Python's included, gets it back exactly
    name = "Marie-Émilie de Saint-Étienne " * 2500
    brouillon = Brouillon(objet=name, corps="Corps", a=[(name, "a@exemple.fr")])
    assert len(name) == 75000
    assert_reads_back(build_eml(brouillon), brouillon)


def test_a_75000_character_word_is_cut_between_characters_only():
    word = "é" * 75000
    brouillon = Brouillon(objet=word, corps="Corps", a=[(word, "a@exemple.fr")])
    raw = build_eml(brouillon)
    message = parse(raw)
    assert message["Subject"] == word
    assert message["To"].addresses[0].addr_spec == "a@exemple.fr"
    assert sorted(message.keys()) == sorted(EXPECTED_HEADERS - {"From", "Cc"})
    # A word longer than an encoded-word has to be cut. RFC 2047 readers (mail clients, and
    # email.header) join adjacent encoded-words; Python's own address parser puts a space between
    # them, so the name is read back here as a mail client reads it.
    to = dict(message.raw_items())["To"]
    display = to.rsplit(" <", 1)[0]
    assert str(email.header.make_header(email.header.decode_header(display))) == word
    for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n"):
        assert len(line) <= 76


def test_non_ascii_attachment_name_and_address_domain():
    brouillon = Brouillon(
        objet="Objet",
        corps="Corps",
        a=[("Préfecture", "etrangers@préfecture.fr")],
        pieces_jointes=[("pièce.pdf", b"%PDF")],
    )
    message = parse(build_eml(brouillon))
    assert message["To"].addresses[0].addr_spec == "etrangers@xn--prfecture-c4a.fr"
    assert [(a.get_filename(), a.get_content()) for a in message.iter_attachments()] == [("pièce.pdf", b"%PDF")]
