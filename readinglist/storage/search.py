"""Full-text search: the index (kept in step by the database itself) and the ranked query.

The index is maintained by SQL triggers created by migration 0005 (:func:`install`), so every write path (import,
sync, mark, feed pull, anything added later) keeps it current without knowing it exists.

* SQLite: two FTS5 tables. ``search_entries`` has one row per list entry (rowid = ``entries.id``) with the entry's
  title, its description and list note (plus the resource's title), its topic path and the resource's author;
  ``search_notes`` holds each profile's progress notes. The ``unicode61 remove_diacritics 2`` tokenizer folds case
  and accents; queries are prefix queries.
* PostgreSQL: ``entries.search_doc`` (a ``tsvector`` set by a trigger from the same fields: the topic and author live
  in other tables, which a generated column cannot read) and ``progress.search_note`` (a generated ``tsvector``),
  each with a GIN index. Text goes through ``rl_fold`` (lower case, accents removed) and the ``simple``
  configuration, queries through ``to_tsquery`` with ``:*`` prefixes, so both engines match the same words.

Neither lives in :mod:`readinglist.storage.schema` (they are engine-specific); :data:`OBJECTS` names them so the
schema comparison can leave them out.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, or_, select, text

from readinglist.storage.lists import entry_query, row_to_entry
from readinglist.storage.schema import entries, progress, resources
from readinglist.types import Entry

OBJECTS = frozenset(
    {
        "search_entries",
        "search_notes",
        "search_doc",
        "search_note",
        "ix_entries_search_doc",
        "ix_progress_search_note",
    }
)
"""Tables, columns and indexes of the search index (outside the schema module; see the module docstring)."""


def _is_fts_shadow(name: str) -> bool:
    return any(name.startswith(f"{t}_") for t in ("search_entries", "search_notes"))


def is_search_object(name: str | None) -> bool:
    """True for the index's own tables, columns and indexes (and FTS5's shadow tables)."""
    return bool(name) and (name in OBJECTS or _is_fts_shadow(name))  # type: ignore[arg-type]


# --- query words -------------------------------------------------------------------------------------------


def fold(value: str) -> str:
    """Lower case without accents: what both engines index."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def words(query: str) -> list[str]:
    """The words of a query, folded; punctuation and operators are dropped (nothing of the query is syntax)."""
    return re.findall(r"[^\W_]+", fold(query))


# --- installing the index (migration 0005) ---------------------------------------------------------------

_ENTRY_ROW = """SELECT {e}.id, {e}.title,
            coalesce({e}.description, '') || ' ' || coalesce({e}.note, '') || ' '
                || coalesce((SELECT title FROM resources WHERE id = {e}.resource_id), ''),
            coalesce((SELECT group_concat(j.value, ' ') FROM sections s, json_each(s.path) j
                      WHERE s.id = {e}.section_id), ''),
            coalesce((SELECT author FROM resources WHERE id = {e}.resource_id), '')"""
"""What one entry ``{e}`` (``new`` in a trigger, a table alias in the backfill) puts in ``search_entries``: one
statement of the row, so the triggers and the backfill cannot drift apart."""

