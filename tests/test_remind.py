"""The unit directory and reminders (催办, SPEC §11): pure lookups, the store, and the commands end to end,
with the mails sent through a real SMTP server (aiosmtpd) on 127.0.0.1."""
import email
import email.policy
import json
import os
import shutil
import socket
import sqlite3
import subprocess

import pytest

from conftest import dump, query, run
from ledger.directory import Directory, Entry, check_alias, check_group
from ledger.errors import Conflict
from ledger.mail import MailError, build, check_address, server_from

pytestmark = pytest.mark.both_databases

TODAY = "2022-12-26"
GROUP = "各职能科(室)"


# -- the directory, pure ---------------------------------------------------------------------------

DIRECTORY = Directory({"办公室": Entry("办公室", "bgs@example.gov.cn")}, {"局办公室": "办公室", "法规": "法规科"},
                      {GROUP: ("法规科", "办公室"), "空组": ()})


@pytest.mark.parametrize("name, unit", [("局办公室", "办公室"), ("办公室", "办公室"), ("法规", "法规科"),
                                        ("测管科", "测管科"), (GROUP, GROUP)])
def test_an_alias_means_its_unit_and_any_other_name_itself(name, unit):
    assert DIRECTORY.canonical(name) == unit


def test_a_unit_answers_for_its_aliases_and_its_groups():
    assert DIRECTORY.written_names("办公室") == ("办公室", "局办公室", GROUP)
    assert DIRECTORY.written_names("局办公室") == ("办公室", "局办公室", GROUP)
    assert DIRECTORY.written_names("法规科") == ("法规科", "法规", GROUP)
    assert DIRECTORY.written_names("测管科") == ("测管科",)


@pytest.mark.parametrize("written, owing", [
    (["办公室"], ["办公室"]), (["局办公室"], ["办公室"]), ([GROUP], ["法规科", "办公室"]),
    (["国土信息中心", GROUP], ["国土信息中心", "法规科", "办公室"]), (["办公室", GROUP], ["办公室", "法规科"]),
    (["空组"], ["空组"]), ([], [])])
def test_a_group_owes_through_its_members_and_an_alias_through_its_unit(written, owing):
    assert DIRECTORY.owing(written) == owing


def test_aliases_and_groups_refuse_what_would_make_chains_or_loops():
    assert check_alias(DIRECTORY, "办公厅", "局办公室") == "办公室"  # an alias of an alias means the unit
    for alias, name in (("办公室", "办公室"), ("办公室", "法规科"), (GROUP, "法规科"), ("法规科", "办公室")):
        with pytest.raises(Conflict):
            check_alias(DIRECTORY, alias, name)
    assert check_group(DIRECTORY, "相关科(室)", ["局办公室", "法规科", "办公室"]) == ("办公室", "法规科")
    for group, members in (("相关科(室)", [GROUP]), (GROUP, [GROUP]), ("局办公室", ["法规科"])):
        with pytest.raises(Conflict):
            check_group(DIRECTORY, group, members)


# -- mail, pure --------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, host, port, tls", [("smtp://mail.example.gov.cn:587", "mail.example.gov.cn", 587, False),
                                                  ("smtps://127.0.0.1:4650", "127.0.0.1", 4650, True),
                                                  ("smtp://localhost", "localhost", 25, False),
                                                  ("smtps://mail.example.gov.cn", "mail.example.gov.cn", 465, True)])
def test_the_server_comes_from_ledger_smtp(url, host, port, tls):
    server = server_from({"LEDGER_SMTP": url, "LEDGER_MAIL_FROM": "ledger@example.gov.cn", "LEDGER_SMTP_USER": "u"})
    assert (server.host, server.port, server.implicit_tls, server.user, server.sender) == (
        host, port, tls, "u", "ledger@example.gov.cn")


@pytest.mark.parametrize("environ", [{}, {"LEDGER_SMTP": "http://x:25", "LEDGER_MAIL_FROM": "a@b.cn"},
                                     {"LEDGER_SMTP": "smtp://x:port", "LEDGER_MAIL_FROM": "a@b.cn"},
                                     {"LEDGER_SMTP": "smtp://", "LEDGER_MAIL_FROM": "a@b.cn"},
                                     {"LEDGER_SMTP": "smtp://x:25"}, {"LEDGER_SMTP": "smtp://x:25", "LEDGER_MAIL_FROM": "a"}])
