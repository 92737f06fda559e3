"""The web door's leftovers (issue 24, « finitions »): a batch report forgotten by a restarted server, the
civilité of the préfet asked with the préfecture, the titre's category said at once, paths shown by name."""

from __future__ import annotations

import re

import pytest

from web_outils import form_fields, new_web, ticked, visible_text


@pytest.fixture
def web(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


# --- a batch report after a restart ----------------------------------------------------------------


def test_a_batch_unknown_after_a_restart_says_where_its_files_are(web):
    sortie = web.racine / "sorties"
    (sortie / "lot-2026-11-26_143005").mkdir(parents=True)
    (sortie / "lot-2026-11-27_091500").mkdir()
    (sortie / "2026-11-27_DIALLO_Aminata_3fa2c1").mkdir()  # a dossier's documents, not a batch
    for adresse in ("/lot/3", "/lot/3/resultats.zip"):
        page = web.get(adresse)
        assert page.status_code == 404
        texte = visible_text(page.text)
        assert "Le compte rendu de ce lot n'est plus affiché" in texte
        assert "Rien n'est perdu" in texte and "rapport.csv" in texte
        assert f"Dossier des documents produits (à ouvrir depuis l'explorateur de fichiers) : {sortie}" in texte
        # newest first, by their date and time
        assert re.search(
            r"Lot du 27 novembre 2026 à 09 h 15 : lot-2026-11-27_091500 .*Lot du 26 novembre 2026 à 14 h 30", texte
        )
        assert "DIALLO" not in texte
        assert '<a class="bouton principal" href="/lot">Lancer un lot</a>' in page.text
        assert 'href="/static/lettres.css"' in page.text  # the door's own style


def test_a_batch_unknown_with_no_batch_folder_left_says_so(web):
    texte = visible_text(web.get("/lot/1").text)
    assert "Aucun dossier de lot n'y est plus rangé : il a été déplacé ou supprimé." in texte
    assert "Lancer un lot" in texte


# --- the civilité of the préfet, with the préfecture --------------------------------------------------------


def test_the_prefet_s_civilite_is_asked_with_the_prefecture_not_among_the_other_informations(web, data):
    from conftest import write_dossier

    data["envoi"].pop("prefet_civilite", None)
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    html = web.get(f"/dossier/{ident}/page/envoi").text
    bloc = html.index('id="bloc-champ-envoi-prefet-civilite"')
    autres = html.index("Autres informations (facultatives)")
    assert bloc < autres  # beside the préfecture's addresses, not folded under « Autres informations »
    assert "Le préfet ou la préfète" in visible_text(html[bloc:autres])
    champs = form_fields(html, "Enregistrer et continuer")
    champs.update({"envoi.prefet_civilite": ["monsieur"], "envoi.recommande": ["oui"]})
    champs["envoi.bordereau_pieces_demande"] = ["oui"]
    assert web.post(f"/dossier/{ident}/page/envoi", champs).status_code == 303
    assert ticked(web.get(f"/dossier/{ident}/page/envoi").text, "envoi.prefet_civilite") == {"monsieur"}
    revue = visible_text(web.get(f"/dossier/{ident}/revue").text)
    assert "Le préfet ou la préfète Monsieur" in revue
