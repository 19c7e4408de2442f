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
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from readinglist.urls.escapes import _FRAGMENT_SAFE, _QUERY_SAFE, _normalize_escapes, _path
from readinglist.urls.sites import (
    _ARXIV_BARE,
    _ARXIV_ID,
    _DOI,
    _DOI_PREFIX,
    _arxiv_norm,
    _arxiv_url,
    _doi_norm,
    _doi_url,
    _site,
    _site_path,
)

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


_PLAIN_WEB_URL = re.compile(r"(https?)://([A-Za-z0-9.\-]+)((?:/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*)?)")
"""The common link, ``https://host/path``, as a whole URL (:data:`_PLAIN_WEB` is the part after the scheme, with
query and fragment, of a URL already cleaned): a host of letters, digits, dots and hyphens and a path of URL
characters, without query, fragment, whitespace, brackets or backslash. ``urlsplit`` reads it as exactly these
three groups (scheme, host as netloc and hostname, path), so :class:`_WebParts` stands in for its result."""


class _WebParts:
    """The parts of a :data:`_PLAIN_WEB_URL` as ``urlsplit`` gives them (its ``hostname`` is the lower-case host)."""

    __slots__ = ("scheme", "netloc", "hostname", "path")
    query = ""
    fragment = ""

    def __init__(self, scheme: str, netloc: str, path: str) -> None:
        self.scheme = scheme
        self.netloc = netloc
        self.hostname = netloc.lower()
        self.path = path


def plain_web_parts(url: str) -> _WebParts | None:
    """The parts of ``url`` when it is a :data:`_PLAIN_WEB_URL` (an http(s) URL with a host: a web URL), else
    ``None``."""
    m = _PLAIN_WEB_URL.fullmatch(url)
    return _WebParts(m.group(1), m.group(2), m.group(3)) if m is not None else None


def web_parts(url: str) -> _WebParts | SplitResult:
    """``split_url(url)``, or for the common ``https://host/path`` the same parts without building its result;
    raises ``ValueError`` as it does."""
    parts = plain_web_parts(url)
    return parts if parts is not None else split_url(url)


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
