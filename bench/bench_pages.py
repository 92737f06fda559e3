"""Benchmark: every page of ``lettres web``, on the demo dossiers, through Starlette's test client.

    python bench/bench_pages.py                 # 20 requests a page: median and worst
    python bench/bench_pages.py --fois 50
    python bench/bench_pages.py --processeur    # processor time (a shared machine's load weighs less on it)

The dossiers are those ``lettres demo`` writes (the fictitious dossier and the example of each situation);
the application runs in this process (no network, no server): what is measured is the page's own work —
reading and checking the dossier, computing its situation, rendering the HTML. The first visit of the home
page (every dossier read) is counted apart, and so is « Produire les documents » (every letter, without PDF).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORIGINE = "http://127.0.0.1:8765"
SITUATIONS = ("api", "depot_impossible", "diligences_incompletes", "refere", "rejet_implicite")


def demo_dossiers(racine: Path, tmp: Path) -> None:
    """The demo dossier and one per situation, each in its own folder of ``racine`` with its pièces."""
    for situation in ("", *SITUATIONS):
        sortie = tmp / f"demo-{situation or 'dossier'}"
        options = ["--situation", situation] if situation else []
        subprocess.run(
            [sys.executable, "-m", "lettres", "demo", "--sortie", str(sortie), *options],
            check=True,
            capture_output=True,
        )
        (exemple,) = sortie.glob("exemple-*/dossier.yaml")
        shutil.copytree(exemple.parent, racine / (situation or "diallo"))


def client_for(racine: Path):
    from starlette.testclient import TestClient

    from lettres.web.app import create_app
    from lettres.web.etat import Guichet
    from lettres.web.securite import Cles

    cles = Cles.nouvelles(8765)
    guichet = Guichet(racine.resolve(), cles)
    client = TestClient(create_app(guichet), base_url=ORIGINE)
    client.cookies.set(cles.cookie, cles.session)
    return client, cles


CLOCK = time.perf_counter  # --processeur: time.process_time, less sensitive to the machine's load


def timed(client, method: str, url: str, **kwargs) -> tuple[float, str]:
    start = CLOCK()
    response = client.request(method, url, follow_redirects=False, **kwargs)
    elapsed = CLOCK() - start
    assert response.status_code in (200, 303), (response.status_code, url, response.text[:300])
    return elapsed, response.text


def pages(client, ident: str) -> list[tuple[str, str]]:
    """(label, address) of each page of one dossier: its form pages as its first page links them."""
    _, html = timed(client, "GET", f"/dossier/{ident}/page/personne")
    codes = list(dict.fromkeys(re.findall(rf"/dossier/{ident}/page/([a-z_]+)", html)))
    return [(f"formulaire : {code}", f"/dossier/{ident}/page/{code}") for code in codes] + [
        ("démarches", f"/dossier/{ident}/demarches"),
        ("point", f"/dossier/{ident}/point"),
        ("documents", f"/dossier/{ident}/documents"),
    ]


def measure(fois: int) -> list[tuple[str, list[float]]]:
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        racine = Path(tmp) / "dossiers"
        racine.mkdir()
        demo_dossiers(racine, Path(tmp))
        client, cles = client_for(racine)
        rows: list[tuple[str, list[float]]] = []
        timed(client, "GET", "/reglages")  # an unrelated page first: the imports are done
        rows.append(("accueil, première visite", [timed(client, "GET", "/")[0]]))
        _, home = timed(client, "GET", "/")
        idents = list(dict.fromkeys(re.findall(r"/dossier/([0-9a-f]{16})", home)))
        assert len(idents) == 1 + len(SITUATIONS), idents
        addresses = [("accueil", "/"), ("réglages", "/reglages"), ("lot", "/lot"), ("bilan", "/bilan")]
        per_dossier: dict[str, list[float]] = {}
        for ident in idents:
            for label, url in pages(client, ident):
                timed(client, "GET", url)
                per_dossier.setdefault(label, []).extend(timed(client, "GET", url)[0] for _ in range(fois))
        for label, url in addresses:
            timed(client, "GET", url)
            rows.append((label, [timed(client, "GET", url)[0] for _ in range(fois)]))
        rows += [(f"{label} (6 dossiers)", times) for label, times in per_dossier.items()]
        body = {"lettres": ["dgef", "prefecture", "orientation", "bordereau"], "remplacer": "oui", "_csrf": cles.csrf}
        produce = [
            timed(client, "POST", f"/dossier/{idents[0]}/documents", data=body, headers={"origin": ORIGINE})[0]
            for _ in range(max(3, fois // 4))
        ]
        rows.append(("produire les documents (sans PDF)", produce))
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fois", type=int, default=20, help="requests of each page")
    parser.add_argument("--processeur", action="store_true", help="processor time of this process, not elapsed time")
    args = parser.parse_args()
    if args.processeur:
        global CLOCK
        CLOCK = time.process_time
    load = os.getloadavg()[0]
    rows = measure(args.fois)
    print(
        f"lettres web, dossiers de démonstration ; {os.cpu_count()} cœurs, charge moyenne {load:.2f} avant, "
        f"{os.getloadavg()[0]:.2f} après"
    )
    print(f"{'temps processeur' if args.processeur else '':44} {'médiane':>9} {'pire':>9}")
    for label, times in rows:
        print(f"{label:44} {statistics.median(times) * 1000:>7.1f}ms {max(times) * 1000:>7.1f}ms")


if __name__ == "__main__":
    main()
