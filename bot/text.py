"""Text folding shared by every matcher, so "Súdwest-Fryslân", "sudwest fryslan" and
"SÚDWEST-FRYSLÂN" compare equal."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes and collapse white space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    unified = without_accents.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return _SPACES.sub(" ", unified.lower()).strip()