def test_a_missing_or_wrong_mail_setting_is_an_error(environ):
    with pytest.raises(MailError):
        server_from(environ)


@pytest.mark.parametrize("address", ["bgs@example.gov.cn", "a.b+c@mail.example.com", "x@localhost"])
def test_good_addresses_pass(address):
    assert check_address(address) == address


@pytest.mark.parametrize("address", ["", "bgs", "@example.com", "bgs@", "a b@example.com", "bgs@example",
                                     "办公室 <bgs@example.gov.cn>", "a@b.cn\nBcc: x@y.cn"])
def test_bad_addresses_are_refused(address):
    with pytest.raises(MailError):
        check_address(address)


def test_a_message_is_utf8_plain_text_with_encoded_chinese_headers():
    from datetime import datetime, timezone

    message = build("ledger@example.gov.cn", "办公室", "bgs@example.gov.cn", "【催办】办公室：逾期 1 项", "任务 29\n",
                    datetime(2022, 12, 26, 8, 30, tzinfo=timezone.utc))
    raw = message.as_bytes()
    assert raw.isascii() and b"=?utf-8?" in raw  # RFC 2047 headers and a base64 body: 7-bit clean
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == "【催办】办公室：逾期 1 项"
    assert parsed["To"].addresses[0].display_name == "办公室"
    assert parsed["To"].addresses[0].addr_spec == "bgs@example.gov.cn"
    assert parsed.get_content_type() == "text/plain" and parsed.get_content_charset() == "utf-8"
    assert parsed.get_content() == "任务 29\n"
    assert parsed["Message-ID"].endswith("@example.gov.cn>") and parsed["Date"]


# -- the directory in the store and the commands ------------------------------------------------------

@pytest.fixture
def directory(imported):
    for args in (("set", "办公室", "--email", "bgs@example.gov.cn", "--leader", "张主任"),
                 ("set", "法规科", "--email", "fgk@example.gov.cn"), ("group", GROUP, "法规科")):
        result = run("unit", *args)
        assert result.exit_code == 0, result.stderr


