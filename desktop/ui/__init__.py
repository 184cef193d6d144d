"""The PySide6 desktop app: setup, sign-in, children, forms, photos and the police pack."""
