"""dataset freshness

``imnet_dataset_confirmation``: the last time a dataset was confirmed as
still current; ``imnet_freshness_notice``: the freshness reminders sent, one
per dataset, state and cycle (so a daily run never sends one twice).

Revision ID: e41c7a9b2f60
Revises: 8b1f0c7d2e45
Create Date: 2026-11-30 10:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e41c7a9b2f60"
down_revision = "8b1f0c7d2e45"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "imnet_dataset_confirmation",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("confirmed_at", TZ, nullable=False),
        sa.Column("confirmed_by", sa.Text),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "imnet_freshness_notice",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("since", TZ, nullable=False),
        sa.Column("created", TZ, nullable=False),
        sa.UniqueConstraint("package_id", "state", "since"),
    )


def downgrade():
    op.drop_table("imnet_freshness_notice")
    op.drop_table("imnet_dataset_confirmation")
