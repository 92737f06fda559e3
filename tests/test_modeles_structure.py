"""A structure's own templates: export, check (each kind of error with its place), partial override,
letterhead and logo, and the sandbox."""

from __future__ import annotations

import shutil

import pytest

from aides import add_paragraphs, export
from conftest import PNG, write_dossier
from docx_texte import docx_text
from lettres.yamlio import dump_yaml

# what these tests check depends on the day: today is AUJOURD_HUI (conftest.py)
pytestmark = pytest.mark.usefixtures("aujourd_hui")


def test_export_then_verify_is_clean(run, tmp_path):
    folder = export(run, tmp_path)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "LISEZMOI.md",
        "docx/2-courrier-prefecture.docx",
        "docx/3-note-orientation.docx",
        "docx/4-refere-mesures-utiles.docx",
        "docx/bordereau-pieces.docx",
        "email/1-signalement-dgef.corps.txt",
        "email/1-signalement-dgef.objet.txt",
        "email/2-courrier-prefecture.corps.txt",
        "email/2-courrier-prefecture.objet.txt",
        "email/3-note-orientation.corps.txt",
        "email/3-note-orientation.objet.txt",
    ]
    guide = (folder / "LISEZMOI.md").read_text(encoding="utf-8").replace("\u00a0", " ")  # typography: read as spaces
    assert (
        "| `personne.designation` | Civilité, prénoms et nom (« Madame Aminata Fatou DIALLO »). | Madame Aminata Fatou DIALLO |"
        in guide
    )
    assert "| `chronologie[].date` |" in guide and "`{%p if echeances.titre_expiration_connue %}`" in guide
    assert "Tapez chaque balise d'un seul tenant" in guide and "Pas de guillemets français « »" in guide
    assert "| `r431_2` | article R. 431-2 du CESEDA |" in guide
    code, out, _ = run("modeles", "verifier", str(folder))
    assert code == 0 and "aucun problème" in out
    code, _, err = run("modeles", "exporter", str(folder))
    assert code == 2 and "existe déjà" in err


def test_every_context_variable_is_documented():
    from lettres.documents.modeles import demo_context, descriptions, leaves

    documented = descriptions()
    names = [n for n, _ in leaves({k: v for k, v in demo_context().items() if k not in ("textes", "contacts")})]
    assert [n for n in names if n not in documented] == []
    # a list the demo leaves empty (DIALLO's description only repeats the refused pièce) still documents its items
    vides = {n for n in names if n.endswith("[]")}
    assert [n for n in documented if n not in names and ".CODE." not in n and n.split("[]")[0] + "[]" not in vides] == []


def test_each_kind_of_error_with_its_location(run, tmp_path):
    folder = export(run, tmp_path)
    add_paragraphs(
        folder / "docx" / "2-courrier-prefecture.docx",
        "Madame {{ personne.nomm }} habite ici.",
        "{%p if demande.titre == « salarié » %}",
        "Texte",
        "{%p endif %}",
        "{%p for d in chronologie %}",
        "{{ d.datee }}",
        "{%p endfor %}",
        "{%p if accord.neutre %}",
        "Mélange",
        "{% endif %}",
        "{{ lieu_date_riche }}",
    )
    add_paragraphs(
        folder / "docx" / "bordereau-pieces.docx",
        "{{ personne.nom | }}",
        "{%p if signataire_personne %}",
        "Ouvert sans fermeture",
    )
    (folder / "email" / "3-note-orientation.objet.txt").write_text(
        "Note — {{ personne.__class__ }} {{ inconnue }}\n", encoding="utf-8"
    )
    code, _, err = run("modeles", "verifier", str(folder))
    assert code == 2
    lines = err.splitlines()

    def has(*fragments):
        return any(all(f in line for f in fragments) for line in lines)

    assert has(
        "2-courrier-prefecture.docx, paragraphe",
        "(« Madame {{ personne.nomm }} habite ici. »)",
        "variable inconnue « personne.nomm »",
    )
    assert has(
        "2-courrier-prefecture.docx",
        "guillemets français ou courbes dans la balise {%p if demande.titre == « salarié » %}",
    )
    assert has("2-courrier-prefecture.docx", "variable inconnue « d.datee »")
    assert has("2-courrier-prefecture.docx", "{% endif %} ferme un bloc ouvert par « {%p if »")
    assert has("bordereau-pieces.docx", "bloc « {%p if » jamais fermé (il manque {%p endif %})")
    assert has(
        "2-courrier-prefecture.docx", "{{ lieu_date_riche }} est un texte enrichi : écrivez {{r lieu_date_riche }}"
    )
    assert has("bordereau-pieces.docx, paragraphe", "erreur de syntaxe")
    assert has("3-note-orientation.objet.txt, ligne 1", "accès interdit à « __class__ »")
    assert has("3-note-orientation.objet.txt, ligne 1", "variable inconnue « inconnue »")
    assert err.strip().endswith("corrigez-les puis relancez la vérification.")


