"""Helpers shared by several test modules (no test module imports another): spreadsheet rows and batches,
the interview's keys, templates to break, dossiers for the locks, PDF text."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from conftest import AUJOURD_HUI
from lettres.config import Configuration
from lettres.lot import Options, run_batch
from lettres.prompts.asker import TerminalAsker
from lettres.prompts.nouveau import NouveauDossier

# --- from test_lot.py ------------------------------------------------------------------------------

COLUMNS = [
    "id",
    "personne.civilite",
    "personne.nom",
    "personne.prenoms",
    "personne.date_naissance",
    "personne.nationalite",
    "personne.numero_etranger",
    "personne.telephone",
    "demande.nature",
    "demande.titre",
    "demande.prefecture",
    "blocage.types",
    "blocage.depuis",
    "blocage.description",
    "consentement.transmission_tiers",
]


def row(ident, nom="DIALLO", prenoms="Aminata", naissance="12/04/1990", nature="renouvellement", **extra):
    values = {
        "id": ident,
        "personne.civilite": "madame",
        "personne.nom": nom,
        "personne.prenoms": prenoms,
        "personne.date_naissance": naissance,
        "personne.nationalite": "guinéenne",
        "personne.numero_etranger": "0750123456",
        "personne.telephone": "06 12 34 56 78",
        "demande.nature": nature,
        "demande.titre": "carte « salarié »",
        "demande.prefecture": "13",
        "blocage.types": "erreur_validation, televersement",
        "blocage.depuis": "20/09/2026",
        "blocage.description": "",
        "consentement.transmission_tiers": "non",
    }
    values.update(extra)
    return values


def write_csv(path: Path, rows: list[dict], columns=COLUMNS, delimiter=";", encoding="utf-8-sig") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "") for c in columns])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def batch(tmp_path, source, **options):
    options.setdefault("aujourd_hui", AUJOURD_HUI)
    return run_batch(source, Options(sortie=tmp_path / "sorties", **options), Configuration(tmp_path / "aucune.yaml"))


def folders(tmp_path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "sorties").iterdir() if p.is_dir())


def report(tmp_path) -> list[list[str]]:
    raw = (tmp_path / "sorties" / "rapport.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it in UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def template_with_people(path: Path, *people: dict[str, str]) -> Path:
    """The template ``lettres lot modele`` wrote at ``path`` (XLSX or CSV), its example row kept, plus one row
    per person: the example's values, an id and the changes given by key (``{"id": "P1", "personne.nom": …}``),
    each put under its French header."""
    from lettres.lot.colonnes import dossier_columns, header_of

    columns = dossier_columns()
    if path.suffix == ".xlsx":
        import openpyxl

        workbook = openpyxl.load_workbook(path)
        sheet = workbook["dossiers"]
        headers = [c.value for c in sheet[2]]
        example = [c.value for c in sheet[3]]
        for number, person in enumerate(people, start=4):  # typed below the example, as in a spreadsheet program
            values = list(example)
            for key, value in person.items():
                values[headers.index(header_of(key, columns))] = value
            for column, value in enumerate(values, start=1):
                sheet.cell(row=number, column=column, value=value)
        workbook.save(path)
        return path
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    for person in people:  # row 1: the sections, row 2: the headers, row 3: the example
        values = list(rows[2])
        for key, value in person.items():
            values[rows[1].index(header_of(key, columns))] = value
        rows.append(values)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


# --- from test_etape.py ----------------------------------------------------------------------------

DOSSIER = """\
# Dossier de Mme DIALLO — suivi par Paul
version: 1
signataire: personne
personne:
  nom: DIALLO          # nom d'usage
  prenoms: Aminata
  date_naissance: 12/04/1990
  nationalite: guinéenne
  numero_etranger: "0123456789"
demande:
  nature: renouvellement
  titre: carte de séjour pluriannuelle
  prefecture: "13"
