"""A police pack with 10 photographs and 300 log entries against bare reportlab (goal ≤ 1.3×).

Run: python tests/bench/bench_pack.py [--runs N]
The floor is reportlab alone laying out the same photographs, the same answers and the same log
entries as plain paragraphs with the same embedded font; the pack adds the cover, tables,
markings, page references and page numbers from the form definitions.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate

from desktop import paths
from desktop.domain.clock import SystemClock
from desktop.domain.model import ChildDetails, Home
from desktop.export.contents import PackInput
from desktop.export.gather import pack_input
from desktop.export.pack import build_pack, format_value
from desktop.export.text import REGULAR, register_fonts
from desktop.formspec import load_forms
from desktop.store.demo import portrait
from desktop.store.demo_forms import demo_form_values
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.bench.common import median_seconds, report


def bare_reportlab(data: PackInput) -> bytes:
    """The same photographs and answers, laid out by reportlab with no extras."""
    register_fonts()
    style = ParagraphStyle("p", fontName=REGULAR, fontSize=9.5, leading=12.5)
    story: list = []
    for form in data.forms:
        for field in form.spec.fields():
            value = form.values.get(field.id)
            if value:
                story.append(Paragraph(f"{field.label}: {format_value(field, value)}", style))
    for line in data.log:
        story.append(Paragraph(f"{line.number} {line.author} {line.entry} {line.details}", style))
    for photo in data.photos:
        story.append(
            Image(io.BytesIO(photo.jpeg), width=photo.width * 0.2, height=photo.height * 0.2)
        )
    out = io.BytesIO()
    SimpleDocTemplate(out).build(story)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    forms = load_forms(paths.forms_dir())
    clock = SystemClock()
    with tempfile.TemporaryDirectory() as tmp:
        created = Store.create(
            Path(tmp) / "s",
            home=Home(name="Bench House"),
            admin_name="Bench",
            passphrase="benchmark passphrase",
            clock=clock,
            device=NoSecrets(),
            kdf=TEST_ONLY_PARAMS,
        )
        with created.store as store:
            child = store.children.add(
                ChildDetails(
                    first_name="Siobhán", last_name="Ó Briain", date_of_birth=date(2011, 4, 2)
                )
            )
            for form_id, values in demo_form_values(0, child).items():
                store.forms.save(child.id, forms[form_id], values)
            for i in range(10):
                store.photos.add(
                    child.id,
                    portrait((20 * i, 90, 160), size=(1500, 2000)),
                    taken_on=clock.now().date() - timedelta(days=30 * i),
                )
            episode = store.episodes.start(child.id, whereabouts="unknown")
            for i in range(299):
                kind = ("phoned_child", "searched_premises", "note")[i % 3]
                body = {"note": f"Entry {i}: rang round the usual places, no news yet."}
                if kind == "phoned_child":
                    body["outcome"] = "No answer"
                store.episodes.append(episode.id, kind, body)
            data = pack_input(store, child.id, forms)
            assert len(data.log) == 300
    floor = median_seconds(lambda: bare_reportlab(data), runs=args.runs)
    measured = median_seconds(lambda: build_pack(data), runs=args.runs)
    ok = report("police pack (10 photos, 300 log entries) vs bare reportlab", measured, floor, 1.3)
    print(f"The pack takes {measured * 1000:.0f} ms here (goal: well under a second).")
    return 0 if ok and measured < 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
