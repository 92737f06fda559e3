"""Document 5, the draft requête en référé « mesures utiles »: when it is offered, before which tribunal, what
it asks, and its pièces for Télérecours citoyens named exactly as its inventaire says."""

from __future__ import annotations

import copy
import json
import os
import shutil
from datetime import date

import pytest

from aides import RDV_RELANCE
from conftest import AUJOURD_HUI, BASE, PNG, write_dossier_justifie
from docx_texte import docx_text, parse_strict, xml_parts
from lettres.cli.avertissements import phrases
from lettres.documents.generation import generate
from lettres.dossier import load_dossier, validate_dossier
from lettres.procedure.refere import compute_refere
from lettres.procedure.situation import compute_situation
from lettres.referentiel import charger_referentiel

RDV = {"type": "demande_rdv", "date": "2026-10-08", "detail": "Formulaire du PAN", "resultat": "aucun créneau", "pieces": ["captures/rdv.png"]}
COURRIER = {
    "type": "courrier_prefecture",
    "date": "2026-11-02",
    "detail": "Courrier recommandé",
    "resultat": "sans réponse",
    "objet": ["api"],
    "pieces": ["captures/courrier.png"],
}
HAVE_LIBREOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None


@pytest.fixture(autouse=True)
def without_libreoffice(monkeypatch):
    """Most tests name the pièces as they are; one test below lets LibreOffice turn them into PDF."""
    from lettres.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)


def ripe(**demande) -> dict:
    """A filed renewal without API, steps 1 to 5 done, the préfecture's 15 days over on 27 November 2026."""
    data = copy.deepcopy(BASE)
    data["demarches"] += [dict(RDV), copy.deepcopy(COURRIER)]
    data["blocage"]["types"] = ["pas_api"]
    data["demande"].update({"titre_actuel_expiration": "2026-11-10", **demande})
    data["envoi"]["accuse_reception_le"] = "2026-11-05"
    # the pièces the requête's facts rest on: the titre whose renewal is asked, the proof of the dépôt
    data["justificatifs"] = {"titre_sejour": ["pieces/titre.png"], "attestation_depot": ["pieces/depot.png"]}
    return data


def refere_of(data: dict, jour: date = AUJOURD_HUI):
    dossier = validate_dossier(data)
    return compute_refere(dossier, compute_situation(dossier, jour))


def produce(tmp_path, data, lettres=None):
    path = write_dossier_justifie(tmp_path / "dossier", data)
    return generate(load_dossier(path), path.parent, tmp_path / "sorties", lettres, aujourd_hui=AUJOURD_HUI)


def requete(resultat) -> str:
    return docx_text((resultat.dossier / "4-refere-mesures-utiles.docx").read_bytes())


# --- when it is offered --------------------------------------------------------------------------


def test_offered_once_the_prefecture_delay_is_over(tmp_path):
    r = refere_of(ripe())
    assert r.possible and r.possible_le == date(2026, 11, 21) and r.injonctions == ("api",)
    assert r.phrase().startswith(
        "Référé « mesures utiles » possible à partir du 21 novembre 2026 devant le tribunal administratif de Marseille. "
    )
    # its latest capture is old: one of the day of filing is asked for (B2-3)
    assert r.phrase().endswith("ajoutez une capture d'écran du jour du dépôt, qui montre que l'attestation n'est "
                               "toujours pas disponible.")
    resultat = produce(tmp_path, ripe())
    assert "4-refere-mesures-utiles.docx" in resultat.fichiers
    assert "pieces-telerecours/requete-refere.docx" in resultat.fichiers
    assert "refere" not in resultat.codes


def test_not_before_the_delay_ends(tmp_path):
    r = refere_of(ripe(), date(2026, 11, 15))
    assert not r.possible and r.manques == (
        "la préfecture a jusqu'au 20 novembre 2026 pour répondre (référé possible à partir du 21 novembre 2026 si elle "
        "ne répond pas)",
    )
    path = write_dossier_justifie(tmp_path / "d", ripe())
    resultat = generate(load_dossier(path), path.parent, tmp_path / "s", aujourd_hui=date(2026, 11, 15))
    assert "4-refere-mesures-utiles.docx" not in resultat.fichiers
    raison = phrases(resultat)[resultat.codes.index("refere")]
    assert raison == (
        "Le projet de requête en référé n'est pas produit — référé « mesures utiles » pas encore prêt devant le "
        "tribunal administratif de Marseille : la préfecture a jusqu'au 20 novembre 2026 pour répondre (référé "
        "possible à partir du 21 novembre 2026 si elle ne répond pas)."
    )


