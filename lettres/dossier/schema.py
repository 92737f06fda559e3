"""The dossier: one schema (pydantic) for the YAML file, the checks, the messages and the templates.

Each field declares once its French label (``title``), its help (``description``) and, in its type, how
it is asked (a ``Saisie`` marker: kind, example, choices, defaults, conditions — see ``saisie.py``).
Messages name the field path and the value: ``personne.date_naissance : « 31/02/1990 » …``.
"""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from lettres.dossier.messages import french_message
from lettres.dossier.saisie import Saisie, Si, missing_required
from lettres.dossier.titre import SiListePieces, completer_demande, liste_pieces
from lettres.dossier.valeurs import (
    Booleen,
    Courriel,
    DateObligatoire,
    DateOptionnelle,
    EntierOptionnel,
    FieldError,
    Ligne,
    Texte,
    _choice,
    _prefecture,
    _split_list,
    parse_heure,
    parse_numero_etranger,
)
from lettres.erreurs import DossierInvalide
from lettres.referentiel import charger_referentiel
from lettres.referentiel.titres import code_canonique

PREMIERE_DEMANDE = Si("demande.nature", ("premiere_demande",))
SAUF_PREMIERE_DEMANDE = Si("demande.nature", ("premiere_demande",), sauf=True)
# a screenshot has neither a time to give (it shows it) nor an outcome
SAUF_CAPTURE = Si("type", ("capture_ecran",), sauf=True)
VIDE = (None, "")
DEPOSEE = Si("demande.date_depot", VIDE, sauf=True)  # the facts of the situation matter once filed
AVOCAT = Si("orientation.vers", ("avocat",))
COMPLETUDE = ("televersement", "modification_impossible")  # blockings that keep a pièce from being added
LETTRE_PREFECTURE = ("courrier_prefecture", "courriel_prefecture")


# codes of the lists of choices (valeurs.options)
Civilite = Annotated[str, BeforeValidator(_choice("civilite"))]
Nature = Annotated[str, BeforeValidator(_choice("nature"))]
CodePrefecture = Annotated[str, BeforeValidator(_prefecture)]
CodeBlocage = Annotated[str, BeforeValidator(_choice("blocages"))]
TypeDemarche = Annotated[str, BeforeValidator(_choice("types_demarche"))]
ObjetCourrier = Annotated[str, BeforeValidator(_choice("objets_courrier"))]
Vers = Annotated[str, BeforeValidator(_choice("vers"))]
Signataire = Annotated[str, BeforeValidator(_choice("signataire"))]
DocumentProvisoire = Annotated[str, BeforeValidator(_choice("document_provisoire"))]
Complet = Annotated[str, BeforeValidator(_choice("complet"))]
Decision = Annotated[str, BeforeValidator(_choice("decision"))]
AideJuridictionnelle = Annotated[str, BeforeValidator(_choice("aide_juridictionnelle"))]
CodeSituation = Annotated[str, BeforeValidator(_choice("situations"))]
CodeTitre = Annotated[str, BeforeValidator(_choice("titres", lambda t: code_canonique(t) or t))]
CodePiece = Annotated[str, BeforeValidator(_choice("pieces_titre", str.lower))]
Fichiers = Annotated[list[Ligne], BeforeValidator(_split_list)]
CodeReponse = Annotated[str, BeforeValidator(_choice("reponses_prefecture"))]
CodeCloture = Annotated[str, BeforeValidator(_choice("clotures"))]


M = TypeVar("M", bound=BaseModel)


def _liste() -> list:
    """An empty list: the default of a list field. pydantic reads the signature of each default factory; that of
    a Python function is at hand, that of the builtin ``list`` is parsed from text (with the sections' defaults
    below, 30 million instructions, 2 % of the start of a one-row batch)."""
    return []


def _section(model: type[M]) -> Callable[[], M]:
    """The default of a section: its empty model (a function, for the same reason as ``_liste``)."""

    def empty() -> M:
        return model()

    return empty


