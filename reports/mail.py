"""E-mail delivery of reports: SMTP settings from the environment, MIME messages, sending.

Settings come from ``JOHDON_SMTP_*`` variables (:meth:`SmtpSettings.from_environment`); a
missing or invalid variable is named in :class:`MailConfigError`. A message is plain text
and HTML alternatives, the HTML with its inline images (``<img src="cid:NAME">``), plus
attachments such as the report PDF; it is 7-bit clean, so any relay passes it unchanged.
The password is never logged nor shown in a repr, and it is not sent over an unencrypted
connection except to this machine (loopback).
"""

from __future__ import annotations

import ipaddress
import logging
import re
import smtplib
import ssl
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid, parseaddr

log = logging.getLogger(__name__)

HOST = "JOHDON_SMTP_HOST"
PORT = "JOHDON_SMTP_PORT"
USER = "JOHDON_SMTP_USER"
PASSWORD = "JOHDON_SMTP_PASSWORD"
SENDER = "JOHDON_SMTP_FROM"
SECURITY = "JOHDON_SMTP_SECURITY"
TIMEOUT = "JOHDON_SMTP_TIMEOUT"

SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_TIMEOUT = 30.0

_CONTENT_ID = re.compile(r"^[A-Za-z0-9._-]+(@[A-Za-z0-9.-]+)?$")
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