blocage:
  types: [erreur_validation]
  depuis: 2026-09-20
demarches:
  # première tentative
  - type: capture_ecran
    date: 2026-09-20
"""


# --- from test_pdf.py ------------------------------------------------------------------------------

HAVE_LIBREOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None

# CI installs LibreOffice and poppler-utils (.ci/run): there, their absence is a failure, not a skip.
needs_libreoffice = pytest.mark.skipif(
    not HAVE_LIBREOFFICE and not os.environ.get("CI"),
    reason="LibreOffice et pdftotext absents (sudo apt-get install libreoffice-writer-nogui poppler-utils)",
)


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --- from test_entretien.py ------------------------------------------------------------------------

DOWN, ENTER, ESC, CTRL_C, CTRL_U, BACKSPACE = "\x1b[B", "\r", "\x1b", "\x03", "\x15", "\x7f"

TODAY = date(2026, 11, 27)

PERSONNE = [
    "mada\r",
    "DIALLO\r",
    "Aminata\r",
    "12/04/1990\r",
    "Conakry (Guinée)\r",
    "guinéenne\r",
    "12 rue des Lilas\r13003 Marseille\r\r",  # an empty line ends a multi-line answer
    "a@example.org\r",
    "\r",
]

SIGNATURE = ["pers\r", "\r"]  # the person signs; Entrée: no accompagnant details

BLOCAGE = ["valid\r", "20/09/2026\r", "Une erreur technique est survenue\r", "\r", "\r"]

SANS_DEMARCHE = ["\r"]  # « Aucune démarche pour l'instant »

JUSTIFICATIFS = ["\r", "\r"]  # a renewal: the titre and the passport (Entrée: none yet)

ENVOI = ["\r", "\r"]  # the préfecture's e-mail and postal address, unknown for the 13: Entrée

SANS_ORIENTATION = ["\r"]  # no referral note: the default

ENREGISTRER = ["enregistrer\r"]  # nothing chosen in advance in the review: a word finds the line

FIN = JUSTIFICATIFS + ENVOI + SANS_ORIENTATION + ENREGISTRER


@contextmanager
def keyboard(keys: list[str], columns: int = 80, rows: int = 24):
    """Queue every keystroke up front; closing the pipe turns a missing answer into Ctrl-D."""
    from prompt_toolkit.data_structures import Size

    class Output(DummyOutput):
        def get_size(self) -> Size:
            return Size(rows=rows, columns=columns)

    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()
        with create_app_session(input=pipe, output=Output()):
            yield


def interview(target: Path, keys: list[str], config: Configuration | None = None):
    config = config or Configuration(target.parent / "absente.yaml")
    with keyboard(keys):
        session = NouveauDossier(target, TerminalAsker(), config, TODAY)
        dossier, path = session.run()
    return dossier, path, session


# --- from test_modeles_limites.py ------------------------------------------------------------------


def email_template(folder: Path, body: str) -> None:
    (folder / "email" / "1-signalement-dgef.corps.txt").write_text(body, encoding="utf-8")


def rezip(path: Path, changes: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    parts.update(changes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    path.write_bytes(buffer.getvalue())


EXTERNAL = (
    b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    b'Target="http://127.0.0.1:9/espion.png" TargetMode="External"/></Relationships>'
)


def broken(kind: str, path: Path) -> None:
    if kind == "pas un zip":
        path.write_bytes(b"Ceci n'est pas un document Word")
    elif kind == "vide":
        path.write_bytes(b"")
    elif kind == "XML abîmé":
        rezip(path, {"word/document.xml": b"<w:document><w:body><w:p>"})
    elif kind == "latin-1":
        with zipfile.ZipFile(path) as source:
            xml = source.read("word/document.xml").decode("utf-8")
        rezip(
            path,
            {"word/document.xml": xml.replace("UTF-8", "ascii").encode("latin-1", "replace") + "é".encode("latin-1")},
        )
    elif kind == "bombe":
        rezip(path, {"word/media/bombe.bin": b"\0" * (50 * 1024 * 1024)})
    elif kind == "entités":
        rezip(path, {"word/document.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'})
    elif kind == "image distante":
        with zipfile.ZipFile(path) as source:
            rels = source.read("word/_rels/document.xml.rels")
        rezip(path, {"word/_rels/document.xml.rels": rels.replace(b"</Relationships>", EXTERNAL)})
    elif kind == "champ INCLUDEPICTURE":
        add_paragraphs(path, "x")
        with zipfile.ZipFile(path) as source:
            xml = source.read("word/document.xml")
        field = b'<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://127.0.0.1:9/x.png&quot; "/></w:p></w:body>'
        rezip(path, {"word/document.xml": xml.replace(b"</w:body>", field)})

    elif kind.startswith("champ "):  # lower case, or split across runs as Word writes it
        add_paragraphs(path, "x")
        with zipfile.ZipFile(path) as source:
            xml = source.read("word/document.xml")
        runs = {
            "champ includepicture": [" includepicture &quot;http://127.0.0.1:9/x.png&quot; "],
            "champ DDEAUTO coupé": [" DDE", "AUTO excel ", "feuille"],
            "champ INCLUDETEXT coupé": [" INCLUDE", "TEXT &quot;file:///etc/passwd&quot;"],
        }[kind]
        instr = b"".join(f"<w:r><w:instrText>{r}</w:instrText></w:r>".encode() for r in runs)
        field = (
            b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>' + instr + b'<w:r><w:fldChar w:fldCharType="end"/>'
            b"</w:r></w:p></w:body>"
        )
        rezip(path, {"word/document.xml": xml.replace(b"</w:body>", field)})
    elif kind == "SVG file:":
        svg = (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<image xlink:href="file:///home/autre/titre-de-sejour.png" width="10" height="10"/></svg>'
        )
        rezip(path, {"word/media/image9.svg": svg})
    elif kind == "entités après un long commentaire":
        xml = b'<?xml version="1.0"?><!--' + b"x" * 70_000 + b'--><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
        rezip(path, {"word/document.xml": xml})


# --- from test_modeles_structure.py ----------------------------------------------------------------


def export(run, tmp_path) -> Path:
    folder = tmp_path / "modeles"
    code, _out, err = run("modeles", "exporter", str(folder))
    assert code == 0, err
    return folder


def add_paragraphs(path: Path, *texts: str) -> None:
    document = Document(path)
    for text in texts:
        document.add_paragraph(text)
    document.save(path)


# --- from test_lot_forteresse.py -------------------------------------------------------------------


def many_rows(tmp_path: Path, n: int) -> Path:
    return write_csv(tmp_path / "cas.csv", [row(str(i), prenoms=f"P{i}") for i in range(n)])


def start_batch(tmp_path: Path, source: Path, jobs: int = 2, pipes: bool = True) -> subprocess.Popen:
    # without pipes: orphaned workers would hold them open, and reading them would wait for the workers
    sortie = subprocess.PIPE if pipes else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "lettres", "lot", str(source), "--sortie", str(tmp_path / "sorties"), "--silencieux",
         "--jobs", str(jobs), "--date", AUJOURD_HUI.isoformat()],
        stdout=sortie,
        stderr=sortie,
        text=True,
    )  # fmt: skip


def wait_for_folders(tmp_path: Path, n: int, timeout: float = 60) -> None:
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        sortie = tmp_path / "sorties"
        if sortie.is_dir() and sum(1 for p in sortie.iterdir() if p.is_dir() and not p.name.startswith(".")) >= n:
            return
        time.sleep(0.05)
    raise AssertionError("the batch did not start")


# --- from test_hostile.py --------------------------------------------------------------------------

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


# --- documents of a dossier, read as text (test_faits_matrice, test_lettre_affirme, test_piece_refusee) ----------

RDV = {
    "type": "demande_rdv",
    "date": "2026-10-08",
    "detail": "Formulaire du PAN",
    "resultat": "aucun créneau",
    "pieces": ["captures/rdv.png"],
}
COURRIER = {
    "type": "courrier_prefecture",
    "date": "2026-11-02",
    "detail": "Lettre recommandée avec accusé de réception",
    "resultat": "sans réponse",
    "pieces": ["captures/courrier.png"],
}


def produire(tmp_path: Path, data: dict, lettres=None):
    """The documents of ``data`` (its justificatifs written as images beside it), at the tests' date."""
    from conftest import PNG, write_dossier
    from lettres.documents.generation import generate
    from lettres.dossier import load_dossier

    path = write_dossier(tmp_path / "dossier", data)
    for chemins in (data.get("justificatifs") or {}).values():
        for chemin in chemins:
            (path.parent / chemin).parent.mkdir(parents=True, exist_ok=True)
            (path.parent / chemin).write_bytes(PNG)
    return generate(load_dossier(path), path.parent, tmp_path / "sorties", lettres, aujourd_hui=AUJOURD_HUI)


