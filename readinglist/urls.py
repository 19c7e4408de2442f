"""Canonical resource identity: two spellings of one resource map to one key.

Progress belongs to the resource, not to one list's line, so ``http://arxiv.org/abs/1706.03762`` in one list and
``https://arxiv.org/pdf/1706.03762v5`` in another must be the same item. :func:`canonical_url` computes that key.
The key is an identity, not the link to open: keep the original URL for that (most keys still work in a browser,
but e.g. dropping empty path segments can break a ``web.archive.org`` link).

Pure stdlib (``re`` + ``urllib.parse``), no I/O: it runs on the import hot path, thousands of URLs per import.

Rules (generic, every http(s) URL):

* ``http`` and ``https`` are one scheme (output ``https``); a scheme-less ``example.com/x`` or ``//example.com/x``
  is treated as https. Userinfo (``user:pass@``) is dropped: credentials are not identity.
* host lower-cased, a trailing dot dropped, IDN hosts IDNA-encoded (``münchen.de`` -> ``xn--mnchen-3ya.de``),
  the prefixes ``www.``, ``m.`` and ``mobile.`` dropped while a dotted name remains; ports 80 and 443 dropped.
* path: percent-encoding normalised (unreserved characters decoded, other escapes upper-cased, characters that are
  not allowed - spaces, non-ASCII - encoded as UTF-8; reserved characters keep their escaped or unescaped form),
  ``.``/``..`` segments resolved, empty segments collapsed, trailing slash dropped (the root becomes no path).
* query: tracking parameters dropped (:data:`TRACKING_PARAMS`, :data:`TRACKING_PREFIXES`, plus per-site sets in
  :data:`SITE_TRACKING_PARAMS`), the rest sorted by key (stable: repeated keys keep their order).
  ``source`` is dropped on Medium and elsewhere only when its value is a known referral tag
  (``rss...``, ``post_page...``, ``friends_link``, or Medium's ``-----`` runs); ``share`` is *not* dropped
  globally because some sites use it to select content (Google's ``usp=sharing`` is dropped on Google hosts).
* fragment dropped, except hash-bang and route fragments (``#!/x``, ``#/x``), which name the page.

Site rules: arXiv (every ``abs``/``pdf``/``html`` form, versions, ``export.``, old-style ids, ``arXiv:ID``,
arXiv DOIs, and the paper's page on Hugging Face, alphaXiv, Semantic Scholar, SciRate or arxiv-vanity) ->
``https://arxiv.org/abs/ID``; YouTube videos -> ``https://youtube.com/watch?v=ID``, playlists keep
``list``, channels stay channels (handle lower-cased, tab such as ``/videos`` dropped); DOIs (``doi.org``,
``dx.doi.org``, ``doi:``, publisher ``/doi/10....`` pages, bioRxiv/medRxiv) -> ``https://doi.org/<doi lower>``;
GitHub owner/repo lower-cased, ``.git`` dropped; a Medium post under any of its addresses ->
``https://medium.com/p/<id>`` (Medium's other pages keep their subdomain and path); OpenReview ``pdf`` -> ``forum``;
NeurIPS/PMLR/ACL Anthology/JMLR/CVF/AAAI PDF and abstract pages, IEEE Xplore and ScienceDirect abstract and
full-text pages; Springer and Nature article pages -> their DOI; Semantic Scholar ``/paper/<slug>/<id>``; Amazon
``/dp/ASIN``; WeChat articles keep only ``__biz``/``mid``/``idx``/``sn``; ``twitter.com`` -> ``x.com``.

Non-web schemes (``mailto:``, ``ftp:``) come back stripped with a lower-cased scheme; text that is no URL at all
comes back stripped. :func:`canonical_url` never raises and is idempotent.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit

__all__ = [
    "SITE_TRACKING_PARAMS",
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "arxiv_id",
    "canonical_url",
    "doi_of",
    "is_web_url",
    "resolve",
]

# --- tracking parameters ---------------------------------------------------------------------------------

TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        # ad-click identifiers
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "gad_source",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "srsltid",
        "igshid",
        "igsh",
        # mail campaigns and analytics linkers
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "_ga",
        "_gl",
        "_branch_match_id",
        "_branch_referrer",
        # referral tags
        "ref",
        "ref_src",
        "ref_url",
        "spm",
    }
)
"""Query keys (compared lower-cased) that only say how the reader arrived, on every site."""

TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "mtm_", "pk_", "hsa_", "_hs", "__hs", "oly_", "vero_")
"""Key prefixes of campaign parameters: Google Analytics, Matomo/Piwik, HubSpot, Omeda, Vero."""

SITE_TRACKING_PARAMS: dict[str, frozenset[str]] = {
    "youtube.com": frozenset({"si", "feature", "ab_channel", "pp", "app", "embeds_referring_euri"}),
    "youtu.be": frozenset({"si", "feature"}),
    "open.spotify.com": frozenset({"si", "nd", "dl_branch", "context"}),
    "medium.com": frozenset({"source", "sk", "gi", "responsesopen", "postpublishedtype"}),
    "substack.com": frozenset({"r", "s", "triedredirect", "showwelcomeonshare", "isfreemail", "token"}),
    "x.com": frozenset({"s", "t"}),
    "linkedin.com": frozenset(
        {"trk", "trackingid", "lipi", "midtoken", "midsig", "trkemail", "eid", "original_referer", "rcm"}
    ),
    "reddit.com": frozenset({"share_id", "rdt", "$deep_link", "correlation_id"}),
    "docs.google.com": frozenset({"usp", "ouid", "rtpof", "sd"}),
    "drive.google.com": frozenset({"usp", "ouid", "rtpof", "sd"}),
    "openreview.net": frozenset({"referrer", "noteid"}),
}
"""Extra keys dropped on a host and its subdomains (``*.medium.com``, ``*.substack.com``)."""

_KEEP_REF_HOSTS = frozenset({"api.github.com"})  # ``?ref=branch`` selects content there
_SOURCE_TRACKING = re.compile(r"^(?:rss|post_page|friends_link|email-|collection_home|user_profile)|-----")
_WEIXIN_KEEP = ("__biz", "mid", "idx", "sn")

# --- characters -------------------------------------------------------------------------------------------

_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = _UNRESERVED + _SUB_DELIMS + ":@/"
_QUERY_SAFE = _UNRESERVED + "!$'()*+,;=:@/?"  # '&' separates pairs and is kept escaped inside them
_FRAGMENT_SAFE = _UNRESERVED + _SUB_DELIMS + ":@/?"


def _plain_re(safe: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(safe) + "]*")


def _unsafe_re(safe: str) -> re.Pattern[str]:
    return re.compile("[^" + re.escape(safe + "%") + "]")


_PLAIN = {s: _plain_re(s) for s in (_PATH_SAFE, _QUERY_SAFE, _FRAGMENT_SAFE)}
_UNSAFE = {s: _unsafe_re(s) for s in (_PATH_SAFE, _QUERY_SAFE, _FRAGMENT_SAFE)}
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})?")
_UNRESERVED_SET = frozenset(_UNRESERVED)


def _fix_escape(m: re.Match[str]) -> str:
    hexpair = m.group(1)
    if hexpair is None:
        return "%25"  # a lone '%' is a literal percent sign
    ch = chr(int(hexpair, 16))
    return ch if ch in _UNRESERVED_SET else "%" + hexpair.upper()


def _encode_char(m: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8", "surrogatepass"))


def _normalize_escapes(text: str, safe: str) -> str:
    """Normalise percent-encoding in one URL component (see the module docstring)."""
    if "%" not in text and _PLAIN[safe].fullmatch(text):
        return text
    if "%" in text:
        text = _ESCAPE.sub(_fix_escape, text)
    return _UNSAFE[safe].sub(_encode_char, text)


# --- small patterns ---------------------------------------------------------------------------------------

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):(.*)", re.DOTALL)
_PORT_REST = re.compile(r"\d{1,5}(?:[/?#].*)?", re.DOTALL)
_HOSTLIKE = re.compile(
    r"(?:(?:[^\W_]|-)+\.)+([^\W\d_]{2,63}|xn--[a-z0-9\-]+)\.?(?::\d{1,5})?(?:[/?#].*)?"
    r"|(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:[/?#].*)?",
    re.DOTALL,
)
_PLAIN_WEB = re.compile(r"([A-Za-z0-9.\-]+)(/[^?#]*)?(?:\?([^#]*))?(?:#(.*))?", re.DOTALL)
"""``host/path?query#fragment`` with a host of letters, digits, dots and hyphens only (no user, port, IPv6 or
non-ASCII): ``urlsplit`` would cut the fragment at the first ``#`` and the query at the first ``?`` before it,
and find no user or port."""
_FILE_SUFFIXES = frozenset(
    {"md", "txt", "pdf", "html", "htm", "png", "jpg", "jpeg", "gif", "json", "csv", "xml", "py", "js", "zip"}
)
_HOST_OK = re.compile(r"[a-z0-9\-._~!$&'()*+,;=]+|\[[0-9a-f:.]+\]")
_STRIP_CHARS = re.compile(r"[\t\n\r]")
_HOST_PREFIXES = ("www.", "m.", "mobile.")
_HOST_ALIASES = {
    "twitter.com": "x.com",
    "export.arxiv.org": "arxiv.org",
    "xxx.lanl.gov": "arxiv.org",
    "dx.doi.org": "doi.org",
    "youtube-nocookie.com": "youtube.com",
    "papers.nips.cc": "proceedings.neurips.cc",
    "papers.neurips.cc": "proceedings.neurips.cc",
    "old.reddit.com": "reddit.com",
    "new.reddit.com": "reddit.com",
    "np.reddit.com": "reddit.com",
}

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


# --- public functions -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 17)
def split_url(url: str) -> SplitResult:
    """``urllib.parse.urlsplit``, memoised: an import splits each link five times (the importer's checks, the
    safety check, web-URL test, canonical URL and kind), a third of the non-parse work of a 100k-item import.
    Raises ``ValueError`` as ``urlsplit`` does (failures are not cached)."""
    return urlsplit(url)


@functools.lru_cache(maxsize=1 << 18)  # an import asks for each URL a few times: hold a 100k-item list's
def canonical_url(url: str) -> str:
    """The identity key of ``url``: equal keys mean one resource (rules in the module docstring).

    Never raises: text that cannot be read as a URL comes back stripped. Idempotent. Memoised: imports, syncs and
    feed pulls ask for the same URLs several times (identity, matching, dedup).
    """
    text = _clean(url)
    try:
        return _canonical(text)
    except Exception:  # last line of defence: a key must always come back (the tests run _canonical bare)
        return text


def is_web_url(url: str) -> bool:
    """True for an ``http``/``https`` URL with a host (explicit scheme; ``example.com/x`` is not one)."""
    if not isinstance(url, str):
        return False
    try:
        parts = split_url(url.strip())
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def resolve(base: str | None, href: str) -> str:
    """``href`` made absolute against ``base`` (a page or feed URL), like a browser does.

    Returns ``href`` unchanged when it already has a scheme, when there is no usable base, or when either cannot
    be parsed, so that an importer never fails on one odd link.
    """
    if not isinstance(href, str) or not base or not isinstance(base, str):
        return href
    ref = href.strip()
    if not ref or _SCHEME.fullmatch(ref) and not _is_host_port(ref):
        return href
    try:
        parts = urlsplit(base.strip())
        if not parts.scheme or not parts.netloc:
            return href
        return urljoin(base.strip(), ref)
    except ValueError:
        return href


def arxiv_id(url: str) -> str | None:
    """The arXiv identifier (no version) in an arXiv URL, an arXiv DOI, ``arXiv:ID`` or a bare id; else None.

    ``https://arxiv.org/pdf/1706.03762v5.pdf`` -> ``"1706.03762"``; ``hep-th/9901001v2`` -> ``"hep-th/9901001"``.
    """
    if not isinstance(url, str):
        return None
    text = _clean(url)
    m = _ARXIV_BARE.fullmatch(text)
    if m:
        return _arxiv_norm(m.group(1))
    key = canonical_url(text)
    if key.startswith("https://arxiv.org/abs/"):
        return key[len("https://arxiv.org/abs/") :]
    return None


def doi_of(url_or_doi: str) -> str | None:
    """The DOI (lower-cased, unescaped) named by a DOI URL, ``doi:...``, a bare ``10.x/y`` or a publisher page.

    ``https://dx.doi.org/10.1162/TACL_a_00377`` -> ``"10.1162/tacl_a_00377"``;
    ``https://dl.acm.org/doi/abs/10.1145/3190580.3190586`` -> ``"10.1145/3190580.3190586"``. None otherwise.
    """
    if not isinstance(url_or_doi, str):
        return None
    text = _clean(url_or_doi)
    m = _DOI_PREFIX.match(text)
    if m:
        rest = text[m.end() :]
        if m.group(0).lower().startswith("http"):
            rest = unquote(re.split(r"[?#]", rest, maxsplit=1)[0]).rstrip("/")
        return _doi_norm(rest)
    if _DOI.fullmatch(text):
        return _doi_norm(text)
    if not _looks_web(text):
        return None
    key = canonical_url(text)
    if key.startswith("https://doi.org/"):
        return _doi_norm(unquote(key[len("https://doi.org/") :]))
    return None


# --- the pipeline -----------------------------------------------------------------------------------------


def _clean(url: object) -> str:
    """Strip whitespace, embedded tabs/newlines (as browsers do) and Markdown's ``<...>`` wrapping."""
    text = url if isinstance(url, str) else str(url)
    text = _STRIP_CHARS.sub("", text).strip()
    while len(text) >= 2 and text[0] == "<" and text[-1] == ">":
        text = text[1:-1].strip()
    return text