@pytest.mark.sqlite_only  # the guard on PostgreSQL: test_history.py
def test_unit_set_confirms_and_keeps_every_change_in_the_history(imported, db):
    first = run("unit", "set", "办公室", "--email", "bgs@example.gov.cn")
    assert first.exit_code == 0 and first.stdout == "Unit 办公室: email — → bgs@example.gov.cn.\n"
    assert run("unit", "set", "办公室", "--email", "bgs@example.gov.cn").stdout == "Unit 办公室: nothing changed.\n"
    assert run("unit", "set", "办公室", "--email", "office@example.gov.cn", "--leader", "张主任").exit_code == 0
    assert run("unit", "set", "办公室", "--email", "").exit_code == 0
    history = json.loads(run("unit", "history", "--format", "json").stdout)
    assert [(row["name"], row["field"], row["old"], row["new"], row["by"]) for row in history] == [
        ("办公室", "email", "", "bgs@example.gov.cn", "tester"),
        ("办公室", "email", "bgs@example.gov.cn", "office@example.gov.cn", "tester"),
        ("办公室", "leader", "", "张主任", "tester"),
        ("办公室", "email", "office@example.gov.cn", "", "tester")]
    conn = sqlite3.connect(db)
    for statement in ("UPDATE directory_history SET new = 'x'", "DELETE FROM directory_history"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(statement)


def test_a_bad_address_or_an_unknown_unit_is_one_error_line_and_changes_nothing(imported, db):
    before = dump(db)
    for args, said in ((("set", "办公室", "--email", "not an address"), "is not a mail address"),
                       (("alias", "局办公室", "办公"), "did you mean: 办公室"),
                       (("group", GROUP, "法规科", "没有这个科"), "no unit is called '没有这个科'"),
                       (("alias", "办公室", "办公室"), "cannot be an alias of itself")):
        result = run("unit", *args)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith("Error: ") and said in result.stderr and result.stderr.count("\n") == 1
    assert dump(db) == before


def test_unit_list_shows_addresses_aliases_and_groups(directory):
    assert run("unit", "alias", "局办公室", "办公室").stdout == "局办公室 now stands for 办公室.\n"
    rows = {row["unit"]: row for row in json.loads(run("unit", "list", "--format", "json").stdout)}
    assert rows["办公室"] == {"unit": "办公室", "email": "bgs@example.gov.cn", "leader": "张主任",
                             "aliases": ["局办公室"], "groups": [], "members": []}
    assert rows["法规科"]["groups"] == [GROUP] and rows[GROUP]["members"] == ["法规科"]
    assert "局办公室" not in rows and "测管科" in rows


def test_an_alias_answers_for_its_unit_in_unit_filters(directory):
    assert run("unit", "alias", "局办公室", "办公室").exit_code == 0
    by_alias = json.loads(run("--today", TODAY, "due", "--unit", "局办公室", "--format", "json").stdout)
    by_name = json.loads(run("--today", TODAY, "due", "--unit", "办公室", "--format", "json").stdout)
    assert by_alias == by_name and [task["id"] for task in by_name][:4] == [29, 30, 32, 33]


def test_a_plan_that_writes_an_alias_counts_for_the_unit(tmp_path, db):
    plan = tmp_path / "alias_2022.txt"
    plan.write_text("一、公开。|1.甲任务 | 局办公室 | 12月30日 |2.乙任务 | 办公室 | 12月30日 |"
                    "3.丙任务 | 各科室配合 | 12月30日 |", encoding="utf-8")
    assert run("import", plan).exit_code == 0
    assert run("unit", "alias", "局办公室", "办公室").exit_code == 0
    assert run("unit", "group", "各科室", "办公室", "法规科").exit_code == 1  # 法规科 is in no plan here
    assert run("unit", "set", "法规科").exit_code == 0  # a unit the directory holds is known
    assert run("unit", "group", "各科室", "办公室", "法规科").exit_code == 0
    listed = json.loads(run("list", "--unit", "办公室", "--format", "json").stdout)
    assert [task["id"] for task in listed] == [1, 2, 3]
    assigned = json.loads(run("list", "--unit", "法规科", "--role", "assist", "--format", "json").stdout)
    assert [task["id"] for task in assigned] == [3]
    assert json.loads(run("list", "--unit", "法规科", "--role", "lead", "--format", "json").stdout) == []
    rows = {row["unit"]: row for row in json.loads(run("units", "--format", "json").stdout)}
    assert "局办公室" not in rows
    assert (rows["办公室"]["tasks"], rows["办公室"]["roles"]["lead"], rows["办公室"]["roles"]["assist"]) == (3, 2, 1)
    assert rows["各科室"]["tasks"] == 1 and rows["法规科"]["roles"]["assist"] == 1  # the group's own row stays


def test_a_group_member_owes_the_groups_tasks_in_list_due_overdue_units_and_report(directory):
    listed = json.loads(run("list", "--unit", "法规科", "--format", "json").stdout)
    assert 21 in [task["id"] for task in listed]  # 各职能科(室)配合
    late = json.loads(run("--today", "2023-01-05", "overdue", "--unit", "法规科", "--role", "assist",
                          "--format", "json").stdout)
    assert [task["id"] for task in late] == [21]
    rows = {row["unit"]: row for row in json.loads(run("--today", TODAY, "report", "--format", "json").stdout)}
    assert rows[GROUP]["tasks"] == 12  # the group's own row stays
    assert rows["法规科"]["tasks"] == len(listed) > 13  # its own 13 and the group's


# -- remind -----------------------------------------------------------------------------------------

def test_remind_gives_a_block_per_unit_most_urgent_first_with_group_members(directory):
    result = run("--today", TODAY, "remind", "--format", "plain")
    assert result.exit_code == 0 and result.stderr == ""
    blocks = result.stdout.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [
        "办公室: 0 overdue, 4 due within 7 days", "国土信息中心: 0 overdue, 1 due within 7 days",
        "法规科: 0 overdue, 1 due within 7 days"]
    assert [line.split("\t")[0] for line in blocks[0].splitlines()[1:]] == ["29", "30", "32", "33"]
    assert [line.split("\t")[0] for line in blocks[2].splitlines()[1:]] == ["21"]
    later = run("--today", "2023-01-02", "remind", "--within", "30", "--format", "plain").stdout
    assert later.splitlines()[0] == "办公室: 4 overdue, 1 due within 30 days"  # overdue 29… then 34 due 01-31


def test_remind_for_a_group_chases_its_members_for_the_groups_tasks(directory):
    assert run("unit", "group", GROUP, "法规科", "办公室").exit_code == 0
    found = json.loads(run("--today", TODAY, "remind", "--unit", GROUP, "--format", "json").stdout)
    assert [(block["unit"], [ref["id"] for ref in block["due_soon"]]) for block in found] == [
        ("办公室", [21]), ("法规科", [21])]
    alone = json.loads(run("--today", TODAY, "remind", "--unit", "办公室", "--format", "json").stdout)
    assert [(block["unit"], [ref["id"] for ref in block["due_soon"]]) for block in alone] == [
        ("办公室", [21, 29, 30, 32, 33])]


def test_remind_chases_each_open_period_of_a_recurring_duty(tmp_path, db, mailbox):
    plan = tmp_path / "duty_2022.txt"
    plan.write_text("一、公开。|1.季度更新 | 办公室 | 每季度 |2.年度报告 | 办公室 | 10月10日 |", encoding="utf-8")
    assert run("import", plan).exit_code == 0
    assert run("done", 1, "--period", "2022-Q2").exit_code == 0
    assert run("unit", "set", "办公室", "--email", "bgs@example.gov.cn").exit_code == 0
    found = json.loads(run("--today", "2022-10-05", "remind", "--format", "json").stdout)
    assert [(block["unit"], block["overdue"], block["due_soon"]) for block in found] == [
        ("办公室", [{"plan": "duty_2022", "id": 1, "period": "2022-Q1"}, {"plan": "duty_2022", "id": 1, "period": "2022-Q3"}],
         [{"plan": "duty_2022", "id": 2, "period": None}])]
    assert [task["period"] for task in found[0]["tasks"]] == [{"key": "2022-Q1", "due": "2022-03-31"},
                                                             {"key": "2022-Q3", "due": "2022-09-30"}, None]
    shown = run("--today", "2022-10-05", "remind", "--dry-run")
    assert "任务 1（duty_2022），截止 2022-03-31，周期 2022-Q1（逾期188天）" in shown.stdout

    mailbox.received.clear()
    assert run("--today", "2022-10-05", "remind", "--send").exit_code == 0
    assert len(mailbox.received) == 1
    notes = query(db, "SELECT number, period, text FROM notes WHERE kind = 'remind' ORDER BY id")
    assert notes == [(1, "2022-Q1", "办公室 <bgs@example.gov.cn>"), (1, "2022-Q3", "办公室 <bgs@example.gov.cn>"),
                                (2, None, "办公室 <bgs@example.gov.cn>")]


def test_remind_prints_nothing_when_nothing_is_to_chase(directory, mailbox):
    for args in (("--today", "2022-01-01", "remind"), ("--today", TODAY, "remind", "--within", "0"),
                 ("--today", "2022-01-01", "remind", "--send")):
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert run("--today", "2022-01-01", "remind", "--format", "json").stdout == "[]\n"
    assert run("plan", "archive", "plan_2022").exit_code == 0  # an archived plan is not chased (SPEC §12)
    assert run("--today", TODAY, "remind").stdout == ""
    assert run("--today", TODAY, "remind", "--plan", "plan_2022").stdout.startswith("办公室: 0 overdue, 4 due")
    assert mailbox.received == []


def test_remind_json_has_the_shape_of_the_spec(directory):
    found = json.loads(run("--today", TODAY, "remind", "--unit", "法规科", "--format", "json").stdout)
    assert len(found) == 1
    block = found[0]
    assert set(block) == {"unit", "email", "overdue", "due_soon", "tasks"}
    assert (block["unit"], block["email"], block["overdue"]) == ("法规科", "fgk@example.gov.cn", [])
    assert block["due_soon"] == [{"plan": "plan_2022", "id": 21, "period": None}]
    assert [task["id"] for task in block["tasks"]] == [21] and block["tasks"][0]["days_left"] == 4


def test_remind_dry_run_shows_the_mails_and_sends_and_records_nothing(directory, db, monkeypatch):
    monkeypatch.setenv("LEDGER_SMTP", "smtp://127.0.0.1:9")  # nothing listens: a send would fail
    before = dump(db)
    result = run("--today", TODAY, "remind", "--send", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "To: 办公室 <bgs@example.gov.cn>\nSubject: 【催办】办公室：逾期 0 项，7 日内到期 4 项" in result.stdout
    assert "Subject: 【催办】法规科：逾期 0 项，7 日内到期 1 项" in result.stdout
    assert "任务 21（plan_2022）" in result.stdout and result.stdout.rstrip().endswith("none sent.")
    assert "国土信息中心" in result.stderr
    assert dump(db) == before


# -- sending through a real SMTP server ----------------------------------------------------------------

class Mailbox:
    """An aiosmtpd handler that keeps what it receives and refuses the addresses in `refused` with 550."""

    def __init__(self):
        self.received = []
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos),
                              email.message_from_bytes(envelope.original_content, policy=email.policy.default)))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox(monkeypatch):
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("LEDGER_SMTP", f"smtp://127.0.0.1:{controller.port}")
    monkeypatch.setenv("LEDGER_MAIL_FROM", "ledger@example.gov.cn")
    yield box
    controller.stop()


