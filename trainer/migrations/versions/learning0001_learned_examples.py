"""learned examples

Revision ID: learning0001
Revises: auditlog0001
Create Date: 2026-12-03 06:40:00

A manager's verdict on a behaviour of a reviewed answer becomes an example the matcher uses from
then on: one row per call, step, behaviour and normalised answer.
"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'learning0001'
down_revision = 'auditlog0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'learned_example',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scenario_key', sa.String(length=80), nullable=False),
        sa.Column('step_key', sa.String(length=80), nullable=False),
        sa.Column('behaviour_key', sa.String(length=80), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('shown', sa.Boolean(), nullable=False),
        sa.Column('source_ref', sa.String(length=120), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=True),
        sa.Column('learned_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['reviewer_id'], ['user.id'],
            name=op.f('fk_learned_example_reviewer_id_user'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_learned_example')),
        sa.UniqueConstraint(
            'scenario_key', 'step_key', 'behaviour_key', 'digest',
            name=op.f('uq_learned_example_scenario_key_step_key_behaviour_key_digest'),
        ),
    )
    with op.batch_alter_table('learned_example', schema=None) as batch_op:
        batch_op.create_index(
            'ix_learned_example_scenario_learned', ['scenario_key', 'learned_at'], unique=False
        )


def downgrade():
    with op.batch_alter_table('learned_example', schema=None) as batch_op:
        batch_op.drop_index('ix_learned_example_scenario_learned')
    op.drop_table('learned_example')
