"""Reading one Markdown item line (a list item's first paragraph) into a :class:`_Line` (mixed into the walker):
checkbox, sparkle, links, title, note, description and our exporter's progress markers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from readinglist.importers.markdown.inline import (
    _Em,
    _generic,
    _is_balanced,
    _Line,
    _linkify,
    _Piece,
    split_title,
)
from readinglist.importers.markdown.linkless import _quoted_opening
from readinglist.importers.markdown.rules import (
    _CHECKBOX,
    _DESC_TRIM,
    _ICON_TEXT,
    _LEAD_TRIM,
    _LINK_LEFTOVER,
    _PLACEHOLDER,
    _SHORTCODE,
    _WRAPPED_LINKS,
    CHECKBOXES,
    NEW_MARKERS,
    collapse,
)
from readinglist.types import Link

_MARKS = re.compile("[\x00\x02\x03]")
"""What :meth:`_LineRules.any_line` marks a link's place (NUL, a number, SOH) and bold text (STX .. ETX) with."""


class _LineRules:
    """``line`` and the rules it applies; the walker provides ``resolve`` (:class:`~.links._LinkRules`)."""

    if TYPE_CHECKING:  # provided by the walker

        def resolve(self, href: str, text: str = "") -> str | None: ...

    def line(self, pieces: list[_Piece]) -> _Line:
        """Read one item line: checkbox, sparkle, links, title, note, description and our progress markers.

        Most lines are one link and some text, ``[Title](https://url) - notes``: :meth:`link_line` reads them
        directly; every other line (and such a line whose link is no item) goes through :meth:`any_line`."""
        if 0 < len(pieces) <= 2 and pieces[0].kind == "link" and (len(pieces) == 1 or pieces[1].kind == "text"):
            first = pieces[0]
            url = None if first.image_only else self.resolve(first.href, first.text)
            rest = pieces[1].text if len(pieces) == 2 else ""
            if url is not None and first.text and _MARKS.search(rest) is None:
                return self.link_line(first.text, url, rest)
            return self.any_line(pieces, {0: url})  # these pieces are its head: index 0 is this link
        if not pieces:
            return _Line()  # an item without a paragraph (a sub-list, a code block first): nothing to read
        if len(pieces) == 1 and pieces[0].kind == "text":
            return self.text_line(pieces[0].text) or self.any_line(pieces)
        return self.any_line(pieces)

    @staticmethod
    def reads(text: str) -> bool:
        """Whether a line of this one text piece may give more than its words: a bare URL or a checkbox."""
        return "://" in text or _CHECKBOX.match(text) is not None

    @staticmethod
    def text_line(text: str) -> _Line | None:
        """A line of one text piece without a bare URL or a checkbox (a link-less item, ``- Some words``):
        what :meth:`any_line` gives it, read directly. There, nothing is linked (no link, no ``://`` to
        linkify), no status is read and the line has no tail: only the sparkle and the visible text remain.
        ``None`` for any other text (:meth:`any_line` reads it)."""
        if _LineRules.reads(text):
            return None
        line = text.lstrip()
        new = False
        for sparkle in NEW_MARKERS:
            if line.startswith(sparkle):
                new = True
                line = line[len(sparkle) :].lstrip()
                break
        if "\x00" in line:
            line = _PLACEHOLDER.sub("", line)
        return _Line(new=new, text=collapse(line.replace("\x02", "").replace("\x03", "")))

    def link_line(self, title: str, url: str, rest: str) -> _Line:
        """A line of a titled link that is an item, then plain text: what :meth:`any_line` gives it, read directly.

        There, the line is the link's placeholder followed by ``rest``, so no checkbox, sparkle or lead text comes
        before the link, ``rest`` holds no other placeholder or bold mark (:data:`_MARKS`), and nothing wraps the
        link: the title is the link text, and ``rest`` gives the note and description."""
        text = collapse(rest)
        result = _Line(title=_unshortcode(title) or title, url=url, text=text, link_syntax=True)
        self.note_and_description(text, result, [])
        return result

    def any_line(self, pieces: list[_Piece], resolved: dict[int, str | None] | None = None) -> _Line:
        """:meth:`line` for every shape; ``resolved`` holds the URLs :meth:`line` already asked for, by index in the
        line's head (a second ``resolve`` would count a broken link twice)."""
        result = _Line()
        kinds = [p.kind for p in pieces]
        head, tail = pieces, pieces[:0]
        if "break" in kinds:
            first_break = kinds.index("break")
            head, tail = pieces[:first_break], pieces[first_break + 1 :]
            del kinds[first_break:]
            if "link" not in kinds and "link" in (p.kind for p in tail) and not any("://" in p.text for p in head):
                # "- Title" then "\[[PDF](u)\]" on the next line: the link of a title written without one is on
                # its continuation line, and the item is the lines together (they were dropped for want of a URL)
                head, tail = [_Piece("text", " ") if p.kind == "break" else p for p in pieces], []
                kinds = [p.kind for p in head]
        if "rated" in kinds or "note" in kinds:
            marker_at = next(i for i, kind in enumerate(kinds) if kind in ("rated", "note"))
            head, progress = head[:marker_at], head[marker_at:]
            del kinds[marker_at:]
            self.progress(progress, result)
        boxed = bool(head) and kinds[0] == "text" and _CHECKBOX.match(head[0].text + " ") is not None
        if not boxed and "link" not in kinds:
            head = _linkify(head)

        links: list[tuple[str, str]] = []
        icons: list[Link] = []
        buf: list[str] = []
        titled = (
            []
            if boxed
            else [
                i
                for i, p in enumerate(head)
                if p.kind == "link" and p.text and not _ICON_TEXT.fullmatch(p.text)
            ]
        )
        for at, piece in enumerate(head):
            if piece.kind == "link":
                result.link_syntax = True
                if resolved is not None and at in resolved:
                    url = resolved[at]
                else:
                    url = None if piece.image_only else self.resolve(piece.href, piece.text)
                if (
                    url is not None
                    and piece.text
                    and bool(titled)
                    and titled[-1] > at  # a titled link follows (indices ascend)
                    and _ICON_TEXT.fullmatch(piece.text)
                ):
                    # "[:scroll:](local.pdf) [Title](url)": the icon is a copy of the titled link's work
                    icons.append(Link("PDF" if url.lower().endswith(".pdf") else "copy", url))
                    continue
                if url is not None:
                    buf.append(f"\x00{len(links)}\x01")
                    links.append((piece.text, url))
            elif piece.kind == "strong":
                buf.append(f"\x02{piece.text}\x03")
            elif piece.kind == "text":
                buf.append(piece.text)
        line = "".join(buf)
        box = _CHECKBOX.match(line)
        if box:
            result.status = CHECKBOXES[box.group(1)]
            line = line[box.end() :]
        line = line.lstrip()
        for sparkle in NEW_MARKERS:
            if line.startswith(sparkle):
                result.new = True
                line = line[len(sparkle) :].lstrip()
                break
        result.text = collapse(
            (_PLACEHOLDER.sub("", line) if "\x00" in line else line).replace("\x02", "").replace("\x03", "")
        )
        continuation = collapse("".join(p.text for p in tail if p.kind in ("text", "strong", "link"))) if tail else ""

        if links and result.status is not None and re.match(r"\x02[^\x03]*\x03\s*\(\s*\x000\x01", line):
            # our checklist's entry without URL but with extra links: "- [ ] **Title** ([video](u))"
            title, _, rest = _unwrap_links(line)[1:].partition("\x03")
            result.title = collapse(title)
            result.links = [Link(t or u, u) for t, u in links]
            rest = _without_placeholders(collapse(rest)).replace("\x02", "").replace("\x03", "")
            self.note_and_description(collapse(rest), result, [continuation])
        elif links:
            bracketed = "[\x000\x01]" in line  # "Title, *CVPR*. [[Pape](u)]": a label in brackets, typo or not
            line = _unwrap_links(line)
            raw_lead, _, rest = line.partition("\x000\x01")
            text, url = links[0]
            tags = ""
            if (not text or _generic(text)) and (tagged := _LEAD_TAGS.match(raw_lead)) and _WORDY.search(
                raw_lead[tagged.end() :].replace("\x02", "").replace("\x03", "")
            ):
                # "[2025] [IJCAI] Title [[paper](u)]", "[CVPR 2023] Title [[paper]](u)": the tags are no part of the
                # title (nor its first bracket cut away by the trim), they describe it
                tags = ", ".join(collapse(t) for t in _TAG.findall(tagged.group(0)))
                raw_lead = raw_lead[tagged.end() :]
            lead = _trim_lead(_unshortcode(collapse(raw_lead.replace("\x02", "").replace("\x03", ""))))
            result.url = url
            labelled = bracketed and len(text.split()) <= 2 and len(lead.split()) >= 3
            if ((_generic(text) or labelled) and lead) or not text:
                # "**Title.** *Authors.* Venue. [[paper](url)]": the bold part is the title, the rest describes
                bold = re.search(r"\x02([^\x02\x03]*\S[^\x02\x03]*)\x03", raw_lead)
                italic = _italic_title(head, lead, bold is not None) if lead else None
                if italic is not None:
                    # "_Title_ by **Authors** [download online](u)": the italic part, then who wrote it
                    result.title, lead = italic
                elif bold:
                    result.title = collapse(bold.group(1)).rstrip(".").strip()
                    left = raw_lead[: bold.start()] + raw_lead[bold.end() :]
                    lead = _trim_lead(collapse(left.replace("\x02", "").replace("\x03", "")))
                elif lead and result.status is None and (quoted := _QUOTED_LEAD.match(lead)) is not None:
                    # '"Title", *ECCV, 2024*. [[Paper](u)] [[Code](v)]': the quoted part is the title
                    result.title, lead = collapse(quoted.group(1)), _trim_lead(quoted.group(2))
                elif lead and result.status is None and (venue := _VENUE_TAIL.fullmatch(lead)) is not None:
                    # "Title, *CVPR, 2018*. [[Paper](u)]": the venue and year after the title describe it
                    result.title, lead = venue.group("title").strip(), venue.group("venue")
                elif lead and result.status is None and tags:
                    # tags before, the link after: the words between are the title, long as a paper's may be
                    title, more = split_title(lead, _TAGGED_TITLE)
                    result.title, lead = title.rstrip(".").strip() or title, more or ""
                elif lead and result.status is None:
                    result.title, more = split_title(lead)
                    lead = more or ""
                else:
                    result.title, lead = lead or url, ""
                work = next((i for i, (t, _) in enumerate(links) if not _aside(t)), 0)
                if work:  # "[[Notes](./notes.md)] [[Paper](u)]": the paper is the work, the notes its extra link
                    links = [links[work], *links[:work], *links[work + 1 :]]
                    result.url = links[0][1]
            else:
                result.title = _unshortcode(text) or text
            result.links = [Link(t or u, u) for t, u in links[1:]] + icons
            rest = _without_placeholders(collapse(rest)).replace("\x02", "").replace("\x03", "")
            self.note_and_description(collapse(rest), result, [tags, lead, continuation])
        elif result.status is not None:
            if line.startswith("\x02") and "\x03" in line:
                title, _, rest = line[1:].partition("\x03")
            elif "\x02" not in line and (quoted := _quoted_opening(line)) is not None:
                # '- [ ] "Deep Learning" by LeCun et al. (2015)': the quotes end the title, who wrote it follows
                title, rest = quoted
            else:
                title, rest = line, ""
            result.title = collapse(title.replace("\x02", "").replace("\x03", ""))
            rest = collapse(rest.replace("\x02", "").replace("\x03", ""))
            self.note_and_description(rest, result, [continuation])
        return result

    @staticmethod
    def progress(pieces: list[_Piece], result: _Line) -> None:
        """Our exporter's suffix: ``— *rated N/5*`` and ``— *note:* text`` (the note runs to the line's end)."""
        note_at = None
        for i, piece in enumerate(pieces):
            if piece.kind == "rated" and note_at is None:
                result.rating = int(piece.text)
            elif piece.kind == "note" and note_at is None:
                note_at = i
        if note_at is not None:
            words = "".join(p.text for p in pieces[note_at + 1 :] if p.kind in ("text", "strong", "link"))
            result.progress_note = collapse(words) or None

    @staticmethod
    def note_and_description(rest: str, result: _Line, more: list[str]) -> None:
        """``(Karpathy)`` alone is a note; ``(note) more`` splits; anything else is description."""
        rest = rest.strip().rstrip("—").strip()
        if (
            rest.startswith("(")
            and rest.endswith(")")
            and (result.status is not None or _is_balanced(rest[1:-1]))
        ):
            result.note = collapse(rest[1:-1]) or None
            rest = ""
        elif rest.startswith("("):
            depth = 0
            for i, ch in enumerate(rest):
                depth += (ch == "(") - (ch == ")")
                if depth == 0:
                    result.note = collapse(rest[1:i]) or None
                    rest = rest[i + 1 :]
                    break
        if result.status is not None:  # our checklist (or one like it): its words exactly as written
            rest = collapse(rest)
            if rest[:1] == ".":
                rest = _KEPT_STOP.sub("", rest)
            parts = [rest.lstrip(_DESC_TRIM), *(collapse(p) for p in more)]
        else:
            parts = [_unstopped(collapse(rest)).lstrip(_DESC_TRIM), *(_unstopped(collapse(p)) for p in more)]
            parts = [p for p in parts if _WORDY.search(p)]  # a bracket left by an unclosed "[[Code](u)" says nothing
        result.description = " ".join(p for p in parts if p) or None


