"""Python's cyclic garbage collector, held off while a burst of short-lived objects is made."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector held off inside the block, restored (if it was on) on the way out.

    A parse or a progress query makes hundreds of thousands of nodes, strings, rows and items in a row; each
    generation-0 collection rescans the young ones and older generations rescan them all again, for nothing the
    block leaves behind (a third to a half of the Python time of a 1 MB list or of 100k rows). Reference counting
    still frees everything as usual.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
