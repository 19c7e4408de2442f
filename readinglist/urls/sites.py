"""The site rules of :func:`readinglist.urls.canonical_url`: resources with an id of their own (an arXiv paper under
any of its pages, a YouTube video, a DOI and its publishers' pages, a Medium post...) get one key whatever the
address they are shared under; a few sites have path rules of their own (GitHub's case, PDF and abstract pages of
one paper). The rules are listed in :mod:`readinglist.urls`'s docstring; add a site here."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from readinglist.urls.escapes import _path

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[A-Za-z][A-Za-z\-]*(?:\.[A-Za-z]{2})?/\d{7}"
_ARXIV_ID = re.compile(rf"({_ARXIV_NEW}|{_ARXIV_OLD})(?:[vV]\d+)?")
_ARXIV_PATH = re.compile(
    rf"/(?:abs|pdf|html|format|ps|e-print)/({_ARXIV_NEW}|{_ARXIV_OLD})(?:[vV]\d+)?(?:\.pdf)?", re.IGNORECASE
)
_ARXIV_VIEWER_PATH = rf"/(?:abs|overview|pdf|papers|arxiv)/({_ARXIV_NEW}|{_ARXIV_OLD})(?:[vV]\d+)?(?:\.pdf)?"
_ARXIV_VIEWERS = {
    host: re.compile(_ARXIV_VIEWER_PATH, re.IGNORECASE)
    for host in ("huggingface.co", "alphaxiv.org", "arxiv-vanity.com", "semanticscholar.org", "scirate.com")
}
"""Sites whose page of an arXiv paper is named by its id (Hugging Face's ``/papers/2401.04088``, alphaXiv's
``/abs/...``, Semantic Scholar's ``/arxiv/...``): the paper itself, one key with its arXiv page."""
_ARXIV_BARE = re.compile(rf"(?:arxiv:\s*)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", re.IGNORECASE)
_ARXIV_DOI = re.compile(rf"10\.48550/arxiv\.({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", re.IGNORECASE)

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"(?:doi:|info:doi/|https?://(?:dx\.)?doi\.org/)\s*", re.IGNORECASE)
_PUBLISHER_DOI = re.compile(
    r"/doi/(?:(?:abs|full|pdf|epdf|pdfdirect|fullhtml|reader|book)/)?(10\.\d{4,9}/.+?)"
    r"(?:/(?:full|abstract|pdf|epdf|html))?",
    re.IGNORECASE,
)
_RXIV_DOI = re.compile(
    r"/content/(10\.1101/[\d.]+?)(?:v\d+)?(?:\.(?:full|abstract|full\.pdf|full-text|article-info))?"
)
_DOI_SAFE = "/:@!$&'()*+,;=-._~"

_YT_ID = re.compile(r"[A-Za-z0-9_-]{11}(?![A-Za-z0-9_-])")
_YT_VIDEO_PREFIXES = frozenset({"embed", "shorts", "live", "v", "e"})
_YT_CHANNEL_TABS = frozenset(
    {"videos", "featured", "playlists", "streams", "shorts", "about", "community", "podcasts", "releases"}
)
_YT_HOSTS = frozenset({"youtube.com", "music.youtube.com", "gaming.youtube.com"})

