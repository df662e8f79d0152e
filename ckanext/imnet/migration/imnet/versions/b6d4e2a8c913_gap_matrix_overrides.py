"""gap matrix overrides

``imnet_gap_override``: the state a MIMU admin gave a cell of the gap matrix
(a data category in a State/Region, or MMR for the Union column), or "not
applicable", with the comment, who set it and when.

Revision ID: b6d4e2a8c913
Revises: 7a3d5e1f9c22
Create Date: 2026-11-30 14:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b6d4e2a8c913"
down_revision = "7a3d5e1f9c22"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "imnet_gap_override",
        sa.Column("category", sa.Text, primary_key=True),
        sa.Column("place", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("set_by", sa.Text),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("imnet_gap_override")