def test_not_before_the_letter_is_sent_and_said_only_by_verifier(tmp_path):
    data = ripe()
    data["demarches"] = [d for d in data["demarches"] if d["type"] != "courrier_prefecture"]
    del data["envoi"]["accuse_reception_le"]
    r = refere_of(data)
    assert not r.possible and "le courrier à la préfecture n'a pas encore été envoyé" in r.manques[0]
    resultat = produce(tmp_path, data)
    assert "4-refere-mesures-utiles.docx" not in resultat.fichiers and "refere" not in resultat.codes


def test_not_without_steps_one_to_four(tmp_path):
    data = ripe()
    data["demarches"] = [d for d in data["demarches"] if d["type"] != "demande_rdv"]
    assert refere_of(data).manques == ("l'étape 4 de la fiche reste à prouver",)


def test_first_application_needs_its_concrete_consequences():
    data = ripe(nature="premiere_demande", titre_actuel_expiration="")
    data["blocage"]["types"] = ["erreur_validation"]
    data["demande"]["date_depot"] = ""
    data["demarches"].append(dict(RDV_RELANCE))  # attempts over a week: step 4 of a demande not filed
    data["blocage"]["consequences"] = ""
    data["justificatifs"] = {}  # a first application: no titre to renew, no dépôt to prove
    r = refere_of(data)
    assert not r.possible and any("l'urgence, qui n'est pas présumée hors renouvellement" in m for m in r.manques)
    # the consequences described, but no pièce proves them: the urgency is not established either
    data["blocage"]["consequences"] = "Promesse d'embauche qui expire le 15 décembre 2026."
    r = refere_of(data)
    assert not r.possible and r.pieces == ("consequences",)
    assert r.manques == (
        "pièce à joindre aux justificatifs (« Courriers montrant les conséquences ») : le document qui prouve les "
        "conséquences concrètes du blocage (promesse d'embauche, courrier de l'employeur, de France Travail ou de la "
        "CAF…), l'urgence n'étant pas présumée hors renouvellement",
    )
    data["justificatifs"] = {"consequences": ["pieces/promesse.png"]}
    assert refere_of(data).possible and refere_of(data).injonctions == ("depot_impossible",)


@pytest.mark.parametrize(
    "decision, quoi",
    [("oqtf", "une obligation de quitter le territoire français"), ("refus", "un refus de titre de séjour")],
)
def test_never_against_a_decision_already_notified(tmp_path, decision, quoi):
    data = ripe(decision=decision, decision_le="2026-11-20")
    r = refere_of(data)
    assert not r.possible and r.voie.startswith(f"{quoi} a été notifié")
    assert "ne peut pas faire obstacle à son exécution" in r.voie
    resultat = produce(tmp_path, data)
    assert "4-refere-mesures-utiles.docx" not in resultat.fichiers
    assert "consultez sans attendre un avocat ou une avocate" in phrases(resultat)[resultat.codes.index("refere")]


def test_implicit_rejection_no_draft_and_the_right_route(run, tmp_path):
    data = ripe(date_depot="2026-07-10", document_provisoire="api", document_provisoire_fin="2026-10-31")
    r = refere_of(data)
    assert not r.possible and r.voie == (
        "une décision implicite de rejet est née le 10 novembre 2026 ; la voie est un recours pour excès de pouvoir "
        "devant le tribunal administratif, au plus tard le 10 janvier 2027, assorti d'un référé-suspension (article L. 521-1 "
        "du code de justice administrative), avec un avocat ou une avocate"
    )
    path = write_dossier_justifie(tmp_path / "d", data)
    code, out, err = run("generer", str(path), "--sortie", str(tmp_path / "s"), "--date", "2026-11-27")
    assert code == 0, err
    assert "4-refere-mesures-utiles.docx" not in out and "pieces-telerecours" not in out
    assert (
        "Le projet de requête en référé n'est pas produit — pas de référé « mesures utiles » : une décision implicite"
        in err
    )
    code, out, _ = run("verifier", str(path), "--date-du-jour", "2026-11-27", "--json")
    assert json.loads(out)["refere"]["voie"].startswith("une décision implicite de rejet est née le 10 novembre 2026")


