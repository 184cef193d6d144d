"""Key material, kept apart from the database code.

The key file, key derivation, device binding, the wait after wrong passphrases, and the lock
every change and every try takes its turn under.
"""
