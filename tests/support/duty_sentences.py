"""The seed sentences that may set a duty, for tracing them to rules by hand.

``python -m tests.support.duty_sentences 003`` lists every sentence of seed 003 that contains
should, must or will, marking with ``*`` those with a timescale word and with ``=`` those the
seed's trace already lists; ``--counts`` prints the numbers for every seed. It only proposes:
whether a sentence is a duty, and which rule carries it, is judged and written into
``resources/protocols/trace/<area>.toml`` by a person.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from tests.support.seeds import ROOT, normalise, seeds_dir

TRACE_DIR = ROOT / "resources" / "protocols" / "trace"
DUTY_WORDS = re.compile(r"\b(should|must|will|shall)\b", re.IGNORECASE)
TIMESCALE_WORDS = re.compile(
    r"\b(immediately|within|without delay|at least|fortnightly|thereafter|on return|"
    r"straight away|as soon as|promptly|at the earliest|next working day|daily|weekly|monthly|"
    r"every|hours?|days?|deadline|overnight|prior to|no later than|urgent(ly)?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'‘“•-])|\s+(?=•)|\s+-\s+(?=[A-Z])")


def paragraphs(text: str) -> list[str]:
    """The seed's lines, a line that starts in lower case joined to the one before (one seed
    is hard-wrapped, with blank lines between the pieces of a sentence)."""
    out: list[str] = []
    for line in text.splitlines():
        line = normalise(line)
        if not line:
            continue
        if out and line[0].islower():
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def sentences(text: str) -> list[str]:
    """The seed's sentences, whitespace normalised (so each is a verbatim quote)."""
    out: list[str] = []
    for line in paragraphs(text):
        for part in _SENTENCE_END.split(line):
            part = part.strip()
            if part:
                out.append(part)
    return out


def duty_sentences(text: str) -> list[tuple[bool, str]]:
    """Sentences with should, must, will or shall, each with whether it has a timescale word."""
    return [(bool(TIMESCALE_WORDS.search(s)), s) for s in sentences(text) if DUTY_WORDS.search(s)]


def traced_quotes(seed: str) -> list[str]:
    quotes: list[str] = []
    for path in sorted(TRACE_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("seed") == seed:
            quotes += [normalise(d["quote"]) for d in data.get("duty", [])]
    return quotes


def _seed_file(folder: Path, prefix: str) -> Path:
    [path] = sorted(folder.glob(f"{prefix}*.txt"))
    return path


def main(argv: list[str]) -> int:
    folder = seeds_dir()
    if folder is None:
        print("The seed texts were not found; set PHILOMENA_SEEDS.", file=sys.stderr)
        return 2
    if argv[:1] == ["--counts"]:
        for path in sorted(folder.glob("*.txt")):
            found = duty_sentences(path.read_text(encoding="utf-8"))
            timed = sum(1 for t, _ in found if t)
            words = "should/must/will/shall"
            print(f"{path.name}: {len(found)} with {words}, {timed} with a timescale")
        return 0
    path = _seed_file(folder, argv[0] if argv else "")
    traced = traced_quotes(path.name)
    for timed, sentence in duty_sentences(path.read_text(encoding="utf-8")):
        mark = "=" if any(q in sentence or sentence in q for q in traced) else " "
        print(f"{mark}{'*' if timed else ' '} {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
