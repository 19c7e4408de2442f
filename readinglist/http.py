"""HTTP for list sources: one GET with timeouts, a User-Agent naming readinglist, and a size cap.

Feeds have their own fetcher (``readinglist.feeds.fetch``) with conditional requests; this is the simple case.
"""

from __future__ import annotations

from readinglist.exceptions import FetchError, SourceNotFoundError

MAX_BYTES = 20 * 1024 * 1024


def user_agent() -> str:
    from readinglist import __version__

    return f"readinglist/{__version__} (+https://pypi.org/project/readinglist/)"


def get_bytes(url: str, *, timeout: float = 20.0, max_bytes: int = MAX_BYTES) -> tuple[bytes, str]:
    """GET ``url``; return the body and the final URL after redirects. Raise a one-line FetchError otherwise."""
    import requests

    try:
        with requests.get(
            url, timeout=(min(timeout, 10.0), timeout), stream=True, headers={"User-Agent": user_agent()}
        ) as response:
            if response.status_code == 404 or response.status_code == 410:
                raise SourceNotFoundError(f"{url} answered {response.status_code} (not found)", source=url)
            if response.status_code >= 400:
                raise FetchError(f"{url} answered HTTP {response.status_code}; try again later", source=url)
            chunks, size = [], 0
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(
                        f"{url} sent more than {max_bytes // (1024 * 1024)} MB; not a list", source=url
                    )
                chunks.append(chunk)
            return b"".join(chunks), response.url
    except requests.exceptions.Timeout as exc:
        raise FetchError(
            f"{url} did not answer within {timeout:g} s; check your connection", source=url
        ) from exc
    except requests.exceptions.SSLError as exc:
        raise FetchError(
            f"TLS error talking to {url}; the site's certificate was refused", source=url
        ) from exc
    except requests.exceptions.ConnectionError as exc:
        raise FetchError(f"cannot reach {url}; check the address or your connection", source=url) from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"cannot fetch {url}: {exc}", source=url) from exc
