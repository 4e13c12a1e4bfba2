"""Evidence of completion (佐证材料): files read into the ledger, and written back out byte for byte (SPEC §10)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Optional

from .errors import LedgerError
from .messages import say

if TYPE_CHECKING:
    from .store import Location, Store

MAX_BYTES = 50 * 1024 * 1024
# A piece of evidence as the ledger keeps it: (name, size, sha256, content) of a file, or the url of a link.
EvidenceRow = tuple[Optional[str], Optional[int], Optional[str], Optional[bytes], Optional[str]]
URL_PREFIXES = ("http://", "https://")


def read_evidence(items: Iterable[str]) -> list[EvidenceRow]:
    """Each PATH_OR_URL as a row to keep: (name, size, sha256, content, url). A file that cannot be read
    (missing, a folder, too big) is an error before anything is written."""
    kept: list[EvidenceRow] = []
    for item in items:
        if item.lower().startswith(URL_PREFIXES):
            kept.append((None, None, None, None, item))
            continue
        path = Path(item)
        if not path.is_file():
            raise LedgerError(say("evidence_missing", path=path))
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LedgerError(say("evidence_too_big", path=path, size=size // (1024 * 1024)))
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise LedgerError(say("evidence_unreadable", path=path, reason=exc.strerror)) from None
        kept.append((path.name, len(content), hashlib.sha256(content).hexdigest(), content, None))
    return kept


def save_evidence(files: Sequence[tuple[str, bytes]], folder: Path, database: Location) -> list[Path]:
    """Write each kept file into `folder` under its own name (a repeated name gets -2, -3 …); never overwrites,
    never the ledger database."""
    from .outputs import check_not_database

    targets, taken = [], set()
    for name, _content in files:
        target = folder / name
        counter = 1
        while target.name in taken:
            counter += 1
            target = folder / f"{Path(name).stem}-{counter}{Path(name).suffix}"
        taken.add(target.name)
        check_not_database(target, database)
        if target.exists():
            raise LedgerError(say("evidence_exists", path=target))
        targets.append(target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for target, (_name, content) in zip(targets, files):
            target.write_bytes(content)
    except OSError as exc:
        raise LedgerError(say("cannot_save_evidence", path=folder, reason=exc.strerror)) from None
    return targets


def save_task_evidence(store: Store, plan: str, number: int, folder: Path, database: Location) -> list[Path]:
    """Write the evidence files kept for task `number` of `plan` into `folder` (save_evidence); none kept: nothing
    written and no folder made. An unknown task is an error, not an empty folder."""
    store.task(plan, number)
    files = store.evidence_files(plan, number)
    return save_evidence(files, folder, database) if files else []
