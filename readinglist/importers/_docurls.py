"""Which URLs a document links to for reading (:mod:`readinglist.importers.document`): not images, image hosts,
placeholders, or the share, save and subscribe pages of social sites; and where a bare URL written in a sentence
ends."""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote

from readinglist.urls import is_web_url, plain_web_parts, split_url

_TRAILING_URL_JUNK = ".,;:!?*_~'\"…"
"""Punctuation that ends a sentence after a bare URL rather than the URL."""

_SHARE_HOSTS = (
    r"(?:(?:twitter|x)\.com/(?:intent|share|home\?status)|facebook\.com/(?:sharer|share)|"
    r"linkedin\.com/(?:shareArticle|sharing|feed/\?shareActive)|reddit\.com/submit|"
    r"news\.ycombinator\.com/submitlink|pinterest\.com/pin/create|t\.me/share|wa\.me/|api\.whatsapp\.com/send|"
    r"service\.weibo\.com/share|connect\.qq\.com|getpocket\.com/(?:save|edit))"
)
"""The share and save pages of social sites, after the scheme (and ``www.``)."""
_SHARE_URL_RE = re.compile(
    r"(?i)^https?://(?:www\.)?(?:" + _SHARE_HOSTS + r"|.*?/(?:subscribe|newsletter)/?(?:$|\?)|"
    r".*?[?&](?:share|utm_medium=share)=)"
)
_SHARE_HOST_RE = re.compile(r"(?i)^https?://(?:www\.)?" + _SHARE_HOSTS)
_SHARE_WORDS = ("subscribe", "newsletter", "share=")
"""What the rest of :data:`_SHARE_URL_RE` needs in a URL, lower-case (:func:`_share_url` reads them first)."""
_IMAGE_HOST_RE = re.compile(
    r"(?i)^(?:cdn-images-\d+\.|miro\.medium\.com$|mmbiz\.qpic\.cn$|mmbiz\.qlogo\.cn$|placehold\.it$|"
    r"placehold\.co$|via\.placeholder\.com$|i\.imgur\.com$|pbs\.twimg\.com$|img\.shields\.io$|"
    r"user-images\.githubusercontent\.com$|.*\.sinaimg\.cn$|pic\d*\.zhimg\.com$|images\.unsplash\.com$)"
)
_IMAGE_PATH_RE = re.compile(r"(?i)\.(?:png|jpe?g|gif|webp|svg|bmp|ico|tiff?|avif|heic)$")
_FORMAT_IN_QUERY_RE = re.compile(r"(?i)(?:^|&)(?:wx_fmt|format|fm)=(?:png|jpe?g|gif|webp)(?:&|$)")


def _trim_url(url: str) -> str:
    """Drop punctuation that ends the sentence rather than the URL (``https://x.org/a).`` -> ``.../a``)."""
    while url:
        last = url[-1]
        unbalanced = (last == ")" and url.count("(") < url.count(")")) or (
            last == "]" and url.count("[") < url.count("]")
        )
        if last in _TRAILING_URL_JUNK or unbalanced:
            url = url[:-1]
        else:
            break
    return url


@functools.lru_cache(maxsize=4096)
def _is_reading_url(url: str) -> bool:
    """A web URL that is not an image, a placeholder or a share/subscribe link (asked once per URL: documents repeat
    their links)."""
    parts = plain_web_parts(url)  # the common https://host/path: a web URL, split without urlsplit
    if parts is None:
        if not is_web_url(url):
            return False
        try:
            parts = split_url(url)
        except ValueError:
            return False
    host = (parts.hostname or "").lower()
    if _image_host(host):
        return False
    if _IMAGE_PATH_RE.search(unquote(parts.path)) or (
        parts.query and _FORMAT_IN_QUERY_RE.search(parts.query)
    ):
        return False
    return not _share_url(url)


@functools.lru_cache(maxsize=1024)
def _image_host(host: str) -> bool:
    """An image or placeholder host (:data:`_IMAGE_HOST_RE`), asked once per host (a document's links share few)."""
    return _IMAGE_HOST_RE.match(host) is not None


def _share_url(url: str) -> bool:
    """A share, save or subscribe link (:data:`_SHARE_URL_RE`): its scanning rules are asked only of a URL holding
    one of :data:`_SHARE_WORDS` in lower case, or a letter its case rule also reads as ``i`` or ``s``."""
    if _SHARE_HOST_RE.match(url) is not None:
        return True
    low = url.lower()
    for word in _SHARE_WORDS:
        if word in low:
            break
    else:
        if not ("ı" in url or "İ" in url or "ſ" in url):
            return False
    return _SHARE_URL_RE.match(url) is not None
