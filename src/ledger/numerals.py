"""Chinese section numerals, 一 … 九十九, in both directions: reading a plan and writing the Excel ledger."""
from __future__ import annotations

import re

DIGITS = "一二三四五六七八九"
NUMERAL_CHARS = DIGITS + "十"
VALUE = {char: value for value, char in enumerate(DIGITS, start=1)}
TENS = re.compile(rf"([{DIGITS}])?十([{DIGITS}])?")


def numeral_value(numeral: str) -> int | None:
    """一 … 九十九 -> 1 … 99; None for anything that is not a well-formed numeral (一十, 十十)."""
    if numeral in VALUE:
        return VALUE[numeral]
    match = TENS.fullmatch(numeral)
    if not match or match[1] == "一":
        return None
    return (VALUE[match[1]] if match[1] else 1) * 10 + (VALUE[match[2]] if match[2] else 0)


def numeral_for(number: int) -> str:
    """1 … 99 -> 一 … 九十九, as a plan writes its section numbers."""
    tens, ones = divmod(number, 10)
    return ("" if tens < 2 else DIGITS[tens - 1]) + ("十" if tens else "") + (DIGITS[ones - 1] if ones else "")