def _is_host_port(text: str) -> bool:
    """``example.com:8080/x`` parses as scheme ``example.com``; tell it apart from a real scheme."""
    m = _SCHEME.fullmatch(text)
    if not m:
        return False
    scheme = m.group(1).lower()
    return ("." in scheme or scheme == "localhost") and bool(_PORT_REST.fullmatch(m.group(2)))


def _looks_web(text: str) -> bool:
    m = _SCHEME.fullmatch(text)
    if m and not _is_host_port(text):
        return m.group(1).lower() in ("http", "https")
    return text.startswith("//") or _schemeless_host(text) or _is_host_port(text)


def _schemeless_host(text: str) -> bool:
    """``arxiv.org/abs/x`` or ``www.example.com`` without a scheme; not a file name such as ``README.md``."""
    m = _HOSTLIKE.fullmatch(text)
    if not m:
        return False
    if m.group(1) and m.group(1).lower() in _FILE_SUFFIXES and not text.lower().startswith("www."):
        return "/" in text  # ``notes.txt`` is a file; ``site.md/page`` is still a host with a path
    return True


def _canonical(text: str) -> str:
    """``canonical_url`` without the safety net, on cleaned text."""
    m = _SCHEME.fullmatch(text)
    if m and not _is_host_port(text):
        scheme = m.group(1).lower()
        rest = m.group(2)
        if scheme in ("http", "https"):
            return _web(rest.lstrip("/"), text)
        if scheme == "doi":
            doi = doi_of(text)
            return _doi_url(doi) if doi else scheme + ":" + rest
        if scheme == "arxiv":
            found = _ARXIV_ID.fullmatch(rest.strip())
            return _arxiv_url(found.group(1)) if found else scheme + ":" + rest
        return scheme + ":" + rest
    if text.startswith("//"):
        return _web(text.lstrip("/"), text)
    if _schemeless_host(text) or _is_host_port(text):
        return _web(text, text)
    doi = _doi_norm(text) if _DOI.fullmatch(text) else None
    return _doi_url(doi) if doi else text


