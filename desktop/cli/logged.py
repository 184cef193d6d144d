"""What every ``episode`` action that adds an entry shares.

Finding the child's open episode, and saying what was logged with both its times.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from desktop.cli.common import Context
from desktop.domain.entry_text import entry_label
from desktop.domain.errors import NotFound
from desktop.domain.model import Child, Episode, LogEntry
from desktop.domain.ukdates import uk_datetime
from desktop.store.store import Store


def open_episode(store: Store, child_name: str) -> tuple[Child, Episode]:
    """The child and their open episode; most actions make no sense without one."""
    child = store.children.find(child_name)
    episode = store.episodes.current(child.id)
    if episode is None:
        raise NotFound(f"{child.display_name} has no open episode. Start one with 'episode start'.")
    return child, episode


def say_state(ctx: Context, store: Store, episode: Episode) -> None:
    """Where the episode stands now, so whoever typed the action sees what it changed."""
    ctx.say(f"The episode is now: {store.episodes.state(episode.id).value}.")


def say_logged(
    ctx: Context, store: Store, child: Child, episode: Episode, entry: LogEntry, zone: ZoneInfo
) -> None:
    """Confirm an entry with both its times: when it happened and when it was written down."""
    ctx.say(
        f"Logged entry {entry.id} for {child.display_name}: {entry_label(entry)} at "
        f"{uk_datetime(entry.event_at, zone)} "
        f"(recorded {uk_datetime(entry.recorded_at, zone)})."
    )
    say_state(ctx, store, episode)