_NEURIPS = re.compile(
    r"/paper(?:_files/paper)?/(\d{4})/(?:file|hash)/([0-9a-f]{32})-(?:Paper|Abstract)(?:-[A-Za-z_]+)?\.(?:pdf|html)"
)
_PMLR = re.compile(r"/(v\d+)/([^/]+?)(?:\.html|\.pdf|/\2\.pdf)")
_ACL = re.compile(r"/(?:anthology/)?(\d{4}\.[a-z0-9\-]+\.\d+|[A-Z]\d{2}-\d{4})(?:\.pdf)?")
_S2 = re.compile(r"/paper/(?:[^/]+/)?([0-9a-f]{40})")
_MEDIUM_POST = re.compile(r"(?:/[^/]+)?/(?:p/)?(?:[^/]*-)?([0-9a-f]{12})")
"""A Medium post: ``/@user/slug-<id>``, ``<user>.medium.com/slug-<id>``, ``/publication/slug-<id>``, ``/p/<id>``:
one post, whatever the address it is shared under (the id is its 12 hex digits)."""
_SPRINGER = re.compile(
    r"/(?:article|chapter|book|referenceworkentry|content/pdf)/(10\.\d{4,9}/[^?#]+?)(?:\.pdf)?/?"
)
_NATURE = re.compile(r"/articles/([a-z][a-z0-9.\-]{3,60}?)(?:\.pdf)?/?")
_PAPER_PAGES: dict[str, tuple[re.Pattern[str], str]] = {
    # IEEE Xplore: /document/N, /abstract/document/N, /document/N/ (and stamp pages) are one paper
    "ieeexplore.ieee.org": (re.compile(r"/(?:abstract/|stamp/)?document/(\d+)/?.*"), "/document/{}"),
    # ScienceDirect: the abstract and full-text pages of one PII
    "sciencedirect.com": (
        re.compile(r"/science/article/(?:abs/)?pii/([0-9A-Z]{10,20})/?.*", re.I),
        "/science/article/pii/{}",
    ),
    # JMLR: /papers/v15/name.html and /papers/volume15/name/name.pdf
    "jmlr.org": (
        re.compile(r"/papers/(?:v|volume)(\d+)/([\w\-]+?)(?:\.html|/\2\.pdf|\.pdf)?/?"),
        "/papers/v{}/{}.html",
    ),
    # CVF open access: a paper's HTML page and its PDF
    "openaccess.thecvf.com": (
        re.compile(r"/(content[\w]*?/?[\w]*)/(?:html|papers)/([\w\-]+?_paper)\.(?:html|pdf)"),
        "/{}/html/{}.html",
    ),
    # AAAI (and other OJS journals): the article's view page and its download link
    "ojs.aaai.org": (
        re.compile(r"/index\.php/(\w+)/article/(?:view|download)/(\d+)(?:/\d+)?/?"),
        "/index.php/{}/article/view/{}",
    ),
}
"""Publishers whose paper has several pages (abstract, full text, PDF): ``host -> (pattern, the page)``, the
pattern's groups filling the page."""
_AMAZON_HOST = re.compile(r"(?:smile\.)?amazon\.[a-z.]+")
_AMAZON_ASIN = re.compile(r"/(?:.*/)?(?:dp|gp/product|gp/aw/d|exec/obidos/asin)/([A-Z0-9]{10})(?:/.*)?", re.I)


def _first(pairs: list[tuple[str, str | None]], key: str) -> str | None:
    for k, v in pairs:
        if k == key and v:
            return v
    return None


def _site(host: str, path: str, pairs: list[tuple[str, str | None]]) -> str | None:
    """A whole canonical URL for resources with an id of their own (paper, video, DOI); None otherwise."""
    if host == "arxiv.org" or host.endswith(".arxiv.org") or host == "ar5iv.org":
        m = _ARXIV_PATH.fullmatch(path)
        return _arxiv_url(m.group(1)) if m else None
    if host in _ARXIV_VIEWERS:
        m = _ARXIV_VIEWERS[host].fullmatch(path)
        return _arxiv_url(m.group(1)) if m else None
    if host in _YT_HOSTS or host == "youtu.be":
        return _youtube(host, path, pairs)
    if host == "doi.org":
        doi = _doi_norm(unquote(path[1:])) if path else None
        return _doi_url(doi) if doi else None
    if host == "openreview.net" and path in ("/forum", "/pdf"):
        paper = _first(pairs, "id")
        return f"https://openreview.net/forum?id={paper}" if paper else None
    doi = _doi_in_path(host, unquote(path)) if "/doi/" in path or "/content/10.1101/" in path else None
    if doi:
        return _doi_url(doi)
    if host == "medium.com" or host.endswith(".medium.com") or host == "towardsdatascience.com":
        m = _MEDIUM_POST.fullmatch(path)
        return f"https://medium.com/p/{m.group(1)}" if m and "/list/" not in path else None
    if host == "link.springer.com":
        m = _SPRINGER.fullmatch(unquote(path))
        return _doi_url(_doi_norm(m.group(1))) if m else None
    if host == "nature.com":
        m = _NATURE.fullmatch(path)
        return _doi_url(_doi_norm("10.1038/" + m.group(1))) if m else None
    return None


