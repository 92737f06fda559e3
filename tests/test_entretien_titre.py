"""The titre and its pièces in the interview: a category found by any word or its code, free text kept as
typed, and the checklist of the category's pièces (prompt_toolkit's pipe input, as in test_entretien.py)."""

from __future__ import annotations

from aides import (
    BLOCAGE,
    CTRL_U,
    DOWN,
    ENTER,
    ESC,
    FIN,
    PERSONNE,
    SANS_DEMARCHE,
    SIGNATURE,
    interview,
)
from lettres.dossier import load_dossier

SPACE = " "
APRES_TITRE = ["13\r", "7501234567\r", "\r", "\r", "15/12/2026\r"]  # préfecture, numéro, ANEF, dépôt, expiry


def keys(titre: list[str], pieces: list[str] | None = None, nature: str = "Renouv\r") -> list[str]:
    return PERSONNE + [nature, *titre, *APRES_TITRE] + (pieces or []) + SIGNATURE + BLOCAGE + SANS_DEMARCHE + FIN


def test_salarie_offers_the_category_and_keeps_the_titre_made_precise(tmp_path, capsys):
    # « salarié », ↓ to the first category (CST 3), then the titre as the letters will write it
    titre = ["salarié", DOWN, ENTER, CTRL_U + "carte de séjour pluriannuelle « salarié »\r"]
    # renewal of CST 3: only the common pièces, in order nationalite, domicile, photos, polygamie, taxes;
    # tick the passport and the photos, leave the proof of address out
    pieces = [SPACE, DOWN, DOWN, SPACE, ENTER]  # the cursor is on the first line from the start
    _dossier, path, _ = interview(tmp_path / "d.yaml", keys(titre, pieces))
    d = load_dossier(path).demande
    assert d.titre == "carte de séjour pluriannuelle « salarié »" and d.categorie == "CST 3"
    assert d.pieces_fournies == ["nationalite", "photos"]
    out = " ".join(capsys.readouterr().out.split())  # lines wrapped for the terminal, joined
    assert "CST 3 – salarié, travailleur temporaire, entrepreneur/profession libérale" in out
    assert "liste à vérifier sur le site de la préfecture" in out
    assert "— Les pièces de la demande —" in out


def test_a_code_typed_any_way_finds_its_category(tmp_path):
    for typed, code, nom in (
        ("cst8", "CST 8", "carte de séjour temporaire « visiteur »"),
        ("CST 1", "CST 1", "carte de séjour temporaire « vie privée et familiale » (membre de famille)"),
        ("csp 1.10", "CSP 1.10", "carte de séjour pluriannuelle « passeport talent renommée internationale »"),
    ):
        pieces = [ENTER]  # nothing ticked: the checklist stays empty (not checked)
        dossier, _, _ = interview(tmp_path / f"{code}.yaml", keys([typed + "\r"], pieces))
        assert (dossier.demande.categorie, dossier.demande.titre) == (code, nom), typed
        assert dossier.demande.pieces_fournies == []


def test_free_text_is_kept_and_asks_no_checklist(tmp_path, capsys):
    titre = ["carte pluriannuelle « salarié » <b>{{ x }}</b>\r"]
    dossier, _, _session = interview(tmp_path / "d.yaml", keys(titre))
    assert dossier.demande.titre == "carte pluriannuelle « salarié » <b>{{ x }}</b>"
    assert dossier.demande.categorie == "" and dossier.demande.pieces_fournies == []
    assert "— Les pièces de la demande —" not in capsys.readouterr().out


def test_visitor_checklist_offers_the_verified_list(tmp_path, capsys):
    # CST 8, first demande: the common pièces, then the category's own (visa, ressources, assurance…)
    pieces = [SPACE, DOWN + SPACE, DOWN + SPACE, ENTER]  # the first three ticked (cursor on the first)
    titre = ["visiteur", DOWN, ENTER]
    premiere = [*PERSONNE, "Premi\r", *titre, "13\r", "\r", "\r", *pieces, *SIGNATURE, *BLOCAGE, *SANS_DEMARCHE]
    dossier, _, _ = interview(tmp_path / "d.yaml", [*premiere, "\r", *FIN[2:]])
    assert dossier.demande.categorie == "CST 8"
    assert dossier.demande.pieces_fournies == ["etat_civil", "nationalite", "domicile"]
    out = " ".join(capsys.readouterr().out.split())  # lines wrapped for the terminal, joined
    assert "? Pièces de la demande réunies : copie intégrale d'acte de naissance" in out and "fiche F302" in out
    assert "liste à vérifier" not in out


def test_escape_after_the_titre_undoes_titre_and_category_together(tmp_path):
    # CST 8 chosen, then Échap on the préfecture: the titre is asked again, free text this time
    titre = ["visiteur", DOWN, ENTER, ESC, CTRL_U + "autre titre\r"]
    dossier, _, _ = interview(tmp_path / "d.yaml", keys(titre))
    assert dossier.demande.titre == "autre titre" and dossier.demande.categorie == ""


def test_another_category_keeps_only_the_pieces_of_its_list(tmp_path):
    from lettres.prompts.entretien import Entretien

    answers = {
        "demande": {
            "nature": "premiere_demande",
            "titre": "carte de séjour temporaire « visiteur »",
            "categorie": "CST 8",
            "pieces_fournies": ["ressources", "nationalite"],
        }
    }
    entretien = Entretien(answers, asker=None, base=tmp_path)  # type: ignore[arg-type]  # asks nothing
    answers["demande"]["categorie"] = "CST 3"
    entretien.prune()
    assert answers["demande"]["pieces_fournies"] == ["nationalite"]
    answers["demande"]["categorie"] = ""  # the titre names CST 8 exactly: its list again
    entretien.prune()
    assert answers["demande"]["pieces_fournies"] == ["nationalite"]
    answers["demande"]["titre"] = "carte « salarié »"  # a free titre: no list, no ticks
    entretien.prune()
    assert "pieces_fournies" not in answers["demande"]
