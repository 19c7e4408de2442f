"""Sentence vectors for topic placement, from the optional ``embed`` extra (``pip install 'readinglist[embed]'``).

The model is WordLlama (``wordllama`` on PyPI, MIT): token embeddings distilled from Llama 2's, 256 dimensions, mean
pooled. Its weights (16 MB) and tokenizer ship inside the wheel; they are loaded from the installed package with
downloads disabled, so nothing is fetched at run time. Imported lazily, once per process, and only when a placement
is made: the normal CLI path never pays for it.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from typing import Any

from readinglist.exceptions import ReadingListError

EXTRA = "pip install 'readinglist[embed]'"

_model: Any = None
_lock = threading.Lock()


class EmbeddingUnavailableError(ReadingListError):
    """The ``embed`` extra (wordllama) is not installed, or its bundled weights cannot be loaded."""

    def __init__(self, detail: str = "") -> None:
        more = f" ({detail})" if detail else ""
        super().__init__(f"placing items with embeddings needs wordllama: {EXTRA}{more}")


def available() -> bool:
    """Whether the ``embed`` extra is installed (cheap: nothing is imported)."""
    return importlib.util.find_spec("wordllama") is not None


def embed(texts: list[str]) -> Any:
    """One unit-length row (numpy float32) per text (zeros for a text with no known token)."""
    import numpy as np

    model = _load()
    with np.errstate(invalid="ignore", divide="ignore"):  # a text with no token has no direction: zeros
        return np.nan_to_num(model.embed(list(texts), norm=True))


def _load() -> Any:
    global _model
    with _lock:
        if _model is None:
            _model = _open()
    return _model


def _open() -> Any:
    if not available():
        raise EmbeddingUnavailableError()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pathlib import Path

        import wordllama
        from wordllama import WordLlama

        # The weights and tokenizer sit in the package itself: point the "cache" there, never download.
        return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    except (ImportError, OSError, ValueError) as exc:
        raise EmbeddingUnavailableError(str(exc)) from exc
    finally:
        # wordllama.inference calls logging.basicConfig() on import: a library must not configure the root logger.
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
