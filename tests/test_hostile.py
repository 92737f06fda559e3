"""Hostile input is normal input: every field full of markup, template syntax, scripts and control
characters still gives valid documents that say the text literally, and e-mails with only our headers."""

from __future__ import annotations

import email
import zipfile
from email import policy

from conftest import AUJOURD_HUI, write_dossier
from docx_texte import docx_text, parse_strict, xml_parts
from lettres.documents.generation import generate
from lettres.dossier import load_dossier
from lettres.dossier.valeurs import clean_text

HOSTILE = (
    'N\'Diaye & <Fils> "« cité »" {{ 7*7 }} {% if x %}{%p endif %} 😀 مرحبا بكم\tfin\r\nBcc: espion@exemple.org\x01\x0b'
)
LONG = "Très long texte — " * 300  # 5,400 characters


def hostile_dossier(data: dict) -> dict:
    text_fields = {
        "personne": ["nom", "prenoms", "lieu_naissance", "nationalite", "adresse", "telephone"],
        "demande": ["titre", "numero_anef"],
        "blocage": ["message_erreur", "consequences"],
        "accompagnant": ["nom", "prenom", "fonction", "structure", "adresse", "telephone"],
        "orientation": ["nom", "structure", "objet"],
        "envoi": ["numero_recommande", "lieu"],
    }
    for section, keys in text_fields.items():
        for key in keys:
            data[section][key] = HOSTILE
    data["blocage"]["description"] = LONG
    for demarche in data["demarches"]:
        demarche["detail"] = HOSTILE
        demarche["resultat"] = HOSTILE
    data["signataire"] = "accompagnant"
    return data


def test_hostile_fields_give_valid_documents_that_say_them_literally(tmp_path, data):
    path = write_dossier(tmp_path / "d", hostile_dossier(data))
    r = generate(load_dossier(path), path.parent, tmp_path / "s", aujourd_hui=AUJOURD_HUI)
    as_line = " ".join(clean_text(HOSTILE).split())
    docx_files = sorted(r.dossier.glob("*.docx"))
    assert len(docx_files) == 3
    for docx in docx_files:
        data_bytes = docx.read_bytes()
        assert zipfile.ZipFile(docx).testzip() is None
        for _name, xml in xml_parts(data_bytes).items():
            parse_strict(xml)  # raises on any malformed part
        text = docx_text(data_bytes)
        assert "{{ 7*7 }}" in text and "{% if x %}{%p endif %}" in text, docx.name
        assert 'N\'Diaye & <Fils> "« cité »"' in text
        assert "😀 مرحبا بكم" in text
        assert "\x01" not in text and "\x0b" not in text
        footer = docx_text(data_bytes, "footer")
        assert as_line in footer, docx.name
    lettre = docx_text((r.dossier / "2-courrier-prefecture.docx").read_bytes())
    assert LONG.strip() in lettre
    # in multi-line fields the tab stays a tab and \r\n becomes one line break
    assert "مرحبا بكم\tfin\nBcc: espion@exemple.org" in lettre

    for eml in sorted(r.dossier.glob("*.eml")):
        message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
        assert set(message.keys()) <= {
            "X-Unsent",
            "From",
            "To",
            "Cc",
            "Subject",
            "Date",
            "MIME-Version",
            "Content-Type",
        }
        assert "Bcc" not in message and "\n" not in str(message["Subject"])
        body = message.get_body(("plain",)).get_content()
        assert "{{ 7*7 }}" in body and "{% if x %}" in body
    txt = (r.dossier / "1-signalement-dgef.txt").read_text(encoding="utf-8")
    assert f"- Nom : {as_line}" in txt


def test_folder_name_stays_ascii_and_windows_safe(tmp_path, data):
    path = write_dossier(tmp_path / "d", hostile_dossier(data))
    r = generate(load_dossier(path), path.parent, tmp_path / "s", aujourd_hui=AUJOURD_HUI)
    assert r.dossier.name.isascii()
    assert not set(r.dossier.name) & set('<>:"/\\|?* ')
    for piece in (r.dossier / "pieces").iterdir():
        assert piece.name.isascii() and " " not in piece.name
