"""One reader per kind of file, chosen by the file's content (not only its name); each gives a Grid (grid.py)."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..grid import Grid
from ..messages import say

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, WPS, Excel 97-2003, ET
ZIP = b"PK\x03\x04"
PDF = b"%PDF-"
HTML_MARKS = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<head")


def read_grid(path: Path, encoding: str | None = None, sheet: str | None = None) -> Grid:
    """The plan file's grid, whatever kind of file it is; InputError when it cannot be read."""
    head = _head(path)
    if head.startswith(ZIP):
        return _read_zip(path, sheet)
    if head.startswith(OLE2):
        from . import ole2

        return ole2.read(path, sheet)
    if head.lstrip().startswith(PDF):
        raise InputError(str(path), say("pdf_file"))
    if is_html(head):
        from . import html

        return html.read(path, encoding)
    from . import text

    return text.read(path, encoding)


def _head(path: Path) -> bytes:
    """The file's first bytes, enough to tell its kind; a missing or unreadable file is the text reader's to say."""
    try:
        with path.open("rb") as handle:
            return handle.read(4096)
    except OSError:
        return b""


def is_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(b"<") and any(mark in start for mark in HTML_MARKS)


def _read_zip(path: Path, sheet: str | None) -> Grid:
    """A .docx or .xlsx is a zip file: which one is told by what it holds."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(str(path), say("damaged_document", kind="zip", reason=type(exc).__name__)) from None
    if "word/document.xml" in names:
        from . import docx

        return docx.read(path)
    if "xl/workbook.xml" in names:
        from . import xlsx

        return xlsx.read(path, sheet)
    raise InputError(str(path), say("not_word_or_excel"))