def test_asked_by_name_it_is_written_with_the_reason_it_was_not_offered(tmp_path):
    resultat = produce(tmp_path, ripe(), ("refere",))
    assert "4-refere-mesures-utiles.docx" in resultat.fichiers
    path = write_dossier_justifie(tmp_path / "d", ripe())
    forced = generate(load_dossier(path), path.parent, tmp_path / "s", ("refere",), aujourd_hui=date(2026, 11, 15))
    assert "4-refere-mesures-utiles.docx" in forced.fichiers
    assert (
        "Projet de requête produit à votre demande, mais : référé « mesures utiles » pas encore prêt"
        in (phrases(forced)[forced.codes.index("refere_force")])
    )


# --- the tribunal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefecture, tribunal",
    [
        ("13", "Marseille"),
        ("04", "Marseille"),
        ("05", "Marseille"),
        ("06", "Nice"),
        ("83", "Toulon"),
        ("84", "Nîmes"),
        ("2A", "Bastia"),
        ("2B", "Bastia"),
    ],
)
def test_the_tribunal_of_each_prefecture(prefecture, tribunal):
    assert refere_of(ripe(prefecture=prefecture)).tribunal_nom == f"Tribunal administratif de {tribunal}"
    data = charger_referentiel().tribunaux[charger_referentiel().ressorts[prefecture]]
    assert data.adresse == "" and data.statut_adresse == "non_verifie"  # never an unverified address


def test_verifier_says_referee_possible_before_the_tribunal_of_nice(run, tmp_path):
    path = write_dossier_justifie(tmp_path, ripe(prefecture="06"))
    code, out, err = run("verifier", str(path), "--date-du-jour", "2026-11-27")
    flat = " ".join(out.split())
    assert code == 0, err
    assert (
        "Référé « mesures utiles » possible à partir du 21 novembre 2026 devant le tribunal administratif de Nice."
        in flat
    )
    assert "lettres generer" in flat and "--lettres refere" in flat


def test_the_tribunal_address_comes_from_the_configuration(run, tmp_path):
    from lettres.yamlio import dump_yaml

    config = tmp_path / "config.yaml"
    config.write_text(
        dump_yaml({"tribunaux": {"nice": {"adresse": "18 avenue des Fleurs\n06000 Nice"}}}), encoding="utf-8"
    )
    path = write_dossier_justifie(tmp_path / "d", ripe(prefecture="06"))
    code, _, err = run(
        "--config", str(config), "generer", str(path), "--sortie", str(tmp_path / "s"), "--date", "2026-11-27"
    )
    assert code == 0, err
    (dossier,) = (tmp_path / "s").iterdir()
    texte = docx_text((dossier / "4-refere-mesures-utiles.docx").read_bytes())
    assert "tribunal administratif de Nice, juge des référés\n18 avenue des Fleurs\n06000 Nice" in texte
    assert "tribunaux.nice.adresse" not in err


# --- what the requête says ------------------------------------------------------------------------


