"""Pièces come from the dossier's folder only: a dossier or a spreadsheet received from someone else
cannot make the tool attach /etc/passwd to a mail to the préfecture."""

from __future__ import annotations

import email
import os
from email import policy
from pathlib import Path

import pytest

from aides import batch, report, row, write_csv
from conftest import AUJOURD_HUI, PNG, rendre_illisible, write_dossier
from lettres.config import Configuration
from lettres.dossier import load_dossier
from lettres.dossier.pieces import ReglePieces, check_piece, read_piece
from lettres.erreurs import PieceRefusee
from lettres.yamlio import dump_yaml

# what these tests check depends on the day: today is AUJOURD_HUI (conftest.py)
pytestmark = pytest.mark.usefixtures("aujourd_hui")

SECRET = "contenu secret de la machine"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A private file outside the dossier's folder."""
    path = tmp_path / "ailleurs" / "secret.txt"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4\n" + SECRET.encode())  # a PDF: only its place keeps it out
    return path


def attachments(folder: Path) -> list[bytes]:
    found = []
    for eml in folder.glob("*.eml"):
        message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
        found += [part.get_content() for part in message.iter_attachments()]
    return [f if isinstance(f, bytes) else f.encode() for f in found]


def save(path: Path, data: dict) -> Path:
    """Only the YAML: write_dossier would create the pièces it names, and these name files outside."""
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def hostile(tmp_path, data, chemin: str) -> Path:
    path = write_dossier(tmp_path / "d", data)
    data["demarches"][1]["pieces"] = [chemin]
    return save(path, data)


