"""``lettres etape`` without options: one démarche asked in the terminal, with a draft kept on Ctrl-C and a
question before logging a démarche of the same type on the same day twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from lettres.cli.commandes import commande
from lettres.dossier import Dossier, load_dossier, read_dossier_data
from lettres.dossier.demarches import LETTRE_PREFECTURE, Ajout, complete_letter, envoi_courrier, update_dossier
from lettres.dossier.doublons import describe, same_day
from lettres.dossier.entretien import ENVOI_DEMARCHE, FINIES, Contexte, strip_private
from lettres.dossier.recommande import EnvoiDejaEnregistre
from lettres.erreurs import Interrompu
from lettres.fichiers import write_atomic
from lettres.prompts.asker import Asker, Retour
from lettres.prompts.entretien import Entretien
from lettres.yamlio import dump_yaml, parse_yaml


def etape_draft(dossier: Path) -> Path:
    """``diallo.yaml`` → ``diallo.etape.brouillon.yaml``, beside it."""
    return dossier.with_name(f"{dossier.stem}.etape.brouillon.yaml")


def run_etape(path: Path, asker: Asker, regle: Any = None) -> Ajout | None:
    """Ask one démarche and add it to the dossier file (a letter to the préfecture with its registered-mail
    number and acknowledgement date); None when the user chose not to add it."""
    draft = etape_draft(path)
    data = read_dossier_data(path)
    demarche: dict[str, Any] = {}
    if draft.is_file() and asker.confirm(
        f"Une démarche commencée n'a pas été enregistrée ({draft.name}) : la reprendre ?", default=True
    ):
        demarche = dict(parse_yaml(draft.read_text(encoding="utf-8")) or {})
    # the dossier's own answers give the date warnings their context (« avant le début du blocage »)
    answers: dict[str, Any] = {
        "blocage": data.get("blocage"),
        "signataire": data.get("signataire"),
        FINIES: True,
        "demarches": [demarche],
    }
    en_cours = demarche.pop("_en_cours", None)
    if en_cours:
        answers["_en_cours"] = en_cours

    def save() -> None:
        kept = dict(demarche, **({"_en_cours": answers["_en_cours"]} if "_en_cours" in answers else {}))
        write_atomic(draft, dump_yaml(kept).encode("utf-8"), sync=False)

    entretien = Entretien(answers, asker, path.resolve().parent, Contexte(regle=regle), on_answer=save, sections=())
    try:
        while True:
            while (step := entretien.next_demarche_step()) is not None:
                entretien.run(step)
            try:
                envoi = _ask_envoi(entretien, demarche)
                break
            except Retour:
                entretien.back()
    except (KeyboardInterrupt, EOFError):
        save()
        raise Interrompu(
            f"Interrompu : la démarche commencée est gardée dans {draft}. Pour la reprendre :\n  {commande('etape', path)}"
        ) from None
    ajout = _add(path, strip_private(demarche), envoi, asker, regle)
    draft.unlink(missing_ok=True)
    return ajout


def _ask_envoi(entretien: Entretien, demarche: dict) -> dict | None:
    """For the letter to the préfecture: its registered-mail number and the date on the acknowledgement
    (Entrée: none yet), recorded in the ``envoi`` section with the sending date (kept in the draft meanwhile)."""
    from lettres.dossier.valeurs import parse_date

    jour = demarche.get("date")
    jour = parse_date(jour) if isinstance(jour, str) else jour
    if demarche.get("type") not in LETTRE_PREFECTURE or not isinstance(jour, date):
        return None
    reponses = demarche.setdefault(ENVOI_DEMARCHE, {})
    if demarche["type"] == "courrier_prefecture":
        for cle in ("numero_recommande", "accuse_reception_le"):
            if cle not in reponses:
                entretien.ask_field(f"envoi.{cle}", reponses, (cle,))
    accuse = reponses.get("accuse_reception_le")
    accuse = parse_date(accuse) if isinstance(accuse, str) else accuse
    return envoi_courrier(jour, str(reponses.get("numero_recommande") or ""), accuse or None)


def _add(path: Path, nouvelle: dict, envoi: dict | None, asker: Asker, regle: Any) -> Ajout | None:
    """Add the démarche; the same type on the same day asks first — and a letter to the préfecture already
    logged that day is completed rather than logged twice."""
    pareilles, identique = same_day(load_dossier(path), nouvelle)
    if pareilles and envoi is not None:
        if asker.confirm(
            f"La démarche {describe(pareilles[0])} est déjà dans le dossier : la compléter (numéro de recommandé, "
            "avis de réception, pièces) au lieu d'en ajouter une deuxième ?",
            default=True,
        ):
            try:
                return complete_letter(path, nouvelle, envoi, regle)
            except EnvoiDejaEnregistre as conflit:  # a number already recorded: replaced only if the user says so
                return complete_letter(path, nouvelle, envoi, regle, asker.confirm(conflit.question(), default=False))
    elif pareilles:
        quoi = "identique" if identique else "du même type, le même jour"
        if not asker.confirm(
            f"Une démarche {describe(pareilles[0])} ({quoi}) est déjà dans le dossier. L'ajouter quand même ?",
            default=None,
        ):
            return None
    return Ajout(update_dossier(path, nouvelle, regle, envoi), envoi, None)


def run_modifier(path: Path, index: int, asker: Asker, regle: Any = None) -> Dossier | None:
    """``lettres etape DOSSIER --modifier N``: every field of démarche N asked again, its answer proposed;
    only the fields changed are written (None when nothing changed)."""
    from lettres.dossier.demarches import changed_fields, modify_demarche

    data = read_dossier_data(path)
    demarches = [dict(d) if isinstance(d, dict) else d for d in data.get("demarches") or []]
    avant = dict(demarches[index])
    answers: dict[str, Any] = {
        "blocage": data.get("blocage"),
        "signataire": data.get("signataire"),
        FINIES: True,
        "demarches": demarches,
    }
    entretien = Entretien(answers, asker, path.resolve().parent, Contexte(regle=regle), sections=())
    try:
        entretien.demarches.ask_again(index + 1)
    except Retour:
        return None
    champs = changed_fields(avant, strip_private(demarches[index]))
    if not champs:
        return None
    return modify_demarche(path, index, champs, regle)
