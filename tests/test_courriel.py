"""E-mail drafts: they parse, they are drafts, they carry the right attachments and only our headers."""

from __future__ import annotations

import email
from email import policy

from conftest import AUJOURD_HUI, write_dossier
from lettres.documents.courriel import Brouillon, build_eml
from lettres.documents.generation import generate
from lettres.dossier import load_dossier

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
    assert names == ["2-courrier-prefecture.docx", "bordereau-pieces.docx", "01_2026-09-20_capture-ecran.png"]
    docx = next(prefecture.iter_attachments())
    assert docx.get_content_type() == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert docx.get_content() == (r.dossier / "2-courrier-prefecture.docx").read_bytes()

    note = parse((r.dossier / "3-note-orientation.eml").read_bytes())
    assert note["To"].addresses[0].addr_spec == "juridique@espace.asso.fr"
    assert [a.get_filename() for a in note.iter_attachments()] == ["3-note-orientation.docx", "bordereau-pieces.docx"]
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
