"""``lettres etape``: one démarche added in place, comments and key order kept, bad input refused."""

from __future__ import annotations

from datetime import date

import pytest

from aides import DOSSIER
from conftest import PNG
from lettres.dossier import load_dossier
from lettres.dossier.demarches import add_from_options
from lettres.erreurs import LettresError


def test_etape_by_options_keeps_comments_and_order(run, tmp_path):
    path = tmp_path / "diallo.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    (tmp_path / "captures").mkdir()
    (tmp_path / "captures" / "appel.png").write_bytes(PNG)
    code, out, err = run(
        "etape",
        str(path),
        "--type",
        "appel_anef",
        "--date",
        "01/10/2026",
        "--heure",
        "9h30",
        "--detail",
        "Appel au 0 806 001 620",
        "--resultat",
        "ticket n° 1234",
        "--piece",
        "captures/appel.png",
    )
    assert code == 0, err
    assert "Démarche ajoutée" in out and "« Appel à l'assistance ANEF » du 01/10/2026" in out
    assert "Elle prouve l'étape 3 de la fiche (Appel à l'assistance ANEF)." in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith(DOSSIER)  # everything before is untouched, comments and quotes included
    assert text[len(DOSSIER) :] == (
        "  - type: appel_anef\n"
        "    date: 2026-10-01\n"
        "    heure: 09:30\n"
        "    detail: Appel au 0 806 001 620\n"
        "    resultat: ticket n° 1234\n"
        "    pieces: [captures/appel.png]\n"
    )
    dossier = load_dossier(path)
    assert dossier.personne.numero_etranger == "0123456789"
    assert [d.type for d in dossier.demarches] == ["capture_ecran", "appel_anef"]
    assert path.stat().st_mode & 0o777 == 0o600


def test_etape_creates_the_list(run, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER.split("demarches:")[0], encoding="utf-8")
    code, _, err = run("etape", str(path), "--type", "Capture d'écran ANEF", "--date", "2026-10-06")
    assert code == 0, err
    assert load_dossier(path).demarches[0].type == "capture_ecran"


