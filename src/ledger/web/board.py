"""The 督办看板 (office and leader): per unit and per section, red / yellow / green / done as coloured bars drawn
by the server in HTML and CSS, each part linking to the list it counts."""
from __future__ import annotations

from typing import Any, NamedTuple

from flask import Blueprint, abort, current_app, render_template, request

from .. import query
from . import db, guard

bp = Blueprint("board", __name__)
PARTS = ("red", "yellow", "green", "undated", "done")


class Bar(NamedTuple):
    label: str
    unit: str | None
    section: int | None
    total: int
    parts: list[tuple[str, int, float]]  # (part, count, percent of the bar)


def _bar(row: dict[str, Any], label: str, unit: str | None, section: int | None, undated: int) -> Bar:
    red, yellow, done = row["overdue"], row["due_soon"], row["done"]
    green = max(row["open"] - red - yellow - undated, 0)
    counts = {"red": red, "yellow": yellow, "green": green, "undated": undated, "done": done}
    total = sum(counts.values())
    return Bar(label, unit, section, row["tasks"],
               [(part, counts[part], 100 * counts[part] / total if total else 0) for part in PARTS])


@bp.route("/board")
def board() -> str:
    me = guard.actor()
    if not me.sees_everything:
        abort(403)
    store = db.store()
    plans = store.plan_names(archived=False)
    plan = request.args.get("plan") if request.args.get("plan") in plans else store.newest_plan()
    today = guard.today()
    warn = current_app.config["LEDGER"].warn_workdays
    undated = store.undated_open(plan) if plan else {"unit": {}, "section": {}}
    units = [_bar(row, row["unit"], row["unit"], None, undated["unit"].get(row["unit"], 0))
             for row in query.progress(store, "unit", plan, today, warn)[0]] if plan else []
    sections = [_bar(row, f"{row['section']['no'] or ''} {row['section']['title'] or ''}".strip(), None,
                     row["section"]["no"], undated["section"].get(row["section"]["no"], 0))
                for row in query.progress(store, "section", plan, today, warn)[0]] if plan else []
    return render_template("board.html", plan=plan, plans=plans, units=units, sections=sections, parts=PARTS)
