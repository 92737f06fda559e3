"""The default templates: up to date with their builder, and citing only verified law from the data."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from docx_texte import xml_parts
from lettres.documents.rendu import templates_root
from lettres.referentiel import charger_referentiel

ROOT = Path(__file__).resolve().parent.parent


def template_sources() -> dict[str, str]:
    """The text of every template: each XML part of the Word templates, each e-mail template."""
    sources = {}
    for docx in sorted((templates_root() / "docx").glob("*.docx")):
        for part, xml in xml_parts(docx.read_bytes()).items():
            # the text a Word user sees, tags included, without the XML between runs
            sources[f"{docx.name}:{part}"] = re.sub(r"<[^>]+>", "", xml.decode("utf-8"))
    for text in sorted((templates_root() / "email").glob("*.txt")):
        sources[text.name] = text.read_text(encoding="utf-8")
    return sources


def test_committed_word_templates_match_their_builder():
    done = subprocess.run(
        [sys.executable, str(ROOT / "outils" / "construire_modeles.py"), "--verifier"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


WORDING = ROOT / "lettres" / "documents"


def test_every_cited_text_exists_and_is_verified():
    """Templates cite ``textes.CODE``; the sentences that depend on the situation (courrier.py, note.py) cite
    ``t['CODE']`` from the same verified texts."""
    textes = charger_referentiel().textes
    cited = set()
    for _name, source in template_sources().items():
        cited |= set(re.findall(r"textes\.(\w+)", source))
    for module in ("courrier.py", "note.py"):
        cited |= set(re.findall(r"\bt\[['\"](\w+)['\"]\]", (WORDING / module).read_text(encoding="utf-8")))
    assert {
        "r431_2",
        "decret_2023_191",
        "arrete_2023_08_01",
        "ce_2022_452798",
        "l521_3_cja",
        "r432_1",
        "r432_2",
        "r431_2_al2",
        "r431_15_1",
        "r431_12",
        "l521_1_cja",
        "ce_avis_2024_494718",
    } <= cited
    # verified on 6 December 2026 (docs/delais.md): the note cites them, each from the data
    assert {"l232_4_crpa", "ce_2025_504677", "l112_6_crpa", "ce_2019_417270", "l433_3", "r412_1_cja"} <= cited
    for code in cited:
        assert code in textes, code
        assert textes[code].statut == "verifie", code
        assert textes[code].source and textes[code].verifie_le, code


def test_no_legal_reference_is_written_by_hand_in_a_template():
    pattern = re.compile(r"\b[RLD]\.? ?\d{3}-\d|n° ?\d{5,}|décret n°|\b20\d\d-\d{2,3}\b")
    sources = template_sources()
    for module in ("courrier.py", "note.py"):
        # the sentences of the wording modules, without their f-string fields and comments
        code = (WORDING / module).read_text(encoding="utf-8")
        sources[module] = re.sub(r"#.*", "", re.sub(r"\{[^{}]*\}", "", code))
    for name, source in sources.items():
        visible = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", source)
        assert not pattern.search(visible), (name, pattern.search(visible).group(0))


def test_data_files_carry_source_and_date():
    referentiel = charger_referentiel()
    for group in (referentiel.textes, referentiel.contacts, referentiel.prefectures):
        for code, entry in group.items():
            assert entry.source and entry.verifie_le, code
    # every département, and the three collectivités d'outre-mer where the CESEDA applies
    assert len(referentiel.prefectures) == 104
    paca = [code for code in referentiel.prefectures if referentiel.en_paca(code)]
    assert sorted(paca) == sorted(["13", "06", "83", "84", "05", "04", "2A", "2B"])
    assert all(referentiel.prefectures[c].rdv_blocage.source for c in paca)
    nice = referentiel.prefectures["06"].rdv_blocage
    assert nice is not None and nice.mode == "telephone" and nice.telephone == ""
    assert referentiel.contacts["assistance_anef_particuliers"].telephone == "0 806 001 620"
    assert "2023-191" in referentiel.textes["decret_2023_191"].citation
    assert [e.numero for e in referentiel.etapes] == [1, 2, 3, 4, 5, 6]


def test_reference_data_is_typed_and_a_wrong_entry_names_its_file():
    import pytest

    from lettres.referentiel import Prefecture, Tribunal, _modeles

    referentiel = charger_referentiel()
    assert isinstance(referentiel.prefectures["13"], Prefecture)
    assert referentiel.tribunal("13") == Tribunal(
        code="marseille",
        nom="Tribunal administratif de Marseille",
        ville="Marseille",
        cour_appel="Cour administrative d'appel de Marseille",
        adresse="",
        statut_adresse="non_verifie",
    )
    with pytest.raises(ValueError, match=r"tribunaux\.yaml, lyon : \('vile',\) Extra inputs"):
        _modeles(
            Tribunal, "tribunaux", {"lyon": {"nom": "T", "ville": "L", "cour_appel": "C", "vile": "x"}}, code="code"
        )


def test_reference_data_is_kept_loaded_in_the_cache_folder(tmp_path, monkeypatch):
    """The next command unpickles the loaded data: the same values; a damaged file is read again from the data."""
    import lettres.referentiel as referentiel

    monkeypatch.setenv("LETTRES_CACHE", str(tmp_path / "cache"))
    fresh = referentiel.charger_referentiel.__wrapped__()
    (stored,) = (tmp_path / "cache").glob("referentiel-*.pickle")
    monkeypatch.setattr(referentiel, "_lire", lambda: (_ for _ in ()).throw(AssertionError("relu")))
    assert referentiel.charger_referentiel.__wrapped__() == fresh
    monkeypatch.undo()
    monkeypatch.setenv("LETTRES_CACHE", str(tmp_path / "cache"))
    stored.write_bytes(stored.read_bytes()[:100])
    assert referentiel.charger_referentiel.__wrapped__() == fresh
    assert len(stored.read_bytes()) > 100  # written again, whole
    monkeypatch.setenv("LETTRES_CACHE", "")  # no cache: read from the data files every time
    assert referentiel.charger_referentiel.__wrapped__() == fresh
    from lettres.referentiel import accords

    monkeypatch.setenv("LETTRES_CACHE", str(tmp_path / "cache"))
    lus = accords.charger_accords.__wrapped__()
    assert list((tmp_path / "cache").glob("accords-*.pickle")) and accords.charger_accords.__wrapped__() == lus
    assert lus["algerien"].regime == "complet"