def remind_notes(task):
    return [note for note in task["notes"] if note["kind"] == "remind"]


def show(number):
    return json.loads(run("show", number, "--format", "json").stdout)[0]


def test_send_mails_each_unit_its_block_and_records_it(directory, mailbox):
    result = run("--today", TODAY, "remind", "--send")
    assert result.exit_code == 0, result.stderr
    assert "国土信息中心" in result.stderr and "no address" in result.stderr
    assert result.stdout == ("Sent 2 reminders: 办公室 <bgs@example.gov.cn>、法规科 <fgk@example.gov.cn>.\n")
    assert [recipients for recipients, _ in mailbox.received] == [["bgs@example.gov.cn"], ["fgk@example.gov.cn"]]
    office, rules = (message for _, message in mailbox.received)
    assert office["Subject"] == "【催办】办公室：逾期 0 项，7 日内到期 4 项"
    assert rules["Subject"] == "【催办】法规科：逾期 0 项，7 日内到期 1 项"
    assert office["From"] == "ledger@example.gov.cn" and office["To"].addresses[0].display_name == "办公室"
    body = office.get_content()
    assert [number for number in range(1, 36) if f"任务 {number}（" in body] == [29, 30, 32, 33]
    assert "按照考核要求,每年至少更新一次“开放广东”数据集资料。" in rules.get_content()
    assert [note["text"] for note in remind_notes(show(29))] == ["办公室 <bgs@example.gov.cn>"]
    assert [note["text"] for note in remind_notes(show(21))] == ["法规科 <fgk@example.gov.cn>"]
    assert remind_notes(show(29))[0]["by"] == "tester" and show(29)["status"] == "open"
    assert remind_notes(show(34)) == []


