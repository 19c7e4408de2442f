"""Where a list's entry came from (``entries.origin``, migration 0019).

Sync keeps a list in step with its source, so it may retire or remove the entries that source no longer lists; the
entries the reader added (``readinglist add``) or a feed placed were never the source's, and sync leaves them alone.
When the source starts listing the same work, its entry becomes the source's again.
"""

LISTED = "list"
"""From the list's own source (an import or a sync)."""

ADDED = "added"
"""Added by the reader (``readinglist add``)."""

FROM_FEED = "feed"
"""Placed by a feed subscription."""
