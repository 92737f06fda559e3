"""Every user error ends the same way: exit code 2 and one French sentence that says what is wrong and
what to do — never a traceback, never a message of Python or of a library in English, never a
half-written output folder. One case per way a dossier, a pièce, an output folder, a spreadsheet, a
template, the configuration or an option can be wrong."""

from __future__ import annotations

import errno
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from aides import COLUMNS, broken, email_template, export, row, write_csv
from conftest import ANGLAIS, rendre_illisible, write_dossier
from lettres.yamlio import dump_yaml

# what these tests check depends on the day: today is AUJOURD_HUI (conftest.py)
pytestmark = pytest.mark.usefixtures("aujourd_hui")


def sortie_vide(tmp_path: Path) -> bool:
    sortie = tmp_path / "s"
    return not sortie.exists() or not any(sortie.iterdir())


# --- dossiers ---------------------------------------------------------------------------------------


def yaml_modifie(remplacer: str, par: str) -> Callable:
    """The test dossier written as YAML, one line of it replaced by what a person typed."""

    def preparer(tmp_path: Path, data: dict, monkeypatch) -> Path:
        path = write_dossier(tmp_path / "d", data)
        texte = path.read_text(encoding="utf-8")
        assert remplacer in texte, remplacer
        path.write_text(texte.replace(remplacer, par, 1), encoding="utf-8")
        return path

    return preparer


def octets(contenu: bytes) -> Callable:
    def preparer(tmp_path: Path, data: dict, monkeypatch) -> Path:
        path = write_dossier(tmp_path / "d", data)
        path.write_bytes(contenu)
        return path

    return preparer


DOSSIERS = {
    "date impossible (1990-02-30)": (
        yaml_modifie("date_naissance: '1990-04-12'", "date_naissance: 1990-02-30"),
        "personne.date_naissance : « 1990-02-30 » : le 30 février 1990 n'existe pas",
    ),
    "mois 13 (2026-13-01)": (
        yaml_modifie("depuis: '2026-09-20'", "depuis: 2026-13-01"),
        "blocage.depuis : « 2026-13-01 » : il n'y a pas de mois 13",
    ),
    "année 10000": (
        yaml_modifie("date_naissance: '1990-04-12'", "date_naissance: 10000-01-01"),
        "« 10000-01-01 » : l'année 10000 n'est pas plausible",
    ),
    "année 10000 à la française": (
        yaml_modifie("date_naissance: '1990-04-12'", "date_naissance: 12/04/10000"),
        "l'année 10000 n'est pas plausible",
    ),
    "3 000 niveaux d'imbrication": (
        yaml_modifie("nationalite: guinéenne", "nationalite: " + "[" * 3000 + "]" * 3000),
        "imbrication trop profonde à la ligne",
    ),
    "entier de 5 001 chiffres (numéro étranger)": (
        yaml_modifie("numero_etranger: '7501234567'", "numero_etranger: " + "9" * 5001),
        "personne.numero_etranger : « 99999",
    ),
    "entier de 5 001 chiffres (délai)": (
        yaml_modifie("recommande: true", "recommande: true\n  delai_reponse_jours: " + "9" * 5001),
        "envoi.delai_reponse_jours : « 99999",
    ),
    "courriel: {a: b}": (
        yaml_modifie("courriel: aminata.diallo@example.org", "courriel: {a: b}"),
        "personne.courriel : « {'a': 'b'} » n'est pas une adresse électronique valide",
    ),
    "courriel: non": (
        yaml_modifie("courriel: aminata.diallo@example.org", "courriel: false"),
        "personne.courriel : « False » n'est pas une adresse électronique valide",
    ),
    "surrogat isolé (\\ud800)": (
        yaml_modifie("nom: DIALLO", 'nom: "DIA\\ud800LLO"'),
        "caractère invalide à la ligne 8 (\\ud800 : une moitié de caractère",
    ),
    "bombe d'alias": (
        octets(
            b'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
            + b"".join(
                f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n".encode()
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            )
        ),
        "alias YAML (*a) à la ligne 2 : les alias ne sont pas acceptés",
    ),
    "fichier de 3 Mo": (octets(b"a: " + b"x" * (3 * 1024 * 1024)), "le fichier dépasse 2 Mo"),
    "fichier en Windows-1252": (octets("nom: Désiré\n".encode("cp1252")), "n'est pas encodé en UTF-8"),
    "fichier vide": (octets(b""), "le fichier est vide"),
    "une liste au lieu de clés": (octets(b"- a\n- b\n"), "le fichier doit contenir des clés"),
}