class MailConfigError(ValueError):
    """The SMTP settings are incomplete or invalid; ``problems`` maps each variable to what is wrong."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        lines = "; ".join(f"{name}: {problem}" for name, problem in self.problems.items())
        super().__init__(f"e-mail is not configured correctly: {lines}")

    @property
    def variables(self) -> tuple[str, ...]:
        """The names of the variables at fault."""
        return tuple(self.problems)


class MailSendError(RuntimeError):
    """The SMTP server could not be reached or did not accept the message for every recipient."""


def is_address(text: str) -> bool:
    """Whether ``text`` is one e-mail address (name@domain), with no line breaks."""
    _, address = parseaddr(text)
    local, at, domain = address.rpartition("@")
    return bool(at and local and domain) and not any(c in text for c in "\r\n")


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _problems(
    host: str, port: int, user: str | None, password: str | None, sender: str, security: str, timeout: float
) -> dict[str, str]:
    """What is wrong with a set of SMTP settings, by the variable that sets each part."""
    problems: dict[str, str] = {}
    if not host:
        problems[HOST] = "missing"
    elif any(c.isspace() for c in host):
        problems[HOST] = f"{host!r} is not a host name"
    if not 0 < port < 65536:
        problems[PORT] = f"{port} is not a port number (1–65535)"
    if not sender:
        problems[SENDER] = "missing"
    elif not is_address(sender):
        problems[SENDER] = f"{sender!r} is not an e-mail address such as raportit@kaupunki.fi"
    if security not in SECURITY_MODES:
        problems[SECURITY] = f"{security!r} is not one of {', '.join(SECURITY_MODES)}"
    elif user and security == "none" and not _is_loopback(host):
        problems[SECURITY] = "a password is never sent unencrypted to another machine: use starttls or ssl"
    if not timeout > 0:
        problems[TIMEOUT] = "the timeout must be a positive number of seconds"
    if user and not password:
        problems[PASSWORD] = f"missing, but {USER} is set"
    elif password and not password.isascii():
        problems[PASSWORD] = "SMTP login accepts ASCII characters only (no ä, ö, å)"
    if user and not user.isascii():
        problems[USER] = "SMTP login accepts ASCII characters only (no ä, ö, å)"
    if password and not user:
        problems[USER] = f"missing, but {PASSWORD} is set"
    return problems


@dataclass(frozen=True, kw_only=True)
class SmtpSettings:
    """How to reach the SMTP server. ``security``: "starttls", "ssl" (implicit TLS) or "none"."""

    host: str
    port: int
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str
    security: str = "starttls"
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        problems = _problems(
            self.host, self.port, self.user, self.password, self.sender, self.security, self.timeout
        )
        if problems:
            raise MailConfigError(problems)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> SmtpSettings:
        """Settings from ``JOHDON_SMTP_*`` variables; MailConfigError names every bad one at once.

        HOST and FROM are required; SECURITY defaults to starttls and PORT to 587, 465 or 25
        by security; USER and PASSWORD go together; TIMEOUT is in seconds (default 30).
        """

        def value(name: str) -> str:
            return (environ.get(name) or "").strip()

        problems: dict[str, str] = {}
        security = value(SECURITY).lower() or "starttls"
        port = DEFAULT_PORTS.get(security, DEFAULT_PORTS["starttls"])
        if value(PORT):
            try:
                port = int(value(PORT))
            except ValueError:
                problems[PORT] = f"{value(PORT)!r} is not a port number"
        timeout = DEFAULT_TIMEOUT
        if value(TIMEOUT):
            try:
                timeout = float(value(TIMEOUT))
            except ValueError:
                problems[TIMEOUT] = f"{value(TIMEOUT)!r} is not a number of seconds"
        fields = {
            "host": value(HOST),
            "port": port,
            "user": value(USER) or None,
            "password": environ.get(PASSWORD) or None,
            "sender": value(SENDER),
            "security": security,
            "timeout": timeout,
        }
        problems = _problems(**fields) | problems
        if problems:
            raise MailConfigError(dict(sorted(problems.items())))
        return cls(**fields)


def build_message(
    subject: str,
    html: str,
    text: str,
    sender: str,
    recipients: Sequence[str],
    attachments: Iterable[tuple[str, bytes, str]] = (),
    inline_images: Mapping[str, bytes] | None = None,
) -> EmailMessage:
    """A multipart message: ``text`` and ``html`` as alternatives, the HTML with its inline PNGs.

    ``inline_images`` maps a content id to PNG bytes; the HTML refers to it as ``cid:<id>``.
    ``attachments`` are (file name, bytes, MIME type) triples, e.g. the report PDF.
    """
    if isinstance(recipients, str):
        recipients = [recipients]
    if not recipients:
        raise ValueError("a message needs at least one recipient")
    for address in (sender, *recipients):
        if not is_address(address):
            raise ValueError(f"not an e-mail address: {address!r}")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2])
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    html_part = message.get_payload()[1]
    for content_id, png in (inline_images or {}).items():
        if not _CONTENT_ID.match(content_id):
            raise ValueError(f"content id {content_id!r} may hold only letters, digits and . _ - @")
        html_part.add_related(
            png, "image", "png", cid=f"<{content_id}>", filename=f"{content_id}.png", disposition="inline"
        )
    for filename, data, mime in attachments:
        maintype, _, subtype = mime.partition("/")
        if not maintype or not subtype:
            raise ValueError(f"{mime!r} is not a MIME type such as application/pdf")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def send(message: EmailMessage, settings: SmtpSettings) -> None:
    """Send ``message`` to its To/Cc/Bcc recipients; MailSendError when not every one accepted it.

    Logs in only when a user is set; TLS certificates are verified against the system's CAs.
    """
    headers = [value for name in ("To", "Cc", "Bcc") for value in message.get_all(name, [])]
    recipients = [address for _, address in getaddresses(headers)]
    context = ssl.create_default_context()
    try:
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=context)
            if settings.user:
                client.login(settings.user, settings.password or "")
            refused = client.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise MailSendError(
            f"sending {message['Subject']!r} via {settings.host}:{settings.port} failed: {error}"
        ) from error
    if refused:
        raise MailSendError(
            f"{message['Subject']!r} went to the others, but the server refused: {', '.join(sorted(refused))}"
        )
    log.info(
        "sent %r to %d recipient(s) via %s:%d (%s)",
        str(message["Subject"]),
        len(recipients),
        settings.host,
        settings.port,
        settings.security,
    )
