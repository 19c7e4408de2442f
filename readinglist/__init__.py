"""readinglist: work through tiered reading lists that keep changing."""

from readinglist.exceptions import *  # noqa: F401,F403  (filled in properly with the Library facade)
from readinglist.types import *  # noqa: F401,F403

__version__ = "0.1.0"