def test_the_exported_ledger_shows_the_chase_in_the_history_not_as_progress(directory, mailbox, tmp_path):
    import csv

    assert run("--today", TODAY, "remind", "--send", "--unit", "办公室").exit_code == 0
    assert run("export", "--format", "csv", "--output", tmp_path / "台账.csv").exit_code == 0
    with open(tmp_path / "台账.csv", encoding="utf-8-sig", newline="") as handle:
        row = next(row for row in csv.DictReader(handle) if row["序号"] == "29")
    assert row["进展记录"].endswith(" tester 催办: 办公室 <bgs@example.gov.cn>")
    assert "bgs@" not in row["最新进展"]


def test_a_refused_recipient_is_an_error_and_only_what_went_is_recorded(directory, mailbox):
    mailbox.refused.add("bgs@example.gov.cn")
    result = run("--today", TODAY, "remind", "--send")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("Error: the mail server refused 1 reminders")
    assert "办公室 <bgs@example.gov.cn>: 550" in result.stderr
    assert result.stdout == "Sent 1 reminders: 法规科 <fgk@example.gov.cn>.\n"
    assert [recipients for recipients, _ in mailbox.received] == [["fgk@example.gov.cn"]]
    assert remind_notes(show(29)) == [] and len(remind_notes(show(21))) == 1


