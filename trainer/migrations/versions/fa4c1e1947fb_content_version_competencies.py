"""content version competencies

Revision ID: fa4c1e1947fb
Revises: cd1d2c15786a
Create Date: 2026-11-24 10:12:40.118204

The competencies each version exercises, stored so pages need not parse bodies to know them.
Existing rows are filled by walking their stored JSON the way the kinds' `exercises` functions
walk the models (trainer/scenarios/explore.py, trainer/assessments/kinds.py); the migration
keeps its own copy so it never changes when the code does. `content load` refreshes them too.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fa4c1e1947fb'
down_revision = 'cd1d2c15786a'
branch_labels = None
depends_on = None

content_version = sa.table(
    'content_version',
    sa.column('id', sa.Integer),
    sa.column('kind', sa.String),
    sa.column('body', sa.JSON),
    sa.column('competencies', sa.JSON),
)


def _scenario(body):
    found = []
    for step in (body.get('steps') or {}).values():
        for choice in step.get('choices') or []:
            found += [e['competency'] for e in choice.get('evidence') or [] if e['weight'] > 0]
        found += [b['competency'] for b in step.get('behaviours') or []]
    return found


def _item(body):
    return list(body.get('competencies') or [])


def _form(body):
    return [s['draw']['competency'] for s in body.get('sections') or [] if s.get('draw')]


EXERCISES = {'scenario': _scenario, 'item': _item, 'form': _form}


def upgrade():
    # A constant default lets SQLite add the column in place; copying the table would trip the
    # foreign keys that point at it.
    with op.batch_alter_table('content_version', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('competencies', sa.JSON(), server_default='[]', nullable=False)
        )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(content_version.c.id, content_version.c.kind, content_version.c.body).where(
            content_version.c.kind.in_(list(EXERCISES))
        )
    ).all()
    for id_, kind, body in rows:
        found = list(dict.fromkeys(EXERCISES[kind](body)))
        if found:
            connection.execute(
                content_version.update()
                .where(content_version.c.id == id_)
                .values(competencies=found)
            )


def downgrade():
    # Not batched: SQLite (3.35+) drops a column in place, while copying the table would trip
    # the foreign keys that point at it.
    op.drop_column('content_version', 'competencies')