def _web(rest: str, original: str) -> str:
    """Canonicalise ``host/path?query#fragment`` (the scheme already taken off); ``original`` on failure."""
    if not rest:
        return original
    try:
        hostname, port, raw_path, query, fragment = _split_rest(rest)
    except ValueError:  # a broken IPv6 literal, a port that is no number or out of range
        return original
    host = _host(hostname)
    if host is None:
        return original
    path = _path(raw_path)
    pairs = _query_pairs(query)

    site = _site(host, path, pairs)
    if site is not None:
        return site
    host, path, whole = _site_path(host, path)
    pairs = [] if whole else _drop_tracking(host, path, pairs)
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    out = "https://" + netloc + path
    if pairs:
        out += "?" + "&".join(k + ("=" + v if v is not None else "") for k, v in sorted(pairs, key=_key))
    if fragment[:1] in ("!", "/"):
        out += "#" + _normalize_escapes(fragment, _FRAGMENT_SAFE)
    return out


def _split_rest(rest: str) -> tuple[str | None, int | None, str, str, str]:
    """``(hostname, port, path, query, fragment)`` of ``https://`` + ``rest``, as ``urlsplit`` gives them.

    Most URLs have a plain host (:data:`_PLAIN_WEB`) and are split by one match, a third of the cost of a key;
    the rest go through ``urlsplit``. Raises ``ValueError`` where ``urlsplit`` or its ``port`` would."""
    plain = _PLAIN_WEB.fullmatch(rest)
    if plain is not None:
        hostname, path, query, fragment = plain.group(1, 2, 3, 4)
        return hostname.lower(), None, path or "", query or "", fragment or ""
    parts = split_url("https://" + rest)
    return parts.hostname, parts.port, parts.path, parts.query, parts.fragment


