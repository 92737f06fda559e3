"""Draws the fictitious screenshots of the demo dossiers (lettres/demo/captures/*.png, and those of the
example dossiers of each situation in lettres/demo/situations/pieces/).

Needs Pillow (a development tool only, not a dependency of lettres):
    pip install pillow && python outils/construire_captures_demo.py
Each capture shows, as the fiche asks, the URL and the time of the page, but no calendar date: the demo moves
its dossiers' dates with today and names the copied captures with the moved date of their démarche, so a date
drawn here would contradict the documents that cite the capture. Identity documents are marked « fictif » and
carry no date either.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DEMO = Path(__file__).resolve().parent.parent / "lettres" / "demo"
OUT = DEMO / "captures"
OUT_SITUATIONS = DEMO / "situations" / "pieces"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian fonts-dejavu-core
URL = "https://administration-etrangers-en-france.interieur.gouv.fr/particuliers/#/espace-personnel/mon-compte"

CAPTURES = {
    "2026-09-21-erreur-televersement.png": (
        "10:42",
        URL,
        "Une erreur technique est survenue",
        "Le téléversement du justificatif a échoué. Veuillez réessayer ultérieurement.",
    ),
    "2026-09-29-journal-appels.png": (
        "09:27",
        "Journal d'appels — téléphone",
        "0 806 001 620 — 12 min 04 s",
        "Appel sortant, aujourd'hui, 09:15",
    ),
    "2026-10-06-erreur-televersement.png": (
        "14:05",
        URL,
        "Une erreur technique est survenue",
        "Le téléversement du justificatif a échoué. Veuillez réessayer ultérieurement.",
    ),
    "2026-10-07-rdv-pan.png": (
        "09:02",
        "https://www.bouches-du-rhone.gouv.fr/ — prise de rendez-vous PAN",
        "Aucun créneau disponible",
        "Il n'existe plus de plage horaire libre pour votre demande de rendez-vous.",
    ),
    "2026-10-15-rdv-pan.png": (
        "09:01",
        "https://www.bouches-du-rhone.gouv.fr/ — prise de rendez-vous PAN",
        "Aucun créneau disponible",
        "Il n'existe plus de plage horaire libre pour votre demande de rendez-vous.",
    ),
}


# the contact form of the ANEF (« Nous contacter »): its acknowledgement is the proof of step 2 of the fiche
CONTACT = "https://administration-etrangers-en-france.interieur.gouv.fr/particuliers/#/contact"
CAPTURES["2026-09-22-accuse-formulaire.png"] = (
    "11:08",
    CONTACT,
    "Votre message a bien été envoyé",
    "Nous vous répondrons dans les meilleurs délais. Référence : CCC-4471.",
)

CAPTURES["2026-10-20-courriel-dgef.png"] = (
    "16:12",
    "Messagerie — éléments envoyés",
    "Message envoyé à dgef-support@interieur.gouv.fr",
    "Objet : blocage ANEF, téléversement impossible — 5 pièces jointes.",
)

NICE = "https://www.alpes-maritimes.gouv.fr/ — prise de rendez-vous PAN"
CAPTURES_SITUATIONS = {
    # diligences_incompletes (Avignon, first application, account cannot be created)
    "2026-10-20-creation-compte.png": (
        "18:31",
        URL,
        "Impossible de créer votre compte",
        "Le courriel de validation n'a pas pu être envoyé. Veuillez réessayer plus tard.",
    ),
    "2026-11-03-creation-compte.png": (
        "08:56",
        URL,
        "Impossible de créer votre compte",
        "Le courriel de validation n'a pas pu être envoyé. Veuillez réessayer plus tard.",
    ),
    # depot_impossible (Nice, first application, validation error)
    "2026-09-08-erreur-validation.png": (
        "11:20",
        URL,
        "Erreur serveur",
        "Votre demande n'a pas pu être validée. Code 500. Veuillez réessayer ultérieurement.",
    ),
    "2026-09-15-journal-appels.png": (
        "10:02",
        "Journal d'appels — téléphone",
        "0 806 001 620 — 9 min 40 s",
        "Appel sortant, aujourd'hui, 09:52",
    ),
    "2026-09-22-rdv-pan-nice.png": (
        "09:05",
        NICE,
        "Aucun créneau disponible",
        "Le point d'accueil numérique ne propose aucun rendez-vous pour le moment.",
    ),
    "2026-09-25-rdv-pan-nice.png": (
        "14:10",
        NICE,
        "Aucun créneau disponible",
        "Le point d'accueil numérique ne propose aucun rendez-vous pour le moment.",
    ),
    "2026-10-02-rdv-pan-nice.png": (
        "09:12",
        NICE,
        "Aucun créneau disponible",
        "Le point d'accueil numérique ne propose aucun rendez-vous pour le moment.",
    ),
    "2026-10-13-erreur-validation.png": (
        "16:47",
        URL,
        "Erreur serveur",
        "Votre demande n'a pas pu être validée. Code 500. Veuillez réessayer ultérieurement.",
    ),
    # api (Ajaccio, renewal filed, no API)
    "2026-11-02-pas-api.png": (
        "10:14",
        URL,
        "Demande en cours d'instruction",
        "Aucun document n'est disponible au téléchargement pour cette demande.",
    ),
    "2026-11-05-journal-appels.png": (
        "11:02",
        "Journal d'appels — téléphone",
        "0 806 001 620 — 7 min 12 s",
        "Appel sortant, aujourd'hui, 10:54",
    ),
    "2026-11-09-courriel-rdv.png": (
        "14:20",
        "Messagerie — éléments envoyés",
        "Demande de rendez-vous — attestation de prolongation",
        "Message envoyé au service des étrangers de la préfecture de Corse-du-Sud.",
    ),
    "2026-11-10-pas-api.png": (
        "17:40",
        URL,
        "Demande en cours d'instruction",
        "Aucun document n'est disponible au téléchargement pour cette demande.",
    ),
    # refere (Nice, renewal filed, no API, letter to the préfecture unanswered)
    "2026-10-21-pas-api-nice.png": (
        "08:47",
        URL,
        "Demande en cours d'instruction",
        "Aucun document n'est disponible au téléchargement pour cette demande.",
    ),
    "2026-10-23-journal-appels-nice.png": (
        "15:10",
        "Journal d'appels — téléphone",
        "0 806 001 620 — 11 min 02 s",
        "Appel sortant, aujourd'hui, 14:58",
    ),
    "2026-10-27-rdv-pan-nice.png": (
        "09:04",
        NICE,
        "Aucun créneau disponible",
        "Le point d'accueil numérique ne propose aucun rendez-vous pour le moment.",
    ),
    "2026-10-26-pas-api-nice.png": (
        "18:22",
        URL,
        "Demande en cours d'instruction",
        "Aucun document n'est disponible au téléchargement pour cette demande.",
    ),
    # the capture of the working day before the filing, which the requête dates the missing attestation by
    "2026-11-26-pas-api-nice.png": (
        "16:35",
        URL,
        "Demande en cours d'instruction",
        "Aucun document n'est disponible au téléchargement pour cette demande.",
    ),
    # rejet_implicite (Marseille, API expired, no answer)
    "2026-10-01-api-expiree.png": (
        "09:30",
        URL,
        "Attestation expirée",
        "Votre attestation de prolongation d'instruction n'est plus valide.",
    ),
}
CAPTURES_SITUATIONS.update(
    {
        # the acknowledgement of the contact form, proof of step 2, in the dossiers where it is the only one
        "2026-09-09-accuse-formulaire.png": (
            "15:21",
            CONTACT,
            "Votre message a bien été envoyé",
            "Nous vous répondrons dans les meilleurs délais. Référence : CCC-1208.",
        ),
        "2026-10-14-courriel-dgef.png": (
            "18:40",
            "Messagerie — éléments envoyés",
            "Message envoyé à dgef-support@interieur.gouv.fr",
            "Objet : blocage ANEF, validation impossible — 3 pièces jointes.",
        ),
        "2026-10-22-accuse-formulaire.png": (
            "10:37",
            CONTACT,
            "Votre message a bien été envoyé",
            "Nous vous répondrons dans les meilleurs délais. Référence : CCC-3350.",
        ),
        "2026-11-03-accuse-formulaire.png": (
            "17:02",
            CONTACT,
            "Votre message a bien été envoyé",
            "Nous vous répondrons dans les meilleurs délais. Référence : CCC-8816.",
        ),
    }
)
DOCUMENTS_SITUATIONS = {
    "titre-sejour-benali.png": (
        "Carte de résident — document fictif",
        "BENALI Karim",
        "Carte de résident",
    ),
    "titre-sejour-ouali.png": (
        "Carte de séjour pluriannuelle — document fictif",
        "OUALI Fatima",
        "Carte de séjour pluriannuelle — mention vie privée et familiale",
    ),
    "api-ouali.png": (
        "Attestation de prolongation d'instruction — document fictif",
        "OUALI Fatima",
        "Attestation de prolongation d'instruction",
    ),
    "attestation-depot-ouali.png": (
        "Attestation de dépôt de la demande — document fictif",
        "OUALI Fatima",
        "Demande de renouvellement enregistrée sur l'ANEF",
    ),
    "attestation-depot-benali.png": (
        "Attestation de dépôt de la demande — document fictif",
        "BENALI Karim",
        "Demande de renouvellement enregistrée sur l'ANEF",
    ),
    "titre-sejour-sow.png": (
        "Carte de résident — document fictif",
        "SOW Ibrahima",
        "Carte de résident",
    ),
    # the identity pièce of the letters' bordereaux when the dossier has no titre (first demandes)
    "passeport-keita.png": (
        "Passeport — document fictif",
        "KEITA Moussa",
        "République du Mali — pages d'état civil et de validité",
    ),
    "passeport-abebe.png": (
        "Passeport — document fictif",
        "ABEBE Eden",
        "République fédérale démocratique d'Éthiopie — pages d'état civil et de validité",
    ),
    "attestation-depot-sow.png": (
        "Attestation de dépôt de la demande — document fictif",
        "SOW Ibrahima",
        "Demande de renouvellement enregistrée sur l'ANEF",
    ),
    "courrier-prefecture-sow.png": (
        "Courrier à la préfecture des Alpes-Maritimes — copie fictive",
        "Lettre recommandée avec accusé de réception n° 1A 123 456 7890 1",
        "Avis de réception signé par le destinataire",
    ),
    "employeur-ouali.png": (
        "Courrier de l'employeur — document fictif",
        "Entreprise Exemple, Marseille",
        "Suspension du contrat faute de titre de séjour valide",
    ),
    "promesse-embauche-abebe.png": (
        "Promesse d'embauche — document fictif",
        "Entreprise Exemple, Nice — pour Eden ABEBE",
        "Embauche subordonnée au dépôt de la demande de titre de séjour",
    ),
}

# the identity documents of the main demo dossier (lettres/demo/captures/)
DOCUMENTS = {
    "titre-sejour-diallo.png": (
        "Carte de séjour pluriannuelle — document fictif",
        "DIALLO Aminata Fatou",
        "Carte de séjour pluriannuelle — mention talent – salarié qualifié",
    ),
    # the proof of the date of dépôt a recours against an implicit rejection needs (R. 412-1 CJA)
    "attestation-depot-diallo.png": (
        "Attestation de dépôt de la demande — document fictif",
        "DIALLO Aminata Fatou",
        "Demande de renouvellement enregistrée sur l'ANEF",
    ),
}


def draw_document(path: Path, titre: str, nom: str, mention: str) -> None:
    image = Image.new("RGB", (900, 300), "white")
    d = ImageDraw.Draw(image)
    small, body, big = (ImageFont.truetype(FONT, s) for s in (13, 19, 24))
    d.rectangle([10, 10, 890, 290], outline="#000091", width=3)
    d.text((40, 40), titre, fill="#000091", font=big)
    d.text((40, 120), nom, fill="#1f2d3d", font=body)
    d.text((40, 170), mention, fill="#1f2d3d", font=body)
    d.text((600, 262), "Document fictif — démonstration lettres", fill="#888888", font=small)
    image.save(path, optimize=True)


def draw(path: Path, horodatage: str, url: str, titre: str, texte: str) -> None:
    image = Image.new("RGB", (900, 300), "white")
    d = ImageDraw.Draw(image)
    small, body, big = (ImageFont.truetype(FONT, s) for s in (13, 17, 24))
    d.rectangle([0, 0, 900, 40], fill="#dfe3e8")
    d.rounded_rectangle([12, 8, 760, 32], radius=6, fill="white", outline="#9aa3ad")
    d.text((22, 13), url[:100], fill="#1f2d3d", font=small)
    d.text((775, 13), horodatage, fill="#1f2d3d", font=small)
    d.rectangle([0, 40, 900, 90], fill="#000091")
    d.text((24, 55), "ANEF — Administration numérique pour les étrangers en France", fill="white", font=body)
    d.rectangle([40, 120, 860, 250], fill="#ffe9e9", outline="#ce0500", width=2)
    d.text((64, 140), titre, fill="#ce0500", font=big)
    d.text((64, 190), texte, fill="#3a3a3a", font=body)
    d.text((600, 275), "Capture fictive — démonstration lettres", fill="#888888", font=small)
    image.save(path, optimize=True)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, args in CAPTURES.items():
        draw(OUT / name, *args)
    OUT_SITUATIONS.mkdir(parents=True, exist_ok=True)
    for name, args in CAPTURES_SITUATIONS.items():
        draw(OUT_SITUATIONS / name, *args)
    for name, args in DOCUMENTS_SITUATIONS.items():
        draw_document(OUT_SITUATIONS / name, *args)
    for name, args in DOCUMENTS.items():
        draw_document(OUT / name, *args)
