"""The interview, driven by scripted keystrokes through prompt_toolkit's pipe input (no terminal)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aides import (
    BLOCAGE,
    CTRL_C,
    CTRL_U,
    DOWN,
    ENREGISTRER,
    ENTER,
    ENVOI,
    ESC,
    FIN,
    JUSTIFICATIFS,
    PERSONNE,
    SANS_DEMARCHE,
    SANS_ORIENTATION,
    SIGNATURE,
    TODAY,
    interview,
    keyboard,
)
from lettres.config import Configuration, load_config
from lettres.dossier import load_dossier
from lettres.erreurs import Interrompu
from lettres.prompts.asker import TerminalAsker
from lettres.prompts.entretien import Contexte
from lettres.prompts.nouveau import NouveauDossier, draft_path
from lettres.yamlio import dump_yaml, parse_yaml

DEMANDE = ["Renouv\r", "carte pluriannuelle « salarié »\r", "13\r", "7501234567\r", "\r", "\r", "15/12/2026\r"]
DEBUT = PERSONNE + DEMANDE + SIGNATURE + BLOCAGE


def demarche(
    type_filter: str, jour: str, detail: str, pieces: str = "", capture: bool = True, heure: bool = True
) -> list[str]:
    """A démarche's keys: a screenshot has no time nor outcome to give; only calls and visits ask the time."""
    resultat = [] if capture else ["\r"]
    temps = resultat if heure else []
    return [type_filter + "\r", jour + "\r", *temps, detail + "\r", *resultat, pieces + "\r"]


def demarche_en_une_ligne(ligne: str, detail: str, pieces: str = "", resultat: bool = True) -> list[str]:
    """A démarche typed as people note it, « 21/10 appel ANEF »: its date and time are not asked again."""
    return [ligne + "\r", detail + "\r", *(["\r"] if resultat else []), pieces + "\r"]


def captures(folder: Path, *names: str) -> None:
    (folder / "captures").mkdir(exist_ok=True)
    for name in names:
        (folder / "captures" / name).write_bytes(b"png")


def test_minimal_first_application(tmp_path):
    demande = ["Premi\r", "carte de séjour temporaire\r", "nice\r", "\r", "\r"]  # no numéro, no expiry asked
    keys = PERSONNE + demande + SIGNATURE + BLOCAGE + SANS_DEMARCHE + ["\r"] + ENVOI + SANS_ORIENTATION + ENREGISTRER
    dossier, _, session = interview(tmp_path / "d.yaml", keys)
    assert dossier.demande.nature == "premiere_demande" and dossier.demande.prefecture == "06"
    assert dossier.personne.numero_etranger == "" and dossier.demande.titre_actuel_expiration is None
    assert dossier.orientation is None and dossier.consentement.transmission_tiers is False
    # the smallest dossier: 26 questions (28 before issue #14, 29 once the passport was asked)
    assert session.entretien.questions_posees == 26


def test_renewal_with_two_screenshots(tmp_path, capsys):
    captures(tmp_path, "erreur-1.png", "erreur-2.png")
    demarches = [
        *demarche("Capture", "20/09/2026", "Erreur à la validation", "erreur-1"),
        *demarche("Capture", "28/09/2026", "Erreur à la validation", "erreur-2"),
        "\r",  # « Aucune autre démarche »
    ]
    dossier, path, session = interview(tmp_path / "diallo.yaml", DEBUT + demarches + FIN)
    saved = load_dossier(path)
    assert saved == dossier and not draft_path(path).exists()
    assert saved.personne.civilite == "madame" and saved.personne.adresse == "12 rue des Lilas\n13003 Marseille"
    assert saved.blocage.types == ["erreur_validation"]  # « valid » finds « valider » before « validation »
    assert [d.pieces for d in saved.demarches] == [["captures/erreur-1.png"], ["captures/erreur-2.png"]]
    assert saved.demarches[0].heure == "" and saved.demarches[0].resultat == ""  # not asked for a screenshot
    # 37 questions (47 before issue #14 with the same justificatifs, 45 without them)
    assert session.entretien.questions_posees == 37
    out = capsys.readouterr().out.replace("\n    ", " ")
    assert "? Qui signe le signalement à l'ANEF (lettre 1) et le courrier à la préfecture" in out
    assert "Lettre 1 : le signalement au support de l'ANEF" in out  # said before the question


def test_prefecture_found_by_any_word_and_never_by_default_on_no_match(tmp_path):
    # « marseile » (a typo) matches nothing: Enter does not take the highlighted 13, the user corrects it
    demande = list(DEMANDE)
    demande[2] = "marseile\r" + CTRL_U + "toulon\r"
    keys = PERSONNE + demande + SIGNATURE + BLOCAGE + SANS_DEMARCHE + FIN
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.demande.prefecture == "83"


def test_enter_on_everything_never_produces_a_referral_note_or_a_consent(tmp_path):
    keys = PERSONNE + DEMANDE + SIGNATURE + BLOCAGE + SANS_DEMARCHE + FIN
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.orientation is None and dossier.consentement.transmission_tiers is False


def test_consent_and_legal_choices_have_no_default(tmp_path):
    # civilité, nature, signataire and the consent: Enter alone is refused, an explicit answer is needed
    personne = ["\r" + "monsieur\r", *PERSONNE[1:]]
    demande = ["\r" + "renouv\r", *DEMANDE[1:]]
    signature = ["\r" + "pers\r", "\r"]
    orientation = [
        "o\r",
        "juriste\r",
        "\r",  # no name: the structure is then required
        "\r" + "ESPACE\r",
        "juridique@espace.asso.fr\r",
        "Analyse de la situation\r",
        "\r" + "o\r",  # consent: Enter alone refused, then « o »
        "\r",  # the date of the consent: today by default
    ]
    keys = personne + demande + signature + BLOCAGE + SANS_DEMARCHE + JUSTIFICATIFS + ENVOI + orientation + ENREGISTRER
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.personne.civilite == "monsieur" and dossier.demande.nature == "renouvellement"
    assert dossier.orientation.structure == "ESPACE" and dossier.consentement.transmission_tiers is True
    assert dossier.consentement.date == TODAY


