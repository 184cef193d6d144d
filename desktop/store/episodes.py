"""Episodes and the append-only, hash-chained timed log.

Every entry carries an HMAC link over its content and the previous entry's link, keyed with a
secret kept apart from the database key (it lives only inside the key slots). Someone who edits
the database with the database key alone cannot forge the links, so ``verify`` names any entry
changed, deleted or moved. The newest link is kept in an authenticated head row, so a cut-off
tail is caught too. Entries are never updated or deleted: the database refuses it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import paths
from desktop.domain.clock import Clock
from desktop.domain.episode import (
    EpisodeState,
    check_entry,
    effective_log,
    episode_state,
    is_away,
    part_b_prefill,
    timeline,
)
from desktop.domain.errors import BadInput, NotFound
from desktop.domain.model import Child, Episode, FormVersion, Home, LogEntry, PhotoInfo, Staff
from desktop.domain.timeline import ChildFacts, HomeSettings, PastEpisode, Situation
from desktop.formspec import FormSpec, shipped_forms
from desktop.protocol.engine import Prompt, evaluate
from desktop.protocol.rules import RuleSet, load_rule_sets
from desktop.store.models import EpisodeRow, LogEntryRow, LogHeadRow

GENESIS = "0" * 64
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
BACKDATE_NEEDS_REASON = timedelta(minutes=15)
FUTURE_TOLERANCE = timedelta(minutes=2)

_KNOWN_RISKS_TO_FLAGS = {
    "Child sexual exploitation (CSE)": "cse",
    "Child criminal exploitation (CCE)": "cce",
    "County lines (carrying or selling drugs for others)": "cce",
    "Self-harm": "self_harm",
    "Suicidal thoughts or attempts": "self_harm",
    "Trafficking or modern slavery": "trafficking",
    "Abduction by a parent or other adult": "abduction",
}


@functools.cache
def rule_sets() -> dict[str, RuleSet]:
    """The shipped protocol rule sets (loaded once per process)."""
    return load_rule_sets(paths.protocols_dir())


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _fields(row: LogEntryRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "episode_id": row.episode_id,
        "seq": row.seq,
        "event_at": row.event_at,
        "recorded_at": row.recorded_at,
        "author_id": row.author_id,
        "kind": row.kind,
        "body": row.body,
        "corrects_id": row.corrects_id,
    }


def _canonical(fields: dict[str, Any]) -> bytes:
    """The entry's content exactly as stored (times as UTC text, body as JSON)."""
    content = dict(
        fields, event_at=_utc(fields["event_at"]), recorded_at=_utc(fields["recorded_at"])
    )
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _link(key: bytes, previous: str, fields: dict[str, Any]) -> str:
    return hmac.new(key, previous.encode() + _canonical(fields), hashlib.sha256).hexdigest()


def _head_mac(key: bytes, last_id: int, last_chain: str) -> str:
    return hmac.new(key, f"head:{last_id}:{last_chain}".encode(), hashlib.sha256).hexdigest()


def _entry(row: LogEntryRow) -> LogEntry:
    return LogEntry(
        id=row.id,
        episode_id=row.episode_id,
        event_at=row.event_at,
        recorded_at=row.recorded_at,
        author_id=row.author_id,
        kind=row.kind,
        body=dict(row.body),
        corrects_id=row.corrects_id,
    )


def _episode(row: EpisodeRow) -> Episode:
    return Episode(
        id=row.id,
        child_id=row.child_id,
        aware_at=row.aware_at,
        recorded_at=row.recorded_at,
        started_by=row.started_by,
        closed_at=row.closed_at,
        linked_group=row.linked_group,
    )


