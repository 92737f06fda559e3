"""What the letters say: text read back from each .docx (body, headers, footers) and each e-mail."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest

from aides import RDV_RELANCE
from conftest import AUJOURD_HUI, write_dossier
from docx_texte import docx_text
from lettres.cli.avertissements import phrases
from lettres.documents.generation import generate
from lettres.dossier import load_dossier
from lettres.erreurs import DocumentImpossible


def produce(tmp_path: Path, data: dict, lettres=None):
    path = write_dossier(tmp_path / "dossier", data)
    resultat = generate(load_dossier(path), path.parent, tmp_path / "sorties", lettres, aujourd_hui=AUJOURD_HUI)
    return resultat


def read(resultat, name: str) -> str:
    data = (resultat.dossier / name).read_bytes()
    if name.endswith(".docx"):
        return docx_text(data)
    if name.endswith(".eml"):
        message = email.message_from_bytes(data, policy=policy.default)
        text = message["Subject"] + "\n" + message.get_body(("plain",)).get_content()
    else:
        text = data.decode("utf-8")
    return text.replace("\u00a0", " ")  # a non-breaking space reads as a space


RDV = {"type": "demande_rdv", "date": "2026-10-08", "resultat": "aucun créneau", "pieces": ["captures/rdv.png"]}


def test_renewal_madame_signed_by_person(tmp_path, data):
    """A renewal that could not be filed, every diligence proven: the solution de substitution."""
    data["demande"]["date_depot"] = ""
    data["demarches"] += [RDV, RDV_RELANCE]  # attempts over a week (CE 435594)
    r = produce(tmp_path, data)
    lettre = read(r, "2-courrier-prefecture.docx")
    for fragment in [
        "Aminata Fatou DIALLO\n12 rue des Lilas\n13003 Marseille",
        "Préfecture des Bouches-du-Rhône\nService des étrangers — titres de séjour",
        "Marseille, le 27 novembre 2026",
        "Lettre recommandée avec avis de réception n° 1A 234 567 8901 2",
        "Objet : Demande de mise en œuvre de la solution de substitution (art. R. 431-2 du CESEDA) — impossibilité d'utiliser le téléservice ANEF",
        "Personne concernée : Madame Aminata Fatou DIALLO\nNée le 12 avril 1990 à Conakry (Guinée), de nationalité guinéenne",
        "Adresse : 12 rue des Lilas, 13003 Marseille\nN° étranger (AGDREF) : 7501234567",
        "Demande non déposée",
        "Madame la Préfète, Monsieur le Préfet,",
        "Je me permets de vous écrire au sujet de ma demande de renouvellement de titre de séjour (carte de séjour pluriannuelle « salarié »). Elle n'a pas pu être déposée sur le téléservice ANEF.",
        "la validation de ma demande sur le téléservice ANEF échoue sur une erreur technique.",
        "Le message suivant s'affiche : « Une erreur technique est survenue ».",
        "Mon titre de séjour expire le 15 décembre 2026.",
        "J'ai ainsi accompli toutes les diligences qui m'incombent",
        "dans sa rédaction issue du décret n° 2023-191 du 22 mars 2023",
        "L'arrêté du 1er août 2023 pris pour l'application de l'article R. 431-2 du CESEDA",
        "le Conseil d'État a jugé que « le pouvoir réglementaire ne saurait édicter une telle obligation qu'à la condition de "
        "permettre l'accès normal des usagers au service public et de garantir aux personnes concernées l'exercice effectif "
        "de leurs droits » (CE, Section, 3 juin 2022, n° 452798).",
        "constater l'impossibilité dans laquelle je me trouve d'utiliser le téléservice ANEF pour déposer ma demande, et "
        "m'inviter à me présenter à un accueil physique permettant son enregistrement",
        "me remettre, lors de cet enregistrement, le récépissé prévu à l'article R. 431-12 du CESEDA, mon titre de séjour "
        "expirant le 15 décembre 2026 ;",
        "me répondre par écrit dans un délai de quinze jours",
        "(article L. 521-3 du code de justice administrative)",
        "Je vous prie d'agréer, Madame la Préfète, Monsieur le Préfet, l'expression de ma haute considération.",
        "P. J. : bordereau de pièces (5 pièces)",
    ]:
        assert fragment in lettre, fragment
    assert "None" not in lettre and "{{" not in lettre and "{%" not in lettre
    assert "Madame Aminata Fatou DIALLO\n12 rue" not in lettre  # nobody heads a letter with their own civilité
    assert "Pièce n° 1 —" not in lettre  # the bordereau is not repeated in the letter
    assert "Aminata Fatou DIALLO — n° étranger 7501234567 — page" in docx_text(
        (r.dossier / "2-courrier-prefecture.docx").read_bytes(), "footer"
    )
    signalement = read(r, "1-signalement-dgef.txt")
    assert "Je vous signale un dysfonctionnement du téléservice ANEF" in signalement
    assert "qui bloque ma demande de renouvellement de titre de séjour" in signalement
    assert "- Née le 12 avril 1990 à Conakry (Guinée)" in signalement
    assert (
        "afin que je puisse solliciter auprès de la préfecture la solution de substitution prévue par l'article R. 431-2 du CESEDA"
        in signalement
    )


def test_several_blocking_types_agree_in_number(tmp_path, data):
    data["blocage"]["types"] = ["erreur_validation", "televersement"]
    lettre = read(produce(tmp_path, data), "2-courrier-prefecture.docx")
    assert (
        "la validation de ma demande sur le téléservice ANEF échoue sur une erreur technique ; le téléversement d'une "
        "pièce y échoue." in lettre
    )
    assert "format, taille" not in lettre  # the help of the list is not a fact the person stated


def test_chronology_sorted_with_first_of_month(tmp_path, data):
    r = produce(tmp_path, data)
    lettre = read(r, "2-courrier-prefecture.docx")
    positions = [lettre.index(d) for d in ("20/09/2026 à 10 h 42", "25/09/2026", "01/10/2026")]
    assert positions == sorted(positions)
    signalement = read(r, "1-signalement-dgef.txt")
    assert (
        "- 1er octobre 2026 : Appel à l'assistance ANEF — 0 806 001 620 — résultat : ticket n° 1234"
        in signalement
    )
    assert "- 20 septembre 2026 à 10 h 42 : Capture d'écran ANEF — Erreur à la validation (capture jointe)" in signalement
    demarches = signalement[signalement.index("DÉMARCHES DÉJÀ EFFECTUÉES") :]
    assert (
        demarches.index("20 septembre 2026 à 10 h 42")
        < demarches.index("25 septembre 2026")
        < demarches.index("1er octobre 2026")
    )


def test_every_demarche_in_every_chronology(tmp_path, data):
    data["demarches"] += [
        {"type": "visite_pan", "date": "2026-10-12", "detail": "Passage au PAN", "resultat": "aucune solution"},
        {"type": "autre", "date": "2026-10-20", "detail": "Courrier de l'employeur", "resultat": ""},
    ]
    r = produce(tmp_path, data)
    for name in ("2-courrier-prefecture.docx", "3-note-orientation.docx", "1-signalement-dgef.txt"):
        text = read(r, name)
        for detail in (
            "Erreur à la validation",
            "0 806 001 620",
            "Courriel au support",
            "Passage au point d'accueil numérique (PAN)",
            "Courrier de l'employeur",
        ):
            assert detail in text, (name, detail)


def test_first_application_monsieur_signed_by_accompagnant(tmp_path, data):
    data["signataire"] = "accompagnant"
    data["personne"].update(civilite="monsieur", prenoms="Moussa", nom="KONÉ", numero_etranger="")
    data["demande"].update(
        nature="premiere_demande",
        titre="carte de séjour temporaire « vie privée et familiale »",
        titre_actuel_expiration="",
        date_depot="",
    )
    data["demande"]["prefecture"] = "06"
    r = produce(tmp_path, data)
    lettre = read(r, "2-courrier-prefecture.docx")
    assert "Paul MARTIN\nTravailleur social, Association Exemple\n1 place Exemple\n13001 Nice" in lettre
    assert "Préfecture des Alpes-Maritimes" in lettre
    assert "Nice, le 27 novembre 2026" in lettre
    assert (
        "Travailleur social (Association Exemple), j'accompagne Monsieur Moussa KONÉ, avec son accord, dans les démarches relatives à sa première demande de titre de séjour"
        in lettre
    )
    # step 4 is missing: accompaniment (R. 431-2 al. 2), never the substitution; « vie privée et familiale » is
    # only partly on the ANEF: the way of filing is asked first, the help is conditional
    assert (
        "Objet : Voie de dépôt d'une demande de titre de séjour et, si elle relève du téléservice, demande "
        "d'accompagnement (art. R. 431-2 et R. 431-3 du CESEDA)" in lettre
    )
    assert (
        "si elle en relève, recevoir M. KONÉ au point d'accueil numérique de la préfecture, afin qu'il bénéficie de l'accompagnement prévu "
        "pour déposer sa demande ;" in lettre
    )
    assert "solution de substitution" not in lettre and "toutes les diligences qui lui incombent" not in lettre
    # steps 1 to 4 not proven: no référé announced
    assert "se réserve la possibilité de saisir le juge des référés" not in lettre and "L. 521-3" not in lettre
    assert "Courrier adressé avec l'accord de Monsieur Moussa KONÉ, recueilli le 1er octobre 2026." in lettre
    assert "La personne concernée\nMoussa KONÉ" in lettre and "L'accompagnant\nPaul MARTIN" in lettre
    assert "récépissé" not in lettre  # no titre expiry known: no provisional document requested
    signalement = read(r, "1-signalement-dgef.txt")
    assert "- Né le 12 avril 1990 à Conakry (Guinée)" in signalement
    assert "afin que M. KONÉ puisse être accompagné pour déposer sa demande." in signalement
    assert "solution de substitution" not in signalement
    note = read(r, "3-note-orientation.docx")
    assert "Monsieur Moussa KONÉ, né le 12 avril 1990 à Conakry (Guinée), de nationalité guinéenne." in note
    assert "il ne s'agit pas d'un renouvellement ; l'urgence n'est pas présumée" in note
    assert "Titre de séjour actuel" not in note  # a première demande: no current titre to speak of
    assert "Demande non déposée : aucun délai de décision implicite ne court." in note


def test_neutral_wording_without_civilite(tmp_path, data):
    data["personne"]["civilite"] = ""
    r = produce(tmp_path, data)
    signalement = read(r, "1-signalement-dgef.txt")
    assert "- Date et lieu de naissance : 12 avril 1990, Conakry (Guinée)" in signalement
    note = read(r, "3-note-orientation.docx")
    assert (
        "Aminata Fatou DIALLO — date et lieu de naissance : 12 avril 1990, Conakry (Guinée) — nationalité guinéenne." in note
    )
    for text in (signalement, note, read(r, "2-courrier-prefecture.docx")):
        assert "Madame Aminata" not in text and "Monsieur Aminata" not in text
        assert " née " not in text and " né " not in text
    data["signataire"] = "accompagnant"
    lettre = read(produce(tmp_path / "b", data), "2-courrier-prefecture.docx")
    assert "Courrier adressé avec l'accord d'Aminata Fatou DIALLO" in lettre  # elision
    assert "Date et lieu de naissance : 12 avril 1990, Conakry (Guinée) ; nationalité : guinéenne" in lettre


def test_deadlines_in_the_note(tmp_path, data):
    r = produce(tmp_path, data)
    note = read(r, "3-note-orientation.docx")
    assert "Titre de séjour actuel : expire le 15 décembre 2026 (dans 18 jours)." in note
    # no API, no word from the préfecture: the date is the earliest, with its condition
    assert (
        "Demande déposée le 20 septembre 2026 : faute de réponse, une décision implicite de rejet naîtra au plus tôt le "
        "20 janvier 2027, si le dossier est regardé comme complet, au terme d'un délai de quatre mois (art. R. 432-1 "
        "et R. 432-2 du CESEDA) ; le recours sera alors à former au plus tard le 20 mars 2027."
    ) in note
    assert "il s'agit d'un renouvellement de titre de séjour ; l'urgence est en principe présumée (CE, 9 juin 2022, n° 453391)." in note
    assert "Madame Aminata Fatou DIALLO a donné son accord, le 1er octobre 2026, à son accompagnement" in note
    assert "Courriel au support ANEF de la DGEF du 25 septembre 2026 : sans réponse." in note  # no label twice


def test_expired_titre(tmp_path, data):
    data["demande"]["titre_actuel_expiration"] = "2026-11-01"
    r = produce(tmp_path, data)
    assert "Titre de séjour actuel : a expiré le 1er novembre 2026 (depuis 26 jours)." in read(
        r, "3-note-orientation.docx"
    )
    lettre = read(r, "2-courrier-prefecture.docx")
    assert (
        "mettre à ma disposition l'attestation de prolongation de l'instruction prévue à l'article R. 431-15-1 du "
        "CESEDA, mon titre de séjour ayant expiré le 1er novembre 2026 ;" in lettre
    )
    assert "Mon titre de séjour a expiré le 1er novembre 2026." in lettre


@pytest.mark.parametrize(
    "vers, fragments",
    [
        (
            "avocat",
            ["Maître,", "en vue d'une éventuelle saisine du juge des référés sur le fondement de l'article L. 521-3"],
        ),
        (
            "delegue_ddd",
            [
                "Je sollicite l'intervention du Défenseur des droits",
                "La saisine du Défenseur des droits ne suspend pas les délais de recours contentieux",
            ],
        ),
        ("juriste", ["afin de solliciter votre analyse juridique", "À l'attention d'un ou d'une juriste"]),
    ],
)
def test_orientation_wording(tmp_path, data, vers, fragments):
    data["orientation"]["vers"] = vers
    note = read(produce(tmp_path, data), "3-note-orientation.docx")
    for fragment in fragments:
        assert fragment in note


def test_diligences_claimed_only_when_steps_one_to_four_proven(tmp_path, data):
    data["demande"]["date_depot"] = ""
    r = produce(tmp_path / "a", data)
    lettre = read(r, "2-courrier-prefecture.docx")
    assert "toutes les diligences" not in lettre and "solution de substitution" not in lettre
    assert any(
        "Étapes 1 à 4 de la fiche non toutes prouvées (manquent : 4 (Rendez-vous « blocage ANEF »))" in w
        for w in phrases(r)
    )
    data["demarches"].append(RDV)
    # one attempt, no appointment obtained: step 4 of a demande not filed is not proven (CE 435594)
    r = produce(tmp_path / "un", data)
    assert "toutes les diligences" not in read(r, "2-courrier-prefecture.docx")
    data["demarches"].append(RDV_RELANCE)
    r = produce(tmp_path / "b", data)
    lettre = " ".join(read(r, "2-courrier-prefecture.docx").split())
    assert "J'ai ainsi accompli toutes les diligences qui m'incombent" in lettre
    # the sentence paraphrases R. 431-2: it cites it
    assert "sans pouvoir déposer ma demande au moyen du téléservice (art. R. 431-2 du CESEDA)." in lettre
    assert not any("Étapes 1 à 4" in w for w in phrases(r))


def test_note_refused_without_consent(tmp_path, data):
    data["consentement"]["transmission_tiers"] = False
    with pytest.raises(DocumentImpossible) as info:
        produce(tmp_path / "a", data, ("orientation",))
    assert "n'a pas donné son accord à la transmission" in info.value.message
    assert not (tmp_path / "a" / "sorties").exists() or not any((tmp_path / "a" / "sorties").iterdir())
    r = produce(tmp_path / "b", data)
    assert "3-note-orientation.docx" not in r.fichiers and "2-courrier-prefecture.docx" in r.fichiers
    assert any("La note d'orientation" in w and "accord" in w for w in phrases(r))  # the question, not the key


def test_output_layout_and_pieces(tmp_path, data):
    data["demarches"].append({"type": "demande_rdv", "date": "2026-09-10", "pieces": ["captures/rdv été.JPG"]})
    r = produce(tmp_path, data)
    assert r.dossier.name == "2026-11-27_DIALLO_Aminata"
    assert sorted(p.name for p in r.dossier.iterdir()) == [
        "1-signalement-dgef.eml",
        "1-signalement-dgef.txt",
        "2-courrier-prefecture.docx",
        "2-courrier-prefecture.eml",
        "3-note-orientation.docx",
        "3-note-orientation.eml",
        "bordereau-pieces.docx",
        "pieces",
    ]
    assert sorted(p.name for p in (r.dossier / "pieces").iterdir()) == [
        "01_2026-09-10_demande-rdv.jpg",
        "02_2026-09-20_capture-ecran.png",
        "03_2026-09-25_courriel-dgef.png",
        "04_2026-10-01_appel-anef.png",
    ]
    bordereau = read(r, "bordereau-pieces.docx")
    assert "1\nDemande de rendez-vous « blocage ANEF » du 10 septembre 2026\n01_2026-09-10_demande-rdv.jpg" in bordereau
    assert "2\nCapture d'écran ANEF du 20 septembre 2026 — Erreur à la validation" in bordereau
    assert "02_2026-09-20_capture-ecran.png" in bordereau


def test_selected_letters_only(tmp_path, data):
    r = produce(tmp_path, data, ("dgef",))
    assert r.fichiers == ["1-signalement-dgef.eml", "1-signalement-dgef.txt"]