class Schema(BaseModel):
    """A section of the dossier: unknown keys are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --- the dossier --------------------------------------------------------------------------------


class Consentement(Schema):
    date: Annotated[
        DateOptionnelle,
        Saisie(
            "date",
            question="Date de cet accord",
            defaut_de="aujourdhui",
            demander=Si("consentement.transmission_tiers"),
            futur=False,
        ),
    ] = Field(
        None,
        title="Date du consentement",
        description="Date à laquelle la personne a donné son accord à la transmission de son dossier.",
    )
    transmission_tiers: Annotated[
        Booleen,
        Saisie(
            "booleen",
            question="La personne accepte-t-elle que son dossier soit transmis à {destinataire} ?",
            explicite=True,
        ),
    ] = Field(
        False,
        title="Transmission à un tiers acceptée",
        description="La personne accepte que son dossier soit transmis à un ou une juriste, au Défenseur des "
        "droits ou à un avocat (nécessaire pour la note d'orientation).",
    )


class Personne(Schema):
    civilite: Annotated[Civilite, Saisie("choix", choix="civilite", explicite=True)] = Field(
        "", title="Civilité", description="Pour accorder les lettres : Madame, Monsieur, ou une formulation neutre."
    )
    nom: Annotated[Ligne, Saisie("ligne", exemple="KEITA")] = Field(
        ...,
        min_length=1,
        title="Nom de famille",
        description="Tel qu'il figure sur le titre de séjour ou le passeport.",
    )
    prenoms: Annotated[Ligne, Saisie("ligne", exemple="Moussa Ibrahim")] = Field(
        ..., min_length=1, title="Prénoms", description="Tous les prénoms, dans l'ordre de l'état civil."
    )
    date_naissance: Annotated[DateObligatoire, Saisie("date", exemple="03/06/1985", futur=False, sans_annee="refusee")] = Field(
        ..., title="Date de naissance"
    )
    lieu_naissance: Annotated[Ligne, Saisie("ligne", exemple="Bamako (Mali)")] = Field(
        "", title="Lieu de naissance", description="Ville et pays."
    )
    nationalite: Annotated[Ligne, Saisie("ligne", exemple="malienne")] = Field(
        ..., min_length=1, title="Nationalité", description="Comme on l'écrit dans une lettre : malienne, guinéenne…"
    )
    adresse: Annotated[Texte, Saisie("texte", exemple="5 rue du Port\n06300 Nice")] = Field(
        "", title="Adresse postale", description="La rue sur une ligne, puis le code postal et la ville."
    )
    courriel: Annotated[Courriel, Saisie("courriel")] = Field(
        "", title="Adresse électronique du compte ANEF", description="L'adresse utilisée sur le compte ANEF."
    )
    telephone: Annotated[Ligne, Saisie("ligne", exemple="06 12 34 56 78")] = Field("", title="Téléphone")
    numero_etranger: Annotated[
        str,
        BeforeValidator(parse_numero_etranger),
        Saisie(
            "numero",
            exemple="7501234567",
            demander=SAUF_PREMIERE_DEMANDE,
            obligatoire_si=Si(
                "demande.nature",
                ("renouvellement", "changement_statut"),
                raison="pour un renouvellement ou un changement de statut (10 chiffres, inscrit sur le titre de séjour)",
            ),
        ),
    ] = Field(
        "",
        title="Numéro étranger (AGDREF)",
        description="10 chiffres, inscrit sur le titre de séjour ; facultatif pour une première demande.",
    )
    interprete: Annotated[Ligne, Saisie("ligne", exemple="peul", demander=AVOCAT)] = Field(
        "",
        title="Langue pour laquelle un interprète est nécessaire",
        description="Vide si la personne n'en a pas besoin (pour l'avocat ou l'avocate et le juge).",
    )


class Demande(Schema):
    nature: Annotated[Nature, Saisie("choix", choix="nature", explicite=True)] = Field(
        ..., title="Nature de la demande"
    )
    titre: Annotated[
        Ligne, Saisie("ligne", exemple="carte de séjour pluriannuelle « salarié »", propositions="titres")
    ] = Field(
        ...,
        min_length=1,
        title="Titre de séjour demandé",
        description="Tapez un mot (salarié, visiteur, étudiant…) ou un code (CST 3) pour trouver la catégorie de "
        "la liste des pièces ; un texte qui n'en désigne aucune est gardé tel quel.",
    )
    categorie: Annotated[CodeTitre, Saisie("choix", choix="titres", demander=False)] = Field(
        "",
        title="Catégorie du titre (liste des pièces)",
        description="Le code de la liste des pièces justificatives (CST 3, CSP 5, CR 1…), choisi avec le titre ; "
        "vide pour un titre hors de ces listes.",
    )
    pieces_fournies: Annotated[
        list[CodePiece],
        BeforeValidator(_split_list),
        Saisie("choix_multiple", choix="pieces_titre", quand=SiListePieces()),
    ] = Field(
        default_factory=_liste,
        title="Pièces de la demande réunies",
        description="Cochez les pièces que le dossier contient ; aucune case cochée : la liste n'est pas contrôlée.",
    )
    prefecture: Annotated[
        CodePrefecture,
        Saisie("choix", choix="prefectures", defaut_de="configuration.prefecture"),
    ] = Field(..., title="Préfecture", description="Celle du lieu de résidence : tapez la ville ou le département.")
    numero_anef: Annotated[Ligne, Saisie("ligne")] = Field(
        "", title="Numéro de la demande ANEF", description="Si une demande a été créée sur l'ANEF."
    )
    date_depot: Annotated[DateOptionnelle, Saisie("date", futur=False)] = Field(
        None, title="Date de dépôt de la demande", description="Si la demande a pu être déposée."
    )
    titre_actuel_expiration: Annotated[
        DateOptionnelle, Saisie("date", quand=SAUF_PREMIERE_DEMANDE, sans_annee="prochaine")
    ] = Field(
        None,
        title="Date d'expiration du titre actuel",
        description="Titre, récépissé ou attestation de prolongation d'instruction en cours.",
    )
    document_provisoire: Annotated[
        DocumentProvisoire, Saisie("choix", choix="document_provisoire", demander=DEPOSEE)
    ] = Field(
        "",
        title="Document provisoire délivré",
        description="Attestation de prolongation de l'instruction (API) ou récépissé, si la préfecture en a délivré un.",
    )
    document_provisoire_debut: Annotated[
        DateOptionnelle,
        Saisie(
            "date", futur=False, apres=("demande.date_depot",), quand=Si("demande.document_provisoire", VIDE, sauf=True)
        ),
    ] = Field(None, title="Date de délivrance de l'API ou du récépissé")
    document_provisoire_fin: Annotated[
        DateOptionnelle,
        Saisie("date", quand=Si("demande.document_provisoire", VIDE, sauf=True), sans_annee="prochaine"),
    ] = Field(None, title="Fin de validité de l'API ou du récépissé")
    piece_demandee: Annotated[Texte, Saisie("ligne", exemple="attestation de l'employeur", demander=DEPOSEE)] = Field(
        "",
        title="Pièce demandée par la préfecture",
        description="Si la préfecture a demandé une pièce complémentaire : laquelle.",
    )
    piece_demandee_le: Annotated[
        DateOptionnelle, Saisie("date", futur=False, quand=Si("demande.piece_demandee", VIDE, sauf=True))
    ] = Field(None, title="Date de la demande de pièce de la préfecture")
    complet: Annotated[Complet, Saisie("choix", choix="complet", demander=DEPOSEE)] = Field(
        "",
        title="Dossier regardé comme complet",
        description="Ce que la préfecture a dit de la complétude de la demande : oui, non, ou rien.",
    )
    decision: Annotated[Decision, Saisie("choix", choix="decision", demander=DEPOSEE)] = Field(
        "",
        title="Décision déjà notifiée",
        description="Refus de titre ou obligation de quitter le territoire (OQTF) notifiés à la personne, s'il y en a.",
    )
    decision_le: Annotated[
        DateOptionnelle, Saisie("date", futur=False, quand=Si("demande.decision", VIDE, sauf=True))
    ] = Field(None, title="Date de notification de cette décision")
    carte_bleue_autre_etat: Annotated[Booleen, Saisie("booleen", quand=Si("demande.categorie", ("CSP 1.2",)))] = (
        Field(
            False,
            title="Déjà titulaire d'une carte bleue européenne délivrée par un autre État de l'Union européenne",
            description="Pour la carte « talent – carte bleue européenne » : la décision implicite de rejet naît alors "
            "au bout de 30 jours au lieu de 90 (article R. 421-23 du CESEDA).",
        )
    )

    @model_validator(mode="before")
    @classmethod
    def _categorie(cls, data: Any) -> Any:
        return completer_demande(data) if isinstance(data, dict) else data


def _pieces_fournies(d: Demande) -> str | None:
    """Why the ticked pièces do not fit the demande's list, or None."""
    if not d.pieces_fournies:
        return None
    liste = liste_pieces(charger_referentiel().titres.par_code.get(d.categorie), d.nature)
    if liste is None:
        return (
            "demande.pieces_fournies : les pièces ne se cochent que pour une catégorie de titre connue "
            "(demande.categorie), en première demande ou en renouvellement ; videz la liste ou indiquez la catégorie"
        )
    codes = [p.code for p in liste.pieces]
    autres = [c for c in d.pieces_fournies if c not in codes]
    if autres:
        quoi = "première demande" if liste.demande == "premiere" else "renouvellement"
        return (
            f"demande.pieces_fournies : « {autres[0]} » n'est pas une pièce de la liste {liste.titre.code} "
            f"({quoi}) ; pièces possibles : {', '.join(codes)}"
        )
    return None


