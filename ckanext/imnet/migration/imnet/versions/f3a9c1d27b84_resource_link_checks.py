"""resource link checks

``imnet_link_check``: the last check of each resource's link -- its status
(ok, broken, unreachable, refused), HTTP status, error, content type, when it
was last checked, last found working and first found failing.

Revision ID: f3a9c1d27b84
Revises: e41c7a9b2f60
Create Date: 2026-11-30 11:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f3a9c1d27b84"
down_revision = "e41c7a9b2f60"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "imnet_link_check",
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False, index=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("http_status", sa.Integer),
        sa.Column("error", sa.Text, nullable=False, server_default=""),
        sa.Column("content_type", sa.Text, nullable=False, server_default=""),
        sa.Column("last_checked", TZ, nullable=False, index=True),
        sa.Column("last_success", TZ),
        sa.Column("first_failure", TZ),
    )


def downgrade():
    op.drop_table("imnet_link_check")
