"""Report e-mail: settings from the environment, the MIME message, delivery to a local SMTP server."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket
import ssl
import struct
import zlib
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from reports import mail
from reports.mail import MailConfigError, MailSendError, SmtpSettings, build_message, send

SENDER = "raportit@hel.example"
MANAGERS = ["esihenkilo.kallio@hel.example", "varahenkilo@hel.example"]
SUBJECT = "Viikkoraportti: Kallion terveysasema, viikko 23 – ääkköset ÅÄÖ"
PASSWORD = "sala-sana-123"


def _png(width: int = 2, height: int = 1) -> bytes:
    """A valid RGB PNG (the image bytes travel through the mail unchanged)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00\x72\xb2" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = _png()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n\xe2\xe3\xcf\xd3\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = (
    '<html><body><h1>Kallion terveysasema</h1><p>Hyvä palaute</p><img src="cid:trend" alt="Trendi">'
    "</body></html>"
)
TEXT = "Kallion terveysasema\nHyvä palaute"


class Inbox:
    """An aiosmtpd handler that keeps every delivered envelope and refuses one address."""

    refused = "ei.ole@hel.example"

    def __init__(self) -> None:
        self.envelopes = []
        self.authenticated = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.authenticated.append(bool(session.authenticated))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _credentials(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"raportoija" and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


def _start(**kwargs) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), **kwargs)
    controller.start()
    return controller, inbox