def test_consent_is_asked_after_the_recipient_and_names_it(tmp_path, capsys):
    orientation = ["o\r", "avocat\r", "Maître Dupont\r", "\r", "Cabinet Dupont\r", "dupont@avocat.example.org\r", "\r"]
    lawyer = ["peul\r", "Demand\r"]  # for a lawyer: the interpreter's language, then legal aid
    consent = ["n\r"]
    keys = DEBUT + SANS_DEMARCHE + JUSTIFICATIFS + ENVOI + orientation + lawyer + consent + ENREGISTRER
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.orientation.vers == "avocat" and dossier.consentement.transmission_tiers is False
    assert dossier.personne.interprete == "peul" and dossier.recours.aide_juridictionnelle == "demandee"
    out = capsys.readouterr().out.replace("\n    ", " ")  # lines wrapped for the terminal, joined
    assert "? La personne accepte-t-elle que son dossier soit transmis à « Maître Dupont » ? non" in out
    assert "Sans cet accord, la note d'orientation ne sera pas produite ; les autres documents le seront." in " ".join(
        out.split()
    )


def test_future_and_out_of_order_dates_warn_then_keep(tmp_path, capsys):
    blocage = list(BLOCAGE)
    blocage[1] = "03/03/2027\r\r"  # first Enter: a warning; the second keeps the date
    keys = PERSONNE + DEMANDE + SIGNATURE + blocage + SANS_DEMARCHE + FIN
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.blocage.depuis == date(2027, 3, 3)
    blocage[1] = "03/03/2027\r" + CTRL_U + "03/03/2026\r"  # or the user corrects it
    dossier, _, _ = interview(tmp_path / "e.yaml", PERSONNE + DEMANDE + SIGNATURE + blocage + SANS_DEMARCHE + FIN)
    assert dossier.blocage.depuis == date(2026, 3, 3)
    # a démarche before the blockage began: a warning too, kept on the second Enter
    demarches = [*demarche("Capture", "01/01/2026\r", "Erreur"), "\r"]
    keys = PERSONNE + DEMANDE + SIGNATURE + BLOCAGE + demarches + FIN
    dossier, _, _ = interview(tmp_path / "f.yaml", keys)
    assert dossier.demarches[0].date == date(2026, 1, 1)


def test_dates_typed_in_words_and_impossible_dates_explained(tmp_path):
    personne = list(PERSONNE)
    personne[3] = "31/02/1985\r" + CTRL_U + "3 mars 1985\r"
    keys = personne + DEMANDE + SIGNATURE + BLOCAGE + SANS_DEMARCHE + FIN
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.personne.date_naissance == date(1985, 3, 3)
    from lettres.prompts.entretien import Entretien

    check = Entretien({}, TerminalAsker(), tmp_path)._check
    from lettres.dossier.questions import question

    assert check(question("personne.date_naissance"), "31/02/1985", True) == (
        "« 31/02/1985 » : le 31 février 1985 n'existe pas (février 1985 compte 28 jours)"
    )


def test_escape_goes_back_one_question(tmp_path):
    personne = list(PERSONNE)
    # on « Prénoms », Échap: back to « Nom de famille », corrected, then on again
    personne[2] = ESC + CTRL_U + "DIALO\r" + "Aminata\r"
    keys = personne + DEMANDE + SIGNATURE + BLOCAGE + SANS_DEMARCHE + FIN
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.personne.nom == "DIALO" and dossier.personne.prenoms == "Aminata"
    # back across a démarche: from its date to its type, which is changed
    demarches = [ESC + "appel\r", "01/10/2026\r", "\r", "Appel au 0 806 001 620\r", "ticket 42\r", "\r", "\r"]
    keys = [*DEBUT, "capture\r", *demarches, *FIN]
    dossier, _, _ = interview(tmp_path / "e.yaml", keys)
    assert [d.type for d in dossier.demarches] == ["appel_anef"] and dossier.demarches[0].resultat == "ticket 42"


def test_a_demarche_in_one_line_gives_its_date_and_time_and_escape_keeps_them(tmp_path):
    # « 01/10 9h30 appel »: the date (this year's) and the time are taken; Échap on « Détail » goes back to the
    # list, the démarche is typed again without its date: the date and time typed before are proposed
    demarches = [
        "01/10 9h30 appel\r",
        ESC + "appel\r",
        "\r",  # the date proposed: 01/10/2026
        "\r",  # the time proposed: 09:30
        "Appel au 0 806 001 620\r",
        "ticket 42\r",
        "\r",
        "\r",
    ]
    dossier, _, _ = interview(tmp_path / "d.yaml", [*DEBUT, *demarches, *FIN])
    (appel,) = dossier.demarches
    assert (appel.type, appel.date, appel.heure, appel.resultat) == (
        "appel_anef",
        date(2026, 10, 1),
        "09:30",
        "ticket 42",
    )


def test_a_demarche_line_with_a_doubtful_date_asks_the_date(tmp_path):
    # a date in the future, in the line: the date is asked, proposed with its warning, and corrected
    demarches = ["28/12/2026 capture\r", "\r", CTRL_U + "28/09/2026\r", "Erreur\r", "\r", "\r"]
    dossier, _, _ = interview(tmp_path / "d.yaml", [*DEBUT, *demarches, *FIN])
    assert [(d.type, d.date) for d in dossier.demarches] == [("capture_ecran", date(2026, 9, 28))]
    # « 32/10 » is no date: the words after it still find the type, the date is asked
    demarches = ["32/10 capture\r", "20/10/2026\r", "Erreur\r", "\r", "\r"]
    dossier, _, _ = interview(tmp_path / "e.yaml", [*DEBUT, *demarches, *FIN])
    assert [(d.type, d.date) for d in dossier.demarches] == [("capture_ecran", date(2026, 10, 20))]


def test_a_demarche_line_is_read_as_people_note_it():
    from lettres.dossier.ligne_demarche import lire_ligne

    assert lire_ligne("21/10 appel ANEF", TODAY).date == date(2026, 10, 21)
    assert lire_ligne("21/10 appel ANEF", TODAY).mots == "appel ANEF"
    assert lire_ligne("21/12 capture", TODAY).date == date(2025, 12, 21)  # later than today: last year's
    ligne = lire_ligne("1.10.2026 9h capture", TODAY)
    assert (ligne.date, ligne.heure, ligne.mots, ligne.sans_annee) == (date(2026, 10, 1), "09:00", "capture", False)
    assert lire_ligne("21/10 appel", TODAY).note() == "Démarche du 21/10/2026 (sans année : compris ainsi)."
    assert lire_ligne("32/10 capture", TODAY).note() == "« 32/10 » n'est pas une date : elle sera demandée ensuite."
    assert lire_ligne("rendez-vous", TODAY) == lire_ligne(" rendez-vous ", TODAY)
    assert lire_ligne("rendez-vous", TODAY).date is None and lire_ligne("rendez-vous", TODAY).note() == ""


