"""Local stand-ins for arXiv, Crossref, Open Library, oEmbed and the Wayback availability API.

Each answers in its service's documented format (the shapes of the real samples in ``data/``, see data/README.md)
from a small in-memory catalogue, on a real loopback server (tests/feedserver.py, Nagle off). Tests point
:class:`readinglist.enrich.settings.Endpoints` at them; nothing reaches the internet.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from feedserver import FeedServer, Route

from readinglist.enrich.settings import Endpoints

DATA = Path(__file__).resolve().parent / "data"


def send(
    handler, status: int, body: bytes, content_type: str = "application/json", headers: dict | None = None
):
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for k, v in (headers or {}).items():
        handler.send_header(k, v)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


@dataclass
class Paper:
    ident: str
    title: str
    authors: tuple[str, ...]
    published: str  # 2017-06-12T17:57:34Z
    comment: str | None
    category: str = "cs.LG"
    summary: str = "An abstract."


def synthetic_paper(ident: str) -> Paper:
    """A paper for any id, fields derived from the id (so a test can compute what to expect)."""
    digest = int(hashlib.sha1(ident.encode()).hexdigest(), 16)
    yymm = ident.split(".")[0] if "." in ident else "0701"
    year = 2000 + int(yymm[:2]) if yymm[:2].isdigit() else 2007
    pages = 5 + digest % 40
    return Paper(
        ident=ident,
        title=f"Paper {ident}",
        authors=(f"Author {digest % 97}", f"Author {digest % 89}"),
        published=f"{year}-{yymm[2:4] if yymm[2:4].isdigit() else '01'}-15T12:00:00Z",
        comment=f"{pages} pages, {digest % 9} figures",
    )


def synthetic_pages(ident: str) -> int:
    return 5 + int(hashlib.sha1(ident.encode()).hexdigest(), 16) % 40


def atom_entry(p: Paper) -> str:
    authors = "".join(f"\n    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in p.authors)
    comment = (
        f'\n    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">{escape(p.comment)}</arxiv:comment>'
        if p.comment
        else ""
    )
    return f"""  <entry>
    <id>http://arxiv.org/abs/{p.ident}v2</id>
    <updated>{p.published}</updated>
    <published>{p.published}</published>
    <title>{escape(p.title)}</title>
    <summary>  {escape(p.summary)}
