"""Two jurists' reading of the préfecture letter, the DGEF messages and the bordereaux (rapports A and B of
6 December 2026), on the text of the generated documents: each new wording is there, the faulty one is gone."""

from __future__ import annotations

import copy
import email
import re
from email import policy
from pathlib import Path

import pytest
from lxml import etree

from aides import copie_demo, corps_eml, produire, sans_pieces, texte_docx
from aides import documents_demo as documents
from conftest import BASE
from lettres.dossier import load_dossier
from lettres.francais import date_lettre

pytestmark = pytest.mark.usefixtures("sans_libreoffice")

DGEF = "1-signalement-dgef.eml"
LETTRE = "2-courrier-prefecture.docx"
BORDEREAU = "bordereau-pieces.docx"
SITUATIONS = (None, "diligences_incompletes", "depot_impossible", "api", "rejet_implicite", "refere")




def dossier_demo(tmp_path: Path, code: str | None):
    return load_dossier(copie_demo(tmp_path / "lu", code))




def message(resultat, nom: str):
    return email.message_from_bytes((resultat.dossier / nom).read_bytes(), policy=policy.default)


def jointes(resultat, nom: str) -> list[str]:
    return [p.get_filename() for p in message(resultat, nom).iter_attachments()]


# --- 1. B-A2: the préfet's duty under R. 431-15-1, with its conditions -------------------------------------------


def test_the_dgef_message_states_the_prefets_duty_with_its_conditions(tmp_path):
    dgef = corps_eml(documents(tmp_path, "api"), DGEF)
    assert (
        "n'est disponible sur le téléservice ANEF (Administration numérique pour les étrangers en France), alors "
        "que, lorsque l'instruction d'une demande complète, déposée dans les délais, se poursuit au-delà de "
        "l'expiration du titre, le préfet est tenu de la mettre à disposition au moyen de ce téléservice et de la "
        "renouveler tant qu'il n'a pas statué (article R. 431-15-1 du CESEDA)." in dgef
    )
    assert "alors que le préfet la met à disposition" not in dgef


# --- 2.: DIALLO's letter ----------------------------------------------------------------------------


def test_the_incompleteness_cannot_justify_withholding_the_attestation(tmp_path):
    lettre = texte_docx(documents(tmp_path, None), LETTRE)
    assert (
        "cette incomplétude tiendrait au seul téléservice, qui ne permet pas de la transmettre, et non à Mme DIALLO : "
        "elle ne saurait justifier que l'attestation de prolongation de l'instruction lui soit refusée" in lettre
    )
    assert "refus de l'attestation" not in lettre


def test_r431_11_is_cited_in_its_2025_wording(tmp_path):
    lettre = texte_docx(documents(tmp_path, None), LETTRE)
    assert (
        "transmises par l'étranger dans un délai raisonnable (article R. 431-11 du CESEDA, dans sa rédaction issue "
        "du décret n° 2025-539 du 13 juin 2025)." in lettre
    )
    assert "délai raisonnable (article R. 431-11 du CESEDA)." not in lettre


def test_without_any_piece_the_refusal_is_hedged_by_the_persons_own_findings(tmp_path):
    lettre = texte_docx(documents(tmp_path, None, sans_pieces), LETTRE)
    assert (
        "Vos services ayant demandé cette pièce, sa transmission ne saurait dépendre du seul téléservice, qui, selon "
        "les constatations de Mme DIALLO, ne permet pas de la déposer." in lettre
    )
    assert "téléservice, qui ne permet pas de la déposer" not in lettre
    # with its pièces, the refusal is proven: no hedge
    avec = texte_docx(documents(tmp_path / "avec", None), LETTRE)
    assert "téléservice, qui ne permet pas de la déposer." in avec and "selon les constatations" not in avec


# --- 3. B-C1, B-C2 ----------------------------------------------------------------------------------------------------


