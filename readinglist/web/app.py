"""The web app: Starlette routes that parse a request, call the public :class:`~readinglist.Library`, render.

Reading works without JavaScript; forms post and redirect back. ``static/app.js`` only enhances: marks without a
reload, search as you type. See :mod:`readinglist.web.security` for what keeps it safe.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from readinglist.exceptions import NotFoundError, ReadingListError
from readinglist.web import charts, views
from readinglist.web.security import Guard, allowed_hosts, is_loopback, new_secret, same

PROFILE_COOKIE = "rl_profile"
MAX_UPLOAD = 5 * 1024 * 1024
MAP_CARDS = 2000
"""A list with more entries shows its map as counts, one topic's cards at a time (a 10k-card page is 2.5 MB)."""


class Web:
    """The app's state: the library, the CSRF token, short-lived messages for the page after a redirect."""

    def __init__(
        self, lib: Any, csrf: str, hosts: frozenset[str] | None = None, network: str = "public"
    ) -> None:
        self.lib = lib
        self.csrf = csrf
        self.hosts = hosts
        self.network = network
        """What a URL a page asks to fetch may lead to (see readinglist.net.NETWORK_MODES): bound to loopback the
        server is local-only and may fetch from private networks, never link-local; otherwise public addresses only."""
        self.messages: dict[str, list[str]] = {}

    def library(self, request: Request) -> Any:
        chosen = request.cookies.get(PROFILE_COOKIE)
        if chosen and chosen != self.lib.profile and chosen in self.lib.profile_names():
            return self.lib.with_profile(chosen)
        return self.lib

    def page(self, request: Request, template: str, http_status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.html(request, template, **context), status_code=http_status)

    def html(self, request: Request, template: str, **context: Any) -> str:
        """A page as text: the template with what every page shows (lists, profile, CSRF token, messages)."""
        lib = self.library(request)
        shown = self.messages.pop(request.query_params.get("m", ""), [])
        return views.render(
            template,
            csrf=self.csrf,
            profile=lib.profile,
            lists=lib.lists(),
            messages=shown,
            path=request.url.path,
            query=request.query_params.get("q", ""),
            **context,
        )

    def remember(self, messages: list[str]) -> str:
        key = secrets.token_urlsafe(8)
        self.messages[key] = messages
        while len(self.messages) > 100:
            self.messages.pop(next(iter(self.messages)))
        return key


def _web(request: Request) -> Web:
    return request.app.state.web


async def checked_form(request: Request) -> Any:
    """The POSTed form, after the CSRF check (field ``csrf`` or header ``X-CSRF-Token``)."""
    web = _web(request)
    origin = request.headers.get("origin")
    # ("null" comes from privacy settings and sandboxes: the CSRF token below still decides.)
    if (
        web.hosts is not None
        and origin not in (None, "null")
        and urlsplit(origin).netloc.lower() not in web.hosts
    ):
        raise HTTPException(403, "This form was sent from another site.")
    form = await request.form(max_part_size=MAX_UPLOAD)
    given = form.get("csrf") or request.headers.get("x-csrf-token")
    if not isinstance(given, str) or not same(given, web.csrf):
        raise HTTPException(403, "Missing or wrong CSRF token: reload the page and try again.")
    return form


def _back(request: Request, form: Any, default: str = "/") -> str:
    """Where to go after a form: a local path only (never another site)."""
    back = form.get("back") or default
    parts = urlsplit(str(back))
    if (
        parts.scheme
        or parts.netloc
        or not parts.path.startswith("/")
        or parts.path.startswith("//")
        or "\\" in str(back)
    ):
        return default
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _with_message(path: str, key: str) -> str:
    return path + ("&" if "?" in path else "?") + urlencode({"m": key})


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


# --- pages -------------------------------------------------------------------------------------------------


async def home(request: Request) -> Response:
    web = _web(request)
    lib = web.library(request)
    infos = lib.lists()
    progress = {}
    for row in lib.progress():
        done, total = progress.get(row.list_name, (0, 0))
        progress[row.list_name] = (done + row.done, total + row.total)
    return web.page(request, "home.html", progress=progress, recs=lib.next(3) if infos else [])


async def map_page(request: Request) -> Response:
    web = _web(request)
    lib = web.library(request)
    name = request.path_params["name"]
    if not name:  # "/map": the map of your only list, else the lists to choose from
        infos = lib.lists()
        return RedirectResponse(f"/map/{quote(infos[0].name)}" if len(infos) == 1 else "/lists", status_code=303)
    info = lib.get_list(name)
    topic = request.query_params.get("topic") or None
    if topic is not None:
        grid = views.build_map(info, lib.entries(name, topic=topic, include_retired=True))
    elif info.entry_count > MAP_CARDS:
        grid = views.build_summary(info, lib.progress(name))
    else:
        grid = views.build_map(info, lib.entries(name, include_retired=True))
    return web.page(request, "map.html", grid=grid, topic=topic, title=info.title or info.name)


