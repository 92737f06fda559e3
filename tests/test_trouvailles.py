"""What the fuzzer (test_fuzz.py) and the attack script (bench/attaques.py) found, each kept as an
ordinary test: the bug came back, this test fails."""

from __future__ import annotations

import email
import os
import stat
from email import policy

import pytest

from conftest import ANGLAIS, PNG, write_dossier
from lettres.documents.courriel import Brouillon, build_eml
from lettres.yamlio import dump_yaml
from ouvertures import hors, ouvertures

# what these tests check depends on the day: today is AUJOURD_HUI (conftest.py)
pytestmark = pytest.mark.usefixtures("aujourd_hui")


def test_drafts_read_no_file_of_the_system(tmp_path, data):
    """mimetypes read /etc/mime.types (and the Windows registry) to type the attachments."""
    with ouvertures() as ouverts:
        eml = build_eml(
            Brouillon(
                "Objet", "Corps", pieces_jointes=[("a.png", b"x"), ("b.PDF", b"x"), ("c.heic", b"x"), ("d", b"x")]
            )
        )
    assert hors(ouverts) == []
    types = [p.get_content_type() for p in email.message_from_bytes(eml, policy=policy.default).iter_attachments()]
    assert types == ["image/png", "application/pdf", "image/heic", "application/octet-stream"]


@pytest.mark.parametrize(
    ("remplacer", "par", "attendu"),
    [
        # validate_email(dict) raised TypeError, validate_email(False) too
        ("courriel: aminata.diallo@example.org", "courriel: []", "personne.courriel : « [] » n'est pas une adresse"),
        # int() of more than 4,300 digits: « Exceeds the limit (4300 digits) for integer string conversion »
        ("recommande: true", f"recommande: true\n  delai_prefecture_jours: '{'9' * 5001}'", "est hors des limites"),
        # apply_config read « demande » as a section before the dossier's checks
        ("nature: renouvellement", "", None),
    ],
)
def test_values_of_the_wrong_kind(run, tmp_path, data, remplacer, par, attendu):
    path = write_dossier(tmp_path / "d", data)
    texte = path.read_text(encoding="utf-8")
    if attendu is None:
        debut = texte.index("demande:")
        fin = texte.index("blocage:")
        texte, attendu = texte[:debut] + "demande: carte de séjour\n" + texte[fin:], "demande : une section"
    else:
        texte = texte.replace(remplacer, par, 1)
    path.write_text(texte, encoding="utf-8")
    for commande in ("generer", "verifier"):
        code, _, err = run(commande, str(path))
        assert code == 2 and attendu in err and not ANGLAIS.search(err), err


def test_a_draft_too_large_to_send_is_written_with_a_warning(run, tmp_path, data):
    data["demarches"][0]["pieces"] = ["captures/a.png", "captures/b.png"]
    path = write_dossier(tmp_path / "d", data)
    for nom in ("a.png", "b.png"):  # 9 MB each: under the limit of a pièce, over 20 MB once in one message
        (tmp_path / "d" / "captures" / nom).write_bytes(PNG + os.urandom(9 * 1024 * 1024))
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 0, err
    assert "Attention : Le brouillon 2-courrier-prefecture.eml pèse 25 Mo avec ses pièces jointes" in err
    assert "1-signalement-dgef.eml pèse" in err  # the captures go with the report too
    assert "3-note-orientation.eml" not in err  # the note carries the letter and the bordereau only
    (dossier,) = (tmp_path / "s").iterdir()
    message = email.message_from_bytes((dossier / "2-courrier-prefecture.eml").read_bytes(), policy=policy.default)
    # the two large captures, the copy of the message to the support and the call log
    assert sum(1 for p in message.iter_attachments() if p.get_filename().endswith(".png")) == 4


def test_exported_templates_are_readable_by_their_owner_only(run, tmp_path):
    code, _, err = run("modeles", "exporter", str(tmp_path / "modeles"))
    assert code == 0, err
    chemins = [tmp_path / "modeles", *(tmp_path / "modeles").rglob("*")]
    assert len(chemins) > 5
    for chemin in chemins:
        mode = stat.S_IMODE(chemin.stat().st_mode)
        assert mode == (0o700 if chemin.is_dir() else 0o600), (chemin, oct(mode))


def test_the_pieces_of_a_batch_row_too_large_for_one_message(run, tmp_path):
    """The batch summary counts the warning like the others."""
    from aides import row, write_csv

    captures = tmp_path / "captures"
    captures.mkdir()
    for nom in ("a.png", "b.png"):
        (captures / nom).write_bytes(PNG + os.urandom(9 * 1024 * 1024))
    source = write_csv(tmp_path / "cas.csv", [row("1")])
    demarches = tmp_path / "cas-demarches.csv"
    demarches.write_text(
        'dossier;type;date;pieces\n1;capture_ecran;21/09/2026;"captures/a.png\ncaptures/b.png"\n', encoding="utf-8"
    )
    code, _, err = run("lot", str(source), "--sortie", str(tmp_path / "s"), "--silencieux", "--jobs", "1")
    assert code == 0, err
    assert "Attention : Brouillon de courriel de plus de 20 Mo : 1 dossier (1)." in err


def test_surrogate_pair_escapes_are_refused_with_the_line(run, tmp_path, data):
    """« \\ud83d\\ude00 » (an emoji written as JSON writes it) is two halves of a character for YAML."""
    data["personne"]["nom"] = "DIALLO"
    path = write_dossier(tmp_path / "d", data)
    path.write_text(dump_yaml(data).replace("nom: DIALLO", 'nom: "DIALLO \\ud83d\\ude00"'), encoding="utf-8")
    code, _, err = run("verifier", str(path))
    assert code == 2 and "caractère invalide à la ligne" in err and "écrivez le caractère lui-même" in err, err