class Blocage(Schema):
    types: Annotated[
        list[CodeBlocage],
        BeforeValidator(_split_list),
        Saisie("choix_multiple", choix="blocages"),
    ] = Field(..., min_length=1, title="Types de blocage")
    depuis: Annotated[
        DateObligatoire, Saisie("date", question="Depuis quand ?", futur=False, apres=("personne.date_naissance",))
    ] = Field(..., title="Blocage constaté depuis le", description="Le premier jour où le blocage a été constaté.")
    message_erreur: Annotated[Texte, Saisie("ligne", exemple="Une erreur technique est survenue")] = Field(
        "", title="Message d'erreur affiché", description="Recopié exactement."
    )
    # the pièce the téléservice refuses: a fact of its own, distinct from a pièce the préfecture asked for
    piece_refusee: Annotated[
        Texte, Saisie("ligne", exemple="attestation de l'employeur", demander=Si("blocage.types", COMPLETUDE))
    ] = Field(
        "",
        title="Pièce que l'ANEF refuse",
        description="La pièce que le téléservice ne permet pas de téléverser, qu'elle ait été demandée ou non par la "
        "préfecture ; vide si aucune.",
    )
    piece_refusee_depuis: Annotated[
        DateOptionnelle,
        Saisie("date", futur=False, apres=("demande.date_depot",), quand=Si("blocage.piece_refusee", VIDE, sauf=True)),
    ] = Field(None, title="Date du premier refus de cette pièce par l'ANEF")
    piece_refusee_erreur: Annotated[
        Texte,
        Saisie("ligne", exemple="Le format du fichier n'est pas accepté", quand=Si("blocage.piece_refusee", VIDE, sauf=True)),
    ] = Field("", title="Message affiché quand l'ANEF refuse cette pièce", description="Recopié exactement.")
    description: Annotated[Texte, Saisie("texte", voix=True)] = Field("", title="Description du blocage")
    consequences: Annotated[Texte, Saisie("texte", voix=True)] = Field(
        "", title="Conséquences concrètes", description="Emploi, CAF, France Travail, logement, santé…"
    )