@pytest.mark.parametrize("commande", ["generer", "verifier", "verifier --json"])
@pytest.mark.parametrize("cas", list(DOSSIERS))
def test_dossier_errors(run, tmp_path, data, monkeypatch, cas, commande):
    preparer, attendu = DOSSIERS[cas]
    path = preparer(tmp_path, data, monkeypatch)
    args = [*commande.split(), str(path)]
    if commande == "generer":
        args += ["--sortie", str(tmp_path / "s")]
    code, out, err = run(*args)
    assert code == 2, out + err
    assert attendu in err, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("Erreur : ") and not ANGLAIS.search(err), err
    assert sortie_vide(tmp_path)


# --- pièces, output folder -----------------------------------------------------------------------------


def avec_piece(nom: str, creer: Callable[[Path], None] | None = None) -> Callable:
    def preparer(tmp_path: Path, data: dict, monkeypatch) -> Path:
        path = write_dossier(tmp_path / "d", data)
        data["demarches"][0]["pieces"] = [nom]
        path.write_text(dump_yaml(data), encoding="utf-8")
        if creer:
            creer(tmp_path / "d" / nom)
        return path

    return preparer


def illisible(tmp_path: Path, data: dict, monkeypatch) -> Path:
    """chmod 000: refused by the system for an ordinary user, simulated for root (conftest.rendre_illisible)."""
    path = write_dossier(tmp_path / "d", data)
    rendre_illisible(tmp_path / "d" / "captures" / "erreur.png", monkeypatch)
    return path


def disparait(tmp_path: Path, data: dict, monkeypatch) -> Path:
    """Removed between the check and the reading (deleted by another program, an unplugged drive)."""
    from lettres.dossier import pieces

    path = write_dossier(tmp_path / "d", data)
    open_beneath = pieces.open_beneath

    def remove_then_open(root, relatif, *args, **kwargs):  # the check and the reading are one opening
        (root / relatif).unlink()
        return open_beneath(root, relatif, *args, **kwargs)

    monkeypatch.setattr(pieces, "open_beneath", remove_then_open)
    return path


def systeme_refuse(fonction: str, numero: int, sous: str = "") -> Callable:
    """The system refuses a write: a read-only medium (EROFS) or a full disk (ENOSPC), simulated where
    the call reaches the system, for paths under ``sous`` (the output folder)."""

    def preparer(tmp_path: Path, data: dict, monkeypatch) -> Path:
        path = write_dossier(tmp_path / "d", data)
        original = getattr(os, fonction)
        cible = str(tmp_path / sous)

        def refuse(*args, **kwargs):
            premier = args[0] if args else ""
            if isinstance(premier, int) or str(premier).startswith(cible):
                raise OSError(numero, os.strerror(numero), None if isinstance(premier, int) else str(premier))
            return original(*args, **kwargs)

        monkeypatch.setattr(os, fonction, refuse)
        return path

    return preparer


def sortie_sans_droits(tmp_path: Path, data: dict, monkeypatch) -> Path:
    """An output folder its user may not write in (chmod 500): refused by the system for an ordinary user;
    root writes anyway, so there the system's refusal is simulated where the folder is created."""
    (tmp_path / "s").mkdir()
    (tmp_path / "s").chmod(0o500)
    if os.access(tmp_path / "s", os.W_OK):
        return systeme_refuse("mkdir", errno.EACCES, "s")(tmp_path, data, monkeypatch)
    return write_dossier(tmp_path / "d", data)


def fifo(chemin: Path) -> None:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(chemin)


def dossier_a_la_place(chemin: Path) -> None:
    chemin.mkdir(parents=True)


def enorme(chemin: Path) -> None:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    with open(chemin, "wb") as handle:  # sparse: 200 MB announced, nothing written on the disk
        handle.truncate(200 * 1024 * 1024)


GENERATION = {
    "nom de pièce de 300 caractères": (
        avec_piece("captures/" + "a" * 300 + ".png"),
        "ne peut pas être lue (nom de fichier trop long)",
    ),
    "pièce illisible": (illisible, "La pièce « captures/erreur.png » ne peut pas être lue (permission refusée)"),
    "pièce qui disparaît": (disparait, "Pièce introuvable : « captures/erreur.png »"),
    "pièce : tube nommé": (avec_piece("captures/tube.png", fifo), "n'est pas un fichier ordinaire"),
    "pièce : un répertoire": (avec_piece("captures/rep.png", dossier_a_la_place), "n'est pas un fichier ordinaire"),
    "pièce de 200 Mo": (avec_piece("captures/enorme.png", enorme), "pèse 200 Mo, plus que la limite de 20 Mo"),
    "pièce /etc/passwd": (avec_piece("/etc/passwd"), "est hors du dossier"),
    "dossier de sortie en lecture seule": (
        systeme_refuse("mkdir", errno.EROFS, "s"),
        "Impossible de créer le dossier de sortie",
    ),
    "dossier de sortie sans droit d'écriture": (
        sortie_sans_droits,
        "Impossible de créer le dossier de sortie « {s} » (permission refusée)",
    ),
    "disque plein": (systeme_refuse("fsync", errno.ENOSPC), "(disque plein)"),
}