_AUTHOR_PART = re.compile(r"\s*(?:by\s|[—–-]\s|\()", re.IGNORECASE)
"""What follows a work's italic title when the rest of the line says who wrote it: ``by``, a dash, a parenthesis."""


def _italic_title(head: list[_Piece], lead: str, bold: bool) -> tuple[str, str] | None:
    """``(title, rest of the lead)`` when the text before an item's generic link opens with an italic title
    (``_Title_ by **Authors** [download online](u)``, ``*Title* — Author (2018) — [Free online](u)``), after an
    optional bold label (``**Book:** *Title* by Author``). When the lead also holds bold text, the italic part is the
    title only if the author part follows it (``by``, a dash, a parenthesis): ``*Smith et al.* **Title**`` names
    its work in bold. ``None`` otherwise (the usual rules read the lead)."""
    shown = [p for p in head if p.kind != "text" or p.text.strip()]
    at = 0
    label = ""
    if shown and shown[0].kind == "strong" and shown[0].text.rstrip().endswith((":", "：")):
        label, at = collapse(shown[0].text), 1  # "**Book:**": a label before the title
    if at >= len(shown) or type(shown[at]) is not _Em:
        return None
    title = collapse(shown[at].text).strip(" ,;:")
    words = collapse(lead)
    if label and words.startswith(label):
        words = words[len(label) :].lstrip()
    if len(title) < 2 or not words.startswith(title):
        return None
    rest = words[len(title) :]
    if bold and not _AUTHOR_PART.match(rest):
        return None
    return title.rstrip(".").strip() or title, _trim_lead(rest)