class Demarche(Schema):
    type: Annotated[TypeDemarche, Saisie("choix", choix="types_demarche")] = Field(..., title="Type de démarche")
    date: Annotated[DateObligatoire, Saisie("date", futur=False, apres=("blocage.depuis",))] = Field(..., title="Date")
    heure: Annotated[str, BeforeValidator(parse_heure), Saisie("heure", exemple="10:42", demander=SAUF_CAPTURE)] = (
        Field("", title="Heure")
    )
    detail: Annotated[Texte, Saisie("ligne")] = Field("", title="Détail", description="Ce qui a été fait.")
    resultat: Annotated[Texte, Saisie("ligne", demander=SAUF_CAPTURE)] = Field(
        "", title="Résultat", description="Par exemple : aucun créneau, ticket n° 1234, sans réponse."
    )
    objet: Annotated[
        list[ObjetCourrier],
        BeforeValidator(_split_list),
        Saisie("choix_multiple", choix="objets_courrier", quand=Si("type", LETTRE_PREFECTURE)),
    ] = Field(
        default_factory=_liste,
        title="Ce que ce courrier demandait à la préfecture",
        description="Pour un courrier ou un courriel à la préfecture : ce qu'il demandait, tel qu'il a été envoyé ; "
        "sans réponse, les documents ne disent pas ce qu'il demandait.",
    )
    pieces: Annotated[list[Ligne], BeforeValidator(_split_list), Saisie("fichiers")] = Field(
        default_factory=_liste,
        title="Pièces",
        description="Les fichiers qui prouvent la démarche (captures, courriels…), dans le dossier de la personne.",
    )


