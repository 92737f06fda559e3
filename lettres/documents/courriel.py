"""E-mail drafts (.eml) that open in a mail client ready to edit and send, with their attachments.

The MIME text is written directly rather than through ``email.message.EmailMessage``: its header
folding was most of the time of a batch, quadratic on long names, and it could split a word across
two encoded-words. Here every header is built in one linear pass (RFC 5322, RFC 2047):

- a word that is printable ASCII is written as it is (in a name: an atom, or a quoted string when it
  holds specials);
- a run of other words is written as encoded-words (``=?utf-8?q?…?=``, or ``b`` when shorter), each
  holding whole words with the space that follows them, and at most 75 characters: only a single
  word too long for one encoded-word is cut, between two characters;
- lines are folded only between words or encoded-words, and hold at most 76 characters when an
  encoded-word is on them.

User data never adds a header: control characters and line breaks become spaces first
(``header_text``). The body is quoted-printable UTF-8, the attachments base64: the file is 7-bit.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import quote

CRLF = "\r\n"
LINE = 76  # longest line holding an encoded-word (RFC 2047 §2)
EW_MAX = 66  # an encoded-word still fits on the first line, after « Subject: »
_EW_OVERHEAD = len("=?utf-8?q??=")
# Q encoding inside a name allows only these unencoded (RFC 2047 §5 (3)); the same set serves everywhere
_Q_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")
_Q = [chr(b) if b in _Q_SAFE else f"={b:02X}" for b in range(256)]
_Q[0x20] = "_"
_ATEXT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~")
_PLAIN_WORD_MAX = 60  # a longer ASCII word could not be folded: it is encoded, hence cut


def header_text(value: str) -> str:
    """One line, no control characters: user data can never add a header (CVE-2024-6923)."""
    if not value.isprintable():
        value = "".join(c if c.isprintable() else " " for c in value)
    return " ".join(value.split())


@dataclass
class Brouillon:
    """An unsent message: recipients, subject, body, attachments as (file name, bytes)."""

    objet: str
    corps: str
    a: list[tuple[str, str]] = field(default_factory=list)  # (display name, address)
    cc: list[tuple[str, str]] = field(default_factory=list)
    de: tuple[str, str] | None = None
    pieces_jointes: list[tuple[str, bytes]] = field(default_factory=list)


# --- headers -------------------------------------------------------------------------------------


def _needs_encoding(word: str) -> bool:
    return not word.isascii() or "=?" in word or len(word) > _PLAIN_WORD_MAX


def _plain(word: str, phrase: bool) -> str:
    if not phrase or all(c in _ATEXT for c in word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _q_length(chunk: bytes) -> int:
    return sum([len(_Q[b]) for b in chunk])


def _units(text: str, cost, capacity: int) -> list[bytes]:
    """The words of ``text``, each with the space after it; a word too long for one encoded-word as
    its characters (the only place a word is cut)."""
    units: list[bytes] = []
    words = text.split(" ")
    for i, word in enumerate(words):
        space = " " if i < len(words) - 1 else ""
        unit = (word + space).encode()
        if cost(unit) <= capacity:
            units.append(unit)
        else:
            units += [c.encode() for c in word + space]
    return units


def _pack(units: list[bytes], cost, capacity: int) -> list[bytes]:
    """As many whole units per chunk as its capacity allows."""
    chunks: list[bytes] = []
    current: list[bytes] = []
    size = 0
    for unit in units:
        unit_cost = cost(unit)
        if current and size + unit_cost > capacity:
            chunks.append(b"".join(current))
            current, size = [], 0
        current.append(unit)
        size += unit_cost
    chunks.append(b"".join(current))
    return chunks


def _encoded_words(text: str) -> list[str]:
    """``text`` as encoded-words of whole words (a word is cut only when it cannot fit in one)."""
    data = text.encode()
    capacity = EW_MAX - _EW_OVERHEAD
    # Q keeps Latin text readable; base64 when Q would need more encoded-words (other scripts)
    q_length = _q_length(data)
    if q_length > capacity and -(-len(data) // 3) * 4 < q_length:
        capacity = capacity // 4 * 3  # whole groups of three bytes
        return [
            "=?utf-8?b?" + base64.b64encode(c).decode() + "?="
            for c in _pack(_units(text, len, capacity), len, capacity)
        ]
    chunks = _pack(_units(text, _q_length, capacity), _q_length, capacity)
    return ["=?utf-8?q?" + "".join([_Q[b] for b in chunk]) + "?=" for chunk in chunks]


def _tokens(text: str, phrase: bool) -> list[str]:
    """The words of ``text`` as header tokens, to be joined by spaces (the folding points)."""
    tokens: list[str] = []
    run: list[str] = []
    for word in text.split(" ") if text else []:
        if _needs_encoding(word):
            run.append(word)
            continue
        if run:
            tokens += _encoded_words(" ".join(run))
            run = []
        tokens.append(_plain(word, phrase))
    if run:
        tokens += _encoded_words(" ".join(run))
    return tokens


def _fold(name: str, tokens: list[str]) -> str:
    """``Name: token token…``, a new line (CRLF and a space) before a token that would overflow."""
    lines: list[str] = []
    line = name + ":"
    for token in tokens:
        if len(line) + 1 + len(token) > LINE and line != name + ":":
            lines.append(line)
            line = ""
        line += " " + token
    lines.append(line)
    return CRLF.join(lines) + CRLF


def _addr_spec(address: str) -> str:
    """The address as a header may hold it: ASCII, the domain as IDNA when it is not."""
    address = "".join(header_text(address).split())
    if address.isascii():
        return address
    local, _, domain = address.rpartition("@")
    if local.isascii():
        try:
            import idna

            return f"{local}@{idna.encode(domain, uts46=True).decode()}"
        except (idna.IDNAError, UnicodeError):
            pass
    # a non-ASCII mailbox exists only in UTF-8 headers (RFC 6532): written as it is
    return address


def _address_header(name: str, items: list[tuple[str, str]]) -> str:
    tokens: list[str] = []
    for display, address in items:
        if tokens:
            tokens[-1] += ","
        spec = _addr_spec(address)
        words = _tokens(header_text(display), phrase=True)
        tokens += [*words, f"<{spec}>"] if words else [spec]
    return _fold(name, tokens)


# --- body and attachments -----------------------------------------------------------------------


def _quoted_printable(text: str) -> bytes:
    """UTF-8 text as quoted-printable lines ending in CRLF (7-bit, lines of at most 76 characters)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return binascii.b2a_qp(lines.replace("\n", CRLF).encode(), istext=True)


