"""The attacks of issues #10 (« La forteresse ») and #22 (« seconde enceinte »), replayed and counted.

    python bench/attaques.py                    # everything: 640 mutations (1,280 runs) and the targeted attacks
    python bench/attaques.py --mutations 64     # fewer mutations
    python bench/attaques.py --sans-strace      # files read outside counted by the audit hook only
    python bench/attaques.py --enceinte 2       # only the attacks of issue #22 (races, web door, resources)

Each attack works on a copy of the demo dossier in a temporary folder: nothing outside it is ever
written (the targets /etc/passwd, /proc/self/environ are only named, never touched). For each family the
table gives: cases, command runs, exit codes, tracebacks, lost entries (démarches or rows neither
written nor reported), hangs (runs stopped by the time limit), files read outside the dossier (audit hook
in this process; strace for the commands run as processes), peak memory and time.

The mutations run in this process through ``lettres.cli.main`` (an audit hook sees every ``open``);
the targeted attacks run ``python -m lettres`` as separate processes, measured by the kernel (peak
memory of the process and of its children) and, when strace is installed, traced.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attaques_cas as cas
from attaques_courses import ATTAQUES_22
from attaques_mesure import Famille

# --- the table -----------------------------------------------------------------------------------------


def tableau(familles: list[Famille]) -> str:
    lignes = [
        "| attaque | cas | exécutions | codes de sortie | tracebacks | entrées perdues | octets dehors "
        "| lettres étrangères | blocages | lus hors dossier | mémoire max | durée |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in familles:
        codes = ", ".join(f"{n} × {c}" for c, n in sorted(f.codes.items(), key=lambda kv: str(kv[0])))
        dehors = str(len(f.dehors)) + (f" ({', '.join(sorted(f.dehors)[:3])})" if f.dehors else "")
        lignes.append(
            f"| {f.nom} | {f.cas} | {f.executions} | {codes} | {f.tracebacks} | {f.perdues} | {f.octets_dehors} "
            f"| {f.etrangeres} | {f.blocages} | {dehors} "
            f"| {f.memoire / 1024:.0f} Mio | {f.duree:.1f} s |"
        )
    notes = [f"- {f.nom} : {n}" for f in familles for n in f.notes]
    return "\n".join(lignes + (["", *notes] if notes else []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mutations", type=int, default=640, help="mutations du dossier de démonstration (640)")
    parser.add_argument("--sans-strace", action="store_true", help="ne pas tracer les processus avec strace")
    parser.add_argument("--seulement", metavar="NOM", help="une seule famille (mutations, pieces, etape, …)")
    parser.add_argument("--json", metavar="FICHIER", type=Path, help="écrit aussi les chiffres en JSON")
    parser.add_argument("--enceinte", type=int, choices=(1, 2), help="les attaques du ticket 10 (1) ou 22 (2) seules")
    parser.add_argument("--courses", type=int, default=200, help="« generer » pendant la course au renommage (200)")
    parser.add_argument("--lectures", type=int, default=40_000, help="lectures de pièce pendant la course (40 000)")
    parser.add_argument("--telechargements", type=int, default=3000, help="téléchargements web pendant la course")
    parser.add_argument("--connexions", type=int, default=1200, help="requêtes laissées à moitié envoyées (1 200)")
    parser.add_argument("--lignes", type=int, default=1_000_000, help="lignes du classeur géant (1 000 000)")
    args = parser.parse_args()
    strace = not args.sans_strace and shutil.which("strace") is not None
    familles: list[Famille] = []
    with tempfile.TemporaryDirectory(prefix="attaques-") as dossier:
        racine = Path(dossier)
        os.environ.setdefault("LETTRES_CACHE", str(racine / "cache"))
        attaques = {**({} if args.enceinte == 2 else cas.ATTAQUES), **({} if args.enceinte == 1 else ATTAQUES_22)}
        for nom, attaque in attaques.items():
            if args.seulement and args.seulement != nom:
                continue
            print(f"… {nom}", file=sys.stderr, flush=True)
            famille = attaque(racine / nom, args, strace)
            familles.append(famille)
    print(tableau(familles))
    print(
        f"\nstrace : {'oui' if strace else 'non'} ; machine : {os.cpu_count()} cœurs, charge {os.getloadavg()[0]:.1f}"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                [f.__dict__ | {"codes": dict(f.codes), "dehors": sorted(f.dehors)} for f in familles],
                ensure_ascii=False,
                indent=2,
                default=str,
            ),
            encoding="utf-8",
        )
    sys.exit(
        1
        if any(f.tracebacks or f.perdues or f.blocages or f.dehors or f.octets_dehors or f.etrangeres for f in familles)
        else 0
    )


if __name__ == "__main__":
    main()
