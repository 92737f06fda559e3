"""The command as a user runs it: exit codes, French messages, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import write_dossier

# what these tests check depends on the day: today is AUJOURD_HUI (conftest.py)
pytestmark = pytest.mark.usefixtures("aujourd_hui")


def test_version(run):
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("lettres 0.")


def test_help_is_french_with_examples(run):
    code, out, _ = run("--help")
    assert code == 0
    assert "Utilisation : lettres [OPTIONS] COMMANDE" in out or "Utilisation :" in out
    assert "Affiche cette aide et quitte." in out
    assert "Commandes" in out and "generer" in out and "demo" in out
    for command in ("generer", "demo"):
        code, out, _ = run(command, "--help")
        assert code == 0 and ("Exemple : lettres " + command in out or "Exemples :\n    lettres " + command in out)


def test_generer_writes_the_documents(run, tmp_path, data):
    path = write_dossier(tmp_path, data)
    code, out, err = run("generer", str(path), "--sortie", str(tmp_path / "s"), "--date", "2026-12-01")
    assert code == 0, err
    assert "Documents écrits dans" in out and "2-courrier-prefecture.docx" in out
    (folder,) = (tmp_path / "s").glob("2026-12-01_DIALLO_Aminata_??????")  # the end names the dossier file
    assert (folder / "bordereau-pieces.docx").is_file()
    assert "Attention : Adresse électronique de la préfecture inconnue" in err
    # a second run refuses to overwrite, --force replaces
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"), "--date", "2026-12-01")
    assert code == 2 and "existe déjà : ajoutez --force" in err
    code, _, _ = run("generer", str(path), "--sortie", str(tmp_path / "s"), "--date", "2026-12-01", "--force")
    assert code == 0


def test_missing_file(run, tmp_path):
    code, out, err = run("generer", str(tmp_path / "absent.yaml"))
    assert code == 2 and out == ""
    assert err.startswith("Erreur : Le fichier « ") and "est introuvable : vérifiez le chemin." in err


def test_invalid_dossier_lists_each_error(run, tmp_path, data):
    data["personne"]["date_naissance"] = "31/02/1990"
    data["personne"]["courriel"] = "pas-une-adresse"
    path = write_dossier(tmp_path, data)
    code, _, err = run("generer", str(path))
    assert code == 2
    assert "2 erreurs dans le dossier" in err
    assert (
        "personne.date_naissance : « 31/02/1990 » : le 31 février 1990 n'existe pas (février 1990 compte 28 jours)"
        in err
    )
    assert "personne.courriel : « pas-une-adresse » n'est pas une adresse électronique valide" in err
    assert "Traceback" not in err


def test_wrong_type_invalid_yaml_and_bad_options(run, tmp_path, data):
    (tmp_path / "casse.yaml").write_text("personne: [\n", encoding="utf-8")
    code, _, err = run("generer", str(tmp_path / "casse.yaml"))
    assert code == 2 and "YAML invalide" in err
    data["demarches"] = "beaucoup"
    code, _, err = run("generer", str(write_dossier(tmp_path, data)))
    assert code == 2 and "demarches : une liste est attendue" in err
    code, _, err = run("generer", str(tmp_path / "casse.yaml"), "--lettres", "avocat")
    assert (
        code == 2
        and "Lettre inconnue : avocat ; valeurs possibles : dgef, prefecture, orientation, bordereau, refere." in err
    )
    code, _, err = run("generer", "x.yaml", "--date", "31/02/2026")
    assert (
        code == 2 and "« 31/02/2026 » (--date) : le 31 février 2026 n'existe pas (février 2026 compte 28 jours)" in err
    )
    code, _, err = run("generer", "--nimporte")
    assert code == 2 and err.startswith("Erreur : option inconnue « --nimporte » (vouliez-vous dire « --")
    assert err.endswith(" ?) : voyez lettres generer --help.\n") and err.count("\n") == 1


def test_usage_errors_are_one_french_sentence_naming_the_help(run, tmp_path):
    """Unknown option or command, missing or bad value: one line on stderr, French quotes, the help to read."""
    attendus = {
        (
            "verifier",
            "ex/dossier.yaml",
            "--inconnue",
        ): "option inconnue « --inconnue » : voyez lettres verifier --help.",
        ("--inconnue",): "option inconnue « --inconnue » : voyez lettres --help.",
        ("inconnu",): "commande inconnue « inconnu » : voyez lettres --help.",
        (
            "verifie",
            "x.yaml",
        ): "commande inconnue « verifie » (vouliez-vous dire « verifier » ?) : voyez lettres --help.",
        ("verifier",): "argument manquant « DOSSIER.yaml » : voyez lettres verifier --help.",
        ("verifier", "a.yaml", "b.yaml"): "argument en trop « b.yaml » : voyez lettres verifier --help.",
        ("etape", "x.yaml", "--date"): "l'option « --date » attend une valeur : voyez lettres etape --help.",
        (
            "verifier",
            "--json=oui",
            "x.yaml",
        ): "l'option « --json » ne prend pas de valeur : voyez lettres verifier --help.",
        ("lot", "cas.csv", "--jobs", "x"): (
            "valeur invalide pour « --jobs » (« x » n'est pas un nombre valide) : voyez lettres lot --help."
        ),
        ("modeles", "exporter", str(tmp_path / "f")): (
            f"valeur invalide pour « RÉPERTOIRE » (« {tmp_path / 'f'} » est un fichier, un répertoire est attendu) : "
            "voyez lettres modeles exporter --help."
        ),
    }
    (tmp_path / "f").write_text("", encoding="utf-8")
    for args, phrase in attendus.items():
        code, out, err = run(*args)
        assert (code, out, err) == (2, "", f"Erreur : {phrase}\n"), args
    # a command typed alone still shows its help
    code, out, err = run("lot")
    assert code == 2 and "Utilisation : lettres lot FICHIER.csv|.xlsx [OPTIONS]" in out + err


def test_every_date_option_takes_both_spellings(run, tmp_path, data):
    path = write_dossier(tmp_path, data)
    for jour in ("01/12/2026", "2026-12-01"):
        code, _, err = run("generer", str(path), "--sortie", str(tmp_path / jour.replace("/", "-")), "--date", jour)
        assert code == 0, err
        assert len(list((tmp_path / jour.replace("/", "-")).glob("2026-12-01_DIALLO_Aminata_??????"))) == 1
    code, out, _ = run("verifier", str(path), "--json", "--date-du-jour", "01/12/2026")
    assert code == 0 and '"date_du_jour": "2026-12-01"' in out


def test_missing_piece(run, tmp_path, data):
    path = write_dossier(tmp_path, data)
    (tmp_path / "captures" / "erreur.png").unlink()
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 2 and "Pièce introuvable" in err and "erreur.png" in err
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").iterdir())


def test_orientation_without_consent(run, tmp_path, data):
    data["consentement"]["transmission_tiers"] = "non"
    path = write_dossier(tmp_path, data)
    code, _, err = run("generer", str(path), "--lettres", "orientation", "--sortie", str(tmp_path / "s"))
    assert code == 2 and "n'a pas donné son accord à la transmission de son dossier à un tiers" in err


def test_demo(run, tmp_path):
    code, _, err = run("demo", "--sortie", str(tmp_path))
    assert code == 0, err
    folders = [p for p in tmp_path.iterdir() if p.name != "exemple-dossier"]
    assert len(folders) == 1
    assert sorted(p.name for p in folders[0].iterdir()) == [
        "1-signalement-dgef.eml",
        "1-signalement-dgef.txt",
        "2-courrier-prefecture.docx",
        "2-courrier-prefecture.eml",
        "3-note-orientation.docx",
        "3-note-orientation.eml",
        "bordereau-pieces.docx",
        "pieces",
    ]
    # a copy of the titre, the attestation de dépôt, the pièce the ANEF refuses (enclosed with the letter that offers
    # it), the 7 proofs of the démarches
    assert len(list((folders[0] / "pieces").iterdir())) == 10
    assert (folders[0] / "pieces" / "01_titre-sejour.png").is_file()
    assert (folders[0] / "pieces" / "02_attestation-depot.png").is_file()
    assert (folders[0] / "pieces" / "03_piece-a-transmettre.png").is_file()
    # the demo dossier is complete (its bordereau holds a copy of the titre): only the right its consequences call
    # for (L. 433-3), said as something to know, not a fault; no missing identity pièce
    assert "Attention : " not in err
    alertes = [a for a in err.split("À savoir : ") if a.strip()]
    assert len(alertes) == 1 and alertes[0].startswith(
        "Jusqu'à la décision prise sur sa demande, et au plus tard le 15 mars 2027 (trois mois après l'expiration"
    )
    assert "(article L. 433-3 du CESEDA)" in alertes[0]
    assert "Aucune copie du passeport" not in err
    exemple = tmp_path / "exemple-dossier" / "dossier.yaml"
    code, _out, err = run("generer", str(exemple), "--sortie", str(tmp_path / "autre"))
    assert code == 0, err


def test_demo_advice_names_the_example_to_edit(run, tmp_path):
    """The advice of a demo situation says what to do; the verification of the copied example gives the
    command to paste, naming it, quoted."""
    sortie = tmp_path / "mes essais"
    code, _, err = run("demo", "--situation", "rejet_implicite", "--sortie", str(sortie))
    assert code == 0, err
    assert "(la note d'orientation et le bordereau de pièces lui présentent le dossier)" in " ".join(err.split())
    assert "DOSSIER.yaml" not in err
    exemple = sortie / "exemple-rejet_implicite" / "dossier.yaml"
    code, out, err = run("verifier", str(exemple))
    assert code == 0, err
    commande = f'lettres generer "{exemple}" --lettres orientation,bordereau'
    assert "".join(commande.split()) in "".join(out.split())  # a long path folds in the terminal


def test_python_m_and_no_traceback_in_a_real_process(tmp_path):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [sys.executable, "-m", "lettres", "generer", str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "introuvable" in done.stderr


def test_invalid_yaml_names_a_line_of_the_file(run, tmp_path):
    """A quote left open: the parser stops past the end; the message names the line where the quote opens."""
    path = tmp_path / "bad.yaml"
    path.write_text('version: 1\npersonne:\n  nom: "DIALLO\n  prenoms: Aminata\n', encoding="utf-8")
    code, out, err = run("verifier", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"Erreur : {path} : YAML invalide : le guillemet ouvert à la ligne 3 n'est jamais refermé, ajoutez le "
        "guillemet fermant.\n"
    )
    # a bracket left open: the parser stops on line 3 of a 2-line file; the message names the last line
    path.write_text("version: 1\npersonne: [a,\n", encoding="utf-8")
    code, _, err = run("verifier", str(path))
    assert code == 2 and err == (
        f"Erreur : {path} : YAML invalide à la ligne 2 : vérifiez l'indentation, les deux-points et les guillemets.\n"
    )


def test_generer_warnings_are_cut_between_words_in_a_terminal(run, tmp_path, data, monkeypatch):
    """Issue 21: at 80 columns the terminal cut « l'é / tape »; in a terminal the warnings are cut between
    words, with the following lines indented (as « vérifier » prints)."""
    monkeypatch.setattr("lettres.cli.options._error_width", lambda: 80)
    path = write_dossier(tmp_path, data)
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"), "--date", "2026-12-01")
    assert code == 0, err
    lines = err.splitlines()
    assert lines and all(len(line) <= 79 for line in lines), err
    assert any(line.startswith("  ") for line in lines)  # a long warning goes on under its first line
    assert "Attention : Adresse électronique de la préfecture inconnue" in " ".join(err.split())