@pytest.mark.parametrize(
    "chemin",
    [
        "/etc/passwd",
        "../../../../../../../../etc/passwd",
        "/proc/self/environ",
        "SECRET_ABSOLU",
        "../ailleurs/secret.txt",
    ],
)
def test_piece_outside_the_dossier_is_refused_and_nothing_is_written(run, tmp_path, data, secret, chemin):
    chemin = chemin.replace("SECRET_ABSOLU", str(secret))
    path = hostile(tmp_path, data, chemin)
    code, out, err = run("generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 2, out + err
    assert f"La pièce « {chemin} »" in err and "est hors du dossier" in err and "--pieces-hors-dossier" in err
    assert "Traceback" not in err
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").iterdir())


def test_link_to_a_file_outside_is_refused(run, tmp_path, data, secret):
    path = write_dossier(tmp_path / "d", data)
    (tmp_path / "d" / "captures" / "l.png").symlink_to(secret)
    (tmp_path / "d" / "captures" / "dossier-lie").symlink_to(secret.parent, target_is_directory=True)
    for chemin in ("captures/l.png", "captures/dossier-lie/secret.txt"):
        data["demarches"][1]["pieces"] = [chemin]
        save(path, data)
        code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"))
        cible = secret if chemin.endswith("l.png") else secret.parent
        assert code == 2 and f"La pièce « {chemin} » (lien vers « {cible} ») est hors du dossier" in err, err
        assert "passe par un lien" in err and "Traceback" not in err


def test_links_are_never_followed_and_allowed_folders_are_accepted(run, tmp_path, data, secret):
    path = write_dossier(tmp_path / "d", data)
    (tmp_path / "d" / "captures" / "lien.png").symlink_to(tmp_path / "d" / "captures" / "erreur.png")
    data["demarches"][1]["pieces"] = ["captures/lien.png"]
    save(path, data)
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 2 and "(« captures/lien.png ») que lettres ne suit pas" in err, err  # even towards the inside
    data["demarches"][1]["pieces"] = ["captures/erreur.png", str(secret)]
    save(path, data)
    code, _, err = run(
        "generer", str(path), "--sortie", str(tmp_path / "s"), "--pieces-hors-dossier", str(secret.parent)
    )
    assert code == 0, err
    folder = next((tmp_path / "s").iterdir())
    assert any(SECRET.encode() in a for a in attachments(folder))  # the user allowed that folder explicitly
    # the same permission from the configuration
    config = tmp_path / "config.yaml"
    config.write_text(f"pieces:\n  dossiers_autorises: [{secret.parent}]\n", encoding="utf-8")
    code, _, err = run("--config", str(config), "generer", str(path), "--sortie", str(tmp_path / "s2"))
    assert code == 0, err


def test_size_limit_and_special_files(run, tmp_path, data):
    path = write_dossier(tmp_path / "d", data)
    (tmp_path / "d" / "gros.pdf").write_bytes(b"%PDF" + b"0" * (2 * 1024 * 1024))
    config = tmp_path / "config.yaml"
    config.write_text("pieces:\n  taille_max_mo: 1\n", encoding="utf-8")
    data["demarches"][1]["pieces"] = ["gros.pdf"]
    save(path, data)
    code, _, err = run("--config", str(config), "generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 2 and "La pièce « gros.pdf » pèse 2 Mo, plus que la limite de 1 Mo par pièce" in err
    # a folder, a named pipe (reading it would wait forever): refused, at once
    os.mkfifo(tmp_path / "d" / "tube")
    for chemin in ("captures", "tube"):
        data["demarches"][1]["pieces"] = [chemin]
        save(path, data)
        code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"))
        assert code == 2 and f"La pièce « {chemin} » n'est pas un fichier ordinaire" in err
    data["demarches"][1]["pieces"] = ["x" * 300 + ".png"]
    save(path, data)
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 2 and "ne peut pas être lue (nom de fichier trop long)" in err and "Traceback" not in err


def test_bad_configuration_of_pieces(run, tmp_path, data):
    path = write_dossier(tmp_path / "d", data)
    config = tmp_path / "config.yaml"
    for reglage, attendu in (
        ("pieces:\n  taille_max_mo: beaucoup\n", "pieces.taille_max_mo doit être un nombre de mégaoctets"),
        ("pieces:\n  dossiers_autorises: /tmp\n", "pieces.dossiers_autorises doit être une liste"),
        ("pieces:\n  autre: 1\n", "pieces accepte les clés taille_max_mo et dossiers_autorises"),
    ):
        config.write_text(reglage, encoding="utf-8")
        code, _, err = run("--config", str(config), "generer", str(path))
        assert code == 2 and attendu in err, err


def test_unreadable_or_vanishing_piece_is_one_french_sentence(tmp_path, data, monkeypatch):
    path = write_dossier(tmp_path / "d", data)
    real_open = os.open
    rendre_illisible(path.parent / "captures" / "erreur.png", monkeypatch)
    with pytest.raises(PieceRefusee) as refus:
        read_piece("captures/erreur.png", path.parent)
    assert refus.value.message == (
        "La pièce « captures/erreur.png » ne peut pas être lue (permission refusée) : vérifiez ses droits."
    )

    def vanishing(name, flags, *args, **kwargs):
        if str(name).endswith("erreur.png"):
            raise FileNotFoundError(2, "No such file or directory", str(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr("lettres.dossier.pieces.os.open", vanishing)
    with pytest.raises(PieceRefusee, match="Pièce introuvable : « captures/erreur"):
        read_piece("captures/erreur.png", path.parent)


def test_check_piece_gives_the_real_path(tmp_path):
    (tmp_path / "a" / "vide").mkdir(parents=True)
    (tmp_path / "a" / "x.png").write_bytes(PNG)
    assert check_piece("a/../a/x.png", tmp_path).resolve() == (tmp_path / "a" / "x.png").resolve()
    with pytest.raises(PieceRefusee, match="hors du dossier"):
        check_piece("../x.png", tmp_path / "a" / "vide", ReglePieces())


def test_batch_rejects_the_row_and_generates_the_others(run, tmp_path, secret):
    sheet = tmp_path / "tableur"
    (sheet / "captures").mkdir(parents=True)
    source = write_csv(sheet / "cas.csv", [row("A1"), row("A2", nom="KONE"), row("A3", nom="SOW")])
    (sheet / "captures" / "ok.png").write_bytes(PNG)
    (sheet / "captures" / "lien.png").symlink_to(secret)
    (sheet / "cas-demarches.csv").write_text(
        "dossier;type;date;pieces\n"
        "A1;capture_ecran;20/09/2026;/etc/passwd\n"
        "A2;capture_ecran;20/09/2026;captures/lien.png\n"
        "A3;capture_ecran;20/09/2026;captures/ok.png\n",
        encoding="utf-8",
    )
    bilan = batch(tmp_path, source)
    assert bilan.generes == 1 and bilan.code == 1
    lignes = report(tmp_path)
    assert [(r[2], r[3]) for r in lignes[1:]] == [("A1", "pieces"), ("A2", "pieces")]
    assert "La pièce « /etc/passwd » est hors du dossier" in lignes[1][4]
    assert "lien.png" in lignes[2][4] and "passe par un lien" in lignes[2][4]
    sow = next((tmp_path / "sorties").glob("*_SOW_*"))
    assert PNG in attachments(sow)
    for folder in (tmp_path / "sorties").iterdir():
        if folder.is_dir():
            assert all(SECRET.encode() not in a and b"root:" not in a for a in attachments(folder))


def test_etape_refuses_a_piece_outside_and_keeps_the_file(run, tmp_path, data, secret):
    path = write_dossier(tmp_path / "d", data)
    before = path.read_bytes()
    (tmp_path / "d" / "l.png").symlink_to(secret)
    for chemin in ("/etc/passwd", "../ailleurs/secret.txt", "l.png"):
        code, _, err = run("etape", str(path), "--type", "appel_anef", "--date", "01/10/2026", "--piece", chemin)
        assert code == 2 and f"La pièce « {chemin} »" in err and "hors du dossier" in err, err
    assert path.read_bytes() == before
    code, _, err = run(
        "etape", str(path), "--type", "appel_anef", "--date", "01/10/2026", "--piece", str(secret),
        "--pieces-hors-dossier", str(secret.parent),
    )  # fmt: skip
    assert code == 0, err
    assert load_dossier(path).demarches[-1].pieces == [str(secret)]


def test_generate_function_applies_the_rule(tmp_path, data, secret):
    from lettres.documents.generation import generate

    path = write_dossier(tmp_path / "d", data)
    data["demarches"][1]["pieces"] = [str(secret)]
    save(path, data)
    with pytest.raises(PieceRefusee):
        generate(load_dossier(path), path.parent, tmp_path / "s", aujourd_hui=AUJOURD_HUI)
    resultat = generate(
        load_dossier(path),
        path.parent,
        tmp_path / "s",
        aujourd_hui=AUJOURD_HUI,
        regle=Configuration(tmp_path / "c.yaml").pieces.avec(secret.parent),
    )
    assert (resultat.dossier / "pieces").is_dir()


def test_the_bordereau_names_the_provisional_document_the_dossier_records(tmp_path):
    """« API ou récépissé » is a question, not a pièce: the dossier says which one, the bordereau names it."""
    import copy

    from aides import produire, texte_docx
    from conftest import BASE

    data = copy.deepcopy(BASE)
    data["demande"].update(document_provisoire="api", document_provisoire_fin="2026-12-20")
    data["justificatifs"] = {"document_provisoire": ["pieces/api.png"]}
    bordereau = texte_docx(produire(tmp_path / "api", data, ("bordereau",)), "bordereau-pieces.docx")
    assert "Attestation de prolongation de l'instruction valable jusqu'au 20 décembre 2026" in bordereau
    assert "recto verso" not in bordereau
    assert "API ou récépissé" not in bordereau
    data["demande"]["document_provisoire"] = "recepisse"
    bordereau = texte_docx(produire(tmp_path / "recepisse", data, ("bordereau",)), "bordereau-pieces.docx")
    assert "Récépissé de demande de titre de séjour valable jusqu'au 20 décembre 2026" in bordereau
    # not said which: the question stays as asked
    data["demande"].update(document_provisoire="", document_provisoire_fin=None)
    bordereau = texte_docx(produire(tmp_path / "inconnu", data, ("bordereau",)), "bordereau-pieces.docx")
    assert "Document provisoire : API ou récépissé" in bordereau and "recto verso" not in bordereau