@pytest.mark.parametrize("cas", list(GENERATION))
def test_generation_errors(run, tmp_path, data, monkeypatch, cas):
    preparer, attendu = GENERATION[cas]
    path = preparer(tmp_path, data, monkeypatch)
    code, out, err = run("generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 2, out + err
    assert attendu.format(s=tmp_path / "s") in err, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("Erreur : ") and not ANGLAIS.search(err), err
    assert sortie_vide(tmp_path), list((tmp_path / "s").iterdir())


def test_read_only_medium_names_the_reason(run, tmp_path, data, monkeypatch):
    path = systeme_refuse("mkdir", errno.EROFS, "s")(tmp_path, data, monkeypatch)
    _, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s" / "courriers"))
    assert "(support en lecture seule) : choisissez un dossier où vous pouvez écrire" in err, err


def test_etape_on_a_full_disk_leaves_the_dossier_as_it_was(run, tmp_path, data, monkeypatch):
    path = systeme_refuse("fsync", errno.ENOSPC)(tmp_path, data, monkeypatch)
    avant = path.read_bytes()
    code, _, err = run("etape", str(path), "--type", "appel_anef", "--date", "02/10/2026")
    assert code == 2 and "(disque plein)" in err and not ANGLAIS.search(err), err
    assert path.read_bytes() == avant
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, "captures", f".{path.name}.verrou"])


# --- spreadsheets ------------------------------------------------------------------------------------


def csv_de(lignes: list[dict], **options) -> Callable[[Path], Path]:
    return lambda tmp_path: write_csv(tmp_path / "cas.csv", lignes, **options)


def csv_brut(contenu: bytes) -> Callable[[Path], Path]:
    def preparer(tmp_path: Path) -> Path:
        path = tmp_path / "cas.csv"
        path.write_bytes(contenu)
        return path

    return preparer


def classeur(modifier: Callable[[Path], None] | None = None, nom: str = "DIALLO") -> Callable[[Path], Path]:
    def preparer(tmp_path: Path) -> Path:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "dossiers"
        sheet.append(COLUMNS)
        for i in range(200):
            sheet.append([row(str(i), nom=nom).get(c, "") for c in COLUMNS])
        path = tmp_path / "cas.xlsx"
        workbook.save(path)
        if modifier:
            modifier(path)
        return path

    return preparer


