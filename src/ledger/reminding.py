"""Chasing units by mail (催办, SPEC §11): each unit with an address gets its reminder (render.mail words it, in
Chinese, the language its readers read), and each one that went is recorded on its tasks as a `remind` note.

What to chase is query.remind's answer; the caller reads the clock and the environment and shows the outcome.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from email.message import Message
from typing import NamedTuple

from . import mail
from .messages import say
from .query import Reminder
from .render.mail import reminder_mail_text
from .store import Store


class Mailing(NamedTuple):
    """The mails of one reminding: each addressed unit's reminder and its message; the units without an address."""

    mails: list[tuple[Reminder, Message]]
    unaddressed: list[str]

    def readable(self) -> str:
        """The mails as a person reads them, and how many would go (remind --dry-run)."""
        return ("\n".join(mail.readable(message) for _, message in self.mails) + ("\n" if self.mails else "")
                + say("remind_would_send", count=len(self.mails)) + "\n")


def prepare(reminders: Sequence[Reminder], within_days: int, today: date, sender: str, when: datetime) -> Mailing:
    """The mail of every unit that has an address (from `sender`, dated `when`)."""
    mails = [(reminder, mail.build(sender, reminder.unit, reminder.email,
                                   *reminder_mail_text(reminder, within_days, today), when))
             for reminder in reminders if reminder.email]
    return Mailing(mails, [reminder.unit for reminder in reminders if not reminder.email])


def addressee(reminder: Reminder) -> str:
    return f"{reminder.unit} <{reminder.email}>"


def send(store: Store, mailing: Mailing, server: mail.Server, now: Callable[[], str], by: str,
         sent: Callable[[str], None]) -> None:
    """Send the mails over one connection; after each one the server accepted, record it on its tasks (at the
    time `now` says, by `by`) and tell `sent` whom it reached. A refused mail is one MailError at the end, naming
    each unit and the server's reason; a server lost midway stops with a MailError (what went is recorded)."""
    reminder_of = {id(message): reminder for reminder, message in mailing.mails}

    def record(message: Message) -> None:
        reminder = reminder_of[id(message)]
        store.record_reminders([(item.task.plan, item.task.number, item.period.key if item.period else None,
                                 addressee(reminder)) for item in reminder.items], at=now(), by=by)
        sent(addressee(reminder))

    refused = mail.send(server, [message for _, message in mailing.mails], record)
    if refused:
        raise mail.MailError(say("remind_refused", count=len(refused), details="; ".join(
            f"{addressee(reminder_of[id(message)])}: {reason}" for message, reason in refused)))
