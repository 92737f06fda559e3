"""A structure's templates run on every letter: endless loops, huge texts, zip bombs, broken files and
links to the network end in exit code 2 and a French sentence naming the template, never a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from aides import add_paragraphs, broken, email_template, export
from conftest import write_dossier
from docx_texte import docx_text, parse_strict, xml_parts

# what these tests check depends on the day: today is AUJOURD_HUI (conftest.py)
pytestmark = pytest.mark.usefixtures("aujourd_hui")

DOCX = "2-courrier-prefecture.docx"


@pytest.fixture
def dossier(tmp_path, data) -> Path:
    return write_dossier(tmp_path / "d", data)


@pytest.mark.parametrize(
    ("source", "attendu"),
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "boucle trop longue"),
        # output at each turn, but little of it: the time limit stops it, not the size of the text
        (
            "{% for i in range(9000) %}{% for j in range(9000) %}{{ '' if j else i }}{% endfor %}{% endfor %}",
            "plus d'une seconde",
        ),
        ("{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}", "plus d'une seconde"),
        ("{{ range(10**9)|list }}", "le nombre 1000000000 est trop grand"),
        ("{{ lipsum(n=10000000) }}", "le nombre 10000000 est trop grand"),
        ("{{ lipsum(n=50) }}", "lipsum() est limité"),
        ("{{ 'a' * 3000000000 }}", "la répétition dépasse"),
        ("{{ [1] * 3000000000 }}", "la répétition dépasse"),
        ("{{ 'x'|center(1000000000) }}", "le nombre 1000000000 est trop grand"),
        ("{{ '%0999999999d'|format(1) }}", "trop grand"),
        ("{{ '%0999999999d' % 1 }}", "trop grand"),
        ("{{ '{:>999999999}'.format(1) }}", "trop grand"),
        ("{{ 'x'.ljust(10**9) }}", "trop grand"),
        ("{{ 10 ** 1000000 }}", "la puissance"),
        ("{{ 2 ** 99 }}{{ 10 ** 10 ** 10 }}", None),
        ("{% set s = 'a' * 900000 %}{{ s|replace('a', s) }}", "le texte remplacé dépasse"),
        ("{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}", "récursion trop profonde"),
    ],
)
def test_runaway_templates_stop_with_a_french_message(run, tmp_path, dossier, monkeypatch, source, attendu):
    monkeypatch.setattr("lettres.documents.bac_a_sable.DELAI_RENDU", 1.0)
    folder = export(run, tmp_path)
    email_template(folder, source)
    code, _, err = run("generer", str(dossier), "--modeles", str(folder), "--sortie", str(tmp_path / "s"))
    if attendu is None:  # a big number, not a runaway: Jinja reads 10 ** 10 ** 10 as (10 ** 10) ** 10
        assert code == 0, err
        return
    assert code == 2, err
    assert "Le modèle « 1-signalement-dgef.corps.txt » ne peut pas être utilisé" in err, err
    attendus = attendu if isinstance(attendu, tuple) else (attendu,)
    assert any(a in err for a in attendus), err
    assert "Traceback" not in err
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").iterdir())


def test_the_limits_leave_normal_templates_alone(run, tmp_path, dossier):
    folder = export(run, tmp_path)
    email_template(
        folder,
        "{% for i in range(3) %}{{ i }}{% endfor %} {{ 'ab' * 3 }} {{ 'x'|center(9) }} {{ lipsum(1)|length > 0 }}\n",
    )
    code, _, err = run("generer", str(dossier), "--modeles", str(folder), "--sortie", str(tmp_path / "s"))
    assert code == 0, err
    txt = next((tmp_path / "s").glob("*/1-signalement-dgef.txt")).read_text(encoding="utf-8")
    assert "012 ababab     x     True" in txt


def endless_word(path: Path) -> None:
    add_paragraphs(path, "{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}")


KINDS = [
    "pas un zip",
    "vide",
    "XML abîmé",
    "latin-1",
    "bombe",
    "entités",
    "image distante",
    "champ INCLUDEPICTURE",
    "champ includepicture",
    "champ DDEAUTO coupé",
    "champ INCLUDETEXT coupé",
    "SVG file:",
    "entités après un long commentaire",
]


@pytest.mark.parametrize("kind", KINDS)
def test_broken_or_dangerous_word_templates(run, tmp_path, dossier, kind):
    folder = export(run, tmp_path)
    broken(kind, folder / "docx" / DOCX)
    code, out, err = run("modeles", "verifier", str(folder))
    assert code == 2 and "Traceback" not in err, out + err
    assert f"- {DOCX}, fichier : " in err, err
    code, _, err = run("generer", str(dossier), "--modeles", str(folder), "--sortie", str(tmp_path / "s"))
    assert code == 2 and "Le modèle « " in err and f"{DOCX} »" in err and "Traceback" not in err, err
    if kind in ("image distante", "champ INCLUDEPICTURE"):
        assert "127.0.0.1:9" in err or "INCLUDEPICTURE" in err


def test_endless_word_template(run, tmp_path, dossier, monkeypatch):
    monkeypatch.setattr("lettres.documents.bac_a_sable.DELAI_RENDU", 1.0)
    folder = export(run, tmp_path)
    endless_word(folder / "docx" / DOCX)
    code, _, err = run("generer", str(dossier), "--modeles", str(folder), "--sortie", str(tmp_path / "s"))
    assert code == 2 and f"Le modèle « {DOCX} » ne peut pas être utilisé : le rendu dure plus d'une seconde" in err


def test_escaped_braces_in_a_dossier_stay_literal(run, tmp_path, data):
    data["blocage"]["description"] = "Texte {_{ x }_} et {_% if %_} tel quel"
    path = write_dossier(tmp_path / "d", data)
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 0, err
    lettre = docx_text(next((tmp_path / "s").glob(f"*/{DOCX}")).read_bytes())
    assert "Texte {_{ x }_} et {_% if %_} tel quel" in lettre


def test_control_character_in_the_structure_name(run, tmp_path, data):
    config = tmp_path / "config.yaml"
    config.write_text('structure:\n  nom: "Asso\\x01ciation\\x0b Exemple"\n', encoding="utf-8")
    data["signataire"] = "accompagnant"
    path = write_dossier(tmp_path / "d", data)
    code, _, err = run("--config", str(config), "generer", str(path), "--sortie", str(tmp_path / "s"))
    assert code == 0, err
    for docx in (tmp_path / "s").glob("*/*.docx"):
        for xml in xml_parts(docx.read_bytes()).values():
            parse_strict(xml)
        assert "Association Exemple" in docx_text(docx.read_bytes(), "header")


def test_a_template_that_eats_memory_is_stopped_in_its_child_process(run, tmp_path, dossier):
    """Break 6: a template that passed the verifier grew to 7.5 GB before the 10 s watchdog stopped it."""
    import resource

    folder = export(run, tmp_path)
    email_template(
        folder,
        "{% set l = [] %}{% for i in range(10000) %}{% set _ = l.append('x' * 999999 ~ i) %}{% endfor %}{{ l|length }}",
    )
    avant = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, _, err = run("generer", str(dossier), "--modeles", str(folder), "--sortie", str(tmp_path / "s"))
    assert code == 2 and "1-signalement-dgef.corps.txt" in err and "mémoire" in err, err
    assert "Traceback" not in err
    # the memory went to the child, which was stopped: this process grew by less than 200 MB
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - avant < 200 * 1024


def test_thirty_nested_loops_are_reported_by_the_verifier_and_refused_in_french(run, tmp_path, dossier):
    """Break 6: 30 nested {% for %} passed the verifier and generer printed a Python SyntaxError traceback."""
    folder = export(run, tmp_path)
    source = "".join(f"{{% for i{n} in [1] %}}" for n in range(30)) + "x" + "{% endfor %}" * 30
    email_template(folder, source)
    code, out, err = run("modeles", "verifier", str(folder))
    assert code == 2 and "30 blocs" in err and "au plus 12" in err and "Traceback" not in err, out + err
    code, _, err = run("generer", str(dossier), "--modeles", str(folder), "--sortie", str(tmp_path / "s"))
    assert code == 2 and "imbrication trop profonde" in err and "Traceback" not in err and "SyntaxError" not in err