def test_after_an_implicit_rejection_the_dgef_is_asked_to_confirm_only_what_it_sees(tmp_path):
    dgef = corps_eml(documents(tmp_path, "rejet_implicite"), DGEF)
    depuis = date_lettre(dossier_demo(tmp_path, "rejet_implicite").blocage.depuis)
    assert (
        f"Je vous demande de bien vouloir confirmer par écrit que, depuis le {depuis}, aucune attestation de "
        "prolongation de l'instruction en cours de validité n'est disponible dans l'espace ANEF de Mme OUALI." in dgef
    )
    assert "décision implicite de rejet" not in dgef
    assert "ce constat et sa date" not in dgef


def test_the_reservation_names_the_juge_des_referes_of_the_competent_tribunal(tmp_path):
    lettre = texte_docx(documents(tmp_path, "api"), LETTRE)
    assert (
        "À défaut de réponse rapide, je me réserve la possibilité de saisir le juge des référés du tribunal "
        "administratif de Bastia (article L. 521-3 du code de justice administrative)." in lettre
    )
    assert "saisir le tribunal administratif." not in lettre
    diallo = texte_docx(documents(tmp_path / "diallo", None), LETTRE)
    assert (
        "Mme DIALLO se réserve la possibilité de saisir le juge des référés du tribunal administratif de Marseille "
        "(article L. 521-3 du code de justice administrative)." in diallo
    )


# --- 4. A-13: a report renewed, pièces cited by what the message attaches -------------------------------------------


@pytest.mark.parametrize("code", [None, "depot_impossible"])
def test_a_report_left_unanswered_is_renewed(tmp_path, code):
    dgef = corps_eml(documents(tmp_path, code), DGEF)
    (ancien,) = [d for d in dossier_demo(tmp_path, code).demarches if d.type == "courriel_dgef"]
    assert f"Je renouvelle le signalement adressé le {date_lettre(ancien.date)}, resté sans réponse." in dgef


def test_without_an_earlier_report_nothing_is_renewed(tmp_path):
    def sans_courriel(data: dict) -> None:
        data["demarches"] = [d for d in data["demarches"] if d["type"] != "courriel_dgef"]

    assert "Je renouvelle" not in corps_eml(documents(tmp_path, None, sans_courriel), DGEF)


@pytest.mark.parametrize("code", SITUATIONS)
def test_each_draft_says_jointe_only_of_what_it_attaches(tmp_path, code):
    r = documents(tmp_path, code)
    dgef = corps_eml(r, DGEF)
    assert "pièce n°" not in dgef and "pièces n°" not in dgef  # the DGEF never receives the bordereau
    captures = [n for n in jointes(r, DGEF) if "capture-ecran" in n]
    assert len(captures) == dgef.count("(capture jointe)") + 2 * dgef.count("(captures jointes)")
    assert jointes(r, DGEF) == captures
    if (r.dossier / "2-courrier-prefecture.eml").exists():
        corps = corps_eml(r, "2-courrier-prefecture.eml")
        nombre = re.search(r"numérotées selon le bordereau \((\d+) pièces?\)", corps)
        attendues = ["2-courrier-prefecture.docx", "bordereau-pieces.docx"] if nombre else ["2-courrier-prefecture.docx"]
        noms = jointes(r, "2-courrier-prefecture.eml")
        assert noms[: len(attendues)] == attendues
        assert len(noms) - len(attendues) == (int(nombre.group(1)) if nombre else 0)


# --- 5. A-9: a first demande whose filing channel is uncertain --------------------------------------------------------


def test_keita_cannot_create_the_account_through_which_he_thought_to_file(tmp_path):
    dgef = corps_eml(documents(tmp_path, "diligences_incompletes"), DGEF)
    depuis = date_lettre(dossier_demo(tmp_path, "diligences_incompletes").blocage.depuis)
    assert (
        f"Je vous signale que, depuis le {depuis}, je ne peux pas créer mon compte sur le téléservice ANEF, par lequel "
        "je pensais déposer ma première demande de titre de séjour (carte de séjour temporaire « vie privée et "
        "familiale »)." in dgef
    )
    assert "qui bloque ma première demande" not in dgef


