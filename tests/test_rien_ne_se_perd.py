"""Issue 21: nothing typed or produced is lost — a dossier's file name, the documents already written (a letter
sent by registered mail and its bordereau), the fields of a dossier opened again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import AUJOURD_HUI, BASE, write_dossier
from lettres.dossier import load_dossier
from lettres.dossier.nom import avec_suffixe, nouveau_dossier, radical


def test_a_dossier_name_always_ends_in_yaml(tmp_path):
    assert avec_suffixe(Path("Fatou Camara")) == Path("Fatou Camara.yaml")
    assert avec_suffixe(Path("dossiers/camara.YML")) == Path("dossiers/camara.YML")
    assert avec_suffixe(Path("camara.v2")) == Path("camara.v2.yaml")
    assert radical("Camara", "fatou binta") == "CAMARA_fatou" and radical("", "") == "dossier"
    (tmp_path / "CAMARA_Fatou").mkdir()
    assert nouveau_dossier(tmp_path, "Camara", "Fatou") == tmp_path / "CAMARA_Fatou-2" / "dossier.yaml"


def test_both_doors_name_a_new_dossier_by_the_one_rule_of_the_model(tmp_path):
    from lettres.dossier.entretien import new_dossier_path as rule
    from lettres.web.fiche import new_dossier_path

    # a folder of its own, named after the person, for the dossier and its pièces — in both doors
    assert rule(tmp_path, "Camara", "Fatou Binta") == tmp_path / "CAMARA_Fatou" / "dossier.yaml"
    assert new_dossier_path(tmp_path, "Camara", "Fatou Binta") == rule(tmp_path, "Camara", "Fatou Binta")
    (tmp_path / "CAMARA_Fatou").mkdir()
    assert rule(tmp_path, "Camara", "Fatou") == tmp_path / "CAMARA_Fatou-2" / "dossier.yaml"


def test_a_new_dossier_takes_copies_of_its_pieces_into_its_own_folder(tmp_path, data):
    from lettres.dossier import save_dossier
    from lettres.dossier.nom import pieces_jointes
    from lettres.dossier.pieces import check_piece

    depart = tmp_path / "accueil"
    data["justificatifs"] = {"passeport": ["passeport.png"]}
    write_dossier(depart, data, "lu.yaml")  # the pièces it names, tiny PNGs, in the folder started from
    (depart / "passeport.png").write_bytes((depart / "captures" / "erreur.png").read_bytes())
    dossier = load_dossier(depart / "lu.yaml")
    cible = nouveau_dossier(depart, dossier.personne.nom, dossier.personne.prenoms)
    pieces_jointes(dossier, depart, cible.parent)
    save_dossier(dossier, cible)
    assert cible == depart / "DIALLO_Aminata" / "dossier.yaml"
    relu = load_dossier(cible)
    pieces = [p for d in relu.demarches for p in d.pieces] + relu.justificatifs.passeport
    assert pieces == [
        "captures/erreur.png",
        "captures/journal-appels.png",
        "captures/courriel-support.png",
        "passeport.png",
    ]
    for piece in pieces:  # each found beside the dossier, and still where it was picked (copied, not moved)
        assert check_piece(piece, cible.parent) == cible.parent / piece
        assert (depart / piece).is_file()


def test_dossiers_of_both_layouts_are_listed_and_opened(run, tmp_path, data):
    from web_outils import new_web

    racine = tmp_path / "structure"
    write_dossier(racine, data, "DIALLO_Aminata.yaml")  # a dossier kept as one file, as before
    data["personne"]["nom"] = "KEITA"
    dans_son_dossier = write_dossier(racine / "KEITA_Aminata", data)  # one in its own folder
    _, out, err = run("suivi", str(racine), "--date-du-jour", "27/11/2026")
    assert "DIALLO" in out and "KEITA" in out and "2 dossiers au 27/11/2026" in " ".join(out.split()), err
    assert run("verifier", str(racine / "DIALLO_Aminata.yaml"))[0] == run("verifier", str(dans_son_dossier))[0] == 0
    web = new_web(racine)
    accueil = web.get("/").text
    assert "DIALLO" in accueil and "KEITA" in accueil
    for path in (racine / "DIALLO_Aminata.yaml", dans_son_dossier):
        assert web.get(f"/dossier/{web.guichet.ident(path)}/point").status_code == 200


def _sortie(tmp_path: Path) -> Path:
    (dossier,) = (tmp_path / "s").iterdir()
    return dossier


def test_generer_force_keeps_the_letter_sent_and_its_bordereau(run, tmp_path, data):
    path = write_dossier(tmp_path / "d", data)
    generer = ("generer", str(path), "--sortie", str(tmp_path / "s"), "--date", "2026-11-27")
    assert run(*generer)[0] == 0
    sortie = _sortie(tmp_path)
    envoyes = {n: (sortie / n).read_bytes() for n in ("2-courrier-prefecture.docx", "2-courrier-prefecture.eml")}
    bordereau = (sortie / "bordereau-pieces.docx").read_bytes()
    # the letter goes by registered mail, then a screenshot is added to the dossier
    code, _, err = run(
        "etape", str(path), "--type", "courrier_prefecture", "--date", "27/11/2026", "--recommande", "1A23456789012"
    )
    assert code == 0, err
    (path.parent / "captures" / "autre.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    ajout = ("--type", "capture_ecran", "--date", "27/11/2026", "--piece", "captures/autre.png")
    code, _, err = run("etape", str(path), *ajout)
    assert code == 0, err
    code, _, err = run(*generer)
    assert code == 2 and "ajoutez --force" in err and "archives" in err
    code, out, err = run(*generer, "--force")
    assert code == 0, err
    (archive,) = (sortie / "archives").iterdir()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_\d{2}h\d{2}", archive.name), archive.name
    assert f"gardés dans {archive}/" in out.replace("\n", " ")
    # the letter sent and the bordereau that went with it: byte for byte, never rewritten
    assert {n: (archive / n).read_bytes() for n in envoyes} == envoyes
    assert (archive / "bordereau-pieces.docx").read_bytes() == bordereau
    # the letter already sent is not produced again; the new bordereau lists the new pièce
    assert not (sortie / "2-courrier-prefecture.docx").exists() and (sortie / "bordereau-pieces.docx").is_file()
    # a third run keeps both earlier generations
    code, out, err = run(*generer, "--force")
    assert code == 0, err
    anciens = sorted((sortie / "archives").iterdir())
    assert len(anciens) == 2
    assert (anciens[0] / "2-courrier-prefecture.docx").read_bytes() == envoyes["2-courrier-prefecture.docx"]


def test_generer_one_document_again_leaves_the_days_others_in_place(run, tmp_path, data):
    """« --lettres dgef --force »: only the document asked for is written again (its earlier version archived);
    the letter, the note and the bordereau of the day stay where they are, byte for byte."""
    path = write_dossier(tmp_path / "d", data)
    generer = ("generer", str(path), "--sortie", str(tmp_path / "s"), "--date", "2026-11-27")
    assert run(*generer)[0] == 0
    sortie = _sortie(tmp_path)
    autres = {n: (sortie / n).read_bytes() for n in ("2-courrier-prefecture.docx", "bordereau-pieces.docx")}
    code, _, err = run(*generer, "--lettres", "dgef", "--force")
    assert code == 0, err
    assert {n: (sortie / n).read_bytes() for n in autres} == autres
    (archive,) = (sortie / "archives").iterdir()
    assert sorted(p.name for p in archive.iterdir() if p.name.startswith("1-")) == [
        "1-signalement-dgef.eml",
        "1-signalement-dgef.txt",
    ]
    assert not (archive / "2-courrier-prefecture.docx").exists()


class Relecteur:
    """Someone who opens a dossier with « Revoir et enregistrer », opens every answer of the review and
    keeps what is shown (Enter everywhere), then saves."""

    def __init__(self):
        self.ouvertes = 0
        self.lignes: int | None = None
        self.texte: list[str] = []

    def text(self, label, *, aide="", default="", check=None, multiline=False, shown=None, echo=True):
        assert not (check and isinstance(check(default), str)), (label, default, check(default))
        return default

    def choose(self, label, options, *, aide="", default=None):
        if label.startswith("Le dossier ") and label.endswith("Que voulez-vous faire ?"):
            return "revoir"
        if label == "Récapitulatif":
            lignes = [o for o in options if o.value.isdigit()]
            self.lignes = len(lignes) if self.lignes is None else self.lignes
            assert len(lignes) == self.lignes, "la relecture a changé le nombre de réponses"
            if self.ouvertes < len(lignes):
                self.ouvertes += 1
                return lignes[self.ouvertes - 1].value
            return "_enregistrer"
        assert default is not None, f"« {label} » : aucune réponse proposée"
        return default

    def choose_many(self, label, options, *, aide="", checked=(), allow_empty=False, chemin=None):
        return list(checked)

    def choose_or_type(self, label, options, *, aide="", default=None, texte=""):
        from lettres.prompts.asker import TexteLibre

        return default if default is not None else TexteLibre(texte)

    def confirm(self, label, *, aide="", default=None):
        assert default is not None, f"« {label} » : aucune réponse proposée"
        return default

    def say(self, text=""):
        self.texte.append(text)

    def answered(self, label, answer):
        pass


def _exemples() -> list[tuple[str, dict]]:
    import copy
    from importlib import resources

    from conftest import BASE
    from lettres.yamlio import parse_yaml

    demo = resources.files("lettres.demo")
    exemples = [
        ("conftest.BASE", copy.deepcopy(BASE)),
        ("dossier.yaml", parse_yaml(demo.joinpath("dossier.yaml").read_text("utf-8"))),
    ]
    for situation in sorted(p.name for p in demo.joinpath("situations").iterdir() if p.name.endswith(".yaml")):
        exemples.append((situation, parse_yaml(demo.joinpath("situations", situation).read_text("utf-8"))))
    return exemples


@pytest.mark.parametrize(("nom", "donnees"), _exemples(), ids=[n for n, _ in _exemples()])
def test_every_field_of_every_example_survives_the_review(tmp_path, nom, donnees):
    from lettres.config import Configuration
    from lettres.prompts.nouveau import NouveauDossier

    path = write_dossier(tmp_path, donnees, "exemple.yaml")
    avant = path.read_bytes()
    relecteur = Relecteur()
    _, chemin = NouveauDossier(path, relecteur, Configuration(tmp_path / "absente.yaml"), AUJOURD_HUI).run()
    assert chemin == path and relecteur.ouvertes == relecteur.lignes > 30
    # every answer opened and kept: the file is the same, byte for byte (the registered-mail number too)
    assert path.read_bytes() == avant


def test_etape_lists_removes_and_modifies_one_demarche(run, tmp_path, data):
    data["demarches"].append(dict(data["demarches"][1], resultat="doublon"))
    path = write_dossier(tmp_path, data)
    avant = path.read_text(encoding="utf-8")
    code, out, _ = run("etape", str(path), "--liste")
    assert (
        code == 0
        and out.splitlines()[3] == "4. 01/10/2026 — Appel à l'assistance ANEF — Appel au 0 806 001 620 — doublon"
    )
    code, out, err = run("etape", str(path), "--supprimer", "4")
    assert code == 0, err
    assert "Démarche supprimée" in out and "doublon" in out
    assert path.read_text(encoding="utf-8") == avant.replace(
        avant[avant.index("  - type: appel_anef", avant.index("courriel_dgef")) : avant.index("accompagnant:")], ""
    )
    code, _, err = run("etape", str(path), "--supprimer", "4")
    assert code == 2 and "pas de démarche n° 4" in err and "de 1 à 3" in err and "--liste" in err
    code, out, err = run("etape", str(path), "--modifier", "2", "--resultat", "ticket n° 5678", "--heure", "9h30")
    assert code == 0, err
    saved = load_dossier(path)
    assert (saved.demarches[1].resultat, saved.demarches[1].heure) == ("ticket n° 5678", "09:30")
    assert (
        saved.demarches[1].detail == "Appel au 0 806 001 620" and saved.envoi.numero_recommande == "1A 234 567 8901 2"
    )
    assert "date: 01/10/2026" in path.read_text(encoding="utf-8")  # the fields not given are left as typed


def test_recommande_completes_the_letter_already_logged_that_day(run, tmp_path, data):
    data["demarches"].append({"type": "courrier_prefecture", "date": "2026-11-20", "detail": "Courrier n° 2"})
    data["envoi"] = {"prefecture_courriel": ""}  # no registered-mail number yet
    path = write_dossier(tmp_path, data)
    code, out, err = run(
        "etape", str(path), "--type", "courrier_prefecture", "--date", "20/11/2026", "--recommande", "1A99"
    )
    assert code == 0, err
    assert "« Courrier à la préfecture » du 20/11/2026 est déjà dans" in out and "sans deuxième démarche" in out
    saved = load_dossier(path)
    assert [d.type for d in saved.demarches].count("courrier_prefecture") == 1
    assert saved.demarches[-1].detail == "Courrier n° 2"
    assert saved.envoi.numero_recommande == "1A99" and saved.envoi.envoye_le.isoformat() == "2026-11-20"
    # the acknowledgement, later, alone
    code, out, err = run("etape", str(path), "--accuse-reception", "24/11/2026")
    assert code == 0, err
    assert load_dossier(path).envoi.accuse_reception_le.isoformat() == "2026-11-24"


def test_verifier_flags_the_same_demarche_logged_twice_the_same_day(run, tmp_path, data, monkeypatch):
    data["demarches"].append(dict(data["demarches"][1], resultat="ticket n° 99"))
    write_dossier(tmp_path, data)
    monkeypatch.chdir(tmp_path)
    _, out, _ = run("verifier", "dossier.yaml", "--date-du-jour", "27/11/2026")
    texte = " ".join(out.split())
    assert "« Appel à l'assistance ANEF » du 01/10/2026 enregistré 2 fois (démarches n° 2, 4)" in texte
    assert "Pour supprimer la démarche n° 4 : lettres etape dossier.yaml --supprimer 4" in texte
    _, out, _ = run("verifier", str(write_dossier(tmp_path / "b", BASE)), "--date-du-jour", "27/11/2026")
    assert "enregistré 2 fois" not in " ".join(out.split())


def test_accented_command_names_and_a_name_typed_without_quotes(run, tmp_path, data):
    path = write_dossier(tmp_path, data)
    code, out, err = run("étape", str(path), "--liste")
    assert code == 0 and out.startswith("1. 20/09/2026 10:42"), err
    code, out, _ = run("vérifier", str(path), "--date-du-jour", "27/11/2026")
    assert code == 0 and "Les six étapes de la fiche" in out
    code, out, _ = run("générer", "--help")
    assert code == 0 and "Utilisation : lettres générer" in out
    code, _, err = run("nouveau", "Fatou", "Camara")
    assert code == 2
    assert err.endswith('Un nom avec des espaces s\'écrit entre guillemets :\n  lettres nouveau "Fatou Camara"\n')


def test_help_and_demo_end_on_lettres_nouveau(run, tmp_path):
    code, out, _ = run("--help")
    assert code == 0 and out.rstrip().splitlines()[-1].strip().startswith('lettres nouveau "Prénom Nom"')
    code, out, err = run("demo", "--sortie", str(tmp_path / "demo"))
    assert code == 0, err
    assert out.rstrip().endswith('lettres nouveau "Prénom Nom"') and "remplacez les données" not in out


def test_the_name_given_to_nouveau_finds_its_file_in_every_command(run, tmp_path, data, monkeypatch):
    write_dossier(tmp_path, data, "Fatou Camara.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("etape", "Fatou Camara", "--liste")
    assert code == 0 and out.startswith("1. "), err
    code, out, err = run("verifier", "Fatou Camara", "--date-du-jour", "27/11/2026")
    assert code == 0 and "Les six étapes de la fiche" in out, err
    code, out, err = run("generer", "Fatou Camara", "--sortie", "s", "--date", "27/11/2026")
    assert code == 0 and "Documents écrits dans s/2026-11-27_DIALLO_Aminata" in out, err


def test_recommande_never_replaces_a_number_already_recorded_without_a_word(run, tmp_path, data):
    data["demarches"].append({"type": "courrier_prefecture", "date": "2026-11-20"})
    data["envoi"] = {"prefecture_courriel": ""}
    path = write_dossier(tmp_path, data)
    lettre = ("etape", str(path), "--type", "courrier_prefecture", "--date", "20/11/2026")
    code, out, err = run(*lettre, "--recommande", "1A99")
    assert code == 0, err  # the letter logged by the interview, identical but for its number: completed
    assert "elle est complétée" in out
    assert load_dossier(path).envoi.numero_recommande == "1A99"
    avant = path.read_bytes()
    code, _, err = run(*lettre, "--recommande", "1a 99")  # the same number, written otherwise: nothing new
    assert code == 2 and "à l'identique" in err and path.read_bytes() == avant
    code, _, err = run(*lettre, "--recommande", "1B45")
    assert code == 2 and path.read_bytes() == avant
    assert " ".join(err.split()) == (
        "Erreur : La lettre « Courrier à la préfecture » du 20/11/2026 a déjà le recommandé n° 1A99 : rien n'est "
        "remplacé ; si le nouveau est le bon, relancez la même commande avec --remplacer."
    )
    code, _, err = run(*lettre, "--recommande", "1B45", "--remplacer")
    assert code == 0, err
    saved = load_dossier(path)
    assert (
        saved.envoi.numero_recommande == "1B45" and [d.type for d in saved.demarches].count("courrier_prefecture") == 1
    )