def test_multiline_ends_with_an_empty_line(tmp_path):
    blocage = list(BLOCAGE)
    blocage[3] = "Le bouton Valider renvoie une erreur.\rDepuis trois semaines.\r\r"
    keys = PERSONNE + DEMANDE + SIGNATURE + blocage + SANS_DEMARCHE + FIN
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.blocage.description == "Le bouton Valider renvoie une erreur.\nDepuis trois semaines."


def test_ctrl_c_keeps_the_half_typed_answer_and_resumes(tmp_path):
    target = tmp_path / "Moussa Keita.yaml"
    with pytest.raises(Interrompu) as info:
        interview(target, [*PERSONNE[:5], "malien" + CTRL_C])
    assert info.value.code == 130
    assert f"vos réponses sont gardées dans {draft_path(target)}" in info.value.message
    assert f'Pour reprendre :\n  lettres nouveau "{target}"' in info.value.message  # quoted: copied, it works
    draft = parse_yaml(draft_path(target).read_text(encoding="utf-8"))
    assert draft["personne"]["lieu_naissance"] == "Conakry (Guinée)"
    assert draft["_en_cours"] == {"cle": "personne.nationalite", "texte": "malien"}
    # resume: accept the draft; the half-typed answer is there, completed with « ne »
    keys = ["o\r", "ne\r", *PERSONNE[6:], *DEMANDE, *SIGNATURE, *BLOCAGE, *SANS_DEMARCHE, *FIN]
    dossier, path, _ = interview(target, keys)
    assert dossier.personne.nationalite == "malienne" and path.is_file() and not draft_path(target).exists()


def test_ctrl_d_in_a_demarche_keeps_it(tmp_path):
    target = tmp_path / "d.yaml"
    keys = [*DEBUT, "appel\r", "01/10/2026\r"]  # then the input ends
    with pytest.raises(Interrompu):
        interview(target, keys)
    draft = parse_yaml(draft_path(target).read_text(encoding="utf-8"))
    assert draft["demarches"] == [{"type": "appel_anef", "date": date(2026, 10, 1)}]


def test_accompagnant_and_prefecture_from_configuration(tmp_path):
    (tmp_path / "config.yaml").write_text(
        dump_yaml(
            {
                "accompagnant": {
                    "civilite": "monsieur",
                    "nom": "MARTIN",
                    "prenom": "Paul",
                    "structure": "Association Exemple",
                    "courriel": "paul@exemple.org",
                },
                "prefecture": "83",
                "prefectures": {"83": {"courriel": "etrangers@var.example.org", "adresse": "Bd du 112e RI\nToulon"}},
            }
        ),
        encoding="utf-8",
    )
    config = load_config(tmp_path / "config.yaml")
    demande = ["Renouv\r", "carte\r", "\r", "7501234567\r", "\r", "\r", "15/12/2026\r"]  # préfecture 83 by default
    mandat = ["\r"]  # the accompagnant signs: a signed mandate may be attached
    keys = [*PERSONNE, *demande, "accomp\r", *BLOCAGE, *SANS_DEMARCHE, *JUSTIFICATIFS, *mandat, "\r", *ENREGISTRER]
    dossier, _, session = interview(tmp_path / "d.yaml", keys, config)
    assert dossier.signataire == "accompagnant" and dossier.accompagnant.nom == "MARTIN"
    # the review says whose details these are
    from lettres.prompts.revue import Revue

    titres = [row.titre for row in Revue(session.entretien).rows()]
    assert "Vous (réglages de la structure) · Nom : MARTIN" in titres
    assert dossier.demande.prefecture == "83"
    # known from the configuration: not asked, not copied; « lettres generer » and « nouveau » take it there
    assert dossier.envoi.prefecture_courriel == "" and dossier.envoi.prefecture_adresse == ""


def test_existing_file_asks_only_what_is_missing(tmp_path, data):
    del data["blocage"]["consequences"]
    del data["personne"]["telephone"]
    data["demande"].update(document_provisoire="", piece_demandee="", complet="", decision="")
    data["justificatifs"] = {"titre_sejour": [], "passeport": [], "attestation_depot": [], "consequences": []}
    target = tmp_path / "d.yaml"
    target.write_text(dump_yaml(data), encoding="utf-8")
    captures(tmp_path, "erreur.png")
    # and the préfecture's postal address, unknown (Entrée: not yet)
    keys = ["\r", "06 00 00 00 00\r", "Perte de l'emploi\r\r", "\r", *ENREGISTRER]
    dossier, _, session = interview(target, keys)
    assert dossier.personne.telephone == "06 00 00 00 00" and dossier.blocage.consequences == "Perte de l'emploi"
    assert len(dossier.demarches) == 3
    assert session.entretien.questions_posees == 3


def test_reopening_a_file_written_by_nouveau_asks_nothing_answered_and_leaves_no_draft(tmp_path, capsys):
    """Issue 21: « Compléter ce qui manque » on a file the interview wrote asked again the questions answered
    « Aucun » or « Inconnu » and the optional ones skipped (the file leaves them out); a Ctrl-C with nothing
    changed left a draft behind."""
    captures(tmp_path, "erreur-1.png")
    target = tmp_path / "Fatou Camara.yaml"
    interview(target, [*DEBUT, *demarche("Capture", "20/09/2026", "Erreur", "erreur-1"), "\r", *FIN])
    avant = target.read_text(encoding="utf-8")
    capsys.readouterr()
    _, _, session = interview(target, ["\r", *ENREGISTRER])  # « Compléter ce qui manque », then save
    assert session.entretien.questions_posees == 0, capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == avant
    with pytest.raises(Interrompu, match="rien n'a changé"):
        interview(target, ["\r", CTRL_C])
    assert not draft_path(target).exists() and target.read_text(encoding="utf-8") == avant


