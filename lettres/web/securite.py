"""The guard in front of every page: a server holding personal data on a shared office computer.

- the address printed by ``lettres web`` carries a secret token; the first visit exchanges it for a
  cookie (HttpOnly, SameSite=Strict) and is redirected to the same page without it, so the token does not
  stay in the address bar or the history; a request with neither is refused;
- the Host header must name this server (127.0.0.1 or localhost, and its port): a web page elsewhere
  cannot reach it through a DNS name pointing at 127.0.0.1 (« DNS rebinding »);
- a request that changes something (POST) must come from a page of this server (Origin) and carry the
  form's CSRF token;
- every answer forbids framing, inline scripts, outside resources and caching (CSP ``default-src 'self'``);
- a body larger than the limit is refused before it is read;
- an unexpected error is answered by a French page and logged without its message (which could quote a
  name or a path).
"""

from __future__ import annotations

import asyncio
import base64
import errno
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("lettres.web")

STYLE = Path(__file__).resolve().parent / "static" / "lettres.css"


def _style() -> tuple[str, str]:
    """The stylesheet, written into the pages of the guard (a browser without the key gets no file of the
    server, the stylesheet included), and its hash, the only inline style the pages allow."""
    try:
        css = STYLE.read_text(encoding="utf-8")
    except OSError:  # an installation without its stylesheet: plain pages
        css = ""
    return css, "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii") + "'"


CSS, CSS_HASH = _style()
CSP = (
    "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    f"frame-ancestors 'none'; style-src 'self' {CSS_HASH}"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
SAFE_METHODS = {"GET", "HEAD"}
PARAMETRE_JETON = "jeton"
CHAMP_CSRF = "_csrf"
ENTETE_CSRF = b"x-csrf-token"


DISQUE_PLEIN = (
    "Le disque est plein : rien n'a été écrit à moitié. Libérez de la place (corbeille, anciens dossiers de sortie), "
    "puis recommencez."
)
DELAI_CORPS = 30.0  # seconds between two parts of a request's body
DUREE_SESSION = 12 * 3600  # seconds: the cookie, and the session behind it, last a working day


@dataclass(frozen=True)
class Cles:
    """The secrets of one server run: the tokens of the printed address and of the browser's opening (each
    good for one visit), what they are exchanged for, and the server's own host name."""

    jeton: str
    session: str  # the cookie's value
    csrf: str  # the forms' hidden field
    port: int
    hote: str = "lettres.localhost"  # a random « lettres-….localhost »: cookies are kept per host name
    jeton_navigateur: str = ""  # the token of the page handed to the browser (never on a command line)

    @classmethod
    def nouvelles(cls, port: int) -> Cles:
        import secrets

        return cls(
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(32),
            port,
            f"lettres-{secrets.token_hex(6)}.localhost",
            secrets.token_urlsafe(32),
        )

    @property
    def cookie(self) -> str:
        # cookies are shared by every port of a host: two servers at once keep their own
        return f"lettres_{self.port}"

    @property
    def hote_session(self) -> str:
        return f"{self.hote}:{self.port}"

    @property
    def hotes(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}", self.hote_session}

    @property
    def origines(self) -> set[str]:
        return {f"http://{h}" for h in self.hotes}

    def adresse(self, chemin: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{chemin}?{PARAMETRE_JETON}={self.jeton}"

    def adresse_navigateur(self) -> str:
        return f"http://{self.hote_session}/?{PARAMETRE_JETON}={self.jeton_navigateur}"


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == name:
            return value.decode("latin-1")
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header is no cookie
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


async def _answer(send: Send, status: int, body: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    data = body.encode("utf-8")
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(data)).encode()),
        *HEADERS,
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


def page_refus(titre: str, texte: str, suite: str = "") -> str:
    """A French page with the look of the others, without anything from the request in it (nor the dossiers'
    folder, nor the forms' token): ``texte`` is its first paragraph, ``suite`` more HTML after it."""
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{titre} — lettres</title><style>{CSS}</style></head><body>"
        '<header class="bandeau"><a class="marque" href="/">lettres</a></header>'
        f'<main id="contenu" class="refus"><h1>{titre}</h1><p>{texte}</p>{suite}</main>'
        '<footer class="pied"><p>Serveur local : rien ne quitte cet ordinateur.</p></footer></body></html>'
    )


