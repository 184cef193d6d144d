"""Every record signed by its author with their own Ed25519 key, and chained.

One ledger covers every kind of record (accounts, signing keys, children, episodes, form
versions, photographs, log entries): each change adds a row naming the record, its author, the
author's key, a digest of the record as stored, and the previous row's hash; the author signs the
row's hash. A private key lives only inside its owner's key slot, so someone holding the data key
and the log's key (an administrator, say) still cannot change, remove or move another person's
record without a signature failing.
"""