def test_unknown_type_lists_accepted_types(run, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    code, _, err = run("etape", str(path), "--type", "telephone", "--date", "01/10/2026")
    assert code == 2
    assert (
        "Type de démarche inconnu « telephone » ; types acceptés : capture_ecran (Capture d'écran ANEF), formulaire_contact"
        in err
    )
    assert path.read_text(encoding="utf-8") == DOSSIER


def test_bad_date_bad_time_missing_piece(run, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    code, _, err = run("etape", str(path), "--type", "appel_anef", "--date", "31/09/2026")
    assert (
        code == 2
        and "« 31/09/2026 » (--date) : le 31 septembre 2026 n'existe pas (septembre 2026 compte 30 jours)" in err
    )
    code, _, err = run("etape", str(path), "--type", "appel_anef", "--date", "01/10/2026", "--heure", "midi")
    assert code == 2 and "« midi » n'est pas une heure valide" in err
    code, _, err = run("etape", str(path), "--type", "appel_anef", "--date", "01/10/2026", "--piece", "absente.png")
    assert code == 2 and "Pièce introuvable : « absente.png »" in err
    code, _, err = run("etape", str(path), "--type", "appel_anef")
    assert code == 2 and "Indiquez au moins --type et --date" in err
    assert path.read_text(encoding="utf-8") == DOSSIER


def test_invalid_dossier_is_not_modified(run, tmp_path):
    path = tmp_path / "d.yaml"
    broken = DOSSIER.replace("date_naissance: 12/04/1990", "date_naissance: 31/02/1990")
    path.write_text(broken, encoding="utf-8")
    code, _, err = run("etape", str(path), "--type", "appel_anef", "--date", "01/10/2026")
    assert (
        code == 2
        and "personne.date_naissance : « 31/02/1990 » : le 31 février 1990 n'existe pas (février 1990 compte 28 jours)"
        in err
    )
    assert path.read_text(encoding="utf-8") == broken


def test_sending_letter_two_in_one_command(run, tmp_path):
    """The LRAR number and the sending date land in « envoi », where the deadline tracking reads them."""
    path = tmp_path / "diallo.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    code, out, err = run(
        "etape", str(path), "--type", "courrier_prefecture", "--date", "02/11/2026", "--recommande", "1A 234 567 8901 2"
    )
    assert code == 0, err
    assert "Faite, sans pièce : elle ne prouvera l'étape 5 de la fiche (Courrier à la préfecture) qu'avec" in out
    assert "Elle prouve" not in out
    # no avis de réception yet: the delay runs from the receipt, it is not counted from the sending
    assert "court de la réception du courrier : enregistrez la date de l'avis de réception" in " ".join(out.split())
    assert "17 novembre 2026" not in out
    dossier = load_dossier(path)
    assert dossier.demarches[-1].type == "courrier_prefecture"
    assert (dossier.envoi.envoye_le.isoformat(), dossier.envoi.numero_recommande, dossier.envoi.recommande) == (
        "2026-11-02",
        "1A 234 567 8901 2",
        True,
    )
    assert path.read_text(encoding="utf-8").startswith(DOSSIER)
    # the AR card comes back: one command, and the délai now runs from it
    code, out, err = run("etape", str(path), "--accuse-reception", "05/11/2026")
    assert code == 0, err
    assert "Avis de réception du courrier à la préfecture enregistré" in out
    assert "Si la préfecture n'a pas répondu au 20 novembre 2026 (15 jours après l'avis de réception)" in out
    assert load_dossier(path).envoi.accuse_reception_le.isoformat() == "2026-11-05"
    assert len(load_dossier(path).demarches) == 2  # no démarche for the AR itself


def test_the_hint_for_the_receipt_names_the_dossier_file(run, tmp_path):
    """Issue 21: the hint said « lettres etape DOSSIER.yaml --accuse-reception »; it names the file, quoted."""
    path = tmp_path / "Fatou Camara.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    code, out, err = run(
        "etape", str(path), "--type", "courrier_prefecture", "--date", "02/11/2026", "--recommande", "1A 234 567 8901 2"
    )
    assert code == 0, err
    flat = " ".join(out.split())
    assert "DOSSIER.yaml" not in flat
    assert f'(lettres etape "{path}" --accuse-reception JJ/MM/AAAA)' in flat


def test_recorded_delivery_only_for_the_prefecture_letter(run, tmp_path):
    path = tmp_path / "diallo.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    code, _, err = run("etape", str(path), "--type", "appel_anef", "--date", "02/11/2026", "--recommande", "1A")
    assert code == 2 and "--delai-prefecture s'emploient avec --type courrier_prefecture" in err
    assert path.read_text(encoding="utf-8") == DOSSIER


