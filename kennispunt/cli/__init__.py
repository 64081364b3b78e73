"""The ``kennispunt`` command: one module per group of commands, put together here."""

from __future__ import annotations

import typer

from kennispunt.cli import accounts, database, events, helpdesk, partners, privacy, server

app = typer.Typer(help="Kennispunt: the GraphQL API for Dutch local political parties.", no_args_is_help=True)
app.add_typer(database.db_app, name="db")
app.add_typer(accounts.user_app, name="user")
app.add_typer(accounts.role_app, name="role")
app.add_typer(accounts.token_app, name="token")
app.add_typer(accounts.admin_app, name="admin")
app.add_typer(helpdesk.mail_app, name="mail")
app.add_typer(helpdesk.helpdesk_app, name="helpdesk")
app.add_typer(partners.partner_app, name="partner")
app.add_typer(events.events_app, name="events")
app.add_typer(privacy.privacy_app, name="privacy")
app.command()(server.serve)
app.command()(database.demo)
app.command("export-schema")(server.export_schema)
app.command("scheduler")(server.run_scheduler)
app.command("mail-intake")(helpdesk.mail_intake)