def test_a_server_that_is_not_there_is_an_error_and_nothing_is_recorded(directory, db, monkeypatch):
    monkeypatch.setenv("LEDGER_SMTP", f"smtp://127.0.0.1:{free_port()}")
    monkeypatch.setenv("LEDGER_MAIL_FROM", "ledger@example.gov.cn")
    before = dump(db)
    result = run("--today", TODAY, "remind", "--send")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("Error: cannot send through the mail server 127.0.0.1:")
    assert dump(db) == before


def test_send_without_a_server_setting_is_an_error(directory, monkeypatch):
    monkeypatch.delenv("LEDGER_SMTP", raising=False)
    result = run("--today", TODAY, "remind", "--send")
    assert result.exit_code == 1 and result.stderr.startswith("Error: --send needs a mail server")


@pytest.fixture
def tls_certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1, made with the openssl command (the stdlib cannot make one)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no certificate for the STARTTLS test")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                           "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1"], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"openssl could not make a certificate: {made.stderr.decode(errors='replace')[:200]}")
    return cert, key


def test_send_uses_starttls_when_the_server_offers_it(directory, tls_certificate, monkeypatch):
    import ssl

    from aiosmtpd.controller import Controller

    cert, key = tls_certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True)
    controller.start()
    try:
        monkeypatch.setenv("LEDGER_SMTP", f"smtp://127.0.0.1:{controller.port}")
        monkeypatch.setenv("LEDGER_MAIL_FROM", "ledger@example.gov.cn")
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test's own certificate, as a real CA is trusted
        result = run("--today", TODAY, "remind", "--send", "--unit", "办公室")
    finally:
        controller.stop()
    assert result.exit_code == 0, result.stderr
    assert [recipients for recipients, _ in box.received] == [["bgs@example.gov.cn"]]


@pytest.mark.parametrize("send", [(), ("--send",)])
def test_remind_dry_run_as_json_prints_the_json_and_sends_nothing(directory, db, monkeypatch, mailbox, send):
    monkeypatch.setenv("LEDGER_SMTP", "smtp://127.0.0.1:9")  # nothing listens: a send would fail
    before = dump(db)
    result = run("--today", TODAY, "remind", *send, "--dry-run", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(run("--today", TODAY, "remind", "-f", "json").stdout)
    assert {block["unit"] for block in json.loads(result.stdout)} >= {"办公室", "法规科"}
    assert mailbox.received == [] and dump(db) == before
    nothing = run("--today", "2022-01-01", "remind", "--dry-run", "-f", "json")
    assert nothing.stdout == "[]\n"


# -- logging in to the mail server (LEDGER_SMTP_USER / LEDGER_SMTP_PASSWORD) -------------------------------

class Logins:
    """An aiosmtpd authenticator that accepts one user and password and keeps every attempt it sees."""

    def __init__(self, user="ledger", password="s3cret"):
        self.user, self.password = user, password
        self.attempts = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        if isinstance(auth_data, LoginPassword):
            encrypted = server.transport.get_extra_info("ssl_object") is not None
            self.attempts.append((auth_data.login.decode(), auth_data.password.decode(), encrypted))
            return AuthResult(success=(auth_data.login.decode(), auth_data.password.decode())
                              == (self.user, self.password), handled=False)
        return AuthResult(success=False, handled=False)


def tls_context(tls_certificate):
    import ssl

    cert, key = tls_certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def a_local_address_that_is_not_loopback():
    """This machine's own address on a network (not 127.x): where a server is reached as if it were elsewhere."""
    import ipaddress

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # a documentation address: no packet is sent, the route picks our side
            address = probe.getsockname()[0]
    except OSError:
        address = "127.0.0.1"
    if ipaddress.ip_address(address).is_loopback:
        if os.environ.get("CI") == "true":
            pytest.fail("this machine has no network address other than loopback: the no-TLS login test cannot run")
        pytest.skip("this machine has no network address other than loopback")
    return address


@pytest.fixture
def smtp_login(monkeypatch):
    """Start an SMTP server (aiosmtpd) with logins, point LEDGER_SMTP at it, and stop it afterwards."""
    from aiosmtpd.controller import Controller

    started = []

    def start(scheme="smtp", host="127.0.0.1", **options):
        box, logins = Mailbox(), Logins()
        controller = Controller(box, hostname=host, port=free_port(), authenticator=logins, **options)
        controller.start()
        started.append(controller)
        monkeypatch.setenv("LEDGER_SMTP", f"{scheme}://{host}:{controller.port}")
        monkeypatch.setenv("LEDGER_MAIL_FROM", "ledger@example.gov.cn")
        monkeypatch.setenv("LEDGER_SMTP_USER", "ledger")
        monkeypatch.setenv("LEDGER_SMTP_PASSWORD", "s3cret")
        return box, logins

    yield start
    for controller in started:
        controller.stop()


def test_the_login_goes_over_starttls(directory, tls_certificate, smtp_login, monkeypatch):
    box, logins = smtp_login(tls_context=tls_context(tls_certificate), require_starttls=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_certificate[0]))
    result = run("--today", TODAY, "remind", "--send", "--unit", "办公室")
    assert result.exit_code == 0, result.stderr
    assert logins.attempts == [("ledger", "s3cret", True)]
    assert [recipients for recipients, _ in box.received] == [["bgs@example.gov.cn"]]


