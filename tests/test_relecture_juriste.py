"""What a jurist reading the generated letters found, read back as a user reads them: the text of each letter,
the subject and the attachments of each draft, the warnings the demo shows."""

from __future__ import annotations

import copy
import email
from email import policy

from conftest import AUJOURD_HUI, BASE, write_dossier
from docx_texte import docx_text
from lettres.cli.avertissements import phrases
from lettres.demo import demo_dossier
from lettres.documents.generation import generate
from lettres.dossier import load_dossier
from lettres.referentiel import charger_referentiel


def demo(tmp_path, code: str, lettres=None):
    """A situation's example dossier, as « lettres demo --situation CODE » generates it."""
    source = demo_dossier(code)
    return generate(load_dossier(source), source.parent, tmp_path, lettres, aujourd_hui=AUJOURD_HUI)


def produce(tmp_path, data, lettres=None):
    path = write_dossier(tmp_path / "dossier", data)
    return generate(load_dossier(path), path.parent, tmp_path / "sorties", lettres, aujourd_hui=AUJOURD_HUI)


def text(resultat, name: str) -> str:
    return docx_text((resultat.dossier / name).read_bytes())


def message(resultat, name: str):
    return email.message_from_bytes((resultat.dossier / name).read_bytes(), policy=policy.default)


def test_an_implicit_rejection_is_not_called_no_refusal(tmp_path):
    r = demo(tmp_path, "rejet_implicite")
    note = text(r, "3-note-orientation.docx")
    assert "une décision implicite de rejet est née le 15 octobre 2026" in note
    assert "Aucun refus de titre" not in note
    assert (
        "– Aucune décision expresse (refus de titre notifié, obligation de quitter le territoire) n'a été signalée."
        in note
    )
    # the draft's subject says what the note says
    assert message(r, "3-note-orientation.eml")["Subject"] == (
        "Note d'orientation — Fatima OUALI — décision implicite de rejet née le 15 octobre 2026 : recours au plus "
        "tard le 15 décembre 2026"
    )


def test_without_implicit_rejection_the_subject_and_the_refusal_line_stay(tmp_path):
    r = demo(tmp_path, "depot_impossible")
    note = text(r, "3-note-orientation.docx")
    assert "– Aucun refus de titre ni aucune obligation de quitter le territoire n'a été signalé." in note
    sujet = message(r, "3-note-orientation.eml")["Subject"]
    assert sujet.endswith("— blocage ANEF (première demande)") and "implicite" not in sujet


def test_a_rendez_vous_asked_of_the_prefecture_is_a_step_with_the_prefecture(tmp_path):
    r = demo(tmp_path, "api")
    note = text(r, "3-note-orientation.docx")
    assert "à la préfecture par courriel — Résultat : sans réponse" in note  # in the chronology
    assert "Aucune démarche auprès de la préfecture" not in note
    assert (
        "– Une démarche a déjà été effectuée auprès de la préfecture : demande de rendez-vous « blocage ANEF » du "
        "9 novembre 2026, restée sans réponse." in note
    )


def test_every_step_of_the_prefecture_kind_counts_and_keeps_its_capitals(tmp_path):
    vers_prefecture = {code for e in charger_referentiel().etapes if e.prefecture for code in e.types}
    assert vers_prefecture == {"demande_rdv", "appel_pan", "visite_pan", "courriel_prefecture", "courrier_prefecture"}
    data = copy.deepcopy(BASE)
    data["demarches"].append({"type": "appel_pan", "date": "2026-10-05", "detail": "", "resultat": "rappel promis"})
    note = text(produce(tmp_path, data), "3-note-orientation.docx")
    assert (
        "Une démarche a déjà été effectuée auprès de la préfecture : appel au point d'accueil numérique (PAN) de "
        "la préfecture du 5 octobre 2026 (rappel promis, selon Mme DIALLO ; aucune pièce ne le prouve)." in note
    )