def test_a_prefecture_letter_logged_in_nouveau_asks_its_registered_number_and_receipt(tmp_path, capsys):
    """Issue 21: « 02/11 recommandé » in « lettres nouveau » never asked the number nor the receipt, which the
    interactive « lettres etape » asks: asked there too, right after the letter."""
    # objet: a short list of boxes (questionary), the first one ticked with Espace; then the pièces
    lettre = ["02/11 recommandé\r", "Lettre de demande de rendez-vous\r", "\r", " \r", "\r"]
    demarches = [*lettre, "1A 234 567 8901 2\r", "05/11\r\r", "\r"]
    dossier, _, _ = interview(tmp_path / "d.yaml", [*DEBUT, *demarches, *FIN])
    assert [(d.type, d.objet) for d in dossier.demarches] == [("courrier_prefecture", ["rendez_vous"])]
    envoi = dossier.envoi
    assert (envoi.envoye_le, envoi.recommande, envoi.numero_recommande, envoi.accuse_reception_le) == (
        date(2026, 11, 2),
        True,
        "1A 234 567 8901 2",
        date(2026, 11, 5),
    )
    out = capsys.readouterr().out
    assert "1A 234 567 8901 2" in out


def test_existing_file_edit_a_section(tmp_path, data):
    data["demande"].update(document_provisoire="", piece_demandee="", complet="", decision="")
    data["justificatifs"] = {"titre_sejour": [], "passeport": [], "attestation_depot": [], "consequences": []}
    target = tmp_path / "d.yaml"
    target.write_text(dump_yaml(data), encoding="utf-8")
    captures(tmp_path, "erreur.png")
    # « Modifier une section » → « L'envoi » → each answer again, its current value proposed
    envoi = ["etrangers@pref.example.org\r", "\r", "n\r", "\r", "\r", "\r", "\r", "\r", "\r"]
    keys = [DOWN + "\r", "envoi\r", *envoi, "\r", *ENREGISTRER]
    dossier, _, _ = interview(target, keys)
    assert dossier.envoi.recommande is False and dossier.envoi.numero_recommande == ""
    assert dossier.envoi.prefecture_courriel == "etrangers@pref.example.org"
    assert dossier.personne.nom == "DIALLO" and len(dossier.demarches) == 3


def test_review_corrects_an_answer_and_reads_the_conditions_again(tmp_path):
    # the review list: « Nature » found by typing, « Première demande » chosen; the expiry is then forgotten
    correction = ["nature\r", "Premi\r"]
    keys = DEBUT + SANS_DEMARCHE + FIN[:-1] + correction + ENREGISTRER
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.demande.nature == "premiere_demande" and dossier.demande.titre_actuel_expiration is None
    # and back: a renewal asks the questions it opens (the numéro, the expiry, the titre to attach)
    correction = ["nature\r", "renouv\r", "7501234567\r", "15/12/2026\r", "\r"]
    keys = [*PERSONNE, "Premi\r", "carte\r", "13\r", "\r", "\r", *SIGNATURE, *BLOCAGE, *SANS_DEMARCHE]
    keys += ["\r", *ENVOI, *SANS_ORIENTATION, *correction, *ENREGISTRER]
    dossier, _, _ = interview(tmp_path / "e.yaml", keys)
    assert dossier.demande.nature == "renouvellement" and dossier.demande.titre_actuel_expiration == date(2026, 12, 15)
    assert dossier.personne.numero_etranger == "7501234567"


def test_review_adds_and_removes_demarches(tmp_path):
    # nothing chosen in advance in the review: ↓ reaches « Tout est juste », ↓ ↓ « Ajouter une démarche »
    ajout = [DOWN + DOWN + "\r", "appel\r", "01/10/2026\r", "9h30\r", "Appel\r", "ticket 42\r", "\r", "\r"]
    suppression = [DOWN * 3 + "\r", DOWN + "\r", "o\r"]  # the first démarche (no default), confirmed
    keys = [*DEBUT, *demarche("Capture", "20/09/2026", "Erreur"), "\r", *FIN[:-1], *ajout, *suppression, *ENREGISTRER]
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert [(d.type, d.heure) for d in dossier.demarches] == [("appel_anef", "09:30")]


def test_a_phone_call_to_the_pan_proves_step_four(tmp_path):
    from lettres.procedure.etapes import etat_etapes

    demarches = [*demarche("appel au point", "02/10/2026", "Appel au 04 93 72 20 21", capture=False), "\r"]
    dossier, _, _ = interview(tmp_path / "d.yaml", DEBUT + demarches + FIN)
    assert dossier.demarches[0].type == "appel_pan"
    # the call counts for step 4; without the capture of the call log it is done, not proven
    etats = etat_etapes(dossier)
    assert {e.etape.numero for e in etats if e.faite} == {4}
    assert not any(e.prouvee for e in etats)


@pytest.mark.parametrize("typed", ["écran", "ecran", "ÉCRAN", "appel"])
def test_lists_filter_by_typing_with_or_without_accents(typed):
    from lettres.prompts.asker import Option

    choices = [Option("appel_anef", "Appel à l'assistance ANEF"), Option("capture_ecran", "Capture d'écran ANEF")]
    with keyboard([typed + "\r"]):
        answer = TerminalAsker().choose("Type de démarche", choices)
    assert answer == ("appel_anef" if typed == "appel" else "capture_ecran")


def test_draft_saved_after_every_answer(tmp_path):
    """A closed terminal or a killed process keeps what was typed: the draft follows each answer."""
    target = tmp_path / "d.yaml"
    with keyboard(PERSONNE[:3]):
        session = NouveauDossier(target, TerminalAsker(), Configuration(tmp_path / "c.yaml"), TODAY)
        with pytest.raises(EOFError):
            session._start()
            session.entretien.fill()  # no handler here: as if the process died after the third answer
    draft = parse_yaml(draft_path(target).read_text(encoding="utf-8"))
    assert draft["personne"]["prenoms"] == "Aminata"


