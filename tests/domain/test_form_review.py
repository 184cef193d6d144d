"""The home's review interval for the Philomena forms: its bounds, its words, its due days."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain import form_review
from desktop.domain.errors import BadInput
from tests.support.seeds import normalise, seed_text


@pytest.mark.parametrize("cite", form_review.SOURCES, ids=lambda c: c.seed)
def test_the_protocols_ask_for_regular_reviews_in_their_own_words(cite):
    assert normalise(cite.quote) in seed_text(cite.seed), cite.quote


def test_the_interval_is_one_to_twelve_whole_months():
    assert form_review.check_months(1) == 1
    assert form_review.check_months(12) == 12
    for wrong in (0, -1, 13, 24):
        with pytest.raises(BadInput, match="from 1 to 12, not"):
            form_review.check_months(wrong)


def test_the_interval_reads_after_every():
    assert form_review.months_words(1) == "month"
    assert form_review.months_words(6) == "6 months"


def test_a_form_is_due_the_same_day_of_the_month_the_interval_later():
    assert form_review.review_due(date(2026, 6, 1), 6) == date(2026, 12, 1)
    assert form_review.review_due(date(2026, 9, 15), 6) == date(2027, 3, 15)
    assert form_review.review_due(date(2026, 12, 31), 1) == date(2027, 1, 31)
    assert form_review.review_due(date(2026, 12, 5), 12) == date(2027, 12, 5)


def test_a_day_the_later_month_lacks_becomes_its_last_day():
    assert form_review.review_due(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert form_review.review_due(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert form_review.review_due(date(2026, 1, 31), 3) == date(2026, 4, 30)