# --- 6. B-B3: the titre and the API named from the dossier ------------------------------------------------------------


def test_the_titre_and_the_api_are_labelled_from_the_dossier(tmp_path):
    sow = texte_docx(documents(tmp_path / "sow", "refere"), BORDEREAU)
    fin = date_lettre(dossier_demo(tmp_path / "sow", "refere").demande.titre_actuel_expiration)
    assert f"Carte de résident expirée le {fin}" in sow
    ouali = texte_docx(documents(tmp_path / "ouali", "rejet_implicite"), BORDEREAU)
    d = dossier_demo(tmp_path / "ouali", "rejet_implicite").demande
    debut = date_lettre(d.document_provisoire_debut).rsplit(" ", 1)[0]
    assert f"Attestation de prolongation de l'instruction valable du {debut} au {date_lettre(d.document_provisoire_fin)}" in ouali
    for texte in (sow, ouali):
        assert "recto verso" not in texte
    requete = texte_docx(documents(tmp_path / "requete", "refere", lettres=("refere",)), "4-refere-mesures-utiles.docx")
    assert f"Carte de résident expirée le {fin}" in requete  # the requête's inventory takes the same label


def test_the_titre_label_agrees_with_its_gender(tmp_path):
    data = copy.deepcopy(BASE)
    data["demande"].update(titre="visa de long séjour valant titre de séjour", titre_actuel_expiration="2026-11-01")
    data["justificatifs"] = {"titre_sejour": ["pieces/titre.png"]}
    bordereau = texte_docx(produire(tmp_path, data, ("bordereau",)), BORDEREAU)
    assert "Visa de long séjour valant titre de séjour expiré le 1er novembre 2026" in bordereau
    assert "expirée" not in bordereau


# --- 7. A-19: the consequence pièce by what it is; the birth line in the neutral mode ---------------------------------


def test_abebe_promesse_and_birth_line(tmp_path):
    r = documents(tmp_path, "depot_impossible")
    bordereau = texte_docx(r, BORDEREAU)
    assert "Promesse d'embauche" in bordereau
    assert "Courrier montrant les conséquences du blocage" not in bordereau
    dgef = corps_eml(r, DGEF)
    assert "- Date et lieu de naissance : 17 février 1998, Addis-Abeba (Éthiopie)" in dgef
    assert ", à Addis-Abeba" not in dgef
    lettre = texte_docx(r, LETTRE)
    assert "Date et lieu de naissance : 17 février 1998, Addis-Abeba (Éthiopie) ; nationalité : éthiopienne" in lettre


def test_a_consequence_the_dossier_does_not_name_keeps_the_generic_label(tmp_path):
    data = copy.deepcopy(BASE)
    data["blocage"]["consequences"] = "Risque de perdre son logement."
    data["justificatifs"] = {"consequences": ["pieces/lettre.png"]}
    bordereau = texte_docx(produire(tmp_path, data, ("bordereau",)), BORDEREAU)
    assert "Courrier montrant les conséquences du blocage" in bordereau


# --- 8. A-17: the démarche type said once -------------------------------------------------------------------------------


def test_the_demarche_type_is_not_repeated_in_its_detail(tmp_path):
    diallo = documents(tmp_path / "diallo", None)
    abebe = documents(tmp_path / "abebe", "depot_impossible")
    keita = documents(tmp_path / "keita", "diligences_incompletes")
    textes = [corps_eml(r, DGEF) for r in (diallo, abebe, keita)]
    textes += [texte_docx(r, n) for r in (diallo, abebe) for n in (LETTRE, BORDEREAU)]
    tout = " ".join(textes)
    assert "Appel à l'assistance ANEF — Appel à l'assistance ANEF" not in tout
    assert "Appel à l'assistance ANEF — 0 806 001 620" in corps_eml(diallo, DGEF)
    assert "Signalement détaillé au support ANEF de la DGEF" not in tout
    assert "Courriel au support ANEF de la DGEF — Signalement détaillé" in corps_eml(abebe, DGEF)
    assert "Formulaire « Nous contacter » du centre de contact citoyen" not in tout
    assert "Formulaire de contact ANEF (« Nous contacter ») — résultat : sans réponse" in corps_eml(keita, DGEF)