_SQLITE = [
    """CREATE VIRTUAL TABLE search_entries USING fts5(
        title, body, topics, author, tokenize = 'unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE search_notes USING fts5(
        note, profile_id UNINDEXED, resource_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')""",
    # What one entry contributes, as a SELECT over NEW (used by the insert and update triggers).
    f"""CREATE TRIGGER search_entries_ai AFTER INSERT ON entries BEGIN
        INSERT INTO search_entries(rowid, title, body, topics, author) {_ENTRY_ROW.format(e="new")};
    END""",
    f"""CREATE TRIGGER search_entries_au AFTER UPDATE OF title, description, note, section_id, resource_id
        ON entries BEGIN
        DELETE FROM search_entries WHERE rowid = old.id;
        INSERT INTO search_entries(rowid, title, body, topics, author) {_ENTRY_ROW.format(e="new")};
    END""",
    """CREATE TRIGGER search_entries_ad AFTER DELETE ON entries BEGIN
        DELETE FROM search_entries WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER search_sections_au AFTER UPDATE OF title, path ON sections BEGIN
        UPDATE search_entries SET topics = coalesce(
            (SELECT group_concat(j.value, ' ') FROM json_each(new.path) j), '')
        WHERE rowid IN (SELECT id FROM entries WHERE section_id = new.id);
    END""",
    """CREATE TRIGGER search_resources_au AFTER UPDATE OF title, author ON resources BEGIN
        UPDATE search_entries SET
            author = coalesce(new.author, ''),
            body = (SELECT coalesce(e.description, '') || ' ' || coalesce(e.note, '') || ' ' || new.title
                    FROM entries e WHERE e.id = search_entries.rowid)
        WHERE rowid IN (SELECT id FROM entries WHERE resource_id = new.id);
    END""",
    """CREATE TRIGGER search_notes_ai AFTER INSERT ON progress WHEN coalesce(new.note, '') <> '' BEGIN
        INSERT INTO search_notes(note, profile_id, resource_id) VALUES (new.note, new.profile_id, new.resource_id);
    END""",
    """CREATE TRIGGER search_notes_au AFTER UPDATE OF note ON progress
        WHEN coalesce(old.note, '') IS NOT coalesce(new.note, '') BEGIN
        DELETE FROM search_notes WHERE profile_id = old.profile_id AND resource_id = old.resource_id;
        INSERT INTO search_notes(note, profile_id, resource_id)
            SELECT new.note, new.profile_id, new.resource_id WHERE coalesce(new.note, '') <> '';
    END""",
    """CREATE TRIGGER search_notes_ad AFTER DELETE ON progress WHEN coalesce(old.note, '') <> '' BEGIN
        DELETE FROM search_notes WHERE profile_id = old.profile_id AND resource_id = old.resource_id;
    END""",
    # Fill the index for what the database already holds.
    f"INSERT INTO search_entries(rowid, title, body, topics, author) {_ENTRY_ROW.format(e='e')} FROM entries e",
    """INSERT INTO search_notes(note, profile_id, resource_id)
        SELECT note, profile_id, resource_id FROM progress WHERE coalesce(note, '') <> ''""",
]

_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_sections_au",
    "DROP TRIGGER IF EXISTS search_resources_au",
    "DROP TRIGGER IF EXISTS search_notes_ai",
    "DROP TRIGGER IF EXISTS search_notes_au",
    "DROP TRIGGER IF EXISTS search_notes_ad",
    "DROP TABLE IF EXISTS search_entries",
    "DROP TABLE IF EXISTS search_notes",
]


def _fold_tables() -> tuple[str, str]:
    """Accented Latin letters (both cases: ``lower`` leaves them alone under the C locale) and their plain lower
    forms, for PostgreSQL's ``translate`` (no extension needed)."""
    src, dst = [], []
    for code in range(0xC0, 0x250):
        ch = chr(code)
        plain = fold(ch)
        if len(plain) == 1 and plain.isascii() and plain.isalpha() and ch not in src:
            src.append(ch)
            dst.append(plain)
    return "".join(src), "".join(dst)


def _postgres() -> list[str]:
    src, dst = _fold_tables()
    doc = """
        setweight(to_tsvector('simple', rl_fold(NEW.title)), 'A') ||
        setweight(to_tsvector('simple', rl_fold((SELECT string_agg(v, ' ') FROM sections s,
            json_array_elements_text(s.path::json) v WHERE s.id = NEW.section_id))), 'B') ||
        setweight(to_tsvector('simple', rl_fold((SELECT coalesce(r.author, '') FROM resources r
            WHERE r.id = NEW.resource_id))), 'B') ||
        setweight(to_tsvector('simple', rl_fold(coalesce(NEW.description, '') || ' ' || coalesce(NEW.note, '')
            || ' ' || coalesce((SELECT r.title FROM resources r WHERE r.id = NEW.resource_id), ''))), 'C')
    """
    return [
        f"""CREATE FUNCTION rl_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
            $$ SELECT translate(lower(coalesce(value, '')), '{src}', '{dst}') $$""",
        f"""CREATE FUNCTION rl_entries_search() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.search_doc := {doc}; RETURN NEW; END $$""",
        "ALTER TABLE entries ADD COLUMN search_doc tsvector",
        """CREATE TRIGGER rl_entries_search BEFORE INSERT OR UPDATE OF title, description, note, section_id,
            resource_id ON entries FOR EACH ROW EXECUTE FUNCTION rl_entries_search()""",
        """CREATE FUNCTION rl_sections_search() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN UPDATE entries SET section_id = section_id WHERE section_id = NEW.id; RETURN NULL; END $$""",
        """CREATE TRIGGER rl_sections_search AFTER UPDATE OF title, path ON sections
            FOR EACH ROW EXECUTE FUNCTION rl_sections_search()""",
        """CREATE FUNCTION rl_resources_search() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN UPDATE entries SET resource_id = resource_id WHERE resource_id = NEW.id; RETURN NULL; END $$""",
        """CREATE TRIGGER rl_resources_search AFTER UPDATE OF title, author ON resources
            FOR EACH ROW EXECUTE FUNCTION rl_resources_search()""",
        "UPDATE entries SET title = title",  # fill the index for existing rows
        "CREATE INDEX ix_entries_search_doc ON entries USING gin (search_doc)",
        """ALTER TABLE progress ADD COLUMN search_note tsvector
            GENERATED ALWAYS AS (to_tsvector('simple', rl_fold(note))) STORED""",
        "CREATE INDEX ix_progress_search_note ON progress USING gin (search_note)",
    ]