_QUOTED_LEAD = re.compile(r"[\"“]([^\"“”]{2,300}?)[,.]?[\"”][\s,.;:]*(.*)", re.DOTALL)
"""A citation's quoted title opening an item's text: ``"Title", Venue, 2024.``"""

_VENUE_TAIL = re.compile(
    r"(?P<title>\S.{6,}?)[,.]\s+(?P<venue>(?:[^,.\d\s][^,.]{0,60},\s*)?(?:19|20)\d\d)\.?", re.DOTALL
)
"""A title followed by its venue and year: ``Title, CVPR, 2018.``, ``Title. CVPR, 2022``, ``Title, 1999.``"""

_ASIDES = frozenset(
    {"notes", "note", "my notes", "code", "github", "repo", "repository", "bib", "bibtex", "citation", "cite"}
    | {"笔记", "代码"}
)
"""Generic link texts of what comes with a work (the reader's notes, its code, its citation), not the work."""


def _aside(text: str) -> bool:
    return collapse(text).strip("[]()<>.:!*🔗 ").lower() in _ASIDES


def _trim_lead(text: str) -> str:
    """Text around an item's link, without the punctuation that joined it to the title or the link; a parenthesis
    the trim opened is given back: ``**Title** (2015), Authors [[pdf]](u)`` describes as ``(2015), Authors``."""
    trimmed = text.strip(_LEAD_TRIM)
    return "(" + trimmed if trimmed.count(")") > trimmed.count("(") else trimmed


