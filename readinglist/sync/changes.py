"""What a sync changed: the report types, their text and JSON forms, and recorded versions."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from readinglist.types import ImportResult, Placed, ProgressMerge, tier_name

ADDED, REMOVED, RETIRED, RESTORED = "added", "removed", "retired", "restored"
MOVED, RETITLED, RELINKED, MERGED = "moved", "retitled", "relinked", "merged"
KINDS = (ADDED, REMOVED, RETIRED, RESTORED, MOVED, RETITLED, RELINKED, MERGED)
"""Kinds of :class:`Change`, in report order."""

_MIN_RELINK_TITLE = 8
"""Shorter title keys ("video", "paper") are too generic to say two different URLs are one entry."""


@dataclass(frozen=True)
class Change(Placed):
    """One entry that changed. ``section``/``tier`` are where it is now (where it was, for removed/retired).

    ``old_*`` say where it came from (moved), what it was called (retitled), its old URL (relinked); ``into``
    names the entry a merged entry went into. A restored or retitled entry that also moved has ``old_section``/
    ``old_tier`` set too.
    """

    kind: str
    title: str
    url: str | None = None
    section: tuple[str, ...] = ()
    tier: int | None = None
    tier_label: str | None = None
    old_title: str | None = None
    old_url: str | None = None
    old_section: tuple[str, ...] | None = None
    old_tier: int | None = None
    old_tier_label: str | None = None
    into: str | None = None

    @property
    def moved(self) -> bool:
        """The entry changed topic or tier."""
        return self.old_section is not None and (self.old_section, self.old_tier) != (self.section, self.tier)


@dataclass(frozen=True)
class TopicRename:
    """A topic heading that changed while its entries stayed: ``old`` and ``new`` paths."""

    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class SyncReport:
    """What a sync changed (or would change, on a dry run), per entry and per topic.

    ``up_to_date`` means the source's content hash equals the last version's: nothing was written. ``updated``
    counts entries whose list-given details changed (note, links, description, ✨ flag) without any other change;
    ``error`` is set only in :meth:`Library.sync_all` results for a list whose sync failed (nothing changed there).
    """

    list_name: str
    up_to_date: bool = False
    dry_run: bool = False
    changes: tuple[Change, ...] = ()
    renamed: tuple[TopicRename, ...] = ()
    updated: int = 0
    entries: int = 0
    source: str | None = None
    revision: str | None = None
    content_hash: str | None = None
    previous_hash: str | None = None
    synced_at: dt.datetime | None = None
    error: str | None = None
    progress: ProgressMerge | None = None
    """What became of the statuses the new version carried (``[x]`` marks of a checklist): see ``carried``."""

    def of(self, kind: str) -> tuple[Change, ...]:
        """The changes of one kind (``"added"``, ``"moved"``...)."""
        return tuple(c for c in self.changes if c.kind == kind)

    @property
    def counts(self) -> dict[str, int]:
        """Number of changes of each kind, plus ``renamed`` topics and ``updated`` entries."""
        found = Counter(c.kind for c in self.changes)
        out = {k: found.get(k, 0) for k in KINDS}
        out["renamed"] = len(self.renamed)
        out["updated"] = self.updated
        return out

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.renamed or self.updated)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form (stored as the version's summary, printed by ``--json``)."""
        out = _jsonable(self)
        out["counts"] = self.counts
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SyncReport:
        """Rebuild a report from :meth:`to_dict` output (a stored version summary)."""
        names = {f.name for f in dataclasses.fields(Change)}
        changes = tuple(
            Change(**{k: _untuple(k, v) for k, v in c.items() if k in names}) for c in data.get("changes", ())
        )
        renamed = tuple(TopicRename(tuple(r["old"]), tuple(r["new"])) for r in data.get("renamed", ()))
        at = data.get("synced_at")
        return cls(
            list_name=data.get("list_name", ""),
            up_to_date=bool(data.get("up_to_date")),
            dry_run=bool(data.get("dry_run")),
            changes=changes,
            renamed=renamed,
            updated=int(data.get("updated", 0)),
            entries=int(data.get("entries", 0)),
            source=data.get("source"),
            revision=data.get("revision"),
            content_hash=data.get("content_hash"),
            previous_hash=data.get("previous_hash"),
            synced_at=dt.datetime.fromisoformat(at) if at else None,
            error=data.get("error"),
            progress=ProgressMerge(**data["progress"]) if isinstance(data.get("progress"), dict) else None,
        )

    def lines(self) -> list[str]:
        """Human-readable lines: a headline, then one line per topic, then renamed topics, then progress."""
        out = self._change_lines()
        if self.progress is not None and self.progress.changed:
            out.append(f"  {self.progress.line()}")
        return out

    def _change_lines(self) -> list[str]:
        if self.error:
            return [f"{self.list_name}: failed: {self.error}"]
        if self.up_to_date:
            return [f"{self.list_name}: up to date ({self.entries} items)"]
        verb = "would change" if self.dry_run else "changed"
        if not self.changed:
            return [
                f"{self.list_name}: new source version, no entry {verb.split()[-1]} ({self.entries} items)"
            ]
        parts = [f"{n} {k}" for k, n in self.counts.items() if n]
        out = [f"{self.list_name}: {verb}: {', '.join(parts)}; {self.entries} items now"]
        for topic, text in topic_lines(self.changes):
            out.append(f"  {topic}: {text}")
        for r in self.renamed:
            out.append(f"  topic renamed: {' / '.join(r.old)} → {' / '.join(r.new)}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _untuple(key: str, value: Any) -> Any:
    return tuple(value) if key in ("section", "old_section") and value is not None else value


def topic_lines(changes: Iterable[Change]) -> list[tuple[str, str]]:
    """``("Transformers", "+2 in Tier 2 (new), 1 moved Tier 3 → Tier 2, 1 retired")`` per topic, in first-seen order."""
    by_topic: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        by_topic[" / ".join(c.section) or "(top)"].append(c)
    out = []
    for topic, group in by_topic.items():
        parts: list[str] = []
        added = Counter(c.tier_name for c in group if c.kind == ADDED)
        parts += [f"+{n} in {t} (new)" for t, n in added.items()]
        restored = Counter(c.tier_name for c in group if c.kind == RESTORED)
        parts += [f"{n} restored in {t}" for t, n in restored.items()]
        moves = Counter(_move_text(c) for c in group if c.kind == MOVED)
        parts += [f"{n} moved {text}" for text, n in moves.items()]
        for kind in (RETITLED, RELINKED, MERGED, RETIRED, REMOVED):
            n = sum(1 for c in group if c.kind == kind)
            if n:
                parts.append(f"{n} {kind}")
        out.append((topic, ", ".join(parts)))
    return out


def _move_text(c: Change) -> str:
    old_tier = tier_name(c.old_tier, c.old_tier_label)
    if c.old_section == c.section:
        return f"{old_tier} → {c.tier_name}"
    return f"from {' / '.join(c.old_section or ()) or '(top)'} {old_tier} → {c.tier_name}"


@dataclass(frozen=True)
class Version:
    """One imported version of a list: when, from where, which revision, and what it changed."""

    id: int
    imported_at: dt.datetime | None
    source: str | None
    revision: str | None
    source_date: str | None
    content_hash: str | None
    entry_count: int
    first_import: bool = False
    report: SyncReport | None = None

    def lines(self) -> list[str]:
        when = self.imported_at.strftime("%Y-%m-%d %H:%M") if self.imported_at else "?"
        rev = f" {self.revision}" if self.revision else ""
        head = f"{when}  {(self.content_hash or '')[:10]}{rev}  {self.entry_count} items"
        if self.first_import:
            return [f"{head}  first import"]
        if self.report is None:
            return [head]
        body = self.report.lines()
        return [f"{head}  {body[0].split(': ', 1)[-1]}"] + body[1:]


@dataclass(frozen=True)
class SyncImportResult(ImportResult):
    """What ``import_list`` returns when it re-imported an existing list: the import result plus the report."""

    report: SyncReport | None = None


def version_from_row(row: Mapping[str, Any]) -> Version:
    summary = row.get("summary") or {}
    first = bool(summary.get("first_import"))
    report = SyncReport.from_dict(summary) if summary and not first else None
    return Version(
        id=row["id"],
        imported_at=row.get("imported_at"),
        source=row.get("source"),
        revision=row.get("revision"),
        source_date=row.get("source_date"),
        content_hash=row.get("content_hash"),
        entry_count=int(row.get("entry_count") or 0),
        first_import=first,
        report=report,
    )
