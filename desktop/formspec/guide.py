"""The call guide: what a police call-handler asks, in their order, and where each answer is.

A guide (``forms/guides/*.toml``) is data like the forms: each question cites the seeds that ask
it and names the form fields that answer it (the child's forms, and the episode's, which take
their own answers from the log). An answer typed during the call goes to the Part B field named
under ``record``, or to the log alone. Everything a guide names is checked against the forms
when it is loaded, so a renamed field stops the app rather than leaving a question blank.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.domain.citation import Citation
from desktop.formspec.reader import Reader
from desktop.formspec.spec import FieldKind, FormDefinitionError, FormSource, FormSpec

RECORD_IN_LOG = "log"
"""``record`` for a question whose answer is kept in the log alone (no Part B field fits it)."""
RECORDABLE = frozenset({FieldKind.TEXT, FieldKind.MULTILINE})
"""Kinds of field a typed answer can fill: it is words, as the caller heard them."""
_TOP_KEYS = {"id", "title", "version", "summary", "unknown", "section"}
_QUESTION_KEYS = {"id", "ask", "help", "answers", "record", "cite"}


@dataclass(frozen=True, slots=True)
class Question:
    """One thing the call-handler asks, where its answer is found, and where a new one goes."""

    id: str
    ask: str
    help: str
    answers: tuple[FormSource, ...]
    record: FormSource | None
    """The field a typed answer fills, or None when it is kept in the log alone."""
    cites: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class GuideSection:
    """The questions of one part of the call (who the child is, where they were last seen …)."""

    id: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class CallGuide:
    """A whole guide."""

    id: str
    title: str
    version: int
    summary: str
    unknown: str
    """What to say where nothing is recorded ("Not known — ask colleagues …")."""
    sections: tuple[GuideSection, ...]

    def questions(self) -> list[Question]:
        """Every question, in the order they are asked."""
        return [q for s in self.sections for q in s.questions]


def _source(r: Reader, text: Any, where: str, forms: dict[str, FormSpec]) -> FormSource:
    form, _, field = str(text).partition(".")
    if form not in forms:
        raise r.fail(where, f"'{text}': there is no form '{form}'")
    try:
        forms[form].field(field)
    except KeyError:
        raise r.fail(where, f"'{text}': {form} has no field '{field}'") from None
    return FormSource(form=form, field=field)


def _record(r: Reader, raw: dict[str, Any], where: str, forms: dict[str, FormSpec]) -> Any:
    text = r.text(raw, "record", where)
    if text == RECORD_IN_LOG:
        return None
    source = _source(r, text, f"{where} record", forms)
    spec = forms[source.form]
    if spec.scope != "episode":
        raise r.fail(where, f"record '{text}': answers given in a call go to an episode's form")
    if spec.field(source.field).kind not in RECORDABLE:
        raise r.fail(where, f"record '{text}': a typed answer fills only a text field")
    return source


def _cites(r: Reader, raw: dict[str, Any], where: str) -> tuple[Citation, ...]:
    items = raw.get("cite")
    if not isinstance(items, list) or not items:
        raise r.fail(where, "'cite' must list at least one { seed, section, quote }")
    cites = []
    for item in items:
        if not isinstance(item, dict):
            raise r.fail(where, "each citation must be a table")
        r.unknown_keys(item, {"seed", "section", "quote"}, f"{where} cite")
        cites.append(
            Citation(
                seed=r.text(item, "seed", f"{where} cite"),
                section=r.text(item, "section", f"{where} cite"),
                quote=r.text(item, "quote", f"{where} cite"),
            )
        )
    return tuple(cites)


def _question(r: Reader, raw: Any, forms: dict[str, FormSpec]) -> Question:
    if not isinstance(raw, dict):
        raise r.fail("question", "each question must be a table")
    qid = r.text(raw, "id", "question")
    where = f"question '{qid}'"
    r.unknown_keys(raw, _QUESTION_KEYS, where)
    answers = raw.get("answers")
    if not isinstance(answers, list) or not answers:
        raise r.fail(where, "'answers' must list the fields that answer it, as form.field")
    return Question(
        id=qid,
        ask=r.text(raw, "ask", where),
        help=r.text(raw, "help", where, required=False),
        answers=tuple(_source(r, a, f"{where} answers", forms) for a in answers),
        record=_record(r, raw, where, forms),
        cites=_cites(r, raw, where),
    )


def parse_guide(data: dict[str, Any], origin: str, forms: dict[str, FormSpec]) -> CallGuide:
    """Build a :class:`CallGuide` from parsed TOML, refusing anything the forms do not have."""
    r = Reader(origin)
    r.unknown_keys(data, _TOP_KEYS, "top level")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise r.fail("top level", "'version' must be a whole number from 1")
    sections_raw = data.get("section")
    if not isinstance(sections_raw, list) or not sections_raw:
        raise r.fail("top level", "a guide needs at least one [[section]]")
    sections = []
    seen: set[str] = set()
    for raw in sections_raw:
        if not isinstance(raw, dict):
            raise r.fail("section", "must be a table")
        sid = r.text(raw, "id", "section")
        r.unknown_keys(raw, {"id", "title", "question"}, f"section '{sid}'")
        questions_raw = raw.get("question")
        if not isinstance(questions_raw, list) or not questions_raw:
            raise r.fail(f"section '{sid}'", "a section needs at least one [[section.question]]")
        questions = tuple(_question(r, q, forms) for q in questions_raw)
        for q in questions:
            if q.id in seen:
                raise r.fail(f"question '{q.id}'", "two questions share this id")
            seen.add(q.id)
        sections.append(GuideSection(sid, r.text(raw, "title", f"section '{sid}'"), questions))
    return CallGuide(
        id=r.text(data, "id", "top level"),
        title=r.text(data, "title", "top level"),
        version=version,
        summary=r.text(data, "summary", "top level"),
        unknown=r.text(data, "unknown", "top level"),
        sections=tuple(sections),
    )


def load_guide(path: Path, forms: dict[str, FormSpec]) -> CallGuide:
    """Load one guide; its id must match the file name."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise FormDefinitionError(f"Guide {path.name} cannot be read: {exc}") from None
    guide = parse_guide(data, path.name, forms)
    if guide.id != path.stem:
        raise FormDefinitionError(f"Guide {path.name}: id '{guide.id}' must match the file name")
    return guide


POLICE_CALL = "police_call"
"""The guide "Report to police" opens (``forms/guides/police_call.toml``)."""


def guides_dir() -> Path:
    """Where guides live: beside the forms they read, in a folder the form loader skips."""
    return paths.forms_dir() / "guides"


def shipped_guide(forms: dict[str, FormSpec], guide_id: str = POLICE_CALL) -> CallGuide:
    """A shipped guide, checked against the shipped forms."""
    return load_guide(guides_dir() / f"{guide_id}.toml", forms)
