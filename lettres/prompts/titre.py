"""The titre in the interview: a category of the pièce lists, found by any word or its code, or a free text
kept as it is (``dossier/titre.py`` says how the two are stored)."""

from __future__ import annotations

from lettres.dossier.entretien import Pas
from lettres.dossier.questions import drop, get, put, question_text
from lettres.dossier.titre import catalogue, categorie_nommee
from lettres.dossier.valeurs import mots_cles
from lettres.prompts.asker import Option, TexteLibre
from lettres.prompts.boucle import Boucle

CHEMINS = (("demande", "titre"), ("demande", "categorie"))


def ask_titre(e: Boucle, step: Pas, pending: str | None) -> None:
    """Ask the titre. A category's name goes in the letters (made precise when it groups several titres),
    its code in ``demande.categorie``; the two are recorded, and undone by Échap, together."""
    q = step.question
    assert q is not None
    titres = catalogue()
    ancien = str(get(e.answers, CHEMINS[0]) or "")
    code = str(get(e.answers, CHEMINS[1]) or "")
    proposed = e._proposals.pop(step.ident, None)
    if isinstance(proposed, tuple):
        ancien, code = proposed
    choisie = titres.par_code.get(code)
    libre = "" if choisie is not None and ancien == choisie.nom else ancien
    words = mots_cles("titres")
    answer = e.asker.choose_or_type(
        question_text(q, e.answers),
        [Option(t.code, t.intitule, words.get(t.code, "")) for t in titres],
        aide=f"{q.help} Entrée garde le texte tapé ; ↓ choisit une catégorie de la liste.",
        default=choisie.code if choisie is not None else None,
        texte=pending if pending is not None else libre,
    )
    if isinstance(answer, TexteLibre):
        nommee = categorie_nommee(answer.texte)
        titre, code = answer.texte, nommee.code if nommee is not None else ""
    else:
        choisie = titres[answer]
        titre = choisie.nom
        if " ou " in choisie.nom:
            titre = _preciser(e, choisie.nom, ancien if ancien and code == answer else "")
        code = choisie.code
    _record(e, step, titre, code)
    _note_anef(e, code)


def _note_anef(e: Boucle, code: str) -> None:
    """A titre not asked for on the ANEF is said here, at its question, not once the letters are written."""
    from lettres.referentiel import charger_referentiel

    titre = catalogue().par_code.get(code)
    if titre is None or titre.anef not in ("non", "partiel", "inconnu"):
        return
    regle = charger_referentiel().regles["titre_hors_anef" if titre.anef == "non" else "titre_anef_incertain"]
    if titre.anef == "non":
        constat = f"la demande de {titre.nom} ({titre.code}) ne se fait pas sur l'ANEF"
    else:
        quoi = "seulement dans certains cas" if titre.anef == "partiel" else "sans que les sources le confirment"
        constat = f"la demande de {titre.nom} ({titre.code}) se fait sur l'ANEF {quoi}"
    e.asker.say(f"Attention : {constat}. {' '.join(str(regle['quoi_faire']).split())}")


def _preciser(e: Boucle, nom: str, ancien: str) -> str:
    """A category that groups several titres: the one asked for, as the letters will write it."""
    texte = e.asker.text(
        "Titre demandé, tel que les lettres l'écriront",
        aide="Cette catégorie regroupe plusieurs titres : gardez ce texte ou précisez-le (par exemple, pour un "
        "renouvellement : carte de séjour pluriannuelle « salarié »).",
        default=ancien or nom,
        check=lambda typed: None if typed.strip() else "Réponse obligatoire.",
    )
    return " ".join(texte.split()) or nom


def _record(e: Boucle, step: Pas, titre: str, code: str) -> None:
    absent = object()
    before = [get(e.answers, path, absent) for path in CHEMINS]
    put(e.answers, CHEMINS[0], titre)
    put(e.answers, CHEMINS[1], code)

    def undo() -> None:
        for path, value in zip(CHEMINS, before, strict=True):
            if value is absent:
                drop(e.answers, path)
            else:
                put(e.answers, path, value)
        e.propose(step.ident, (titre, code))

    e.push_undo(undo)
    e.prune()
    e._on_answer()
