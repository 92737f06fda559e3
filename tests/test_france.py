"""All of France: every préfecture with its tribunal, found by any word a caseworker types; what no source gives
is asked of the structure, never invented; a regional contact never leaves its region; the structure's contacts
are shared with another; Paris, Mayotte, Saint-Barthélemy and the overseas territories are said, not guessed."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import date

import pytest

from conftest import AUJOURD_HUI, BASE, write_dossier_justifie
from docx_texte import docx_text
from lettres.cli.avertissements import phrases
from lettres.config import Configuration
from lettres.documents.generation import generate
from lettres.dossier import load_dossier, validate_dossier
from lettres.erreurs import DossierInvalide
from lettres.referentiel import charger_referentiel
from lettres.yamlio import dump_yaml

# the contacts of PACA and Corse only: the ESPACE hotline, the FAS PACA Corse, the PAN channels of the fiche (the
# fiche itself is still cited as the source of the rules)
PACA = (
    "espace.asso.fr",
    "04 84 89 58 05",
    "hotline juridique",
    "pacacorse@",
    "04 93 72 20 21",
    "e-Meraude",
    "Emeraude",
)
RDV = {
    "type": "demande_rdv",
    "date": "2026-10-08",
    "detail": "Formulaire du PAN",
    "resultat": "aucun créneau",
    "pieces": ["captures/rdv.png"],
}
COURRIER = {
    "type": "courrier_prefecture",
    "date": "2026-11-02",
    "detail": "Courrier recommandé",
    "resultat": "sans réponse",
    "pieces": ["captures/courrier.png"],
}


@pytest.fixture(autouse=True)
def without_libreoffice(monkeypatch):
    from lettres.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)


def ripe(prefecture: str) -> dict:
    """Steps 1 to 5 done, the préfecture's letter unanswered: the référé is ripe on 27 November 2026. The
    orientation goes to nobody named (the base dossier names ESPACE, a PACA structure)."""
    data = copy.deepcopy(BASE)
    data["demarches"] += [dict(RDV), copy.deepcopy(COURRIER)]
    data["blocage"]["types"] = ["pas_api"]
    data["demande"].update({"titre_actuel_expiration": "2026-11-10", "prefecture": prefecture})
    data["envoi"]["accuse_reception_le"] = "2026-11-05"
    data["orientation"] = {"vers": "juriste", "nom": "", "structure": "Permanence Exemple", "objet": "Analyse"}
    data["justificatifs"] = {"titre_sejour": ["pieces/titre.png"], "attestation_depot": ["pieces/depot.png"]}
    return data


# --- the reference data ----------------------------------------------------------------------------------


def test_every_row_has_a_tribunal_a_source_a_status_and_a_date():
    r = charger_referentiel()
    assert len(r.prefectures) == 104
    for code, p in r.prefectures.items():
        tribunal = r.tribunal(code)
        assert tribunal and tribunal.nom.startswith("Tribunal administratif") and tribunal.cour_appel, code
        assert p.source and isinstance(p.verifie_le, date) and p.chef_lieu and p.ville, code
    assert Counter(p.statut for p in r.prefectures.values()) == {"verifie": 100, "secondaire": 3, "a_verifier": 1}
    avertis = [code for code in r.prefectures if r.avertissements_prefecture(code)]
    assert sorted(avertis) == ["971", "972", "973", "974", "975", "976", "977", "978"]
    # since 1 March 2022 the appeals of Nîmes (Vaucluse) go to Toulouse, not Marseille
    assert r.tribunal("84").nom == "Tribunal administratif de Nîmes"
    assert r.tribunal("84").cour_appel == "Cour administrative d'appel de Toulouse"
    assert r.tribunal("92").nom == "Tribunal administratif de Cergy-Pontoise"
    assert r.tribunal("93").nom == "Tribunal administratif de Montreuil"
    assert r.tribunal("972").nom == "Tribunal administratif de la Martinique" and r.tribunal("972").ville == "Schœlcher"
    assert r.prefectures["75"].nom == "Préfecture de police"
    # the eight of PACA-Corse keep what they had
    assert r.prefectures["06"].rdv_blocage.mode == "telephone"
    assert r.prefectures["84"].nom == "Préfecture de Vaucluse"


@pytest.mark.parametrize(
    ("tape", "code"),
    [
        ("lyon", "69"),
        ("Rhône", "69"),
        ("rhone", "69"),
        ("Préfecture du Rhône", "69"),
        ("1", "01"),
        ("2a", "2A"),
        ("saint-etienne", "42"),
        ("Saint Étienne", "42"),
        ("Pontoise", "95"),
        ("cayenne", "973"),
        ("Mamoudzou", "976"),
        ("paris", "75"),
        ("Basse-Terre", "971"),
    ],
)
def test_a_prefecture_is_found_by_any_word_that_names_it(tape, code):
    data = copy.deepcopy(BASE)
    data["demande"]["prefecture"] = tape
    assert validate_dossier(data).demande.prefecture == code


def test_an_ambiguous_or_unknown_word_says_what_to_type():
    data = copy.deepcopy(BASE)
    data["demande"]["prefecture"] = "Marigot"
    with pytest.raises(DossierInvalide) as ambigu:
        validate_dossier(data)
    assert "désigne plusieurs préfectures : 977" in ambigu.value.message and "978" in ambigu.value.message
    data["demande"]["prefecture"] = "Atlantide"
    with pytest.raises(DossierInvalide) as inconnu:
        validate_dossier(data)
    assert "« Atlantide » n'est pas une valeur acceptée" in inconnu.value.message and "(Lyon)" in inconnu.value.message


# --- letters and requête, from Lyon to Mayotte -----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "tribunal", "avertissement"),
    [
        ("69", "tribunal administratif de Lyon", None),
        ("75", "tribunal administratif de Paris", None),
        ("59", "tribunal administratif de Lille", None),
        ("973", "tribunal administratif de la Guyane", "Outre-mer : le CESEDA s'y applique avec des adaptations"),
        ("976", "tribunal administratif de Mayotte", "titre territorialisé"),
    ],
)
def test_letters_and_the_requete_go_to_the_right_tribunal(tmp_path, run, code, tribunal, avertissement):
    path = write_dossier_justifie(tmp_path / "dossier", ripe(code))
    resultat = generate(load_dossier(path), path.parent, tmp_path / "sorties", aujourd_hui=AUJOURD_HUI)
    requete = docx_text((resultat.dossier / "4-refere-mesures-utiles.docx").read_bytes())
    assert f"président du {tribunal}, juge des référés" in requete
    note = docx_text((resultat.dossier / "3-note-orientation.docx").read_bytes())
    notes = " ".join(phrases(resultat))
    if avertissement:
        assert avertissement in notes and "relire par un ou une juriste" in notes
    else:
        assert "Outre-mer" not in notes
    # the letter to the préfecture, for a dossier where it is still to send
    lettre_data = copy.deepcopy(BASE)
    lettre_data["demande"]["prefecture"] = code
    lettre_data["orientation"] = ripe(code)["orientation"]
    lettre = write_dossier_justifie(tmp_path / "lettre", lettre_data)
    envoi = generate(load_dossier(lettre), lettre.parent, tmp_path / "s2", ("prefecture",), aujourd_hui=AUJOURD_HUI)
    courrier = docx_text((envoi.dossier / "2-courrier-prefecture.docx").read_bytes())
    assert charger_referentiel().prefectures[code].nom in courrier
    exit_code, out, err = run("verifier", str(path), "--date-du-jour", "2026-11-27")
    assert exit_code == 0, err
    flat = " ".join(out.split())
    assert f"devant le {tribunal}" in flat
    for texte in (requete, note, courrier, flat, notes):
        assert not [mot for mot in PACA if mot in texte], (code, [mot for mot in PACA if mot in texte])


def test_paris_writes_to_the_prefet_de_police(tmp_path):
    data = copy.deepcopy(BASE)
    data["demande"]["prefecture"] = "paris"
    path = write_dossier_justifie(tmp_path / "lettre", data)
    resultat = generate(load_dossier(path), path.parent, tmp_path / "s", ("prefecture",), aujourd_hui=AUJOURD_HUI)
    courrier = docx_text((resultat.dossier / "2-courrier-prefecture.docx").read_bytes())
    assert "Préfecture de police" in courrier and "Monsieur le Préfet de police," in courrier
    ripe_path = write_dossier_justifie(tmp_path / "refere", ripe("75"))
    refere = generate(load_dossier(ripe_path), ripe_path.parent, tmp_path / "s2", ("refere",), aujourd_hui=AUJOURD_HUI)
    requete = docx_text((refere.dossier / "4-refere-mesures-utiles.docx").read_bytes())
    assert "Le préfet de police" in requete and "ENJOINDRE au préfet de police" in requete


def test_saint_barthelemy_offers_the_refere_with_a_warning(run, tmp_path):
    path = write_dossier_justifie(tmp_path, ripe("977"))
    code, out, err = run("verifier", str(path), "--date-du-jour", "2026-11-27")
    flat = " ".join(out.split())
    assert code == 0, err
    assert "possible à partir du 21 novembre 2026 devant le tribunal administratif de Saint-Barthélemy." in flat
    assert "le tribunal compétent reste à vérifier" in flat and "tribunal administratif de Saint-Martin" in flat
    code, out, err = run("generer", str(path), "--lettres", "refere", "--sortie", str(tmp_path / "s"))
    assert code == 0, err
    assert "le tribunal compétent reste à vérifier" in " ".join(err.split())


# --- done when: a caseworker in Lyon ---------------------------------------------------------------------


def test_a_caseworker_in_lyon(tmp_path, run):
    from aides import keyboard
    from lettres.config import load_config
    from lettres.prompts.asker import TerminalAsker
    from lettres.prompts.config import edit_config

    config_path = tmp_path / "config.yaml"
    keys = [
        "préfecture par\r",
        "lyon\r",  # « Rhône », typed as its city
        "Enregistrer\r",
    ]
    with keyboard(keys):
        edit_config(Configuration(config_path), TerminalAsker())
    assert load_config(config_path).prefecture == "69"
    data = ripe("69")
    path = write_dossier_justifie(tmp_path / "dossier", data)
    code, out, err = run("--config", str(config_path), "verifier", str(path), "--date-du-jour", "2026-11-27")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "Préfecture du Rhône (Lyon) ; recours devant le tribunal administratif de Lyon" in flat
    assert "appel devant la cour administrative d'appel de Lyon" in flat
    assert "À ajouter par votre structure" in flat
    for manque in (
        "l'adresse postale du service des étrangers",
        "l'adresse électronique du service des étrangers",
        "point d'accueil numérique (PAN)",
        "une permanence juridique locale",
    ):
        assert manque in flat
    # the national networks, with their sources, instead of the PACA hotline
    assert "Défenseur des droits" in flat and "3039" in flat and "Source : https://defenseurdesdroits.fr" in flat
    assert not [mot for mot in PACA if mot in flat]
    code, out, err = run(
        "--config", str(config_path), "generer", str(path), "--lettres", "refere", "--sortie", str(tmp_path / "s")
    )
    assert code == 0, err
    (dossier,) = (tmp_path / "s").iterdir()
    requete = docx_text((dossier / "4-refere-mesures-utiles.docx").read_bytes())
    assert "président du tribunal administratif de Lyon, juge des référés" in requete


def test_what_the_structure_adds_is_used_and_no_longer_asked(tmp_path, run):
    config = tmp_path / "config.yaml"
    config.write_text(
        dump_yaml(
            {
                "prefectures": {
                    "69": {
                        "courriel": "etrangers@rhone.exemple.org",
                        "adresse": "Service des étrangers\n69003 Lyon",
                        "rdv": "formulaire en ligne du PAN de Lyon",
                        "juridique": "Permanence Exemple, 04 78 00 00 00",
                        "source": "Appel à la préfecture",
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    data = ripe("69")
    data["demarches"] = [d for d in data["demarches"] if d["type"] != "demande_rdv"]
    path = write_dossier_justifie(tmp_path / "dossier", data)
    code, out, err = run("--config", str(config), "verifier", str(path), "--date-du-jour", "2026-11-27")
    flat = " ".join(out.split())
    assert code == 0, err
    assert "À ajouter par votre structure" not in flat
    assert "Prochaine action (étape 4)" in flat
    assert "Point d'accueil numérique de la préfecture du Rhône : formulaire en ligne du PAN de Lyon" in flat
    assert "Permanence juridique locale : Permanence Exemple, 04 78 00 00 00" in flat
    assert "Source : Appel à la préfecture" in flat


# --- contacts shared between structures ------------------------------------------------------------------


def test_contacts_are_exported_and_imported_with_their_source(tmp_path, run):
    from lettres.config import load_config

    lyon = tmp_path / "lyon.yaml"
    lyon.write_text(
        dump_yaml(
            {
                "structure": {"nom": "Accueil Lyon"},
                "prefectures": {"69": {"courriel": "etrangers@rhone.exemple.org", "rdv": "formulaire du PAN"}},
                "tribunaux": {"lyon": {"adresse": "Greffe\n69000 Lyon"}},
            }
        ),
        encoding="utf-8",
    )
    partage = tmp_path / "contacts.yaml"
    code, out, err = run("--config", str(lyon), "config", "exporter", str(partage))
    assert code == 0, err
    assert f"2 contacts locaux écrits dans {partage}" in out
    texte = partage.read_text(encoding="utf-8")
    assert texte.startswith("# Contacts locaux") and "contacts_locaux: 1" in texte
    assert "source: Renseigné par Accueil Lyon" in texte and "verifie_le: " in texte
    code, _, err = run("--config", str(lyon), "config", "exporter", str(partage))
    assert code == 2 and "existe déjà" in err
    autre = tmp_path / "autre.yaml"
    autre.write_text(dump_yaml({"prefectures": {"69": {"courriel": "le-notre@exemple.org"}}}), encoding="utf-8")
    code, out, err = run("--config", str(autre), "config", "importer", str(partage))
    assert code == 0, err
    assert "Préfecture 69 : ajouté rdv ; gardé le vôtre pour courriel." in out
    importee = load_config(autre)
    assert importee.prefecture_contact("69")["courriel"] == "le-notre@exemple.org"
    assert importee.prefecture_contact("69")["rdv"] == "formulaire du PAN"
    assert importee.prefecture_contact("69")["source"] == "Renseigné par Accueil Lyon"
    assert importee.data["tribunaux"]["lyon"]["adresse"].strip() == "Greffe\n69000 Lyon"
    code, out, err = run("--config", str(autre), "config", "importer", str(partage), "--remplacer")
    assert code == 0 and load_config(autre).prefecture_contact("69")["courriel"] == "etrangers@rhone.exemple.org"


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        ({"prefectures": {"69": {"rdv": "x", "source": "y", "verifie_le": "2026-11-01"}}}, "contacts_locaux: 1"),
        (
            {"contacts_locaux": 1, "prefectures": {"99": {"rdv": "x", "source": "y", "verifie_le": "2026-11-01"}}},
            "prefectures.99 n'est pas un code de préfecture (numéro du département) connu",
        ),
        (
            {"contacts_locaux": 1, "prefectures": {"69": {"rdv": "x", "verifie_le": "2026-11-01"}}},
            "prefectures.69.source manque",
        ),
        (
            {"contacts_locaux": 1, "prefectures": {"69": {"rdv": "x", "source": "y"}}},
            "prefectures.69.verifie_le manque",
        ),
        (
            {"contacts_locaux": 1, "prefectures": {"69": {"rdv": "x", "source": "y", "verifie_le": "2027-01-01"}}},
            "est dans le futur",
        ),
        (
            {
                "contacts_locaux": 1,
                "prefectures": {"69": {"courriel": "pas-une-adresse", "source": "y", "verifie_le": "2026-11-01"}},
            },
            "n'est pas une adresse électronique valide",
        ),
        (
            {
                "contacts_locaux": 1,
                "prefectures": {"69": {"telephone": "x", "source": "y", "verifie_le": "2026-11-01"}},
            },
            "clé inconnue telephone",
        ),
        (
            {
                "contacts_locaux": 1,
                "tribunaux": {"atlantide": {"adresse": "x", "source": "y", "verifie_le": "2026-11-01"}},
            },
            "tribunaux.atlantide n'est pas un code de tribunal connu",
        ),
    ],
)
def test_a_shared_file_is_checked_like_the_reference_data(tmp_path, run, monkeypatch, contenu, message):
    partage = tmp_path / "contacts.yaml"
    partage.write_text(dump_yaml(contenu), encoding="utf-8")
    config = tmp_path / "config.yaml"  # a structure that has no configuration yet
    monkeypatch.setenv("LETTRES_CONFIG", str(config))
    code, _, err = run("config", "importer", str(partage))
    assert code == 2 and message in " ".join(err.split()), err
    assert "Traceback" not in err and not config.exists()


def test_config_help_shows_its_examples(run):
    code, out, _ = run("config", "importer", "--help")
    assert code == 0 and "lettres config importer contacts-lyon.yaml" in out and "--remplacer" in out


# --- the spreadsheet and the web -------------------------------------------------------------------------


def test_the_spreadsheet_takes_a_city_and_offers_every_prefecture(tmp_path):
    from openpyxl import load_workbook

    from aides import row, write_csv
    from lettres.lot import Options, run_batch
    from lettres.lot.vierge import write_template

    source = write_csv(tmp_path / "cas.csv", [row("L1", **{"demande.prefecture": "Lyon"})])
    rapport = run_batch(source, Options(sortie=tmp_path / "s", aujourd_hui=AUJOURD_HUI), Configuration(tmp_path / "a"))
    assert rapport.generes == 1 and not rapport.rejets, rapport.rejets
    (lettre,) = (tmp_path / "s").rglob("2-courrier-prefecture.docx")
    assert "Préfecture du Rhône" in docx_text(lettre.read_bytes())
    write_template(tmp_path / "cas.xlsx")
    listes = load_workbook(tmp_path / "cas.xlsx")["listes"]
    valeurs = {c.value for colonne in listes.iter_cols() for c in colonne}
    assert {
        "69 — Préfecture du Rhône (Lyon)",
        "75 — Préfecture de police (Paris)",
        "976 — Préfecture de Mayotte (Mamoudzou)",
    } <= valeurs
    choisi = copy.deepcopy(BASE)
    choisi["demande"]["prefecture"] = "69 — Préfecture du Rhône (Lyon)"  # as the drop-down writes it
    assert validate_dossier(choisi).demande.prefecture == "69"


def test_the_web_door_in_lyon(tmp_path, monkeypatch):
    from web_outils import BLOCAGE, DEMANDE, PERSONNE, ident_in, new_web, post_page, visible_text

    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(tmp_path / "dossiers")
    ident = ident_in(web.post("/nouveau").headers["location"])
    page = web.get(f"/dossier/{ident}/page/demande").text
    assert 'list="champ-demande-prefecture-propositions"' in page and "69 — Préfecture du Rhône (Lyon)" in page
    for code, data in (
        ("personne", PERSONNE),
        ("demande", {**DEMANDE, "demande.prefecture": "lyon"}),
        ("signature", {"signataire": "personne"}),
        ("accompagnant", {"_accompagnant": "non"}),
        ("blocage", BLOCAGE),
    ):
        response = post_page(web, ident, code, data)
        assert response.status_code == 303, visible_text(web.follow(response).text)[:1500]
        location = response.headers["location"]
    ident = ident_in(location)
    path = web.guichet.chemin(ident)
    assert load_dossier(path).demande.prefecture == "69"
    point = visible_text(web.get(f"/dossier/{ident}/point").text)
    assert "Préfecture du Rhône (Lyon) ; recours devant le tribunal administratif de Lyon" in point
    assert "À ajouter par votre structure" in point and "une permanence juridique locale" in point
    assert "Défenseur des droits" in point and not [mot for mot in PACA if mot in point]
    reglages = web.get("/reglages?prefecture=69").text
    assert 'id="prefecture-69"' in reglages and 'name="prefectures.69.rdv"' in reglages
    saved = web.post(
        "/reglages",
        {
            "prefecture": "69",
            "prefectures.69.courriel": "etrangers@rhone.exemple.org",
            "prefectures.69.rdv": "formulaire du PAN de Lyon",
            "prefectures.69.juridique": "Permanence Exemple",
            "prefectures.69.source": "Site de la préfecture",
        },
    )
    assert saved.status_code == 303
    from lettres.config import load_config

    contact = load_config().prefecture_contact("69")
    # the default préfecture, typed as a caseworker types it
    assert web.post("/reglages", {"prefecture": "lyon"}).status_code == 303
    assert load_config().data["prefecture"] == "69"
    ambigu = web.follow(web.post("/reglages", {"prefecture": "marigot"}))
    assert "désigne plusieurs préfectures" in visible_text(ambigu.text)
    assert contact["rdv"] == "formulaire du PAN de Lyon" and contact["source"] == "Site de la préfecture"
    point = visible_text(web.get(f"/dossier/{ident}/point").text)
    assert (
        "une permanence juridique locale" not in point and "Permanence juridique locale : Permanence Exemple" in point
    )


def test_vaucluse_keeps_its_paca_contacts_and_appeals_to_toulouse(run, tmp_path):
    path = write_dossier_justifie(tmp_path, ripe("84"))
    code, out, err = run("verifier", str(path), "--date-du-jour", "2026-11-27")
    flat = " ".join(out.split())
    assert code == 0, err
    assert "Préfecture de Vaucluse (Avignon) ; recours devant le tribunal administratif de Nîmes" in flat
    assert "appel devant la cour administrative d'appel de Toulouse" in flat
    # in PACA, the regional hotline is still offered, and no local legal line is asked of the structure
    assert "juridique@espace.asso.fr" in flat and "04 84 89 58 05" in flat
    assert "une permanence juridique locale" not in flat and "defenseurdesdroits.fr" not in flat