# --- 9. B-D: the blocking said as a fact; the titre that expired ------------------------------------------------------


def test_the_blocking_is_said_as_a_fact_in_the_writers_voice(tmp_path):
    r = documents(tmp_path, "api")
    depuis = date_lettre(dossier_demo(tmp_path, "api").blocage.depuis)
    lettre = texte_docx(r, LETTRE)
    assert (
        f"Depuis le {depuis}, aucune attestation de prolongation de l'instruction n'est disponible dans mon espace "
        "ANEF. Ma demande apparaît toujours « en cours d'instruction »" in lettre
    )
    assert "se heurte" not in lettre
    note = texte_docx(r, "3-note-orientation.docx")  # BENALI writes his own note: the first person too
    assert "aucune attestation de prolongation de l'instruction n'est disponible dans mon espace ANEF." in note
    assert "la démarche se heurte" not in note
    # the requête speaks of the requérant: the third person
    sow = texte_docx(documents(tmp_path / "sow", "refere", lettres=("refere",)), "4-refere-mesures-utiles.docx")
    # ... dated by its latest capture (B2-3)
    assert (
        "date de la dernière capture d'écran de son espace ANEF, aucune attestation de prolongation de l'instruction "
        "n'y était disponible (pièce n° 9)." in sow
    )


def test_en_cours_d_instruction_only_when_a_key_says_so(tmp_path):
    data = copy.deepcopy(BASE)
    data["demande"].update(titre_actuel_expiration="2026-11-01", date_depot="2026-09-01")
    data["blocage"].update(types=["pas_api"], depuis="2026-11-02", message_erreur="", description="")
    lettre = texte_docx(produire(tmp_path / "sans", data, ("prefecture",)), LETTRE)
    assert "aucune attestation de prolongation de l'instruction n'est disponible dans mon espace ANEF." in lettre
    assert "en cours d'instruction »" not in lettre
    data["blocage"]["types"] = ["pas_api", "instruction_bloquee"]
    lettre = texte_docx(produire(tmp_path / "avec", data, ("prefecture",)), LETTRE)
    assert (
        "ma demande apparaît toujours « en cours d'instruction » dans mon espace ANEF, sans évolution, mais aucune "
        "attestation de prolongation de l'instruction n'y est disponible." in lettre
    )


def test_the_expired_titre_in_the_dgef_message(tmp_path):
    dgef = corps_eml(documents(tmp_path, "api"), DGEF)
    fin = date_lettre(dossier_demo(tmp_path, "api").demande.titre_actuel_expiration)
    assert f"- Titre précédent : expiré le {fin}" in dgef
    assert f"Mon titre de séjour a expiré le {fin} (depuis" in dgef
    assert "Le titre de séjour actuel" not in dgef and "Titre actuel : a expiré" not in dgef


# --- 10. A-20, A-21 --------------------------------------------------------------------------------------------------


def test_diallo_says_the_request_and_the_refusal_once(tmp_path):
    lettre = texte_docx(documents(tmp_path, None), LETTRE)
    demande = dossier_demo(tmp_path, None).demande
    assert f"Le {date_lettre(demande.piece_demandee_le)}, vos services ont demandé l'attestation de l'employeur." in lettre
    assert "la pièce suivante" not in lettre
    assert lettre.count("en refuse le téléversement") == 1
    # the description adds the repeated attempts only, never the demande that « ne peut pas être complétée » again
    assert "Le téléversement échoue à chaque tentative avec le même message." in lettre
    assert "la demande ne peut pas être complétée" not in lettre


def paragraphes_gardes(data: bytes) -> list[tuple[str, bool]]:
    """(text, keep with next) of each paragraph of the body."""
    import io
    import zipfile

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return [
        ("".join(t.text or "" for t in p.iter(f"{w}t")), p.find(f"{w}pPr/{w}keepNext") is not None)
        for p in root.iter(f"{w}p")
    ]


