"""evidence mode, practice first tries

Revision ID: levels0001
Revises: delivery0001
Create Date: 2026-12-02 22:45:00

The mode an observation was made in (practice, assessment, screening; none for ratings), so the
level rule can count only a practice item's first try (docs/scoring.md). Existing rows take the
mode of the attempt or call their source id names. A practice answer keeps its first checked
score (`response.first_points`) and a practice call the evidence of each retried step's first try
(`scenario_run.first_tries`): a retry never counts.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'levels0001'
down_revision = 'delivery0001'
branch_labels = None
depends_on = None

ORIGINS = {'attempt': 'attempt', 'scenario-run': 'scenario_run'}


def upgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=20), nullable=True))
        batch_op.create_check_constraint(
            'mode', "mode IS NULL OR mode IN ('practice', 'assessment', 'screening')"
        )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_points', sa.Double(), nullable=True))
    with op.batch_alter_table('scenario_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_tries', sa.JSON(), nullable=True))
    bind = op.get_bind()
    for origin, table in ORIGINS.items():
        modes = dict(bind.execute(sa.text(f'SELECT id, mode FROM {table}')).all())
        rows = bind.execute(
            sa.text('SELECT id, source_id FROM evidence WHERE source_id LIKE :prefix'),
            {'prefix': f'{origin}:%'},
        ).all()
        for evidence_id, source_id in rows:
            ident = source_id.partition('/')[0].partition(':')[2]
            mode = modes.get(int(ident)) if ident.isdigit() else None
            if mode is not None:
                bind.execute(
                    sa.text('UPDATE evidence SET mode = :mode WHERE id = :id'),
                    {'mode': mode, 'id': evidence_id},
                )


def downgrade():
    with op.batch_alter_table('scenario_run', schema=None) as batch_op:
        batch_op.drop_column('first_tries')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('first_points')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint('mode', type_='check')
        batch_op.drop_column('mode')