class Accompagnant(Schema):
    civilite: Annotated[Civilite, Saisie("choix", choix="civilite", explicite=True)] = Field("", title="Civilité")
    nom: Annotated[Ligne, Saisie("ligne")] = Field(..., min_length=1, title="Nom")
    prenom: Annotated[Ligne, Saisie("ligne")] = Field("", title="Prénom")
    fonction: Annotated[Ligne, Saisie("ligne", exemple="travailleur social")] = Field(
        "", title="Fonction", description="Par exemple : travailleur social, juriste, bénévole."
    )
    structure: Annotated[Ligne, Saisie("ligne")] = Field(
        "",
        title="Structure où vous accompagnez la personne",
        description="Écrite après le nom et la fonction, sous la signature et dans la note (« travailleur social, "
        "Association Exemple ») ; l'en-tête en haut des lettres (nom, adresse et logo) est un réglage à part.",
    )
    adresse: Annotated[Texte, Saisie("texte")] = Field("", title="Adresse postale de la structure")
    courriel: Annotated[Courriel, Saisie("courriel")] = Field("", title="Adresse électronique")
    telephone: Annotated[Ligne, Saisie("ligne")] = Field("", title="Téléphone")


class Orientation(Schema):
    vers: Annotated[Vers, Saisie("choix", choix="vers", explicite=True)] = Field(..., title="Orientation vers")
    nom: Annotated[Ligne, Saisie("ligne", exemple="Maître Dupont")] = Field("", title="Nom du ou de la destinataire")
    civilite: Annotated[
        Civilite, Saisie("choix", choix="civilite", demander=Si("orientation.nom", VIDE, sauf=True))
    ] = Field(
        "",
        title="Civilité du ou de la destinataire",
        description="Pour la formule d'appel (« Madame, » ; « Maître, » pour un avocat) ; vide si inconnue.",
    )
    structure: Annotated[
        Ligne,
        Saisie(
            "ligne",
            exemple="Permanence juridique de l'association Exemple",
            obligatoire_si=Si(
                "orientation.nom",
                VIDE,
                raison="quand le nom du ou de la destinataire manque : la note a besoin d'un destinataire",
            ),
        ),
    ] = Field("", title="Structure")
    courriel: Annotated[Courriel, Saisie("courriel")] = Field("", title="Adresse électronique")
    objet: Annotated[Texte, Saisie("ligne")] = Field(
        "",
        title="Ce qui est demandé",
        description="Par exemple : analyse de la situation et, si besoin, saisine du juge des référés.",
    )