def _key(pair: tuple[str, str | None]) -> str:
    return pair[0]


def _host(hostname: str | None) -> str | None:
    """Lower-case, IDNA-encode, validate and de-prefix a host; None when it is no host."""
    if not hostname:
        return None
    host = hostname.lower().rstrip(".")
    if not host:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return None
    if ":" in host:  # IPv6 literal (urlsplit took the brackets off)
        host = f"[{host}]"
    if not _HOST_OK.fullmatch(host):
        return None
    host = _strip_host_prefixes(host)
    if host.endswith(".m.wikipedia.org") or host.endswith(".m.wiktionary.org"):
        host = host.replace(".m.", ".", 1)
    return _HOST_ALIASES.get(host, host)


def _strip_host_prefixes(host: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix) and "." in host[len(prefix) :]:
                host = host[len(prefix) :]
                changed = True
    return host


def _path(raw: str) -> str:
    """Normalise escapes, resolve dot segments, collapse empty segments, drop the trailing slash."""
    if not raw or raw == "/":
        return ""
    segments: list[str] = []
    for seg in _normalize_escapes(raw, _PATH_SAFE).split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if segments:
                segments.pop()
            continue
        segments.append(seg)
    return "/" + "/".join(segments) if segments else ""


def _query_pairs(query: str) -> list[tuple[str, str | None]]:
    """Split a query into normalised ``(key, value)`` pairs; ``value`` is None for a bare ``key``."""
    pairs: list[tuple[str, str | None]] = []
    if not query:
        return pairs
    for piece in query.split("&"):
        if not piece:
            continue
        key, sep, value = piece.partition("=")
        pairs.append(
            (_normalize_escapes(key, _QUERY_SAFE), _normalize_escapes(value, _QUERY_SAFE) if sep else None)
        )
    return pairs