def test_a_first_request_has_no_current_titre_line(tmp_path):
    for code in ("depot_impossible", "diligences_incompletes"):
        note = text(demo(tmp_path / code, code), "3-note-orientation.docx")
        dates = note[note.index("2. Dates clés et délais") : note.index("3. Conséquences concrètes")]
        assert "Titre de séjour actuel" not in dates, code
    # a renewal whose titre's end is not given still says so
    data = copy.deepcopy(BASE)
    data["demande"]["titre_actuel_expiration"] = ""
    note = text(produce(tmp_path / "renouvellement", data), "3-note-orientation.docx")
    assert "– Titre de séjour actuel : date d'expiration non renseignée." in note


def test_the_request_for_reasons_keeps_to_the_law_of_reasons(tmp_path):
    """L. 232-4 CRPA gives the administration a month, and the request itself extends the appeal period: no fixed
    date, no 15 days, and no account of the ANEF blockage in that letter."""
    r = demo(tmp_path, "rejet_implicite", ("prefecture",))
    lettre = text(r, "2-courrier-prefecture.docx")
    assert (
        "Mme OUALI se réserve la possibilité de contester cette décision devant le tribunal administratif dans les "
        "délais de recours." in lettre
    )
    assert (
        "répondre par écrit dans le mois prévu par l'article L. 232-4 du code des relations entre le public et "
        "l'administration." in lettre
    )
    assert "15 jours" not in lettre and "au plus tard le" not in lettre
    assert "la demande reste" not in lettre  # the description of the blockage (demo dossier)


def test_no_piece_no_bordereau(tmp_path):
    data = copy.deepcopy(BASE)
    for demarche in data["demarches"]:
        demarche.pop("pieces", None)
    r = produce(tmp_path, data)
    assert "bordereau-pieces.docx" not in r.fichiers and not (r.dossier / "bordereau-pieces.docx").exists()
    lettre = text(r, "2-courrier-prefecture.docx")
    note = text(r, "3-note-orientation.docx")
    assert "Les démarches suivantes ont été effectuées, dans l'ordre chronologique :" in lettre
    assert "bordereau" not in lettre and "P. J." not in lettre
    # the note names the one thing it encloses: the letter written with it
    assert "bordereau" not in note and "P. J. : courrier à la préfecture du 27 novembre 2026" in note
    for nom in ("2-courrier-prefecture.eml", "3-note-orientation.eml"):
        brouillon = message(r, nom)
        joints = [a.get_filename() for a in brouillon.iter_attachments()]
        # the note's draft carries the préfecture letter written with it, which it asks to review
        attendus = [nom.replace(".eml", ".docx")] + (["2-courrier-prefecture.docx"] if nom.startswith("3-") else [])
        assert joints == attendus, joints
        assert "bordereau" not in brouillon.get_body(("plain",)).get_content()
    assert (
        "Vous trouverez en pièces jointes la note et le courrier à la préfecture établi ce jour."
        in message(r, "3-note-orientation.eml").get_body(("plain",)).get_content()
    )
    # asked for by name, it is written, and still attached to no draft
    r = produce(tmp_path / "demande", data, ("orientation", "bordereau"))
    assert "Aucune pièce n'est encore jointe au dossier." in text(r, "bordereau-pieces.docx")
    assert [a.get_filename() for a in message(r, "3-note-orientation.eml").iter_attachments()] == [
        "3-note-orientation.docx"
    ]


def test_with_pieces_the_bordereau_is_announced_and_attached(tmp_path):
    r = produce(tmp_path, copy.deepcopy(BASE))
    lettre = text(r, "2-courrier-prefecture.docx")
    assert "(les numéros renvoient au bordereau de pièces joint) :" in lettre
    assert "P. J. : bordereau de pièces (3 pièces)" in lettre
    joints = [a.get_filename() for a in message(r, "3-note-orientation.eml").iter_attachments()]
    assert joints == ["3-note-orientation.docx", "bordereau-pieces.docx", "2-courrier-prefecture.docx"]


