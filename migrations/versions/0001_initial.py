"""Initial schema: accounts, parties, content, trainings, events, full-text search; the municipalities.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kennispunt.parties.service import read_municipalities_csv

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _enum(*names: str, name: str) -> sa.Enum:
    """A non-native enum: stored as VARCHAR(20), without a CHECK constraint."""
    return sa.Enum(*names, name=name, native_enum=False, length=20)


PUBLICATION_STATUS = ("DRAFT", "PUBLISHED", "ARCHIVED")


def upgrade() -> None:
    # accounts
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("oidc_issuer", sa.String(length=300), nullable=True),
        sa.Column("oidc_subject", sa.String(length=300), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("oidc_issuer", "oidc_subject", name=op.f("uq_users_oidc_issuer")),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "role", _enum("EDITOR", "HELPDESK", "MODERATOR", "ADMIN", name="staffrole"), nullable=False
        ),
        sa.Column("granted_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_roles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "role", name=op.f("pk_user_roles")),
    )
    op.create_table(
        "access_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("expires_at", _timestamp(), nullable=True),
        sa.Column("last_used_at", _timestamp(), nullable=True),
        sa.Column("revoked_at", _timestamp(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_access_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_access_tokens_token_hash")),
    )
    op.create_index("ix_access_tokens_user_id", "access_tokens", ["user_id"])

    # parties
    municipalities = op.create_table(
        "municipalities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("province", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipalities")),
        sa.UniqueConstraint("code", name=op.f("uq_municipalities_code")),
    )
    op.create_table(
        "parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipalities.id"], name=op.f("fk_parties_municipality_id_municipalities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parties")),
        sa.UniqueConstraint("slug", name=op.f("uq_parties_slug")),
    )
    op.create_index("ix_parties_municipality_id", "parties", ["municipality_id"])
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            _enum(
                "CHAIR",
                "SECRETARY",
                "TREASURER",
                "BOARD_MEMBER",
                "COUNCIL_MEMBER",
                "ALDERMAN",
                "CANDIDATE",
                "MEMBER",
                name="memberrole",
            ),
            nullable=False,
        ),
        sa.Column("status", _enum("PENDING", "VERIFIED", "REVOKED", name="memberstatus"), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("decided_at", _timestamp(), nullable=True),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_members_party_id_parties"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_members_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("user_id", "party_id", name=op.f("uq_members_user_id")),
    )
    op.create_index("ix_members_party_id_status", "members", ["party_id", "status"])

    # content
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("slug", name=op.f("uq_topics_slug")),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("status", _enum(*PUBLICATION_STATUS, name="publicationstatus"), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("published_at", _timestamp(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_articles_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], name=op.f("fk_articles_topic_id_topics")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("slug", name=op.f("uq_articles_slug")),
    )
    op.create_index("ix_articles_status_published_at", "articles", ["status", "published_at"])
    op.create_index("ix_articles_topic_id", "articles", ["topic_id"])

    # trainings
    op.create_table(
        "trainings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_html", sa.Text(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column(
            "format", _enum("IN_PERSON", "ONLINE", "E_LEARNING", name="trainingformat"), nullable=False
        ),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("registration_deadline", _timestamp(), nullable=False),
        sa.Column("starts_at", _timestamp(), nullable=False),
        sa.Column("ends_at", _timestamp(), nullable=False),
        sa.Column("status", _enum(*PUBLICATION_STATUS, name="publicationstatus"), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_trainings_topic_id_topics"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainings")),
        sa.UniqueConstraint("slug", name=op.f("uq_trainings_slug")),
    )
    op.create_index("ix_trainings_status_starts_at", "trainings", ["status", "starts_at"])
    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", _timestamp(), nullable=False),
        sa.Column("ends_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["trainings.id"],
            name=op.f("fk_training_sessions_training_id_trainings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
    )
    op.create_index("ix_training_sessions_training_id", "training_sessions", ["training_id", "starts_at"])
    op.create_table(
        "training_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            _enum("CONFIRMED", "WAITLISTED", "CANCELLED", "ATTENDED", name="registrationstatus"),
            nullable=False,
        ),
        sa.Column("queued_at", _timestamp(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["trainings.id"],
            name=op.f("fk_training_registrations_training_id_trainings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_training_registrations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_registrations")),
        sa.UniqueConstraint("training_id", "user_id", name=op.f("uq_training_registrations_training_id")),
    )
    op.create_index(
        "ix_training_registrations_training_status", "training_registrations", ["training_id", "status"]
    )

    # events (the outbox and replay log)
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("occurred_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index("ix_events_subject", "events", ["subject_type", "subject_id", "id"])

    # full-text search (kennispunt/search.py): no model maps it, env.py leaves it out of autogenerate
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE search_documents ("
            "kind varchar(40) NOT NULL, object_id integer NOT NULL, document tsvector NOT NULL, "
            "PRIMARY KEY (kind, object_id))"
        )
        op.execute("CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE search_documents USING fts5("
            "kind UNINDEXED, object_id UNINDEXED, title, summary, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )

    op.bulk_insert(municipalities, read_municipalities_csv())


def downgrade() -> None:
    op.execute("DROP TABLE search_documents")  # on SQLite also drops the FTS5 shadow tables
    for table in (
        "events",
        "training_registrations",
        "training_sessions",
        "trainings",
        "articles",
        "topics",
        "members",
        "parties",
        "municipalities",
        "access_tokens",
        "user_roles",
        "users",
    ):
        op.drop_table(table)
