"""dataset review and endorsement

``imnet_dataset_review``: each dataset's place in the MIMU review queue
(``unreviewed``, ``changes_requested``, ``reviewed``), the fingerprint of its
IM fields when it entered it, the last reviewer's comment, and whether the
required-review option holds it private; ``imnet_dataset_endorsement``: the
endorsed baseline datasets, with who endorsed them and the note.

Revision ID: 7a3d5e1f9c22
Revises: f3a9c1d27b84
Create Date: 2026-11-30 11:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7a3d5e1f9c22"
down_revision = "f3a9c1d27b84"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "imnet_dataset_review",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("entered", sa.Text, nullable=False, server_default="new"),
        sa.Column("fingerprint", sa.Text, nullable=False, server_default=""),
        sa.Column("since", TZ, nullable=False),
        sa.Column("changed_by", sa.Text),
        sa.Column("reviewed_at", TZ),
        sa.Column("reviewed_by", sa.Text),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("held", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index(
        "imnet_dataset_review_state_idx", "imnet_dataset_review", ["state"]
    )
    op.create_table(
        "imnet_dataset_endorsement",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("endorsed_at", TZ, nullable=False),
        sa.Column("endorsed_by", sa.Text),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )


def downgrade():
    op.drop_table("imnet_dataset_endorsement")
    op.drop_index("imnet_dataset_review_state_idx", "imnet_dataset_review")
    op.drop_table("imnet_dataset_review")
