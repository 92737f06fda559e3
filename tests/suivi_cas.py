"""A structure's folder of dossiers in different situations, as of 27 November 2026 (``conftest.AUJOURD_HUI``),
for the tracking tests: each case says which deadline comes next and in how many days."""

from __future__ import annotations

import copy
from pathlib import Path

from conftest import BASE, write_dossier

TOUTES_ETAPES = [
    {"type": "capture_ecran", "date": "2026-09-20", "detail": "Erreur", "pieces": ["captures/erreur.png"]},
    {"type": "courriel_dgef", "date": "2026-09-25", "detail": "Courriel au support", "pieces": ["captures/courriel.png"]},
    {"type": "appel_anef", "date": "2026-10-01", "detail": "Appel", "pieces": ["captures/appel.png"]},
    {"type": "demande_rdv", "date": "2026-10-02", "detail": "Pas de créneau", "pieces": ["captures/rdv-1.png"]},
    {"type": "demande_rdv", "date": "2026-10-12", "detail": "Pas de créneau", "pieces": ["captures/rdv-2.png"]},
]


def cas(nom: str, prenoms: str, naissance: str, demande: dict, **autres) -> dict:
    data = copy.deepcopy(BASE)
    data["personne"].update(nom=nom, prenoms=prenoms, date_naissance=naissance)
    data["demande"] = {**{k: v for k, v in data["demande"].items() if k != "date_depot"}, **demande}
    for section, valeurs in autres.items():
        if isinstance(valeurs, dict):
            data.setdefault(section, {}).update(valeurs)
        else:
            data[section] = valeurs
    return data


