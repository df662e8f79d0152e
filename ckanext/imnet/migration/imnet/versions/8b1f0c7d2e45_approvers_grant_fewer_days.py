"""approvers grant fewer days

``imnet_access_request.granted_days``: the days the approvers grant, when
fewer than the requester asked for.

Revision ID: 8b1f0c7d2e45
Revises: 5d2e8a9c41b7
Create Date: 2026-11-30 05:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8b1f0c7d2e45"
down_revision = "5d2e8a9c41b7"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "imnet_access_request", sa.Column("granted_days", sa.Integer, nullable=True)
    )


def downgrade():
    op.drop_column("imnet_access_request", "granted_days")
