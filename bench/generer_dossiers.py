"""Fictitious dossiers for ``lettres bilan``: a caseload over twelve months in three préfectures, each
dossier drawn from a seeded random generator, with what the bilan must find (the « known answers »).

    python bench/generer_dossiers.py DOSSIER [--nombre 300] [--graine 26] [--date-du-jour 01/12/2026]
    python bench/generer_dossiers.py DOSSIER --export-fictif 100000 exports.json   # records for --fusionner

Every person is invented (names drawn from short lists, numbered); nothing here is real. The known answers
are computed here from the drawn facts, independently of ``lettres.bilan``: the tests compare both.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PREFECTURES = ("13", "06", "2A")
BLOCAGES = (
    "televersement",
    "erreur_validation",
    "pas_attestation_depot",
    "instruction_bloquee",
    "pas_api",
    "connexion",
)
NOMS = ("MARTIN", "BERNARD", "DIALLO", "KEITA", "TRAORE", "NGUYEN", "SOW", "BA", "HADDAD", "BENALI", "SYLLA")
PRENOMS = ("Awa", "Moussa", "Fatou", "Ibrahim", "Mariam", "Karim", "Leila", "Yacine", "Nadia", "Omar")
NATIONALITES = ("malienne", "guinéenne", "algérienne", "marocaine", "comorienne", "haïtienne", "afghane", "ukrainienne")
CLOTURES = ("titre", "api", "rendez_vous", "demande_enregistree", "refere_accorde", "refere_rejete", "rejet", "abandon")
CATEGORIES = ("CST 1", "CST 3", "CSP 1", "CR 1")
DELAI = 15  # envoi.delai_reponse_jours, written in every dossier


@dataclass
class Attendu:
    """What the bilan must count for one dossier."""

    prefecture: str
    mois_blocage: str
    blocages: list[str]
    etapes: list[int]
    courrier: str = ""
    reponses: list[str] = field(default_factory=list)
    cloture: str = ""
    durees: dict[str, int] = field(default_factory=dict)
    personnels: list[str] = field(default_factory=list)  # every personal value written in the dossier


def _jour(d: date) -> str:
    return d.isoformat()


def _demarches(rng: random.Random, depuis: date, aujourd_hui: date) -> tuple[list[dict], list[int]]:
    """Steps 1 to 4, each done with some probability, a few days after the blocage."""
    types = [(1, "capture_ecran"), (2, "formulaire_contact"), (3, "appel_anef"), (4, "demande_rdv")]
    demarches, etapes = [], []
    for numero, code in types:
        if rng.random() < 0.85:
            jour = min(depuis + timedelta(days=rng.randint(0, 10)), aujourd_hui)
            demarches.append(
                {
                    "type": code,
                    "date": _jour(jour),
                    "heure": "10:00",
                    "detail": f"Démarche {numero}",
                    "resultat": "sans suite",
                }
            )
            etapes.append(numero)
    return demarches, etapes


def _issue(rng: random.Random, a: Attendu, courrier: date, aujourd_hui: date) -> dict:
    """The préfecture's answer (or not) and the close (or not), with the known state of the letter."""
    issue: dict = {}
    fin = courrier + timedelta(days=DELAI)
    reponse = None
    if rng.random() < 0.5:
        reponse = courrier + timedelta(days=rng.randint(3, 40))
        if reponse > aujourd_hui:
            reponse = None
    if reponse is not None:
        a.reponses = rng.sample(["attente", "rendez_vous", "api", "piece", "refus"], rng.randint(1, 2))
        issue.update(reponse_prefecture_le=_jour(reponse), reponse_prefecture=a.reponses)
        a.courrier = "reponse_a_temps" if reponse <= fin else "reponse_tardive"
        a.durees["courrier_reponse"] = (reponse - courrier).days
    else:
        a.courrier = "sans_reponse" if aujourd_hui > fin else "en_cours"
    if rng.random() < 0.4:
        base = reponse or courrier
        cloture = base + timedelta(days=rng.randint(5, 60))
        if cloture <= aujourd_hui:
            a.cloture = rng.choice(CLOTURES)
            issue.update(cloture_le=_jour(cloture), cloture=a.cloture)
            if reponse is not None:
                a.durees["reponse_cloture"] = (cloture - reponse).days
    return issue


