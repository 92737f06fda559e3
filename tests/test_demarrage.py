"""Start-up: what a command imports before its first letter, and the shortcuts taken to import less give the
same results as the libraries they spare."""

from __future__ import annotations

import random

import pytest
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES

from lettres.dossier.valeurs import _CASE_INSENSITIVE, _SPECIAL_USE, FieldError, _simple_address, parse_courriel


def _library(text: str) -> str | None:
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


ADDRESSES = [
    "personne@example.org",
    "Prenom.Nom@Association-Exemple.FR",
    "juridique@espace.asso.fr",
    "POSTMASTER@example.org",
    "Info@Example.org",
    "info.x@example.org",
    "a+b_c!#$%&'*/=?^`{|}~-d@x.io",
    "a@b.co",
    "x@sub.domaine.gouv.fr",
    "x@localhost",
    "x@machine.local",
    "x@exemple.test",
    "x@exemple.invalid",
    "x@1.0.168.192.in-addr.arpa",
    "x@site.onion",
    "x@ab--cd.fr",
    "x@xn--bcher-kva.de",
    "x@a-.fr",
    "x@-a.fr",
    "x@a..fr",
    "x@.a.fr",
    "x@a.fr.",
    "x@a.123",
    "x@a.fr1",
    "x@domaine",
    ".x@a.fr",
    "x.@a.fr",
    "x..y@a.fr",
    "x@" + "a" * 63 + ".fr",
    "x@" + "a" * 64 + ".fr",
    "x@" + ".".join(["a" * 60] * 4) + ".fr",
    "x" * 64 + "@a.fr",
    "x" * 65 + "@a.fr",
    "x" * 240 + "@" + "a" * 10 + ".fr",
    "x" * 250 + "@ab.fr",
    "x@a.fr\n",
    " x@a.fr",
    "x y@a.fr",
    "x@a b.fr",
    "Jean <x@a.fr>",
    '"x y"@a.fr',
    "x@[192.168.0.1]",
    "é@a.fr",
    "x@préfecture.fr",
    "x@a.FR",
    "x@@a.fr",
    "x@a.fr@b.fr",
]


@pytest.mark.parametrize("text", ADDRESSES)
def test_plain_addresses_are_normalised_as_email_validator_does(text):
    simple = _simple_address(text)
    assert simple is None or simple == _library(text), text


def test_random_addresses_agree_with_email_validator():
    """Thousands of addresses drawn from the characters that matter (dots, hyphens, case, digits, the RFC 2142
    names, the special-use domains): the shortcut never says something email-validator would not."""
    tirage = random.Random(20261127)
    local_chars = "aaZ9.-_+'!~"
    domain_chars = "aaaZ9-"
    words = ["info", "Postmaster", "www", "test", "local", "arpa", "onion", "invalid", "localhost", "xn--", "a.", ""]
    tlds = ["fr", "Org", "io", "test", "local", "arpa", "onion", "invalid", "localhost", "f1", "1", ""]
    seen_simple = 0
    for _ in range(4000):
        local = "".join(tirage.choice(local_chars) for _ in range(tirage.randint(1, 8)))
        if tirage.random() < 0.2:
            local = tirage.choice(words)
        labels = [
            "".join(tirage.choice(domain_chars) for _ in range(tirage.randint(1, 6))) for _ in range(tirage.randint(1, 3))
        ]
        if tirage.random() < 0.2:
            labels.append(tirage.choice(words))
        labels.append(tirage.choice(tlds) if tirage.random() < 0.5 else "fr")
        text = f"{local}@{'.'.join(labels)}"
        simple = _simple_address(text)
        if simple is not None:
            seen_simple += 1
            assert simple == _library(text), text
    assert seen_simple > 500  # the comparison covered many accepted addresses, not only refusals


def test_the_copied_lists_are_email_validator_s():
    assert set(_SPECIAL_USE) == set(SPECIAL_USE_DOMAIN_NAMES)
    assert set(CASE_INSENSITIVE_MAILBOX_NAMES) == _CASE_INSENSITIVE


def test_an_address_the_shortcut_leaves_is_still_checked():
    assert parse_courriel("x@préfecture.fr") == "x@préfecture.fr"
    assert parse_courriel("Jean.Dupont@Exemple.FR") == "Jean.Dupont@exemple.fr"
    with pytest.raises(FieldError, match="n'est pas une adresse électronique valide"):
        parse_courriel("x@machine.local")
    with pytest.raises(FieldError, match="n'est pas une adresse électronique valide"):
        parse_courriel("x..y@a.fr")