class Envoi(Schema):
    prefecture_courriel: Annotated[Courriel, Saisie("courriel", repli="prefecture.courriel")] = Field(
        "",
        title="Adresse électronique de la préfecture",
        description="Celle du service des étrangers ; sans elle, le brouillon de courriel n'a pas de destinataire.",
    )
    prefecture_adresse: Annotated[Texte, Saisie("texte", repli="prefecture.adresse")] = Field(
        "",
        title="Adresse postale du service des étrangers",
        description="Pour le courrier en recommandé : service, rue, puis code postal et ville.",
    )
    recommande: Annotated[Booleen, Saisie("booleen", demander=False)] = Field(
        True, title="Envoi en recommandé avec accusé de réception"
    )
    numero_recommande: Annotated[Ligne, Saisie("ligne", quand=Si("envoi.recommande"), demander=False)] = Field(
        "", title="Numéro du recommandé"
    )
    lieu: Annotated[Ligne, Saisie("ligne", demander=False)] = Field(
        "", title="Lieu indiqué avant la date", description="Par défaut, la ville de l'adresse du signataire."
    )
    delai_reponse_jours: Annotated[int, Saisie("entier", demander=False)] = Field(
        default_factory=lambda: charger_referentiel().delais["reponse_prefecture"].nombre_jours,
        ge=1,
        le=90,
        title="Délai de réponse demandé à la préfecture (jours)",
    )
    bordereau_pieces_demande: Annotated[Booleen, Saisie("booleen", demander=False, quand=SiListePieces())] = Field(
        True,
        title="Pièces de la demande dans le bordereau",
        description="Oui : le bordereau liste, après les pièces des démarches, les pièces cochées de la demande "
        "(sans les joindre) ; non : il ne les liste pas.",
    )
    prefet_civilite: Annotated[Civilite, Saisie("choix", choix="civilite", demander=False)] = Field(
        "",
        title="Le préfet ou la préfète",
        description="Pour la formule d'appel (« Madame la Préfète », « Monsieur le Préfet ») ; non précisé : celui "
        "que les réglages de la structure ou les données de lettres connaissent, sinon les deux formules.",
    )
    envoye_le: Annotated[DateOptionnelle, Saisie("date", futur=False, demander=False)] = Field(
        None, title="Date d'envoi du courrier à la préfecture", description="Renseignée quand l'envoi en recommandé est enregistré."
    )
    accuse_reception_le: Annotated[
        DateOptionnelle, Saisie("date", futur=False, apres=("envoi.envoye_le",), demander=False)
    ] = Field(
        None,
        title="Date de l'avis de réception du courrier à la préfecture",
        description="La date portée sur l'avis de réception, dès son retour.",
    )
    delai_prefecture_jours: Annotated[EntierOptionnel, Saisie("entier", demander=False)] = Field(
        None,
        ge=1,
        le=365,
        title="Délai annoncé par la préfecture (jours)",
        description="Si la préfecture a répondu en annonçant un délai : il remplace le délai demandé, à compter "
        "de la réception du courrier.",
    )


class Justificatifs(Schema):
    """Pièces d'identité et de situation, numérotées avec celles des démarches (bordereau)."""

    titre_sejour: Annotated[Fichiers, Saisie("fichiers", demander=SAUF_PREMIERE_DEMANDE)] = Field(
        default_factory=_liste,
        title="Titre de séjour actuel ou dernier titre (recto verso)",
        description="Les fichiers, dans le dossier de la personne.",
    )
    document_provisoire: Annotated[
        Fichiers, Saisie("fichiers", demander=Si("demande.document_provisoire", VIDE, sauf=True))
    ] = Field(default_factory=_liste, title="API ou récépissé (recto verso)")
    passeport: Annotated[Fichiers, Saisie("fichiers")] = Field(default_factory=_liste, title="Passeport")
    attestation_depot: Annotated[Fichiers, Saisie("fichiers", demander=DEPOSEE)] = Field(
        default_factory=_liste, title="Attestation de dépôt ANEF"
    )
    demande_piece: Annotated[Fichiers, Saisie("fichiers", demander=Si("demande.piece_demandee", VIDE, sauf=True))] = (
        Field(
            default_factory=_liste,
            title="Demande de pièce de la préfecture",
            description="Capture du message de l'ANEF ou courrier de la préfecture.",
        )
    )
    piece_a_transmettre: Annotated[
        Fichiers, Saisie("fichiers", demander=Si("blocage.piece_refusee", VIDE, sauf=True))
    ] = Field(
        default_factory=_liste,
        title="La pièce à transmettre elle-même",
        description="Celle que l'ANEF refuse ou que la préfecture a demandée : elle est jointe au courrier qui "
        "offre de la transmettre.",
    )
    consequences: Annotated[Fichiers, Saisie("fichiers", demander=Si("blocage.consequences", VIDE, sauf=True))] = Field(
        default_factory=_liste,
        title="Courriers montrant les conséquences",
        description="Employeur, France Travail, CAF…",
    )
    mandat: Annotated[Fichiers, Saisie("fichiers", demander=Si("signataire", ("accompagnant",)))] = Field(
        default_factory=_liste, title="Mandat ou accord signé de la personne"
    )


