"""The démarches of the interview: one after the other, each with its pièces picked among the files next
to the dossier or dragged into the terminal.

« Démarche n° 3 : date et type ? » offers the types, found by the words typed after the date (« 21/10 appel »),
and « Aucune autre démarche » to go on: no separate « another one? » question. Which field of a démarche is
asked next is the interview model's (``dossier/entretien.py``); this module only asks.
"""

from __future__ import annotations

from typing import Any

from lettres.dossier.entretien import AUCUNE_AUTRE as AUCUNE
from lettres.dossier.entretien import DU_FICHIER, FINIES, NOUVELLE, Pas, demarche_step, type_choices
from lettres.dossier.ligne_demarche import LigneDemarche, lire_ligne
from lettres.dossier.questions import DEMARCHE_FIELDS, date_warnings, get, question
from lettres.francais import date_courte
from lettres.prompts.asker import Option, Retour
from lettres.prompts.boucle import Boucle
from lettres.prompts.pieces import Fichier, bring_in, check_dropped, clean_dropped, files_near, looks_dropped
from lettres.prompts.terminal import FICHIER
from lettres.referentiel import charger_referentiel

__all__ = ["DU_FICHIER", "FINIES", "NOUVELLE", "BoucleDemarches", "_step"]

AILLEURS = "_ailleurs"


def _step(ident: str, demarche: dict, name: str) -> Pas:
    return demarche_step(int(ident.split(".")[1]), demarche, name)


def _short(demarche: dict) -> str:
    """« 21/10/2026, Appel à l'assistance ANEF »."""
    type_q, date_q = question("demarches.type"), question("demarches.date")
    parts = [date_q.display(demarche.get("date")), type_q.display(demarche.get("type"))]
    return ", ".join(p for p in parts if p != "—")


