"""Episodes and their append-only timed log; Part B and the risk assessment belong to them.

Entries are never updated or deleted (the database refuses it); a correction is a new entry that
points at the one it corrects. Each entry is chained (see :mod:`desktop.store.chain`).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from desktop.domain.episode import (
    ANSWER_FIELD,
    EpisodeState,
    check_entry,
    effective_log,
    episode_state,
    is_away,
    stored_body,
)
from desktop.domain.errors import BadInput, NotFound
from desktop.domain.follow_ups import TIMED_KINDS, WAIVER, check_timing, refuse_close
from desktop.domain.model import Episode, FormVersion, LogEntry
from desktop.domain.permissions import Action
from desktop.formspec import EntryText, Filled, FormSpec, Known, log_answers, same_answer
from desktop.formspec.flags import risk_flag_sources
from desktop.protocol.permissions import decision_needs
from desktop.protocol.rules import shipped_rule_sets
from desktop.protocol.situation import applicable
from desktop.store import chain, history, mapping
from desktop.store.accounts import Accounts
from desktop.store.children import Children
from desktop.store.context import StoreContext
from desktop.store.forms import Forms
from desktop.store.tables import EpisodeRow, LogEntryRow

STATE_KINDS = (
    "aware",
    "whereabouts_known",
    "whereabouts_unknown",
    "police_report",
    "returned",
    "closed",
    "correction",
)
"""Entry kinds that can change an episode's state (corrections can withdraw them)."""
RETURN_KINDS = ("returned", "correction")
"""What the time of the return is read from (a correction can move or withdraw it)."""
BACKDATE_NEEDS_REASON = timedelta(minutes=15)
FUTURE_TOLERANCE = timedelta(minutes=2)


