"""Helpdesk e-mail: replies by staff go out to requesters (`outbox`), mail sent to the
helpdesk comes in as tickets and replies (`intake`)."""
