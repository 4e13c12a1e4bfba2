from datetime import date

import pytest

from ledger.deadlines import parse_deadline
from ledger.model import Kind


@pytest.mark.parametrize("raw", ["长期", "长期坚持", "长期推进", "持续推进", "持续开展", "常态化", "及时", "随时",
                                 " 长期 ", "長期"])
def test_ongoing_phrases_have_no_due_date(raw):
    deadline = parse_deadline(raw, 2022)
    assert (deadline.kind, deadline.due, deadline.raw) == (Kind.ONGOING, None, raw)


@pytest.mark.parametrize("raw, due", [
    ("12月30日", date(2022, 12, 30)),
    ("1月31日前", date(2022, 1, 31)),
    ("１２月３０日", date(2022, 12, 30)),
    ("12月30日前完成", date(2022, 12, 30)),
    ("2023年 1月31日", date(2023, 1, 31)),
    ("2023年1月31日前", date(2023, 1, 31)),
    ("2023-01-31", date(2023, 1, 31)),
    ("2023.1.31", date(2023, 1, 31)),
    ("2023/1/31", date(2023, 1, 31)),
    ("6月", date(2022, 6, 30)),
    ("6月底", date(2022, 6, 30)),
    ("6月前", date(2022, 6, 30)),
    ("6月底前", date(2022, 6, 30)),
    ("6月底前完成", date(2022, 6, 30)),
    ("2月底", date(2022, 2, 28)),
    ("2023年3月底前", date(2023, 3, 31)),
    ("年底", date(2022, 12, 31)),
    ("年底前", date(2022, 12, 31)),
    ("年内", date(2022, 12, 31)),
    ("年末", date(2022, 12, 31)),
    ("全年", date(2022, 12, 31)),
    ("上半年", date(2022, 6, 30)),
    ("下半年", date(2022, 12, 31)),
    ("一季度", date(2022, 3, 31)),
    ("第二季度", date(2022, 6, 30)),
    ("三季度末", date(2022, 9, 30)),
    ("三季度前", date(2022, 9, 30)),
    ("第四季度", date(2022, 12, 31)),
    ("次年1月底前", date(2023, 1, 31)),
    ("明年3月", date(2023, 3, 31)),
    ("次年2月15日", date(2023, 2, 15)),
])
def test_dated_phrases(raw, due):
    deadline = parse_deadline(raw, 2022)
    assert (deadline.kind, deadline.due) == (Kind.DATE, due)


def test_february_end_follows_the_leap_year():
    assert parse_deadline("2月底", 2024).due == date(2024, 2, 29)
    assert parse_deadline("2月底", 2023).due == date(2023, 2, 28)


def test_february_29_exists_only_in_leap_years():
    assert parse_deadline("2月29日", 2024).due == date(2024, 2, 29)
    assert parse_deadline("2月29日", 2023).kind is Kind.UNRECOGNIZED


@pytest.mark.parametrize("raw", ["每月", "每季度", "每半年", "每年"])
def test_recurring_phrases_are_never_due(raw):
    assert (parse_deadline(raw, 2022).kind, parse_deadline(raw, 2022).due) == (Kind.RECURRING, None)


def test_empty_cell_is_no_deadline():
    assert parse_deadline("", 2022).kind is Kind.NONE
    assert parse_deadline("   ", 2022).kind is Kind.NONE


@pytest.mark.parametrize("raw", ["2月30日", "13月", "尽快", "根据上级要求", "2023.1.31.5", "0月1日", "2023-1/31"])
def test_unreadable_or_impossible_phrases_are_unrecognized_and_kept(raw):
    deadline = parse_deadline(raw, 2022)
    assert (deadline.kind, deadline.due, deadline.raw) == (Kind.UNRECOGNIZED, None, raw)