def test_the_requete_in_full(tmp_path):
    texte = requete(produce(tmp_path, ripe()))
    for fragment in (
        "Projet — à relire par un ou une juriste avant tout dépôt",
        "RÉFÉRÉ MESURES UTILES\nArticle L. 521-3 du code de justice administrative",
        "À Madame la présidente ou Monsieur le président du tribunal administratif de Marseille, juge des référés",
        "POUR :\nMadame Aminata Fatou DIALLO\nnée le 12 avril 1990 à Conakry (Guinée), de nationalité guinéenne",
        "téléphone (joignable en urgence) : 06 12 34 56 78",
        "Requérante\nCONTRE :\nLe préfet des Bouches-du-Rhône\nDéfendeur",
        "La requérante a déposé sur le téléservice ANEF, le 20 septembre 2026, une demande de renouvellement",
        "Par courrier recommandé avec avis de réception n° 1A 234 567 8901 2 du 2 novembre 2026, la requérante a "
        "demandé au préfet des Bouches-du-Rhône la délivrance de l'attestation de prolongation de l'instruction "
        "(pièce n° 7). Reçu le 5 novembre 2026, ce courrier est resté sans réponse à ce jour.",
        "« En cas d'urgence et sur simple requête qui sera recevable même en l'absence de décision administrative "
        "préalable",
        "S'agissant du renouvellement d'un titre de séjour, la condition d'urgence est en principe regardée comme remplie "
        "(CE, 9 juin 2022, n° 453391).",
        "le préfet est tenu de mettre à disposition une attestation de prolongation de l'instruction",
        "ne fait obstacle à l'exécution d'aucune décision administrative",
        "PAR CES MOTIFS,\nLa requérante demande au juge des référés du tribunal administratif de Marseille de :",
        "ENJOINDRE au préfet des Bouches-du-Rhône, dans un délai de huit jours à compter de la notification de "
        "l'ordonnance à intervenir, de mettre à la disposition de la requérante une attestation de prolongation de "
        "l'instruction de sa demande de titre de séjour.",
        "Fait à Marseille, le 27 novembre 2026\nAminata Fatou DIALLO",
        "Inventaire détaillé des pièces (article R. 412-2 du code de justice administrative)",
    ):
        assert fragment in texte, fragment
    for absent in ("L. 232-4", "R. 522-3", "385332", "{{", "None"):
        assert absent not in texte


@pytest.mark.parametrize(
    "situation, fragment",
    [
        (
            "depot_impossible",
            "d'inviter la requérante à se présenter à un accueil physique permettant l'enregistrement de sa demande",
        ),
        (
            "depot_incomplet",
            "d'accepter que la pièce demandée par la préfecture (avis d'imposition) lui soit transmise par courrier, par courriel ou au guichet",
        ),
        ("api", "de mettre à la disposition de la requérante une attestation de prolongation de l'instruction"),
        (
            "api_renouvellement",
            "de renouveler l'attestation de prolongation de l'instruction de la demande de la requérante au plus tard "
            "le 30 novembre 2026 ou, si l'ordonnance est notifiée après cette date, dans un délai de huit jours",
        ),
        ("recepisse", "de remettre à la requérante un récépissé de sa demande de titre de séjour"),
    ],
)
def test_the_injunction_fits_the_situation(tmp_path, situation, fragment):
    data = ripe()
    if situation == "depot_impossible":
        data["demande"].update(date_depot="")
        data["blocage"]["types"] = ["erreur_validation"]
        data["demarches"].append(dict(RDV_RELANCE))  # attempts over a week (CE 435594)
    elif situation == "depot_incomplet":
        data["blocage"]["types"] = ["televersement"]
        data["demande"].update(piece_demandee="avis d'imposition", titre_actuel_expiration="2027-06-30")
        data["justificatifs"]["piece_a_transmettre"] = ["pieces/avis.png"]
    elif situation == "api_renouvellement":
        data["demande"].update(document_provisoire="api", document_provisoire_fin="2026-11-30")
        data["blocage"]["types"] = ["api_expiree"]
    elif situation == "recepisse":
        data["blocage"]["types"] = ["pas_recepisse"]
    texte = requete(produce(tmp_path, data))
    assert "ENJOINDRE au préfet des Bouches-du-Rhône" in texte and "délai de huit jours" in texte
    assert fragment in texte