class Recours(Schema):
    aide_juridictionnelle: Annotated[
        AideJuridictionnelle, Saisie("choix", choix="aide_juridictionnelle", demander=AVOCAT)
    ] = Field(
        "",
        title="Aide juridictionnelle",
        description="Demandée, à demander, ou non demandée (pour l'avocat ou l'avocate et le juge).",
    )
    # the référé « mesures utiles » draft (document 5): asked from the review screen, or written in the file
    telephone: Annotated[Ligne, Saisie("ligne", exemple="06 12 34 56 78", demander=False)] = Field(
        "",
        title="Téléphone pour être joint en urgence par le tribunal",
        description="Vide : celui de la personne.",
    )
    delai_jours: Annotated[EntierOptionnel, Saisie("entier", demander=False)] = Field(
        None,
        ge=1,
        le=90,
        title="Délai demandé au juge pour l'injonction (jours)",
        description="Vide : 8 jours (données de lettres).",
    )
    astreinte_euros: Annotated[EntierOptionnel, Saisie("entier", demander=False)] = Field(
        None, ge=1, le=10000, title="Astreinte demandée (euros par jour de retard)", description="Vide : aucune."
    )
    tribunal_adresse: Annotated[Texte, Saisie("texte", demander=False)] = Field(
        "",
        title="Adresse du greffe du tribunal administratif",
        description="À recopier du site du tribunal : les adresses ne sont pas fournies par lettres, faute de "
        "vérification ; vide : celle que les réglages de la structure donnent pour ce tribunal, s'il y en a une.",
    )
    avocat: Annotated[Ligne, Saisie("ligne", exemple="Maître Dupont", demander=False)] = Field(
        "",
        title="Avocat ou avocate qui dépose la requête en référé",
        description="Vide : la personne dépose et signe elle-même la requête (Télérecours citoyens) ; l'article 37 "
        "de la loi du 10 juillet 1991 ne se demande que pour un avocat ou une avocate qui agit.",
    )
    # a request for the reasons of an implicit rejection (L. 232-4 CRPA) moves the end of the appeal period
    motifs_demandes_le: Annotated[DateOptionnelle, Saisie("date", futur=False, demander=False)] = Field(
        None,
        title="Date de la demande des motifs de la décision implicite de rejet",
        description="Article L. 232-4 du CRPA : la demande faite dans le délai de recours proroge ce délai.",
    )
    motifs_communiques_le: Annotated[
        DateOptionnelle,
        Saisie("date", futur=False, demander=False, quand=Si("recours.motifs_demandes_le", VIDE, sauf=True)),
    ] = Field(None, title="Date de la communication des motifs par la préfecture")
    frais_euros: Annotated[EntierOptionnel, Saisie("entier", demander=False)] = Field(
        None,
        ge=1,
        le=100000,
        title="Somme demandée au titre des frais (euros)",
        description="Article L. 761-1 du code de justice administrative, ou article 37 de la loi du 10 juillet 1991 "
        "avec l'aide juridictionnelle ; vide : pas de demande de frais.",
    )


# --- the outcome of a dossier (the yearly review counts it; the follow-up stops alerting once closed) -------