def test_without_any_piece_no_empty_column_and_the_closing_stays_with_the_requests(tmp_path):
    r = documents(tmp_path, None, sans_pieces)
    lettre = texte_docx(r, LETTRE)
    assert "Date Démarche Détail et résultat" in lettre
    assert "Détail et résultat Pièce" not in lettre
    assert "les numéros renvoient au bordereau" not in lettre
    paragraphes = paragraphes_gardes((r.dossier / LETTRE).read_bytes())
    debut = next(i for i, (t, _) in enumerate(paragraphes) if t.startswith("En conséquence"))
    fin = next(i for i, (t, _) in enumerate(paragraphes) if t.startswith("Je vous prie d'agréer"))
    assert all(garde for texte, garde in paragraphes[debut : fin + 1] if texte)
    avec = texte_docx(documents(tmp_path / "avec", None), LETTRE)
    assert "Détail et résultat Pièce" in avec


# --- 11. B-D: the préfecture's draft carries the PDF when one is written ---------------------------------------------


def test_the_prefecture_draft_carries_the_pdf_copies_once_written(tmp_path):
    from lettres.documents.pdf import joindre_pdf

    r = documents(tmp_path, "api")
    assert jointes(r, "2-courrier-prefecture.eml")[:2] == ["2-courrier-prefecture.docx", "bordereau-pieces.docx"]
    copies = []
    for nom in ("2-courrier-prefecture", "bordereau-pieces"):
        (r.dossier / f"{nom}.pdf").write_bytes(b"%PDF-1.4 " + nom.encode())
        copies.append(r.dossier / f"{nom}.pdf")
    joindre_pdf(copies)
    m = message(r, "2-courrier-prefecture.eml")
    parts = {p.get_filename(): p for p in m.iter_attachments()}
    assert list(parts)[:2] == ["2-courrier-prefecture.pdf", "bordereau-pieces.pdf"]
    assert parts["2-courrier-prefecture.pdf"].get_content_type() == "application/pdf"
    assert parts["2-courrier-prefecture.pdf"].get_content() == b"%PDF-1.4 2-courrier-prefecture"
    assert not any(n.endswith(".docx") for n in parts)
    assert "Vous trouverez ci-joint mon courrier" in m.get_body(("plain",)).get_content()
    # the DGEF report and the note keep what they carried
    assert all(n.endswith(".png") for n in jointes(r, DGEF))
    assert "3-note-orientation.docx" in jointes(r, "3-note-orientation.eml")


def test_every_kind_of_blocking_has_its_plain_sentence_in_both_voices():
    from lettres.documents.constat import CLAUSES
    from lettres.referentiel import charger_referentiel

    assert set(CLAUSES) == set(charger_referentiel().blocages_courts)
    for je, tiers in CLAUSES.values():
        assert "{" not in je and " mon " not in f" {tiers} " and " ma " not in f" {tiers} "


def test_after_an_implicit_rejection_the_screen_is_described_not_the_legal_state(tmp_path):
    note = texte_docx(documents(tmp_path, "rejet_implicite"), "3-note-orientation.docx")
    assert (
        "L'attestation de prolongation de l'instruction a expiré le 30 septembre 2026 et n'a pas été renouvelée ; "
        "dans l'espace ANEF de Mme OUALI, la demande apparaît toujours « en cours d'instruction », sans évolution." in note
    )
    assert "la demande de Mme OUALI reste" not in note


def test_the_note_says_the_blocking_in_its_writers_voice(tmp_path):
    keita = texte_docx(documents(tmp_path / "keita", "diligences_incompletes"), "3-note-orientation.docx")
    assert "je ne peux pas créer mon compte sur le téléservice ANEF." in keita  # KEITA writes his own note
    assert "M. KEITA ne peut pas créer son compte" not in keita
    diallo = texte_docx(documents(tmp_path / "diallo", None), "3-note-orientation.docx")
    assert "la demande de Mme DIALLO ne peut plus y être complétée ni corrigée" in diallo  # written by Paul MARTIN
