"""The dossier: one schema (pydantic) for the YAML file, the checks, the messages and the templates.

Each field declares once its French label (``title``) and help (``description``); enumerations
declare their codes and French labels in ``CHOIX`` (``valeurs.py``). Messages name the field path and
the value: ``personne.date_naissance : « 31/02/1990 » n'est pas une date valide``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from lettres.dossier.messages import french_message
from lettres.dossier.valeurs import (
    Booleen,
    Courriel,
    DateObligatoire,
    DateOptionnelle,
    FieldError,
    Ligne,
    Texte,
    _blocages,
    _choice,
    _code_departement,
    _fixed,
    _prefectures,
    _split_list,
    _types_demarche,
    parse_heure,
    parse_numero_etranger,
)
from lettres.erreurs import DossierInvalide


class Schema(BaseModel):
    """A section of the dossier: unknown keys are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --- the dossier --------------------------------------------------------------------------------


class Consentement(Schema):
    date: DateOptionnelle = Field(
        None,
        title="Date du consentement",
        description="Date à laquelle la personne a accepté d'être accompagnée et le partage de ses données.",
    )
    transmission_tiers: Booleen = Field(
        False,
        title="Transmission à un tiers acceptée",
        description="La personne accepte que son dossier soit transmis à un ou une juriste, au Défenseur des droits ou à un avocat (nécessaire pour la note d'orientation).",
    )


class Personne(Schema):
    civilite: Annotated[str, BeforeValidator(_choice(_fixed("civilite")))] = Field(
        "", title="Civilité", description="Madame, Monsieur, ou vide pour une formulation neutre."
    )
    nom: Ligne = Field(
        ...,
        min_length=1,
        title="Nom de famille",
        description="Tel qu'il figure sur le titre de séjour ou le passeport.",
    )
    prenoms: Ligne = Field(
        ..., min_length=1, title="Prénoms", description="Tous les prénoms, dans l'ordre de l'état civil."
    )
    date_naissance: DateObligatoire = Field(..., title="Date de naissance", description="JJ/MM/AAAA")
    lieu_naissance: Ligne = Field(
        "", title="Lieu de naissance", description="Ville et pays, par exemple Conakry (Guinée)."
    )
    nationalite: Ligne = Field(..., min_length=1, title="Nationalité", description="Adjectif, par exemple guinéenne.")
    adresse: Texte = Field(
        "", title="Adresse postale", description="Sur plusieurs lignes : rue, puis code postal et ville."
    )
    courriel: Courriel = Field(
        "", title="Adresse électronique du compte ANEF", description="L'adresse utilisée sur le compte ANEF."
    )
    telephone: Ligne = Field("", title="Téléphone")
    numero_etranger: Annotated[str, BeforeValidator(parse_numero_etranger)] = Field(
        "",
        title="Numéro étranger (AGDREF)",
        description="10 chiffres, inscrit sur le titre de séjour ; facultatif pour une première demande.",
    )


class Demande(Schema):
    nature: Annotated[str, BeforeValidator(_choice(_fixed("nature")))] = Field(..., title="Nature de la demande")
    titre: Ligne = Field(
        ...,
        min_length=1,
        title="Titre de séjour demandé",
        description="Par exemple : carte de séjour pluriannuelle « salarié ».",
    )
    prefecture: Annotated[str, BeforeValidator(_choice(_prefectures, _code_departement))] = Field(
        ..., title="Préfecture", description="Code du département (13, 06, 83, 84, 05, 04, 2A, 2B)."
    )
    numero_anef: Ligne = Field(
        "", title="Numéro de la demande ANEF", description="Si une demande a été créée sur l'ANEF."
    )
    date_depot: DateOptionnelle = Field(
        None, title="Date de dépôt de la demande", description="Si la demande a pu être déposée."
    )
    titre_actuel_expiration: DateOptionnelle = Field(
        None,
        title="Date d'expiration du titre actuel",
        description="Titre, récépissé ou attestation de prolongation d'instruction en cours.",
    )


class Blocage(Schema):
    types: Annotated[list[Annotated[str, BeforeValidator(_choice(_blocages))]], BeforeValidator(_split_list)] = Field(
        ..., min_length=1, title="Types de blocage"
    )
    depuis: DateObligatoire = Field(..., title="Blocage constaté depuis le", description="JJ/MM/AAAA")
    message_erreur: Texte = Field("", title="Message d'erreur affiché", description="Recopié exactement.")
    description: Texte = Field("", title="Description du blocage")
    consequences: Texte = Field(
        "", title="Conséquences concrètes", description="Emploi, CAF, France Travail, logement, santé…"
    )


