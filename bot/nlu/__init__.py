"""Custom Rasa NLU components: Dutch spaCy loading, gemeente names, the crisis safety net."""

FALLBACK_INTENT = "nlu_fallback"  # Rasa's name for "not understood"
