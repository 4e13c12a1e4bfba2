from datetime import date

import pytest

from ledger.deadlines import deadline_in_text, parse_deadline
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


@pytest.mark.parametrize("raw, due", [
    ("11月中旬", date(2022, 11, 20)), ("3月上旬", date(2022, 3, 10)), ("2月下旬", date(2022, 2, 28)),
    ("9月投入使用", date(2022, 9, 30)), ("5月底前动工", date(2022, 5, 31)), ("6月底以前", date(2022, 6, 30)),
    ("2022年6月底前完成", date(2022, 6, 30)), ("10月份", date(2022, 10, 31)),
])
def test_ten_day_parts_of_a_month_and_a_date_before_an_action(raw, due):
    assert parse_deadline(raw, 2022) == (raw, Kind.DATE, due)


@pytest.mark.parametrize("text, phrase, due", [
    ("2022年9月底前，实现全市政务服务事项全覆盖。", "2022年9月底前", date(2022, 9, 30)),
    ("建成统一平台（2022年6月底前完成）。", "2022年6月底前", date(2022, 6, 30)),
    ("新馆9月投入使用。", "9月", date(2022, 9, 30)),
    ("项目5月底前动工，年内完成主体工程。", "5月底前", date(2022, 5, 31)),
    ("（上半年）完成试点。", "上半年", date(2022, 6, 30)),
    ("第三季度，开展评估。", "第三季度", date(2022, 9, 30)),
    ("11月中旬召开推进会。", "11月中旬", date(2022, 11, 20)),
    ("６月底前完成试点，１２月底前全面推开。", "12月底前", date(2022, 12, 31)),
])
def test_the_deadline_a_task_text_names_is_found_and_the_latest_wins(text, phrase, due):
    assert deadline_in_text(text, 2022) == (phrase, Kind.DATE, due)


@pytest.mark.parametrize("text", ["根据2020年5月印发的通知，做好公开。", "持续推进基层标准化。", "每月开展网站检查。",
                                  "总结2021年工作经验。", "按照国办发〔2020〕50号文件要求。"])
def test_a_date_that_only_tells_when_something_happened_is_no_deadline(text):
    assert deadline_in_text(text, 2022) is None
