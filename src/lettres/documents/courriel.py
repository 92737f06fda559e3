"""E-mail drafts (.eml) that open in a mail client ready to edit and send, with their attachments."""

from __future__ import annotations

import base64
import mimetypes
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime


def header_text(value: str) -> str:
    """One line, no control characters: user data can never add a header (CVE-2024-6923)."""
    return " ".join("".join(c if c.isprintable() else " " for c in value).split())


@dataclass
class Brouillon:
    """An unsent message: recipients, subject, body, attachments as (file name, bytes)."""

    objet: str
    corps: str
    a: list[tuple[str, str]] = field(default_factory=list)  # (display name, address)
    cc: list[tuple[str, str]] = field(default_factory=list)
    de: tuple[str, str] | None = None
    pieces_jointes: list[tuple[str, bytes]] = field(default_factory=list)


def _addresses(items: list[tuple[str, str]]) -> list[Address]:
    result = []
    for name, addr in items:
        if not addr:
            continue
        local, _, domain = addr.rpartition("@")
        result.append(Address(display_name=header_text(name), username=local, domain=domain))
    return result


def build_eml(brouillon: Brouillon, quand: datetime | None = None) -> bytes:
    """Serialise a draft as RFC 5322 bytes with ``X-Unsent: 1`` (Outlook opens it as a draft)."""
    message = EmailMessage(policy=policy.SMTP)
    message["X-Unsent"] = "1"
    if brouillon.de and brouillon.de[1]:
        message["From"] = _addresses([brouillon.de])
    if to := _addresses(brouillon.a):
        message["To"] = to
    if cc := _addresses(brouillon.cc):
        message["Cc"] = cc
    message["Subject"] = header_text(brouillon.objet)
    message["Date"] = format_datetime((quand or datetime.now()).astimezone())
    message.set_content(brouillon.corps.replace("\r\n", "\n"), subtype="plain", charset="utf-8")
    # The email package writes base64 bodies line by line, which costs more than the rest of a batch:
    # each attachment is added with a short random placeholder, and its body, encoded in one call,
    # takes the placeholder's place in the serialised bytes. Headers and structure stay the library's.
    bodies = {}
    for nom, data in brouillon.pieces_jointes:
        mime = mimetypes.guess_type(nom)[0] or "application/octet-stream"
        maintype, subtype = mime.split("/", 1)
        placeholder = secrets.token_bytes(30)
        message.add_attachment(placeholder, maintype=maintype, subtype=subtype, filename=header_text(nom))
        bodies[base64.b64encode(placeholder)] = base64.encodebytes(data).replace(b"\n", b"\r\n").rstrip(b"\r\n")
    raw = message.as_bytes()
    for placeholder, body in bodies.items():
        raw = raw.replace(placeholder, body, 1)
    return raw