def test_generating_from_nouveau_uses_the_configuration_and_asks_before_replacing(tmp_path, data, capsys):
    from conftest import write_dossier
    from docx_texte import docx_text
    from lettres.prompts.nouveau import offer_generation

    config_path = tmp_path / "config.yaml"
    config_path.write_text(
        dump_yaml(
            {
                "sortie": str(tmp_path / "sorties"),
                "prefectures": {"13": {"adresse": "Place Félix Baret\n13006 Marseille"}},
            }
        ),
        encoding="utf-8",
    )
    config = load_config(config_path)
    path = write_dossier(tmp_path / "Moussa Keita", data, "Moussa Keita.yaml")
    with keyboard(["\r"]):
        resultat = offer_generation(TerminalAsker(), path, config)
    assert "Place Félix Baret" in docx_text((resultat.dossier / "2-courrier-prefecture.docx").read_bytes())
    # the same day again: a question, never « ajoutez --force »; Enter alone is no answer, « n » keeps them
    with keyboard(["\r", "\r" + "n\r"]):
        assert offer_generation(TerminalAsker(), path, config) is None
    out = capsys.readouterr().out
    assert f'Rien n\'est écrit. Pour les écrire plus tard :\n  lettres generer "{path}" --force\n' in out
    with keyboard(["\r", "o\r"]):
        assert offer_generation(TerminalAsker(), path, config).dossier == resultat.dossier


def test_checklist_a_screenshot_without_its_file_is_not_proven(data):
    from lettres.dossier import validate_dossier
    from lettres.prompts.nouveau import checklist

    data["demarches"][0]["pieces"] = []
    lines = checklist(validate_dossier(data)).splitlines()
    assert lines[1].startswith("  [~] 1. Captures d'écran du blocage — faite (20/09/2026) mais sans fichier")
    assert "prouvée" not in lines[1]


def test_checklist_a_prefecture_letter_without_its_copy_is_not_proven(data):
    from lettres.dossier import validate_dossier
    from lettres.prompts.nouveau import checklist

    data["demarches"] = [{"type": "courrier_prefecture", "date": "2026-10-20"}]
    lines = checklist(validate_dossier(data)).splitlines()
    assert lines[5] == (
        "  [~] 5. Courrier à la préfecture — faite (20/10/2026) mais sans fichier : ajoutez la copie du courrier "
        "et son avis de réception à la démarche"
    )
    data["demarches"][0]["pieces"] = ["courrier.pdf"]
    assert (
        checklist(validate_dossier(data)).splitlines()[5] == "  [x] 5. Courrier à la préfecture — prouvée (20/10/2026)"
    )


def test_saving_names_the_question_to_fix(tmp_path, capsys):
    """A dossier that cannot be saved yet says which question, never which key."""
    from lettres.prompts.entretien import Entretien
    from lettres.prompts.revue import Revue

    entretien = Entretien({"personne": {"nom": "KEITA"}}, TerminalAsker(), tmp_path)
    assert Revue(entretien)._validate() is None
    out = capsys.readouterr().out
    assert "« Prénoms » : réponse obligatoire" in out and "personne." not in out


def test_answers_typed_as_people_type_them(tmp_path, capsys):
    """Issue 21: « camara » and « fatou binta » written as in the letters (asked, Entrée: yes), a 9-digit
    phone number warned about, « 12/10 » without a year (this year's, or last year's if later than today)."""
    personne = list(PERSONNE)
    personne[1] = "camara\r\r"  # « « camara » → « CAMARA » : l'écrire ainsi dans les lettres ? » Entrée: oui
    personne[2] = "fatou binta\r\r"
    personne[8] = "06 12 34 56 7\r" + CTRL_U + "+223 76 12 34 56\r"  # corrected after the warning
    blocage = list(BLOCAGE)
    blocage[1] = "12/10\r\r"
    demarches = [*demarche("Capture", "28/11\r", "Erreur"), "\r"]  # the 28/11 of 2026 is tomorrow: 2025's
    keys = personne + DEMANDE + SIGNATURE + blocage + demarches + FIN
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert (dossier.personne.nom, dossier.personne.prenoms) == ("CAMARA", "Fatou Binta")
    assert dossier.personne.telephone == "+223 76 12 34 56"
    assert dossier.blocage.depuis == date(2026, 10, 12)
    assert dossier.demarches[0].date == date(2025, 11, 28)
    out = capsys.readouterr().out.replace("\n    ", " ")
    assert "? « camara » → « CAMARA » : l'écrire ainsi dans les lettres ? oui" in out
    assert "? « fatou binta » → « Fatou Binta » : l'écrire ainsi dans les lettres ? oui" in out
    assert "? Depuis quand ? 12/10/2026" in out.replace(" : 12/10", " ? 12/10")
    from lettres.dossier.questions import question
    from lettres.prompts.entretien import Entretien

    check = Entretien({}, TerminalAsker(), tmp_path, Contexte(aujourd_hui=TODAY))._check
    assert check(question("personne.telephone"), "06 12 34 56 7", False).message.startswith(
        "Un numéro français a 10 chiffres (06 12 34 56 78) ; celui-ci en a 9."
    )
    assert check(question("personne.nom"), "camara", True) is None  # asked as a question, not warned about
    assert check(question("blocage.depuis"), "12/10", True).message == "Sans année : compris le 12/10/2026."
    assert isinstance(check(question("personne.date_naissance"), "12/10", True), str)  # a birth date needs its year
    assert check(question("personne.numero_etranger"), "750123456", False) == (
        "« 750123456 » : le numéro étranger compte 10 chiffres ; vous en avez tapé 9"
    )  # no word of the file's format in a question
    # a date to come (an expiry) is the next such day: « 20 décembre » is not last year's
    expiration = question("demande.titre_actuel_expiration")
    assert check(expiration, "20 décembre", False).message == "Sans année : compris le 20/12/2026."
    assert check(expiration, "10/11", False).message == "Sans année : compris le 10/11/2027."
    fin_api = question("demande.document_provisoire_fin")
    assert check(fin_api, "05/01", False).message == "Sans année : compris le 05/01/2027."


def test_a_name_is_written_otherwise_only_if_the_user_says_yes(tmp_path, capsys):
    personne = list(PERSONNE)
    # « n »: « FATOU » kept as typed; Échap on the question about « keita »: the name again, corrected
    personne[1] = "keita\r" + ESC + CTRL_U + "KEITA-DIOP\r"
    personne[2] = "FATOU\r" + "n\r"
    dossier, _, _ = interview(tmp_path / "d.yaml", personne + DEMANDE + SIGNATURE + BLOCAGE + SANS_DEMARCHE + FIN)
    assert (dossier.personne.nom, dossier.personne.prenoms) == ("KEITA-DIOP", "FATOU")
    out = capsys.readouterr().out.replace("\n    ", " ")
    assert "? « FATOU » → « Fatou » : l'écrire ainsi dans les lettres ? non" in out
    assert "« keita » → « KEITA »" not in out  # the question left with Échap is erased, not recorded
    # the answer line says what is kept, after the question about how to write it
    assert "? Nom de famille : KEITA-DIOP" in out and "? Prénoms : FATOU" in out and "keita\n" not in out