def test_delay_penalty_and_costs(tmp_path):
    data = ripe()
    data["recours"] = {"delai_jours": 15, "astreinte_euros": 100, "frais_euros": 1200}
    data["envoi"]["prefet_civilite"] = "madame"
    texte = requete(produce(tmp_path / "a", data))
    assert "ENJOINDRE à la préfète des Bouches-du-Rhône, dans un délai de quinze jours" in texte
    assert "sous astreinte de 100 euros par jour de retard ;" in texte
    assert (
        "METTRE À LA CHARGE de l'État la somme de 1 200 euros au titre de l'article L. 761-1 du code de justice administrative."
        in texte
    )
    assert "La préfète des Bouches-du-Rhône\nDéfenderesse" in texte
    # legal aid asked, a lawyer only told of the case: the person signs, no article 37, provisional aid asked
    data["recours"]["aide_juridictionnelle"] = "demandee"
    data["orientation"].update(vers="avocat", nom="Julien ROUX")
    texte = requete(produce(tmp_path / "b", data))
    assert "La requérante a sollicité le bénéfice de l'aide juridictionnelle." in texte
    assert "ADMETTRE la requérante au bénéfice de l'aide juridictionnelle à titre provisoire ;" in texte
    assert "37 de la loi" not in texte and "Son conseil" not in texte and "Maître" not in texte
    # the lawyer files the requête: represented, signed by the lawyer, the lawyer's sum under article 37
    data["recours"]["avocat"] = "Me Julien ROUX"
    texte = requete(produce(tmp_path / "c", data))
    assert "représentée par Maître Julien ROUX" in texte and "Maître Julien ROUX, pour Aminata Fatou DIALLO" in texte
    assert "Son conseil demande" in texte
    assert (
        "METTRE À LA CHARGE de l'État le versement à Maître Julien ROUX de la somme de 1 200 euros au titre des "
        "articles L. 761-1 du code de justice administrative et 37 de la loi n° 91-647 du 10 juillet 1991, sous "
        "réserve que Maître Julien ROUX renonce à percevoir la part contributive de l'État." in texte
    )


def test_the_four_conditions_are_argued_from_the_dossier(tmp_path):
    """Urgence, utilité, absence de contestation sérieuse, no obstacle to a decision — each from the dossier's facts."""
    data = ripe(date_depot="2026-09-20", titre_actuel_expiration="2026-12-20")
    texte = requete(produce(tmp_path / "a", data))
    for titre in (
        "1. Sur la recevabilité",
        "2. Sur l'urgence",
        "3. Sur l'utilité de la mesure",
        "4. Sur l'absence de contestation sérieuse",
        "5. Sur l'absence d'obstacle à l'exécution d'une décision administrative",
    ):
        assert titre in texte
    assert (
        "L'obligation du préfet n'est pas sérieusement contestable : à la connaissance de la requérante, aucune pièce ne "
        "lui a été demandée, alors qu'il appartient à l'administration de demander les pièces manquantes d'une "
        "demande incomplète (article R. 431-11 du CESEDA, dans sa rédaction issue du décret n° 2025-539 du 13 juin 2025)." in " ".join(texte.split())
    )
    assert "n'a jamais fait savoir" not in texte  # a negative fact the dossier cannot prove
    # the préfecture asked for a pièce: the sentence resting on « none asked » is gone
    demandee = copy.deepcopy(data)
    demandee["demande"].update(piece_demandee="avis d'imposition", piece_demandee_le="2026-10-01")
    assert "aucune pièce ne lui a été demandée" not in " ".join(requete(produce(tmp_path / "demandee", demandee)).split())
    # filed in the R. 431-5 window: said in the requête; filed late: not said
    assert "dans la période prévue à l'article R. 431-5 du CESEDA" in " ".join(texte.split())
    data["demande"]["date_depot"] = "2026-11-01"
    late = " ".join(requete(produce(tmp_path / "b", data)).split())
    assert "R. 431-5" not in late
    # the rejection within the month: a later decision would not stand in the way (CE 420343)
    data["demande"]["date_depot"] = "2026-08-05"
    near = " ".join(requete(produce(tmp_path / "c", data)).split())
    assert "CE, 28 novembre 2018, n° 420343" in near


def test_neutral_and_masculine_agreement(tmp_path):
    data = ripe()
    data["personne"]["civilite"] = ""
    texte = requete(produce(tmp_path / "a", data))
    assert "Partie requérante" in texte and "La partie requérante demande au juge des référés" in texte
    assert "née le" not in texte
    data["personne"]["civilite"] = "monsieur"
    texte = requete(produce(tmp_path / "b", data))
    assert "Requérant\nCONTRE" in texte and "du requérant une attestation" in texte and "(joignable en urgence)" in texte


def test_the_person_s_own_words_are_quoted(tmp_path):
    data = ripe()
    data["blocage"]["consequences"] = "Je risque de perdre mon emploi « demain »."
    texte = requete(produce(tmp_path, data))
    assert "La requérante en décrit ainsi les conséquences : « Je risque de perdre mon emploi “demain”. »" in texte


