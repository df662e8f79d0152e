"""access requests, audit log and mail outbox

Tables of ckanext.imnet.model.access.

Revision ID: c3cfaf980745
Revises:
Create Date: 2026-11-21 09:00:07.442530

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

# revision identifiers, used by Alembic.
revision = "c3cfaf980745"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "imnet_access_request",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("sensitivity", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("requester_organization", sa.Text, nullable=False),
        sa.Column("requested_days", sa.Integer, nullable=False),
        sa.Column("conditions_text", sa.Text, nullable=False),
        sa.Column("terms_text", sa.Text, nullable=False),
        sa.Column("agreement_hash", sa.Text, nullable=False),
        sa.Column("owner_approved_by", sa.Text),
        sa.Column("owner_approved_at", TZ),
        sa.Column("admin_approved_by", sa.Text),
        sa.Column("admin_approved_at", TZ),
        sa.Column("decided_by", sa.Text),
        sa.Column("decided_at", TZ),
        sa.Column("reason", sa.Text),
        sa.Column("expires_at", TZ),
        sa.Column("reminder_sent_at", TZ),
        sa.Column("created", TZ, nullable=False),
        sa.Column("modified", TZ, nullable=False),
        sa.CheckConstraint(
            "state IN ('submitted', 'needs_info', 'approved', 'rejected', "
            "'withdrawn', 'expired', 'revoked')",
            name="imnet_access_request_state_check",
        ),
    )
    op.create_index(
        "imnet_access_request_package_idx", "imnet_access_request", ["package_id"]
    )
    op.create_index("imnet_access_request_user_idx", "imnet_access_request", ["user_id"])
    # At most one open request per user and dataset, even under concurrent submits.
    op.create_index(
        "imnet_access_request_one_open_idx",
        "imnet_access_request",
        ["user_id", "package_id"],
        unique=True,
        postgresql_where=sa.text("state IN ('submitted', 'needs_info')"),
    )

    op.create_table(
        "imnet_access_event",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("created", TZ, nullable=False),
        sa.Column("event", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Text),
        sa.Column("package_id", sa.Text),
        sa.Column("resource_id", sa.Text),
        sa.Column("request_id", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("details", JSONB, nullable=False),
    )
    op.create_index("imnet_access_event_created_idx", "imnet_access_event", ["created"])
    op.create_index(
        "imnet_access_event_package_idx", "imnet_access_event", ["package_id"]
    )
    # The audit log is append-only: rows can be added, never changed.
    op.execute(
        """
        CREATE OR REPLACE FUNCTION imnet_access_event_immutable()
        RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'imnet_access_event is append-only';
        END
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER imnet_access_event_no_update
            BEFORE UPDATE ON imnet_access_event
            FOR EACH ROW EXECUTE FUNCTION imnet_access_event_immutable();
        """
    )

    op.create_table(
        "imnet_mail_outbox",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("created", TZ, nullable=False),
        sa.Column("recipient_id", sa.Text),
        sa.Column("recipient_email", sa.Text, nullable=False),
        sa.Column("recipient_name", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("sent_at", TZ),
    )
    op.create_index(
        "imnet_mail_outbox_unsent_idx",
        "imnet_mail_outbox",
        ["id"],
        postgresql_where=sa.text("sent_at IS NULL"),
    )


def downgrade():
    op.drop_table("imnet_mail_outbox")
    op.drop_table("imnet_access_event")
    op.execute("DROP FUNCTION IF EXISTS imnet_access_event_immutable()")
    op.drop_table("imnet_access_request")
