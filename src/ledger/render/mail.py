"""A unit's reminder mail (催办): its subject and body, in the language its readers read."""
from __future__ import annotations

from ..messages import say_in
from .base import due_cell, period_key, reminder_heading
from .escape import visible


def reminder_mail_text(reminder, within_days: int, today, language: str = "zh") -> tuple[str, str]:
    """The subject and body of one unit's reminder, in the language its readers read (Chinese)."""
    def said(key, **fields):
        return say_in(language, key, **fields)

    heading = reminder_heading(reminder, within_days, said)
    lines = [heading, ""]
    for title, items in ((said("remind_overdue_title"), reminder.overdue),
                         (said("remind_due_soon_title", days=within_days), reminder.due_soon)):
        if not items:
            continue
        lines.append(title)
        for item in items:
            days = (said("remind_days_overdue", days=-item.days_left) if item.days_left < 0 else
                    said("remind_due_today") if item.days_left == 0 else said("remind_days_left", days=item.days_left))
            key = period_key(item)
            lines.append(said("remind_item", number=item.task.number, plan=item.task.plan, due=due_cell(item),
                              period=said("remind_period", period=key) if key else "", days=days, text=item.task.text))
            lines.append(said("remind_item_units", units=item.task.units_raw))
        lines.append("")
    lines.append(said("remind_footer", date=today.isoformat()))
    return visible(said("remind_subject", heading=heading)), "\n".join(visible(line) for line in lines) + "\n"