class Demarche(Schema):
    type: Annotated[str, BeforeValidator(_choice(_types_demarche))] = Field(..., title="Type de démarche")
    date: DateObligatoire = Field(..., title="Date", description="JJ/MM/AAAA")
    heure: Annotated[str, BeforeValidator(parse_heure)] = Field("", title="Heure", description="HH:MM")
    detail: Texte = Field("", title="Détail", description="Ce qui a été fait.")
    resultat: Texte = Field(
        "", title="Résultat", description="Par exemple : aucun créneau, ticket n° 1234, sans réponse."
    )
    pieces: Annotated[list[Ligne], BeforeValidator(_split_list)] = Field(
        default_factory=list,
        title="Pièces",
        description="Chemins des fichiers (captures, courriels…), relatifs au dossier.",
    )


class Accompagnant(Schema):
    civilite: Annotated[str, BeforeValidator(_choice(_fixed("civilite")))] = Field("", title="Civilité")
    nom: Ligne = Field(..., min_length=1, title="Nom")
    prenom: Ligne = Field("", title="Prénom")
    fonction: Ligne = Field("", title="Fonction", description="Par exemple : travailleur social, juriste, bénévole.")
    structure: Ligne = Field("", title="Structure")
    adresse: Texte = Field("", title="Adresse postale de la structure")
    courriel: Courriel = Field("", title="Adresse électronique")
    telephone: Ligne = Field("", title="Téléphone")


class Orientation(Schema):
    vers: Annotated[str, BeforeValidator(_choice(_fixed("vers")))] = Field(..., title="Orientation vers")
    nom: Ligne = Field("", title="Nom du ou de la destinataire")
    structure: Ligne = Field("", title="Structure")
    courriel: Courriel = Field("", title="Adresse électronique")
    objet: Texte = Field(
        "",
        title="Ce qui est demandé",
        description="Par exemple : analyse de la situation et, si besoin, saisine du juge des référés.",
    )


class Envoi(Schema):
    prefecture_courriel: Courriel = Field(
        "", title="Adresse électronique de la préfecture", description="Remplace celle du fichier de données."
    )
    prefecture_adresse: Texte = Field(
        "", title="Adresse postale du service des étrangers", description="Remplace celle du fichier de données."
    )
    recommande: Booleen = Field(True, title="Envoi en recommandé avec accusé de réception")
    numero_recommande: Ligne = Field("", title="Numéro du recommandé")
    lieu: Ligne = Field(
        "", title="Lieu indiqué avant la date", description="Par défaut, la ville de l'adresse du signataire."
    )
    delai_reponse_jours: int = Field(15, ge=1, le=90, title="Délai de réponse demandé à la préfecture (jours)")


class Dossier(Schema):
    version: int = Field(1, title="Version du format")
    signataire: Annotated[str, BeforeValidator(_choice(_fixed("signataire")))] = Field(
        "personne", title="Qui signe les lettres 1 et 2"
    )
    consentement: Consentement = Field(default_factory=Consentement, title="Consentement")
    personne: Personne = Field(..., title="Personne accompagnée")
    demande: Demande = Field(..., title="Demande de titre de séjour")
    blocage: Blocage = Field(..., title="Blocage")
    demarches: list[Demarche] = Field(default_factory=list, title="Démarches")
    accompagnant: Accompagnant | None = Field(None, title="Accompagnant ou accompagnante")
    orientation: Orientation | None = Field(None, title="Orientation (note d'orientation)")
    envoi: Envoi = Field(default_factory=Envoi, title="Envoi")

    @model_validator(mode="after")
    def _coherence(self) -> Dossier:
        if self.version != 1:
            raise FieldError("version : seule la version 1 du format est connue")
        if self.signataire == "accompagnant" and self.accompagnant is None:
            raise FieldError("accompagnant : section obligatoire quand signataire vaut « accompagnant »")
        if self.demande.nature in {"renouvellement", "changement_statut"} and not self.personne.numero_etranger:
            raise FieldError(
                "personne.numero_etranger : obligatoire pour un renouvellement ou un changement de statut "
                "(10 chiffres, inscrit sur le titre de séjour)"
            )
        return self


def validate_dossier(data: Any, fichier: str | None = None) -> Dossier:
    """Validate raw data (from YAML or a spreadsheet row); raise DossierInvalide with French messages."""
    if not isinstance(data, dict):
        raise DossierInvalide(
            ["le fichier doit contenir des clés (personne, demande, blocage…), pas une liste ou un texte"], fichier
        )
    try:
        return Dossier.model_validate(data)
    except ValidationError as exc:
        raise DossierInvalide([french_message(e) for e in exc.errors()], fichier) from None