def _site_params(host: str) -> frozenset[str]:
    found = SITE_TRACKING_PARAMS.get(host)
    if found is not None:
        return found
    for suffix in ("medium.com", "substack.com", "linkedin.com", "reddit.com"):
        if host.endswith("." + suffix):
            return SITE_TRACKING_PARAMS[suffix]
    return frozenset()


def _drop_tracking(host: str, path: str, pairs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Drop tracking parameters (generic, per-site, and a few that depend on their value)."""
    if not pairs:
        return pairs
    if host == "mp.weixin.qq.com":  # WeChat: the article is __biz/mid/idx/sn; the rest is per share
        return [] if path.startswith("/s/") else [p for p in pairs if p[0] in _WEIXIN_KEEP]
    site = _site_params(host)
    kept = []
    for key, value in pairs:
        k = key.lower()
        if k in TRACKING_PARAMS and not (k == "ref" and host in _KEEP_REF_HOSTS):
            continue
        if k.startswith(TRACKING_PREFIXES) or k in site:
            continue
        if k == "source" and value is not None and _SOURCE_TRACKING.search(value.lower()):
            continue
        if k == "tab" and host == "github.com" and (value or "").endswith("-ov-file"):
            continue
        kept.append((key, value))
    return kept


# --- site rules -------------------------------------------------------------------------------------------


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