def test_hostile_input_in_the_requete(tmp_path):
    from aides import HOSTILE, hostile_dossier

    data = hostile_dossier(ripe())
    resultat = produce(tmp_path, data, ("refere",))
    raw = (resultat.dossier / "4-refere-mesures-utiles.docx").read_bytes()
    for _name, xml in xml_parts(raw).items():
        parse_strict(xml)
    texte = docx_text(raw)
    assert "{{ 7*7 }}" in texte and "{% if x %}{%p endif %}" in texte and "49" not in texte.split("POUR")[1][:300]
    assert 'N\'Diaye & <Fils> "« cité »"' in texte
    assert HOSTILE not in texte  # control characters removed, the rest said literally


# --- pièces for Télérecours ----------------------------------------------------------------------


def test_inventaire_names_are_the_telerecours_file_names(tmp_path):
    data = ripe()
    data["justificatifs"] = {
        "titre_sejour": ["captures/titre.png"],
        "passeport": ["captures/passeport.png"],
        "attestation_depot": ["captures/depot.png"],
    }
    for name in ("titre.png", "passeport.png", "depot.png"):
        (tmp_path / "dossier" / "captures").mkdir(parents=True, exist_ok=True)
        (tmp_path / "dossier" / "captures" / name).write_bytes(PNG)
    resultat = produce(tmp_path, data)
    dossier = resultat.dossier / "pieces-telerecours"
    fichiers = sorted(p.name for p in dossier.iterdir())
    assert fichiers == [
        "01-titre-sejour.png",
        "02-passeport.png",
        "03-attestation-depot.png",
        "04-capture-ecran-2026-09-20.png",
        "05-courriel-dgef-2026-09-25.png",
        "06-appel-anef-2026-10-01.png",
        "07-demande-rdv-2026-10-08.png",
        "08-courrier-prefecture-2026-11-02.png",
        "requete-refere.docx",
    ]
    texte = requete(resultat)
    inventaire = texte[texte.index("Inventaire détaillé des pièces") :]
    for numero, nom in enumerate(fichiers[:-1], 1):
        assert nom.startswith(f"{numero:02d}-") and nom.isascii() and len(nom) <= 40
        assert f"\n{numero}\n" in inventaire and nom in inventaire
    # the same continuous sequence as the bordereau and the chronology
    assert sorted(p.name for p in (resultat.dossier / "pieces").iterdir())[7] == "08_2026-11-02_courrier-prefecture.png"


@pytest.mark.skipif(not HAVE_LIBREOFFICE and not os.environ.get("CI"), reason="LibreOffice absent")
def test_pieces_become_pdf_with_libreoffice(tmp_path, monkeypatch):
    from lettres.documents import pdf

    monkeypatch.undo()  # LibreOffice is back
    assert pdf.find_soffice() is not None
    path = write_dossier_justifie(tmp_path / "dossier", ripe())
    # real images: the tiny PNG of the fixtures is read by python-docx and laid on a page
    resultat = generate(load_dossier(path), path.parent, tmp_path / "sorties", aujourd_hui=AUJOURD_HUI)
    dossier = resultat.dossier / "pieces-telerecours"
    assert sorted(p.name for p in dossier.iterdir()) == [
        "01-titre-sejour.pdf",
        "02-attestation-depot.pdf",
        "03-capture-ecran-2026-09-20.pdf",
        "04-courriel-dgef-2026-09-25.pdf",
        "05-appel-anef-2026-10-01.pdf",
        "06-demande-rdv-2026-10-08.pdf",
        "07-courrier-prefecture-2026-11-02.pdf",
        "requete-refere.pdf",
    ]
    assert all(p.read_bytes().startswith(b"%PDF") for p in dossier.iterdir())
    texte = requete(resultat)
    assert "01-titre-sejour.pdf" in texte and "07-courrier-prefecture-2026-11-02.pdf" in texte
    assert [n for n in resultat.fichiers if n.startswith("pieces-telerecours/")] == [
        "pieces-telerecours/" + p.name for p in sorted(dossier.iterdir())
    ]


def test_the_copy_of_the_letter_is_asked_for_when_missing(tmp_path):
    data = ripe()
    data["demarches"][-1]["pieces"] = []
    resultat = produce(tmp_path, data)
    assert (
        "La copie du courrier à la préfecture et son avis de réception ne figurent pas parmi les pièces"
        in (phrases(resultat)[resultat.codes.index("refere_courrier")])
    )


