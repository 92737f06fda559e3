"""``lettres config`` and how the configuration completes dossiers."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import write_dossier
from lettres.yamlio import dump_yaml

CONFIG = {
    "accompagnant": {
        "civilite": "madame",
        "nom": "BERNARD",
        "prenom": "Julie",
        "fonction": "juriste",
        "structure": "Point d'accès au droit",
        "adresse": "2 rue du Port\n06300 Nice\n",
        "courriel": "julie.bernard@exemple.org",
        "telephone": "04 93 00 00 00",
    },
    "prefecture": "06",
    "prefectures": {
        "13": {"courriel": "etrangers@bdr.exemple.org", "adresse": "Service des étrangers\n13006 Marseille"}
    },
}


def test_dossier_without_accompagnant_takes_it_from_config(run, tmp_path, data):
    del data["accompagnant"]
    data["signataire"] = "accompagnant"
    path = write_dossier(tmp_path, data)
    config = tmp_path / "config.yaml"
    config.write_text(dump_yaml({**CONFIG, "sortie": str(tmp_path / "courriers")}), encoding="utf-8")
    code, _out, err = run("--config", str(config), "generer", str(path), "--lettres", "prefecture")
    assert code == 0, err
    folder = next((tmp_path / "courriers").iterdir())
    from docx_texte import docx_text

    lettre = docx_text((folder / "2-courrier-prefecture.docx").read_bytes())
    assert "Julie BERNARD\nJuriste, Point d'accès au droit\n2 rue du Port\n06300 Nice" in lettre
    assert "Nice, le" in lettre
    assert "Service des étrangers\n13006 Marseille" in lettre
    assert "Adresse électronique de la préfecture inconnue" not in err


def test_environment_variable_points_to_the_config(run, tmp_path, monkeypatch):
    config = tmp_path / "ailleurs.yaml"
    config.write_text(dump_yaml(CONFIG), encoding="utf-8")
    monkeypatch.setenv("LETTRES_CONFIG", str(config))
    code, out, _ = run("config", "--afficher")
    assert code == 0
    assert f"Configuration : {config}" in out and "nom: BERNARD" in out


def test_missing_or_broken_config(run, tmp_path):
    code, _, err = run("--config", str(tmp_path / "absent.yaml"), "config")
    assert code == 2 and "est introuvable" in err
    broken = tmp_path / "casse.yaml"
    broken.write_text(dump_yaml({"accompagnant": {"nom": "X", "courriel": "pas-une-adresse"}}), encoding="utf-8")
    code, _, err = run("--config", str(broken), "config")
    assert code == 2 and "accompagnant.courriel : « pas-une-adresse » n'est pas une adresse électronique valide" in err
    unknown = tmp_path / "inconnu.yaml"
    unknown.write_text("accompagnat: {}\n", encoding="utf-8")
    code, _, err = run("--config", str(unknown), "config")
    assert code == 2 and "clé inconnue accompagnat" in err


def test_config_default_location_is_the_user_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("LETTRES_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    from lettres.config import config_path

    assert config_path() == tmp_path / "lettres" / "config.yaml"


def test_interactive_commands_refuse_without_a_terminal(tmp_path, data):
    path = write_dossier(tmp_path, data)
    for args, hint in (
        (["nouveau"], "lettres generer DOSSIER.yaml"),
        (["etape", str(path)], f"lettres etape {path} --type … --date …"),  # the file itself (issue 21)
    ):
        done = subprocess.run(
            [sys.executable, "-m", "lettres", *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert done.returncode == 2, done.stderr
        assert "a besoin d'un terminal interactif" in done.stderr and hint in done.stderr
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["captures", "dossier.yaml"]  # nothing half-written


def test_config_edited_interactively(tmp_path):
    from aides import keyboard
    from lettres.config import Configuration, load_config
    from lettres.prompts.asker import TerminalAsker
    from lettres.prompts.config import edit_config

    (tmp_path / "logo.png").write_bytes(b"png")
    config = Configuration(tmp_path / "config.yaml")
    keys = [
        "Vos coord\r",
        "Mons\r",
        "MARTIN\r",
        "Paul\r",
        "travailleur social\r",
        "Association Exemple\r",
        "1 place Exemple\r13001 Marseille\r\r",
        "paul.martin@exemple.org\r",
        "04 91 00 00 00\r",
        "préfecture par\r",
        "nice\r",  # found by its city
        "Une préfecture\r",
        "nice\r",
        "monsieur\r",
        "etrangers@alpes-maritimes.example.org\r",
        "Service des étrangers\rRoute de Grenoble\r06286 Nice\r\r",
        "\r",  # the PAN's appointment channel: the data file gives it for Nice
        "\r",  # no local legal help line (ESPACE covers PACA)
        "\r",  # no source to add
        "en-tête\r",
        "Association Exemple\r",
        "1 place Exemple\r13001 Marseille\r\r",
        f"'{tmp_path / 'logo.png'}'\r",  # dragged into the terminal: quoted
        "Enregistrer\r",
    ]
    with keyboard(keys):
        edit_config(config, TerminalAsker())
    saved = load_config(tmp_path / "config.yaml")
    assert saved.accompagnant["nom"] == "MARTIN" and saved.accompagnant["adresse"] == "1 place Exemple\n13001 Marseille"
    assert saved.prefecture == "06"
    contact = saved.prefecture_contact("06")
    assert (contact["civilite"], contact["courriel"]) == ("monsieur", "etrangers@alpes-maritimes.example.org")
    assert contact["adresse"].strip() == "Service des étrangers\nRoute de Grenoble\n06286 Nice"
    assert saved.data["structure"] == {
        "nom": "Association Exemple",
        "adresse": "1 place Exemple\n13001 Marseille",
        "logo": str(tmp_path / "logo.png"),
    }
    assert (tmp_path / "config.yaml").stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "config.brouillon.yaml").exists()


def test_ctrl_c_in_config_keeps_the_changes_for_next_time(tmp_path):
    import pytest

    from aides import keyboard
    from lettres.config import Configuration, load_config
    from lettres.erreurs import Interrompu
    from lettres.prompts.asker import TerminalAsker
    from lettres.prompts.config import edit_config

    config = Configuration(tmp_path / "config.yaml")
    with keyboard(["Vos coord\r", "Mons\r", "MARTIN\r", "Pa\x03"]), pytest.raises(Interrompu) as info:
        edit_config(config, TerminalAsker())
    assert info.value.code == 130 and "vos modifications sont gardées dans" in info.value.message
    assert f"lettres --config {tmp_path / 'config.yaml'} config" in info.value.message
    assert not (tmp_path / "config.yaml").exists()  # nothing saved behind the user's back
    # next time: the changes come back, the half-typed first name too
    config = Configuration(tmp_path / "config.yaml")
    keys = ["o\r", "Vos coord\r", "\r", "\r", "ul\r", "\r", "\r", "\r", "\r", "\r", "Enregistrer\r"]
    with keyboard(keys):
        edit_config(config, TerminalAsker())
    saved = load_config(tmp_path / "config.yaml")
    assert (saved.accompagnant["nom"], saved.accompagnant["prenom"]) == ("MARTIN", "Paul")
    assert "_en_cours" not in (tmp_path / "config.yaml").read_text(encoding="utf-8")


def test_the_configured_accompagnant_is_named_by_verifier_and_generer(run, tmp_path, data):
    del data["accompagnant"]
    path = write_dossier(tmp_path, data)
    config = tmp_path / "config.yaml"
    config.write_text(dump_yaml({**CONFIG, "sortie": str(tmp_path / "courriers")}), encoding="utf-8")
    ligne = "Accompagnant : Julie BERNARD, Point d'accès au droit (réglages de la structure)"
    code, out, err = run("--config", str(config), "verifier", str(path), "--date-du-jour", "27/11/2026")
    assert ligne in out, out + err
    code, out, err = run("--config", str(config), "generer", str(path), "--date", "27/11/2026")
    assert code == 0, err
    assert ligne in out
    # the dossier names its own accompagnant: nothing to say
    data["accompagnant"] = {"nom": "MARTIN", "prenom": "Paul", "structure": "Association Exemple"}
    path = write_dossier(tmp_path / "propre", data)
    code, out, err = run("--config", str(config), "verifier", str(path), "--date-du-jour", "27/11/2026")
    assert "réglages de la structure" not in out


def test_verifier_json_says_whose_details_come_from_the_configuration(run, tmp_path, data):
    """``verifier --json`` carries the flag the text output shows as « (réglages de la structure) »."""
    del data["accompagnant"]
    path = write_dossier(tmp_path, data)
    config = tmp_path / "config.yaml"
    config.write_text(dump_yaml(CONFIG), encoding="utf-8")
    code, out, err = run("--config", str(config), "verifier", str(path), "--json", "--date-du-jour", "27/11/2026")
    assert code == 0, err
    assert json.loads(out)["accompagnant"] == {
        "prenom": "Julie",
        "nom": "BERNARD",
        "structure": "Point d'accès au droit",
        "de_la_configuration": True,
    }
    data["accompagnant"] = {"nom": "MARTIN", "prenom": "Paul", "structure": "Association Exemple"}
    path = write_dossier(tmp_path / "propre", data)
    code, out, err = run("--config", str(config), "verifier", str(path), "--json", "--date-du-jour", "27/11/2026")
    accompagnant = json.loads(out)["accompagnant"]
    assert (accompagnant["nom"], accompagnant["de_la_configuration"]) == ("MARTIN", False)
    # no accompagnant anywhere: the person writes alone
    del data["accompagnant"]
    path = write_dossier(tmp_path / "seule", data)
    code, out, err = run("verifier", str(path), "--json", "--date-du-jour", "27/11/2026")
    assert json.loads(out)["accompagnant"] is None


def test_config_left_without_change_keeps_no_draft_and_opens_on_the_first_line(tmp_path, capsys):
    """Opened, then left (Ctrl-C, Ctrl-D) without a change: no draft, and the next run does not claim that
    changes were not saved. Entrée at once opens the first line (« Vos coordonnées »), never saves."""
    import pytest

    from aides import keyboard
    from lettres.config import Configuration
    from lettres.erreurs import Interrompu
    from lettres.prompts.asker import TerminalAsker
    from lettres.prompts.config import edit_config

    for keys in (["\x03"], []):  # Ctrl-C; nothing typed: Ctrl-D
        with keyboard(keys), pytest.raises(Interrompu) as info:
            edit_config(Configuration(tmp_path / "config.yaml"), TerminalAsker())
        assert info.value.message == "Interrompu : la configuration n'est pas modifiée."
        assert not (tmp_path / "config.brouillon.yaml").exists()
    with keyboard(["\r", "\x03"]), pytest.raises(Interrompu):
        edit_config(Configuration(tmp_path / "config.yaml"), TerminalAsker())
    out = capsys.readouterr().out
    assert "Vos coordonnées d'accompagnant" in out and "n'ont pas été enregistrées" not in out
    assert not (tmp_path / "config.yaml").exists()


def test_the_function_help_gives_its_examples_once(tmp_path):
    from lettres.dossier.questions import question
    from lettres.prompts.asker import TerminalAsker
    from lettres.prompts.entretien import Entretien

    aide = Entretien({}, TerminalAsker(), tmp_path)._aide(question("accompagnant.fonction"), False)
    assert aide == "Par exemple : travailleur social, juriste, bénévole. Facultatif : Entrée pour passer."