class Issue(Schema):
    reponse_prefecture_le: Annotated[
        DateOptionnelle,
        Saisie(
            "date",
            futur=False,
            apres=("envoi.envoye_le",),
            demander=Si("envoi.envoye_le", VIDE, sauf=True),
        ),
    ] = Field(
        None,
        title="Date de la réponse de la préfecture",
        description="La date du courrier ou du courriel par lequel la préfecture a répondu au courrier (lettre 2).",
    )
    reponse_prefecture: Annotated[
        list[CodeReponse],
        BeforeValidator(_split_list),
        Saisie("choix_multiple", choix="reponses_prefecture", quand=Si("issue.reponse_prefecture_le", VIDE, sauf=True)),
    ] = Field(
        default_factory=_liste,
        title="Ce que la préfecture a répondu",
        description="Tout ce que la réponse contenait : plusieurs réponses à la fois sont possibles (un rendez-vous "
        "et une attestation, par exemple).",
    )
    cloture_le: Annotated[
        DateOptionnelle,
        Saisie(
            "date",
            futur=False,
            apres=("blocage.depuis",),
            demander=False,
            obligatoire_si=Si(
                "issue.cloture", VIDE, sauf=True, raison="quand l'issue du dossier est indiquée (issue.cloture)"
            ),
        ),
    ] = Field(
        None,
        title="Date de clôture du dossier",
        description="Le jour où le blocage a pris fin (ou où l'accompagnement s'est arrêté) : le suivi des "
        "échéances n'alerte plus sur ce dossier.",
    )
    cloture: Annotated[
        CodeCloture,
        Saisie(
            "choix",
            choix="clotures",
            demander=False,
            obligatoire_si=Si(
                "issue.cloture_le", VIDE, sauf=True, raison="quand une date de clôture est indiquée (issue.cloture_le)"
            ),
        ),
    ] = Field(
        "",
        title="Issue du dossier",
        description="Comment le blocage a pris fin, ou pourquoi l'accompagnement s'est arrêté ; vide : le dossier "
        "est en cours.",
    )


class Dossier(Schema):
    version: Annotated[int, Saisie("entier", demander=False)] = Field(1, title="Version du format")
    signataire: Annotated[
        Signataire,
        Saisie(
            "choix",
            choix="signataire",
            explicite=True,
            question="Qui signe le signalement à l'ANEF (lettre 1) et le courrier à la préfecture (lettre 2) ?",
        ),
    ] = Field("personne", title="Qui signe les lettres 1 et 2")
    consentement: Consentement = Field(default_factory=_section(Consentement), title="Consentement")
    personne: Personne = Field(..., title="Personne accompagnée")
    demande: Demande = Field(..., title="Demande de titre de séjour")
    blocage: Blocage = Field(..., title="Blocage")
    demarches: list[Demarche] = Field(default_factory=_liste, title="Démarches")
    accompagnant: Accompagnant | None = Field(None, title="Accompagnant ou accompagnante")
    orientation: Orientation | None = Field(None, title="Orientation (note d'orientation)")
    envoi: Envoi = Field(default_factory=_section(Envoi), title="Envoi")
    justificatifs: Justificatifs = Field(default_factory=_section(Justificatifs), title="Justificatifs")
    recours: Recours = Field(default_factory=_section(Recours), title="Recours")
    issue: Issue = Field(default_factory=_section(Issue), title="Issue du dossier")
    situation: Annotated[
        list[CodeSituation], BeforeValidator(_split_list), Saisie("choix_multiple", choix="situations", demander=False)
    ] = Field(
        default_factory=_liste,
        title="Situation imposée",
        description="Vide : lettres la déduit des faits (la vérification dit pourquoi). Sinon un ou plusieurs codes : "
        "diligences_incompletes, depot_impossible, depot_incomplet, api, rejet_implicite.",
    )

    @model_validator(mode="after")
    def _coherence(self) -> "Dossier":
        if self.version != 1:
            raise FieldError("version : seule la version 1 du format est connue")
        if self.signataire == "accompagnant" and self.accompagnant is None:
            raise FieldError("accompagnant : section obligatoire quand signataire vaut « accompagnant »")
        manquants = missing_required(Dossier, self.model_dump())
        if manquants:
            raise FieldError(manquants[0])
        d = self.demande
        pieces = _pieces_fournies(d)
        if pieces:
            raise FieldError(pieces)
        if not d.document_provisoire and (d.document_provisoire_debut or d.document_provisoire_fin):
            raise FieldError(
                "demande.document_provisoire : précisez api ou recepisse quand une date d'API ou de récépissé est donnée"
            )
        if self.issue.reponse_prefecture and self.issue.reponse_prefecture_le is None:
            raise FieldError(
                "issue.reponse_prefecture_le : obligatoire quand la réponse de la préfecture est indiquée "
                "(issue.reponse_prefecture)"
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
        raise DossierInvalide([french_message(e, Dossier) for e in exc.errors()], fichier) from None
