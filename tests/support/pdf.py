"""Reading back the PDFs the app makes."""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as a reader copies it (compatibility forms folded)."""
    document = pdfium.PdfDocument(pdf)
    texts = [
        unicodedata.normalize("NFKC", page.get_textpage().get_text_range()) for page in document
    ]
    document.close()
    return texts
