"""The leftovers of issue 20 in a real pseudo-terminal (pexpect + pyte, as tests/test_terminal.py): the date
examples of the interview, the configuration's draft, Échap in the démarche screens."""

from __future__ import annotations

from pathlib import Path

import pytest

from aides import Terminal, repondre_naissance_a_titre

pytest.importorskip("pexpect")  # POSIX only
pytest.importorskip("pyte")

ESC, CTRL_C, CTRL_U = "\x1b", "\x03", "\x15"


def _config(tmp_path: Path, nom: str = "MARTIN") -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(
        f"prefecture: '06'\naccompagnant:\n  nom: {nom}\n  prenom: Paul\n  structure: Association Exemple\n",
        encoding="utf-8",
    )
    return path


def plat(texte: str) -> str:
    return " ".join(texte.split())


# --- 5. a date refused: the example fits the question -----------------------------------------------------------


def test_the_interview_s_date_errors_give_the_example_of_each_question(tmp_path):
    t = Terminal(["nouveau", "keita.yaml"], tmp_path, _config(tmp_path))
    t.answer("? Civilité", "mons\r")
    t.answer("? Nom de famille", "KEITA\r")
    t.answer("? Prénoms", "Moussa\r")
    t.answer("? Date de naissance", "hier\r")
    # a birth date: an example decades before today (the tests' today: 27 November 2026)
    assert "écrivez la date comme 03/06/1986 ou 3 juin 1986" in plat(t.wait("n'est pas une date"))
    t.send(CTRL_U + "03/06/1985\r")
    repondre_naissance_a_titre(t)
    t.answer("? Préfecture", "\r")
    t.answer("? Numéro étranger", "7501234567\r")
    t.answer("? Numéro de la demande ANEF", "\r")
    t.answer("? Date de dépôt", "hier\r")
    # a filing date: last month, never the birth date's 1985
    ecran = plat(t.wait("« hier » n'est pas une date"))
    assert "écrivez la date comme 03/10/2026 ou 3 octobre 2026" in ecran
    assert "1985" not in ecran.split("? Date de dépôt")[-1]
    t.send(CTRL_U + "10/09/2026\r")
    t.answer("? Date d'expiration du titre actuel", "3 marz 2027\r")
    # an expiry: in the coming months
    assert "écrivez la date comme 15/02/2027 ou 15 février 2027" in plat(t.wait("mois « marz » inconnu"))
    t.send(CTRL_C)
    assert t.end() == 130, t.transcript


def test_a_command_s_date_option_gives_a_recent_example(tmp_path, run, data):
    from conftest import write_dossier

    path = write_dossier(tmp_path / "d", data)
    code, _, err = run("etape", str(path), "--type", "capture_ecran", "--date", "hier")
    assert code == 2
    assert "« hier » (--date) n'est pas une date : écrivez la date comme 03/10/2026 ou 3 octobre 2026." in err
    assert "1985" not in err


# --- 6. lettres config: « non » to resuming the draft asks before erasing it ----------------------------------


def _brouillon(tmp_path: Path) -> Path:
    brouillon = tmp_path / "config.brouillon.yaml"
    brouillon.write_text(
        "prefecture: '06'\naccompagnant:\n  nom: BROUILLON\n  prenom: Paul\n  structure: Association Exemple\n",
        encoding="utf-8",
    )
    return brouillon


def test_config_no_to_resuming_then_enter_keeps_the_draft(tmp_path):
    config, brouillon = _config(tmp_path), _brouillon(tmp_path)
    t = Terminal(["config"], tmp_path, config)
    t.answer("enregistrées la dernière fois", "n\r")
    ecran = plat(t.wait("Sans reprise", "Entrée : non"))
    assert (
        "Sans reprise, ces modifications seront remplacées par les nouvelles : effacer config.brouillon.yaml et "
        "repartir de la configuration enregistrée ?" in ecran
    )
    t.send("\r")  # Entrée: keep it
    t.wait("Que voulez-vous modifier ?")
    assert brouillon.is_file()
    t.send(CTRL_C)
    assert t.end() == 130, t.transcript
    assert "vos modifications sont gardées dans" in plat(t.transcript)
    assert "BROUILLON" in brouillon.read_text(encoding="utf-8")  # kept, and still what it was
    assert "MARTIN" in config.read_text(encoding="utf-8")


def test_config_no_then_yes_erases_the_draft_and_says_so(tmp_path):
    config, brouillon = _config(tmp_path), _brouillon(tmp_path)
    t = Terminal(["config"], tmp_path, config)
    t.answer("enregistrées la dernière fois", "n\r")
    t.answer("Sans reprise", "o\r")
    t.wait("Brouillon config.brouillon.yaml effacé.", "Que voulez-vous modifier ?")
    assert not brouillon.exists()
    t.send(CTRL_C)
    assert t.end() == 130, t.transcript
    assert "la configuration n'est pas modifiée" in plat(t.transcript)
    assert not brouillon.exists() and "MARTIN" in config.read_text(encoding="utf-8")


# --- 7. Échap in the démarche screens: one question back, nothing typed lost, never a traceback ---------------


def _dossier(tmp_path: Path, *fichiers: str) -> Path:
    """The demo dossier beside image files, ready for « lettres etape »."""
    from aides import copie_demo
    from conftest import PNG

    path = copie_demo(tmp_path, None)
    for nom in fichiers:
        (path.parent / nom).write_bytes(PNG)
    return path