async def item_page(request: Request) -> Response:
    web = _web(request)
    held = web.library(request).holding(int(request.path_params["id"]))
    if not held:
        raise HTTPException(404, "No such item")
    return web.page(request, "item.html", entry=held[0], held=held, title=held[0].title)


async def mark(request: Request) -> Response:
    web = _web(request)
    form = await checked_form(request)
    lib = web.library(request)
    try:
        item = int(str(form.get("item", "")))
    except ValueError:
        raise HTTPException(400, "item must be an item id") from None
    rating_text = str(form.get("rating") or "").strip()
    note = str(form.get("note") or "").strip() or None
    try:
        rating = int(rating_text) if rating_text else None
        result = lib.mark(item, str(form.get("status") or "read"), rating=rating, note=note)
    except (ReadingListError, ValueError) as exc:
        if _wants_json(request):
            return JSONResponse({"error": str(exc)}, status_code=400)
        raise HTTPException(400, str(exc)) from None
    [entry, *_] = lib.holding(item)
    messages = list(result.messages)
    if _wants_json(request):
        return JSONResponse(
            {
                "item": item,
                "status": entry.status.value,
                "rating": entry.rating,
                "note": entry.progress_note,
                "messages": messages,
            }
        )
    said = messages or [f"{entry.status.value}: {entry.title}"]
    return RedirectResponse(_with_message(_back(request, form), web.remember(said)), status_code=303)


async def next_page(request: Request) -> Response:
    web = _web(request)
    lib = web.library(request)
    chosen = request.query_params.get("list") or None
    recs = lib.next(10, list=chosen) if lib.lists() else []
    return web.page(request, "next.html", recs=recs, chosen=chosen, title="Next")


async def search_page(request: Request) -> Response:
    web = _web(request)
    lib = web.library(request)
    q = request.query_params.get("q", "")
    status = request.query_params.get("status") or None
    chosen = request.query_params.get("list") or None
    found = lib.search(q, list=chosen, status=status, limit=50) if q.strip() else []
    template = "_results.html" if request.query_params.get("partial") else "search.html"
    return web.page(request, template, found=found, chosen=chosen, status=status, title="Search")


async def stats_page(request: Request) -> Response:
    web = _web(request)
    lib = web.library(request)
    chosen = request.query_params.get("list") or None
    s = lib.stats(chosen)
    return web.page(request, "stats.html", **stats_context(s), chosen=chosen, title="Stats")


def stats_context(s: Any) -> dict[str, Any]:
    tiers = [e for e in s.estimates if e.scope == "tier"]
    return {
        "s": s,
        "weekly": charts.weekly_bars(s),
        "calendar": charts.calendar(s),
        "eta": charts.estimate_bars(tiers),
        "topics": [e for e in s.estimates if e.scope == "topic" and e.remaining],
        "whole": [e for e in s.estimates if e.scope == "list"],
    }


# --- lists: import with a preview, sync with the diff shown, history ---------------------------------------


async def lists_page(request: Request) -> Response:
    web = _web(request)
    return web.page(request, "lists.html", title="Lists")


async def preview(request: Request) -> Response:
    web = _web(request)
    form = await checked_form(request)
    lib = web.library(request)
    url = str(form.get("url") or "").strip()
    upload = form.get("file")
    data = filename = None
    try:
        if upload is not None and getattr(upload, "filename", ""):
            data = await upload.read()
            filename = upload.filename
            found = lib.read_list(data, filename=filename)
        elif url:
            found = lib.read_list(_web_url(url), network=web.network)
        else:
            raise HTTPException(400, "give a file or a URL")
    except ReadingListError as exc:
        return web.page(request, "lists.html", http_status=400, error=str(exc), title="Lists")
    topics = {i.section for i in found.items if i.section}
    tiers: dict[str, int] = {}
    for i in found.items:
        label = views.tier_name(i.tier, i.tier_label)
        tiers[label] = tiers.get(label, 0) + 1
    return web.page(
        request,
        "preview.html",
        found=found,
        topics=len(topics),
        tiers=tiers,
        url=url,
        filename=filename or "",
        data=base64.b64encode(data).decode() if data is not None else "",
        name=str(form.get("name") or "").strip() or found.name or "",
        title="Preview",
    )


def _web_url(url: str) -> str:
    """Only an http(s) URL may be imported from a page: never a path or a bundled name on the server's disk."""
    from readinglist.exceptions import InvalidArgumentError
    from readinglist.urls import is_web_url

    if not is_web_url(url.strip()):
        raise InvalidArgumentError(f"{url[:200]!r} is not an http(s) URL; upload a file to import it from your disk")
    return url.strip()


