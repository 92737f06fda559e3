"""French text written once: the folded form words are compared in, and the agreement of a word with a number."""

from __future__ import annotations

import pytest

from lettres.francais import accorder, nombre, replier, replier_mots, sans_accents


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Préfecture", "prefecture"),
        ("  PRÉFECTURE   des  Bouches-du-Rhône ", "prefecture des bouches-du-rhone"),
        ("Cœur ÆTHER", "coeur aether"),
        ("Straße", "strasse"),
        ("İstanbul", "istanbul"),
        ("Ngũgĩ wa Thiong'o", "ngugi wa thiong'o"),
        ("Иван", "иван"),  # another alphabet is kept, only its case is folded
        ("ﬁche ②", "fiche 2"),  # compatibility forms: what the keyboard would have typed
    ],
)
def test_replier_folds_case_accents_ligatures_and_spacing(typed, folded):
    assert replier(typed) == folded


def test_replier_makes_the_same_word_of_every_way_to_type_it():
    assert len({replier(x) for x in ("Éloïse", "eloise", "ELOÏSE", " Eloise ", "éloïse")}) == 1
    assert replier("Dupont") != replier("Dupond")


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("L'Isère", "l isere"),
        ("L’Isère", "l isere"),
        ("Étudiant-programme  de mobilité", "etudiant programme de mobilite"),
        ("CSP 1.10 / « talent »", "csp 1 10 talent"),
        ("snake_case", "snake case"),
        ("---", ""),
    ],
)
def test_replier_mots_reads_every_sign_between_words_as_a_space(typed, words):
    assert replier_mots(typed) == words


def test_sans_accents_keeps_case_and_spacing_for_file_names():
    assert sans_accents("Œuvre d'Étienne  Ñ") == "OEuvre d'Etienne  N"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 dossier"), (1, "1 dossier"), (2, "2 dossiers"), (10, "10 dossiers"), (-1, "-1 dossier"), (-3, "-3 dossiers")],
)
def test_nombre_takes_the_singular_below_two(n, expected):
    assert nombre(n, "dossier") == expected


def test_accorder_leaves_words_ending_in_s_x_z_and_takes_a_given_plural():
    assert nombre(3, "choix") == "3 choix"
    assert nombre(2, "avis") == "2 avis"
    assert nombre(2, "nez") == "2 nez"
    assert nombre(2, "contact local écrit", "contacts locaux écrits") == "2 contacts locaux écrits"
    assert accorder(1, "contact local écrit", "contacts locaux écrits") == "contact local écrit"


def test_date_lettre_writes_the_twelve_months_in_full_with_1er():
    from datetime import date

    from lettres.francais import date_lettre

    mois = [date_lettre(date(2026, m, 1)) for m in range(1, 13)]
    assert mois[0] == "1er janvier 2026" and mois[1] == "1er février 2026" and mois[7] == "1er août 2026"
    assert mois[11] == "1er décembre 2026" and len(set(mois)) == 12
    assert date_lettre(date(2026, 12, 2)) == "2 décembre 2026"
    assert date_lettre(date(2027, 3, 31)) == "31 mars 2027"
    assert date_lettre(None) == ""


def test_liste_fr_joins_with_commas_and_the_last_word():
    from lettres.francais import liste_fr

    assert liste_fr([]) == "" and liste_fr(["3"]) == "3"
    assert liste_fr(["3", "4"]) == "3 et 4"
    assert liste_fr(("2", "3", "4")) == "2, 3 et 4"
    assert liste_fr(["PNG", "JPEG", "PDF"], "ou") == "PNG, JPEG ou PDF"
