"""The web pages (`ledger serve`): filled in by the web helper."""

ENGLISH: dict[str, str] = {}

CHINESE: dict[str, str] = {}
