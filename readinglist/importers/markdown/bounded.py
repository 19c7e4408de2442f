"""Keeping markdown-it linear on hostile input (issue 14: every parser <= 1 s per MB of adversarial text).

markdown-it scans for a link label's closing ``]`` from every ``[``, and each scan steps through the following
text token by token, recursing into the next ``[`` up to the nesting limit: ``[`` x 50,000 took 15 s with our
block nesting limit of 100. Two changes to our own instance (never to markdown-it's module state) keep it linear:

* a label scan starting where no ``]`` follows in the text being parsed fails at once: it could only have walked
  to the end and failed (``[[[[``, ``[ [ [``, ``![![``);
* inline token skipping (the label scan's recursion) uses CommonMark's default nesting limit, 20, while block
  nesting keeps our 100 (lists nested 50 deep). Only inline constructs nested over 20 deep read differently, and
  those read as markdown-it's own ``commonmark`` preset reads them.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

INLINE_NESTING = 20


def bound(md: MarkdownIt) -> None:
    """Install the bounded label scan and token skipping on ``md``."""
    helpers = md.helpers
    scan = helpers.parseLinkLabel

    def parse_link_label(state: Any, start: int, disable_nested: bool = False) -> int:
        known = getattr(state, "_rl_last_close", None)
        if known is None or known[0] != state.posMax:
            known = (state.posMax, state.src.rfind("]", 0, state.posMax))
            state._rl_last_close = known
        if known[1] <= start:
            return -1
        return scan(state, start, disable_nested)

    md.helpers = SimpleNamespace(  # type: ignore[assignment]
        parseLinkLabel=parse_link_label,
        parseLinkDestination=helpers.parseLinkDestination,
        parseLinkTitle=helpers.parseLinkTitle,
    )
    inline = md.inline

    def skip_token(state: Any) -> None:
        """``ParserInline.skipToken`` with :data:`INLINE_NESTING` as the limit."""
        pos = state.pos
        cache = state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        ok = False
        if state.level < INLINE_NESTING:
            for rule in inline.ruler.getRules(""):
                state.level += 1
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            state.pos = state.posMax
        if not ok:
            state.pos += 1
        cache[pos] = state.pos

    inline.skipToken = skip_token  # type: ignore[method-assign]
