"""Philomena Desk: missing-from-care records and police packs for children's homes."""

__version__ = "0.1.0"
