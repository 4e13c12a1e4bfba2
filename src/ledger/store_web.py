"""The store's part of `ledger serve` (SPEC §13): accounts, sessions, failed logins, requests and the evidence
files a page lists. Every SQL statement of these concerns lives here; rules and sentences do not.

Times the server compares (sessions, failed logins) are UTC ISO 8601 text, so that text order is time order.
"""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from .errors import Conflict, NotFound
from .messages import say
from .store import OWED, Store, sqlite_errors


class Account(NamedTuple):
    name: str
    unit: str | None
    role: str  # unit | office | leader
    password_hash: str
    disabled: bool
    created_at: str


class Request(NamedTuple):
    """A unit's request (办结 or 延期) and how the office decided it."""

    id: int
    plan: str
    number: int
    period: str | None
    kind: str  # done | postpone
    note_id: int
    by: str
    unit: str | None
    at: str
    text: str
    on: str | None  # done: the day the work was finished
    to: str | None  # postpone: the date asked for
    status: str  # pending | approved | returned
    decided_by: str | None
    decided_at: str | None


class EvidenceFile(NamedTuple):
    id: int
    name: str | None
    size: int | None
    url: str | None
    period: str | None
    at: str | None
    by: str | None


ACCOUNT_COLUMNS = "name, unit, role, password_hash, disabled, created_at"
REQUEST_COLUMNS = ("id, plan, number, period, kind, note_id, requested_by, unit, at, text, on_date, to_date, status,"
                   " decided_by, decided_at")


def _account(row: Sequence) -> Account:
    return Account(row[0], row[1], row[2], row[3], bool(row[4]), row[5])


def _request(row: Sequence) -> Request:
    return Request(*row[:9], row[9] or "", *row[10:])


