"""The demo's pièces tell the same dates as its documents, whatever the day: the copied captures are named after
the (moved) date of their démarche, the images carry no calendar date, and no stored capture's name contradicts
the dossier that cites it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from docx_texte import docx_text
from lettres.demo import MARQUE_OUVRE, OUVRES, REFERENCE, demo_dossier, demo_folder, run_demo, situations_demo
from lettres.demo.ouvres import ouvre_precedent
from lettres.dossier import load_dossier
from lettres.francais import date_lettre

# two days far from the one the examples were written for, one after and one before: no moved date can meet an
# unmoved one
JOURS = (date(2027, 3, 15), date(2026, 3, 2))
SITUATIONS = (None, *situations_demo())
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_du_nom(chemin: str) -> date | None:
    m = ISO.match(Path(chemin).name)
    return date.fromisoformat(m.group()) if m else None


def _textes(dossier: Path) -> str:
    """Every document's text: the Word documents and the e-mails."""
    textes = [docx_text(p.read_bytes()) for p in sorted(dossier.glob("*.docx"))]
    textes += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(dossier.glob("*.txt"))]
    return "\n".join(textes)


def _marquees(source: Path) -> list[bool]:
    """For each démarche of an example, in order: whether its ``type`` line carries « # jour ouvré »."""
    return [
        ligne.rstrip().endswith(MARQUE_OUVRE)
        for ligne in source.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s+-\s+type:", ligne)
    ]


@pytest.mark.parametrize("jour", JOURS, ids=str)
@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s or "principal")
def test_demo_pieces_carry_the_dates_of_their_demarches(tmp_path, monkeypatch, situation, jour):
    monkeypatch.setenv("LETTRES_AUJOURD_HUI", jour.isoformat())
    resultat, exemple = run_demo(tmp_path / "demo", situation=situation)
    decalage = timedelta(days=(jour - REFERENCE).days)
    original = load_dossier(demo_dossier(situation))
    copie = load_dossier(exemple)

    datees = set()
    marquees = _marquees(demo_dossier(situation))
    for avant, apres, marquee in zip(original.demarches, copie.demarches, marquees, strict=True):
        # a call, a letter, an appointment, a démarche marked « # jour ouvré »: on the nearest previous working day
        ouvree = avant.type in OUVRES or marquee
        attendue = ouvre_precedent(avant.date + decalage) if ouvree else avant.date + decalage
        assert apres.date == attendue
        for chemin in apres.pieces:
            assert (exemple.parent / chemin).is_file(), chemin
            if _date_du_nom(chemin) is not None:
                assert _date_du_nom(chemin) == apres.date, chemin
                datees.add(apres.date)
        for chemin in avant.pieces:  # the name the example was written with is nowhere in the copy
            if _date_du_nom(chemin) is not None:
                assert not (exemple.parent / chemin).exists(), chemin
    assert datees or situation == "rejet_implicite"  # every demo but this one has dated captures

    (documents,) = [p for p in (tmp_path / "demo").iterdir() if p.is_dir() and not p.name.startswith("exemple")]
    numerotees = {_date_du_nom(p.name.split("_", 1)[1]) for p in (documents / "pieces").iterdir() if "_" in p.name}
    assert numerotees - {None} == {d.date for d in copie.demarches if d.pieces}
    texte = _textes(documents)
    for demarche in copie.demarches:
        if demarche.pieces and (documents / "bordereau-pieces.docx").exists():
            assert date_lettre(demarche.date) in docx_text((documents / "bordereau-pieces.docx").read_bytes())
    # no document cites the date a pièce's démarche had as written (unless the moved dossier holds it elsewhere)
    tenues = {date.fromisoformat(d) for d in ISO.findall(exemple.read_text(encoding="utf-8"))}
    for avant in original.demarches:
        if avant.pieces and avant.date not in tenues:
            assert avant.date.isoformat() not in texte
            assert date_lettre(avant.date) not in texte
    assert resultat.fichiers


def test_no_stored_capture_name_contradicts_its_dossier():
    """A stored capture named with a date is cited only by démarches of that date (as of ``REFERENCE``), and every
    stored image is cited by a demo dossier (none left over with a stale date)."""
    citees: dict[Path, set[date | None]] = {}
    for situation in SITUATIONS:
        source = demo_dossier(situation)
        dossier = load_dossier(source)
        for demarche in dossier.demarches:
            for chemin in demarche.pieces:
                citees.setdefault((source.parent / chemin).resolve(), set()).add(demarche.date)
        for liste in dossier.justificatifs.model_dump().values():
            for chemin in liste:
                assert _date_du_nom(chemin) is None, chemin  # a justificatif has no démarche date to agree with
                citees.setdefault((source.parent / chemin).resolve(), set()).add(None)
    images = sorted(demo_folder().rglob("*.png"))
    assert images
    for image in images:
        assert image.resolve() in citees, image.name
        if _date_du_nom(image.name) is not None:
            assert citees[image.resolve()] == {_date_du_nom(image.name)}, image.name


def test_the_captures_are_drawn_without_a_calendar_date():
    """The tool that draws the demo's images writes no calendar date into them (a time of day only)."""
    outil = (Path(__file__).resolve().parent.parent / "outils" / "construire_captures_demo.py").read_text("utf-8")
    dessine = [t for t in re.findall(r'"([^"\n]*)"', outil) if not t.endswith(".png")]
    mois = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    for texte in dessine:
        assert not re.search(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{8}|\b20\d\d\b", texte), texte
        assert not re.search(rf"\b({mois})\b", texte), texte
