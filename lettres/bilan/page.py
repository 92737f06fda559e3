"""The bilan as one self-contained HTML page (``lettres bilan --html``, and the web door's « Bilan »):
tables and charts drawn here as inline SVG — no script, no font, no image, no address to fetch — with a
print stylesheet for A4."""

from __future__ import annotations

from html import escape

from lettres import __version__
from lettres.bilan.calcul import Bilan, Duree, Vue

COULEUR = "#1f5f8b"
GRIS = "#9aa5ad"

STYLE = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1b1b1b; margin: 2rem auto; max-width: 60rem;
  padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin: 0 0 .3rem; color: #12384f; }
.sous-titre { color: #444; margin-top: 0; }
.chiffres { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0 1.5rem; padding: 0; list-style: none; }
.chiffres li { border: 1px solid #c9d3da; border-radius: 4px; padding: .5rem .8rem; min-width: 10rem; }
.chiffres strong { display: block; font-size: 1.4rem; color: #12384f; }
.vue { border-top: 1px solid #c9d3da; padding: .8rem 0; break-inside: avoid; page-break-inside: avoid; }
.note { color: #444; font-size: .9rem; margin: 0 0 .5rem; }
.deux { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
table { border-collapse: collapse; font-size: .85rem; flex: 1 1 22rem; }
tbody th { font-weight: normal; }
.deux > svg { flex: 1 1 24rem; }
th, td { border-bottom: 1px solid #dde3e7; padding: .15rem .5rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot th, tfoot td { font-weight: bold; border-top: 1px solid #777; }
svg { max-width: 100%; height: auto; }
.pied { font-size: .8rem; color: #555; border-top: 1px solid #c9d3da; margin-top: 1.5rem; padding-top: .5rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h1 { font-size: 16pt; }
  .vue { padding: 4mm 0; }
  .chiffres li { min-width: 35mm; }
  .deux { flex-wrap: nowrap; gap: 4mm; }
  table { font-size: 8.5pt; flex: 1 1 50%; }
  .deux > svg { flex: 1 1 50%; width: 50%; }
  a { color: inherit; text-decoration: none; }
}
"""


def _court(texte: str, n: int = 34) -> str:
    return texte if len(texte) <= n else texte[: n - 1] + "…"


def svg_barres(vue: Vue) -> str:
    """Horizontal bars, one per category, labelled; a hidden count is an empty outline with « < 5 »."""
    hauteur_ligne, gauche, largeur_barres = 20, 210, 200
    maximum = max((c.valeur for c in vue.cellules), default=0) or 1
    hauteur = hauteur_ligne * len(vue.cellules) + 10
    parts = [
        f'<svg width="{gauche + largeur_barres + 60}" height="{hauteur}" '
        f'viewBox="0 0 {gauche + largeur_barres + 60} {hauteur}" role="img" aria-label="{escape(vue.titre)}">'
    ]
    for i, c in enumerate(vue.cellules):
        y = 5 + i * hauteur_ligne
        parts.append(
            f'<text x="{gauche - 6}" y="{y + 13}" font-size="11" text-anchor="end">{escape(_court(c.libelle))}</text>'
        )
        if c.effectif is None:
            parts.append(
                f'<rect x="{gauche}" y="{y + 3}" width="18" height="13" fill="none" stroke="{GRIS}" '
                f'stroke-dasharray="3 2"/><text x="{gauche + 24}" y="{y + 13}" font-size="11" fill="#555">'
                f"{escape(c.affiche)}</text>"
            )
            continue
        w = round(largeur_barres * c.valeur / maximum, 1)
        parts.append(
            f'<rect x="{gauche}" y="{y + 3}" width="{w}" height="13" fill="{COULEUR}"/>'
            f'<text x="{gauche + w + 4}" y="{y + 13}" font-size="11">{c.effectif}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_colonnes(vue: Vue) -> str:
    """Columns, one per month, for a series in time."""
    n = max(len(vue.cellules), 1)
    largeur, hauteur, bas = 470, 180, 150
    pas = (largeur - 30) / n
    maximum = max((c.valeur for c in vue.cellules), default=0) or 1
    parts = [
        f'<svg width="{largeur}" height="{hauteur}" '
        f'viewBox="0 0 {largeur} {hauteur}" role="img" aria-label="{escape(vue.titre)}">',
        f'<line x1="20" y1="{bas}" x2="{largeur - 5}" y2="{bas}" stroke="#777"/>',
    ]
    for i, c in enumerate(vue.cellules):
        x = 25 + i * pas
        mois, annee = c.code[5:7], c.code[2:4]
        parts.append(
            f'<text x="{x + pas / 2:.1f}" y="{bas + 14}" font-size="9" text-anchor="middle">{mois}/{annee}</text>'
        )
        if c.effectif is None:
            # hidden: an empty dashed column, the table beside says « < 5 » or « masqué »
            parts.append(
                f'<rect x="{x + 2:.1f}" y="{bas - 12}" width="{pas - 4:.1f}" height="12" fill="none" '
                f'stroke="{GRIS}" stroke-dasharray="3 2"><title>{escape(c.affiche)}</title></rect>'
            )
            continue
        h = round((bas - 25) * c.valeur / maximum, 1)
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{bas - h}" width="{pas - 4:.1f}" height="{h}" fill="{COULEUR}"/>'
            f'<text x="{x + pas / 2:.1f}" y="{bas - h - 3}" font-size="9" text-anchor="middle">{c.effectif}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_durees(durees: tuple[Duree, ...]) -> str:
    """Each duration as a box from the first to the third quartile, the median marked."""
    gauche, largeur_axe, hauteur_ligne = 250, 220, 26
    maximum = max((d.q3 or 0 for d in durees), default=0) or 1
    hauteur = hauteur_ligne * len(durees) + 30
    parts = [
        f'<svg width="{gauche + largeur_axe + 40}" height="{hauteur}" '
        f'viewBox="0 0 {gauche + largeur_axe + 40} {hauteur}" role="img" aria-label="Durées en jours">'
    ]

    def x(v: float) -> float:
        return round(gauche + largeur_axe * v / maximum, 1)

    for i, d in enumerate(durees):
        y = 5 + i * hauteur_ligne
        parts.append(f'<text x="{gauche - 6}" y="{y + 15}" font-size="11" text-anchor="end">{escape(d.libelle)}</text>')
        if d.mediane is None or d.q1 is None or d.q3 is None:
            parts.append(f'<text x="{gauche}" y="{y + 15}" font-size="11" fill="#555">trop peu de dossiers</text>')
            continue
        parts.append(
            f'<rect x="{x(d.q1)}" y="{y + 4}" width="{max(x(d.q3) - x(d.q1), 1)}" height="15" fill="#cfe0ec" '
            f'stroke="{COULEUR}"/><line x1="{x(d.mediane)}" y1="{y + 2}" x2="{x(d.mediane)}" y2="{y + 21}" '
            f'stroke="{COULEUR}" stroke-width="3"/><text x="{x(d.q3) + 4}" y="{y + 15}" font-size="10">'
            f"{d.mediane:g} j</text>"
        )
    y = 5 + len(durees) * hauteur_ligne
    parts.append(f'<line x1="{gauche}" y1="{y}" x2="{gauche + largeur_axe}" y2="{y}" stroke="#777"/>')
    for v in (0, maximum / 2, maximum):
        parts.append(f'<text x="{x(v)}" y="{y + 14}" font-size="9" text-anchor="middle">{v:.0f} j</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table_vue(vue: Vue) -> str:
    lignes = "".join(
        f'<tr><th scope="row">{escape(c.libelle)}</th><td class="n">{escape(c.affiche)}</td>'
        f'<td class="n">{escape(c.part)}</td></tr>'
        for c in vue.cellules
    )
    total = "Dossiers" if vue.partition else "Dossiers (un dossier peut compter plusieurs fois)"
    return (
        f'<table><thead><tr><th scope="col">{escape(vue.titre)}</th><th scope="col">Nombre</th>'
        f'<th scope="col">Part</th></tr></thead><tbody>{lignes}</tbody><tfoot><tr><th scope="row">{total}</th>'
        f'<td class="n">{escape(vue.total_affiche)}</td><td></td></tr></tfoot></table>'
    )


def section_vue(vue: Vue) -> str:
    graphique = svg_colonnes(vue) if vue.chronologique else svg_barres(vue)
    note = f'<p class="note">{escape(vue.note)}</p>' if vue.note else ""
    return (
        f'<section class="vue" id="vue-{vue.code}"><h2>{escape(vue.titre)}</h2>{note}'
        f'<div class="deux">{_table_vue(vue)}{graphique if vue.cellules else ""}</div></section>'
    )


# the columns of the durations' table after the first; their names label the cells when the web door shows
# each row as a card on a phone (class "cartes", data-label; the roles keep it a table for screen readers)
COLONNES_DUREES = ("Dossiers", "1er quartile", "Médiane", "3e quartile")


def section_durees(bilan: Bilan) -> str:
    lignes = "".join(
        f'<tr role="row"><th scope="row" role="rowheader">{escape(d.libelle)}</th>'
        + "".join(
            f'<td class="n" role="cell" data-label="{colonne}">{valeur}</td>'
            for colonne, valeur in zip(
                COLONNES_DUREES,
                (escape(d.n_affiche), *("—" if v is None else f"{v:g}" for v in (d.q1, d.mediane, d.q3))),
                strict=True,
            )
        )
        + "</tr>"
        for d in bilan.durees
    )
    return (
        '<section class="vue" id="vue-durees"><h2>Durées, en jours</h2><p class="note">Sur les dossiers où les deux '
        'dates sont connues : premier quartile, médiane, troisième quartile.</p><div class="deux">'
        '<table class="cartes" role="table"><thead role="rowgroup"><tr role="row">'
        '<th scope="col" role="columnheader">Intervalle</th><th scope="col" role="columnheader">Dossiers</th>'
        '<th scope="col" role="columnheader">1<sup>er</sup> quartile</th><th scope="col" role="columnheader">Médiane'
        '</th><th scope="col" role="columnheader">3<sup>e</sup> quartile</th></tr></thead>'
        f'<tbody role="rowgroup">{lignes}</tbody></table>{svg_durees(bilan.durees)}</div></section>'
    )


def chiffres_cles(bilan: Bilan) -> str:
    cles = [("Dossiers", bilan.dossiers_affiche)]
    courriers = bilan.vue("courriers")
    cles.append(("Courriers à la préfecture", courriers.total_affiche))
    cles.append(("Sans réponse dans le délai", bilan.sans_reponse))
    mediane = bilan.durees[0].mediane
    cles.append(("Du blocage au courrier (médiane)", "—" if mediane is None else f"{mediane:g} jours"))
    return '<ul class="chiffres">' + "".join(
        f"<li><strong>{escape(v)}</strong>{escape(lib)}</li>" for lib, v in cles
    ) + "</ul>"  # fmt: skip


def corps(bilan: Bilan) -> str:
    """The page's content without its head: shared with the web door's page."""
    sources = ""
    if bilan.sources:
        items = "".join(
            f"<li>{escape(s.structure or 'Structure non précisée')} : {s.fiches} fiches"
            f"{f' ({escape(s.du)} à {escape(s.au)})' if s.du else ''}</li>"
            for s in bilan.sources
        )
        sources = f'<p class="note">Exports fusionnés :</p><ul class="note">{items}</ul>'
    doublons = f" ; {bilan.doublons} doublon(s) écarté(s)" if bilan.doublons else ""
    return (
        f'<p class="sous-titre">Dossiers dont le blocage a été constaté {escape(bilan.periode)} ; situation en '
        f"{escape(_mois(bilan))}{doublons}.</p>{sources}{chiffres_cles(bilan)}"
        + "".join(section_vue(v) for v in bilan.vues)
        + section_durees(bilan)
        + f'<p class="pied">Produit par lettres {escape(__version__)}. Anonyme : aucun nom, date de naissance, '
        f"adresse, numéro ni texte libre des dossiers ; les dates sont des mois ; tout effectif de 1 à "
        f"{bilan.seuil - 1} est affiché « &lt; {bilan.seuil} » et, quand un total permettrait de le retrouver, un "
        "autre effectif est masqué aussi.</p>"
    )


def _mois(bilan: Bilan) -> str:
    from lettres.bilan.calcul import mois_texte

    return mois_texte(f"{bilan.date.year:04d}-{bilan.date.month:02d}")


def page_html(bilan: Bilan, titre: str = "Bilan des blocages ANEF") -> str:
    """The whole page: one file, readable offline and printable on A4."""
    return (
        '<!DOCTYPE html>\n<!-- lettres bilan -->\n<html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(titre)}</title><style>{STYLE}</style></head><body><main>"
        f"<h1>{escape(titre)}</h1>{corps(bilan)}</main></body></html>\n"
    )