def test_lot_writes_the_draft_when_the_row_allows_it(tmp_path):
    from lettres.config import Configuration
    from lettres.lot.execution import Options, run_batch
    from lettres.lot.vierge import write_template

    source = tmp_path / "cas.xlsx"
    write_template(source)
    from openpyxl import load_workbook

    from lettres.lot.colonnes import EXEMPLE_MARQUE, demarche_columns, dossier_columns

    workbook = load_workbook(source)
    dossiers, demarches = workbook["dossiers"], workbook["demarches"]
    # row 1: the sections, row 2: the headers, row 3: the example, made a person here (a batch skips the example)
    headers = [{c.entete: c.cle for c in dossier_columns()}[c.value] for c in dossiers[2]]
    row = {h: c.value for h, c in zip(headers, dossiers[3], strict=False)}
    row.update(
        {
            "id": "R1",
            "blocage.types": "pas_api",
            "demande.titre_actuel_expiration": date(2026, 11, 10),
            "envoi.envoye_le": date(2026, 11, 2),
            "envoi.accuse_reception_le": date(2026, 11, 5),
            "justificatifs.titre_sejour": "captures/titre.png",
            "justificatifs.attestation_depot": "captures/depot.png",
        }
    )
    for i, h in enumerate(headers, 1):
        dossiers.cell(row=3, column=i, value=row[h])
    dheaders = [{c.entete: c.cle for c in demarche_columns()}[c.value] for c in demarches[2]]
    # steps 1 to 4 are proven only with their pièces, beside the spreadsheet
    (tmp_path / "captures").mkdir()
    colonne = dheaders.index("pieces") + 1
    for n in range(3, demarches.max_row + 1):
        if demarches.cell(row=n, column=1).value == EXEMPLE_MARQUE:
            demarches.cell(row=n, column=1, value=row["id"])
            (tmp_path / "captures" / f"exemple-{n}.png").write_bytes(PNG)
            demarches.cell(row=n, column=colonne, value=f"captures/exemple-{n}.png")
    for name in ("formulaire.png", "rdv.png", "titre.png", "depot.png"):
        (tmp_path / "captures" / name).write_bytes(PNG)
    for n, demarche in enumerate(
        [
            {"type": "formulaire_contact", "date": date(2026, 9, 25), "pieces": "captures/formulaire.png"},
            {"type": "demande_rdv", "date": date(2026, 10, 8), "pieces": "captures/rdv.png"},
            # a second attempt a week later: step 4 of a demande not filed (CE 435594)
            {"type": "demande_rdv", "date": date(2026, 10, 20), "pieces": "captures/rdv.png"},
            {"type": "courrier_prefecture", "date": date(2026, 11, 2)},
        ],
        start=demarches.max_row + 1,
    ):
        for i, h in enumerate(dheaders, 1):
            demarches.cell(row=n, column=i, value={"dossier": row["id"], **demarche}.get(h))
    workbook.save(source)
    bilan = run_batch(
        source, Options(sortie=tmp_path / "sorties", aujourd_hui=AUJOURD_HUI), Configuration(tmp_path / "c.yaml")
    )
    assert bilan.generes == 1, bilan.rejets
    (dossier,) = bilan.dossiers
    assert (dossier / "4-refere-mesures-utiles.docx").is_file()
    # the letter to the préfecture has no copy among the pièces: a draft to complete, named so in the folder to file
    assert (dossier / "pieces-telerecours" / "projet-requete-refere.docx").is_file()


def test_generer_advice_names_the_dossier_file(run, tmp_path):
    data = ripe(date_depot="2026-07-10", document_provisoire="api", document_provisoire_fin="2026-10-31")
    path = write_dossier_justifie(tmp_path / "d", data)
    code, _, err = run("generer", str(path), "--sortie", str(tmp_path / "s"), "--date", "2026-11-27")
    assert code == 0 and "DOSSIER.yaml" not in err
    code, out, _ = run("verifier", str(path), "--date-du-jour", "27/11/2026")
    commande = f"lettres generer {path} --lettres orientation,bordereau"
    assert code == 0 and "".join(commande.split()) in "".join(out.split())  # a long path folds in the terminal