class EpisodeMixin:
    """Episode and log operations of :class:`~desktop.store.store.Store`."""

    if TYPE_CHECKING:  # provided by Store
        clock: Clock
        _chain_key: bytes

        def _session(self) -> AbstractContextManager[Session]: ...
        def _transaction(self) -> AbstractContextManager[Any]: ...
        def _author(self) -> Staff: ...
        def child(self, child_id: str) -> Child: ...  # noqa: D102
        def home(self) -> Home: ...  # noqa: D102
        def photos(self, child_id: str) -> list[PhotoInfo]: ...  # noqa: D102
        def form_values(self, child_id: str, spec: FormSpec) -> dict[str, Any]: ...  # noqa: D102
        def latest_form(self, child_id: str, form_id: str) -> FormVersion | None: ...  # noqa: D102
        def form_versions(  # noqa: D102
            self, child_id: str, form_id: str, *, episode_id: str | None = None
        ) -> list[FormVersion]: ...
        def staff_members(self) -> list[Staff]: ...  # noqa: D102
        def save_form(  # noqa: D102
            self,
            child_id: str,
            spec: FormSpec,
            values: dict[str, Any],
            *,
            episode_id: str | None = None,
        ) -> FormVersion: ...

    # --- episodes -------------------------------------------------------------------------

    def start_episode(
        self,
        child_id: str,
        *,
        whereabouts: str,
        aware_at: datetime | None = None,
        reason_for_time: str = "",
        details: dict[str, Any] | None = None,
    ) -> Episode:
        """Start an episode at the moment staff became aware, with its first log entry."""
        author = self._author()
        self.child(child_id)
        now = self.clock.now()
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
        with self._session() as session:
            for row in session.scalars(select(EpisodeRow).where(EpisodeRow.child_id == child_id)):
                entries = [
                    _entry(e)
                    for e in session.scalars(
                        select(LogEntryRow).where(LogEntryRow.episode_id == row.id)
                    )
                ]
                if is_away(episode_state(entries)):
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
            driver = session.connection().connection.dbapi_connection
            assert driver is not None
            self._append_row(driver.cursor(), episode.id, "aware", body, aware_at, None)
        return _episode(episode)

    def episodes(self, child_id: str) -> list[Episode]:
        """A child's episodes, newest first."""
        with self._session() as session:
            rows = session.scalars(
                select(EpisodeRow)
                .where(EpisodeRow.child_id == child_id)
                .order_by(EpisodeRow.aware_at.desc())
            ).all()
            return [_episode(r) for r in rows]

    def episode(self, episode_id: str) -> Episode:
        """One episode."""
        with self._session() as session:
            row = session.get(EpisodeRow, episode_id)
            if row is None:
                raise NotFound("There is no such episode.")
            return _episode(row)

    def current_episode(self, child_id: str) -> Episode | None:
        """The newest episode not yet closed (still away, or back and awaiting follow-ups)."""
        for episode in self.episodes(child_id):
            if self.state(episode.id) is not EpisodeState.CLOSED:
                return episode
            return None
        return None

    def state(self, episode_id: str) -> EpisodeState:
        """Where the episode stands, from its log."""
        return episode_state(self.log(episode_id))

    def link_episodes(self, episode_ids: list[str]) -> str:
        """Mark episodes of children who went missing together."""
        self._author()
        group = str(uuid.uuid4())
        with self._session() as session:
            rows = [session.get(EpisodeRow, e) for e in episode_ids]
            if any(r is None for r in rows) or len(rows) < 2:
                raise BadInput("Choose at least two existing episodes to link.")
            for row in rows:
                assert row is not None
                group = row.linked_group or group
            for row in rows:
                assert row is not None
                row.linked_group = group
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
        """Insert one chained entry and move the authenticated head.

        Runs in the caller's transaction, straight on the driver's cursor: this is the path
        staff wait on at 3 a.m., so it is a few indexed statements however long the log grows.
        """
        previous_id, previous, seq = cursor.execute(
            "SELECT (SELECT last_id FROM log_head WHERE id = 1),"
            " (SELECT last_chain FROM log_head WHERE id = 1),"
            " (SELECT max(seq) FROM log_entry WHERE episode_id = ?)",
            (episode_id,),
        ).fetchone()
        previous_id, previous, seq = previous_id or 0, previous or GENESIS, seq or 0
        fields: dict[str, Any] = {
            "id": previous_id + 1,
            "episode_id": episode_id,
            "seq": seq + 1,
            "event_at": event_at,
            "recorded_at": self.clock.now(),
            "author_id": self._author().id,
            "kind": kind,
            "body": json.loads(json.dumps(body)),
            "corrects_id": corrects_id,
        }
        chain = _link(self._chain_key, previous, fields)
        cursor.execute(
            "INSERT INTO log_entry (id, episode_id, seq, event_at, recorded_at, author_id, kind,"
            " body, corrects_id, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                fields["id"],
                episode_id,
                fields["seq"],
                _utc(event_at),
                _utc(fields["recorded_at"]),
                fields["author_id"],
                kind,
                json.dumps(fields["body"]),
                corrects_id,
                chain,
            ),
        )
        cursor.execute(
            "INSERT INTO log_head (id, last_id, last_chain, mac) VALUES (1, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET last_id = excluded.last_id, "
            "last_chain = excluded.last_chain, mac = excluded.mac",
            (fields["id"], chain, _head_mac(self._chain_key, fields["id"], chain)),
        )
        return LogEntry(**{k: v for k, v in fields.items() if k != "seq"})

    def _state_now(self, cursor: Any, episode_id: str) -> EpisodeState | None:
        """The state from only the entries that can change it; None when there is no episode."""
        marks = ", ".join("?" for _ in STATE_KINDS)
        rows = cursor.execute(
            "SELECT id, event_at, recorded_at, author_id, kind, body, corrects_id FROM log_entry"
            f" WHERE episode_id = ? AND kind IN ({marks})",
            (episode_id, *STATE_KINDS),
        ).fetchall()
        if not rows:
            return None  # every episode starts with its 'aware' entry
        return episode_state(
            [
                LogEntry(
                    id=r[0],
                    episode_id=episode_id,
                    event_at=datetime.fromisoformat(r[1]),
                    recorded_at=datetime.fromisoformat(r[2]),
                    author_id=r[3],
                    kind=r[4],
                    body=json.loads(r[5]),
                    corrects_id=r[6],
                )
                for r in rows
            ]
        )

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
        body = {k: v for k, v in (body or {}).items() if v not in (None, "")}
        check_entry(kind, body)
        if kind == "aware":
            raise BadInput("An episode has one 'aware' entry, made when it starts.")
        now = self.clock.now()
        event_at = event_at or now
        if event_at > now + FUTURE_TOLERANCE:
            raise BadInput("That time is in the future: enter when it happened.")
        if kind == "correction" and corrects_id is None:
            raise BadInput("Say which entry this corrects.")
        with self._transaction() as cursor:
            state = self._state_now(cursor, episode_id)
            if state is None:
                raise NotFound("There is no such episode.")
            if state is EpisodeState.CLOSED and kind != "correction":
                raise BadInput("This episode is closed. Only corrections can be added.")
            if kind == "closed" and is_away(state):
                raise BadInput("The child has not returned yet: record the return first.")
            if kind == "returned" and not is_away(state):
                raise BadInput("The child's return is already recorded.")
            if (
                corrects_id is not None
                and cursor.execute(
                    "SELECT 1 FROM log_entry WHERE id = ? AND episode_id = ?",
                    (corrects_id, episode_id),
                ).fetchone()
                is None
            ):
                raise BadInput("A correction must point at an entry of the same episode.")
            return self._append_row(cursor, episode_id, kind, body, event_at, corrects_id)

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
        original = self.log_entry(entry_id)
        body: dict[str, Any] = {"reason": reason.strip()}
        if retract:
            body["retract"] = True
        if replacement:
            body["replacement"] = replacement
        return self.append(
            original.episode_id,
            "correction",
            body,
            corrects_id=entry_id,
        )

    def log_entry(self, entry_id: int) -> LogEntry:
        """One entry as written."""
        with self._session() as session:
            row = session.get(LogEntryRow, entry_id)
            if row is None:
                raise NotFound("There is no such log entry.")
            return _entry(row)

    def log(self, episode_id: str) -> list[LogEntry]:
        """Every entry of an episode as written, in the order it was recorded."""
        with self._session() as session:
            rows = session.scalars(
                select(LogEntryRow)
                .where(LogEntryRow.episode_id == episode_id)
                .order_by(LogEntryRow.seq)
            ).all()
            return [_entry(r) for r in rows]

    def chain_problems(self) -> list[str]:
        """Every break in the log's hash chain, named."""
        with self._session() as session:
            return list(iter_chain_problems(session, self._chain_key))

    # --- episode forms: Part B and the carer's risk assessment ----------------------------

    def episode_form_values(self, episode_id: str, spec: FormSpec) -> dict[str, Any]:
        """The newest saved answers, with Part B filled from the log where never answered."""
        versions = self.episode_form_versions(episode_id, spec.id)
        saved = versions[0].values if versions else {}
        values: dict[str, Any] = {}
        if spec.id == "part_b":
            names = {s.id: s.name for s in self.staff_members()}
            values = part_b_prefill(self.log(episode_id), describe=names)
        values.update({k: v for k, v in saved.items() if v not in (None, "", [], {})})
        return values

    def episode_form_versions(self, episode_id: str, form_id: str) -> list[FormVersion]:
        """Every saved version of an episode's form, newest first."""
        episode = self.episode(episode_id)
        return self.form_versions(episode.child_id, form_id, episode_id=episode_id)

    def save_episode_form(
        self, episode_id: str, spec: FormSpec, values: dict[str, Any]
    ) -> FormVersion:
        """Save Part B or the risk assessment; risk answers become risk-flag log entries."""
        episode = self.episode(episode_id)
        version = self.save_form(episode.child_id, spec, values, episode_id=episode_id)
        if spec.scope == "episode":
            flagged = {
                e.body["flag"] for e in effective_log(self.log(episode_id)) if e.kind == "risk_flag"
            }
            for field in spec.fields():
                if field.flag and values.get(field.id) is True and field.flag not in flagged:
                    self.append(
                        episode_id,
                        "risk_flag",
                        {"flag": field.flag, "note": f"From {spec.title}: {field.label}"},
                    )
                    flagged.add(field.flag)
        return version

    # --- escalation ---------------------------------------------------------------------------

    def situation(self, child_id: str) -> Situation:
        """What the escalation engine needs for a child, as of the log now."""
        home = self.home()
        child = self.child(child_id)
        part_a = self.form_values(child_id, shipped_forms()["part_a"])
        flags = {
            _KNOWN_RISKS_TO_FLAGS[r]
            for r in part_a.get("known_risks", [])
            if r in _KNOWN_RISKS_TO_FLAGS
        }
        if part_a.get("uasc") is True:
            flags.add("uasc")
        if part_a.get("essential_medication") is True:
            flags.add("medication")
        if child.legal_status.startswith("Remanded"):
            flags.add("remand")
        photos = self.photos(child_id)
        newest = photos[0] if photos else None
        saved = [self.latest_form(child_id, f) for f in ("part_a", "locations")]
        facts = ChildFacts(
            forms_completed_at=max(v.saved_at for v in saved if v) if all(saved) else None,
            date_of_birth=child.date_of_birth,
            risk_flags=frozenset(flags),
            plan_report_after_hours=part_a.get("report_after_hours"),
            plan_report_immediately=part_a.get("report_immediately") is True,
            placement_start=child.placement_start,
            newest_photo=(newest.taken_on or newest.added_at.date()) if newest else None,
        )
        settings = HomeSettings(
            overnight_from=home.overnight_start,
            overnight_until=home.overnight_end,
            away_review_every=timedelta(minutes=home.review_interval_minutes),
            photo_max_age_days=home.photo_max_age_days,
            timezone=home.timezone,
        )
        current = self.current_episode(child_id)
        history = []
        for episode in self.episodes(child_id):
            if current is not None and episode.id == current.id:
                continue
            entries = effective_log(self.log(episode.id))
            returned = next((e.event_at for e in entries if e.kind == "returned"), None)
            interview = next(
                (
                    ("done" if e.kind == "return_interview_done" else "declined")
                    for e in reversed(entries)
                    if e.kind in ("return_interview_done", "return_interview_declined")
                ),
                None,
            )
            history.append(
                PastEpisode(
                    start=episode.aware_at,
                    returned=returned,
                    reported_to_police=any(e.kind == "police_report" for e in entries),
                    return_interview=interview,
                )
            )
        events = timeline(self.log(current.id)) if current else ()
        return Situation(
            home=settings,
            child=facts,
            events=events,
            history=tuple(sorted(history, key=lambda p: p.start)),
        )

    def prompts(self, child_id: str, *, now: datetime | None = None) -> list[Prompt]:
        """The prompts for a child now.

        The home's protocol applies, and the responsible authority's too when it differs
        (listed first, so its citations come first).
        """
        home = self.home()
        child = self.child(child_id)
        sets = rule_sets()
        ids = [home.protocol_id]
        if child.responsible_protocol_id and child.responsible_protocol_id != home.protocol_id:
            ids.insert(0, child.responsible_protocol_id)
        return evaluate([sets[i] for i in ids], self.situation(child_id), now or self.clock.now())