def test_demarche_types_found_by_the_words_people_use():
    from lettres.francais import replier
    from lettres.prompts.entretien import type_options
    from lettres.prompts.terminal import _rank

    def found(typed: str) -> list[str]:
        words = replier(typed).split()
        return [o.value for o in type_options() if _rank(o, words) is not None]

    assert found("recommandé") == found("LRAR") == found("courrier") == ["courrier_prefecture"]
    assert set(found("RDV")) >= {"demande_rdv", "visite_pan"} and set(found("appel")) == {"appel_anef", "appel_pan"}


def test_a_titre_not_surely_asked_on_the_anef_is_said_at_its_question(tmp_path, capsys):
    demande = list(DEMANDE)
    demande[1] = "cst2\r"
    with pytest.raises(Interrompu):  # the keys stop after the préfecture: the note is what matters
        interview(tmp_path / "d.yaml", PERSONNE + demande[:3])
    out = " ".join(capsys.readouterr().out.split())
    titre = out.index("? Titre de séjour demandé")
    note = out.index("Attention : la demande de")
    assert titre < note < out.index("? Préfecture") and "(CST 2) se fait sur l'ANEF seulement dans certains cas" in out


def test_tick_lists_show_the_cursor_search_with_spaces_and_clear_with_escape(tmp_path):
    """Issue 21: Space ticks the first line before any arrow key; while a search is typed, Space is a space of
    the search (« accueil num »); Échap clears the search instead of leaving the question."""
    from lettres.prompts.terminal import FICHIER, Option, choose

    options = [
        Option("erreur", "Erreur à la validation"),
        Option("pan", "Point d'accueil numérique fermé"),
        Option("autre", "Autre difficulté"),
    ]
    with keyboard([" ", "accueil num", ENTER]):
        assert choose("Blocages", options, multiple=True, allow_empty=True) == ["erreur", "pan"]
    with keyboard(["zzz", ESC, DOWN, DOWN, " ", ENTER]):
        assert choose("Blocages", options, multiple=True, allow_empty=True) == ["autre"]
    with keyboard([ENTER]):  # Enter alone: nothing ticked, nothing taken
        assert choose("Blocages", options, multiple=True, allow_empty=True) == []
    # a file dragged into the list (quoted, with spaces): recognised, never ticking lines
    (tmp_path / "Capture du 28 sept.png").write_bytes(b"png")
    glisse = f"'{tmp_path / 'Capture du 28 sept.png'}'"
    with keyboard([" ", glisse, ENTER]):
        picked = choose("Pièces", options, multiple=True, allow_empty=True, chemin=lambda t: "/" in t)
    assert picked == ["erreur", FICHIER + str(tmp_path / "Capture du 28 sept.png")]  # its quotes taken off


def test_a_number_typed_picks_the_line_of_that_number_first():
    """Issue 21: « 4 » in the review's list of démarches opened n° 5 (« 02/11/2026 » contains no 4, but its
    text did); the line numbered 4 comes first, so Enter opens it."""
    from lettres.prompts.terminal import Option, choose

    options = [  # as the review lists them: codes from 0, lines numbered from 1
        Option("0", "1. 20/09/2026 — Capture d'écran ANEF"),
        Option("4", "5. 02/11/2026 — Courrier à la préfecture (recommandé 1A 234 567 8904 4)"),
        Option("3", "4. 21/10/2026 — Appel à l'assistance ANEF"),
    ]
    with keyboard(["4", ENTER]):
        assert choose("Modifier une démarche", options) == "3"
    with keyboard(["8904", ENTER]):  # not a line number: found in the text as before
        assert choose("Modifier une démarche", options) == "4"


def test_the_first_down_after_a_search_stays_on_the_marked_line():
    """Issue 21: after typing « instruction » the first line found is marked « > »; ↓ then Space ticks it,
    not the second."""
    from lettres.prompts.terminal import Option, choose

    options = [
        Option("erreur", "Erreur à la validation"),
        Option("instruction", "Dossier en cours d'instruction depuis des mois"),
        Option("silence", "Silence après l'instruction (pas de réponse)"),
    ]
    with keyboard(["instruction", DOWN, " ", ENTER]):
        assert choose("Types de blocage", options, multiple=True, allow_empty=True) == ["instruction"]
    with keyboard(["instruction", DOWN, DOWN, " ", ENTER]):
        assert choose("Types de blocage", options, multiple=True, allow_empty=True) == ["silence"]


def test_hints_end_with_one_stop_and_the_recap_shows_the_letters_object_for_letters_only(tmp_path):
    """Issue 21: « guinéenne…. Exemple », « santé…. Écrivez »; « Ce que ce courrier demandait à la
    préfecture : — » under a phone call."""
    from lettres.dossier.questions import question
    from lettres.prompts.entretien import Entretien
    from lettres.prompts.revue import Revue

    entretien = Entretien({}, TerminalAsker(), tmp_path, Contexte(aujourd_hui=TODAY))
    for key in ("personne.nationalite", "blocage.consequences"):
        aide = entretien._aide(question(key), False)
        assert "…." not in aide and ".." not in aide, aide
    entretien.answers["demarches"] = [
        {"type": "appel_anef", "date": date(2026, 10, 1), "detail": "Appel"},
        {"type": "courrier_prefecture", "date": date(2026, 11, 2), "objet": ["rendez_vous"]},
    ]
    titres = [row.titre for row in Revue(entretien).rows()]
    objets = [t for t in titres if "Ce que ce courrier demandait" in t]
    assert [t.split(" · ")[0] for t in objets] == ["Démarche 2"]


