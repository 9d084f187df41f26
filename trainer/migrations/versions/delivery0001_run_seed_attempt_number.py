"""run seeds and attempt numbers

Revision ID: delivery0001
Revises: analysis0001
Create Date: 2026-12-02 22:50:00.000000

`scenario_run.seed` shuffles and names the choices a run shows (trainer/scenarios/page.py);
existing runs get a random seed each. `attempt.number` counts a person's attempts at a form,
unique per person and form, so parallel "begin" posts cannot make more attempts than allowed;
existing attempts are numbered in the order they were made.
"""

import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "delivery0001"
down_revision = "analysis0001"
branch_labels = None
depends_on = None

scenario_run = sa.table(
    "scenario_run", sa.column("id", sa.Integer), sa.column("seed", sa.BigInteger)
)
attempt = sa.table(
    "attempt",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("form_key", sa.String),
    sa.column("number", sa.Integer),
)


def upgrade():
    # Constant defaults let SQLite add the columns in place; copying the tables would trip the
    # foreign keys that point at them. Every row is then given its real value.
    with op.batch_alter_table("scenario_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seed", sa.BigInteger(), server_default="0", nullable=False))
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), server_default="1", nullable=False))
    connection = op.get_bind()
    for (id_,) in connection.execute(sa.select(scenario_run.c.id)).all():
        connection.execute(
            scenario_run.update().where(scenario_run.c.id == id_).values(seed=secrets.randbits(62))
        )
    counts = {}
    rows = connection.execute(
        sa.select(attempt.c.id, attempt.c.person_id, attempt.c.form_key).order_by(attempt.c.id)
    ).all()
    for id_, person_id, form_key in rows:
        counts[person_id, form_key] = counts.get((person_id, form_key), 0) + 1
        connection.execute(
            attempt.update().where(attempt.c.id == id_).values(number=counts[person_id, form_key])
        )
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attempt_person_form_number", ["person_id", "form_key", "number"], unique=True
        )


def downgrade():
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_attempt_person_form_number")
    # Not batched: SQLite (3.35+) drops a column in place.
    op.drop_column("attempt", "number")
    op.drop_column("scenario_run", "seed")
