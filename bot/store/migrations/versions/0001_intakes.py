"""The professional's intake records: no name, BSN or contact fields; the code only as its hash.

Revision ID: 0001_intakes
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_intakes"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intakes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False, index=True),
        sa.Column("consent_at", sa.Float, nullable=False),
        sa.Column("consent_by", sa.String(40), nullable=False),
        sa.Column("consent_purpose", sa.String(40), nullable=False),
        sa.Column("retention_days", sa.Integer, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("region", sa.String(200), nullable=True),
        sa.Column("referrals", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("intakes")
