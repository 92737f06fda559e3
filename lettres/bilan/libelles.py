"""The views of a bilan: what each counts, under which French title, in which order."""

from __future__ import annotations

from collections.abc import Sequence

from lettres.bilan.calcul import Vue, compter, mois_texte, vue
from lettres.bilan.fiche import Fiche
from lettres.dossier.valeurs import options
from lettres.referentiel import charger_referentiel

LIBELLES_DUREES = {
    "blocage_courrier": "Du blocage au courrier à la préfecture",
    "courrier_reponse": "Du courrier à la réponse de la préfecture",
    "reponse_cloture": "De la réponse à la clôture",
    "blocage_cloture": "Du blocage à la clôture",
}
COURRIER = {
    "reponse_a_temps": "Réponse dans le délai",
    "reponse_tardive": "Réponse après le délai",
    "sans_reponse": "Sans réponse, délai passé",
    "en_cours": "Délai en cours",
}
REJETS = {
    "": "Aucun rejet connu",
    "refus": "Refus de titre notifié",
    "oqtf": "OQTF notifiée",
    "rejet": "Demande rejetée (clôture)",
    "implicite": "Décision implicite de rejet née",
}
REFERES = {
    "mur": "Possible (pas de réponse), non engagé",
    "avocat": "Avocat ou avocate saisi",
    "accorde": "Référé accordé",
    "rejete": "Référé rejeté",
}


def _mois_entre(premier: str, dernier: str) -> list[str]:
    annee, numero = (int(x) for x in premier.split("-"))
    fin = tuple(int(x) for x in dernier.split("-"))
    found: list[str] = []
    while (annee, numero) <= fin and len(found) < 240:
        found.append(f"{annee:04d}-{numero:02d}")
        annee, numero = (annee + 1, 1) if numero == 12 else (annee, numero + 1)
    return found


def _par_effectif(compte: dict[str, int], libelles: dict[str, str]) -> list[tuple[str, str, int]]:
    """The categories present, the largest first (then by label)."""
    return sorted(((c, libelles.get(c, c), n) for c, n in compte.items()), key=lambda x: (-x[2], x[1]))


def _dans_lordre(compte: dict[str, int], libelles: dict[str, str]) -> list[tuple[str, str, int]]:
    """Every category of a fixed list, in its order, zero included."""
    return [(c, lib, compte.get(c, 0)) for c, lib in libelles.items()]


def _vues_dossier(fiches: Sequence[Fiche], seuil: int, du: str, au: str) -> list[Vue]:
    referentiel = charger_referentiel()
    total = len(fiches)
    prefectures = {code: p.nom for code, p in referentiel.prefectures.items()}
    mois_presents = sorted({f.mois_blocage for f in fiches})
    mois = _mois_entre(du or mois_presents[0], au or mois_presents[-1]) if fiches else []
    compte_mois = compter(fiches, lambda f: f.mois_blocage)
    categories = {**options("titres"), "": "Hors des listes ou inconnue"}
    situations = {c: s["court"] for c, s in referentiel.situations.items()}
    blocages = {c: lib[:1].upper() + lib[1:] for c, lib in referentiel.blocages_courts.items()}
    etapes = {str(e.numero): f"{e.numero}. {e.libelle}" for e in referentiel.etapes}
    return [
        vue("prefectures", "Dossiers par préfecture", "Préfecture du lieu de résidence.",
            _par_effectif(compter(fiches, lambda f: f.prefecture), prefectures), total, seuil),
        vue("mois", "Blocages constatés par mois", "Le mois où le blocage a été constaté (« Blocage constaté depuis le »).",
            [(m, mois_texte(m), compte_mois.get(m, 0)) for m in mois], total, seuil, chronologique=True),
        vue("blocages", "Types de blocage", "Un dossier compte pour chacun de ses types de blocage.",
            _par_effectif(compter(fiches, lambda f: f.blocages), blocages), total, seuil,
            partition=False),
        vue("situations", "Situation principale", "La situation que lettres déduit des faits (le point du dossier).",
            _dans_lordre(compter(fiches, lambda f: f.situation), situations), total, seuil),
        vue("categories", "Catégorie du titre demandé", "Code de la liste des pièces justificatives.",
            _par_effectif(compter(fiches, lambda f: f.categorie), categories), total, seuil),
        vue("natures", "Nature de la demande", "",
            _dans_lordre(compter(fiches, lambda f: f.nature), options("nature")), total, seuil),
        vue("etapes", "Étapes de la fiche accomplies", "Un dossier compte pour chaque étape prouvée.",
            _dans_lordre({str(e): n for e, n in compter(fiches, lambda f: f.etapes).items()}, etapes), total, seuil,
            partition=False),
    ]  # fmt: skip


def _vues_issue(fiches: Sequence[Fiche], seuil: int) -> list[Vue]:
    total = len(fiches)
    courriers = [f for f in fiches if f.courrier]
    repondus = [f for f in fiches if f.reponses]
    referes = [f for f in fiches if f.refere]
    api = {"oui": "API ou récépissé obtenu", "non": "Pas d'API ni de récépissé connu"}
    return [
        vue("courriers", "Courriers à la préfecture (lettre 2)",
            "Sur les dossiers où le courrier est parti : a-t-il eu une réponse dans le délai demandé ?",
            _dans_lordre(compter(courriers, lambda f: f.courrier), COURRIER), len(courriers), seuil),
        vue("reponses", "Ce que la préfecture a répondu", "Sur les courriers qui ont eu une réponse ; une réponse "
            "peut dire plusieurs choses.",
            _par_effectif(compter(repondus, lambda f: f.reponses), options("reponses_prefecture")), len(repondus),
            seuil, partition=False),
        vue("api", "Attestation de prolongation (API) ou récépissé", "",
            _dans_lordre(compter(fiches, lambda f: "oui" if f.api else "non"), api), total, seuil),
        vue("rejets", "Rejets", "Décision notifiée d'abord, puis clôture sur un rejet, puis décision implicite.",
            _dans_lordre(compter(fiches, lambda f: f.rejet), REJETS), total, seuil),
        vue("referes", "Référés « mesures utiles »", "Sur les dossiers où un référé est possible ou engagé.",
            _dans_lordre(compter(referes, lambda f: f.refere), REFERES), len(referes), seuil),
        vue("issues", "Issue des dossiers", "L'issue enregistrée dans chaque dossier (« Issue du dossier ») ; sans issue : dossier en cours.",
            _dans_lordre(compter(fiches, lambda f: f.cloture), options("clotures")), total, seuil),
    ]  # fmt: skip


def vues(fiches: Sequence[Fiche], seuil: int, du: str, au: str, nationalites: bool) -> tuple[Vue, ...]:
    """Every view of the bilan, in the order shown."""
    found = _vues_dossier(fiches, seuil, du, au) + _vues_issue(fiches, seuil)
    if nationalites:
        from lettres.bilan.nationalites import GROUPES_ORDRE

        groupes = {g: g for g in GROUPES_ORDRE}
        found.append(
            vue("nationalites", "Nationalités, par région du monde", "Regroupées : jamais une nationalité seule.",
                _dans_lordre(compter(fiches, lambda f: f.nationalite or groupes[GROUPES_ORDRE[-1]]), groupes),
                len(fiches), seuil)
        )  # fmt: skip
    return tuple(found)
