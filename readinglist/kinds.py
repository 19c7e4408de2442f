"""What kind of resource an item is: from a tag the list gives (``[Book]``), else from its URL."""

from __future__ import annotations

import re

from readinglist.types import Kind
from readinglist.urls import split_url

_TAGS: dict[str, Kind] = {
    "paper": Kind.PAPER,
    "papers": Kind.PAPER,
    "论文": Kind.PAPER,
    "pdf": Kind.PAPER,
    "video": Kind.VIDEO,
    "videos": Kind.VIDEO,
    "youtube": Kind.VIDEO,
    "视频": Kind.VIDEO,
    "lecture": Kind.VIDEO,
    "talk": Kind.VIDEO,
    "book": Kind.BOOK,
    "books": Kind.BOOK,
    "书": Kind.BOOK,
    "ebook": Kind.BOOK,
    "course": Kind.COURSE,
    "courses": Kind.COURSE,
    "课程": Kind.COURSE,
    "mooc": Kind.COURSE,
    "tutorial": Kind.POST,
    "blog": Kind.POST,
    "post": Kind.POST,
    "article": Kind.POST,
    "文章": Kind.POST,
    "repo": Kind.REPOSITORY,
    "repository": Kind.REPOSITORY,
    "code": Kind.REPOSITORY,
    "github": Kind.REPOSITORY,
    "podcast": Kind.PODCAST,
    "播客": Kind.PODCAST,
    # Zotero's and CSL's item types (a Zotero CSV export's "Item Type" column), lower-cased
    "journalarticle": Kind.PAPER,
    "conferencepaper": Kind.PAPER,
    "preprint": Kind.PAPER,
    "report": Kind.PAPER,
    "thesis": Kind.PAPER,
    "manuscript": Kind.PAPER,
    "article-journal": Kind.PAPER,
    "paper-conference": Kind.PAPER,
    "booksection": Kind.BOOK,
    # Crossref's work types (its CSL-JSON says "journal-article", not CSL's "article-journal")
    "journal-article": Kind.PAPER,
    "proceedings-article": Kind.PAPER,
    "posted-content": Kind.PAPER,
    "book-chapter": Kind.BOOK,
    "monograph": Kind.BOOK,
    "dissertation": Kind.PAPER,
    "blogpost": Kind.POST,
    "webpage": Kind.POST,
    "magazinearticle": Kind.POST,
    "newspaperarticle": Kind.POST,
    "forumpost": Kind.POST,
    "post-weblog": Kind.POST,
    "videorecording": Kind.VIDEO,
    "audiorecording": Kind.PODCAST,
    "computerprogram": Kind.REPOSITORY,
    "software": Kind.REPOSITORY,
}

_TAG_RE = re.compile(r"^\s*[\[【(（]\s*([^\]】)）]{1,30}?)\s*[\]】)）]\s*")


def kind_from_tag(tag: str) -> Kind | None:
    """``"Book"`` -> ``Kind.BOOK``; ``"Episode 1"`` -> ``Kind.PODCAST``; unknown tags give ``None``."""
    word = tag.strip().lower()
    if word in _TAGS:
        return _TAGS[word]
    first = re.split(r"[\s\d:]+", word, maxsplit=1)[0]
    return _TAGS.get(first)


def split_kind_tag(title: str) -> tuple[Kind | None, str]:
    """Split a leading kind tag off a title: ``"[Paper] Attention"`` -> ``(Kind.PAPER, "Attention")``.

    A bracketed prefix that is not a known kind (``"[Latent Space] Hiring"``) is left in the title.
    """
    m = _TAG_RE.match(title)
    if m:
        kind = kind_from_tag(m.group(1))
        if kind is not None:
            rest = title[m.end() :].strip()
            return kind, rest or title.strip()
    return None, title.strip()


_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "ted.com")
_PAPER_HOSTS = (
    "arxiv.org",
    "openreview.net",
    "aclanthology.org",
    "papers.nips.cc",
    "proceedings.neurips.cc",
    "proceedings.mlr.press",
    "semanticscholar.org",
    "doi.org",
    "nature.com",
    "science.org",
    "ssrn.com",
    "biorxiv.org",
    "philarchive.org",
    "jmlr.org",
    "dl.acm.org",
    "ieeexplore.ieee.org",
    "link.springer.com",
    "sciencedirect.com",
    "medrxiv.org",
    "aclweb.org",
    "openaccess.thecvf.com",
    "ojs.aaai.org",
    "ijcai.org",
    "pnas.org",
    "journals.plos.org",
    "pubmed.ncbi.nlm.nih.gov",
    "jstor.org",
    "vldb.org",
    "cidrdb.org",
)
_PAPER_PATHS = {
    "research.google": "/pubs/",
    "research.facebook.com": "/publications/",
    "microsoft.com": "/research/publication/",
    "usenix.org": "/presentation/",
    "researchgate.net": "/publication/",
    "paperswithcode.com": "/paper/",
    "ncbi.nlm.nih.gov": "/pmc/articles/",
}
"""Sites whose papers sit under one path among their other pages: ``host -> a part of the papers' paths``."""
_COURSE_HOSTS = (
    "coursera.org",
    "edx.org",
    "udacity.com",
    "udemy.com",
    "fast.ai",
    "course.fast.ai",
    "deeplearning.ai",
    "datacamp.com",
    "cs231n.stanford.edu",
    "ocw.mit.edu",
)
_BOOK_HOSTS = (
    "amazon.com",
    "amazon.co.uk",
    "oreilly.com",
    "manning.com",
    "goodreads.com",
    "d2l.ai",
    "deeplearningbook.org",
    "books.google.com",
)
_PODCAST_HOSTS = ("podcasts.apple.com", "open.spotify.com", "latent.space")
_REPO_HOSTS = ("github.com", "gitlab.com", "huggingface.co", "codeberg.org")


_HOST_SETS: dict[tuple[str, ...], frozenset[str]] = {}


def _host_in(host: str, hosts: tuple[str, ...]) -> bool:
    """``host`` is one of ``hosts`` or a subdomain of one (a set lookup per dot, not a scan of the tuple)."""
    known = _HOST_SETS.get(hosts)
    if known is None:
        known = _HOST_SETS[hosts] = frozenset(hosts)
    while True:
        if host in known:
            return True
        dot = host.find(".")
        if dot < 0:
            return False
        host = host[dot + 1 :]


def infer_kind(url: str | None, title: str | None = None) -> Kind | None:
    """Guess a kind from a URL (and a tag in the title). ``None`` when nothing says."""
    if title:
        kind, _ = split_kind_tag(title)
        if kind is not None:
            return kind
    if not url:
        return None
    try:
        parts = split_url(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    if _host_in(host, _VIDEO_HOSTS):
        return Kind.VIDEO
    if _host_in(host, _PAPER_HOSTS) or path.endswith(".pdf"):
        return Kind.PAPER
    site = host.removeprefix("www.")
    if site in _PAPER_PATHS and _PAPER_PATHS[site] in path:
        return Kind.PAPER
    if _host_in(host, _COURSE_HOSTS):
        return Kind.COURSE
    if _host_in(host, _BOOK_HOSTS):
        return Kind.BOOK
    if _host_in(host, _PODCAST_HOSTS) or "podcast" in host:
        return Kind.PODCAST
    if _host_in(host, _REPO_HOSTS):
        segments = [s for s in path.split("/") if s]
        if host.endswith("huggingface.co") and segments[:1] in (["blog"], ["docs"], ["learn"]):
            return Kind.POST
        if len(segments) >= 2:
            return Kind.REPOSITORY
        return None
    return Kind.POST
