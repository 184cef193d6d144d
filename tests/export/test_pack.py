from __future__ import annotations

import email
import io
from datetime import date, datetime

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop import paths
from desktop.domain.clock import LONDON
from desktop.domain.errors import BadInput
from desktop.domain.model import ChildDetails
from desktop.domain.ukdates import uk_datetime
from desktop.export.gather import pack_input
from desktop.export.output import email_draft, protect, save_email_draft, save_pdf
from desktop.export.pack import build_pack
from desktop.export.page import MARKING, fit
from desktop.export.text import REGULAR, mark, marks, markup, plain, visual_word_order
from desktop.formspec import load_forms
from tests.support.images import jpeg_bytes
from tests.support.pdf import page_texts

FORMS = load_forms(paths.forms_dir())


@pytest.fixture
def child(store):
    return store.children.add(
        ChildDetails(
            first_name="Siobhán",
            last_name="Ó Briain",
            date_of_birth=date(2011, 4, 2),
            preferred_name="Shiv",
            aliases=("محمد الراشد", "Олена Коваленко", "李伟"),
            legal_status="Care order (section 31)",
        )
    )


@pytest.fixture
def filled(store, child):
    store.forms.save(
        child.id,
        FORMS["part_a"],
        {
            "height": "160 cm",
            "hair": "Dyed red",
            "usual_clothing": "Black puffer jacket",
            "known_risks": ["Child sexual exploitation (CSE)"],
            "medication": [
                {
                    "name": "Salbutamol",
                    "dose": "2 puffs",
                    "timing": "When needed",
                    "effect_if_missed": "Asthma attack",
                }
            ],
        },
    )
    store.forms.save(
        child.id,
        FORMS["locations"],
        {
            "places": [
                {
                    "address": "Bus station, Victoria Street",
                    "officer_advice": "Check café",
                    "risk": FORMS["locations"].field("places").columns[4].choices[0],
                }
            ],
        },
    )
    store.photos.add(
        child.id,
        jpeg_bytes(gps=True, colour=(20, 90, 200)),
        taken_on=date(2026, 2, 1),
        description="Newest",
    )
    store.photos.add(child.id, jpeg_bytes(), taken_on=date(2025, 9, 1), description="Older")
    return child


def test_names_in_every_script_are_in_the_pdf_text(store, filled):
    pdf = build_pack(pack_input(store, filled.id, FORMS))
    text = " ".join(page_texts(pdf))
    for name in ("Siobhán Ó Briain", "Олена Коваленко", "李伟", "محمد", "الراشد"):
        assert name in text, name


def test_every_page_is_marked_and_numbered_with_author_and_versions(store, filled, clock):
    pdf = build_pack(pack_input(store, filled.id, FORMS, police_reference="HUM-123"))
    texts = page_texts(pdf)
    assert len(texts) >= 4
    for number, text in enumerate(texts, start=1):
        assert text.count(MARKING) >= 2
        assert f"Page {number} of {len(texts)}" in text
        assert uk_datetime(clock.now(), LONDON) in text and "Ann Administrator" in text
        assert "Part A version 1" in text and "Locations and contacts version 1" in text
    cover = " ".join(texts[0].split())
    for expected in (
        "HUM-123",
        "Age 14",
        "02/04/2011",
        "160 cm",
        "Black puffer jacket",
        "Child sexual exploitation",
        "Salbutamol",
        "Asthma attack",
    ):
        assert expected in cover, expected
    assert "Check café" in " ".join(texts)
    assert "Older" in texts[-1] and "01/09/2025" in texts[-1]