# --- once letter 2 is sent -------------------------------------------------------------------------


def test_letter_two_already_sent_is_not_written_again(tmp_path):
    data = ripe()
    data["envoi"].update(recommande=True, numero_recommande="1A 123 456 7890 1", envoye_le="2026-11-02")
    resultat = produce(tmp_path, data)
    assert "2-courrier-prefecture.docx" not in resultat.fichiers
    assert "4-refere-mesures-utiles.docx" in resultat.fichiers
    assert (
        "Le courrier à la préfecture n'est pas produit de nouveau : il a été envoyé le 2 novembre 2026 ; pour écrire "
        "une relance, demandez-la avec --lettres prefecture." in phrases(resultat)
    )
    # asked for by name, a relance: dated today, it does not carry the first letter's registered-mail number
    relance = produce(tmp_path / "relance", data, ("prefecture",))
    texte = docx_text((relance.dossier / "2-relance-prefecture.docx").read_bytes())
    assert "Lettre recommandée avec avis de réception" in texte and "1A 123 456 7890 1" not in texte
    assert "1A 123 456 7890 1" not in (relance.dossier / "2-relance-prefecture.eml").read_text()


def test_the_implicit_rejection_close_at_hand_is_said(run, tmp_path):
    # filed on 1 August 2026: the implicit rejection arises, at the earliest, on 1 December 2026
    data = ripe(date_depot="2026-08-01")
    assert refere_of(data).possible
    attention = refere_of(data).attention
    assert attention.startswith("la décision implicite de rejet naîtra au plus tôt le 1er décembre 2026 ; une fois née")
    resultat = produce(tmp_path, data)
    assert f"Projet de requête en référé : {attention}" in phrases(resultat)
    texte = " ".join(requete(resultat).split())
    assert "ne vaudra décision implicite de rejet, au plus tôt, que le 1er décembre 2026." in texte
    code, out, err = run("verifier", str(tmp_path / "dossier" / "dossier.yaml"), "--date-du-jour", "2026-11-27")
    assert code == 0, err
    assert "Attention : la décision implicite de rejet naîtra au plus tôt le 1er décembre 2026" in " ".join(out.split())
    # months away: nothing to say
    assert refere_of(ripe(date_depot="2026-10-01")).attention == ""


def test_the_facts_cite_the_inventaire_s_numbers_of_the_pieces_that_prove_them(tmp_path):
    """The dépôt, the titre, the letter to the préfecture and the harm are referred to the inventaire — and only
    to pièces that are in it."""
    from aides import produire

    data = ripe()
    data["justificatifs"] = {
        "titre_sejour": ["pieces/titre.png"],
        "attestation_depot": ["pieces/depot.png"],
        "consequences": ["pieces/employeur.png"],
    }
    texte = " ".join(requete(produire(tmp_path / "avec", data)).split())
    inventaire = texte[texte.index("Inventaire détaillé") :]
    assert "1 Carte de séjour pluriannuelle « salarié » expirée le " in inventaire
    assert "2 Attestation de dépôt de la demande sur l'ANEF" in inventaire
    assert "(carte de séjour pluriannuelle « salarié ») (pièce n° 2). Son titre de séjour a expiré le 10 novembre 2026 (pièce n° 1)." in texte
    assert "7 Courrier à la préfecture du 2 novembre 2026" in inventaire
    assert "la délivrance de l'attestation de prolongation de l'instruction (pièce n° 7)." in texte
    assert "8 Courrier montrant les conséquences du blocage" in inventaire
    assert "« Risque de perdre son emploi. » Le document qui en fait état est produit (pièce n° 8)." in texte
    # nothing attached: no number is cited (a draft asked for by name, its banner says what to add)
    sans = ripe()
    sans["justificatifs"] = {}
    for demarche in sans["demarches"]:
        if demarche["type"] == "courrier_prefecture":
            demarche["pieces"] = []
    texte = " ".join(requete(produire(tmp_path / "sans", sans, ("refere",))).split())
    assert "(pièce n° 2)" not in texte.split("Inventaire détaillé")[0].split("Pour surmonter")[0]
    assert "de l'instruction (pièce n°" not in texte
    assert "Le document qui en fait état" not in texte