class BoucleDemarches:
    """The démarches part of an ``Entretien``."""

    def __init__(self, entretien: Boucle):
        self.e = entretien

    @property
    def liste(self) -> list:
        return self.e.liste

    def ask_next(self, step: Pas) -> None:
        """« Démarche n° 3 : date et type ? » — « 21/10 9h30 appel » starts a new démarche of that day (the date
        and time are then not asked again); « Aucune autre » ends the list."""
        count = len(self.liste)
        label = "Première démarche : date et type ?" if not count else f"Démarche n° {count + 1} : date et type ?"
        aucune = "Aucune démarche pour l'instant" if not count else "Aucune autre démarche pour l'instant"
        today = self.e.contexte.aujourd_hui
        options = [Option(AUCUNE, aucune), *(Option(c.code, c.libelle, c.mots) for c in type_choices())]
        choice, line = self.e.asker.choose_dated(
            label,
            options,
            aide="Tapez sa date, son heure si vous l'avez, et un mot du type (capture, appel, courriel, "
            "rendez-vous, recommandé…) : « 21/10 appel », « 01/10 9h30 appel ANEF ».",
            default=self.e._proposals.get(NOUVELLE, AUCUNE),  # kept until answered: Échap again keeps it
            devant=lambda text: (lire_ligne(text, today).mots, lire_ligne(text, today).note()),
            shown=lambda code, text: self._said(code, lire_ligne(text, today), options),
        )
        self.e._proposals.pop(NOUVELLE, None)
        if choice == AUCUNE:
            self.e.record(self.e.answers, (FINIES,), True, NOUVELLE)
            return
        demarche: dict[str, Any] = {"type": choice}
        ligne = lire_ligne(line, today)
        number = count + 1
        if ligne.date is not None:
            date_q = question("demarches.date")
            self.e._proposals.pop(f"demarches.{number}.date", None)
            if date_warnings(date_q, ligne.date, self.e.answers, today):
                self.e.propose(f"demarches.{number}.date", ligne.date)  # asked again, with the warning
            else:
                demarche["date"] = ligne.date
            if ligne.heure:
                demarche["heure"] = ligne.heure
        self.liste.append(demarche)

        def undo() -> None:
            self.liste.remove(demarche)
            self.e.propose(NOUVELLE, choice)
            if ligne.date is not None:  # the date and time typed in the line are offered again by their questions
                self.e.propose(f"demarches.{number}.date", ligne.date)
            if ligne.heure:
                self.e.propose(f"demarches.{number}.heure", ligne.heure)

        self.e.push_undo(undo)
        self.e._on_answer()

    @staticmethod
    def _said(code: str, ligne: LigneDemarche, options: list[Option]) -> str:
        """« 21/10/2026 à 9h30 — Appel à l'assistance ANEF (étape 2) »: what the line recorded."""
        title = next(o.title for o in options if o.value == code)
        if code == AUCUNE or ligne.date is None:
            return title
        quand = date_courte(ligne.date) + (f" à {ligne.heure.replace(':', 'h')}" if ligne.heure else "")
        return f"{quand} — {title}"

    def ask_again(self, number: int) -> None:
        """Every field of démarche ``number`` (from 1) again, its answer proposed; Échap goes back one field
        (from the first, out: nothing else changes)."""
        demarche = self.liste[number - 1]
        self.e.asker.say(f"\nDémarche n° {number} — {_short(demarche)} : Entrée garde chaque réponse.")
        done: list[str] = []
        while True:
            names = [
                n
                for n in DEMARCHE_FIELDS
                if n not in done
                and (
                    n in demarche
                    or question(f"demarches.{n}").kind == "fichiers"
                    or self.e.asks(question(f"demarches.{n}"), demarche)
                )
            ]
            if not names:
                return
            try:
                self.e.ask_step(_step(f"demarches.{number}.{names[0]}", demarche, names[0]))
                done.append(names[0])
            except Retour:
                if not done:
                    raise
                done.pop()

    # -- pièces ----------------------------------------------------------------------------------

    def _needs_piece(self, demarche: dict) -> int | None:
        """The step number when the fiche asks a pièce for this type of démarche (regles.yaml)."""
        referentiel = charger_referentiel()
        etape = referentiel.etape_du_type(str(demarche.get("type")))
        if etape and etape.numero in referentiel.regles["piece_manquante"]["etapes"]:
            return etape.numero
        return None

    def _used_elsewhere(self, current: list[str]) -> set[str]:
        """Files already attached to another démarche or justificatif: not offered again."""
        answers = self.e.answers
        used = {str(p) for d in self.liste if isinstance(d, dict) for p in d.get("pieces") or []}
        justificatifs = answers.get("justificatifs")
        if isinstance(justificatifs, dict):
            used |= {str(p) for files in justificatifs.values() if isinstance(files, list) for p in files}
        return used - set(current)

    def ask_pieces(self, step: Pas) -> list[str]:
        """The files of a démarche (or of a justificatif): picked among those next to the dossier, or dropped."""
        assert step.question is not None
        # after Échap, the files ticked before are ticked again (never dropped by a way back)
        proposed = self.e._proposals.get(step.ident)
        current = [str(p) for p in (proposed if isinstance(proposed, list) else get(step.target, step.path) or [])]
        current = [p for p in current if p != AILLEURS]
        files = files_near(self.e.base, self._used_elsewhere(current))
        demarche = step.target if step.path == ("pieces",) else None
        if demarche is not None:
            label, aide = (
                "Pièces de cette démarche",
                "Les fichiers qui la prouvent (capture d'écran, journal d'appels, courriel…).",
            )
        else:
            label, aide = step.question.label, step.question.help or "Les fichiers, dans le dossier de la personne."
        if files or current:  # the files already attached are offered ticked, even when none is near
            chosen = self._pick(label, aide, current, files)
        else:
            chosen = self._dropped(
                label,
                f"{aide} Glissez le fichier dans cette fenêtre, ou tapez son chemin ; Entrée sans rien : pas de "
                f"fichier pour l'instant. (Aucune image ni PDF trouvé dans {self.e.base}.)",
            )
        numero = self._needs_piece(demarche) if demarche is not None else None
        if not chosen and numero:
            self.e.asker.say(
                f"Sans fichier, cette démarche ne prouve pas l'étape {numero} : ajoutez-le plus tard "
                "(récapitulatif de « lettres nouveau », ou « lettres etape »)."
            )
        return list(dict.fromkeys(chosen))

    def _pick(self, label: str, aide: str, current: list[str], files: list[Fichier]) -> list[str]:
        """Boxes to tick among the files next to the dossier, and « a file from elsewhere » (Échap there comes
        back to the boxes, those ticked still ticked)."""
        base = self.e.base
        while True:
            options = [Option(p, p) for p in current]
            options += [Option(f.chemin, f.titre) for f in files if f.chemin not in current]
            options.append(Option(AILLEURS, "Un fichier ailleurs : le glisser dans cette fenêtre ou taper son chemin"))
            picked = self.e.asker.choose_many(
                label,
                options,
                aide=f"{aide} Espace pour cocher, Entrée pour valider ; rien de coché : pas de fichier pour "
                "l'instant. Un fichier glissé dans cette fenêtre est reconnu.",
                checked=current,
                allow_empty=True,
                chemin=lambda text: looks_dropped(text, base),
            )
            chosen = [p for p in picked if p != AILLEURS and not p.startswith(FICHIER)]
            for glisse in (p[len(FICHIER) :] for p in picked if p.startswith(FICHIER)):
                chosen += self._bring(glisse)
            if AILLEURS not in picked:
                return chosen
            try:
                return chosen + self._dropped("Fichier à joindre", "")
            except Retour:
                current = chosen

    def _dropped(self, label: str, aide: str) -> list[str]:
        """Paths typed or dragged in; files from elsewhere copied into the dossier's folder."""
        base = self.e.base
        typed = self.e.asker.text(
            label,
            aide=aide or "Glissez le fichier dans cette fenêtre, ou tapez son chemin (plusieurs fichiers possibles).",
            check=lambda text: check_dropped(text, base),
        )
        return self._bring(typed)

    def _bring(self, typed: str) -> list[str]:
        """The files of a path typed or dragged in; those from elsewhere copied into the dossier's folder."""
        base = self.e.base
        kept = []
        for path in clean_dropped(typed, base):
            relative, copied = bring_in(path, base)
            if copied:
                self.e.asker.say(f"Copié dans le dossier de la personne : {relative}")
            kept.append(relative)
        return kept