_WORDY = re.compile(r"\w")

_TAG = re.compile(r"\[([^\[\]\x00-\x03]{1,40})\]")
"""One bracketed tag before an item's title: ``[2025]``, ``[NeurIPS Workshop]``, ``[CVPR 2023]``."""

_TAGGED_TITLE = 200
"""The longest title read whole between :data:`_LEAD_TAGS` and a generic link (a paper's title runs to 150)."""

_LEAD_TAGS = re.compile(r"\s*(?:\[[^\[\]\x00-\x03]{1,40}\]\s*)+")
"""A run of :data:`_TAG` tags opening an item's text, before its title and a generic link (``[[paper](u)]``)."""
_KEPT_STOP = re.compile(r"^\.\s+")
_LEADING_STOP = re.compile(r"^\.(?:\s+|$)")


def _unstopped(text: str) -> str:
    """``text`` without the full stop that closed the title before it: ``**Title**. Authors. Venue.
    [paper](u).`` describes as ``Authors. Venue.``, not ``. Authors. Venue.`` (nor ``.`` for the stop after the
    link)."""
    return _LEADING_STOP.sub("", text) if text[:1] == "." else text


def _unwrap_links(line: str) -> str:
    """``([a](u), [b](v))`` -> the placeholders inside the brackets (their brackets dropped)."""
    return _WRAPPED_LINKS.sub(_first_group, line) if "\x00" in line and ("(" in line or "[" in line) else line


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)


def _unshortcode(text: str) -> str:
    """``text`` without leading emoji shortcodes (``:rocket: Projects`` -> ``Projects``)."""
    return _SHORTCODE.sub("", text) if text[:1] == ":" else text


def _without_placeholders(text: str) -> str:
    """``text`` without link placeholders (and the separator before each)."""
    return _LINK_LEFTOVER.sub("", text) if "\x00" in text else text