</summary>{authors}{comment}
    <link href="http://arxiv.org/abs/{p.ident}v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{p.ident}v2" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="{p.category}" scheme="http://arxiv.org/schemas/atom"/>
    <category term="{p.category}" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def atom_feed(entries: list[str], query: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?{escape(query)}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: {escape(query)}</title>
  <id>http://arxiv.org/api/standin</id>
  <updated>2024-11-10T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(entries)}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(entries)}</opensearch:itemsPerPage>
{"".join(entries)}</feed>
""".encode()


@dataclass
class Services:
    """All stand-ins on one loopback server; ``endpoints`` points the library at them."""

    server: FeedServer
    papers: dict[str, Paper] = field(default_factory=dict)
    unknown_ids: set[str] = field(default_factory=set)
    books: dict[str, bytes] = field(default_factory=dict)  # isbn or title -> Open Library body
    oembeds: dict[str, bytes] = field(default_factory=dict)  # url -> oEmbed body
    archived: dict[str, str] = field(default_factory=dict)  # url -> archived copy
    arxiv_times: list[float] = field(default_factory=list)
    arxiv_queries: list[dict[str, list[str]]] = field(default_factory=list)
    arxiv_fail: list[tuple[int, bytes, dict]] = field(
        default_factory=list
    )  # answers to give before good ones
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.server.add("/api/query", Route(handler=self._arxiv))
        self.server.add("/search.json", Route(handler=self._openlibrary))
        self.server.add("/oembed", Route(handler=self._oembed))
        self.server.add("/wayback/available", Route(handler=self._wayback))

    @property
    def endpoints(self) -> Endpoints:
        return Endpoints(
            arxiv=self.server.url("/api/query"),
            crossref=self.server.url(""),
            openlibrary=self.server.url(""),
            oembed=self.server.url("/oembed"),
            vimeo_oembed=self.server.url("/oembed"),
            wayback=self.server.url("/wayback/available"),
            arxiv_pause=0,
        )

    def env(self) -> dict[str, str]:
        e = self.endpoints
        return {
            "READINGLIST_ARXIV_API": e.arxiv,
            "READINGLIST_CROSSREF_API": e.crossref,
            "READINGLIST_OPENLIBRARY_API": e.openlibrary,
            "READINGLIST_OEMBED_API": e.oembed,
            "READINGLIST_WAYBACK_API": e.wayback,
            "READINGLIST_ARXIV_PAUSE": "0",
        }

    def _arxiv(self, h) -> None:
        query = parse_qs(urlsplit(h.path).query)
        with self.lock:
            self.arxiv_times.append(time.monotonic())
            self.arxiv_queries.append(query)
            failure = self.arxiv_fail.pop(0) if self.arxiv_fail else None
        if failure is not None:
            status, body, headers = failure
            send(h, status, body, "application/atom+xml; charset=utf-8", headers)
            return
        entries = []
        if "id_list" in query:
            for ident in query["id_list"][0].split(","):
                if ident in self.unknown_ids:
                    continue
                entries.append(atom_entry(self.papers.get(ident) or synthetic_paper(ident)))
        elif "search_query" in query:
            wanted = set(query["search_query"][0].lower().replace('ti:"', "").replace('"', "").split())
            for p in self.papers.values():
                if wanted & set(p.title.lower().replace(":", " ").split()):
                    entries.append(atom_entry(p))
        send(h, 200, atom_feed(entries, urlsplit(h.path).query), "application/atom+xml; charset=utf-8")

    def add_work(self, doi: str, body: bytes) -> None:
        """Crossref answers ``/works/{doi}`` with ``body``; other DOIs get Crossref's 404."""
        from urllib.parse import quote

        self.server.add(f"/works/{quote(doi, safe='/')}", Route(body=body, content_type="application/json"))

    def _openlibrary(self, h) -> None:
        query = parse_qs(urlsplit(h.path).query)
        key = (query.get("isbn") or query.get("title") or [""])[0]
        body = self.books.get(key, b'{"numFound": 0, "start": 0, "numFoundExact": true, "docs": []}')
        send(h, 200, body)

    def _oembed(self, h) -> None:
        url = parse_qs(urlsplit(h.path).query).get("url", [""])[0]
        body = self.oembeds.get(url)
        if body is None:
            send(h, 404, b"Not Found", "text/plain")
        else:
            send(h, 200, body)

    def _wayback(self, h) -> None:
        url = parse_qs(urlsplit(h.path).query).get("url", [""])[0]
        copy = self.archived.get(url)
        if copy is None:
            body = {"url": url, "archived_snapshots": {}}
        else:
            body = {
                "url": url,
                "archived_snapshots": {
                    "closest": {
                        "status": "200",
                        "available": True,
                        "url": copy,
                        "timestamp": "20260212061822",
                    }
                },
            }
        send(h, 200, json.dumps(body).encode())


def real_attention_paper() -> Paper:
    """The real arXiv record of 1706.03762 (data/arxiv_id_list_1706.03762.xml) as a stand-in catalogue entry."""
    from readinglist.enrich import arxiv

    (found,) = arxiv.parse((DATA / "arxiv_id_list_1706.03762.xml").read_bytes())
    return Paper(
        ident="1706.03762",
        title=found.title,
        authors=found.authors,
        published="2017-06-12T17:57:34Z",
        comment=found.extra["comment"],
        category=found.category,
        summary=found.abstract,
    )
