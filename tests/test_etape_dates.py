"""``lettres etape`` by options: what already happened cannot be dated after today, and the file stays French."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from aides import DOSSIER
from conftest import AUJOURD_HUI
from lettres.dossier import load_dossier
from lettres.dossier.demarches import refuse_future_dates
from lettres.erreurs import LettresError

# what these tests check depends on the day: today is AUJOURD_HUI (conftest.py)
pytestmark = pytest.mark.usefixtures("aujourd_hui")

ENVOI = "envoi:\n  recommande: oui    # lettre 2 en recommandé\n  bordereau_pieces_demande: non\n"


def _dans(jours: int) -> str:
    return (AUJOURD_HUI + timedelta(days=jours)).strftime("%d/%m/%Y")


def test_an_avis_de_reception_in_the_future_is_refused(run, tmp_path):
    path = tmp_path / "diallo.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    demain = _dans(3)
    code, out, err = run("etape", str(path), "--accuse-reception", demain)
    assert code == 2 and out == ""
    assert err == (
        f"Erreur : L'avis de réception ne peut pas être daté du {demain} (--accuse-reception), qui est dans le "
        "futur : enregistrez-le une fois revenu, à la date qu'il porte.\n"
    )
    code, _, err = run(
        "etape", str(path), "--type", "courrier_prefecture", "--date", "02/11/2026", "--accuse-reception", demain
    )
    assert code == 2 and "ne peut pas être daté du" in err
    assert path.read_text(encoding="utf-8") == DOSSIER  # nothing recorded, no deadline computed from it


def test_a_demarche_or_a_sending_in_the_future_is_refused(run, tmp_path):
    path = tmp_path / "diallo.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    plus_tard = _dans(10)
    for type_ in ("courrier_prefecture", "appel_anef"):
        code, out, err = run("etape", str(path), "--type", type_, "--date", plus_tard, "--recommande", "1A 2")
        assert code == 2 and out == ""
        assert err == (
            f"Erreur : La date du {plus_tard} (--date) est dans le futur : une démarche ou un envoi s'enregistre "
            "une fois fait ; vérifiez le jour, le mois et l'année.\n"
        )
    assert path.read_text(encoding="utf-8") == DOSSIER
    # today is not the future: an AR received this morning is recorded
    code, out, err = run("etape", str(path), "--type", "courrier_prefecture", "--date", _dans(-2))
    assert code == 0, err
    code, out, err = run("etape", str(path), "--accuse-reception", _dans(0))
    assert code == 0, err
    assert load_dossier(path).envoi.accuse_reception_le == AUJOURD_HUI
    assert "Si la préfecture n'a pas répondu au " in out and "pas répondu le " not in out


def test_refuse_future_dates_lets_past_and_absent_dates_through():
    aujourd_hui = date(2026, 11, 27)
    refuse_future_dates(None, None, aujourd_hui)
    refuse_future_dates(aujourd_hui, aujourd_hui, aujourd_hui)
    with pytest.raises(LettresError, match="30/11/2026 \\(--accuse-reception\\)"):
        refuse_future_dates(aujourd_hui, date(2026, 11, 30), aujourd_hui)
    with pytest.raises(LettresError, match="28/11/2026 \\(--date\\)"):
        refuse_future_dates(date(2026, 11, 28), None, aujourd_hui)


def test_sending_letter_two_writes_oui_not_true(run, tmp_path):
    path = tmp_path / "diallo.yaml"
    path.write_text(DOSSIER + ENVOI, encoding="utf-8")
    code, _, err = run(
        "etape", str(path), "--type", "courrier_prefecture", "--date", "02/11/2026", "--recommande", "1A 999 888 7776 5"
    )
    assert code == 0, err
    texte = path.read_text(encoding="utf-8")
    assert "recommande: oui    # lettre 2 en recommandé\n" in texte and "bordereau_pieces_demande: non\n" in texte
    assert "true" not in texte and "false" not in texte
    assert texte.startswith(DOSSIER)  # the rest of the file as the user wrote it
    assert "  numero_recommande: 1A 999 888 7776 5\n" in texte and "  envoye_le: 2026-11-02\n" in texte
    # a file without the key gets it in French too
    autre = tmp_path / "autre.yaml"
    autre.write_text(DOSSIER, encoding="utf-8")
    code, _, err = run(
        "etape", str(autre), "--type", "courrier_prefecture", "--date", "02/11/2026", "--recommande", "1A"
    )
    assert code == 0, err
    assert "  recommande: oui\n" in autre.read_text(encoding="utf-8") and "true" not in autre.read_text(
        encoding="utf-8"
    )
    assert load_dossier(autre).envoi.recommande is True


def test_new_and_edited_dossiers_write_oui_and_non(tmp_path, data):
    from lettres.dossier import save_dossier, validate_dossier
    from lettres.dossier.edition import update_dossier_file

    path = tmp_path / "nouveau.yaml"
    dossier = validate_dossier(data)
    save_dossier(dossier, path)
    texte = path.read_text(encoding="utf-8")
    assert "transmission_tiers: oui\n" in texte and "true" not in texte
    after = dossier.model_copy(
        update={"consentement": dossier.consentement.model_copy(update={"transmission_tiers": False})}
    )
    update_dossier_file(path, dossier, after, None)
    texte = path.read_text(encoding="utf-8")
    assert "transmission_tiers: non\n" in texte and "false" not in texte
    assert load_dossier(path).consentement.transmission_tiers is False


def test_an_avis_de_reception_without_a_year_is_the_last_such_day_and_said(run, tmp_path):
    """Issue 21: « 05/11 » is accepted by the options; no question can confirm it, so the output says how it
    was understood (the last 5 November up to today: a receipt already received)."""
    path = tmp_path / "diallo.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    code, _, err = run("etape", str(path), "--accuse-reception", "05/11")
    assert code == 0, err
    assert "Sans année : « 05/11 » (--accuse-reception) compris comme le 05/11/2026." in err
    assert load_dossier(path).envoi.accuse_reception_le == date(2026, 11, 5)
    autre = tmp_path / "autre.yaml"
    autre.write_text(DOSSIER, encoding="utf-8")
    run("etape", str(autre), "--accuse-reception", "20/12")  # after today (27 November): last year's
    assert load_dossier(autre).envoi.accuse_reception_le == date(2025, 12, 20)
