"""dataset access state; mail retries and digests

``imnet_dataset_access`` keeps each dataset's access state as last acted upon
(filled from the current datasets); the outbox gains a time for the next
attempt and a flag for messages held for the approvers' digest.

Revision ID: 5d2e8a9c41b7
Revises: c3cfaf980745
Create Date: 2026-11-30 04:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

# revision identifiers, used by Alembic.
revision = "5d2e8a9c41b7"
down_revision = "c3cfaf980745"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "imnet_dataset_access",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("sensitivity", sa.Text, nullable=False),
        sa.Column("private", sa.Boolean, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("owner_org", sa.Text),
        sa.Column("labels", ARRAY(sa.Text), nullable=False),
        sa.Column("modified", TZ, nullable=False, server_default=sa.func.now()),
    )
    # The current datasets as they are: nothing to act upon for them. Their
    # labels are left empty and recomputed on their next change. A dataset's
    # extras are rows of ``package_extra`` up to CKAN 2.11, a JSONB column of
    # ``package`` from CKAN 2.12 (its migration 106 drops the table).
    if sa.inspect(op.get_bind()).has_table("package_extra"):
        sensitivity, extras = "e.value", (
            "LEFT JOIN package_extra e ON e.package_id = p.id"
            " AND e.key = 'sensitivity' AND e.state = 'active'"
        )
    else:
        sensitivity, extras = "p.extras ->> 'sensitivity'", ""
    op.execute(
        f"""
        INSERT INTO imnet_dataset_access
            (package_id, sensitivity, private, state, owner_org, labels)
        SELECT p.id, COALESCE(NULLIF({sensitivity}, ''), 'public'),
               COALESCE(p.private, false), p.state, p.owner_org, '{{}}'
        FROM package p {extras}
        """
    )
    op.add_column("imnet_mail_outbox", sa.Column("next_attempt_at", TZ))
    op.add_column(
        "imnet_mail_outbox",
        sa.Column("held", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade():
    op.drop_column("imnet_mail_outbox", "held")
    op.drop_column("imnet_mail_outbox", "next_attempt_at")
    op.drop_table("imnet_dataset_access")
