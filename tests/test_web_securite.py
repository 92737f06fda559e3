"""The guard of ``lettres web``: a server holding personal data on a shared computer refuses what does not
come from its own pages — each attack here is refused, and says so in French."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from conftest import AUJOURD_HUI, PNG, write_dossier
from web_outils import ORIGINE, PORT, new_web, visible_text

# what these tests check depends on the day: today is AUJOURD_HUI (conftest.py)
pytestmark = pytest.mark.usefixtures("aujourd_hui")


@pytest.fixture
def web(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


@pytest.fixture
def anonymous(web):
    """The same server, from a browser without the cookie (another user of the computer, a web page)."""
    from starlette.testclient import TestClient

    return TestClient(web.client.app, base_url=ORIGINE)


def test_without_the_token_nothing_is_shown(anonymous, web, data):
    write_dossier(web.racine / "diallo", data)
    for url in ("/", "/reglages", "/lot", "/static/lettres.css", "/dossier/0123456789abcdef/point"):
        response = anonymous.get(url)
        assert response.status_code == 403, url
        assert "DIALLO" not in response.text
        assert "Si la fenêtre où lettres a été lancé est encore ouverte" in visible_text(response.text)
    assert anonymous.get("/?jeton=faux").status_code == 403


def test_the_token_becomes_a_strict_cookie_and_leaves_the_address(anonymous, web):
    cles = web.guichet.cles
    # on 127.0.0.1 (shared by every local server) the token only leads to the server's own host name
    first = anonymous.get(f"/lot?jeton={cles.jeton}", follow_redirects=False)
    assert first.status_code == 303 and "set-cookie" not in first.headers
    assert first.headers["location"] == f"http://{cles.hote}:{PORT}/lot?jeton={cles.jeton}"
    assert re.fullmatch(r"lettres-[0-9a-f]{12}\.localhost", cles.hote)
    response = anonymous.get(first.headers["location"], follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/lot"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"lettres_{PORT}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Max-Age=43200" in cookie and "Domain" not in cookie  # a working day, on this host name only
    assert cles.jeton not in cookie
    assert anonymous.get(f"http://{cles.hote}:{PORT}/lot").status_code == 200
    # good for one visit: the same address, from the history or another user, is dead
    again = TestClient(web.client.app, base_url=f"http://{cles.hote}:{PORT}")
    refused = again.get(f"/lot?jeton={cles.jeton}", follow_redirects=False)
    assert refused.status_code == 403 and "ne sert qu'une fois" in visible_text(refused.text)


def test_the_session_ends_after_a_working_day(web, monkeypatch):
    import time

    assert web.get("/").status_code == 200
    later = time.monotonic() + 12 * 3600 + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    response = web.get(f"http://{web.guichet.cles.hote}:{PORT}/")
    assert response.status_code == 403 and "DIALLO" not in response.text


def test_the_browser_is_opened_on_a_private_page_not_a_command_line(monkeypatch, tmp_path):
    """Break 4: ``ps`` showed the browser's command line with the token."""
    import stat

    from lettres.web import serveur
    from lettres.web.securite import Cles

    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url))
    cles = Cles.nouvelles(PORT)
    serveur._open_browser(cles.adresse_navigateur())
    assert len(opened) == 1 and opened[0].startswith("file://")
    assert cles.jeton_navigateur not in opened[0] and cles.jeton not in opened[0]
    page = Path(opened[0][len("file://") :])
    assert stat.S_IMODE(page.stat().st_mode) == 0o600 and stat.S_IMODE(page.parent.stat().st_mode) == 0o700
    assert cles.adresse_navigateur() in page.read_text(encoding="utf-8").replace("&amp;", "&")
    import shutil

    shutil.rmtree(page.parent)


def test_the_cookie_of_another_local_server_is_never_ours(web):
    """Cookies ignore ports: another server on 127.0.0.1 would receive a cookie set there. None is."""
    anonymous = TestClient(web.client.app, base_url=ORIGINE)
    response = anonymous.get(f"/?jeton={web.guichet.cles.jeton_navigateur}", follow_redirects=False)
    assert "set-cookie" not in response.headers
    assert urlsplit(response.headers["location"]).hostname == web.guichet.cles.hote


