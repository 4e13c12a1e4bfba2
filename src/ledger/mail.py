"""Reminder mails (催办): built with the stdlib's `email`, sent with `smtplib` over one connection.

Imported only by `remind`, so no other command pays for the email package.
"""
from __future__ import annotations

import ipaddress
import smtplib
import ssl
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from email.errors import HeaderParseError
from email.header import Header, decode_header, make_header
from email.headerregistry import Address
from email.message import Message
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, make_msgid
from typing import NamedTuple

from .errors import LedgerError
from .messages import say

SMTP_TIMEOUT_SECONDS = 30


class MailError(LedgerError):
    """The mail server cannot be reached, or refused a message."""


class Server(NamedTuple):
    """Where and how to send: from LEDGER_SMTP, LEDGER_SMTP_USER, LEDGER_SMTP_PASSWORD and LEDGER_MAIL_FROM."""

    url: str
    host: str
    port: int
    implicit_tls: bool  # smtps://: TLS from the first byte; smtp://: STARTTLS when the server offers it
    user: str
    password: str
    sender: str


def server_from(environ: Mapping[str, str]) -> Server:
    url = environ.get("LEDGER_SMTP", "")
    if not url:
        raise MailError(say("smtp_missing"))
    parsed = urllib.parse.urlsplit(url)
    try:
        port = parsed.port
    except ValueError:
        port = None
        parsed = parsed._replace(scheme="")
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise MailError(say("smtp_bad_url", url=url))
    sender = environ.get("LEDGER_MAIL_FROM", "")
    if not sender:
        raise MailError(say("mail_from_missing"))
    check_address(sender)
    implicit_tls = parsed.scheme == "smtps"
    return Server(url, parsed.hostname, port or (465 if implicit_tls else 25), implicit_tls,
                  environ.get("LEDGER_SMTP_USER", ""), environ.get("LEDGER_SMTP_PASSWORD", ""), sender)


def check_address(address: str) -> str:
    """An address a message can go to (`name@example.gov.cn`); anything else is an error now, not at sending."""
    try:
        parsed = Address(addr_spec=address) if address.isprintable() and " " not in address else None
    except (ValueError, IndexError, HeaderParseError):
        parsed = None
    if parsed is None or not parsed.username or ("." not in parsed.domain and parsed.domain != "localhost"):
        raise MailError(say("bad_address", address=address))
    return parsed.addr_spec


def build(sender: str, unit: str, email: str, subject: str, body: str, when: datetime) -> Message:
    """One text/plain UTF-8 message, base64 body; the email package encodes the Chinese headers (RFC 2047).

    The classic MIMEText/Header interface: the newer Message parses every header it is given back
    into objects, which made 300 reminders take a second longer to prepare.
    """
    message = MIMEText(body, "plain", "utf-8")
    message["From"] = sender
    message["To"] = formataddr((unit, email), charset="utf-8")
    message["Subject"] = Header(subject, "utf-8")  # type: ignore[assignment]  # email accepts a Header
    message["Date"] = format_datetime(when)
    # The sender's own domain: make_msgid would otherwise ask DNS for this host's name.
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    return message


def readable(message: Message) -> str:
    """A message as a person reads it (headers decoded), for remind --dry-run."""
    headers = "".join(f"{name}: {make_header(decode_header(message[name]))}\n" for name in ("From", "To", "Subject"))
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)  # a text/plain message built by `build`
    return headers + "\n" + body.decode("utf-8")


def send(server: Server, messages: Iterable[Message], sent: Callable[[Message], None]) -> list[tuple[Message, str]]:
    """Send every message over one connection, calling `sent` after each one the server accepted.

    A message the server refuses is skipped and returned as (message, reason); a server that cannot be
    reached, or that fails midway, stops the sending with a MailError (what went before is already recorded).
    """
    refused: list[tuple[Message, str]] = []
    try:
        context = ssl.create_default_context()
        connection: smtplib.SMTP
        if server.implicit_tls:
            connection = smtplib.SMTP_SSL(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS, context=context)
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS)
        with connection:
            connection.ehlo()
            encrypted = server.implicit_tls
            if not encrypted and connection.has_extn("starttls"):
                connection.starttls(context=context)
                connection.ehlo()
                encrypted = True
            if server.user and not encrypted and not _on_this_machine(connection):
                raise MailError(say("smtp_no_tls", server=f"{server.host}:{server.port}"))
            if server.user:
                connection.login(server.user, server.password)
            for message in messages:
                try:
                    connection.send_message(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                    refused.append((message, _reason(exc)))
                    connection.rset()
                    continue
                sent(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(say("smtp_failed", server=f"{server.host}:{server.port}", reason=_reason(exc))) from None
    return refused


def _on_this_machine(connection: smtplib.SMTP) -> bool:
    """Whether the server is reached over a loopback address, where a password sent in clear stays on this machine."""
    if connection.sock is None:
        return False
    address = ipaddress.ip_address(connection.sock.getpeername()[0].partition("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        return f"{code} {text.decode('utf-8', 'replace')}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {exc.smtp_error.decode('utf-8', 'replace') if isinstance(exc.smtp_error, bytes) else exc.smtp_error}"
    return str(exc) or type(exc).__name__