class WebStore(Store):
    """The ledger as `serve`, `user` and `review` use it: the Store, plus accounts and requests."""

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """As Store.write; inside an open write it joins that one, so a decision and the note it makes are one
        transaction (approving a request records a `done` through the store's own add_note)."""
        if self.conn.in_transaction:
            yield self.conn
            return
        with super().write() as conn:
            yield conn

    # -- accounts --------------------------------------------------------------------------------

    def account(self, name: str) -> Account | None:
        with sqlite_errors(self.path):
            row = self.conn.execute(f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE name = ?", (name,)).fetchone()
        return _account(row) if row else None

    def accounts(self) -> list[Account]:
        with sqlite_errors(self.path):
            return [_account(row) for row in self.conn.execute(f"SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name")]

    def add_account(self, name: str, unit: str | None, role: str, password_hash: str, at: str, by: str) -> None:
        with self.write() as conn:
            if conn.execute("SELECT 1 FROM accounts WHERE name = ?", (name,)).fetchone():
                raise Conflict(say("account_exists", name=name))
            conn.execute(f"INSERT INTO accounts ({ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?, 0, ?)",
                         (name, unit, role, password_hash, at))
            self._directory_history(conn, name, [("account", "", f"{role}:{unit or ''}")], at, by)

    def set_password(self, name: str, password_hash: str, at: str, by: str) -> None:
        """A new password; every session of the account ends with the old one."""
        with self.write() as conn:
            self._known_account(conn, name)
            conn.execute("UPDATE accounts SET password_hash = ?, disabled = 0 WHERE name = ?", (password_hash, name))
            conn.execute("DELETE FROM sessions WHERE account = ?", (name,))
            self._directory_history(conn, name, [("password", "", "changed")], at, by)

    def disable_account(self, name: str, at: str, by: str) -> bool:
        """Disable an account and end its sessions; False when it was disabled already."""
        with self.write() as conn:
            account = self._known_account(conn, name)
            conn.execute("DELETE FROM sessions WHERE account = ?", (name,))
            if account.disabled:
                return False
            conn.execute("UPDATE accounts SET disabled = 1 WHERE name = ?", (name,))
            self._directory_history(conn, name, [("disabled", "", "yes")], at, by)
        return True

    @staticmethod
    def _known_account(conn: sqlite3.Connection, name: str) -> Account:
        row = conn.execute(f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(say("account_unknown", name=name))
        return _account(row)

    # -- sessions ----------------------------------------------------------------------------------

    def start_session(self, session_hash: str, account: str, now_utc: str) -> None:
        with self.write() as conn:
            conn.execute("INSERT INTO sessions (id, account, created_at, seen_at) VALUES (?, ?, ?, ?)",
                         (session_hash, account, now_utc, now_utc))

    def session_account(self, session_hash: str, idle_since: str, created_since: str) -> tuple[Account, str] | None:
        """The enabled account of a live session (seen after `idle_since`, made after `created_since`) and when
        the session was last seen; None when there is no such session."""
        with sqlite_errors(self.path):
            row = self.conn.execute(
                f"SELECT {', '.join('a.' + column for column in ACCOUNT_COLUMNS.split(', '))}, s.seen_at"
                " FROM sessions s JOIN accounts a ON a.name = s.account"
                " WHERE s.id = ? AND NOT a.disabled AND s.seen_at > ? AND s.created_at > ?",
                (session_hash, idle_since, created_since)).fetchone()
        return (_account(row), row[6]) if row else None

    def touch_session(self, session_hash: str, now_utc: str) -> None:
        with self.write() as conn:
            conn.execute("UPDATE sessions SET seen_at = ? WHERE id = ?", (now_utc, session_hash))

    def end_session(self, session_hash: str) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_hash,))

    def end_stale_sessions(self, idle_since: str, created_since: str) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM sessions WHERE seen_at <= ? OR created_at <= ?", (idle_since, created_since))

    # -- failed logins (the lock) --------------------------------------------------------------------

    def login_failures(self, account: str, since: str) -> int:
        with sqlite_errors(self.path):
            return int(self.conn.execute("SELECT count(*) FROM login_failures WHERE account = ? AND at > ?",
                                         (account, since)).fetchone()[0])

    def record_login_failure(self, account: str, now_utc: str, address: str, since: str, limit: int,
                             at: str, known: bool) -> bool:
        """Count a wrong password for `account` (known or not: the same work either way); returns True when
        this one reached `limit` within the window, which locks the account and goes on its record."""
        with self.write() as conn:
            conn.execute("DELETE FROM login_failures WHERE at <= ?", (since,))  # older ones no longer count
            conn.execute("INSERT INTO login_failures (account, at, address) VALUES (?, ?, ?)",
                         (account, now_utc, address))
            count = conn.execute("SELECT count(*) FROM login_failures WHERE account = ? AND at > ?",
                                 (account, since)).fetchone()[0]
            locked = count == limit
            if locked and known:
                self._directory_history(conn, account, [("locked", "", f"{limit} wrong passwords from {address}")],
                                        at, "ledger serve")
        return locked

    def clear_login_failures(self, account: str) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM login_failures WHERE account = ?", (account,))

    # -- settings ----------------------------------------------------------------------------------

    def web_setting(self, key: str, default: str) -> str:
        """A setting of the server, made with `default` by whichever process asks first (two servers agree)."""
        with self.write() as conn:
            conn.execute("INSERT INTO web_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                         (key, default))
            return str(conn.execute("SELECT value FROM web_settings WHERE key = ?", (key,)).fetchone()[0])

    # -- requests ----------------------------------------------------------------------------------

    def add_request(self, plan: str, number: int, period: str | None, kind: str, note_kind: str, text: str,
                    by: str, unit: str | None, at: str, on: str | None, to: str | None, data: dict,
                    evidence: Sequence[tuple] = ()) -> Request:
        """Record a request: its note in the task's history (with its evidence) and the request to decide."""
        with self.write() as conn:
            # The period is the request's (in its row and the note's data): a note's own period column moves periods.
            self.add_note(plan, number, note_kind, text, at, by, data=data, evidence=evidence)
            note_id = conn.execute("SELECT max(id) FROM notes WHERE plan = ? AND number = ?",
                                   (plan, number)).fetchone()[0]
            cursor = conn.execute(
                "INSERT INTO requests (plan, number, period, kind, note_id, requested_by, unit, at, text, on_date,"
                " to_date, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
                (plan, number, period, kind, note_id, by, unit, at, text, on, to))
            request_id = cursor.lastrowid
            assert request_id is not None
            return self._request(conn, request_id)

    def request(self, request_id: int) -> Request:
        with sqlite_errors(self.path):
            return self._request(self.conn, request_id)

    @staticmethod
    def _request(conn: sqlite3.Connection, request_id: int) -> Request:
        row = conn.execute(f"SELECT {REQUEST_COLUMNS} FROM requests WHERE id = ?", (request_id,)).fetchone()
        if row is None:
            raise NotFound(say("request_unknown", id=request_id))
        return _request(row)

    def requests(self, status: str | None = "pending", plan: str | None = None,
                 number: int | None = None) -> list[Request]:
        """Requests, oldest first: pending ones by default; of one task when plan and number are given."""
        clauses, params = [], []
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        if plan is not None:
            clauses.append("plan = ? AND number = ?")
            params += [plan, number]
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        with sqlite_errors(self.path):
            return [_request(row) for row in self.conn.execute(
                f"SELECT {REQUEST_COLUMNS} FROM requests{where} ORDER BY id", params)]

    def claim_request(self, request_id: int, decision: str, by: str, at: str) -> Request:
        """Mark a pending request decided, inside the caller's write; a request decided already is a Conflict
        naming who decided it (of two reviewers at once, the second one meets it)."""
        with self.write() as conn:
            request = self._request(conn, request_id)
            changed = conn.execute("UPDATE requests SET status = ?, decided_by = ?, decided_at = ?"
                                   " WHERE id = ? AND status = 'pending'", (decision, by, at, request_id)).rowcount
            if changed != 1:
                raise Conflict(say("request_decided", id=request_id, by=request.decided_by or "?",
                                   decision=say(f"request_status_{request.status}")))
            return request._replace(status=decision, decided_by=by, decided_at=at)

    def link_decision(self, request_id: int, plan: str, number: int) -> None:
        """The note a decision made, on the request's row (the latest note of its task, in the same write)."""
        with self.write() as conn:
            conn.execute("UPDATE requests SET decision_note_id = (SELECT max(id) FROM notes WHERE plan = ?"
                         " AND number = ?) WHERE id = ?", (plan, number, request_id))

    # -- evidence, as pages list and send it -----------------------------------------------------------

    def evidence_list(self, plan: str, number: int) -> list[EvidenceFile]:
        with sqlite_errors(self.path):
            return [EvidenceFile(*row) for row in self.conn.execute(
                "SELECT e.id, e.name, e.size, e.url, e.period, n.at, n.by FROM evidence e"
                " LEFT JOIN notes n ON n.id = e.note_id WHERE e.plan = ? AND e.number = ? ORDER BY e.id",
                (plan, number))]

    def evidence_content(self, plan: str, number: int, evidence_id: int) -> tuple[str, bytes] | None:
        """One kept file of one task, by the id the server gave it; None when that task has no such file."""
        with sqlite_errors(self.path):
            row = self.conn.execute("SELECT name, content FROM evidence WHERE id = ? AND plan = ? AND number = ?"
                                    " AND content IS NOT NULL", (evidence_id, plan, number)).fetchone()
        return (row[0] or "", bytes(row[1])) if row else None

    # -- the pages' listing ------------------------------------------------------------------------

    def obligation_keys(self, plan: str | None, unit_names: Sequence[str] | None, status: str,
                        due_from: str | None, due_before: str | None, offset: int, limit: int,
                        section: int | None = None, undated: bool = False
                        ) -> tuple[list[tuple[str, int, str | None]], int]:
        """One page of obligations, and how many there are in all: (plan, number, period key or None).

        Open ones are a dated task, an open period of a recurring task (each its own row) or an undated open task,
        by the date in force (undated last); `status` done/cancelled/all lists tasks by plan and number. Driven
        from the unit index when `unit_names` is given, so a unit's page costs the same in any size of ledger.
        """
        clauses, params = ["t.present"], []
        if plan is not None:
            clauses.append("t.plan = ?")
            params.append(plan)
        else:
            clauses.append("t.plan IN (SELECT name FROM plans WHERE NOT archived)")
        if unit_names is not None:
            clauses.append(f"(t.plan, t.number) IN (SELECT u.plan, u.number FROM task_units u"
                           f" WHERE u.name IN ({', '.join('?' * len(unit_names))}))")
            params += list(unit_names)
        if section is not None:
            clauses.append("t.section_no = ?")
            params.append(section)
        where = " AND ".join(clauses)
        if status == "open":
            sql = f"""
                SELECT t.plan, t.number, NULL AS key, coalesce(t.postponed_to, t.due) AS due_in_force
                FROM tasks t WHERE {where} AND t.status = 'open' AND t.deadline_kind != 'recurring'
                UNION ALL
                SELECT p.plan, p.number, p.key, coalesce(p.postponed_to, p.due)
                FROM periods p JOIN tasks t ON t.plan = p.plan AND t.number = p.number
                WHERE {where} AND t.status = 'open' AND p.status = 'open'"""
            all_params = params + params
        else:
            status_sql = "" if status == "all" else " AND t.status = ?"
            sql = f"SELECT t.plan, t.number, NULL AS key, NULL AS due_in_force FROM tasks t WHERE {where}{status_sql}"
            all_params = params + ([] if status == "all" else [status])
        bounds, bound_params = [], []
        if due_from is not None:
            bounds.append("due_in_force >= ?")
            bound_params.append(due_from)
        if due_before is not None:
            bounds.append("due_in_force < ?")
            bound_params.append(due_before)
        if undated:
            bounds.append("due_in_force IS NULL")
        bound_sql = (" WHERE " + " AND ".join(bounds)) if bounds else ""
        order = ("due_in_force IS NULL, due_in_force, number, plan, key" if status == "open" else "plan, number")
        with sqlite_errors(self.path):
            total = self.conn.execute(f"SELECT count(*) FROM ({sql}) o{bound_sql}",
                                      [*all_params, *bound_params]).fetchone()[0]
            rows = self.conn.execute(f"SELECT plan, number, key FROM ({sql}) o{bound_sql} ORDER BY {order}"
                                     " LIMIT ? OFFSET ?", [*all_params, *bound_params, limit, offset]).fetchall()
        return [(row[0], row[1], row[2]) for row in rows], int(total)

    def tasks_by_key(self, keys: Sequence[tuple[str, int]]):
        with sqlite_errors(self.path):
            return self._tasks_by_key(list(keys))

    def owes(self, plan: str, number: int, unit_names: Sequence[str]) -> list[str]:
        """The roles in which any of `unit_names` is written in the task's units (empty: the task is not theirs)."""
        with sqlite_errors(self.path):
            return [row[0] for row in self.conn.execute(
                f"SELECT role FROM task_units WHERE plan = ? AND number = ? AND name IN"
                f" ({', '.join('?' * len(unit_names))}) ORDER BY position", (plan, number, *unit_names))]

    def undated_open(self, plan: str) -> dict[str, dict]:
        """Open tasks without a date in force, per unit (through the directory, as `progress` counts) and per
        section: the board draws them apart from the green ones."""
        undated = ("t.present AND t.status = 'open' AND t.plan = ? AND t.deadline_kind != 'recurring'"
                   " AND coalesce(t.postponed_to, t.due) IS NULL")
        with sqlite_errors(self.path):
            units = dict(self.conn.execute(
                f"SELECT u.name, count(DISTINCT t.number) FROM tasks t JOIN {OWED} u"
                f" ON u.plan = t.plan AND u.number = t.number WHERE {undated} GROUP BY u.name", (plan,)).fetchall())
            sections = dict(self.conn.execute(
                f"SELECT t.section_no, count(*) FROM tasks t WHERE {undated} GROUP BY t.section_no",
                (plan,)).fetchall())
        return {"unit": units, "section": sections}
