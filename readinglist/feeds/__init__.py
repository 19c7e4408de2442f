"""Feeds: fetching (:mod:`.fetch`), parsing (:mod:`.parse`), OPML subscriptions (:mod:`.opml`) and the concurrent
pull pipeline (:mod:`.pull`), none of which touches the database; :mod:`.subscriptions` connects them to storage.

Nothing is imported here so that ``import readinglist`` stays fast: requests and feedparser load on first use.
"""