def test_the_newest_photo_is_on_the_cover_without_metadata(store, filled):
    pdf = build_pack(pack_input(store, filled.id, FORMS))
    reader = PdfReader(io.BytesIO(pdf))
    images = list(reader.pages[0].images)
    assert len(images) == 1
    assert b"Exif" not in images[0].data and b"GPS" not in images[0].data
    with images[0].image as picture:
        left = picture.convert("RGB").getpixel((10, picture.height // 2))
    assert left[2] > 150 and left[0] < 80  # the blue newest photo, not the red older one
    assert sum(len(list(p.images)) for p in reader.pages) == 2


def test_a_photo_kept_off_the_cover_is_printed_further_on_with_its_caption(store, filled):
    store.photos.add(
        filled.id,
        jpeg_bytes(colour=(200, 30, 30)),
        taken_on=date(2026, 2, 20),
        description="At the party, with friends",
        on_cover=False,
    )
    data = pack_input(store, filled.id, FORMS)
    assert [p.description for p in data.photos] == [
        "Newest",  # the newest marked for the cover comes first: the cover prints it
        "At the party, with friends",
        "Older",
    ]
    reader = PdfReader(io.BytesIO(build_pack(data)))
    with next(iter(reader.pages[0].images)).image as picture:
        left = picture.convert("RGB").getpixel((10, picture.height // 2))
    assert left[2] > 150 and left[0] < 80  # still the blue photo marked for the cover
    assert "At the party, with friends" in " ".join(page_texts(build_pack(data))[1:])


def test_a_child_with_nothing_recorded_still_gets_a_pack_saying_what_is_missing(store, child):
    texts = page_texts(build_pack(pack_input(store, child.id, FORMS)))
    assert "No photograph on file." in texts[0]
    assert "Not yet recorded" in texts[0]
    assert "not yet saved" in texts[0]


def test_password_protection_is_aes_256(store, filled, tmp_path):
    pdf = build_pack(pack_input(store, filled.id, FORMS))
    path = save_pdf(tmp_path / "pack", pdf, password="long password 1")
    assert path.suffix == ".pdf"
    reader = PdfReader(path)
    assert reader.is_encrypted
    assert reader.decrypt("wrong password") == 0
    assert reader.decrypt("long password 1") != 0
    assert reader._encryption.V == 5  # AES-256
    assert "Siobhán" in reader.pages[0].extract_text()
    with pytest.raises(BadInput, match="at least 8"):
        protect(pdf, "short")


def test_email_draft_has_the_pack_attached_and_no_password(store, filled, tmp_path, clock):
    pdf = build_pack(pack_input(store, filled.id, FORMS))
    protected = protect(pdf, "long password 1")
    path = save_email_draft(
        tmp_path,
        protected,
        file_name="Philomena-pack.pdf",
        subject="Missing child",
        body="Pack attached.",
        when=clock.now(),
    )
    raw = path.read_bytes()
    assert b"long password 1" not in raw
    message = email.message_from_bytes(raw)
    assert message["X-Unsent"] == "1"
    [attachment] = [p for p in message.walk() if p.get_filename()]
    assert attachment.get_filename() == "Philomena-pack.pdf"
    assert attachment.get_payload(decode=True) == protected
    assert email_draft(pdf, file_name="x.pdf", subject="s", body="b", when=clock.now())


def test_visual_order_of_right_to_left_runs():
    assert visual_word_order("محمد الراشد") == "الراشد محمد"
    assert visual_word_order("Also: محمد الراشد, Mo") == "Also: الراشد محمد , Mo"
    assert visual_word_order("x (محمد الراشد) y") == "x ( الراشد محمد ) y"
    assert visual_word_order("محمد, Mo") == "محمد , Mo"
    assert visual_word_order("Olena Коваленко") == "Olena Коваленко"


def test_cjk_runs_get_the_fallback_font_and_markup_is_escaped():
    assert markup("李伟 & <b>") == '<font name="PhilomenaFallback">李伟</font> &amp; &lt;b&gt;'
    assert markup("line one\nline two") == "line one<br/>line two"


def test_arabic_words_print_right_to_left(store, filled):
    pdf = build_pack(pack_input(store, filled.id, FORMS))
    document = pdfium.PdfDocument(pdf)
    page = document[0].get_textpage()
    text = page.get_text_range()
    first, second = text.index("محمد"), text.index("الراشد")
    x = lambda i: page.get_charbox(i)[0]  # noqa: E731
    # The first word read (محمد) stands to the right of the second, and each word's first
    # letter is its rightmost.
    assert x(first) > x(second + len("الراشد") - 1)
    assert x(first) > x(first + 3)
    document.close()


def test_with_an_open_episode_the_pack_adds_part_b_and_the_timed_log(store, filled, clock):
    from datetime import timedelta

    episode = store.episodes.start(
        filled.id, whereabouts="unknown", details={"last_seen_where": "Bus station"}
    )
    clock.moment += timedelta(minutes=30)
    store.episodes.append(
        episode.id,
        "contacted_person",
        {"who": "Kayleigh", "relationship": "friend", "outcome": "not seen her today"},
    )
    store.episodes.append(episode.id, "police_report", {"reference": "HUM-4242"})
    texts = page_texts(build_pack(pack_input(store, filled.id, FORMS)))
    everything = " ".join(texts)
    assert "HUM-4242" in texts[0]  # the reference from the log reaches the cover
    assert "Part B" in everything and "Bus station" in everything
    log_page = next(t for t in texts if "Timed log of this episode" in t)
    assert "Kayleigh" in log_page and "Ann Administrator" in log_page
    assert "Part B not yet saved" in texts[0]


def test_in_summer_time_the_pack_prints_the_homes_clock_not_utc(store, child, clock):
    clock.moment = datetime(2026, 7, 14, 16, 5, tzinfo=LONDON)  # 15:05 UTC
    store.forms.save(child.id, FORMS["part_a"], {"height": "160 cm"})
    texts = page_texts(build_pack(pack_input(store, child.id, FORMS)))
    part_a = next(t for t in texts if "Version 1, saved" in t)
    assert "Version 1, saved 14/07/2026 16:05 BST by Ann Administrator" in part_a
    assert "Made 14/07/2026 16:05 BST" in texts[0]
    assert "15:05" not in " ".join(texts)


def test_a_form_saved_late_on_a_summer_night_is_dated_by_the_homes_calendar(store, child, clock):
    clock.moment = datetime(2026, 7, 14, 0, 30, tzinfo=LONDON)  # still 13 July in UTC
    store.forms.save(child.id, FORMS["part_a"], {"height": "160 cm"})
    texts = page_texts(build_pack(pack_input(store, child.id, FORMS)))
    assert "Part A version 1 of 14/07/2026" in texts[0]


def test_the_pack_reads_every_kind_of_entry_in_plain_english(store, filled, clock):
    from datetime import timedelta

    from tests.support.entries import log_every_kind

    episode = store.episodes.start(filled.id, whereabouts="unknown")
    clock.moment += timedelta(minutes=20)
    written = log_every_kind(store, episode.id)
    phoned = next(e for e in written if e.kind == "phoned_child")
    store.episodes.correct(phoned.id, reason="Logged twice", retract=True)
    reader = PdfReader(io.BytesIO(build_pack(pack_input(store, filled.id, FORMS))))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Timed log of this episode" in text
    assert "_" not in text and "{" not in text
    flat = " ".join(text.split())
    assert "Corrects 15:20 Phoned the child (Outcome: No answer); Withdrawn" in flat
    assert "At risk of self-harm or suicide" in flat
    assert "Told the child's social worker" in flat
    assert "not done: The care plan says not to" in flat
    assert "Police accepted the report" in flat and "Missing person reference: MP-26-118" in flat
    assert "Who supplied the information: Kim on the late shift" in flat  # and not its field


def test_control_characters_and_characters_no_font_has_print_as_visible_marks():
    assert mark("\x07") == "⟨U+0007⟩"
    assert mark("\u202e") == "⟨U+202E⟩"  # a bidi override would make text read otherwise
    assert mark("\U0001fae0") == "⟨melting face⟩"  # an emoji none of the shipped fonts has
    marked = markup("a\x07b\x1b[31m \U0001fae0")
    assert "⟨U+0007⟩" in marked and "⟨U+001B⟩" in marked and "⟨melting face⟩" in marked
    assert "\x07" not in marked and "\x1b" not in marked
    assert markup("one\r\ntwo\rthree\u2028four") == "one<br/>two<br/>three<br/>four"
    assert "⟨U+000C⟩" in markup("page\x0cfeed")  # a form feed is not a line break here
    assert "\t" in markup("a\tb")  # tabs are laid out as space


def test_a_footer_line_too_long_for_the_page_is_drawn_smaller_then_cut_short():
    assert fit("short", 100) == ("short", 7.5)
    text, size = fit("x" * 60, 200)
    assert text == "x" * 60 and 5.5 <= size < 7.5
    text, size = fit("Oak House " * 3000 + "\x07", 200)
    assert text.endswith("…") and size == 5.5 and stringWidth(text, REGULAR, size) <= 200


def test_a_word_in_a_script_no_font_has_prints_as_one_mark_saying_so():
    assert marks("नमस्ते") == "⟨6 Devanagari characters⟩"
    assert markup("नमस्ते दुनिया").count("⟨6 Devanagari characters⟩") == 2
    assert plain("Oak \x07 नमस्ते") == "Oak ⟨U+0007⟩ ⟨6 Devanagari characters⟩"


def test_a_long_right_to_left_passage_reads_down_the_page_in_order():
    passage = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة"
    words = passage.split(" ")
    lines = markup(passage, width=120, size=9.5).split("<br/>")
    assert len(lines) > 1
    # Each line holds the next words, right to left; the first line the first words.
    assert lines[0].split(" ")[-1] == words[0]
    assert [w for line in lines for w in reversed(line.split(" "))] == words
