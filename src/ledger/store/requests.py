"""The units' requests (办结, 延期) and how the office decided them; and what the web pages list: a page of
obligations, the evidence files of a task, the open tasks without a date (SPEC §13)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ..errors import Conflict, NotFound
from ..messages import say
from ..model import StoredTask
from .notes import NoteStore
from .tasks import OWED


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
    asked_on: str  # the day it was asked, as the server counted days (a late postponement is late from then)
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
    note_id: int | None


REQUEST_COLUMNS = ("id, plan, number, period, kind, note_id, requested_by, unit, at, asked_on, text, on_date, to_date,"
                   " status, decided_by, decided_at")


def _request(row: Sequence[Any]) -> Request:
    (request_id, plan, number, period, kind, note_id, by, unit, at, asked_on, text, on, to, status, decided_by,
     decided_at) = row
    return Request(request_id, plan, number, period, kind, note_id, by, unit, at, asked_on, text or "", on, to,
                   status, decided_by, decided_at)


class RequestStore(NoteStore):
    # -- requests ----------------------------------------------------------------------------------

    def add_request(self, plan: str, number: int, period: str | None, kind: str, note_kind: str, text: str,
                    by: str, unit: str | None, at: str, asked_on: str, on: str | None, to: str | None, data: dict[str, Any],
                    evidence: Sequence[tuple[Any, ...]] = ()) -> Request:
        """Record a request: its note in the task's history (with its evidence) and the request to decide."""
        with self.write() as conn:
            # The period is the request's (in its row and the note's data): a note's own period column moves periods.
            self.add_note(plan, number, note_kind, text, at, by, data=data, evidence=evidence)
            note_id = conn.execute("SELECT max(id) FROM notes WHERE plan = ? AND number = ?",
                                   (plan, number)).fetchone()[0]
            request_id = self.dialect.insert_returning_id(
                conn, "INSERT INTO requests (plan, number, period, kind, note_id, requested_by, unit, at, asked_on,"
                " text, on_date, to_date, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
                (plan, number, period, kind, note_id, by, unit, at, asked_on, text, on, to))
            return self._request(request_id)

    def request(self, request_id: int) -> Request:
        with self.reading():
            return self._request(request_id)

    def _request(self, request_id: int) -> Request:
        row = self.conn.execute(f"SELECT {REQUEST_COLUMNS} FROM requests WHERE id = ?", (request_id,)).fetchone()
        if row is None:
            raise NotFound(say("request_unknown", id=request_id))
        return _request(row)

    def requests(self, status: str | None = "pending", plan: str | None = None,
                 number: int | None = None) -> list[Request]:
        """Requests, oldest first: pending ones by default; of one task when plan and number are given."""
        clauses: list[str] = []
        params: list[Any] = []
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        if plan is not None:
            clauses.append("plan = ? AND number = ?")
            params += [plan, number]
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        with self.reading():
            return [_request(row) for row in self.conn.execute(
                f"SELECT {REQUEST_COLUMNS} FROM requests{where} ORDER BY id", params)]

    def claim_request(self, request_id: int, decision: str, by: str, at: str) -> Request:
        """Mark a pending request decided, inside the caller's write; a request decided already is a Conflict
        naming who decided it (of two reviewers at once, the second one meets it)."""
        with self.write() as conn:
            request = self._request(request_id)  # read under the write lock: writers queue on both databases
            if request.status != "pending":
                raise Conflict(say("request_decided", id=request_id, by=request.decided_by or "?",
                                   decision=say(f"request_status_{request.status}")))
            conn.execute("UPDATE requests SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                         (decision, by, at, request_id))
            return request._replace(status=decision, decided_by=by, decided_at=at)

    def link_decision(self, request_id: int, plan: str, number: int) -> None:
        """The note a decision made, on the request's row (the latest note of its task, in the same write)."""
        with self.write() as conn:
            conn.execute("UPDATE requests SET decision_note_id = (SELECT max(id) FROM notes WHERE plan = ?"
                         " AND number = ?) WHERE id = ?", (plan, number, request_id))

    # -- evidence, as pages list and send it -----------------------------------------------------------

    def evidence_list(self, plan: str, number: int) -> list[EvidenceFile]:
        with self.reading():
            return [EvidenceFile(*row) for row in self.conn.execute(
                "SELECT e.id, e.name, e.size, e.url, e.period, n.at, n.by, e.note_id FROM evidence e"
                " LEFT JOIN notes n ON n.id = e.note_id WHERE e.plan = ? AND e.number = ? ORDER BY e.id",
                (plan, number))]

    def evidence_content(self, plan: str, number: int, evidence_id: int) -> tuple[str, bytes] | None:
        """One kept file of one task, by the id the server gave it; None when that task has no such file."""
        with self.reading():
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
        clauses: list[str] = ["t.present = 1"]
        params: list[Any] = []
        if plan is not None:
            clauses.append("t.plan = ?")
            params.append(plan)
        else:
            clauses.append("t.plan IN (SELECT name FROM plans WHERE archived = 0)")
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
        with self.reading():
            total = self.conn.execute(f"SELECT count(*) FROM ({sql}) o{bound_sql}",
                                      [*all_params, *bound_params]).fetchone()[0]
            rows = self.conn.execute(f"SELECT plan, number, key FROM ({sql}) o{bound_sql} ORDER BY {order}"
                                     " LIMIT ? OFFSET ?", [*all_params, *bound_params, limit, offset]).fetchall()
        return [(row[0], row[1], row[2]) for row in rows], int(total)

    def listed_tasks(self, keys: Sequence[tuple[str, int]]) -> list[StoredTask]:
        """The tasks of a page's list, with their units and periods but not their history (which the list does
        not show): a page costs the same however many notes its tasks gather."""
        with self.reading():
            return self._tasks_by_key(list(keys), history=False)

    def owes(self, plan: str, number: int, unit_names: Sequence[str]) -> list[str]:
        """The roles in which any of `unit_names` is written in the task's units (empty: the task is not theirs)."""
        with self.reading():
            return [row[0] for row in self.conn.execute(
                f"SELECT role FROM task_units WHERE plan = ? AND number = ? AND name IN"
                f" ({', '.join('?' * len(unit_names))}) ORDER BY position", (plan, number, *unit_names))]

    def undated_open(self, plan: str) -> dict[str, dict[Any, int]]:
        """Open tasks without a date in force, per unit (through the directory, as `progress` counts) and per
        section: the board draws them apart from the green ones."""
        undated = ("t.present = 1 AND t.status = 'open' AND t.plan = ? AND t.deadline_kind != 'recurring'"
                   " AND coalesce(t.postponed_to, t.due) IS NULL")
        with self.reading():
            units = dict(self.conn.execute(
                f"SELECT u.name, count(DISTINCT t.number) FROM tasks t JOIN {OWED} u"
                f" ON u.plan = t.plan AND u.number = t.number WHERE {undated} GROUP BY u.name", (plan,)).fetchall())
            sections = dict(self.conn.execute(
                f"SELECT t.section_no, count(*) FROM tasks t WHERE {undated} GROUP BY t.section_no",
                (plan,)).fetchall())
        return {"unit": units, "section": sections}
