"""Metadata, effort estimates and link health: pure parsers per source, a runner that fetches through net.py.

The parsers (:mod:`.arxiv`, :mod:`.crossref`, :mod:`.openlibrary`, :mod:`.page`, :mod:`.oembed`, :mod:`.wayback`)
are functions over bytes; :mod:`.runner` and :mod:`.check` do the fetching; :mod:`.effort` turns pages, words and
durations into minutes. Callers use :meth:`readinglist.Library.enrich` and :meth:`readinglist.Library.check_links`.
"""
