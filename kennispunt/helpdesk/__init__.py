"""The helpdesk: tickets by web, e-mail and phone, answers, internal notes and the workflow."""