# how to open the door again, in the words of someone who started lettres from its icon
ROUVRIR = (
    "<h2>Pour rouvrir lettres</h2><ol>"
    "<li>Si la fenêtre où lettres a été lancé est encore ouverte, sa première ligne donne l'adresse à ouvrir : "
    "elle commence par <code>http://127.0.0.1:</code> et se termine par sa clé d'accès "
    "(<code>?jeton=…</code>). Copiez-la en entier dans la barre d'adresse de ce navigateur. Elle ne sert "
    "qu'une fois : déjà ouverte, elle est refusée.</li>"
    "<li>Sinon, fermez la fenêtre où lettres a été lancé, puis relancez lettres comme la première fois "
    "(son raccourci ou son icône) : le navigateur s'ouvre de lui-même sur la liste des dossiers.</li></ol>"
    "<p>Rien n'est perdu : les dossiers, les documents produits et les réponses gardées dans les brouillons "
    "restent sur cet ordinateur.</p>"
)
CLE_REFUSEE = (
    "Cette adresse a déjà servi : sa clé d'accès ne vaut qu'une fois, pour le navigateur qui l'a ouverte le "
    "premier, ou elle n'est pas celle du lettres lancé sur cet ordinateur."
)
ACCES = (
    "Par sécurité, lettres ne montre les dossiers qu'au navigateur qui a reçu sa clé d'accès au lancement ; "
    f"elle vaut {DUREE_SESSION // 3600} heures, tant que lettres reste lancé. Ce navigateur ne l'a pas, ou plus."
)