def test_the_login_goes_over_implicit_tls_with_smtps(directory, tls_certificate, smtp_login, monkeypatch):
    # auth_require_tls looks for STARTTLS only; the whole session is TLS here (the attempt records it)
    box, logins = smtp_login("smtps", ssl_context=tls_context(tls_certificate), auth_require_tls=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_certificate[0]))
    result = run("--today", TODAY, "remind", "--send", "--unit", "办公室")
    assert result.exit_code == 0, result.stderr
    assert logins.attempts == [("ledger", "s3cret", True)]
    assert len(box.received) == 1


def test_a_wrong_password_is_one_error_line_and_nothing_is_recorded(directory, db, tls_certificate, smtp_login,
                                                                     monkeypatch):
    box, logins = smtp_login(tls_context=tls_context(tls_certificate), require_starttls=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_certificate[0]))
    monkeypatch.setenv("LEDGER_SMTP_PASSWORD", "wrong")
    before = dump(db)
    result = run("--today", TODAY, "remind", "--send")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("Error: cannot send through the mail server 127.0.0.1:")
    assert "535" in result.stderr.splitlines()[-1]
    assert box.received == [] and dump(db) == before


def test_a_password_is_never_sent_in_clear_to_a_server_elsewhere(directory, db, smtp_login):
    host = a_local_address_that_is_not_loopback()
    box, logins = smtp_login(host=host, auth_require_tls=False)  # the server would take it in clear
    server = os.environ["LEDGER_SMTP"].removeprefix("smtp://")
    before = dump(db)
    result = run("--today", TODAY, "remind", "--send")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"Error: the mail server {server} offers no encryption (STARTTLS), so the password in "
        "LEDGER_SMTP_PASSWORD was not sent; use smtps://HOST:465 or a server that offers STARTTLS")
    assert logins.attempts == [] and box.received == [] and dump(db) == before
    from ledger.messages import use_language

    use_language("zh")
    try:
        chinese = run("--today", TODAY, "remind", "--send")
    finally:
        use_language("en")
    assert chinese.exit_code == 1 and chinese.stderr.splitlines()[-1].startswith("错误：邮件服务器")
    assert logins.attempts == []


def test_a_password_may_go_without_tls_to_a_server_on_this_machine(directory, smtp_login):
    box, logins = smtp_login(auth_require_tls=False)
    result = run("--today", TODAY, "remind", "--send", "--unit", "办公室")
    assert result.exit_code == 0, result.stderr
    assert logins.attempts == [("ledger", "s3cret", False)] and len(box.received) == 1


def test_without_a_user_nothing_is_logged_in_and_no_tls_is_needed(directory, smtp_login, monkeypatch):
    host = a_local_address_that_is_not_loopback()
    box, logins = smtp_login(host=host, auth_require_tls=False)
    monkeypatch.delenv("LEDGER_SMTP_USER")
    monkeypatch.delenv("LEDGER_SMTP_PASSWORD")
    result = run("--today", TODAY, "remind", "--send", "--unit", "办公室")
    assert result.exit_code == 0, result.stderr
    assert logins.attempts == [] and len(box.received) == 1
