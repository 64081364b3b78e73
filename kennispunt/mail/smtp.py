"""Sending one message to the configured SMTP server."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib

from kennispunt.settings import Settings


@dataclass(frozen=True)
class SmtpConfig:
    host: str | None
    port: int = 587
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    sender: str = "Kennispunt helpdesk <helpdesk@kennispunt.nl>"
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig:
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
            sender=settings.smtp_from,
            timeout=settings.smtp_timeout,
        )

    @property
    def configured(self) -> bool:
        return bool(self.host)


async def send(config: SmtpConfig, message: EmailMessage) -> None:
    """Hand the message to the SMTP server; raises `aiosmtplib.SMTPException` or `OSError`."""
    assert config.host, "SMTP is not configured"
    await aiosmtplib.send(
        message,
        hostname=config.host,
        port=config.port,
        username=config.username,
        password=config.password,
        start_tls=config.starttls,
        timeout=config.timeout,
    )