def dossier(i: int, rng: random.Random, aujourd_hui: date) -> tuple[dict, Attendu]:
    """One fictitious dossier and its known answers."""
    prefecture = PREFECTURES[rng.choices(range(3), weights=(5, 3, 2))[0]]
    depuis = aujourd_hui - timedelta(days=rng.randint(5, 364))
    blocages = rng.sample(BLOCAGES, rng.randint(1, 2))
    naissance = date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
    nom, prenom = f"{NOMS[i % len(NOMS)]}-{i:04d}", PRENOMS[(i // 3) % len(PRENOMS)]
    demarches, etapes = _demarches(rng, depuis, aujourd_hui)
    a = Attendu(prefecture, f"{depuis.year:04d}-{depuis.month:02d}", sorted(blocages), etapes)
    data: dict = {
        "version": 1,
        "personne": {
            "nom": nom,
            "prenoms": prenom,
            "date_naissance": _jour(naissance),
            "nationalite": NATIONALITES[i % len(NATIONALITES)],
            "adresse": f"{i + 1} rue Imaginaire\n13{i % 100:03d} Villefictive",
            "telephone": f"06 00 {i // 100 % 100:02d} {i % 100:02d} 99",
            "courriel": f"personne{i}@example.org",
            "numero_etranger": f"99{i:08d}",
        },
        "demande": {"nature": "renouvellement", "titre": "titre de séjour", "categorie": rng.choice(CATEGORIES),
                    "prefecture": prefecture, "date_depot": _jour(depuis - timedelta(days=30)),
                    "titre_actuel_expiration": _jour(depuis + timedelta(days=200))},
        "blocage": {"types": blocages, "depuis": _jour(depuis), "description": f"Description fictive n° {i}."},
        "demarches": demarches,
        "envoi": {"delai_reponse_jours": DELAI},
    }  # fmt: skip
    if rng.random() < 0.6:
        courrier = min(depuis + timedelta(days=rng.randint(11, 30)), aujourd_hui)
        data["demarches"].append({"type": "courrier_prefecture", "date": _jour(courrier), "detail": "Lettre 2"})
        data["envoi"]["envoye_le"] = _jour(courrier)
        a.etapes.append(5)
        a.durees["blocage_courrier"] = (courrier - depuis).days
        issue = _issue(rng, a, courrier, aujourd_hui)
        if issue:
            data["issue"] = issue
        if "cloture_le" in issue:
            a.durees["blocage_cloture"] = (date.fromisoformat(issue["cloture_le"]) - depuis).days
    p = data["personne"]
    a.personnels = [p["nom"], p["date_naissance"], naissance.strftime("%d/%m/%Y"), p["telephone"], p["courriel"],
                    p["numero_etranger"], p["adresse"].splitlines()[0], data["blocage"]["description"]]  # fmt: skip
    return data, a


def generer(cible: Path, nombre: int = 300, aujourd_hui: date | None = None, graine: int = 26) -> list[Attendu]:
    """Write ``nombre`` dossiers into ``cible`` (one YAML file each) and return their known answers."""
    from lettres.yamlio import dump_yaml

    aujourd_hui = aujourd_hui or date.today()
    rng = random.Random(graine)
    cible.mkdir(parents=True, exist_ok=True)
    attendus = []
    for i in range(nombre):
        data, attendu = dossier(i, rng, aujourd_hui)
        (cible / f"dossier-{i:04d}.yaml").write_text(dump_yaml(data), encoding="utf-8")
        attendus.append(attendu)
    return attendus


def export_fictif(chemin: Path, nombre: int, graine: int = 26) -> None:
    """An export of ``nombre`` invented records (no dossier behind them), to time ``--fusionner``."""
    import json

    rng = random.Random(graine)
    fiches = []
    for _ in range(nombre):
        annee, mois = 2026, rng.randint(1, 12)
        fiches.append({
            "id": f"{rng.getrandbits(96):024x}", "prefecture": rng.choice(PREFECTURES),
            "mois_blocage": f"{annee}-{mois:02d}", "nature": "renouvellement", "categorie": "CST 3",
            "blocages": rng.sample(BLOCAGES, 1), "situation": "api", "etapes": [1, 2, 3, 4],
            "courrier": rng.choice(["", "reponse_a_temps", "sans_reponse", "en_cours"]), "reponses": [],
            "api": rng.random() < 0.3, "rejet": "", "refere": "", "cloture": rng.choice(["", *CLOTURES]),
            "mois_cloture": "", "durees": {"blocage_courrier": rng.randint(5, 60), "courrier_reponse": None,
                                           "reponse_cloture": None, "blocage_cloture": None},
        })  # fmt: skip
    data = {"format": "lettres-bilan", "version": 1, "outil": "generer_dossiers.py", "structure": f"Fictive {graine}",
            "periode": {"du": "2026-01", "au": "2026-12"}, "produit_le": "2026-12", "nationalites": False,
            "fiches": fiches}  # fmt: skip
    chemin.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cible", type=Path)
    parser.add_argument("--nombre", type=int, default=300)
    parser.add_argument("--graine", type=int, default=26)
    parser.add_argument("--date-du-jour", default="")
    parser.add_argument("--export-fictif", type=int, default=0, help="nombre de fiches d'un export inventé")
    args = parser.parse_args(argv)
    if args.export_fictif:
        export_fictif(args.cible, args.export_fictif, args.graine)
        print(f"Écrit : {args.cible} ({args.export_fictif} fiches inventées)")
        return
    jour = date.today()
    if args.date_du_jour:
        j, m, a = (int(x) for x in args.date_du_jour.split("/"))
        jour = date(a, m, j)
    attendus = generer(args.cible, args.nombre, jour, args.graine)
    print(f"Écrits : {len(attendus)} dossiers fictifs dans {args.cible}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