def test_a_dragged_file_in_the_pieces_list_is_attached(tmp_path, capsys):
    dossiers = tmp_path / "dossiers"
    dossiers.mkdir()
    captures(dossiers, "erreur-1.png")
    ailleurs = tmp_path / "Téléchargements"
    ailleurs.mkdir()
    (ailleurs / "Capture du 28 sept.png").write_bytes(b"png")
    demarches = [*demarche("Capture", "20/09/2026", "Erreur", f"'{ailleurs / 'Capture du 28 sept.png'}'"), "\r"]
    dossier, _, _ = interview(dossiers / "d.yaml", DEBUT + demarches + FIN)
    assert dossier.demarches[0].pieces == ["captures/Capture du 28 sept.png"]
    out = capsys.readouterr().out
    # the answer line says which file was attached (not « — »), without the quotes of the paste
    assert "? Pièces de cette démarche : —" not in out and "sept.png'" not in out
    assert "? Pièces de cette démarche : /" in out and "Téléchargements/Capture du 28 sept.png\nCopié" in out
    assert "Copié dans le dossier de la personne : captures/Capture du 28 sept.png" in out


def test_going_back_says_where_you_are(tmp_path, capsys):
    captures(tmp_path, "erreur-1.png", "erreur-2.png")
    demarches = [
        *demarche("Capture", "20/09/2026", "Erreur", "erreur-1"),
        "appel\r",
        "21/10/2026\r",
        ESC,  # on « Heure »: back to the date of démarche 2
        ESC,  # its type
        ESC,  # the pièces of démarche 1, still ticked
        "\r",  # kept as they were
        "\r",  # démarche 2 again: its type proposed again (after two Échap on it), then its date
        "\r",
        "9h30\r",
        "Appel\r",
        "ticket 42\r",
        "\r",
        "\r",
    ]
    dossier, _, _ = interview(tmp_path / "d.yaml", DEBUT + demarches + FIN)
    assert [d.pieces for d in dossier.demarches] == [["captures/erreur-1.png"], []]
    assert dossier.demarches[1].date == date(2026, 10, 21)
    out = " ".join(capsys.readouterr().out.split())
    assert "↩ Retour à : Démarche n° 2 — Appel à l'assistance ANEF : Date" in out
    assert "↩ Retour à : Démarche n° 1 — 20/09/2026, Capture d'écran ANEF : Pièces" in out


def test_questions_of_the_common_renewal_with_five_demarches(tmp_path):
    """Issue 21 measures the interview: a renewal with five démarches (two screenshots, a call to the ANEF, an
    e-mail to the DGEF support, a request for an appointment) and three files, the préfecture's addresses
    known from the configuration. Each démarche is typed in one line, its date (and the call's time) before its
    type: 45 questions (51 when the date and time were asked apart, 53 before issue 21)."""
    config_path = tmp_path / "config.yaml"
    config_path.write_text(
        dump_yaml({"prefectures": {"13": {"courriel": "e@bdr.example.org", "adresse": "Bd Paul Peytral\nMarseille"}}}),
        encoding="utf-8",
    )
    captures(tmp_path, "erreur-1.png", "erreur-2.png", "journal-appels.png")
    demarches = [
        *demarche_en_une_ligne("20/09 capture", "Erreur à la validation", "erreur-1", resultat=False),
        *demarche_en_une_ligne("28/09 capture", "Erreur à la validation", "erreur-2", resultat=False),
        *demarche_en_une_ligne("01/10 9h30 appel à l'assistance", "Appel au 0 806 001 620", "journal"),
        *demarche_en_une_ligne("05/10 courriel au support", "Courriel au support"),
        *demarche_en_une_ligne("12/10 RDV", "Demande de rendez-vous"),
        "\r",
    ]
    keys = DEBUT + demarches + JUSTIFICATIFS + SANS_ORIENTATION + ENREGISTRER
    dossier, _, session = interview(tmp_path / "d.yaml", keys, load_config(config_path))
    assert [d.type for d in dossier.demarches] == [
        "capture_ecran",
        "capture_ecran",
        "appel_anef",
        "courriel_dgef",
        "demande_rdv",
    ]
    assert [(d.date, d.heure) for d in dossier.demarches] == [
        (date(2026, 9, 20), ""),
        (date(2026, 9, 28), ""),
        (date(2026, 10, 1), "09:30"),
        (date(2026, 10, 5), ""),
        (date(2026, 10, 12), ""),
    ]
    assert [d.pieces for d in dossier.demarches][:3] == [
        ["captures/erreur-1.png"],
        ["captures/erreur-2.png"],
        ["captures/journal-appels.png"],
    ]
    assert session.entretien.questions_posees <= 45


def test_yes_no_on_questionary_takes_french_answers_then_enter(capsys):
    """questionary's confirm knows y/n and answers at the first key: here « o », « oui », « n », « non » then
    Entrée; another answer is refused with why; Entrée alone gives the default, and is refused without one."""
    from lettres.prompts.asker import Interruption, Retour

    asker = TerminalAsker()
    for keys, default, expected in (
        (["o", ENTER], False, True),
        (["oui", ENTER], False, True),
        (["n", ENTER], True, False),
        (["non", ENTER], True, False),
        (["y", ENTER], None, True),
        ([ENTER], True, True),
        ([ENTER], False, False),
        ([ENTER, "peut-être", ENTER, CTRL_U, "n", ENTER], None, False),  # refused twice, then answered
        (["n", "\x7f", "o", ENTER], None, True),  # corrected with the erase key
    ):
        with keyboard(keys):
            assert asker.confirm("Le remplacer ?", default=default) is expected, keys
    assert capsys.readouterr().out.splitlines()[-2:] == ["? Le remplacer ? non", "? Le remplacer ? oui"]
    with keyboard(["o", ESC, DOWN]), pytest.raises(Retour):  # a key after Échap: it is not the start of one
        asker.confirm("Le remplacer ?", default=True)
    with keyboard(["o", CTRL_C]), pytest.raises(Interruption):
        asker.confirm("Le remplacer ?", default=True)


def test_one_line_text_on_questionary_refuses_warns_and_keeps_what_was_typed():
    from lettres.prompts.asker import Avertissement, Interruption, Retour

    asker = TerminalAsker()

    def check(text: str) -> str | Avertissement | None:
        if not text.strip():
            return "Réponse obligatoire."
        return Avertissement("Date dans le futur.") if text.startswith("2030") else None

    with keyboard([ENTER, "2030", ENTER, ENTER]):  # refused, warned once, then kept by a second Entrée
        assert asker.text("Depuis quand ?", check=check) == "2030"
    with keyboard(["2030", ENTER, CTRL_U, "2026", ENTER]):
        assert asker.text("Depuis quand ?", check=check) == "2026"
    with keyboard([ENTER]):  # the answer proposed is kept
        assert asker.text("Ville", default="Nice") == "Nice"
    with keyboard(["9h", CTRL_C]), pytest.raises(Interruption) as interrompu:
        asker.text("Heure")
    assert interrompu.value.texte == "9h"
    with keyboard(["9h", ESC, DOWN]), pytest.raises(Retour):
        asker.text("Heure")


