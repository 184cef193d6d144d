"""The encrypted store: SQLCipher database, key slots, photographs, migrations."""
