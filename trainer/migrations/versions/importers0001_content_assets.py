"""content assets

Revision ID: importers0001
Revises: fa4c1e1947fb
Create Date: 2026-12-02 23:05:00

Pictures that imported questions show (QTI packages, Moodle XML files), stored under the SHA-256
of their bytes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'importers0001'
down_revision = 'fa4c1e1947fb'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'content_asset',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('media_type', sa.String(length=40), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_asset')),
    )


def downgrade():
    op.drop_table('content_asset')
