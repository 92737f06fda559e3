"""The deadlines as a calendar (.ics, RFC 5545) to import into Thunderbird, Outlook or Google Agenda.

One all-day event per deadline, with a reminder some days before. Each event keeps one UID across runs
(a hash of the person's names, birth date and the kind of deadline: stable when the file is renamed,
moved or edited), so that importing the file again updates the events instead of adding copies. When an
earlier file is at the same path, an event whose content changed gets a higher SEQUENCE and a new
LAST-MODIFIED; an unchanged one keeps both; a deadline that disappeared (a titre renewed, a date
corrected) is kept as cancelled so that clients remove it — but not while a dossier cannot be read.

Events carry no more personal data than needed: the person's initials and the préfecture by default,
full names only when asked (``--noms-complets``). Texts do not depend on the day the file is written,
so that an unchanged dossier gives unchanged events.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from lettres.francais import date_lettre, duree_jours, replier
from lettres.suivi.tableau import Echeance, LigneSuivi, Suivi

PRODID = "-//lettres//Suivi des échéances ANEF//FR"
UID_DOMAINE = "lettres.suivi"


def event_uid(ligne: LigneSuivi, genre: str) -> str:
    """One UID per person and kind of deadline, the same from one run to the next."""
    # accents, case and spacing do not make another person: a name corrected keeps its events
    cle = "|".join((replier(ligne.nom), replier(ligne.prenoms), ligne.date_naissance.isoformat(), genre))
    return f"{hashlib.sha256(cle.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAINE}"


def _qui(ligne: LigneSuivi, noms_complets: bool) -> str:
    return f"{ligne.prenoms} {ligne.nom}" if noms_complets else ligne.initiales


def _description(ligne: LigneSuivi, e: Echeance, qui: str, noms_complets: bool) -> str:
    jour = date_lettre(e.date)
    condition = ", si le dossier est regardé comme complet" if e.au_plus_tot else ""
    phrases = {
        "titre": f"Le titre de séjour actuel de {qui} expire le {jour}.",
        "document_provisoire": (
            f"Le récépissé de {qui} expire le {jour}."
            if e.libelle == "Fin du récépissé"
            else f"L'attestation de prolongation de l'instruction (API) de {qui} expire le {jour}."
        ),
        "reponse_prefecture": f"Le délai laissé à la préfecture pour répondre au courrier envoyé pour {qui} a pris "
        f"fin la veille : référé possible à partir du {jour}.",
        "rejet_implicite": f"Décision implicite de rejet de la demande de {qui} "
        f"{'au plus tôt ' if e.au_plus_tot else ''}le {jour}{condition} ({e.base}).",
        "fin_recours": f"Fin prudente du délai de recours contentieux de deux mois contre la décision implicite de "
        f"rejet ({qui}) : recours au plus tard le {jour}{condition}.",
    }
    suite = f"lettres verifier {ligne.fichier}" if noms_complets else "lettres suivi"
    return f"{phrases[e.genre]}\n{ligne.prefecture_nom}.\nLe point complet : {suite}"


@dataclass(frozen=True)
class Evenement:
    """What an event says: compared with the earlier file to decide whether it changed."""

    uid: str
    debut: date
    resume: str
    description: str
    rappel_jours: int
    annule: bool = False

    def signature(self) -> tuple:
        return self.debut, self.resume, self.description, self.rappel_jours, self.annule


def events(suivi: Suivi, rappel_jours: int, noms_complets: bool = False) -> list[Evenement]:
    """Every dated deadline of the table as an event (deadlines already past included: they are facts)."""
    found: list[Evenement] = []
    uids: set[str] = set()
    for ligne in sorted(suivi.lignes, key=lambda li: str(li.fichier)):
        qui = _qui(ligne, noms_complets)
        for e in ligne.echeances:
            uid = event_uid(ligne, e.genre)
            n = 2
            while uid in uids:  # the same person in two files: both kept, told apart
                uid = event_uid(ligne, f"{e.genre}-{n}")
                n += 1
            uids.add(uid)
            libelle = e.libelle + (" (au plus tôt)" if e.au_plus_tot else "")
            resume = f"{libelle} — {qui} ({ligne.prefecture})"
            found.append(Evenement(uid, e.date, resume, _description(ligne, e, qui, noms_complets), rappel_jours))
    return found


@dataclass(frozen=True)
class Precedent:
    sequence: int
    modifie: datetime
    evenement: Evenement


def read_previous(path: Path) -> dict[str, Precedent]:
    """The events of an earlier calendar written by ``lettres`` at the same path (none when absent).

    Any other file there is refused rather than overwritten (SortieExistante)."""
    from icalendar import Calendar

    from lettres.erreurs import SortieExistante

    if not path.exists():
        return {}
    try:
        raw = _bounded_ics(path)
        calendar = Calendar.from_ical(raw) if raw is not None else None
        ours = calendar is not None and str(calendar.get("PRODID", "")) == PRODID
    except (OSError, ValueError, IndexError, RecursionError):
        ours = False
    if not ours:
        raise SortieExistante(
            f"« {path} » existe et n'est pas un agenda écrit par lettres suivi : choisissez un autre nom de "
            "fichier pour --ics, ou supprimez celui-ci."
        )
    previous: dict[str, Precedent] = {}
    assert calendar is not None  # ours
    for ev in calendar.walk("VEVENT"):
        try:
            alarms = ev.walk("VALARM")
            rappel = -alarms[0].decoded("TRIGGER").days if alarms else 0
            evenement = Evenement(
                str(ev["UID"]),
                ev.decoded("DTSTART"),
                str(ev.get("SUMMARY", "")),
                str(ev.get("DESCRIPTION", "")),
                rappel,
                str(ev.get("STATUS", "")).upper() == "CANCELLED",
            )
            modifie = ev.decoded("LAST-MODIFIED") if "LAST-MODIFIED" in ev else ev.decoded("DTSTAMP")
            previous[evenement.uid] = Precedent(int(ev.get("SEQUENCE", 0)), modifie, evenement)
        except (KeyError, ValueError, TypeError, AttributeError):
            continue
    return previous


ICS_MAX = 50 * 1024 * 1024  # bytes: an agenda of thousands of dossiers is a few megabytes
PROFONDEUR_ICS = 4  # VCALENDAR > VEVENT > VALARM: what lettres writes


def _bounded_ics(path: Path) -> bytes | None:
    """The file's bytes, or None when it is too large or nested deeper than lettres writes: a hostile
    file of 20,000 nested levels took the parser 33 s."""
    with open(path, "rb") as handle:
        raw = handle.read(ICS_MAX + 1)
    if len(raw) > ICS_MAX:
        return None
    depth = 0
    for line in raw.splitlines():
        if line[:6].upper() == b"BEGIN:":
            depth += 1
            if depth > PROFONDEUR_ICS:
                return None
        elif line[:4].upper() == b"END:":
            depth -= 1
    return raw


def _rappel(n: int) -> str:
    return "Aujourd'hui" if n == 0 else f"Dans {duree_jours(n)}"


def build_calendar(
    suivi: Suivi,
    rappel_jours: int,
    noms_complets: bool = False,
    previous: dict[str, Precedent] | None = None,
    maintenant: datetime | None = None,
) -> bytes:
    """The .ics file of the table's deadlines; ``previous`` (from ``read_previous``) decides SEQUENCE."""
    from icalendar import Alarm, Calendar, Event

    maintenant = (maintenant or datetime.now(UTC)).replace(microsecond=0)
    previous = previous or {}
    nouveaux = events(suivi, rappel_jours, noms_complets)
    presents = {ev.uid for ev in nouveaux}
    # a deadline gone since the last file: cancelled, so that a client removes it — unless a dossier could
    # not be read this time (a typo must not wipe its deadlines from the calendar): then kept as it was
    for uid, ancien in previous.items():
        if uid not in presents:
            e = ancien.evenement
            annule = e.annule or not suivi.problemes
            nouveaux.append(Evenement(uid, e.debut, e.resume, e.description, e.rappel_jours, annule=annule))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Échéances des dossiers ANEF")
    for ev in nouveaux:
        avant = previous.get(ev.uid)
        if avant is None:
            sequence, modifie = 0, maintenant
        elif avant.evenement.signature() == ev.signature():
            sequence, modifie = avant.sequence, avant.modifie
        else:
            sequence, modifie = avant.sequence + 1, maintenant
        event = Event()
        event.add("uid", ev.uid)
        event.add("dtstamp", modifie)
        event.add("last-modified", modifie)
        event.add("sequence", sequence)
        event.add("dtstart", ev.debut)
        event.add("dtend", ev.debut + timedelta(days=1))
        event.add("summary", ev.resume)
        event.add("description", ev.description)
        event.add("transp", "TRANSPARENT")
        event.add("class", "PRIVATE")
        if ev.annule:
            event.add("status", "CANCELLED")
        else:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(days=-ev.rappel_jours))
            alarm.add("description", f"{_rappel(ev.rappel_jours)} : {ev.resume}")
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def write_calendar(suivi: Suivi, path: Path, rappel_jours: int, noms_complets: bool = False, **kwargs: Any) -> None:
    """Write the .ics atomically, readable by its owner only, updating the events of an earlier file."""
    from lettres.fichiers import write_atomic

    data = build_calendar(suivi, rappel_jours, noms_complets, read_previous(path), **kwargs)
    write_atomic(path, data)
