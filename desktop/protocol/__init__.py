"""The escalation engine: local protocols as data, turned into timed prompts."""
