"""Resources keep being found when the identity rules learn a new spelling of a URL.

A resource's ``key`` is the canonical URL its link had when it was first stored. When the rules of
:func:`readinglist.urls.canonical_url` grow (a paper's page on Hugging Face or alphaXiv became its arXiv page), the
same link now gives another key, and a later import or sync would store the resource again beside the one that
holds the reader's progress. This revision gives every resource whose link has another key by today's rules that
key as an alias (``resource_aliases``, which import, sync and lookups already follow), unless another resource owns
it already (two stored resources are not merged here). Nothing else changes; run it again, as a new revision, when
the rules change again.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_BATCH = 5_000


def upgrade() -> None:
    from readinglist.urls import canonical_url

    conn = op.get_bind()
    now = dt.datetime.now(dt.timezone.utc)
    taken: set[str] = set()  # keys given in this run: a second resource with the same new key keeps its own
    last = 0
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT id, key, url FROM resources WHERE id > :last AND url IS NOT NULL ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": _BATCH},
        ).all()
        if not rows:
            return
        last = rows[-1].id
        wanted = {}
        for r in rows:
            new = canonical_url(r.url)
            if new != r.key and new not in taken and not new.startswith("title:"):
                wanted.setdefault(new, r.id)
        if wanted:
            keys = sa.bindparam("keys", expanding=True)
            owned = {
                k
                for (k,) in conn.execute(
                    sa.text("SELECT key FROM resources WHERE key IN :keys").bindparams(keys),
                    {"keys": list(wanted)},
                )
            }
            owned |= {
                k
                for (k,) in conn.execute(
                    sa.text("SELECT key FROM resource_aliases WHERE key IN :keys").bindparams(keys),
                    {"keys": list(wanted)},
                )
            }
            fresh = [{"key": k, "rid": rid, "t": now} for k, rid in wanted.items() if k not in owned]
            if fresh:
                conn.execute(
                    sa.text(
                        "INSERT INTO resource_aliases (key, resource_id, created_at) VALUES (:key, :rid, :t)"
                    ),
                    fresh,
                )
            taken.update(wanted)


def downgrade() -> None:
    pass  # the aliases name the resources they belong to; an older version follows them as well