def test_partial_override_and_letterhead_with_logo(run, tmp_path, data):
    folder = tmp_path / "modeles"
    (folder / "email").mkdir(parents=True)
    (folder / "email" / "2-courrier-prefecture.objet.txt").write_text(
        "OBJET PERSONNALISÉ — {{ personne.nom_complet }}\n", encoding="utf-8"
    )
    from lettres.documents.rendu import templates_root

    shutil.copytree(templates_root() / "docx", folder / "docx")
    for name in ("3-note-orientation.docx", "bordereau-pieces.docx"):
        (folder / "docx" / name).unlink()
    add_paragraphs(folder / "docx" / "2-courrier-prefecture.docx", "PHRASE AJOUTÉE PAR LA STRUCTURE.")
    (tmp_path / "logo.png").write_bytes(PNG)
    config = tmp_path / "config.yaml"
    config.write_text(
        dump_yaml(
            {
                "structure": {
                    "nom": "Entraide & Droits",
                    "adresse": "3 rue Haute\n06000 Nice",
                    "logo": str(tmp_path / "logo.png"),
                }
            }
        ),
        encoding="utf-8",
    )
    data["signataire"] = "accompagnant"
    path = write_dossier(tmp_path / "d", data)
    code, _, err = run(
        "--config", str(config), "generer", str(path), "--modeles", str(folder), "--sortie", str(tmp_path / "s")
    )
    assert code == 0, err
    out = next((tmp_path / "s").iterdir())
    lettre = (out / "2-courrier-prefecture.docx").read_bytes()
    assert "PHRASE AJOUTÉE PAR LA STRUCTURE." in docx_text(lettre)
    header = docx_text(lettre, "header")
    assert "Entraide & Droits" in header and "3 rue Haute\n06000 Nice" in header
    import zipfile

    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(out / "2-courrier-prefecture.docx").namelist())
    assert "Entraide & Droits" in docx_text(
        (out / "3-note-orientation.docx").read_bytes(), "header"
    )  # default template
    eml = (out / "2-courrier-prefecture.eml").read_bytes().decode("ascii", "replace")
    assert "OBJET" in eml
    assert "Signalement de dysfonctionnement ANEF" in (out / "1-signalement-dgef.txt").read_text(encoding="utf-8")


def test_letterhead_not_on_a_letter_signed_by_the_person(run, tmp_path, data):
    config = tmp_path / "config.yaml"
    config.write_text(dump_yaml({"structure": {"nom": "Entraide & Droits"}}), encoding="utf-8")
    path = write_dossier(tmp_path / "d", data)  # signed by the person
    code, _, err = run("--config", str(config), "generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 0, err
    out = next((tmp_path / "s").iterdir())
    assert "Entraide" not in docx_text((out / "2-courrier-prefecture.docx").read_bytes(), "header")
    assert "Entraide & Droits" in docx_text((out / "bordereau-pieces.docx").read_bytes(), "header")


def test_sandbox_escape_is_refused_and_nothing_written(run, tmp_path, data):
    folder = tmp_path / "modeles"
    (folder / "email").mkdir(parents=True)
    (folder / "email" / "1-signalement-dgef.corps.txt").write_text(
        "{{ personne.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8"
    )
    path = write_dossier(tmp_path / "d", data)
    code, _out, err = run("generer", str(path), "--modeles", str(folder), "--sortie", str(tmp_path / "s"))
    assert code == 2
    assert (
        "Le modèle « 1-signalement-dgef.corps.txt » ne peut pas être utilisé : il tente d'accéder à des éléments "
        "internes de Python, ce qui est interdit." in err
    )
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").iterdir())


def test_missing_templates_folder(run, tmp_path, data):
    path = write_dossier(tmp_path / "d", data)
    code, _, err = run("generer", str(path), "--modeles", str(tmp_path / "absent"))
    assert code == 2 and "Le dossier de modèles" in err and "introuvable" in err
