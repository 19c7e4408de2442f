"""The local web app (``readinglist serve``): see :mod:`readinglist.web.app`."""

from __future__ import annotations

from readinglist.web.app import create_app

__all__ = ["create_app"]
