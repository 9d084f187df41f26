"""content changes: the audit of items retired or sent back to draft from the analysis pages

Revision ID: analysis0001
Revises: importers0001
Create Date: 2026-12-02 22:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'analysis0001'
down_revision = 'importers0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('content_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('from_version_id', sa.Integer(), nullable=False),
    sa.Column('to_version_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('retired', 'draft', 'live')", name=op.f('ck_content_change_status')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], name=op.f('fk_content_change_changed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['from_version_id'], ['content_version.id'], name=op.f('fk_content_change_from_version_id_content_version')),
    sa.ForeignKeyConstraint(['to_version_id'], ['content_version.id'], name=op.f('fk_content_change_to_version_id_content_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_change'))
    )
    with op.batch_alter_table('content_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_change_key'), ['key'], unique=False)


def downgrade():
    with op.batch_alter_table('content_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_change_key'))

    op.drop_table('content_change')
