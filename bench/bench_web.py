"""Benchmark: ``lettres web`` as a browser uses it — the real command, over HTTP on 127.0.0.1.

    python bench/bench_web.py                  # 500 dossiers, 20 requests a page: median and worst
    python bench/bench_web.py --dossiers 1000 --repetitions 50

Measured: the home page (the tracking table of the whole folder) cold (first visit: every dossier read)
and warm (next visits: only changed files are read again), a dossier's pages (a form page of the
interview, the démarches, the point), and the generation of one dossier's documents without PDF (the
« Produire les documents » button: every letter, the e-mail drafts with their pièces, the bordereau).
Targets: a dossier page under 100 ms, the home page with 500 dossiers under 300 ms warm, a generation
under 1 s. The dossiers are those of ``bench_suivi.py`` (varied situations, 3 to 12 démarches).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_suivi import dossier_yaml


class Navigateur:
    """Requests with the server's cookie, the form token and the page's origin, as Chromium sends them."""

    def __init__(self, adresse: str):
        parts = urlsplit(adresse)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.origin = f"http://{self.host}:{self.port}"
        status, headers, _ = self.request("GET", f"/?{parts.query}")
        assert status == 303, status
        self.cookie = headers["set-cookie"].split(";")[0]
        _, _, page = self.request("GET", "/reglages")
        self.csrf = re.search(r'name="csrf" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"cookie": getattr(self, "cookie", "")}
        data = None
        if body is not None:
            data = urlencode({**body, "_csrf": self.csrf}, doseq=True).encode()
            headers.update({"content-type": "application/x-www-form-urlencoded", "origin": self.origin})
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def timed(self, method: str, path: str, body: dict | None = None) -> float:
        start = time.perf_counter()
        status, _, text = self.request(method, path, body)
        elapsed = time.perf_counter() - start
        assert status == 200, (status, path, text[:500])
        return elapsed


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=500)
    parser.add_argument("--repetitions", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        racine = Path(tmp) / "dossiers"
        for i in range(args.dossiers):
            folder = racine / f"personne-{i:04d}"
            folder.mkdir(parents=True)
            (folder / "dossier.yaml").write_text(dossier_yaml(i, rng), encoding="utf-8")
        env = {**os.environ, "LETTRES_CONFIG": str(Path(tmp) / "config.yaml")}
        server = subprocess.Popen(
            [sys.executable, "-m", "lettres", "web", "--dossiers", str(racine), "--sans-navigateur"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            assert server.stdout is not None
            navigateur = Navigateur(server.stdout.readline().strip())
            rows: list[tuple[str, list[float]]] = []
            navigateur.request("GET", "/reglages")  # an unrelated page first: the server's imports are done
            # the first visit of the home page reads every dossier (its process had only started)
            cold = navigateur.timed("GET", "/")
            rows.append(("accueil, première visite", [cold]))
            rows.append(("accueil", [navigateur.timed("GET", "/") for _ in range(args.repetitions)]))
            _, _, home = navigateur.request("GET", "/")
            ident = re.search(r"/dossier/([0-9a-f]{16})", home).group(1)  # type: ignore[union-attr]
            for label, path in (
                ("page du dossier (la personne)", f"/dossier/{ident}/page/personne"),
                ("page du dossier (la demande)", f"/dossier/{ident}/page/demande"),
                ("démarches", f"/dossier/{ident}/demarches"),
                ("point", f"/dossier/{ident}/point"),
            ):
                navigateur.timed("GET", path)
                rows.append((label, [navigateur.timed("GET", path) for _ in range(args.repetitions)]))
            body = {"lettres": ["dgef", "prefecture", "orientation", "bordereau"], "remplacer": "oui"}
            navigateur.timed("POST", f"/dossier/{ident}/documents", body)
            repetitions = max(3, args.repetitions // 4)
            rows.append(
                (
                    "produire les documents (sans PDF)",
                    [navigateur.timed("POST", f"/dossier/{ident}/documents", body) for _ in range(repetitions)],
                )
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"lettres web, {args.dossiers} dossiers, {os.cpu_count()} cœurs")
    print(f"{'':36} {'médiane':>10} {'pire':>10}")
    for label, times in rows:
        print(f"{label:36} {ms(statistics.median(times)):>10} {ms(max(times)):>10}")


if __name__ == "__main__":
    main()
