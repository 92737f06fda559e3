"""Fuzzing the commands themselves: random dossiers, spreadsheet cells and options, run through
``lettres.cli.main`` as a user would run them.

Whatever the input — the demo dossier mutated, values of the wrong type in every field, lone
surrogates, control characters, huge texts, deep nesting, impossible dates, huge numbers — each run
must end with code 0, 1 or 2 and no traceback; the Word documents it writes must parse strictly, say
the dossier's text literally; the e-mail drafts must carry exactly our headers and read back; and no
file outside the dossier's folder, the output folder and the program's own folders may be opened
(``ouvertures``: an audit hook).

The budget is small and the examples fixed (derandomised) for the test command; ``LETTRES_FUZZ=long``
runs fifty times more, with new random examples each time (``python bench/fuzz.py``), ``LETTRES_FUZZ=N``
N times more.
"""

from __future__ import annotations

import copy
import csv
import email
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import date
from email import policy
from email.utils import getaddresses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st

from conftest import ANGLAIS
from docx_texte import docx_text, parse_strict, xml_parts
from lettres.cli import main
from lettres.demo import demo_folder
from lettres.dossier.questions import schema_columns
from lettres.dossier.valeurs import clean_text
from lettres.dossier.valeurs import options as choix
from lettres.yamlio import parse_yaml
from ouvertures import hors, ouvertures

# a failing dossier of 75,000-character fields is long to print: printed all the same
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

# LETTRES_FUZZ=long: fifty times the examples, new ones each run; LETTRES_FUZZ=N: N times
PROFIL = os.environ.get("LETTRES_FUZZ", "")
FOIS = 50 if PROFIL == "long" else int(PROFIL) if PROFIL.isdecimal() else 1
JOUR = "01/12/2026"


