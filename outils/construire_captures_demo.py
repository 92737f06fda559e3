"""Draws the fictitious screenshots of the demo dossier (lettres/demo/captures/*.png).

Needs Pillow (a development tool only, not a dependency of lettres):
    pip install pillow && python outils/construire_captures_demo.py
Each capture shows, as the fiche asks, the date and the URL of the page.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "lettres" / "demo" / "captures"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian fonts-dejavu-core
URL = "https://administration-etrangers-en-france.interieur.gouv.fr/particuliers/#/espace-personnel/mon-compte"

CAPTURES = {
    "2026-09-21-erreur-televersement.png": (
        "21/09/2026 10:42",
        URL,
        "Une erreur technique est survenue",
        "Le téléversement du justificatif a échoué. Veuillez réessayer ultérieurement.",
    ),
    "2026-09-29-journal-appels.png": (
        "29/09/2026 09:27",
        "Journal d'appels — téléphone",
        "0 806 001 620 — 12 min 04 s",
        "Appel sortant, lundi 29 septembre 2026, 09:15",
    ),
    "2026-10-06-erreur-televersement.png": (
        "06/10/2026 14:05",
        URL,
        "Une erreur technique est survenue",
        "Le téléversement du justificatif a échoué. Veuillez réessayer ultérieurement.",
    ),
    "2026-10-07-rdv-pan.png": (
        "07/10/2026 09:02",
        "https://www.bouches-du-rhone.gouv.fr/ — prise de rendez-vous PAN",
        "Aucun créneau disponible",
        "Il n'existe plus de plage horaire libre pour votre demande de rendez-vous.",
    ),
    "2026-10-15-rdv-pan.png": (
        "15/10/2026 09:01",
        "https://www.bouches-du-rhone.gouv.fr/ — prise de rendez-vous PAN",
        "Aucun créneau disponible",
        "Il n'existe plus de plage horaire libre pour votre demande de rendez-vous.",
    ),
}


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