def test_short_tick_list_on_questionary_ticks_with_space_never_with_letters():
    from lettres.prompts.asker import Option, Retour
    from lettres.prompts.courtes import COURTE

    asker = TerminalAsker()
    options = [Option("rendez_vous", "Un rendez-vous"), Option("recepisse", "Un récépissé"), Option("api", "L'API")]
    with keyboard([DOWN, " ", ENTER]):
        assert asker.choose_many("Ce que demandait le courrier", options) == ["recepisse"]
    # « a » ticks every box in questionary's checkbox, « i » inverts them: here letters tick nothing
    with keyboard(["api", ENTER]):
        assert asker.choose_many("Ce que demandait le courrier", options, allow_empty=True) == []
    with keyboard([ENTER, " ", DOWN, DOWN, " ", ENTER]):  # nothing ticked: refused when an answer is needed
        assert asker.choose_many("Ce que demandait le courrier", options) == ["rendez_vous", "api"]
    with keyboard([ENTER]):  # ticked before: kept
        assert asker.choose_many("Ce que demandait", options, checked=["api"]) == ["api"]
    with keyboard([ESC, DOWN]), pytest.raises(Retour):
        asker.choose_many("Ce que demandait le courrier", options)
    # a longer list is still searched by a word
    longue = [Option(f"c{i}", f"Choix numéro {i}") for i in range(COURTE + 1)]
    with keyboard(["numero 3", ENTER]):
        assert asker.choose_many("Lesquels ?", longue) == ["c3"]


def test_the_terminal_door_imports_questionary_only_to_ask():
    """Start-up: neither the commands nor the terminal door import questionary before a question is asked."""
    import subprocess
    import sys

    code = (
        "import sys, lettres.cli, lettres.prompts.asker, lettres.prompts.nouveau;"
        "print(sorted(m for m in ('questionary', 'prompt_toolkit') if m in sys.modules))"
    )
    sortie = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert sortie.stdout.strip() == "[]", sortie.stderr


def test_what_questionary_does_alone_that_the_interview_works_around():
    """The measures of docs/bibliotheques.md, kept true: if a questionary version changes one, the
    workaround (prompts/courtes.py) or the reason to keep a list on prompt_toolkit is to be read again."""
    import questionary

    with keyboard(["o", ENTER]):  # « o » is not an answer: Enter gives the default
        assert questionary.confirm("?", default=False).unsafe_ask() is False
    with keyboard(["n", "abc", ENTER]):  # answered at the first key: the rest goes to the next question
        assert questionary.confirm("?").unsafe_ask() is False
        assert questionary.text("?").unsafe_ask() == "abc"
    choix = ["Préfecture des Alpes-Maritimes (Nice)", "Préfecture du Var (Toulon)", "Préfecture de l'Isère (Grenoble)"]
    for tape in ("zzz", "isère", "prefecture du", "toulon var", ""):  # no match, accent, folding, words, nothing
        with keyboard([tape, ENTER]):
            choisi = questionary.select("?", choix, use_search_filter=True, use_jk_keys=False).unsafe_ask()
        assert choisi == choix[0], tape


def test_escape_never_loses_what_was_typed(tmp_path):
    """« aminata », Échap on « aminata » → « Aminata » then Échap on the first names: back on the name;
    Entrée there brings the first names back as typed, not empty."""
    personne = list(PERSONNE)
    personne[2] = "aminata\r" + ESC + ESC + "\r" + "\r" + "\r"
    dossier, _, _ = interview(tmp_path / "d.yaml", personne + DEMANDE + SIGNATURE + BLOCAGE + SANS_DEMARCHE + FIN)
    assert (dossier.personne.nom, dossier.personne.prenoms) == ("DIALLO", "Aminata")


def test_escape_after_resuming_keeps_the_text_of_the_draft(tmp_path, capsys):
    """Resumed on the nationality with « malien » kept by Ctrl-C: Échap (nothing before it in this session)
    neither erases the field nor the draft's text."""
    target = tmp_path / "Moussa Keita.yaml"
    with pytest.raises(Interrompu):
        interview(target, [*PERSONNE[:5], "malien" + CTRL_C])
    with pytest.raises(Interrompu):
        interview(target, ["o\r", ESC + CTRL_C])
    assert "C'est la première question" in capsys.readouterr().out
    draft = parse_yaml(draft_path(target).read_text(encoding="utf-8"))
    assert draft["_en_cours"] == {"cle": "personne.nationalite", "texte": "malien"}
    keys = ["o\r", ESC + "ne\r", *PERSONNE[6:], *DEMANDE, *SIGNATURE, *BLOCAGE, *SANS_DEMARCHE, *FIN]
    dossier, _, _ = interview(target, keys)
    assert (dossier.personne.lieu_naissance, dossier.personne.nationalite) == ("Conakry (Guinée)", "malienne")


def test_not_resuming_a_draft_asks_before_dropping_its_answers(tmp_path, capsys):
    """« n » to resuming: the answers of the draft are dropped only once the user says so (Entrée: the
    draft is resumed after all)."""
    target = tmp_path / "Moussa Keita.yaml"
    with pytest.raises(Interrompu):
        interview(target, [*PERSONNE[:5], "malien" + CTRL_C])
    with pytest.raises(Interrompu):
        interview(target, ["n\r", "\r", CTRL_C])  # not resumed, not dropped: resumed
    out = capsys.readouterr().out
    assert "les réponses du brouillon seront remplacées par les nouvelles" in " ".join(out.split())
    assert parse_yaml(draft_path(target).read_text(encoding="utf-8"))["personne"]["nom"] == "DIALLO"
    with pytest.raises(Interrompu):
        interview(target, ["n\r", "o\r", CTRL_C])
    assert "Brouillon Moussa Keita.brouillon.yaml effacé." in capsys.readouterr().out
    assert "nom" not in (parse_yaml(draft_path(target).read_text(encoding="utf-8")) or {}).get("personne", {})
