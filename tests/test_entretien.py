"""The interview, driven by scripted keystrokes through prompt_toolkit's pipe input (no terminal)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from lettres.config import Configuration, load_config
from lettres.dossier import load_dossier
from lettres.erreurs import Interrompu
from lettres.prompts.asker import QuestionaryAsker
from lettres.prompts.nouveau import NouveauDossier, draft_path
from lettres.yamlio import dump_yaml, parse_yaml

DOWN, ENTER, ESC_ENTER, CTRL_C, CTRL_U = "\x1b[B", "\r", "\x1b\r", "\x03", "\x15"
TODAY = date(2026, 11, 27)

ACCOMPAGNANT = ["pers\r", "n\r"]  # the person signs; no accompagnant details
PERSONNE = [
    "\r",
    "Mada\r",
    "DIALLO\r",
    "Aminata\r",
    "12/04/1990\r",
    "Conakry (Guinée)\r",
    "guinéenne\r",
    "12 rue des Lilas\r13003 Marseille" + ESC_ENTER,
    "a@example.org\r",
    "\r",
]
DEMANDE = ["Renouv\r", "carte pluriannuelle « salarié »\r", "13\r", "7501234567\r", "\r", "\r", "15/12/2026\r"]
BLOCAGE = ["valider " + "\r", "20/09/2026\r", "Une erreur technique est survenue\r", ESC_ENTER, ESC_ENTER]
SANS_DEMARCHE = ["n\r"]
JUSTIFICATIFS = ["\r", "\r"]  # a renewal: the titre and the passport (Entrée: none yet)
SANS_ORIENTATION = ["n\r"]
ENVOI = ["\r", "\r", "\r"]
ENREGISTRER = ["\r"]


def demarche(type_filter: str, jour: str, detail: str, pieces: list[str] = ()) -> list[str]:
    return [type_filter + "\r", jour + "\r", "\r", detail + "\r", "\r", *[p + "\r" for p in pieces], "\r"]


@contextmanager
def keyboard(keys: list[str]):
    """Queue every keystroke up front; closing the pipe turns a missing answer into Ctrl-D."""
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            yield


def interview(target: Path, keys: list[str], config: Configuration | None = None):
    config = config or Configuration(target.parent / "absente.yaml")
    with keyboard(keys):
        session = NouveauDossier(target, QuestionaryAsker(), config, TODAY)
        dossier, path = session.run()
    return dossier, path, session


def test_full_interview_with_three_demarches(tmp_path, capsys):
    (tmp_path / "captures").mkdir()
    (tmp_path / "captures" / "erreur.png").write_bytes(b"png")
    demarches = [
        "\r",
        *demarche("Capture", "20/09/2026", "Erreur à la validation", ["captures/erreur.png"]),
        "o\r",
        *demarche("Appel", "01/10/2026", "Appel au 0 806 001 620"),
        "o\r",
        *demarche("Courriel au support", "08/10/2026", "Courriel"),
        "n\r",
    ]
    keys = (
        ACCOMPAGNANT + PERSONNE + DEMANDE + BLOCAGE + demarches + JUSTIFICATIFS + SANS_ORIENTATION + ENVOI + ENREGISTRER
    )
    dossier, path, session = interview(tmp_path / "diallo.yaml", keys)
    assert path == tmp_path / "diallo.yaml"
    saved = load_dossier(path)
    assert saved == dossier
    assert saved.personne.nom == "DIALLO" and saved.personne.adresse == "12 rue des Lilas\n13003 Marseille"
    assert saved.personne.date_naissance == date(1990, 4, 12) and saved.consentement.date == TODAY
    assert saved.demande.prefecture == "13" and saved.demande.titre_actuel_expiration == date(2026, 12, 15)
    assert saved.blocage.types == ["erreur_validation"]
    assert [d.type for d in saved.demarches] == ["capture_ecran", "appel_anef", "courriel_dgef"]
    assert saved.demarches[0].pieces == ["captures/erreur.png"]
    assert saved.orientation is None and saved.consentement.transmission_tiers is False
    assert not draft_path(path).exists()
    assert session.entretien.questions_posees == 53


def test_validation_error_is_corrected_while_typing(tmp_path):
    personne = list(PERSONNE)
    personne[4] = "31/02/1990\r" + CTRL_U + "28/02/1990\r"  # refused, then corrected
    personne[8] = "pas-une-adresse\r" + CTRL_U + "a@example.org\r"
    keys = (
        ACCOMPAGNANT
        + personne
        + DEMANDE
        + BLOCAGE
        + SANS_DEMARCHE
        + JUSTIFICATIFS
        + SANS_ORIENTATION
        + ENVOI
        + ENREGISTRER
    )
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.personne.date_naissance == date(1990, 2, 28)
    assert dossier.personne.courriel == "a@example.org"


def test_conditional_questions_for_a_first_application(tmp_path):
    demande = ["Premi\r", "carte de séjour temporaire\r", "06\r", "\r", "\r", "\r"]  # no numéro, no expiry asked
    passeport = ["\r"]  # no titre to attach for a first application
    keys = (
        ACCOMPAGNANT + PERSONNE + demande + BLOCAGE + SANS_DEMARCHE + passeport + SANS_ORIENTATION + ENVOI + ENREGISTRER
    )
    dossier, _, session = interview(tmp_path / "d.yaml", keys)
    assert dossier.demande.nature == "premiere_demande" and dossier.demande.prefecture == "06"
    assert dossier.personne.numero_etranger == "" and dossier.demande.titre_actuel_expiration is None
    assert session.entretien.questions_posees == 29  # the smallest dossier: 29 questions, most answered by Entrée


def test_orientation_asks_consent_first(tmp_path):
    orientation = [
        "o\r",
        "o\r",
        "avocat\r",
        "Maître Dupont\r",
        "Cabinet Dupont\r",
        "dupont@avocat.example.org\r",
        "\r",
        "peul\r",  # for a lawyer: the interpreter's language, then legal aid
        "Demand\r",
    ]
    keys = (
        ACCOMPAGNANT + PERSONNE + DEMANDE + BLOCAGE + SANS_DEMARCHE + JUSTIFICATIFS + orientation + ENVOI + ENREGISTRER
    )
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.consentement.transmission_tiers is True
    assert dossier.orientation.vers == "avocat" and dossier.orientation.courriel == "dupont@avocat.example.org"
    assert dossier.personne.interprete == "peul" and dossier.recours.aide_juridictionnelle == "demandee"
    refused = ["o\r", "n\r"]  # orientation wanted but no consent: no orientation details asked
    keys = ACCOMPAGNANT + PERSONNE + DEMANDE + BLOCAGE + SANS_DEMARCHE + JUSTIFICATIFS + refused + ENVOI + ENREGISTRER
    dossier, _, _ = interview(tmp_path / "e.yaml", keys)
    assert dossier.consentement.transmission_tiers is False and dossier.orientation is None


def test_correction_on_review_reevaluates_conditions(tmp_path):
    # review: « Corriger une réponse », pick « Nature de la demande », choose « Première demande »
    correction = [DOWN + "\r", "Nature\r", "Premi\r"]
    keys = (
        ACCOMPAGNANT
        + PERSONNE
        + DEMANDE
        + BLOCAGE
        + SANS_DEMARCHE
        + JUSTIFICATIFS
        + SANS_ORIENTATION
        + ENVOI
        + correction
        + ENREGISTRER
    )
    dossier, _, _ = interview(tmp_path / "d.yaml", keys)
    assert dossier.demande.nature == "premiere_demande"
    assert dossier.demande.titre_actuel_expiration is None  # no longer applies: forgotten
    # and a typo in the name fixed from the review screen
    correction = [DOWN + "\r", "Nom de famille\r", CTRL_U + "DIALO\r"]
    keys = (
        ACCOMPAGNANT
        + PERSONNE
        + DEMANDE
        + BLOCAGE
        + SANS_DEMARCHE
        + JUSTIFICATIFS
        + SANS_ORIENTATION
        + ENVOI
        + correction
        + ENREGISTRER
    )
    dossier, _, _ = interview(tmp_path / "e.yaml", keys)
    assert dossier.personne.nom == "DIALO"


def test_ctrl_c_keeps_a_draft_that_is_resumed(tmp_path):
    target = tmp_path / "diallo.yaml"
    with pytest.raises(Interrompu) as info:
        interview(target, ACCOMPAGNANT + PERSONNE[:6] + [CTRL_C])
    assert info.value.code == 130
    assert f"vos réponses sont gardées dans {draft_path(target)}" in info.value.message
    assert f"Pour reprendre : lettres nouveau {target}" in info.value.message
    draft = parse_yaml(draft_path(target).read_text(encoding="utf-8"))
    assert draft["personne"]["nom"] == "DIALLO" and draft["personne"]["lieu_naissance"] == "Conakry (Guinée)"
    assert not target.exists()
    # resume: accept the draft, then only the remaining questions are asked
    keys = [
        "o\r",
        *PERSONNE[6:],
        *DEMANDE,
        *BLOCAGE,
        *SANS_DEMARCHE,
        *JUSTIFICATIFS,
        *SANS_ORIENTATION,
        *ENVOI,
        *ENREGISTRER,
    ]
    dossier, path, _ = interview(target, keys)
    assert dossier.personne.prenoms == "Aminata" and dossier.personne.nationalite == "guinéenne"
    assert path.is_file() and not draft_path(target).exists()


def test_ctrl_d_in_a_demarche_keeps_it(tmp_path):
    target = tmp_path / "d.yaml"
    keys = ACCOMPAGNANT + PERSONNE + DEMANDE + BLOCAGE + ["\r", "Appel\r", "01/10/2026\r"]  # then the input ends
    with pytest.raises(Interrompu):
        interview(target, keys)
    draft = parse_yaml(draft_path(target).read_text(encoding="utf-8"))
    assert draft["demarches"] == [{"type": "appel_anef", "date": date(2026, 10, 1)}]


def test_accompagnant_from_configuration(tmp_path):
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
                "prefectures": {"83": {"courriel": "etrangers@var.example.org"}},
            }
        ),
        encoding="utf-8",
    )
    config = load_config(tmp_path / "config.yaml")
    demande = ["Renouv\r", "carte\r", "\r", "7501234567\r", "\r", "\r", "15/12/2026\r"]  # préfecture 83 by default
    mandat = ["\r"]  # the accompagnant signs: a signed mandate may be attached
    keys = [
        "accomp\r",
        *PERSONNE,
        *demande,
        *BLOCAGE,
        *SANS_DEMARCHE,
        *JUSTIFICATIFS,
        *mandat,
        *SANS_ORIENTATION,
        *ENVOI,
        *ENREGISTRER,
    ]
    dossier, _, _ = interview(tmp_path / "d.yaml", keys, config)
    assert dossier.signataire == "accompagnant" and dossier.accompagnant.nom == "MARTIN"
    assert dossier.demande.prefecture == "83" and dossier.envoi.prefecture_courriel == "etrangers@var.example.org"


def test_existing_file_asks_only_what_is_missing(tmp_path, data):
    del data["blocage"]["consequences"]
    del data["personne"]["telephone"]
    # the facts of the situation are answered already (empty is an answer)
    data["demande"].update(document_provisoire="", piece_demandee="", complet="", decision="")
    data["justificatifs"] = {"titre_sejour": [], "passeport": [], "attestation_depot": [], "consequences": []}
    target = tmp_path / "d.yaml"
    target.write_text(dump_yaml(data), encoding="utf-8")
    (tmp_path / "captures").mkdir()
    (tmp_path / "captures" / "erreur.png").write_bytes(b"png")
    # the consequences, once typed, open the question of the letters that prove them (Entrée: none yet)
    keys = ["\r", "06 00 00 00 00\r", "Perte de l'emploi" + ESC_ENTER, "\r", *ENREGISTRER]
    dossier, _, session = interview(target, keys)
    assert dossier.personne.telephone == "06 00 00 00 00" and dossier.blocage.consequences == "Perte de l'emploi"
    assert len(dossier.demarches) == 3
    assert session.entretien.questions_posees == 3


@pytest.mark.parametrize("typed", ["écran", "ecran", "ÉCRAN", "appel"])
def test_lists_filter_by_typing_with_or_without_accents(typed):
    choices = [("appel_anef", "Appel à l'assistance ANEF"), ("capture_ecran", "Capture d'écran ANEF")]
    with keyboard([typed + "\r"]):
        answer = QuestionaryAsker().select("Type de démarche", choices)
    assert answer == ("appel_anef" if typed == "appel" else "capture_ecran")


def test_draft_saved_after_every_answer(tmp_path):
    """A closed terminal or a killed process keeps what was typed: the draft follows each answer."""
    target = tmp_path / "d.yaml"
    with keyboard(ACCOMPAGNANT + PERSONNE[:5]):
        session = NouveauDossier(target, QuestionaryAsker(), Configuration(tmp_path / "c.yaml"), TODAY)
        with pytest.raises(EOFError):
            session._start()
            session.entretien.fill()  # no handler here: as if the process died after the fifth answer
    draft = parse_yaml(draft_path(target).read_text(encoding="utf-8"))
    assert draft["personne"]["prenoms"] == "Aminata"


def test_existing_file_edit_a_section(tmp_path, data):
    data["demande"].update(document_provisoire="", piece_demandee="", complet="", decision="")
    data["justificatifs"] = {"titre_sejour": [], "passeport": [], "attestation_depot": [], "consequences": []}
    target = tmp_path / "d.yaml"
    target.write_text(dump_yaml(data), encoding="utf-8")
    (tmp_path / "captures").mkdir()
    (tmp_path / "captures" / "erreur.png").write_bytes(b"png")
    # « Modifier une section » → « L'envoi » → every question of the section again, with its answer as default
    keys = [DOWN + "\r", "envoi\r", "n\r", "etrangers@pref.example.org\r", *ENREGISTRER]
    dossier, _, _session = interview(target, keys)
    assert dossier.envoi.recommande is False and dossier.envoi.numero_recommande == ""
    assert dossier.envoi.prefecture_courriel == "etrangers@pref.example.org"
    assert dossier.personne.nom == "DIALLO" and len(dossier.demarches) == 3


def test_etape_interactive_engine(tmp_path):
    """What « lettres etape DOSSIER » asks in a terminal, through the same engine and file update."""
    from lettres.dossier.demarches import add_demarche
    from lettres.prompts.entretien import Entretien, strip_private
    from test_etape import DOSSIER

    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    (tmp_path / "appel.png").write_bytes(b"png")
    with keyboard(
        ["Appel\r", "01/12/2026\r", "9h30\r", "Appel au 0 806 001 620\r", "ticket 42\r", "appel.png\r", "\r"]
    ):
        entretien = Entretien({}, QuestionaryAsker(), tmp_path)
        entretien.add_demarche()
    ajoutee = add_demarche(path, strip_private(entretien.answers["demarches"][0]))
    assert (ajoutee.type, ajoutee.heure, ajoutee.pieces) == ("appel_anef", "09:30", ["appel.png"])
    assert path.read_text(encoding="utf-8").startswith(DOSSIER)