_POSTGRES_DROP = [
    "DROP INDEX IF EXISTS ix_progress_search_note",
    "ALTER TABLE progress DROP COLUMN IF EXISTS search_note",
    "DROP TRIGGER IF EXISTS rl_resources_search ON resources",
    "DROP TRIGGER IF EXISTS rl_sections_search ON sections",
    "DROP TRIGGER IF EXISTS rl_entries_search ON entries",
    "DROP INDEX IF EXISTS ix_entries_search_doc",
    "ALTER TABLE entries DROP COLUMN IF EXISTS search_doc",
    "DROP FUNCTION IF EXISTS rl_resources_search()",
    "DROP FUNCTION IF EXISTS rl_sections_search()",
    "DROP FUNCTION IF EXISTS rl_entries_search()",
    "DROP FUNCTION IF EXISTS rl_fold(text)",
]


def install(conn: Connection) -> None:
    """Create the index, its triggers, and fill it from the data already there."""
    statements = _SQLITE if conn.dialect.name == "sqlite" else _postgres()
    for statement in statements:
        conn.exec_driver_sql(statement)


def uninstall(conn: Connection) -> None:
    for statement in _SQLITE_DROP if conn.dialect.name == "sqlite" else _POSTGRES_DROP:
        conn.exec_driver_sql(statement)



# --- bulk writes (SQLite) ----------------------------------------------------------------------------------

_FILL_NEW_ENTRIES = """INSERT INTO search_entries(rowid, title, body, topics, author)
    SELECT e.id, e.title,
        coalesce(e.description, '') || ' ' || coalesce(e.note, '') || ' ' || coalesce(r.title, ''),
        coalesce((SELECT group_concat(j.value, ' ') FROM sections s, json_each(s.path) j
                  WHERE s.id = e.section_id), ''),
        coalesce(r.author, '')
    FROM entries e JOIN resources r ON r.id = e.resource_id WHERE e.id > :after ORDER BY e.id"""
"""The rows :data:`_SQLITE`'s insert trigger writes, for every entry above an id, in one statement."""
_ENTRIES_AI = next(s for s in _SQLITE if "TRIGGER search_entries_ai AFTER INSERT" in s)


@contextlib.contextmanager
def bulk_entries(conn: Connection) -> Iterator[None]:
    """Around a large insert into ``entries`` (inside the caller's transaction): on SQLite the per-row insert
    trigger is dropped, and the new entries' index rows are written afterwards in one set-based statement (the
    same values the trigger writes), then the trigger is created again. The trigger did a third of a 100k-item
    import. Readers never see the gap (it is inside the write transaction); a failure rolls it all back."""
    if conn.dialect.name != "sqlite" or not conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'search_entries_ai'"
    ).first():
        yield
        return
    after = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM entries").scalar_one()
    conn.exec_driver_sql("DROP TRIGGER search_entries_ai")
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):  # the caller's rollback restores it anyway
            conn.exec_driver_sql(_ENTRIES_AI)
        raise
    conn.execute(text(_FILL_NEW_ENTRIES), {"after": after})
    conn.exec_driver_sql(_ENTRIES_AI)


# --- querying ----------------------------------------------------------------------------------------------