def texte_docx(resultat, nom: str) -> str:
    """A Word document of the output, its words on one line."""
    from docx_texte import docx_text

    return " ".join(docx_text((resultat.dossier / nom).read_bytes()).split())


def message_eml(resultat, nom: str):
    import email
    from email import policy

    return email.message_from_bytes((resultat.dossier / nom).read_bytes(), policy=policy.default)


def corps_eml(resultat, nom: str) -> str:
    """The plain-text body of an e-mail draft of the output, its words on one line."""
    return " ".join(message_eml(resultat, nom).get_body(("plain",)).get_content().split())


# a person of a batch spreadsheet, as few columns as a batch needs
LIGNE_LOT = {
    "id": "A1",
    "personne.nom": "DIALLO",
    "personne.prenoms": "Aminata",
    "personne.date_naissance": "12/04/1990",
    "personne.nationalite": "guinéenne",
    "demande.nature": "premiere_demande",
    "demande.titre": "carte de séjour temporaire",
    "demande.prefecture": "13",
    "blocage.types": "erreur_validation",
    "blocage.depuis": "20/09/2026",
}


def batch_csv(*rows: dict[str, str], francais: bool = False) -> bytes:
    """A batch CSV of these rows, every column of the dossier headed by its key (older spreadsheets) or, with
    ``francais``, by the template's French header."""
    from lettres.lot.colonnes import dossier_columns

    entetes = {c.cle: c.entete if francais else c.cle for c in dossier_columns()}
    lines = [";".join(entetes.values())] + [";".join(row.get(c, "") for c in entetes) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def copie_demo(tmp_path: Path, code: str | None, change=None) -> Path:
    """The demo dossier of situation ``code`` (None: the main one; its dates are those of the pinned today), changed
    by ``change``, with its pièces beside it: the path of its dossier.yaml."""
    import yaml

    from lettres.demo import demo_dossier

    source = demo_dossier(code)
    dossier = tmp_path / "dossier"
    for dossier_pieces in ("pieces", "captures"):
        if (source.parent / dossier_pieces).is_dir():
            shutil.copytree(source.parent / dossier_pieces, dossier / dossier_pieces)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    dossier.mkdir(parents=True, exist_ok=True)
    chemin = dossier / "dossier.yaml"
    chemin.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return chemin


# a second appointment attempt a week after RDV: step 4 of a demande not filed is proven only by attempts over at
# least a week, without an appointment obtained (CE, 10 juin 2020, n° 435594)
RDV_RELANCE = {
    "type": "demande_rdv",
    "date": "2026-10-20",
    "detail": "Formulaire du PAN",
    "resultat": "aucun créneau",
    "pieces": ["captures/rdv-relance.png"],
}


# --- from test_terminal.py -------------------------------------------------------------------------


class Terminal:
    """A program in a pty of ``columns``×``rows``, and the screen a person would see."""

    def __init__(
        self, args: list[str], cwd: Path, config: Path, columns: int = 80, rows: int = 24, cpr: str = "sans"
    ):
        """``cpr``: « sans » tells prompt_toolkit not to ask the cursor position (pyte cannot answer);
        « repond » answers each request from the emulated screen, as a real terminal does; « muet » lets
        it ask and never answers (a terminal without the feature)."""
        import pexpect
        import pyte

        import lettres

        # the lettres under test (a relative PYTHONPATH would not be found from the pty's folder)
        source = str(Path(lettres.__file__).resolve().parents[1])
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([source, *filter(None, [os.environ.get("PYTHONPATH", "")])]),
            "LETTRES_CONFIG": str(config),
            "TERM": "xterm",
            "NO_COLOR": "1",
        }
        if cpr == "sans":
            env["PROMPT_TOOLKIT_NO_CPR"] = "1"
        else:
            env.pop("PROMPT_TOOLKIT_NO_CPR", None)
        self.cpr = cpr
        self.pexpect = pexpect
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "lettres", *args],
            cwd=str(cwd),
            env=env,
            encoding="utf-8",
            timeout=20,
            dimensions=(rows, columns),
        )
        self.transcript = ""

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def _pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.05)
            except self.pexpect.TIMEOUT:
                continue
            except self.pexpect.EOF:
                return
            self.transcript += data
            self.stream.feed(data)
            if self.cpr == "repond" and "\x1b[6n" in data:
                self.child.send(f"\x1b[{self.screen.cursor.y + 1};{self.screen.cursor.x + 1}R")

    def wait(self, *texts: str, timeout: float = 20) -> str:
        """Wait until every text is on the screen at once; return the screen."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self._pump(0.1)
            screen = self.text()
            if all(t in screen for t in texts):
                return screen
        raise AssertionError(f"{texts} jamais à l'écran ; écran :\n{self.text()}")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def answer(self, question: str, keys: str) -> None:
        self.wait(question)
        self.send(keys)

    def end(self) -> int:
        self.child.expect(self.pexpect.EOF, timeout=60)
        self.transcript += self.child.before or ""
        self.stream.feed(self.child.before or "")  # the last lines, on the screen too
        self.child.close()
        return self.child.exitstatus


def documents_demo(tmp_path: Path, code: str | None, change=None, lettres=None):
    """The documents of the demo dossier of situation ``code`` (None: the main one), changed by ``change``,
    generated on the tests' day (``lettres``: only those)."""
    from conftest import AUJOURD_HUI
    from lettres.documents.generation import generate
    from lettres.dossier import load_dossier

    chemin = copie_demo(tmp_path, code, change)
    return generate(load_dossier(chemin), chemin.parent, tmp_path / "sorties", lettres, aujourd_hui=AUJOURD_HUI)


def sans_pieces(data: dict) -> None:
    """A jurist's « variant N »: no démarche has a pièce, the dossier no justificatif."""
    for demarche in data["demarches"]:
        demarche["pieces"] = []
    data["justificatifs"] = {}


def repondre_naissance_a_titre(t: Terminal) -> None:
    """The interview's answers from the place of birth to the titre asked for: Moussa's, born in Bamako,
    renewing a « salarié » card in Nice."""
    t.answer("? Lieu de naissance", "Bamako (Mali)\r")
    t.answer("? Nationalité", "malienne\r")
    t.answer("? Adresse postale", "5 rue du Port\r06300 Nice\r\r")
    t.answer("? Adresse électronique du compte ANEF", "\r")
    t.answer("? Téléphone", "\r")
    t.answer("? Nature de la demande", "renouv\r")
    t.answer("? Titre de séjour demandé", "carte de séjour pluriannuelle « salarié »\r")