def budget(exemples: int):
    """``exemples`` fixed examples for the test command; more, random, with LETTRES_FUZZ."""
    return settings(
        max_examples=exemples * FOIS,
        derandomize=FOIS == 1,
        # LETTRES_FUZZ_REDUIRE=non: report the first failing example as found (shrinking a dossier is slow)
        phases=[p for p in Phase if p is not Phase.shrink or os.environ.get("LETTRES_FUZZ_REDUIRE") != "non"],
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


# --- what a run may show ---------------------------------------------------------------------------

EN_TETES = {"X-Unsent", "From", "To", "Cc", "Subject", "Date", "MIME-Version", "Content-Type"}
EN_TETES_TOUJOURS = {"X-Unsent", "Subject", "Date", "MIME-Version", "Content-Type"}


@dataclass
class Execution:
    code: int
    sortie: str
    erreurs: str
    dehors: list[str]


@dataclass
class Atelier:
    """One example's folders: the dossier (a copy of the demo, with its captures), a secret file
    beside it that nothing may read, a link to that secret inside the dossier, the output folder."""

    racine: Path

    @classmethod
    def nouveau(cls, parent: Path) -> Atelier:
        atelier = cls(Path(tempfile.mkdtemp(dir=parent)))
        shutil.copytree(demo_folder(), atelier.dossier, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
        atelier.secret.write_text("SECRET du voisin\n", encoding="utf-8")
        (atelier.dossier / "captures" / "lien.png").symlink_to(atelier.secret)
        atelier.config.write_text("{}\n", encoding="utf-8")
        return atelier

    @property
    def dossier(self) -> Path:
        return self.racine / "dossier"

    @property
    def secret(self) -> Path:
        return self.racine / "secret.txt"

    @property
    def config(self) -> Path:
        return self.racine / "config.yaml"

    @property
    def sortie(self) -> Path:
        return self.racine / "sortie"

    def lancer(self, *args: str) -> Execution:
        """``lettres --config … ARGS`` in this process: code, output, errors, files opened outside."""
        out, err = io.StringIO(), io.StringIO()
        code = None
        with ouvertures() as ouverts, redirect_stdout(out), redirect_stderr(err):
            try:
                main(["--config", str(self.config), *args])
            except SystemExit as exc:
                code = exc.code
        resultat = Execution(
            code, out.getvalue(), err.getvalue(), hors(ouverts, self.dossier, self.sortie, self.config)
        )
        note(f"lettres {' '.join(args)[:300]} → {code}\n{resultat.erreurs[:2000]}")
        event(f"{args[0]}{' --json' if '--json' in args else ''} → {code}")
        assert code in (0, 1, 2), (args, code, resultat.erreurs)
        assert not ANGLAIS.search(resultat.erreurs), resultat.erreurs
        assert not resultat.dehors, f"fichiers lus hors du dossier : {resultat.dehors}"
        if code == 2:
            assert resultat.erreurs.strip(), "code 2 sans message"
        return resultat

    def effacer(self) -> None:
        shutil.rmtree(self.racine, ignore_errors=True)


def normal(texte: str) -> str:
    return " ".join(texte.replace("\u00a0", " ").split())


def check_docx(chemin: Path) -> str:
    data = chemin.read_bytes()
    for nom, xml in xml_parts(data).items():
        try:
            parse_strict(xml)
        except Exception as exc:  # the part that Word would refuse, named
            raise AssertionError(f"{chemin.name}:{nom} : {exc}") from None
    return docx_text(data)


MOT_CODE = re.compile(r"=\?([^?]+)\?([qQbB])\?([^?]*)\?=")


def lire_en_tete(valeur: str) -> str:
    """An unfolded header as a mail program shows it (RFC 2047 encoded-words; the space
    between two encoded-words is not shown). The modern parser of ``email`` does the same, but takes
    seconds on a 75,000-character name; ``decode_header`` of compat32 loses spaces."""
    import base64
    import quopri

    morceaux = re.split(r"(\s+)", valeur)
    texte, precedent_code, espace = [], False, ""
    for morceau in morceaux:
        if not morceau:
            continue
        if morceau.isspace():
            espace = morceau
            continue
        code = MOT_CODE.fullmatch(morceau)
        if code:
            brut = code[3].encode("ascii")
            octets = base64.b64decode(brut) if code[2] in "bB" else quopri.decodestring(brut.replace(b"_", b" "))
            if not precedent_code:
                texte.append(espace)
            texte.append(octets.decode(code[1]))
        else:
            texte += [espace, morceau]
        precedent_code, espace = bool(code), ""
    return "".join(texte).strip()


def check_eml(chemin: Path) -> dict[str, str]:
    """Our headers only, each once, each decoded back; no defect in any part. (The headers are read
    here: a mailbox outside ASCII is written in UTF-8, RFC 6532, which compat32 does not decode.)"""
    brut = chemin.read_bytes()
    bloc = brut.split(b"\r\n\r\n", 1)[0].decode("utf-8")  # raises on a byte that is not UTF-8
    lignes = re.sub(r"\r\n(?=[ \t])", "", bloc).split("\r\n")
    brutes = dict(ligne.split(": ", 1) for ligne in lignes)
    assert len(brutes) == len(lignes), lignes  # each header once
    assert EN_TETES_TOUJOURS <= set(brutes) <= EN_TETES, list(brutes)
    message = email.message_from_bytes(brut, policy=policy.compat32)
    for partie in message.walk():
        assert not partie.defects, (chemin.name, partie.defects)
        if not partie.is_multipart():
            partie.get_payload(decode=True)
    lus = {cle: lire_en_tete(valeur) for cle, valeur in brutes.items()}
    for cle in ("From", "To", "Cc"):
        if cle in brutes:
            for _nom, adresse in getaddresses([brutes[cle]]):
                assert "\n" not in adresse and "\r" not in adresse
    assert "\n" not in lus["Subject"]
    return lus


def check_dossier_de_sortie(dossier: Path) -> dict[str, str]:
    """Every .docx parses strictly, every .eml has our headers only; the letters' texts by name."""
    textes = {d.name: check_docx(d) for d in sorted(dossier.glob("*.docx"))}
    for eml in sorted(dossier.glob("*.eml")):
        check_eml(eml)
    txt = dossier / "1-signalement-dgef.txt"
    if txt.exists():
        objet = txt.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("Objet : ")
        sujet = check_eml(dossier / "1-signalement-dgef.eml")["Subject"]
        assert normal(sujet) == normal("".join(c if c.isprintable() else " " for c in objet)), (sujet, objet)
    return textes


@pytest.fixture(autouse=True)
def sans_libreoffice(monkeypatch):
    """The référé's pièces are converted by LibreOffice during « generer »: tested in test_pdf*.py; here
    the conversion is left out (a warning says so), to fuzz lettres' own code at its own speed."""
    monkeypatch.setattr("lettres.documents.pdf.find_soffice", lambda: None)


# --- values --------------------------------------------------------------------------------------


class Brut(str):
    """A scalar written unquoted, as a person types it: ``1990-02-30``, ``10000-01-01``, 5,001 digits."""


def _yaml_printable(c: str) -> bool:
    o = ord(c)
    return o in (0x9, 0xA, 0xD, 0x85) or 0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o > 0xFFFF


def quoted(texte: str) -> str:
    """A YAML double-quoted scalar: what YAML cannot hold as it is (surrogates, controls) is escaped."""
    corps = json.dumps(texte, ensure_ascii=False)
    return "".join(c if _yaml_printable(c) else f"\\u{ord(c):04x}" for c in corps)


def en_yaml(valeur) -> str:
    """Flow-style YAML (JSON plus unquoted scalars)."""
    if isinstance(valeur, Brut):
        return str(valeur)
    if isinstance(valeur, dict):
        return "{" + ", ".join(f"{en_yaml(k)}: {en_yaml(v)}" for k, v in valeur.items()) + "}"
    if isinstance(valeur, list):
        return "[" + ", ".join(en_yaml(v) for v in valeur) + "]"
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    if valeur is None:
        return "null"
    if isinstance(valeur, date):
        return valeur.isoformat()
    if isinstance(valeur, (int, float)):
        return quoted(repr(valeur)) if isinstance(valeur, float) and valeur != valeur else repr(valeur)
    return quoted(str(valeur))


PIEGES = [
    *"\x00\x01\x08\x0b\x0c\x1b\x7f\x85\u00a0\u202f\u200b\u202e\u2028\u2029\ufeff\ufffe\uffff\ud800\udfff\udc80",
    *"\r\n\t",
    "\r\n",
    "é",
    "É",
    "œ",
    "ß",
    "İ",
    "ﬁ",
    "😀",
    "مرحبا",
    "Ω",
    "а",
    "e\u0301",
    "𝒳",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "{_{",
    "{{ 7*7 }}",
    "{% for x in range(9) %}",
    "<",
    ">",
    "&",
    "&amp;",
    "]]>",
    "<w:p>",
    "'",
    '"',
    "\\",
    "=",
    "+",
    "@",
    "-",
    "#",
    ": ",
    " #",
    "*",
    "!",
    "%",
    "|",
    "`",
    ",",
    ";",
    "[",
    "]",
    "$(id)",
    "../",
    "/etc/passwd",
    '=HYPERLINK("http://x")',
    "=?utf-8?q?x?=",
    "\r\nBcc: espion@exemple.org",
    "[bold]x[/bold]",
    ":x:",
    "\x1b[31m",
    "\x1b]8;;http://x\x1b\\",
]
CARACTERES = st.characters(exclude_categories=())  # surrogates included
textes_courts = st.one_of(
    st.text(CARACTERES, max_size=30),
    st.lists(st.one_of(st.sampled_from(PIEGES), st.text(CARACTERES, max_size=4)), max_size=10).map("".join),
    st.sampled_from(["", " ", "\n", "~", "null", "oui", "non", "01/02/2026", "31/02/2026", "1er mars 2026", "x@y"]),
)
enormes = st.builds(
    lambda motif, n: motif * n,
    st.sampled_from(["é", "a", "😀", "a ", "\u202e", "{{ x }}", "<w:p>", "\ud800", "\x01"]),
    st.sampled_from([300, 5_000, 75_000]),
)
# one text in ten is long (300 to 75,000 characters): a dossier of sixty fields stays well under 2 MB
textes = st.integers(0, 9).flatmap(lambda k: enormes if k == 0 else textes_courts)
dates_brutes = st.builds(
    lambda a, m, j: Brut(f"{a:04d}-{m:02d}-{j:02d}"),
    st.one_of(st.sampled_from([1990, 2026, 10000, 0, 9999, 1899, 1900]), st.integers(0, 12000)),
    st.integers(0, 13),
    st.integers(0, 32),
)
bruts = st.one_of(
    dates_brutes,
    st.sampled_from(
        [
            "1990-02-30",
            "2026-13-01",
            "10000-01-01",
            "2024-02-29",
            "2026-02-29",
            "2026-01-01 25:61:61",
            "2026-01-01T10:00:00Z",
            "2026-1-1 1:00:00",
            ".nan",
            ".inf",
            "-.inf",
            "1e400",
            "._",
            "0x1F",
            "0o17",
            "0b101",
            "1_000",
            "+12",
            "-0",
            "~",
            "true",
            "False",
            "*a",
            "&a b",
            "!!binary aGVsbG8=",
            "!!python/object/apply:os.system ['true']",
            "!!str 12",
            "!perso x",
            "<<",
            "=",
            "12:30",
            "1:20:30",
            "@x",
            "%x",
        ]
    ).map(Brut),
    st.integers(-(10**30), 10**30).map(lambda n: Brut(str(n))),
    st.integers(18, 6000).map(lambda n: Brut("9" * n)),
    st.integers(1, 3000).map(lambda n: Brut("[" * n + "]" * n)),
    st.integers(1, 200).map(lambda n: Brut("{a: " * n + "b" + "}" * n)),
)
feuilles = st.one_of(
    textes,
    bruts,
    st.booleans(),
    st.none(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.dates(),
)
valeurs = st.recursive(
    feuilles,
    lambda enfants: st.one_of(
        st.lists(enfants, max_size=4), st.dictionaries(st.text(CARACTERES, max_size=8), enfants, max_size=4)
    ),
    max_leaves=8,
)
CHEMINS = [*schema_columns(), "version", "personne", "demande", "blocage", "envoi", "demarches", "cle.inconnue"]
CHAMPS_DEMARCHE = ["type", "date", "heure", "detail", "resultat", "pieces", "inconnue"]
PIECES = [
    "/etc/passwd",
    "../../../../etc/passwd",
    "captures/lien.png",
    "/proc/self/environ",
    "/proc/self/cmdline",
    "../secret.txt",
    "captures/../../secret.txt",
    "{SECRET}",
    "captures",
    "",
    ".",
    "/dev/zero",
    "/dev/stdin",
    "~/.bashrc",
    "captures/" + "a" * 300 + ".png",
    "captures/" + "é" * 200,
    "captures/inexistante.png",
    "C:\\Windows\\win.ini",
    "file:///etc/passwd",
    "//etc/passwd",
    "captures/2026-09-21-erreur-televersement.png",
    "./captures/2026-10-07-rdv-pan.png",
]
pieces = st.one_of(st.sampled_from(PIECES), textes)

# a value of the right kind for each field, so that most dossiers get through to the documents
LISTE_DU_CHAMP = {
    "signataire": "signataire",
    "personne.civilite": "civilite",
    "accompagnant.civilite": "civilite",
    "orientation.civilite": "civilite",
    "envoi.prefet_civilite": "civilite",
    "demande.nature": "nature",
    "demande.prefecture": "prefectures",
    "demande.document_provisoire": "document_provisoire",
    "demande.complet": "complet",
    "demande.decision": "decision",
    "recours.aide_juridictionnelle": "aide_juridictionnelle",
    "orientation.vers": "vers",
    "situation": "situations",
    "blocage.types": "blocages",
    "type": "types_demarche",
}


def souvent(bon: st.SearchStrategy, mauvais: st.SearchStrategy, propre: bool = False) -> st.SearchStrategy:
    """``bon`` five times in six, else ``mauvais`` (``propre``: always ``bon``): most examples get through
    to the documents."""
    return bon if propre else st.integers(0, 5).flatmap(lambda k: mauvais if k == 0 else bon)


vraies_dates = st.dates(date(1900, 1, 1), date(2026, 11, 30))
dates_lisibles = st.one_of(vraies_dates, vraies_dates.map(lambda d: d.strftime("%d/%m/%Y")))
pieces_du_dossier = st.lists(
    st.sampled_from(sorted(f"captures/{p.name}" for p in (demo_folder() / "captures").glob("*.png"))), max_size=2
)


OBLIGATOIRES = {"personne.nom", "personne.prenoms", "personne.nationalite", "demande.titre", "accompagnant.nom"}


def plausible(chemin: str, propre: bool = False) -> st.SearchStrategy:
    """A value of the field's kind: hostile text in a text field; elsewhere a well-formed value five times
    in six (``propre``: always)."""
    cle = chemin.rsplit(".", 1)[-1]
    if chemin in LISTE_DU_CHAMP:
        codes = choix(LISTE_DU_CHAMP[chemin])
        # a label may hold a comma, which separates the codes of a list
        return st.sampled_from(sorted(codes) if chemin in ("blocage.types", "situation") else [*codes, *codes.values()])
    if re.search(r"date|depuis|_le$|expiration|_debut$|_fin$", cle):
        return souvent(dates_lisibles, dates_brutes, propre)
    if cle == "courriel" or cle.endswith("_courriel"):
        adresses = st.sampled_from(["", "a@exemple.org", "prénom.nom@exemple.fr"])
        return souvent(adresses, st.one_of(st.emails(), textes), propre)
    if cle in ("transmission_tiers", "recommande"):
        return souvent(st.booleans(), st.sampled_from(["oui", "non", "x"]), propre)
    if cle in ("delai_reponse_jours", "delai_prefecture_jours"):
        return souvent(st.integers(1, 90), st.one_of(st.integers(-5, 400), bruts), propre)
    if cle == "version":
        return souvent(st.just(1), st.one_of(st.integers(-5, 400), bruts), propre)
    if cle == "numero_etranger":
        return souvent(st.from_regex(r"[0-9]{10}", fullmatch=True), textes, propre)
    if chemin.startswith("justificatifs.") or cle == "pieces":
        return souvent(pieces_du_dossier, st.lists(pieces, max_size=3), propre)
    if cle == "heure":
        return souvent(st.times().map(lambda t: t.strftime("%H:%M")), textes, propre)
    if propre and chemin in OBLIGATOIRES:
        return textes.filter(lambda t: " ".join(clean_text(t).split()))
    return textes


def valeur(draw, chemin: str, autre: int = 30, propre: bool = False):
    """Mostly a value of the field's kind (hostile text in a text field); ``autre`` times in a hundred,
    anything at all."""
    return draw(valeurs) if draw(st.integers(0, 99)) < autre else draw(plausible(chemin, propre))


def poser(data: dict, chemin: str, valeur) -> None:
    *parents, cle = chemin.split(".")
    cible = data
    for parent in parents:
        if not isinstance(cible.get(parent), dict):
            cible[parent] = {}
        cible = cible[parent]
    cible[cle] = valeur


def retirer(data: dict, chemin: str) -> None:
    *parents, cle = chemin.split(".")
    cible = data
    for parent in parents:
        cible = cible.get(parent)
        if not isinstance(cible, dict):
            return
    cible.pop(cle, None)


@st.composite
def mutations(draw) -> list[tuple]:
    operations = []
    for _ in range(draw(st.integers(1, 4))):
        genre = draw(st.sampled_from(["champ", "champ", "retirer", "demarche", "piece", "demarches"]))
        if genre == "champ":
            chemin = draw(st.sampled_from(CHEMINS))
            operations.append(("champ", chemin, valeur(draw, chemin)))
        elif genre == "retirer":
            operations.append(("retirer", draw(st.sampled_from(CHEMINS))))
        elif genre == "demarche":
            champ = draw(st.sampled_from(CHAMPS_DEMARCHE))
            operations.append(("demarche", draw(st.integers(0, 8)), champ, valeur(draw, champ)))
        elif genre == "piece":
            operations.append(("piece", draw(st.integers(0, 8)), draw(st.lists(pieces, min_size=1, max_size=3))))
        else:
            operations.append(("demarches", draw(st.integers(0, 40))))
    return operations


def muter(data: dict, operations: list[tuple], atelier: Atelier) -> dict:
    data = copy.deepcopy(data)
    for operation in operations:
        genre = operation[0]
        demarches = data.get("demarches") if isinstance(data.get("demarches"), list) else []
        if genre == "champ":
            poser(data, operation[1], operation[2])
        elif genre == "retirer":
            retirer(data, operation[1])
        elif genre in ("demarche", "piece") and demarches:
            demarche = demarches[operation[1] % len(demarches)]
            if isinstance(demarche, dict):
                if genre == "demarche":
                    demarche[operation[2]] = operation[3]
                else:
                    demarche["pieces"] = [p.replace("{SECRET}", str(atelier.secret)) for p in operation[2]]
        elif genre == "demarches" and demarches:
            data["demarches"] = (demarches * (operation[1] // len(demarches) + 1))[: operation[1]]
    return data


def demo_data() -> dict:
    return parse_yaml((demo_folder() / "dossier.yaml").read_text(encoding="utf-8"))


DEMO = demo_data()


# --- the checks after each command ---------------------------------------------------------------


def generer_et_verifier(atelier: Atelier, fichier: Path, lettres: str | None = None) -> None:
    """generer, verifier and verifier --json on one dossier file, with every check."""
    args = ["generer", str(fichier), "--sortie", str(atelier.sortie), "--date", JOUR]
    if lettres:
        args += ["--lettres", lettres]
    generation = atelier.lancer(*args)
    if generation.code == 0:
        (produit,) = [p for p in atelier.sortie.iterdir() if not p.name.startswith(".")]
        textes = check_dossier_de_sortie(produit)
        check_litteral(fichier, textes)
    else:
        assert not atelier.sortie.exists() or not any(atelier.sortie.iterdir()), "dossier de sortie à moitié écrit"
    atelier.lancer("verifier", str(fichier))
    en_json = atelier.lancer("verifier", "--json", str(fichier))
    if en_json.code == 0:
        json.loads(en_json.sortie)


def check_litteral(fichier: Path, textes: dict[str, str]) -> None:
    """The name and every démarche's detail, as the dossier holds them, are in the letter to the
    préfecture; the description of the blocage too."""
    from lettres.documents import piece_refusee
    from lettres.documents.pieces import detail_sans_redite
    from lettres.dossier import load_dossier

    lettre = textes.get("2-courrier-prefecture.docx")
    if lettre is None:
        return
    dossier = load_dossier(fichier)
    lettre = normal(lettre)
    assert normal(dossier.personne.nom) in lettre
    for demarche in dossier.demarches:
        if detail_sans_redite(demarche):  # written without what repeats its type's label
            assert normal(detail_sans_redite(demarche)) in lettre, demarche.detail
    # the description, unless it only retells the refused pièce the letter's own sentence names
    redite = piece_refusee.dite_par_la_description(dossier) and piece_refusee.dite_par_le_constat(dossier)
    if dossier.blocage.description and not redite:
        assert normal(dossier.blocage.description) in lettre


# --- the tests -------------------------------------------------------------------------------------


@budget(40)
@given(operations=mutations(), lettres=st.sampled_from([None, None, "prefecture", "dgef,bordereau", "orientation"]))
def test_demo_dossier_mutated(tmp_path, operations, lettres):
    atelier = Atelier.nouveau(tmp_path)
    try:
        fichier = atelier.dossier / "dossier.yaml"
        fichier.write_text(en_yaml(muter(DEMO, operations, atelier)), encoding="utf-8")
        generer_et_verifier(atelier, fichier, lettres)
    finally:
        atelier.effacer()


@st.composite
def dossiers_aleatoires(draw) -> dict:
    """Every field of the format (most of them present), each of the right kind or of any kind."""
    # well-formed values with hostile texts, or a few values of another kind, or many
    autre, propre = draw(st.sampled_from([(0, True), (0, True), (1, False), (30, False)]))
    dossier: dict = {}
    for chemin in schema_columns():
        if propre or draw(st.integers(0, 9)) < 9:
            poser(dossier, chemin, valeur(draw, chemin, autre, propre))
    dossier["demarches"] = [
        {champ: valeur(draw, champ, autre, propre) for champ in CHAMPS_DEMARCHE[:-1] if propre or draw(st.booleans())}
        for _ in range(draw(st.integers(0, 6)))
    ]
    if propre and not dossier["demande"].get("document_provisoire"):
        for cle in ("document_provisoire_debut", "document_provisoire_fin"):
            dossier["demande"].pop(cle, None)
    return dossier


@budget(25)
@given(dossier=dossiers_aleatoires())
def test_dossier_of_random_values(tmp_path, dossier):
    atelier = Atelier.nouveau(tmp_path)
    try:
        fichier = atelier.dossier / "dossier.yaml"
        fichier.write_text(en_yaml(dossier), encoding="utf-8")
        generer_et_verifier(atelier, fichier)
    finally:
        atelier.effacer()


@st.composite
def texte_mute(draw) -> bytes:
    """The demo file as a person might damage it: lines removed, doubled, shifted, text inserted, bytes."""
    lignes = (demo_folder() / "dossier.yaml").read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(0, len(lignes) - 1))
        genre = draw(st.sampled_from(["retirer", "doubler", "decaler", "inserer", "remplacer", "tabulation"]))
        if genre == "retirer" and len(lignes) > 1:
            del lignes[i]
        elif genre == "doubler":
            lignes.insert(i, lignes[i])
        elif genre == "decaler":
            lignes[i] = " " * draw(st.integers(0, 5)) + lignes[i].lstrip()
        elif genre == "inserer":
            position = draw(st.integers(0, len(lignes[i])))
            ajout = draw(st.one_of(st.sampled_from(PIEGES), st.text(CARACTERES, max_size=8)))
            lignes[i] = lignes[i][:position] + ajout + lignes[i][position:]
        elif genre == "remplacer" and ": " in lignes[i]:
            lignes[i] = lignes[i].split(": ", 1)[0] + ": " + draw(st.one_of(bruts, textes.map(quoted)))
        elif genre == "tabulation":
            lignes[i] = "\t" + lignes[i]
    texte = "\n".join(lignes)
    encodage = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    brut = texte.encode(encodage, "surrogatepass" if encodage.startswith("utf") else "replace")
    if draw(st.booleans()):
        position = draw(st.integers(0, len(brut)))
        brut = brut[:position] + draw(st.binary(max_size=6)) + brut[position:]
    return brut


@budget(25)
@given(brut=texte_mute())
def test_demo_file_damaged(tmp_path, brut):
    atelier = Atelier.nouveau(tmp_path)
    try:
        fichier = atelier.dossier / "dossier.yaml"
        fichier.write_bytes(brut)
        generer_et_verifier(atelier, fichier)
    finally:
        atelier.effacer()


# argv holds no NUL; undecodable bytes arrive as lone surrogates (\udc80…)
options_texte = textes.map(lambda t: t.replace("\x00", ""))


@budget(25)
@given(
    type_=souvent(st.sampled_from(sorted(choix("types_demarche"))), options_texte),
    jour=souvent(
        st.sampled_from(["01/11/2026", "1er mars 2026", "2026-11-02"]),
        st.one_of(st.sampled_from(["31/02/2026", "2026-13-01", "01/01/10000"]), options_texte),
    ),
    heure=souvent(st.sampled_from(["", "10:42", "9h"]), options_texte),
    detail=options_texte,
    resultat=options_texte,
    pieces_=souvent(pieces_du_dossier, st.lists(pieces.map(lambda t: t.replace("\x00", "")), max_size=3)),
    recommande=souvent(st.just(""), options_texte),
    delai=st.one_of(st.none(), st.sampled_from(["0", "15", "366", "-1", "9" * 5001, "x"])),
)
def test_etape_with_random_options(tmp_path, type_, jour, heure, detail, resultat, pieces_, recommande, delai):
    atelier = Atelier.nouveau(tmp_path)
    try:
        fichier = atelier.dossier / "dossier.yaml"
        avant = fichier.read_bytes()
        args = ["etape", str(fichier), "--type", type_, "--date", jour, "--heure", heure, "--detail", detail]
        args += ["--resultat", resultat]
        for piece in pieces_:
            args += ["--piece", piece.replace("{SECRET}", str(atelier.secret))]
        if recommande:
            args += ["--recommande", recommande]
        if delai is not None:
            args += ["--delai-prefecture", delai]
        execution = atelier.lancer(*args)
        if execution.code == 0:
            from lettres.dossier import load_dossier

            ajoutee = load_dossier(fichier).demarches[-1]
            assert ajoutee.detail == clean_text(detail).strip("\n").rstrip()
        else:
            assert fichier.read_bytes() == avant, "dossier modifié malgré l'erreur"
        generer_et_verifier(atelier, fichier)
    finally:
        atelier.effacer()


# --- spreadsheets -----------------------------------------------------------------------------------

COLONNES = ["id", *schema_columns()]
LIGNE = {
    "personne.numero_etranger": "0750123456",
    "personne.civilite": "madame",
    "personne.nom": "DIALLO",
    "personne.prenoms": "Aminata",
    "personne.date_naissance": "12/04/1990",
    "personne.nationalite": "guinéenne",
    "demande.nature": "renouvellement",
    "demande.titre": "carte « salarié »",
    "demande.prefecture": "13",
    "blocage.types": "erreur_validation",
    "blocage.depuis": "20/09/2026",
    "consentement.transmission_tiers": "oui",
    "orientation.vers": "juriste",
    "orientation.structure": "ESPACE",
}
IDS = ["a b", "a-b", "A1", "a1", "Аня", "Ανα", "=1+1", "+1", "@SUM(1)", "-2+3", "", " ", "id\n2", "x" * 300]
cellules = st.one_of(
    textes,
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.booleans(),
    st.none(),
    st.sampled_from(["31/02/2026", "2026-13-01", "01/01/10000", "9" * 5001, "a" * 131_073]),
)
CELLULE_SANS_XML = "\ue000"  # a private character, turned into a character reference in the XLSX file
HORS_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


@st.composite
def tableurs(draw) -> tuple[list[str], list[dict], list[dict]]:
    colonnes = draw(
        st.one_of(
            st.just(COLONNES),
            st.lists(st.sampled_from(COLONNES), min_size=1, max_size=12, unique=True),
            st.just([*COLONNES, "colonne inconnue", ""]),
        )
    )
    lignes = []
    for numero in range(draw(st.integers(1, 4))):
        ligne = {"id": draw(st.one_of(st.just(f"L{numero}"), st.sampled_from(IDS))), **LIGNE}
        for colonne in draw(st.lists(st.sampled_from(COLONNES), max_size=3)):
            cellule = draw(st.one_of(plausible(colonne), cellules))
            ligne[colonne] = ", ".join(map(str, cellule)) if isinstance(cellule, list) else cellule
        lignes.append(ligne)
    demarches = [
        {
            "dossier": draw(st.one_of(st.sampled_from([ligne["id"] for ligne in lignes]), st.just("inconnu"))),
            "type": draw(st.one_of(st.just("capture_ecran"), textes)),
            "date": draw(st.one_of(st.just("21/09/2026"), cellules)),
            "detail": draw(cellules),
            "pieces": draw(st.one_of(st.just("captures/2026-09-21-erreur-televersement.png"), pieces)),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    return colonnes, lignes, demarches


def _texte_de_cellule(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, date):
        return valeur.isoformat()
    return str(valeur) if not isinstance(valeur, int) or abs(valeur) < 10**4000 else "9"


def ecrire_csv(chemin: Path, colonnes: list[str], lignes: list[dict], separateur: str, encodage: str) -> None:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=separateur, lineterminator="\r\n")
    ecrivain.writerow(colonnes)
    for ligne in lignes:
        ecrivain.writerow([_texte_de_cellule(ligne.get(c)) for c in colonnes])
    erreurs = "surrogatepass" if encodage.startswith("utf") else "replace"
    chemin.write_bytes(tampon.getvalue().encode(encodage, erreurs))


def ecrire_xlsx(chemin: Path, feuilles_: dict[str, tuple[list[str], list[dict]]]) -> None:
    """A workbook; what openpyxl refuses to write (controls, surrogates) is put in afterwards as XML
    character references, as a damaged or hand-made file would hold them."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    classeur = Workbook()
    classeur.remove(classeur.active)
    remplaces: list[str] = []

    def propre(valeur):
        if isinstance(valeur, str):
            remplaces.extend(ILLEGAL_CHARACTERS_RE.findall(valeur) + HORS_XML.findall(valeur))
            valeur = ILLEGAL_CHARACTERS_RE.sub(CELLULE_SANS_XML, valeur)
            return HORS_XML.sub(CELLULE_SANS_XML, valeur)[:32767]
        if isinstance(valeur, int) and abs(valeur) > 2**53:
            return str(valeur)
        return valeur

    for nom, (colonnes, lignes) in feuilles_.items():
        feuille = classeur.create_sheet(nom)
        feuille.append(colonnes)
        for ligne in lignes:
            feuille.append([propre(ligne.get(c)) for c in colonnes])
    tampon = io.BytesIO()
    classeur.save(tampon)
    if not remplaces:
        chemin.write_bytes(tampon.getvalue())
        return
    with zipfile.ZipFile(tampon) as source, zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED) as cible:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".xml"):
                texte = data.decode("utf-8").replace(f"&#{ord(CELLULE_SANS_XML)};", CELLULE_SANS_XML)
                morceaux = texte.split(CELLULE_SANS_XML)
                data = morceaux[0].encode("utf-8")
                for index, suite in enumerate(morceaux[1:]):
                    data += f"&#x{ord(remplaces[index % len(remplaces)]):X};".encode() + suite.encode("utf-8")
            cible.writestr(info, data)


def lignes_non_vides(colonnes: list[str], lignes: list[dict]) -> int:
    def vide(valeur) -> bool:
        return valeur is None or str(valeur).replace("\u00a0", " ").replace("\u202f", " ").strip() == ""

    return sum(1 for ligne in lignes if not all(vide(ligne.get(c)) for c in colonnes))


@budget(20)
@given(
    tableur=tableurs(),
    format_=st.sampled_from(["xlsx", "csv;utf-8-sig", "csv,utf-8", "csv\tcp1252", "csv;utf-16"]),
)
def test_lot_with_random_cells(tmp_path, tableur, format_):
    colonnes, lignes, demarches = tableur
    atelier = Atelier.nouveau(tmp_path)
    try:
        if format_ == "xlsx":
            source = atelier.dossier / "cas.xlsx"
            d_colonnes = ["dossier", "type", "date", "detail", "pieces"]
            ecrire_xlsx(source, {"dossiers": (colonnes, lignes), "demarches": (d_colonnes, demarches)})
        else:
            separateur, encodage = format_[3], format_[4:]
            source = atelier.dossier / "cas.csv"
            ecrire_csv(source, colonnes, lignes, separateur, encodage)
            if demarches:
                d_colonnes = ["dossier", "type", "date", "detail", "pieces"]
                ecrire_csv(atelier.dossier / "cas-demarches.csv", d_colonnes, demarches, separateur, encodage)
        # the people kept as dossiers beside the spreadsheet (by default: the current folder, outside the workshop)
        suivis = str(atelier.dossier / "suivis")
        execution = atelier.lancer(
            "lot", str(source), "--sortie", str(atelier.sortie), "--dossiers", suivis, "--jobs", "1", "--date", JOUR
        )
        if execution.code == 2:
            return
        rapport = (atelier.sortie / "rapport.csv").read_text(encoding="utf-8-sig")
        list(csv.reader(io.StringIO(rapport), delimiter=";"))
        produits = [p for p in atelier.sortie.iterdir() if p.is_dir() and not p.name.startswith(".")]
        for produit in produits:
            check_dossier_de_sortie(produit)
        resume = re.search(r"(\d+) dossiers? générés?, (\d+) lignes? rejetées?", execution.sortie)
        assert resume, execution.sortie
        generes, rejetees = int(resume.group(1)), int(resume.group(2))
        assert generes == len(produits)
        assert generes + rejetees >= lignes_non_vides(colonnes, lignes), "lignes perdues"
    finally:
        atelier.effacer()