def _filters(
    pid: int, list_id: int | None, status: str | None, kind: str | None, include_retired: bool
) -> list[Any]:
    found: list[Any] = []
    if not include_retired:
        found.append(entries.c.retired.is_(False))
    if list_id is not None:
        found.append(entries.c.list_id == list_id)
    if status is not None:
        mine = select(progress.c.status).where(
            progress.c.profile_id == pid, progress.c.resource_id == entries.c.resource_id
        )
        current = mine.scalar_subquery()
        if status == "unread":
            found.append(or_(current.is_(None), current == "unread"))
        else:
            found.append(current == status)
    if kind is not None:
        found.append(
            select(resources.c.kind).where(resources.c.id == entries.c.resource_id).scalar_subquery() == kind
        )
    return found


_WEIGHTS = "10.0, 1.0, 3.0, 3.0"
"""bm25 weights of title, body (description, notes, the resource's title), topics, author."""


def _best_first(
    conn: Connection, match: str, where: Sequence[Any], limit: int
) -> list[tuple[int, int]] | None:
    """SQLite: rank in the FTS table alone (a join makes bm25 several times slower), then filter the best few.

    None when the filters left fewer than ``limit`` of them while more matches exist.
    """
    window = limit * 4
    ranked = [
        r[0]
        for r in conn.execute(
            text(
                "SELECT rowid FROM search_entries WHERE search_entries MATCH :match "
                f"ORDER BY bm25(search_entries, {_WEIGHTS}) LIMIT :window"
            ),
            {"match": match, "window": window},
        )
    ]
    if not ranked:
        return []
    kept = dict(
        conn.execute(
            select(entries.c.id, entries.c.resource_id).where(entries.c.id.in_(ranked), *where)
        ).all()
    )
    found = [(i, kept[i]) for i in ranked if i in kept][:limit]
    if len(found) < limit and len(ranked) == window:
        return None
    return found


def ranked_entry_ids(
    conn: Connection,
    pid: int,
    query_words: Sequence[str],
    *,
    list_id: int | None = None,
    status: str | None = None,
    kind: str | None = None,
    limit: int = 20,
) -> list[tuple[int, int]]:
    """``(entry id, resource id)`` pairs matching every word (as a prefix), best first.

    Entries match on their own text; the profile's notes bring their resource's entries in after those.
    """
    if not query_words:
        return []
    where = _filters(pid, list_id, status, kind, include_retired=False)
    if conn.dialect.name == "sqlite":
        match = " AND ".join(f'"{w}"*' for w in query_words)
        hits = (
            select(entries.c.id, entries.c.resource_id)
            .select_from(entries.join(text("search_entries"), text("search_entries.rowid = entries.id")))
            .where(text("search_entries MATCH :match"), *where)
            .order_by(text(f"bm25(search_entries, {_WEIGHTS})"), entries.c.position)
            .limit(limit)
        )
        noted = (
            select(text("resource_id"))
            .select_from(text("search_notes"))
            .where(text("search_notes MATCH :match AND profile_id = :pid"))
        )
        params = {"match": match, "pid": pid}
        found = _best_first(conn, match, where, limit)
        if found is None:  # the filters dropped too many of the best matches: rank them all with the filters
            found = [(r[0], r[1]) for r in conn.execute(hits, params)]
    else:
        match = " & ".join(f"{w}:*" for w in query_words)
        hits = (
            select(entries.c.id, entries.c.resource_id)
            .where(text("entries.search_doc @@ to_tsquery('simple', :match)"), *where)
            .order_by(
                text("ts_rank(entries.search_doc, to_tsquery('simple', :match)) DESC"), entries.c.position
            )
            .limit(limit)
        )
        noted = select(progress.c.resource_id).where(
            progress.c.profile_id == pid, text("progress.search_note @@ to_tsquery('simple', :match)")
        )
        params = {"match": match, "pid": pid}
        found = [(r[0], r[1]) for r in conn.execute(hits, params)]
    if len(found) < limit:
        seen = {e for e, _ in found}
        by_note = (
            select(entries.c.id, entries.c.resource_id)
            .where(entries.c.resource_id.in_(noted), *where)
            .order_by(entries.c.list_id, entries.c.position)
            .limit(limit)
        )
        for r in conn.execute(by_note, params):
            if r[0] not in seen and len(found) < limit:
                found.append((r[0], r[1]))
                seen.add(r[0])
    return found


def entries_by_id(conn: Connection, pid: int, entry_ids: Sequence[int]) -> dict[int, Entry]:
    """Entries with their resource and this profile's progress, by entry id."""
    if not entry_ids:
        return {}
    q = entry_query(pid).where(entries.c.id.in_(list(entry_ids)))
    return {r.id: row_to_entry(r) for r in conn.execute(q)}