def test_the_same_etape_twice_is_not_added_twice(run, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    options = ["etape", str(path), "--type", "appel_anef", "--date", "01/11/2026", "--detail", "Appel"]
    assert run(*options)[0] == 0
    before = path.read_text(encoding="utf-8")
    code, _, err = run(*options)  # the same command again, by mistake
    assert code == 2 and "est déjà dans le dossier, à l'identique : elle n'est pas ajoutée une deuxième fois" in err
    assert path.read_text(encoding="utf-8") == before
    # another call the same day is possible, with a warning
    code, _, err = run(*options[:-1], "Deuxième appel")
    assert code == 0 and "était déjà enregistrée : vérifiez que ce n'est pas la même" in err
    assert len(load_dossier(path).demarches) == 3


def test_interactive_etape_asks_before_logging_the_same_day_twice(tmp_path):
    from aides import keyboard
    from lettres.prompts.asker import TerminalAsker
    from lettres.prompts.etape import etape_draft, run_etape

    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    # a screenshot on the 20/09/2026, already logged: the question has no default; « n » adds nothing
    with keyboard(["capture\r", "20/09/2026\r", "Erreur\r", "\r", "\r" + "n\r"]):
        assert run_etape(path, TerminalAsker()) is None
    assert path.read_text(encoding="utf-8") == DOSSIER and not etape_draft(path).exists()
    with keyboard(["capture\r", "20/09/2026\r", "Autre erreur\r", "\r", "o\r"]):
        ajout = run_etape(path, TerminalAsker())
    assert ajout is not None and [d.detail for d in ajout.dossier.demarches] == ["", "Autre erreur"]


def test_delay_announced_by_the_prefecture(run, tmp_path):
    """The préfecture answers « within 30 days »: one option, and the référé date moves with it."""
    path = tmp_path / "diallo.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    code, _, err = run(
        "etape", str(path), "--type", "courrier_prefecture", "--date", "02/11/2026", "--accuse-reception", "05/11/2026"
    )
    assert code == 0, err
    code, out, err = run("etape", str(path), "--delai-prefecture", "30")
    assert code == 0, err
    assert "Délai annoncé par la préfecture enregistré dans" in out and "30 jours" in out
    assert "Si la préfecture n'a pas répondu au 5 décembre 2026 (30 jours après l'avis de réception)" in out
    dossier = load_dossier(path)
    assert dossier.envoi.delai_prefecture_jours == 30 and len(dossier.demarches) == 2  # no démarche for it
    code, _, err = run("etape", str(path), "--delai-prefecture", "0")
    assert code == 2 and "--delai-prefecture" in err


def test_add_from_options_records_letter_two_and_refuses_its_options_elsewhere(tmp_path):
    path = tmp_path / "diallo.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    ajout = add_from_options(
        path, "courrier_prefecture", date(2026, 10, 2), recommande=" 1A23 4567 ", delai_prefecture=30
    )
    assert ajout.doublon is None
    assert ajout.envoi == {
        "envoye_le": date(2026, 10, 2),
        "recommande": True,
        "numero_recommande": "1A23 4567",
        "delai_prefecture_jours": 30,
    }
    assert (
        ajout.dossier.envoi.numero_recommande == "1A23 4567"
        and ajout.dossier.demarches[-1].type == "courrier_prefecture"
    )
    avant = path.read_text(encoding="utf-8")
    with pytest.raises(LettresError, match="s'emploient avec --type courrier_prefecture"):
        add_from_options(path, "appel_anef", date(2026, 10, 3), accuse_reception=date(2026, 10, 5))
    with pytest.raises(LettresError, match="Indiquez au moins --type et --date"):
        add_from_options(path, "appel_anef", None)
    with pytest.raises(LettresError, match="déjà dans le dossier, à l'identique"):
        add_from_options(path, "courrier_prefecture", date(2026, 10, 2), recommande="1A23 4567")
    assert path.read_text(encoding="utf-8") == avant  # nothing refused reaches the file


def test_interactive_etape_asks_before_replacing_the_registered_mail_number(tmp_path):
    from aides import keyboard
    from conftest import BASE, write_dossier
    from lettres.prompts.asker import TerminalAsker
    from lettres.prompts.etape import run_etape

    data = {**BASE, "demarches": [*BASE["demarches"], {"type": "courrier_prefecture", "date": "2026-11-20"}]}
    path = write_dossier(tmp_path, data)  # its envoi section has the number 1A 234 567 8901 2
    # the letter of the 20/11 with a new number: completed (Entrée), the number kept (Entrée: non)
    lettre = ["courrier à la préf\r", "20/11/2026\r", "\r", "\r", "\r", "\r", "1B45\r", "\r", "\r"]
    with keyboard([*lettre, "\r"]):
        ajout = run_etape(path, TerminalAsker())
    assert ajout is not None and load_dossier(path).envoi.numero_recommande == "1A 234 567 8901 2"
    with keyboard([*lettre, "o\r"]):
        run_etape(path, TerminalAsker())
    saved = load_dossier(path)
    assert (
        saved.envoi.numero_recommande == "1B45" and [d.type for d in saved.demarches].count("courrier_prefecture") == 1
    )
