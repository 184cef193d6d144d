"""What makes a new passphrase acceptable: long enough, and not one everyone guesses first.

New and changed passphrases need :data:`MIN_LENGTH` characters and must not be on the shipped
list of the commonest passwords and passphrases. A passphrase set before these rules that
breaks them still opens the store; its owner is asked to change it when they sign in.
"""

from __future__ import annotations

import functools

from desktop import paths

MIN_LENGTH = 12
"""The fewest characters a new or changed passphrase may have."""


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


@functools.cache
def common_passphrases() -> frozenset[str]:
    """The shipped list of the commonest passwords and passphrases (compared plainly)."""
    path = paths.resources_dir() / "passphrases" / "common.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(_plain(x) for x in lines if x.strip() and not x.startswith("#"))


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` may not be chosen as a new one, or None when it may."""
    if len(passphrase) < MIN_LENGTH:
        return (
            f"Choose a passphrase of at least {MIN_LENGTH} characters; a few ordinary words "
            "together is easy to remember and hard to guess."
        )
    plain = _plain(passphrase)
    if plain in common_passphrases() or plain.replace(" ", "") in common_passphrases():
        return (
            "That passphrase is one of the most common, so it is among the first anyone "
            "guesses. Choose a few words of your own."
        )
    return None


def needs_changing(passphrase: str) -> bool:
    """Whether a passphrase that opened the store breaks today's rules (set before them)."""
    return passphrase_problem(passphrase) is not None