async def do_import(request: Request) -> Response:
    web = _web(request)
    form = await checked_form(request)
    lib = web.library(request)
    name = str(form.get("name") or "").strip() or None
    try:
        if form.get("data"):
            try:
                data = base64.b64decode(str(form["data"]), validate=True)
            except binascii.Error:
                raise HTTPException(400, "the uploaded file came back damaged; upload it again") from None
            result = lib.import_list(
                lib.read_list(data, filename=str(form.get("filename") or "") or None), name=name
            )
        else:
            result = lib.import_list(_web_url(str(form.get("url") or "")), name=name, network=web.network)
    except ReadingListError as exc:
        return web.page(request, "lists.html", http_status=400, error=str(exc), title="Lists")
    said = [f"Imported {result.entries} entries into {result.list.name}."]
    return RedirectResponse(_with_message(f"/map/{result.list.name}", web.remember(said)), status_code=303)


async def sync_page(request: Request) -> Response:
    web = _web(request)
    lib = web.library(request)
    name = request.path_params["name"]
    if request.method == "POST":
        await checked_form(request)
        try:
            report = lib.sync(name, network=web.network)
        except ReadingListError as exc:
            return web.page(
                request, "sync.html", http_status=400, name=name, error=str(exc), report=None, applied=False
            )
        return web.page(
            request, "sync.html", name=name, report=report, applied=True, error=None, title="Sync"
        )
    try:
        report = lib.sync(name, dry_run=True, network=web.network)
    except ReadingListError as exc:
        return web.page(
            request, "sync.html", http_status=400, name=name, error=str(exc), report=None, applied=False
        )
    return web.page(request, "sync.html", name=name, report=report, applied=False, error=None, title="Sync")


async def history_page(request: Request) -> Response:
    web = _web(request)
    name = request.path_params["name"]
    versions = web.library(request).history(name)
    return web.page(request, "history.html", name=name, versions=versions, title="History")


# --- feeds, people -----------------------------------------------------------------------------------------


PULLED_MARK = "<!-- pulled -->"
"""Where the feeds page's streamed lines go (see :func:`feeds_page`)."""


async def feeds_page(request: Request) -> Response:
    web = _web(request)
    lib = web.library(request)
    if request.method != "POST":
        return web.page(request, "feeds.html", feeds=lib.feeds(), pulling=False, title="Feeds")
    await checked_form(request)
    # The page streams: each feed's line is sent as that feed finishes, so the pull shows its progress in any
    # browser, without JavaScript.
    head, _, tail = web.html(request, "feeds.html", feeds=lib.feeds(), pulling=True, title="Feeds").partition(
        PULLED_MARK
    )

    def lines() -> Iterator[str]:
        yield head
        for result in lib.pull_feeds():
            yield views.render("_pulled.html", r=result)
        yield tail

    return StreamingResponse(lines(), media_type="text/html; charset=utf-8")


async def people_page(request: Request) -> Response:
    web = _web(request)
    lib = web.library(request)
    if request.method == "POST":
        form = await checked_form(request)
        chosen = str(form.get("profile") or "").strip()
        response = RedirectResponse("/people", status_code=303)
        if chosen and chosen in lib.profile_names():
            response.set_cookie(PROFILE_COOKIE, chosen, httponly=True, samesite="strict")
        return response
    people = lib.profile_names()
    chosen = request.query_params.get("list") or (lib.lists()[0].name if lib.lists() else None)
    table: dict[tuple, dict[str, tuple[int, int]]] = {}
    order: list[tuple] = []
    if chosen:
        for person in people:
            for row in web.lib.with_profile(person).progress(chosen):
                key = (row.section, row.tier, row.tier_name)
                if key not in table:
                    table[key] = {}
                    order.append(key)
                table[key][person] = (row.done, row.total)
    return web.page(
        request, "people.html", people=people, chosen=chosen, table=table, order=order, title="People"
    )


async def on_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 404 if isinstance(exc, NotFoundError) else 400
    detail = exc.detail if isinstance(exc, HTTPException) else str(exc)
    if _wants_json(request):
        return JSONResponse({"error": detail}, status_code=status)
    try:
        return _web(request).page(request, "error.html", http_status=status, detail=detail, title="Error")
    except Exception:  # noqa: BLE001 - the error page must not fail
        return Response(str(detail), status_code=status, media_type="text/plain")


def create_app(lib: Any, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> Any:
    """The ASGI app serving ``lib``; it answers only to ``host:port`` and, given a ``token``, only with it."""
    routes = [
        Route("/", home),
        Route("/map/{name:path}", map_page),
        Route("/item/{id:int}", item_page),
        Route("/mark", mark, methods=["POST"]),
        Route("/next", next_page),
        Route("/search", search_page),
        Route("/stats", stats_page),
        Route("/lists", lists_page),
        Route("/lists/preview", preview, methods=["POST"]),
        Route("/lists/import", do_import, methods=["POST"]),
        Route("/sync/{name:path}", sync_page, methods=["GET", "POST"]),
        Route("/history/{name:path}", history_page),
        Route("/feeds", feeds_page, methods=["GET", "POST"]),
        Route("/people", people_page, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(views.STATIC)), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: on_error, ReadingListError: on_error})
    hosts = None if token else allowed_hosts(host, port)
    app.state.web = Web(lib, new_secret(), hosts, network="local" if is_loopback(host) else "public")
    return Guard(app, hosts=hosts, token=token)