def test_a_search_leaves_no_name_in_the_address(web, data):
    write_dossier(web.racine / "diallo", data)
    assert 'method="post" action="/" role="search"' in web.get("/").text
    posted = web.post("/", {"q": "diallo"})
    assert posted.status_code == 303 and "diallo" not in posted.headers["location"].lower()
    found = web.follow(posted)
    assert found.status_code == 200 and "DIALLO" in found.text
    assert "q=" not in str(found.url)


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:9999", f"192.168.1.2:{PORT}"])
def test_another_host_name_is_refused(web, host):
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 reaches the port, not the data."""
    response = web.get("/", headers={"host": host})
    assert response.status_code == 400 and "Adresse refusée" in response.text


@pytest.mark.parametrize("origin", [None, "http://evil.example", f"http://127.0.0.1:{PORT + 1}", "null"])
def test_a_post_from_elsewhere_is_refused(web, data, origin):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    before = path.read_bytes()
    headers = {} if origin is None else {"origin": origin}
    response = web.client.post(
        f"/dossier/{ident}/demarches",
        data={"_csrf": web.guichet.cles.csrf, "demarches.type": "appel_anef", "demarches.date": "01/11/2026"},
        headers=headers,
        follow_redirects=False,
    )
    assert response.status_code == 403 and "Envoi refusé" in response.text
    assert path.read_bytes() == before


def test_a_post_without_the_form_token_is_refused(web, data):
    path = write_dossier(web.racine / "diallo", data)
    before = path.read_bytes()
    response = web.client.post(
        f"/dossier/{web.guichet.ident(path)}/demarches",
        data={"_csrf": "deviné", "demarches.type": "appel_anef", "demarches.date": "01/11/2026"},
        headers={"origin": ORIGINE},
    )
    assert response.status_code == 403
    assert "ne vient pas d'une de ses pages : rechargez la page" in visible_text(response.text)
    assert path.read_bytes() == before


def test_every_answer_forbids_framing_inline_scripts_and_caching(web):
    response = web.get("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert "<script>" not in response.text and "style=" not in response.text and " on" + "click" not in response.text


def test_no_outside_resource_is_referenced():
    """Offline: no CDN, no web font; pages and scripts only name the server itself."""
    import re
    from pathlib import Path

    import lettres.web

    folder = Path(lettres.web.__file__).parent
    for path in [*folder.glob("templates/*.html"), *folder.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path
        assert "@import" not in text and "url(http" not in text, path


def test_an_oversized_request_is_refused_before_it_is_read(tmp_path, monkeypatch, data):
    from starlette.testclient import TestClient

    from lettres.web.app import create_app

    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    web = new_web(tmp_path / "dossiers")
    small = TestClient(create_app(web.guichet, taille_max=64 * 1024), base_url=ORIGINE)
    small.cookies.set(web.guichet.cles.cookie, web.guichet.cles.session)
    path = write_dossier(web.racine / "diallo", data)
    response = small.post(
        f"/dossier/{web.guichet.ident(path)}/demarches",
        data={"_csrf": web.guichet.cles.csrf, "demarches.type": "capture_ecran", "demarches.date": "01/11/2026"},
        files=[("pieces", ("grande.png", PNG + b"\0" * 100_000, "image/png"))],
        headers={"origin": ORIGINE},
    )
    assert response.status_code == 413 and "Envoi trop volumineux" in response.text
    assert len(path.read_bytes()) > 0 and "grande" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "chemin",
    ["../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd", "pieces/../../dossier.yaml", "/etc/passwd"],
)
def test_downloads_never_leave_the_output_folder(web, data, chemin):

    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    assert "fichiers produits" in web.follow(web.post(f"/dossier/{ident}/documents", {"lettres": ["dgef"]})).text
    jour = AUJOURD_HUI.isoformat()
    response = web.get(f"/dossier/{ident}/documents/{jour}/{chemin}")
    assert response.status_code in (400, 404)
    assert "root:" not in response.text and "personne:" not in response.text


def test_a_piece_outside_the_dossier_is_never_served(web, data, tmp_path):
    (tmp_path / "secret.png").write_bytes(PNG)
    data["demarches"][0]["pieces"] = ["captures/erreur.png"]
    path = write_dossier(web.racine / "diallo", data)
    link = path.parent / "captures" / "lien.png"
    link.symlink_to(tmp_path / "secret.png")
    text = path.read_text(encoding="utf-8").replace("captures/erreur.png", "captures/lien.png")
    path.write_text(text, encoding="utf-8")
    response = web.get(f"/dossier/{web.guichet.ident(path)}/piece/0/0")
    assert response.status_code == 400 and "hors du dossier" in visible_text(response.text)


def test_a_forged_dossier_address_is_refused(web):
    response = web.get("/dossier/ffffffffffffffff/point")
    assert response.status_code == 404 and "Ce dossier n'existe plus" in visible_text(response.text)


def test_names_are_escaped_in_pages(web, data):
    data["personne"]["nom"] = "<script>alert('x')</script>"
    path = write_dossier(web.racine / "hostile", data)
    page = web.get(f"/dossier/{web.guichet.ident(path)}/point")
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text


def test_an_unexpected_error_is_logged_without_its_message(web, data, caplog, monkeypatch):
    path = write_dossier(web.racine / "diallo", data)

    def boom(*args, **kwargs):
        raise RuntimeError("DIALLO Aminata, /home/secret")

    monkeypatch.setattr("lettres.web.pages.point.verify", boom)
    with caplog.at_level(logging.ERROR, logger="lettres.web"):
        response = web.get(f"/dossier/{web.guichet.ident(path)}/point")
    assert response.status_code == 500 and "Erreur inattendue" in response.text
    assert "DIALLO" not in response.text and "DIALLO" not in caplog.text and "RuntimeError" in caplog.text
