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
RTF = b"{\\rtf"  # Word's rich text, often saved under a .doc name
SPREADSHEET_XML = b"urn:schemas-microsoft-com:office:spreadsheet"  # Excel 2003 XML, often under a .xls name
# What a file named like an office document must be, when its content is none of the kinds read here: its kind,
# and the message saying what it is not.
SUFFIX_KINDS = {".docx": "Word .docx", ".xlsx": "Excel .xlsx", ".doc": "Word .doc", ".wps": "WPS .wps",
                ".xls": "Excel .xls", ".et": "WPS .et", ".pdf": "PDF"}
NOT_THIS_KIND = {".docx": "wrong_not_zip", ".xlsx": "wrong_not_zip", ".doc": "wrong_not_ole2", ".wps": "wrong_not_ole2",
                 ".xls": "wrong_not_ole2", ".et": "wrong_not_ole2", ".pdf": "wrong_not_pdf"}


def read_grid(path: Path, encoding: str | None = None, sheet: str | None = None) -> Grid:
    """The plan file's grid, whatever kind of file it is; InputError when it cannot be read."""
    head = _head(path)
    if head.startswith(ZIP):
        return _read_zip(path, sheet)
    if head.startswith(OLE2) or head.startswith(RTF) or (head.startswith(b"<?xml") and SPREADSHEET_XML in head):
        from . import ole2

        return ole2.read(path, sheet, spreadsheet=SPREADSHEET_XML in head or None)
    if head.lstrip().startswith(PDF):
        from . import pdf

        return pdf.read(path)
    if is_html(head):  # also a web page saved under a .doc or .xls name, as many systems export tables
        from . import html

        return html.read(path, encoding)
    suffix = path.suffix.lower()
    if suffix in SUFFIX_KINDS and head:  # random bytes named .docx are no text file to decode
        kind = SUFFIX_KINDS[suffix]
        raise InputError(str(path), say("not_this_kind", suffix=path.suffix, kind=kind,
                                        wrong=say(NOT_THIS_KIND[suffix], kind=kind)))
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
        kind = "Excel" if path.suffix.lower() in (".xlsx", ".xlsm") else "Word"
        raise InputError(str(path), say("damaged_document", kind=kind,
                                        reason=say("broken_zip", reason=exc))) from None
    if "word/document.xml" in names:
        from . import docx

        return docx.read(path)
    if "xl/workbook.xml" in names:
        from . import xlsx

        return xlsx.read(path, sheet)
    raise InputError(str(path), say("not_word_or_excel"))
