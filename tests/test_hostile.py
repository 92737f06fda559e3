"""Hostile input is normal input: every field full of markup, template syntax, scripts and control
characters still gives valid documents that say the text literally, and e-mails with only our headers."""

from __future__ import annotations

import email
import zipfile
from email import policy

from aides import COLUMNS as COLUMNS_LOT
from aides import HOSTILE, LONG, hostile_dossier, row, write_csv
from conftest import AUJOURD_HUI, write_dossier
from docx_texte import docx_text, parse_strict, xml_parts
from lettres.documents.generation import generate
from lettres.dossier import load_dossier
from lettres.dossier.valeurs import clean_text


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
    # French typography puts non-breaking spaces inside « » and before « : »: they read as spaces
    assert f"- Nom : {as_line}" in txt.replace("\u00a0", " ")


def test_folder_name_stays_ascii_and_windows_safe(tmp_path, data):
    path = write_dossier(tmp_path / "d", hostile_dossier(data))
    r = generate(load_dossier(path), path.parent, tmp_path / "s", aujourd_hui=AUJOURD_HUI)
    assert r.dossier.name.isascii()
    assert not set(r.dossier.name) & set('<>:"/\\|?* ')
    for piece in (r.dossier / "pieces").iterdir():
        assert piece.name.isascii() and " " not in piece.name


# --- the terminal: dossier and spreadsheet text is shown, never obeyed -------------------------------

MARKUP_NOM = "DIALLO [/x] \x1b[31mROUGE\x1b[0m \x9b31mC1"
MARKUP_PRENOMS = "[bold red]Aminata\x1b]0;titre\x07 :warning: \u202egnp.exe"
SHOWN = ("[/x]", "[bold red]Aminata", "ROUGE", ":warning:")


def assert_shown_not_obeyed(code: int, out: str, err: str, expected_code: int, shown=SHOWN) -> None:
    assert code == expected_code, err
    assert "Traceback" not in out + err and "MarkupError" not in out + err
    for char in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert char not in out + err, repr(char)
    for text in shown:
        assert text in out + err, text


def test_verifier_prints_hostile_names_literally(run, tmp_path, data):
    data["personne"].update(nom=MARKUP_NOM, prenoms=MARKUP_PRENOMS)
    data["demande"]["titre"] = "carte [italic]« salarié »[/italic]"
    data["demarches"][0]["pieces"] = ["captures/\x9b31m[/x].png"]
    path = write_dossier(tmp_path / "d", data)
    code, out, err = run("verifier", str(path), "--date-du-jour", "27/11/2026")
    assert_shown_not_obeyed(code, out, err, 0, (*SHOWN, "[italic]« salarié »[/italic]"))
    assert "Les six étapes de la fiche" in out
    code, out, err = run("verifier", str(path), "--json")
    assert_shown_not_obeyed(code, out, err, 0, ("captures/\\u009b31m[/x].png",))  # the same data, written safely


def test_generer_and_its_report_with_hostile_names(run, tmp_path, data):
    data["personne"].update(nom=MARKUP_NOM, prenoms=MARKUP_PRENOMS)
    path = write_dossier(tmp_path / "d", data)
    code, out, err = run("generer", str(path), "--sortie", str(tmp_path / "s"))
    assert_shown_not_obeyed(code, out, err, 0, ("Documents écrits dans",))
    # an error message quoting the dossier: a pièce named with escape sequences
    data["demarches"][0]["pieces"] = ["captures/\x9b31m\u202eabsente.png"]
    path = write_dossier(tmp_path / "e", data)
    (path.parent / data["demarches"][0]["pieces"][0]).unlink()
    code, out, err = run("generer", str(path), "--sortie", str(tmp_path / "s2"))
    assert_shown_not_obeyed(code, out, err, 2, ("absente.png",))


def test_lot_summary_and_rejections_with_hostile_cells(run, tmp_path):
    rows = [
        row("ok", nom=MARKUP_NOM, prenoms=MARKUP_PRENOMS),
        row("\x1b]0;id\x07[/x]", naissance="\x1b[2J[bold red]hier\x9b31m"),
    ]
    source = write_csv(tmp_path / "cas.csv", rows, columns=[*COLUMNS_LOT, "\x1b[31mcolonne [/x]"])
    code, out, err = run("lot", str(source), "--sortie", str(tmp_path / "s"))
    assert_shown_not_obeyed(code, out, err, 1, ("[bold red]hier", "colonne [/x]"))


def test_etape_and_config_echo_user_data_safely(run, tmp_path, data, monkeypatch):
    path = write_dossier(tmp_path / "d", data)
    code, out, err = run("etape", str(path), "--type", "appel\x9b31m[/x]", "--date", "01/11/2026")
    assert_shown_not_obeyed(code, out, err, 2, ("appel",))
    config = tmp_path / "config.yaml"
    config.write_text('structure:\n  nom: "Asso \\e[31m[/x] \\x9b31m"\n', encoding="utf-8")
    code, out, err = run("--config", str(config), "config", "--afficher")
    assert_shown_not_obeyed(code, out, err, 0, ("Asso",))


def test_terminal_text_removes_sequences_and_controls():
    from lettres.cli.terminal import markup_text, terminal_text

    assert terminal_text("\x1b[31mROUGE\x1b[0m") == "ROUGE"
    assert terminal_text("a\x1b]0;titre\x07b\x1b]8;;http://x\x1b\\lien\x1b]8;;\x1b\\") == "ablien"
    assert terminal_text("x\x9b2Jy\x9d0;t\x9cz") == "xyz"
    assert terminal_text("ligne 1\nligne\t2\r\x00\x7f") == "ligne 1\nligne\t2"
    assert terminal_text("« Kôné » :warning: [/x]") == "« Kôné » :warning: [/x]"
    assert markup_text("DIALLO [/x] [bold red]") == "DIALLO \\[/x] \\[bold red]"