_LINE_BYTES = 57  # 76 base64 characters
_BASE64_CACHE: OrderedDict[bytes, bytes] = OrderedDict()
_CACHE_ITEM_MAX = 2 * 1024 * 1024
_PREFIXES: dict[bytes, bytes] = {}


def _base64_lines(data: bytes) -> bytes:
    encoded = binascii.b2a_base64(data, newline=False)
    return b"".join([encoded[i : i + 76] + b"\r\n" for i in range(0, len(encoded), 76)])


def base64_prefix(data: bytes) -> None:
    """Declare bytes that many attachments begin with (a Word template's unchanging parts): their
    base64 is computed once, and only the rest of each attachment is encoded."""
    cut = len(data) // _LINE_BYTES * _LINE_BYTES  # whole lines: the encoding goes on unchanged after
    if cut and data[:cut] not in _PREFIXES:
        _PREFIXES[data[:cut]] = _base64_lines(data[:cut])


def _base64(data: bytes) -> bytes:
    """Base64 in lines of 76 characters. The same attachment (the bordereau, a pièce) goes in several
    drafts and is encoded once; a declared prefix is not encoded again."""
    cached = _BASE64_CACHE.get(data)
    if cached is None:
        prefix = next((p for p in _PREFIXES if data.startswith(p)), b"")
        cached = (_PREFIXES[prefix] if prefix else b"") + _base64_lines(data[len(prefix) :])
        if len(data) <= _CACHE_ITEM_MAX:  # a batch's memory stays flat, whatever the size of the pièces
            _BASE64_CACHE[data] = cached
            if len(_BASE64_CACHE) > 8:
                _BASE64_CACHE.popitem(last=False)
    return cached


def _filename_params(nom: str) -> tuple[str, str]:
    """``name=`` and ``filename=`` parameters, RFC 2231 (UTF-8, percent-encoded) when not plain ASCII."""
    nom = header_text(nom)
    if nom.isascii() and not any(c in nom for c in '"\\'):
        return f'name="{nom}"', f'filename="{nom}"'
    encoded = "utf-8''" + quote(nom, safe="")
    return f"name*={encoded}", f"filename*={encoded}"