class Episodes:
    """Absences and missing episodes, each with its timed log."""

    def __init__(
        self,
        ctx: StoreContext,
        chain_key: bytes,
        children: Children,
        forms: Forms,
        accounts: Accounts,
    ) -> None:
        self._ctx = ctx
        self._chain_key = chain_key
        self._children = children
        self._forms = forms
        self._accounts = accounts

    # --- episodes -------------------------------------------------------------------------

    def start(
        self,
        child_id: str,
        *,
        whereabouts: str,
        aware_at: datetime | None = None,
        reason_for_time: str = "",
        details: dict[str, Any] | None = None,
    ) -> Episode:
        """Start an episode at the moment staff became aware, with its first log entry."""
        author = self._ctx.require(Action.LOG)
        self._children.get(child_id)
        now = self._ctx.clock.now()
        aware_at = aware_at or now
        if aware_at > now + FUTURE_TOLERANCE:
            raise BadInput("The time you became aware is in the future.")
        if now - aware_at > BACKDATE_NEEDS_REASON and not reason_for_time.strip():
            raise BadInput(
                "You entered an earlier time: say why (for example 'found the "
                "bedroom empty at 14:00, logging now')."
            )
        body: dict[str, Any] = {"whereabouts": whereabouts, **(details or {})}
        if reason_for_time.strip():
            body["reason_for_time"] = reason_for_time.strip()
        check_entry("aware", body)
        with self._ctx.db.session() as session:
            if any(d.away for d in history.digests(session, child_id)):
                raise BadInput(
                    "This child already has an open episode in which they are "
                    "still away. Add to that episode's log instead."
                )
            episode = EpisodeRow(
                id=str(uuid.uuid4()),
                child_id=child_id,
                aware_at=aware_at,
                recorded_at=now,
                started_by=author.id,
            )
            session.add(episode)
            session.flush()
            self._ctx.sign(session, "episode", episode.id, "started")
            driver = session.connection().connection.dbapi_connection
            assert driver is not None
            cursor = driver.cursor()
            self._append_row(cursor, episode.id, "aware", body, aware_at, None)
            history.refresh_digest(cursor, episode.id)
        self._ctx.logged()
        return mapping.episode(episode)

    def for_child(self, child_id: str) -> list[Episode]:
        """A child's episodes, newest first."""
        with self._ctx.db.session() as session:
            rows = session.scalars(
                select(EpisodeRow)
                .where(EpisodeRow.child_id == child_id)
                .order_by(EpisodeRow.aware_at.desc())
            ).all()
            return [mapping.episode(r) for r in rows]

    def get(self, episode_id: str) -> Episode:
        """One episode."""
        with self._ctx.db.session() as session:
            row = session.get(EpisodeRow, episode_id)
            if row is None:
                raise NotFound("There is no such episode.")
            return mapping.episode(row)

    def current(self, child_id: str) -> Episode | None:
        """The episode in which the child is away; else the newest, unless it is closed."""
        with self._ctx.db.session() as session:
            now = history.current(history.digests(session, child_id))
            row = None if now is None else session.get(EpisodeRow, now.episode_id)
            return None if row is None else mapping.episode(row)

    def state(self, episode_id: str) -> EpisodeState:
        """Where the episode stands, from its log."""
        return episode_state(self.log(episode_id))

    def link(self, episode_ids: list[str]) -> str:
        """Mark episodes of children who went missing together."""
        self._ctx.require(Action.LOG)
        group = str(uuid.uuid4())
        with self._ctx.db.session() as session:
            rows = [session.get(EpisodeRow, e) for e in episode_ids]
            if any(r is None for r in rows) or len(rows) < 2:
                raise BadInput("Choose at least two existing episodes to link.")
            for row in rows:
                assert row is not None
                group = row.linked_group or group
            for row in rows:
                assert row is not None
                row.linked_group = group
                self._ctx.sign(session, "episode", row.id, "linked")
        return group

    # --- the log ----------------------------------------------------------------------------

    def _append_row(
        self,
        cursor: Any,
        episode_id: str,
        kind: str,
        body: dict[str, Any],
        event_at: datetime,
        corrects_id: int | None,
    ) -> LogEntry:
        stored = chain.append_row(
            cursor,
            self._chain_key,
            episode_id=episode_id,
            kind=kind,
            body=body,
            event_at=event_at,
            recorded_at=self._ctx.clock.now(),
            author_id=self._ctx.require(Action.LOG).id,
            corrects_id=corrects_id,
        )
        if self._ctx.ledger is not None:
            self._ctx.ledger.add(cursor, "log", str(stored[0]), "added")
        return mapping.log_entry_from_driver(stored)

    @staticmethod
    def _state_now(cursor: Any, episode_id: str) -> EpisodeState | None:
        """The state from only the entries that can change it; None when there is no episode."""
        marks = ", ".join("?" for _ in STATE_KINDS)
        rows = cursor.execute(
            f"SELECT {mapping.LOG_ENTRY_COLUMNS} FROM log_entry"
            f" WHERE episode_id = ? AND kind IN ({marks})",
            (episode_id, *STATE_KINDS),
        ).fetchall()
        if not rows:
            return None  # every episode starts with its 'aware' entry
        return episode_state([mapping.log_entry_from_driver(r) for r in rows])

    def append(
        self,
        episode_id: str,
        kind: str,
        body: dict[str, Any] | None = None,
        *,
        event_at: datetime | None = None,
        corrects_id: int | None = None,
    ) -> LogEntry:
        """Add one entry; durable when this returns (one transaction, WAL, full sync)."""
        body = stored_body(kind, {k: v for k, v in (body or {}).items() if v not in (None, "")})
        check_entry(kind, body)
        if kind == "aware":
            raise BadInput("An episode has one 'aware' entry, made when it starts.")
        self._ctx.require(Action.LOG)
        if kind == "decision":
            self._check_decision(episode_id, body)
        if kind == WAIVER:
            self._ctx.require(Action.WAIVE_FOLLOW_UP)
        now = self._ctx.clock.now()
        event_at = event_at or now
        if event_at > now + FUTURE_TOLERANCE:
            raise BadInput("That time is in the future: enter when it happened.")
        if kind == "correction" and corrects_id is None:
            raise BadInput("Say which entry this corrects.")
        with self._ctx.db.transaction() as cursor:
            state = self._state_now(cursor, episode_id)
            if state is None:
                raise NotFound("There is no such episode.")
            if state is EpisodeState.CLOSED and kind != "correction":
                raise BadInput("This episode is closed. Only corrections can be added.")
            if kind == "closed" and is_away(state):
                raise BadInput("The child has not returned yet: record the return first.")
            if kind == "closed":  # every way of closing: the app, the command line, a script
                refuse_close(self._entries(cursor, episode_id, ()))
            if kind == "returned" and not is_away(state):
                raise BadInput("The child's return is already recorded.")
            if kind in TIMED_KINDS:
                check_timing(self._entries(cursor, episode_id, RETURN_KINDS), kind, body, event_at)
            if (
                corrects_id is not None
                and cursor.execute(
                    "SELECT 1 FROM log_entry WHERE id = ? AND episode_id = ?",
                    (corrects_id, episode_id),
                ).fetchone()
                is None
            ):
                raise BadInput("A correction must point at an entry of the same episode.")
            entry = self._append_row(cursor, episode_id, kind, body, event_at, corrects_id)
            if kind in history.DIGEST_KINDS:
                history.refresh_digest(cursor, episode_id)
        self._ctx.logged()
        return entry

    @staticmethod
    def _entries(cursor: Any, episode_id: str, kinds: tuple[str, ...]) -> list[LogEntry]:
        """The entries of these kinds (none named: all), read in the caller's transaction."""
        marks = ", ".join("?" for _ in kinds)
        which = f" AND kind IN ({marks})" if kinds else ""
        rows = cursor.execute(
            f"SELECT {mapping.LOG_ENTRY_COLUMNS} FROM log_entry"
            f" WHERE episode_id = ?{which} ORDER BY seq",
            (episode_id, *kinds),
        ).fetchall()
        return [mapping.log_entry_from_driver(r) for r in rows]

    def close(self, episode_id: str, reason: str, *, event_at: datetime | None = None) -> LogEntry:
        """Close the episode, refused (naming what is left) until its follow-ups are done.

        A declined return interview counts as done; a manager's waiver settles them all.
        """
        return self.append(episode_id, "closed", {"reason": reason}, event_at=event_at)

    def _check_decision(self, episode_id: str, body: dict[str, Any]) -> None:
        """Refuse a decision the person's role may not make (a manager's duty, a waiver)."""
        child = self._children.get(self.get(episode_id).child_id)
        rule_sets = applicable(shipped_rule_sets(), self._children.home(), child)
        for action in decision_needs(
            rule_sets,
            rule_id=str(body.get("rule", "")),
            action=str(body["action"]),
            outcome=str(body["outcome"]),
        ):
            self._ctx.require(action)

    def correct(
        self,
        entry_id: int,
        *,
        reason: str,
        replacement: dict[str, Any] | None = None,
        retract: bool = False,
    ) -> LogEntry:
        """Correct an entry with a new one that points at it; the original is kept as it was."""
        if not reason.strip():
            raise BadInput("Say why the entry is being corrected.")
        if not retract and not replacement:
            raise BadInput("Give the corrected details, or withdraw the entry.")
        original = self.entry(entry_id)
        body: dict[str, Any] = {"reason": reason.strip()}
        if retract:
            body["retract"] = True
        if replacement:
            body["replacement"] = replacement
        return self.append(original.episode_id, "correction", body, corrects_id=entry_id)

    def record_call_answer(
        self,
        episode_id: str,
        *,
        question: str,
        answer: str,
        supplied_by: str = "",
        obtained_at: datetime | None = None,
        into: tuple[FormSpec, str] | None = None,
    ) -> LogEntry:
        """Log an answer given during the police call, with who supplied it and when.

        ``into`` names the episode form and field it answers (Part B's "Who they went with"):
        the answer then takes that field's place, a saved answer there giving way in a new
        version (the old one is kept), so the form shows what was said, by whom and when.
        """
        body = {"question": question, "answer": answer.strip(), "supplied_by": supplied_by}
        if into is not None:
            body[ANSWER_FIELD] = f"{into[0].id}.{into[1]}"
        entry = self.append(episode_id, "call_answer", body, event_at=obtained_at)
        if into is not None:
            spec, field_id = into
            versions = self.form_versions(episode_id, spec.id)
            saved = dict(versions[0].values) if versions else {}
            if saved.pop(field_id, None) not in (None, "", [], {}):
                self.save_form(episode_id, spec, saved)
        return entry

    def entry(self, entry_id: int) -> LogEntry:
        """One entry as written."""
        if not 0 < entry_id < 2**63:  # SQLite's integers; a larger number names no entry
            raise NotFound("There is no such log entry.")
        with self._ctx.db.session() as session:
            row = session.get(LogEntryRow, entry_id)
            if row is None:
                raise NotFound("There is no such log entry.")
            return mapping.log_entry(row)

    def log(self, episode_id: str) -> list[LogEntry]:
        """Every entry of an episode as written, in the order it was recorded."""
        with self._ctx.db.session() as session:
            rows = session.scalars(
                select(LogEntryRow)
                .where(LogEntryRow.episode_id == episode_id)
                .order_by(LogEntryRow.seq)
            ).all()
            return [mapping.log_entry(r) for r in rows]

    def chain_problems(self) -> list[str]:
        """Every break in the log's hash chain, named."""
        with self._ctx.db.session() as session:
            return list(chain.problems(session, self._chain_key))

    # --- episode forms: Part B and the carer's risk assessment ----------------------------

    def form_values(
        self,
        episode_id: str,
        spec: FormSpec,
        *,
        entry_text: EntryText | None = None,
        known: Known | None = None,
    ) -> dict[str, Any]:
        """The newest saved answers, with what the log holds filling what was never answered."""
        return self.filled_form(episode_id, spec, entry_text=entry_text, known=known).values

    def filled_form(
        self,
        episode_id: str,
        spec: FormSpec,
        *,
        entry_text: EntryText | None = None,
        known: Known | None = None,
    ) -> Filled:
        """The newest saved answers over what the log (and ``known``) holds, with provenance.

        An answer keeps where it came from while it still says what its source said: once
        staff save something else in its place, it is theirs.
        """
        versions = self.form_versions(episode_id, spec.id)
        saved = versions[0].values if versions else {}
        names = {s.id: s.name for s in self._accounts.members()}
        filled = log_answers(
            spec, self.log(episode_id), describe=names, entry_text=entry_text, known=known
        )
        values = dict(filled.values)
        values.update({k: v for k, v in saved.items() if v not in (None, "", [], {})})
        provenance = {
            k: p
            for k, p in filled.provenance.items()
            if same_answer(values.get(k), filled.values[k])
        }
        return Filled(values=values, provenance=provenance)

    def form_versions(self, episode_id: str, form_id: str) -> list[FormVersion]:
        """Every saved version of an episode's form, newest first."""
        episode = self.get(episode_id)
        return self._forms.versions(episode.child_id, form_id, episode_id=episode_id)

    def save_form(self, episode_id: str, spec: FormSpec, values: dict[str, Any]) -> FormVersion:
        """Save Part B or the risk assessment; risk answers become risk-flag log entries."""
        episode = self.get(episode_id)
        version = self._forms.save(episode.child_id, spec, values, episode_id=episode_id)
        if spec.scope == "episode":
            flagged = {
                e.body["flag"] for e in effective_log(self.log(episode_id)) if e.kind == "risk_flag"
            }
            for flag, field in risk_flag_sources(spec, values).items():
                if flag not in flagged:
                    self.append(
                        episode_id,
                        "risk_flag",
                        {"flag": flag, "note": f"From {spec.title}: {field.label}"},
                    )
        return version
