"""Key material, kept apart from the database code.

The key file, key derivation, device binding and the wait after wrong passphrases.
"""
