"""Accounts of the web page (SPEC §13): accounts with their salted slow hashes, sessions, failed logins (the lock)
and the server's settings. Times the server compares are UTC ISO 8601 text, so that text order is time order."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ..errors import Conflict, NotFound
from ..messages import say
from .directory import DirectoryStore


class Account(NamedTuple):
    name: str
    unit: str | None
    role: str  # unit | office | leader
    password_hash: str
    disabled: bool
    created_at: str


ACCOUNT_COLUMNS = "name, unit, role, password_hash, disabled, created_at"


def _account(row: Sequence[Any]) -> Account:
    return Account(row[0], row[1], row[2], row[3], bool(row[4]), row[5])


class AccountStore(DirectoryStore):
    # -- accounts --------------------------------------------------------------------------------

    def account(self, name: str) -> Account | None:
        with self.reading():
            row = self.conn.execute(f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE name = ?", (name,)).fetchone()
        return _account(row) if row else None

    def accounts(self) -> list[Account]:
        with self.reading():
            return [_account(row) for row in self.conn.execute(f"SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name")]

    def add_account(self, name: str, unit: str | None, role: str, password_hash: str, at: str, by: str) -> None:
        with self.write() as conn:
            if conn.execute("SELECT 1 FROM accounts WHERE name = ?", (name,)).fetchone():
                raise Conflict(say("account_exists", name=name))
            conn.execute(f"INSERT INTO accounts ({ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?, 0, ?)",
                         (name, unit, role, password_hash, at))
            self._directory_history(name, [("account", "", f"{role}:{unit or ''}")], at, by)

    def set_password(self, name: str, password_hash: str, at: str, by: str) -> None:
        """A new password; every session of the account ends with the old one."""
        with self.write() as conn:
            self._known_account(name)
            conn.execute("UPDATE accounts SET password_hash = ?, disabled = 0 WHERE name = ?", (password_hash, name))
            conn.execute("DELETE FROM sessions WHERE account = ?", (name,))
            self._directory_history(name, [("password", "", "changed")], at, by)

    def disable_account(self, name: str, at: str, by: str) -> bool:
        """Disable an account and end its sessions; False when it was disabled already."""
        with self.write() as conn:
            account = self._known_account(name)
            conn.execute("DELETE FROM sessions WHERE account = ?", (name,))
            if account.disabled:
                return False
            conn.execute("UPDATE accounts SET disabled = 1 WHERE name = ?", (name,))
            self._directory_history(name, [("disabled", "", "yes")], at, by)
        return True

    def _known_account(self, name: str) -> Account:
        row = self.conn.execute(f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(say("account_unknown", name=name))
        return _account(row)

    # -- sessions ----------------------------------------------------------------------------------

    def start_session(self, session_hash: str, account: str, now_utc: str) -> None:
        with self.write() as conn:
            conn.execute("INSERT INTO sessions (token_hash, account, created_at, seen_at) VALUES (?, ?, ?, ?)",
                         (session_hash, account, now_utc, now_utc))

    def session_account(self, session_hash: str, idle_since: str, created_since: str) -> tuple[Account, str] | None:
        """The enabled account of a live session (seen after `idle_since`, made after `created_since`) and when
        the session was last seen; None when there is no such session."""
        with self.reading():
            row = self.conn.execute(
                f"SELECT {', '.join('a.' + column for column in ACCOUNT_COLUMNS.split(', '))}, s.seen_at"
                " FROM sessions s JOIN accounts a ON a.name = s.account"
                " WHERE s.token_hash = ? AND a.disabled = 0 AND s.seen_at > ? AND s.created_at > ?",
                (session_hash, idle_since, created_since)).fetchone()
        return (_account(row), row[6]) if row else None

    def touch_session(self, session_hash: str, now_utc: str) -> None:
        with self.write() as conn:
            conn.execute("UPDATE sessions SET seen_at = ? WHERE token_hash = ?", (now_utc, session_hash))

    def end_session(self, session_hash: str) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM sessions WHERE token_hash = ?", (session_hash,))

    def end_stale_sessions(self, idle_since: str, created_since: str) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM sessions WHERE seen_at <= ? OR created_at <= ?", (idle_since, created_since))

    # -- failed logins (the lock) --------------------------------------------------------------------

    def login_failures(self, account: str, since: str) -> int:
        with self.reading():
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
            locked = bool(count == limit)
            if locked and known:
                self._directory_history(account, [("locked", "", f"{limit} wrong passwords from {address}")],
                                        at, "ledger serve")
        return locked

    def address_failures(self, address: str, since: str) -> int:
        """Wrong passwords sent from `address` after `since`, whatever the account."""
        with self.reading():
            return int(self.conn.execute("SELECT count(*) FROM login_failures WHERE address = ? AND at > ?",
                                         (address, since)).fetchone()[0])

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

