"""The order of the questions, as data: sections of fields, and the yes/no « gates » of optional sections.

Shared by the terminal interview and the web forms (one page per section). Which field is asked, and when,
comes from each field's ``Saisie`` marker; this module only says in which order, under which heading, and
which sections are optional. Gate answers (``_orientation``…) are the interview's own: never in the dossier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lettres.dossier.saisie import Si


@dataclass(frozen=True)
class Porte:
    """The question that opens an optional section; ``ouverte_si`` opens it without asking."""

    cle: str
    question: str
    aide: str = ""
    defaut: bool | None = False
    ouverte_si: Si | None = None

    def ouverte(self, answers: Mapping[str, Any]) -> bool:
        return bool(answers.get(self.cle)) or (self.ouverte_si is not None and self.ouverte_si.vraie(answers))

    def tranchee(self, answers: Mapping[str, Any]) -> bool:
        """Answered, or settled by another answer."""
        return self.cle in answers or (self.ouverte_si is not None and self.ouverte_si.vraie(answers))


@dataclass(frozen=True)
class Section:
    code: str
    titre: str
    champs: tuple[str, ...] = ()  # dotted paths of the schema, in the order asked
    intro: str = ""  # what the section is for, said before its first question
    porte: Porte | None = None  # an optional section
    donnees: str = ""  # the dossier key an optional section fills (forgotten when the gate closes)

    def ouverte(self, answers: Mapping[str, Any]) -> bool:
        return self.porte is None or self.porte.ouverte(answers)


def _fields(prefix: str, *names: str) -> tuple[str, ...]:
    return tuple(f"{prefix}.{name}" for name in names)


ACCOMPAGNANT = ("civilite", "nom", "prenom", "fonction", "structure", "adresse", "courriel", "telephone")

SECTIONS: tuple[Section, ...] = (
    Section(
        "personne",
        "La personne accompagnée",
        _fields(
            "personne",
            "civilite",
            "nom",
            "prenoms",
            "date_naissance",
            "lieu_naissance",
            "nationalite",
            "adresse",
            "courriel",
            "telephone",
        ),
    ),
    Section(
        "demande",
        "Sa demande de titre de séjour",
        (
            "demande.nature",
            "demande.titre",
            "demande.categorie",
            "demande.carte_bleue_autre_etat",
            "demande.prefecture",
            "personne.numero_etranger",
            "demande.numero_anef",
            "demande.date_depot",
            "demande.titre_actuel_expiration",
            # what the situation needs (docs/situations.md), asked once the demande was filed
            *_fields(
                "demande",
                "document_provisoire",
                "document_provisoire_debut",
                "document_provisoire_fin",
                "piece_demandee",
                "piece_demandee_le",
                "complet",
                "decision",
                "decision_le",
            ),
        ),
    ),
    Section(
        "pieces",
        "Les pièces de la demande",
        ("demande.pieces_fournies",),
        intro="La liste des pièces justificatives du titre (annexe 10 du CESEDA) : cochez celles que le dossier "
        "contient. Un dossier incomplet n'ouvre ni l'attestation de prolongation de l'instruction ni le délai de "
        "la décision implicite de rejet. La liste n'est proposée que si la catégorie du titre est connue, pour une "
        "première demande ou un renouvellement.",
    ),
    Section(
        "signature",
        "La signature des lettres 1 et 2",
        ("signataire",),
        intro="Lettre 1 : le signalement au support de l'ANEF. Lettre 2 : le courrier à la préfecture. "
        "La personne peut les signer elle-même, ou vous pouvez les signer pour elle, avec son accord.",
    ),
    Section(
        "accompagnant",
        "Vos coordonnées",
        _fields("accompagnant", *ACCOMPAGNANT),
        porte=Porte(
            "_accompagnant",
            "Indiquer vos coordonnées d'accompagnant ou d'accompagnante ?",
            aide="Elles figurent dans la note d'orientation et vous recevez une copie des courriels. "
            "Les réglages de votre structure les gardent pour tous les dossiers.",
            ouverte_si=Si("signataire", ("accompagnant",)),
        ),
        donnees="accompagnant",
    ),
    Section(
        "blocage",
        "Le blocage sur l'ANEF",
        _fields(
            "blocage",
            "types",
            "depuis",
            "message_erreur",
            "piece_refusee",
            "piece_refusee_depuis",
            "piece_refusee_erreur",
            "description",
            "consequences",
        ),
    ),
    Section(
        "demarches",
        "Les démarches déjà faites",
        intro="Chaque démarche (capture d'écran, appel, courriel, rendez-vous…) prouve une étape de la fiche. "
        "Vous pourrez en ajouter plus tard au journal des démarches.",
    ),
    Section(
        "justificatifs",
        "Les justificatifs (numérotés avec les pièces des démarches)",
        _fields(
            "justificatifs",
            "titre_sejour",
            "document_provisoire",
            "passeport",
            "attestation_depot",
            "demande_piece",
            "piece_a_transmettre",
            "consequences",
            "mandat",
        ),
    ),
    Section(
        "envoi",
        "L'envoi à la préfecture",
        intro="Ces adresses ne sont demandées que si elles manquent ; les réglages de votre structure les gardent "
        "pour tous vos dossiers.",
        champs=_fields(
            "envoi",
            "prefecture_courriel",
            "prefecture_adresse",
            "recommande",
            "numero_recommande",
            "lieu",
            "delai_reponse_jours",
            "bordereau_pieces_demande",
            "prefet_civilite",
            "envoye_le",
            "accuse_reception_le",
            "delai_prefecture_jours",
        ),
    ),
    Section(
        "orientation",
        "La note d'orientation (lettre 3)",
        (
            *_fields("orientation", "vers", "nom", "civilite", "structure", "courriel", "objet"),
            "personne.interprete",
            "recours.aide_juridictionnelle",
            # the référé draft: from the review screen (« demander » is off), or in the file
            "recours.telephone",
            "recours.delai_jours",
            "recours.astreinte_euros",
            "recours.tribunal_adresse",
            "recours.frais_euros",
            "recours.avocat",
            # the request for the reasons of an implicit rejection (L. 232-4 CRPA): here, or as a démarche
            "recours.motifs_demandes_le",
            "recours.motifs_communiques_le",
            "consentement.transmission_tiers",
            "consentement.date",
        ),
        porte=Porte(
            "_orientation",
            "Préparer une note d'orientation vers un ou une juriste, le Défenseur des droits ou un avocat ?",
            aide="Vous pourrez la préparer plus tard, en rouvrant le dossier.",
        ),
        donnees="orientation",
    ),
    Section(
        "issue",
        "L'issue du dossier",
        _fields("issue", "reponse_prefecture_le", "reponse_prefecture", "cloture_le", "cloture"),
        intro="La réponse de la préfecture au courrier et la clôture du dossier : le suivi des échéances n'alerte "
        "plus sur un dossier clos, le bilan les compte.",
    ),
)
# not asked: ``version``, and ``situation`` (a situation imposed by hand, for those who edit the file)
HORS_PARCOURS = ("version", "situation")


def section(code: str) -> Section:
    return next(s for s in SECTIONS if s.code == code)


def section_of(key: str) -> Section | None:
    """The section that asks the field ``key`` (``demarches.date`` → the démarches)."""
    if key.startswith("demarches."):
        return section("demarches")
    return next((s for s in SECTIONS if key in s.champs), None)
