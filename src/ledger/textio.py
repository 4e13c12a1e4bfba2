"""Bytes of a plan file -> text with LF line endings. Knows encodings, not tables."""
from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError
from .messages import say

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_plan_text(path: Path, encoding: str | None = None) -> str:
    """Read a plan file as text; raise InputError naming the file (and line) when it is not."""
    shown = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(shown, say("no_such_file")) from None
    except IsADirectoryError:
        raise InputError(shown, say("is_directory")) from None
    except OSError as exc:
        raise InputError(shown, say("unreadable", reason=exc.strerror)) from None
    text = decode(data, shown, encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, shown: str, encoding: str | None = None) -> str:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(shown, say("unknown_encoding", encoding=encoding)) from None
        return _strict(data, encoding, shown)
    for bom, name in BOMS:
        if data.startswith(bom):
            return _strict(data, name, shown)
    if b"\x00" in data:
        raise InputError(shown, say("nul_bytes"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # UTF-8 text with a stray byte must not be misread as GB18030 mojibake: several valid
    # multi-byte UTF-8 characters before the bad byte say the file is UTF-8.
    valid_prefix = data[: utf8_error.start].decode("utf-8")
    if sum(ord(char) >= 0x80 for char in valid_prefix) >= 4:
        raise _undecodable(data, utf8_error.start, "utf-8", shown)
    try:
        return _strict(data, "gb18030", shown)
    except InputError:
        raise _undecodable(data, utf8_error.start, "utf-8", shown) from None


def _strict(data: bytes, encoding: str, shown: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc.start, encoding, shown) from None
    except LookupError:  # a codec that is not a text encoding (rot13, base64): bytes.decode refuses it
        raise InputError(shown, say("unknown_encoding", encoding=encoding)) from None
    if "\x00" in text:
        raise InputError(shown, say("nul_characters"))
    return text


def _undecodable(data: bytes, offset: int, encoding: str, shown: str) -> InputError:
    before = data[:offset].decode(encoding, errors="replace")
    line = before.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    return InputError(shown, say("undecodable", encoding=encoding, byte=data[offset]), line)