def _headers(brouillon: Brouillon, quand: datetime | None) -> list[str]:
    """The message's own headers, each ending in CRLF; only those the tool sets."""
    headers = ["X-Unsent: 1" + CRLF]
    if brouillon.de and brouillon.de[1]:
        headers.append(_address_header("From", [brouillon.de]))
    if to := [item for item in brouillon.a if item[1]]:
        headers.append(_address_header("To", to))
    if cc := [item for item in brouillon.cc if item[1]]:
        headers.append(_address_header("Cc", cc))
    headers.append(_fold("Subject", _tokens(header_text(brouillon.objet), phrase=False)))
    headers.append(f"Date: {format_datetime((quand or datetime.now()).astimezone())}{CRLF}")
    return headers


# the types of the files a dossier attaches; ``mimetypes`` would read /etc/mime.types (or the Windows
# registry) on first use: files outside the dossier, and drafts that differ from one computer to another.
# A saved e-mail (.eml, .msg) goes as application/octet-stream: message/rfc822 may not be base64-encoded.
TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".txt": "text/plain",
}


def _attachment(nom: str, data: bytes) -> list[bytes]:
    point = nom.rfind(".")
    mime = TYPES.get(nom[point:].lower(), "application/octet-stream") if point > 0 else "application/octet-stream"
    name, filename = _filename_params(nom)
    return [
        f"Content-Type: {mime}; {name}{CRLF}Content-Transfer-Encoding: base64{CRLF}"
        f"Content-Disposition: attachment; {filename}{CRLF}{CRLF}".encode(),
        _base64(data),
    ]


# most mail services refuse a message above 20 to 25 MB, attachments encoded (a third more than the files)
TAILLE_ENVOYABLE = 20 * 1024 * 1024


def alerte_taille(nom: str, eml: bytes) -> str | None:
    """A French warning when the draft ``nom`` is too large to be sent as it is: it is written all
    the same (the caseworker may split it in the mail program), and the way out is said."""
    if len(eml) <= TAILLE_ENVOYABLE:
        return None
    taille = f"{len(eml) / (1024 * 1024):.0f}"
    return (
        f"Le brouillon {nom} pèse {taille} Mo avec ses pièces jointes : la plupart des messageries refusent les "
        "messages de plus de 20 Mo. Envoyez le courrier avec le bordereau, puis les pièces en plusieurs messages "
        "(elles sont dans le dossier pieces/, numérotées comme sur le bordereau), ou réduisez les plus lourdes "
        "(captures recadrées, PDF compressés)."
    )


def build_eml(brouillon: Brouillon, quand: datetime | None = None) -> bytes:
    """Serialise a draft as RFC 5322 bytes with ``X-Unsent: 1`` (Outlook opens it as a draft):
    multipart/mixed, a text/plain UTF-8 body, then the attachments."""
    # "=_" never occurs in quoted-printable or base64 text: the boundary cannot appear in a part
    boundary = f"=_lettres_{secrets.token_hex(12)}"
    headers = _headers(brouillon, quand)
    headers.append(f'MIME-Version: 1.0{CRLF}Content-Type: multipart/mixed; boundary="{boundary}"{CRLF}')
    delimiter = f"{CRLF}--{boundary}{CRLF}".encode()
    parts = [
        "".join(headers).encode(),
        delimiter,  # its CRLF ends the header block
        b'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n',
        _quoted_printable(brouillon.corps),
    ]
    for nom, data in brouillon.pieces_jointes:
        parts += [delimiter, *_attachment(nom, data)]
    parts.append(f"{CRLF}--{boundary}--{CRLF}".encode())
    return b"".join(parts)


def remplacer_piece_jointe(eml: bytes, ancien: str, nom: str, data: bytes) -> bytes:
    """The draft ``eml`` (as ``build_eml`` writes it) with its attachment ``ancien`` replaced by ``nom`` (the PDF
    copy of a letter instead of its .docx); unchanged when it does not carry ``ancien``."""
    debut = eml.find(b'boundary="')
    if debut < 0:
        return eml
    debut += len(b'boundary="')
    boundary = eml[debut : eml.index(b'"', debut)]
    delimiter = b"\r\n--" + boundary + b"\r\n"
    fin = b"\r\n--" + boundary + b"--\r\n"
    if not eml.endswith(fin):
        return eml
    parts = eml[: -len(fin)].split(delimiter)
    _, ancien_param = _filename_params(ancien)
    cherche = f"Content-Disposition: attachment; {ancien_param}{CRLF}".encode()
    for i, part in enumerate(parts[2:], 2):  # headers, body, then the attachments
        if cherche in part.split(b"\r\n\r\n", 1)[0] + b"\r\n":
            parts[i] = b"".join(_attachment(nom, data))
            return delimiter.join(parts) + fin
    return eml