def _site_path(host: str, path: str) -> tuple[str, str, bool]:
    """Per-site path rewrites (GitHub case, PDF vs abstract pages...): ``(host, path, path_is_whole)``.

    ``path_is_whole`` says the path alone names the resource, so the whole query goes (Amazon's ``tag``,
    ``psc``, ``pd_rd_*``...); otherwise the generic query rules apply.
    """
    if host == "github.com":
        segs = path[1:].split("/") if path else []
        if segs:
            segs[0] = segs[0].lower()
        if len(segs) >= 2:
            repo = segs[1].lower()
            segs[1] = repo[:-4] if repo.endswith(".git") and len(repo) > 4 else repo
        return host, "/" + "/".join(segs) if segs else "", False
    if host == "proceedings.neurips.cc":
        m = _NEURIPS.fullmatch(path)
        if m:
            return host, f"/paper/{m.group(1)}/hash/{m.group(2)}-Abstract.html", True
    elif host == "proceedings.mlr.press":
        m = _PMLR.fullmatch(path)
        if m:
            return host, f"/{m.group(1)}/{m.group(2)}.html", True
    elif host in ("aclanthology.org", "aclweb.org"):
        m = _ACL.fullmatch(path)
        if m:
            return "aclanthology.org", "/" + m.group(1), True
    elif host == "semanticscholar.org":
        m = _S2.fullmatch(path)
        if m:
            return host, "/paper/" + m.group(1), True
    elif host in _PAPER_PAGES:
        pattern, page = _PAPER_PAGES[host]
        m = pattern.fullmatch(path)
        if m:
            return host, page.format(*m.groups()), True
    elif host == "x.com":
        segs = path[1:].split("/")
        if len(segs) >= 3 and segs[1] == "status":
            return host, "/" + "/".join([segs[0].lower(), *segs[1:]]), False
    elif host == "open.spotify.com" and path.startswith("/intl-"):
        return host, path[path.find("/", 1) :] if path.count("/") > 1 else "", False
    elif _AMAZON_HOST.fullmatch(host):
        m = _AMAZON_ASIN.fullmatch(path)
        if m:
            return host.removeprefix("smile."), "/dp/" + m.group(1).upper(), True
    return host, path, False


def _arxiv_norm(ident: str) -> str:
    """``HEP-TH/9901001`` -> ``hep-th/9901001``; ``math.gt/0309136`` -> ``math.GT/0309136``."""
    if "/" not in ident:
        return ident
    archive, number = ident.split("/", 1)
    name, dot, subject = archive.partition(".")
    return f"{name.lower()}{dot}{subject.upper()}/{number}"


def _arxiv_url(ident: str) -> str:
    return "https://arxiv.org/abs/" + _arxiv_norm(ident)


def _youtube(host: str, path: str, pairs: list[tuple[str, str | None]]) -> str | None:
    """Videos -> ``watch?v=ID``; playlists keep ``list``; channels lose their tab; else None (generic)."""
    segs = path[1:].split("/") if path else []
    if host == "youtu.be":
        m = _YT_ID.match(segs[0]) if segs else None
        return f"https://youtube.com/watch?v={m.group(0)}" if m else None
    if path == "/watch":
        v = _first(pairs, "v")
        m = _YT_ID.match(v) if v else None
        if m:
            return f"https://youtube.com/watch?v={m.group(0)}"
        playlist = _first(pairs, "list")
        return f"https://youtube.com/playlist?list={playlist}" if playlist else None
    if path == "/playlist" or path == "/embed/videoseries":
        playlist = _first(pairs, "list")
        return f"https://youtube.com/playlist?list={playlist}" if playlist else None
    if len(segs) >= 2 and segs[0] in _YT_VIDEO_PREFIXES:
        m = _YT_ID.match(segs[1])
        return f"https://youtube.com/watch?v={m.group(0)}" if m else None
    if segs and (segs[0].startswith("@") or segs[0] in ("c", "channel", "user")):
        channel = segs[:1] if segs[0].startswith("@") else segs[:2]
        if channel[0].startswith("@"):
            channel = [channel[0].lower()]
        rest = segs[len(channel) :]
        if rest and rest[0] in _YT_CHANNEL_TABS:
            rest = []
        return "https://youtube.com/" + "/".join(channel + rest)
    return None


def _doi_norm(doi: str) -> str | None:
    doi = doi.strip().lower()
    return doi if _DOI.fullmatch(doi) else None


def _doi_url(doi: str) -> str:
    """The key of a DOI (arXiv's own DOIs become the arXiv key); the path is normalised like any other."""
    m = _ARXIV_DOI.fullmatch(doi)
    if m:
        return _arxiv_url(m.group(1))
    return "https://doi.org" + _path("/" + quote(doi, safe=_DOI_SAFE))


def _doi_in_path(host: str, path: str) -> str | None:
    """The DOI in a publisher page path (``/doi/abs/10.1145/...``) or a bioRxiv/medRxiv content path."""
    if host in ("doi.org", "dx.doi.org"):
        return _doi_norm(path[1:]) if path else None
    if host in ("biorxiv.org", "medrxiv.org"):
        m = _RXIV_DOI.fullmatch(path)
        return _doi_norm(m.group(1)) if m else None
    m = _PUBLISHER_DOI.fullmatch(path)
    return _doi_norm(m.group(1)) if m else None
