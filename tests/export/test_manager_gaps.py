"""Profile health in the manager's view: Part A and Locations past the home's review interval.

Days are the home's (London) calendar days, and the interval is in calendar months: a form
saved on 1 June, with six months chosen, is due on 1 December and not a moment before.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from desktop.export.manager import gather
from tests.support.protocol import shipped_forms, shipped_rule_sets
from tests.support.sample import add_child

LONDON = ZoneInfo("Europe/London")
FORMS = shipped_forms()
RULES = shipped_rule_sets()


def _gaps(store, clock) -> list[str]:
    data = gather(store, rule_sets=RULES, forms=FORMS, now=clock.now())
    return [g.what for g in data.gaps if g.child_name == "Zephyrine Quillfeather"]


def _review_gaps(store, clock) -> list[str]:
    return [g for g in _gaps(store, clock) if "last reviewed" in g]


def _save_both(store, child_id: str) -> None:
    store.forms.save(child_id, FORMS["part_a"], {})
    store.forms.save(child_id, FORMS["locations"], {})


def test_a_form_saved_on_1_june_is_due_for_review_on_1_december(store, clock):
    child = add_child(store)
    clock.moment = datetime(2026, 6, 1, 0, 30, tzinfo=LONDON)  # still 31 May in UTC
    _save_both(store, child.id)
    gaps = _gaps(store, clock)
    assert not any("last reviewed" in g for g in gaps)
    assert f"{FORMS['part_a'].title}: no answer to" in " ".join(gaps)  # still said

    clock.moment = datetime(2026, 11, 30, 23, 59, tzinfo=LONDON)  # the day before
    assert _review_gaps(store, clock) == []

    clock.moment = datetime(2026, 12, 1, 0, 0, tzinfo=LONDON)  # the due day
    assert _review_gaps(store, clock) == [
        f"{FORMS[form].title}: last reviewed 1 June 2026, due for review since 1 December 2026 "
        "(the home reviews the forms every 6 months)."
        for form in ("part_a", "locations")
    ]


def test_saving_a_new_version_is_a_review_and_the_interval_is_the_homes(store, clock):
    child = add_child(store)
    clock.moment = datetime(2026, 6, 1, 12, 0, tzinfo=LONDON)
    _save_both(store, child.id)
    clock.moment = datetime(2026, 11, 15, 12, 0, tzinfo=LONDON)
    store.forms.save(child.id, FORMS["locations"], {})  # looked at again and saved
    clock.moment = datetime(2026, 12, 1, 12, 0, tzinfo=LONDON)
    assert [g.split(":")[0] for g in _review_gaps(store, clock)] == [FORMS["part_a"].title]

    store.children.set_form_review(12)
    assert _review_gaps(store, clock) == []
    store.children.set_form_review(1)
    assert _review_gaps(store, clock) == [
        f"{FORMS['part_a'].title}: last reviewed 1 June 2026, due for review since 1 July 2026 "
        "(the home reviews the forms every month)."
    ]  # Locations, saved 15 November, is due on 15 December


def test_forms_never_filled_in_say_so_and_not_a_review_date(store, clock):
    add_child(store)
    clock.moment = datetime(2027, 6, 1, 12, 0, tzinfo=LONDON)
    gaps = _gaps(store, clock)
    assert f"{FORMS['part_a'].title}: not filled in yet." in gaps
    assert f"{FORMS['locations'].title}: not filled in yet." in gaps
    assert not any("last reviewed" in g for g in gaps)


def test_an_answer_the_childs_record_gives_is_not_called_missing(store, clock):
    from datetime import date

    from desktop.domain.model import ChildDetails

    child = store.children.add(
        ChildDetails(
            first_name="Olena",
            last_name="Kovalenko",
            preferred_name="Lena",
            aliases=("Lenka",),
            date_of_birth=date(2011, 4, 2),
        )
    )
    store.forms.save(child.id, FORMS["part_a"], {})
    data = gather(store, rule_sets=RULES, forms=FORMS, now=clock.now())
    [said] = [g.what for g in data.gaps if g.child_id == child.id and "no answer to" in g.what]
    named = {f.label for f in FORMS["part_a"].fields() if f.prefill and f.police}
    assert named and not any(label in said for label in named), said