def tronquer(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def demi_caractere(path: Path) -> None:
    """A cell holding half a character: XML cannot, so the file holds a character reference."""
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"DIALLO", b"DIA&#xD800;LLO", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def bombe(path: Path) -> None:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr("xl/media/image1.bin", b"\0" * (50 * 1024 * 1024))


COLONNES_EN_TETE = ";".join(COLUMNS).encode()
TABLEURS = {
    "cellule de plus d'un million de caractères": (
        csv_de([row("1", **{"blocage.description": "x" * 1_100_000})]),
        [],
        "est illisible vers la ligne 2",
    ),
    "guillemet non fermé": (
        csv_brut(COLONNES_EN_TETE + b'\n1;madame;"DIALLO;' + b"x" * 1_100_000 + b"\n"),
        [],
        "guillemet non fermé",
    ),
    '--separateur ";;"': (csv_de([row("1")]), ["--separateur", ";;"], "Séparateur « ;; » : indiquez un seul caractère"),
    "--encodage rot13": (csv_de([row("1")]), ["--encodage", "rot13"], "Encodage inconnu « rot13 »"),
    "--encodage klingon": (csv_de([row("1")]), ["--encodage", "klingon"], "Encodage inconnu « klingon »"),
    "CSV UTF-8 avec un demi-caractère": (
        csv_brut(COLONNES_EN_TETE + "\n1;madame;DIA\ud800LLO;Aminé\n".encode("utf-8", "surrogatepass")),
        [],
        "est écrit en UTF-8, mais la ligne 2 contient un caractère abîmé",
    ),
    "CSV UTF-8 coupé au milieu d'un caractère": (
        csv_brut(COLONNES_EN_TETE + "\n1;madame;Aminé;DIAKITÉ".encode()[:-1]),
        [],
        "la ligne 2 contient un caractère abîmé",
    ),
    "CSV vide": (csv_brut(b""), [], "est vide : la première ligne doit contenir les noms des colonnes"),
    "colonnes obligatoires absentes": (csv_brut(b"id;nom\n1;x\n"), [], "Colonnes obligatoires absentes"),
    "classeur tronqué": (classeur(tronquer), [], "« cas.xlsx »"),
    "classeur avec un demi-caractère": (classeur(demi_caractere), [], "classeur XLSX abîmé ou tronqué"),
    "classeur bombe de décompression": (classeur(bombe), [], "bombe de décompression"),
    "classeur qui n'en est pas un": (
        lambda tmp_path: (tmp_path / "cas.xlsx").write_bytes(b"pas un classeur") and tmp_path / "cas.xlsx",
        [],
        "n'est pas un classeur XLSX lisible",
    ),
    "format inconnu (.ods)": (
        lambda tmp_path: (tmp_path / "cas.ods").write_bytes(b"x") and tmp_path / "cas.ods",
        [],
        "format non reconnu",
    ),
}


@pytest.mark.parametrize("cas", list(TABLEURS))
def test_spreadsheet_errors(run, tmp_path, cas):
    preparer, options, attendu = TABLEURS[cas]
    source = preparer(tmp_path)
    code, out, err = run("lot", str(source), "--sortie", str(tmp_path / "s"), "--silencieux", *options)
    assert code == 2, out + err
    assert attendu in err, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("Erreur : ") and not ANGLAIS.search(err), err
    assert not any(p.is_dir() for p in (tmp_path / "s").glob("*")) if (tmp_path / "s").exists() else True


def test_full_disk_while_writing_the_report(run, tmp_path, data, monkeypatch):
    source = write_csv(tmp_path / "cas.csv", [row("1")])
    systeme_refuse("fsync", errno.ENOSPC)(tmp_path, data, monkeypatch)
    code, _, err = run("lot", str(source), "--sortie", str(tmp_path / "s"), "--silencieux")
    assert code == 2 and "rapport.csv" in err and "(disque plein)" in err and not ANGLAIS.search(err), err
    assert not (tmp_path / "s" / "rapport.csv").exists()


# --- templates, configuration, options ------------------------------------------------------------------


def modele_word(kind: str) -> Callable[[Path, Path], None]:
    return lambda dossier_modeles, tmp_path: broken(kind, dossier_modeles / "docx" / "2-courrier-prefecture.docx")


def modele_courriel(source: str | bytes) -> Callable[[Path, Path], None]:
    def modifier(dossier_modeles: Path, tmp_path: Path) -> None:
        if isinstance(source, bytes):
            (dossier_modeles / "email" / "1-signalement-dgef.corps.txt").write_bytes(source)
        else:
            email_template(dossier_modeles, source)

    return modifier


MODELES = {
    "modèle Word qui n'est pas un zip": (modele_word("pas un zip"), "ce n'est pas un document Word (.docx)"),
    "modèle Word vide": (modele_word("vide"), "le fichier est vide"),
    "modèle Word au XML abîmé": (
        modele_word("XML abîmé"),
        "2-courrier-prefecture.docx » n'est pas un document Word lisible",
    ),
    "modèle Word bombe": (modele_word("bombe"), "bombe de décompression"),
    "modèle de courriel en latin-1": (modele_courriel("Désiré".encode("latin-1")), "n'est pas encodé en UTF-8"),
    "range(10**9)": (modele_courriel("{{ range(10**9)|list }}"), "le nombre 1000000000 est trop grand"),
    "macro récursive": (
        modele_courriel("{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}"),
        "récursion trop profonde",
    ),
    "division par zéro": (modele_courriel("{{ 1 / 0 }}"), "division par zéro"),
    "texte plus nombre": (modele_courriel("{{ 'a' + 1 }}"), "opération impossible entre ces valeurs"),
    "variable inconnue": (modele_courriel("{{ inconnue }}"), "variable inconnue « inconnue »"),
    "attribut inconnu": (modele_courriel("{{ personne.inconnu }}"), "variable inconnue « inconnu »"),
    "accolade non fermée": (modele_courriel("{{ personne.nom }"), "erreur de syntaxe ligne 1 (« } » inattendu)"),
    "bloc jamais fermé": (
        modele_courriel("{% for x in [1] %}"),
        "bloc « for » jamais fermé (il manque {% endfor %})",
    ),
    "balise inconnue": (modele_courriel("{% truc %}"), "balise inconnue ou mal placée « truc »"),
    "filtre inconnu": (modele_courriel("{{ 1|inconnu }}"), "filtre inconnu « inconnu »"),
    "modèle inclus introuvable": (modele_courriel("{% include 'ailleurs.txt' %}"), "« ailleurs.txt » est introuvable"),
}


@pytest.mark.parametrize("cas", list(MODELES))
def test_template_errors(run, tmp_path, data, cas):
    modifier, attendu = MODELES[cas]
    dossier_modeles = export(run, tmp_path)
    modifier(dossier_modeles, tmp_path)
    path = write_dossier(tmp_path / "d", data)
    code, out, err = run("generer", str(path), "--modeles", str(dossier_modeles), "--sortie", str(tmp_path / "s"))
    assert code == 2, out + err
    assert attendu in err, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("Erreur : Le modèle « "), err
    assert not ANGLAIS.search(err), err
    assert sortie_vide(tmp_path)


def configuration(contenu: str) -> Callable[[Path], Path]:
    def preparer(tmp_path: Path) -> Path:
        path = tmp_path / "config.yaml"
        path.write_text(contenu, encoding="utf-8")
        return path

    return preparer


AUTRES = {
    "configuration au YAML invalide": (
        ["--config", "{c}"],
        configuration("structure: [\n"),
        "n'est pas un YAML valide",
    ),
    "configuration : structure en liste": (
        ["--config", "{c}"],
        configuration("structure: [a, b]\n"),
        "structure accepte les clés nom, adresse et logo",
    ),
    "configuration : taille des pièces infinie": (
        ["--config", "{c}"],
        configuration("pieces:\n  taille_max_mo: .inf\n"),
        "taille_max_mo doit être un nombre de mégaoctets",
    ),
    "configuration introuvable": (["--config", "{d}/absente.yaml"], None, "est introuvable"),
    "--date 31/02/2026": ([], None, "le 31 février 2026 n'existe pas"),
    "--lettres inconnue": ([], None, "Lettre inconnue : inconnue"),
}


@pytest.mark.parametrize("cas", list(AUTRES))
def test_configuration_and_option_errors(run, tmp_path, data, cas):
    avant, preparer, attendu = AUTRES[cas]
    config = preparer(tmp_path) if preparer else tmp_path / "aucune.yaml"
    path = write_dossier(tmp_path / "d", data)
    args = [a.format(c=config, d=tmp_path) for a in avant] + ["generer", str(path), "--sortie", str(tmp_path / "s")]
    if cas == "--date 31/02/2026":
        args += ["--date", "31/02/2026"]
    if cas == "--lettres inconnue":
        args += ["--lettres", "inconnue"]
    code, out, err = run(*args)
    assert code == 2, out + err
    assert attendu in err, err
    assert len(err.strip().splitlines()) == 1 and not ANGLAIS.search(err), err
    assert sortie_vide(tmp_path)


# --- what is repaired or accepted instead of refused --------------------------------------------------------


def test_control_character_in_the_structure_name_is_removed(run, tmp_path, data):
    from docx_texte import docx_text

    config = configuration('structure:\n  nom: "Asso\\x01ciation\\x0b Exemple"\n')(tmp_path)
    data["signataire"] = "accompagnant"
    path = write_dossier(tmp_path / "d", data)
    code, _, err = run("--config", str(config), "generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 0, err
    lettre = next((tmp_path / "s").glob("*/2-courrier-prefecture.docx")).read_bytes()
    assert "Association Exemple" in docx_text(lettre, "header")


def test_a_cell_longer_than_the_csv_module_allows_is_read(run, tmp_path):
    source = write_csv(tmp_path / "cas.csv", [row("1", **{"blocage.description": "x" * 131_073})])
    code, out, err = run("lot", str(source), "--sortie", str(tmp_path / "s"), "--silencieux")
    assert code == 0 and "1 dossier généré" in out, err


def test_english_messages_of_the_system_are_translated():
    """The reasons the system gives (in English) have a French wording for the errors a user meets."""
    from lettres.erreurs import RAISONS, raison_systeme

    for numero in (errno.EACCES, errno.ENOSPC, errno.EROFS, errno.ENOENT, errno.ENAMETOOLONG, errno.EIO):
        assert numero in RAISONS and not ANGLAIS.search(raison_systeme(OSError(numero, os.strerror(numero))))
    assert raison_systeme(OSError(errno.EXDEV, "Invalid cross-device link")) == f"erreur système n° {errno.EXDEV}"