def _derniere(path: Path) -> dict:
    from lettres.yamlio import parse_yaml

    return parse_yaml(path.read_text(encoding="utf-8"))["demarches"][-1]


def _capture_du_20(tmp_path):
    """``lettres etape`` on a dossier with « ecran-20-11.png » beside it: a capture d'écran of 20/11/2026, up to
    its detail."""
    path = _dossier(tmp_path, "ecran-20-11.png")
    t = Terminal(["etape", path.name], path.parent, _config(tmp_path))
    t.answer("? Type de démarche", "capt")
    t.wait("Capture d'écran ANEF")
    t.send("\r")
    t.answer("? Date", "20/11/2026\r")
    return path, t


def test_escape_walks_back_through_a_new_demarche_and_keeps_every_answer_and_tick(tmp_path):
    path, t = _capture_du_20(tmp_path)
    t.answer("? Détail", "Essai du matin\r")
    t.wait("? Pièces de cette démarche", "ecran-20-11.png")
    t.send(" ")  # ticked, not validated
    t.wait("[x] ecran-20-11.png")
    t.send(ESC)  # back to the detail, as typed
    t.wait("? Détail\n", "> Essai du matin")
    t.send(ESC)  # back to the date, as typed
    t.wait("? Date\n", "> 20/11/2026")
    t.send(ESC)  # back to the type, still highlighted
    t.wait("? Type de démarche\n", "> Capture d'écran ANEF")
    t.send(ESC)  # nothing before the first question: said, and the question stays
    t.wait("C'est la première question : il n'y a rien avant.")
    t.send("\r")  # Entrée keeps each answer
    t.wait("? Date\n", "> 20/11/2026")
    t.send("\r")
    t.wait("? Détail\n", "> Essai du matin")
    t.send("\r")
    t.wait("? Pièces de cette démarche", "[x] ecran-20-11.png")  # the tick made before Échap
    t.send("\r")
    assert t.end() == 0, t.transcript
    assert "Traceback" not in t.transcript
    demarche = _derniere(path)
    assert demarche["type"] == "capture_ecran" and str(demarche["date"]) == "2026-11-20"
    assert demarche["detail"] == "Essai du matin" and demarche["pieces"] == ["ecran-20-11.png"]
    assert not (path.parent / "dossier.etape.brouillon.yaml").exists()


def test_escape_in_the_file_from_elsewhere_comes_back_to_the_ticked_boxes(tmp_path):
    path, t = _capture_du_20(tmp_path)
    t.answer("? Détail", "\r")
    t.wait("? Pièces de cette démarche", "ecran-20-11.png")
    t.send(" ")  # the file next to the dossier, ticked
    t.wait("[x] ecran-20-11.png")
    t.send("ailleurs\r")  # and « Un fichier ailleurs », found by a word
    t.answer("? Fichier à joindre", "/nulle/part")
    t.send(ESC)  # back one question: the boxes, as they were ticked
    t.wait("? Pièces de cette démarche", "[x] ecran-20-11.png")
    ecran = t.wait("[ ] Un fichier ailleurs")
    assert "? Détail\n" not in ecran
    t.send("\r")
    assert t.end() == 0, t.transcript
    assert "Traceback" not in t.transcript
    assert _derniere(path)["pieces"] == ["ecran-20-11.png"]


def test_escape_in_a_letter_s_screens_keeps_what_it_requested_and_its_number(tmp_path):
    """A letter to the préfecture: what it requested (boxes), its pièces, its registered-mail number."""
    path = _dossier(tmp_path, "courrier-20-11.png")
    t = Terminal(["etape", path.name], path.parent, _config(tmp_path))
    t.answer("? Type de démarche", "recommand")
    t.wait("Courrier à la préfecture")
    t.send("\r")
    t.answer("? Date", "20/11/2026\r")
    t.answer("? Détail", "Courrier recommandé\r")
    t.answer("? Résultat", "sans réponse\r")
    t.wait("Ce que ce courrier demandait", "○ Un rendez-vous")
    t.send(" ")  # « Un rendez-vous », ticked, not validated
    t.wait("● Un rendez-vous")
    t.send(ESC)
    t.wait("? Résultat\n", "> sans réponse")
    t.send("\r")
    t.wait("Ce que ce courrier demandait", "● Un rendez-vous")  # the tick kept
    t.send("\r")
    t.wait("? Pièces de cette démarche", "courrier-20-11.png")
    t.send(" \r")
    t.answer("? Numéro du recommandé", "1A 234 567 8901 2")
    t.send(ESC)  # typed, not validated: kept for the way back
    t.wait("? Pièces de cette démarche", "[x] courrier-20-11.png")
    t.send("\r")
    t.wait("? Numéro du recommandé", "> 1A 234 567 8901 2")
    t.send("\r")
    t.answer("? Date de l'avis de réception", "\r")
    assert t.end() == 0, t.transcript
    assert "Traceback" not in t.transcript
    demarche = _derniere(path)
    assert demarche["objet"] == ["rendez_vous"] and demarche["pieces"] == ["courrier-20-11.png"]
    from lettres.yamlio import parse_yaml

    envoi = parse_yaml(path.read_text(encoding="utf-8"))["envoi"]
    assert " ".join(str(envoi["numero_recommande"]).split()) == "1A 234 567 8901 2"
