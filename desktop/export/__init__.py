"""The police pack: PDF, password protection, print and e-mail draft."""