def test_the_demo_of_incomplete_diligences_shows_no_path_it_warns_against(tmp_path):
    r = demo(tmp_path, "diligences_incompletes")
    assert not any("Défenseur des droits" in a for a in phrases(r)), phrases(r)
    note = text(r, "3-note-orientation.docx")
    assert "Afin de solliciter votre analyse juridique, je vous expose ma situation" in note
    # still what the situation is meant to show: steps 3 and 4 missing, the person signs
    assert "diligences_incompletes" in r.codes or any("Étapes 1 à 4" in a for a in phrases(r))
    lettre = text(r, "2-courrier-prefecture.docx")
    # « vie privée et familiale » is only partly on the ANEF: the letter asks the way, then the help (lettres2)
    assert (
        "Objet : Voie de dépôt d'une demande de titre de séjour et, si elle relève du téléservice, demande "
        "d'accompagnement" in lettre
    )
    assert "Je me permets de vous écrire" in lettre


def test_cosmetics_of_names_and_labels(tmp_path):
    prefectures = charger_referentiel().prefectures
    assert prefectures["2A"].nom == "Préfecture de la Corse-du-Sud"
    assert prefectures["2B"].nom == "Préfecture de la Haute-Corse"
    assert prefectures["13"].nom == "Préfecture des Bouches-du-Rhône"
    assert prefectures["06"].nom == "Préfecture des Alpes-Maritimes"
    note = text(demo(tmp_path, "api"), "3-note-orientation.docx")
    assert "Préfecture de la Corse-du-Sud" in note
    note = text(demo(tmp_path / "rejet", "rejet_implicite"), "3-note-orientation.docx")
    situation = next(ligne for ligne in note.splitlines() if ligne.startswith("– Stade de la procédure : "))
    # once the rejection has arisen, no API « à obtenir » beside it
    assert situation == "– Stade de la procédure : décision implicite de rejet née."
    assert situation[len("– Stade de la procédure : ")].islower(), situation
    titres = charger_referentiel().titres
    assert titres["CST 3"].intitule == "CST 3 – salarié, travailleur temporaire, entrepreneur/profession libérale"
    assert not [t.code for t in titres if " - " in t.libelle]
    # the old spelling, in a dossier written before, still finds its category
    assert titres.trouver("salarié - travailleur temporaire - entrepreneur profession libérale") is titres["CST 3"]


def test_no_piece_but_a_ticked_checklist_writes_no_bordereau(tmp_path):
    data = copy.deepcopy(BASE)
    for demarche in data["demarches"]:
        demarche.pop("pieces", None)
    data["demande"].update(titre="CST 8 – visiteur", nature="premiere_demande", pieces_fournies=["photos"])
    r = produce(tmp_path, data)
    # a bordereau lists nothing it does not enclose: the note names the pièces gathered
    assert "bordereau-pieces.docx" not in r.fichiers
    # a demande on the ANEF holds the e-photo's code, not paper photos (rapport5-A, A6-1)
    assert "non jointes à la présente note (à vérifier dans le dossier ANEF) : code de la e-photo (photo d'identité numérique)." in text(
        r, "3-note-orientation.docx"
    )
    assert "P. J." not in text(r, "2-courrier-prefecture.docx")
    for nom in ("2-courrier-prefecture.eml", "3-note-orientation.eml"):
        assert "bordereau-pieces.docx" not in [a.get_filename() for a in message(r, nom).iter_attachments()]


def test_no_demo_says_a_titre_was_filed_on_the_anef_when_the_data_says_it_is_not():
    """The référence data holds, verified, which titres are asked on the ANEF (CST « salarié »: at the préfecture,
    service-public F15898 of 1 January 2026): an example filed « sur le téléservice ANEF » uses a titre of the ANEF."""
    from lettres.demo import situations_demo

    titres = charger_referentiel().titres
    for code in (None, *situations_demo()):
        dossier = load_dossier(demo_dossier(code))
        categorie = titres[dossier.demande.categorie] if dossier.demande.categorie else titres.trouver(dossier.demande.titre)
        assert categorie is None or categorie.anef != "non", (code, dossier.demande.titre)
    # the check can fail: the « salarié » card the demos used to name is found, and it is not on the ANEF
    assert titres.trouver("carte de séjour temporaire « salarié »").anef == "non"