def iter_chain_problems(session: Session, key: bytes) -> Iterator[str]:
    """Walk the whole log and say, for each break, which entry and what kind of break."""
    previous_id, previous = 0, GENESIS
    last_seq: dict[str, int] = {}
    for row in session.scalars(select(LogEntryRow).order_by(LogEntryRow.id)):
        if row.id != previous_id + 1:
            yield (
                f"Log entries {previous_id + 1} to {row.id - 1} are missing: they were "
                "deleted outside Philomena Desk."
            )
        if not hmac.compare_digest(_link(key, previous, _fields(row)), row.chain):
            yield (
                f"Log entry {row.id} (recorded {row.recorded_at:%d/%m/%Y %H:%M} UTC) was "
                "changed, moved or inserted outside Philomena Desk."
            )
        expected = last_seq.get(row.episode_id, 0) + 1
        if row.seq != expected:
            yield f"Log entry {row.id} is out of order within its episode."
        last_seq[row.episode_id] = row.seq
        previous_id, previous = row.id, row.chain
    head = session.get(LogHeadRow, 1)
    if previous_id == 0 and head is None:
        return
    if head is None or head.last_id != previous_id or head.last_chain != previous:
        yield ("The newest log entries are missing: the log was cut short outside Philomena Desk.")
    elif not hmac.compare_digest(_head_mac(key, head.last_id, head.last_chain), head.mac):
        yield "The record of the newest log entry was altered outside Philomena Desk."