class Garde:
    """ASGI middleware applying the rules above to every HTTP request before the application sees it."""

    def __init__(self, app: App, cles: Cles, taille_max: int):
        import time

        self.app = app
        self.cles = cles
        self.taille_max = taille_max
        self.utilises: set[str] = set()  # tokens already exchanged: dead
        self.expire = time.monotonic() + DUREE_SESSION

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return  # no websocket here
        if _header(scope, b"host") not in self.cles.hotes:
            await _answer(
                send,
                400,
                page_refus(
                    "Adresse refusée",
                    "Cette adresse n'est pas, ou plus, celle de lettres sur cet ordinateur (lettres a peut-être été "
                    "relancé depuis : son adresse change à chaque lancement).",
                    ROUVRIR,
                ),
            )
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        if PARAMETRE_JETON in query:
            await self._exchange(scope, query, send)
            return
        if not self._session_ok(scope):
            if scope["method"] in SAFE_METHODS and _header(scope, b"host") != self.cles.hote_session:
                # the cookie lives on the server's own host name: go there (same page)
                await _answer(send, 303, page_refus("Ouverture", ""), [(b"location", self._ailleurs(scope, {}))])
                return
            await _answer(send, 403, page_refus("Clé d'accès demandée", ACCES, ROUVRIR))
            return
        if scope["method"] not in SAFE_METHODS and not self._same_origin(scope):
            await _answer(
                send,
                403,
                page_refus(
                    "Envoi refusé",
                    "Ce formulaire ne vient pas d'une page de lettres : rien n'a été fait. Revenez à "
                    '<a href="/">la liste des dossiers</a> et recommencez depuis la page.',
                ),
            )
            return
        longueur = _header(scope, b"content-length")
        if longueur is not None and (not longueur.isdigit() or int(longueur) > self.taille_max):
            await _answer(send, 413, page_refus("Envoi trop volumineux", self._trop_gros()))
            return
        await self._forward(scope, receive, send)

    def _trop_gros(self) -> str:
        return (
            f"L'envoi dépasse {self.taille_max // (1024 * 1024)} Mo : envoyez moins de fichiers à la fois, ou des "
            "fichiers plus légers (capture recadrée, PDF compressé)."
        )

    def _same_origin(self, scope: Scope) -> bool:
        origin = _header(scope, b"origin")
        if origin is not None:
            return origin in self.cles.origines
        referer = _header(scope, b"referer") or ""
        return any(referer == o or referer.startswith(o + "/") for o in self.cles.origines)

    def _session_ok(self, scope: Scope) -> bool:
        import time

        return _same(_cookie(scope, self.cles.cookie), self.cles.session) and time.monotonic() < self.expire

    def _ailleurs(self, scope: Scope, query: dict[str, str]) -> bytes:
        """The same page on the server's own host name."""
        return f"http://{self.cles.hote_session}{_local_path(scope)}{'?' + urlencode(query) if query else ''}".encode()

    async def _exchange(self, scope: Scope, query: dict[str, str], send: Send) -> None:
        import time

        jeton = query.get(PARAMETRE_JETON)
        connus = [j for j in (self.cles.jeton, self.cles.jeton_navigateur) if j]
        valide = any(_same(jeton, j) for j in connus if j not in self.utilises)
        if not valide:
            if not (any(_same(jeton, j) for j in connus) and await self._reopen(scope, query, send)):
                await _answer(send, 403, page_refus("Clé d'accès refusée", CLE_REFUSEE, ROUVRIR))
            return
        if _header(scope, b"host") != self.cles.hote_session:
            # exchanged on the server's own host name only: the cookie is never given to 127.0.0.1, which
            # every other local server shares
            await _answer(send, 303, page_refus("Ouverture", ""), [(b"location", self._ailleurs(scope, query))])
            return
        self.utilises.add(str(jeton))
        self.expire = time.monotonic() + DUREE_SESSION
        del query[PARAMETRE_JETON]
        target = _local_path(scope)
        if query:
            target += "?" + urlencode(query)
        cookie = f"{self.cles.cookie}={self.cles.session}; HttpOnly; SameSite=Strict; Path=/; Max-Age={DUREE_SESSION}"
        await _answer(
            send,
            303,
            page_refus("Ouverture", '<a href="/">Continuer</a>'),
            [(b"location", target.encode("latin-1")), (b"set-cookie", cookie.encode())],
        )

    async def _reopen(self, scope: Scope, query: dict[str, str], send: Send) -> bool:
        """The address of the start opened again (a browser restarted, the address kept in a note): it leads
        to its page while this browser still has its key, and is refused otherwise (False)."""
        if _header(scope, b"host") != self.cles.hote_session:
            # the key lives on the server's own host name: see there
            await _answer(send, 303, page_refus("Ouverture", ""), [(b"location", self._ailleurs(scope, query))])
            return True
        if not self._session_ok(scope):
            return False
        del query[PARAMETRE_JETON]
        target = _local_path(scope) + ("?" + urlencode(query) if query else "")
        await _answer(send, 303, page_refus("Ouverture", '<a href="/">Continuer</a>'), [(b"location", target.encode())])
        return True

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False
        received = 0
        limit = self.taille_max

        complete = False

        async def counting_receive() -> Message:
            nonlocal received, complete
            if complete:
                return await receive()
            try:  # each part of the body has a deadline: a body begun and never finished holds nothing
                message = await asyncio.wait_for(receive(), DELAI_CORPS)
            except TimeoutError:
                raise _Lent from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                complete = not message.get("more_body", False)
                if received > limit:
                    raise _TropGros
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in HEADERS if k not in names),
                ]
            await send(message)

        try:
            await self.app(scope, counting_receive, secured_send)
        except _TropGros:
            if not started:
                await _answer(send, 413, page_refus("Envoi trop volumineux", self._trop_gros()))
        except _Lent:
            if not started:
                await _answer(
                    send,
                    408,
                    page_refus("Envoi interrompu", "L'envoi a cessé en cours de route : recommencez-le."),
                    [(b"connection", b"close")],
                )
        except Exception as exc:  # the traceback could quote a name: only the kind of error is logged
            log.error("erreur inattendue (%s) sur une page de lettres web", type(exc).__name__)
            if not started and isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
                await _answer(send, 507, page_refus("Disque plein", DISQUE_PLEIN))
            elif not started:
                await _answer(
                    send,
                    500,
                    page_refus(
                        "Erreur inattendue",
                        "La page n'a pas pu être affichée ; rien n'a été écrit à moitié. Revenez à "
                        "<a href=\"/\">l'accueil</a> et recommencez ; si l'erreur revient, signalez-la.",
                    ),
                )


def _local_path(scope: Scope) -> str:
    """The request's path, as a path of this server only (never « //host » nor « /\\host »)."""
    from urllib.parse import quote

    target = scope.get("path") or "/"
    if not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return "/"
    return quote(target, safe="/-_.~!$&'()*+,;=:@%")


class _TropGros(Exception):
    pass


class _Lent(Exception):
    pass


def csrf_ok(cles: Cles, value: str | None) -> bool:
    return _same(value, cles.csrf)