@pytest.fixture
def server():
    """A plain SMTP server on 127.0.0.1 that accepts AUTH LOGIN/PLAIN without TLS (loopback only)."""
    controller, inbox = _start(authenticator=_credentials, auth_require_tls=False)
    yield controller, inbox
    controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (certificate file, key file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


def _server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def _settings(controller: Controller, **changes) -> SmtpSettings:
    values = {"host": "127.0.0.1", "port": controller.port, "sender": SENDER, "security": "none"}
    return SmtpSettings(**(values | changes))


def _report(recipients=MANAGERS) -> object:
    return build_message(
        SUBJECT,
        HTML,
        TEXT,
        SENDER,
        recipients,
        attachments=[("viikkoraportti_kallio_2025-23.pdf", PDF, "application/pdf")],
        inline_images={"trend": PNG},
    )


def test_the_server_receives_the_report_with_inline_image_and_pdf(server):
    controller, inbox = server
    send(_report(), _settings(controller))

    [envelope] = inbox.envelopes
    assert envelope.mail_from == SENDER
    assert envelope.rcpt_tos == MANAGERS
    assert inbox.authenticated == [False]  # no user set: no login
    raw = envelope.original_content
    assert raw.isascii()  # headers encoded (RFC 2047), bodies in base64 or quoted-printable
    received = message_from_bytes(raw, policy=policy.default)
    assert received["Subject"] == SUBJECT
    assert received["From"] == SENDER
    assert [a.addr_spec for a in received["To"].addresses] == MANAGERS

    assert received.get_content_type() == "multipart/mixed"
    alternative, attachment = received.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, related = alternative.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert plain.get_content().replace("\r\n", "\n").strip() == TEXT
    assert related.get_content_type() == "multipart/related"
    html, image = related.get_payload()
    assert html.get_content_type() == "text/html"
    assert html.get_content().strip() == HTML
    assert image.get_content_type() == "image/png"
    assert image["Content-ID"] == "<trend>"
    assert image.get_content() == PNG
    assert received.get_body(preferencelist=("html",)).get_content().strip() == HTML

    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "viikkoraportti_kallio_2025-23.pdf"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_content() == PDF
    assert [part.get_filename() for part in received.iter_attachments()] == [
        "viikkoraportti_kallio_2025-23.pdf"
    ]


def test_login_happens_only_with_a_user_and_the_password_is_never_logged(server, caplog):
    controller, inbox = server
    settings = _settings(controller, user="raportoija", password=PASSWORD)
    assert PASSWORD not in repr(settings)
    with caplog.at_level(logging.DEBUG):
        send(_report(), settings)
    assert inbox.authenticated == [True]
    assert "2 recipient(s)" in caplog.text
    assert PASSWORD not in caplog.text

    with pytest.raises(MailSendError, match="127.0.0.1") as refused:
        send(_report(), _settings(controller, user="raportoija", password="vaara-sana"))
    assert "vaara-sana" not in str(refused.value)
    assert len(inbox.envelopes) == 1


def test_a_refused_recipient_is_an_error(server):
    controller, inbox = server
    with pytest.raises(MailSendError, match="ei.ole@hel.example"):
        send(_report([MANAGERS[0], Inbox.refused]), _settings(controller))
    assert inbox.envelopes[0].rcpt_tos == [MANAGERS[0]]  # the other manager still got it


def test_an_unreachable_server_is_an_error():
    with pytest.raises(MailSendError, match=r"127\.0\.0\.1:\d+"):
        send(_report(), SmtpSettings(host="127.0.0.1", port=_free_port(), sender=SENDER, security="none"))


def test_starttls_refuses_an_untrusted_certificate_and_sends_over_a_trusted_one(certificate, monkeypatch):
    controller, inbox = _start(tls_context=_server_context(certificate), require_starttls=True)
    try:
        settings = _settings(controller, security="starttls", user="raportoija", password=PASSWORD)
        with pytest.raises(MailSendError, match="(?i)certificate"):
            send(_report(), settings)
        assert inbox.envelopes == []

        trusting = ssl.create_default_context(cafile=str(certificate[0]))
        monkeypatch.setattr(mail.ssl, "create_default_context", lambda: trusting)
        with pytest.raises(MailSendError, match="(?i)auth"):  # no authenticator on this server
            send(_report(), settings)
        send(_report(), _settings(controller, security="starttls"))
        assert [e.mail_from for e in inbox.envelopes] == [SENDER]
    finally:
        controller.stop()


def test_implicit_tls(certificate, monkeypatch):
    controller, inbox = _start(
        ssl_context=_server_context(certificate), authenticator=_credentials, auth_require_tls=False
    )
    try:
        trusting = ssl.create_default_context(cafile=str(certificate[0]))
        monkeypatch.setattr(mail.ssl, "create_default_context", lambda: trusting)
        send(_report(), _settings(controller, security="ssl", user="raportoija", password=PASSWORD))
        assert inbox.authenticated == [True]
        assert inbox.envelopes[0].rcpt_tos == MANAGERS
    finally:
        controller.stop()


ENV = {"JOHDON_SMTP_HOST": "smtp.hel.example", "JOHDON_SMTP_FROM": SENDER}


def test_settings_from_the_environment_and_their_defaults():
    settings = SmtpSettings.from_environment(ENV)
    assert (settings.host, settings.port, settings.security, settings.user, settings.password) == (
        "smtp.hel.example",
        587,
        "starttls",
        None,
        None,
    )
    assert settings.sender == SENDER and settings.timeout == 30.0
    assert SmtpSettings.from_environment(ENV | {"JOHDON_SMTP_SECURITY": "SSL"}).port == 465
    assert SmtpSettings.from_environment(ENV | {"JOHDON_SMTP_SECURITY": "none"}).port == 25
    full = SmtpSettings.from_environment(
        ENV
        | {
            "JOHDON_SMTP_PORT": "2525",
            "JOHDON_SMTP_USER": "raportoija",
            "JOHDON_SMTP_PASSWORD": PASSWORD,
            "JOHDON_SMTP_TIMEOUT": "5",
        }
    )
    assert (full.port, full.user, full.password, full.timeout) == (2525, "raportoija", PASSWORD, 5.0)
    assert PASSWORD not in repr(full)


@pytest.mark.parametrize(
    ("environ", "variables"),
    [
        ({}, ("JOHDON_SMTP_FROM", "JOHDON_SMTP_HOST")),
        (ENV | {"JOHDON_SMTP_PORT": "smtp"}, ("JOHDON_SMTP_PORT",)),
        (ENV | {"JOHDON_SMTP_PORT": "70000"}, ("JOHDON_SMTP_PORT",)),
        (ENV | {"JOHDON_SMTP_SECURITY": "tls"}, ("JOHDON_SMTP_SECURITY",)),
        (ENV | {"JOHDON_SMTP_FROM": "raportit"}, ("JOHDON_SMTP_FROM",)),
        (ENV | {"JOHDON_SMTP_USER": "raportoija"}, ("JOHDON_SMTP_PASSWORD",)),
        (ENV | {"JOHDON_SMTP_PASSWORD": PASSWORD}, ("JOHDON_SMTP_USER",)),
        (ENV | {"JOHDON_SMTP_TIMEOUT": "pian"}, ("JOHDON_SMTP_TIMEOUT",)),
        (ENV | {"JOHDON_SMTP_USER": "r", "JOHDON_SMTP_PASSWORD": "sala-äö"}, ("JOHDON_SMTP_PASSWORD",)),
        (
            ENV | {"JOHDON_SMTP_SECURITY": "none", "JOHDON_SMTP_USER": "r", "JOHDON_SMTP_PASSWORD": PASSWORD},
            ("JOHDON_SMTP_SECURITY",),
        ),
        (
            {"JOHDON_SMTP_PORT": "x", "JOHDON_SMTP_SECURITY": "tls", "JOHDON_SMTP_PASSWORD": PASSWORD},
            (
                "JOHDON_SMTP_FROM",
                "JOHDON_SMTP_HOST",
                "JOHDON_SMTP_PORT",
                "JOHDON_SMTP_SECURITY",
                "JOHDON_SMTP_USER",
            ),
        ),
    ],
)
def test_configuration_errors_name_every_bad_variable(environ, variables):
    with pytest.raises(MailConfigError) as error:
        SmtpSettings.from_environment(environ)
    assert error.value.variables == variables
    for name in variables:
        assert name in str(error.value)
    assert PASSWORD not in str(error.value)


def test_the_password_may_cross_loopback_unencrypted_only():
    assert SmtpSettings(host="localhost", port=25, sender=SENDER, security="none", user="u", password="p")
    with pytest.raises(MailConfigError, match="JOHDON_SMTP_SECURITY"):
        SmtpSettings(host="10.1.2.3", port=25, sender=SENDER, security="none", user="u", password="p")


def test_messages_refuse_header_injection_and_bad_parts():
    with pytest.raises(ValueError, match="(?i)linefeed"):
        build_message("Raportti\nBcc: kaikki@hel.example", HTML, TEXT, SENDER, MANAGERS)
    with pytest.raises(ValueError, match="recipient"):
        build_message(SUBJECT, HTML, TEXT, SENDER, [])
    with pytest.raises(ValueError, match="e-mail address"):
        build_message(SUBJECT, HTML, TEXT, SENDER, ["esihenkilo\r\nBcc: x@y.fi"])
    with pytest.raises(ValueError, match="content id"):
        build_message(SUBJECT, HTML, TEXT, SENDER, MANAGERS, inline_images={"a b>": PNG})
    with pytest.raises(ValueError, match="MIME type"):
        build_message(SUBJECT, HTML, TEXT, SENDER, MANAGERS, attachments=[("r.pdf", PDF, "pdf")])
    single = build_message(SUBJECT, HTML, TEXT, SENDER, MANAGERS[0])
    assert single["To"] == MANAGERS[0]
    assert single.get_content_type() == "multipart/alternative"
