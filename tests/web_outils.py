"""Driving ``lettres web`` in tests: in-process through Starlette's test client (route tests), or the real
command in a subprocess with Chromium (browser tests)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PORT = 8765
ORIGINE = f"http://127.0.0.1:{PORT}"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Web:
    """A logged-in browser session on an in-process server: forms carry the CSRF token and the Origin."""

    client: object
    guichet: object

    @property
    def racine(self) -> Path:
        return self.guichet.racine  # type: ignore[attr-defined]

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)  # type: ignore[attr-defined]

    def post(self, url: str, data: dict | None = None, files=None, **kwargs):
        data = {"_csrf": self.guichet.cles.csrf, **(data or {})}  # type: ignore[attr-defined]
        headers = {"origin": ORIGINE, **kwargs.pop("headers", {})}
        return self.client.post(url, data=data, files=files, headers=headers, follow_redirects=False, **kwargs)  # type: ignore[attr-defined]

    def follow(self, response):
        assert response.status_code == 303, (response.status_code, response.text[:2000])
        return self.get(response.headers["location"])


def new_web(racine: Path):
    from starlette.testclient import TestClient

    from lettres.web.app import create_app
    from lettres.web.etat import Guichet
    from lettres.web.securite import Cles

    racine.mkdir(parents=True, exist_ok=True)
    cles = Cles.nouvelles(PORT)
    guichet = Guichet(racine.resolve(), cles)
    client = TestClient(create_app(guichet), base_url=ORIGINE)
    client.cookies.set(cles.cookie, cles.session)
    return Web(client, guichet)


def ident_in(url: str) -> str:
    match = re.search(r"/dossier/([0-9a-f]{16})", url)
    assert match, url
    return match.group(1)


def visible_text(html: str) -> str:
    """The text a person reads: tags removed, entities decoded, spaces collapsed."""
    import html as html_module

    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html_module.unescape(text).split())


class Serveur:
    """``lettres web`` run as a user runs it, in a subprocess; ``adresse`` is the first line it prints."""

    def __init__(self, dossiers: Path, config: Path, *args: str):
        env = {**os.environ, "LETTRES_CONFIG": str(config), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lettres", "web", "--dossiers", str(dossiers), "--sans-navigateur", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        self.adresse = self.process.stdout.readline().strip()
        assert self.adresse.startswith("http://127.0.0.1:"), self.adresse
        self.base = self.adresse.split("?")[0].rstrip("/")

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C, as a user stops it: the exit code and what it printed."""
        import signal

        self.process.send_signal(signal.SIGINT)
        try:
            out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return self.process.returncode, out, err


def wait_for(predicate, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "délai dépassé"
        time.sleep(0.1)


# --- from test_web.py ------------------------------------------------------------------------------

PERSONNE = {
    "personne.civilite": "madame",
    "personne.nom": "DIALLO",
    "personne.prenoms": "Aminata Fatou",
    "personne.date_naissance": "12/04/1990",
    "personne.nationalite": "guinéenne",
    "personne.adresse": "12 rue des Lilas\r\n13003 Marseille",
}

DEMANDE = {
    "demande.nature": "renouvellement",
    "demande.titre": "carte de séjour pluriannuelle « salarié »",
    "demande.prefecture": "13",
    "personne.numero_etranger": "75 0123 4567",
    "demande.date_depot": "24/08/2026",
    "demande.titre_actuel_expiration": "15/12/2026",
}

BLOCAGE = {
    "blocage.types": ["televersement"],
    "blocage.depuis": "21/09/2026",
    "blocage.message_erreur": "Une erreur technique est survenue",
}


def new_dossier(web) -> str:
    """« Nouveau dossier »: the address of its first page."""
    response = web.post("/nouveau")
    assert response.status_code == 303
    return response.headers["location"]


def form_fields(html: str, bouton: str) -> dict[str, list[str]]:
    """What the form whose button reads ``bouton`` sends when that button is pressed: its hidden fields, its
    ticked boxes, and the button's own name and value."""
    import html as html_module

    for form in re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S):
        match = re.search(r"<button\b([^>]*)>\s*" + re.escape(bouton) + r"\s*</button>", form)
        if match is None:
            continue
        fields: dict[str, list[str]] = {}
        for attrs in [*re.findall(r"<input\b([^>]*)>", form), match.group(1)]:
            kind = re.search(r'type="(\w+)"', attrs)
            name, value = re.search(r'name="([^"]+)"', attrs), re.search(r'value="([^"]*)"', attrs)
            if name is None or value is None or (kind and kind.group(1) == "checkbox" and " checked" not in attrs):
                continue
            fields.setdefault(name.group(1), []).append(html_module.unescape(value.group(1)))
        return fields
    raise AssertionError(f"aucun formulaire avec le bouton « {bouton} »")


def ticked(html: str, name: str) -> set[str]:
    """The values of the boxes named ``name`` shown ticked."""
    return {
        value
        for attrs in re.findall(r"<input\b([^>]*)>", html)
        if f'name="{name}"' in attrs and " checked" in attrs
        for value in re.findall(r'value="([^"]*)"', attrs)
    }


def post_page(web, ident: str, code: str, data: dict):
    """A page of the dossier sent; when its answers open questions the page did not show (the page comes back
    with them, « De nouvelles questions… »), sent again with those left blank."""
    response = web.post(f"/dossier/{ident}/page/{code}", data)
    if "fait=nouvelles" in response.headers.get("location", ""):
        response = web.post(f"/dossier/{ident}/page/{code}", data)
    return response
