"""Custom Rasa NLU components: Dutch spaCy loading, gemeente names, the crisis safety net."""