# name of the file → (dossier, expected next deadline kind or None, days, overdue)
CAS: dict[str, tuple[dict, str | None, int | None, bool]] = {
    # an API ended a week ago: the person has no valid document
    "api-expiree.yaml": (
        cas(
            "KEITA",
            "Moussa",
            "1985-06-03",
            {
                "date_depot": "2026-09-20",
                "titre_actuel_expiration": "2026-08-20",
                "document_provisoire": "api",
                "document_provisoire_fin": "2026-11-20",
            },
            blocage={"types": ["api_expiree"]},
        ),
        "document_provisoire",
        -7,
        True,
    ),
    # letter 2 sent, AR on 23 October, 15 days: the référé has been possible since 7 November
    "refere-mur.yaml": (
        cas(
            "NGUYEN",
            "Thi Lan",
            "1992-01-30",
            {"titre_actuel_expiration": "2027-05-01"},
            demarches=[*TOUTES_ETAPES, {"type": "courrier_prefecture", "date": "2026-10-20", "detail": "LRAR"}],
            envoi={"envoye_le": "2026-10-20", "accuse_reception_le": "2026-10-23"},
        ),
        "reponse_prefecture",
        -19,
        True,
    ),
    # implicit rejection on 1 July, appeal period over on 1 September
    "recours-expire.yaml": (
        cas("BENALI", "Karim", "1979-11-02", {"date_depot": "2026-03-01", "titre_actuel_expiration": "2026-04-01"}),
        "fin_recours",
        -87,
        True,
    ),
    # titre expires in 13 days and nothing was filed
    "titre-proche.yaml": (
        cas(
            "SOW",
            "Mariama",
            "1995-07-14",
            {"titre_actuel_expiration": "2026-12-10"},
            blocage={"types": ["compte_creation"]},
            demarches=TOUTES_ETAPES,
        ),
        "titre",
        13,
        False,
    ),
    # rejection arisen on 10 October (API shows completeness), appeal ends on 10 December
    "recours-proche.yaml": (
        cas(
            "TRAORE",
            "Awa",
            "1988-03-21",
            {
                "date_depot": "2026-06-10",
                "titre_actuel_expiration": "2026-07-01",
                "document_provisoire": "api",
                "document_provisoire_fin": "2026-12-30",
            },
        ),
        "fin_recours",
        13,
        False,
    ),
    # letter 2 sent by e-mail on 20 November, received that day: the préfecture has until 5 December
    "attente-prefecture.yaml": (
        cas(
            "MENDES",
            "Ana Paula",
            "1990-09-09",
            {"titre_actuel_expiration": "2027-03-01"},
            demarches=[*TOUTES_ETAPES, {"type": "courriel_prefecture", "date": "2026-11-20", "detail": "Courriel"}],
            envoi={"envoye_le": "2026-11-20"},
        ),
        "reponse_prefecture",
        9,
        False,
    ),
    # the préfecture answered with its own delay of 30 days from the AR of 10 November
    "delai-annonce.yaml": (
        cas(
            "OKAFOR",
            "Chinedu",
            "1983-12-01",
            {"titre_actuel_expiration": "2027-04-01"},
            demarches=[*TOUTES_ETAPES, {"type": "courrier_prefecture", "date": "2026-11-05", "detail": "LRAR"}],
            envoi={"envoye_le": "2026-11-05", "accuse_reception_le": "2026-11-09", "delai_prefecture_jours": 30},
        ),
        "reponse_prefecture",
        13,
        False,
    ),
    # a pièce cannot be uploaded: the implicit rejection is only « au plus tôt » on 1 January
    "rejet-au-plus-tot.yaml": (
        cas(
            "HADDAD",
            "Yasmine",
            "1997-02-17",
            {
                "date_depot": "2026-09-01",
                "titre_actuel_expiration": "2027-06-30",
                "piece_demandee": "attestation de l'employeur",
                "piece_demandee_le": "2026-09-15",
            },
            blocage={"types": ["televersement"]},
        ),
        "rejet_implicite",
        35,
        False,
    ),
    # récépissé valid until 1 February: the titre that expired in October is covered
    "recepisse.yaml": (
        cas(
            "DIOP",
            "Cheikh",
            "1975-05-05",
            {
                "date_depot": "2026-10-20",
                "titre_actuel_expiration": "2026-10-25",
                "document_provisoire": "recepisse",
                "document_provisoire_fin": "2027-02-01",
                "complet": "oui",
            },
        ),
        "document_provisoire",
        66,
        False,
    ),
    # a refusal was notified: no implicit-rejection dates, a lawyer at once
    "decision.yaml": (
        cas(
            "KOUASSI",
            "Jean-Marc",
            "1980-08-08",
            {
                "date_depot": "2026-05-01",
                "titre_actuel_expiration": "2027-08-01",
                "decision": "refus",
                "decision_le": "2026-11-15",
            },
        ),
        "titre",
        247,
        False,
    ),
    # far ahead
    "loin.yaml": (
        cas("PETROV", "Ivan", "1991-04-04", {"titre_actuel_expiration": "2027-06-01"}, demarches=TOUTES_ETAPES),
        "titre",
        186,
        False,
    ),
    # a first demande never filed: no date at all
    "premiere.yaml": (
        cas(
            "AHMED",
            "Fatima",
            "2001-10-10",
            {"nature": "premiere_demande", "titre_actuel_expiration": None},
            personne={"numero_etranger": ""},
        ),
        None,
        None,
        False,
    ),
}


def write_structure(folder: Path) -> Path:
    """The twelve dossiers (two in a sub-folder), plus what tracking must leave aside or report."""
    for i, (nom, (data, *_)) in enumerate(CAS.items()):
        write_dossier(folder / ("archives" if i % 6 == 5 else ""), data, nom)
    # what is not a dossier, or not to be tracked
    (folder / "diallo.brouillon.yaml").write_text("personne:\n  nom: BROUILLON\ndemande: {}\n", encoding="utf-8")
    (folder / "config.yaml").write_text("prefecture: '13'\nsortie: sorties\n", encoding="utf-8")
    write_dossier(folder / "lettres-demo" / "exemple-dossier", copy.deepcopy(BASE), "dossier.yaml")
    write_dossier(folder / "sorties" / "copie", copy.deepcopy(BASE), "dossier.yaml")
    return folder


def write_broken(folder: Path) -> tuple[Path, Path]:
    """A dossier whose YAML is broken and one with an impossible birth date."""
    casse = folder / "casse.yaml"
    casse.write_text("personne:\n  nom: [DUPONT\ndemande:\n  nature: renouvellement\n", encoding="utf-8")
    invalide = copy.deepcopy(BASE)
    invalide["personne"]["date_naissance"] = "31/02/1990"
    return casse, write_dossier(folder, invalide, "invalide.yaml")
