"""Storage: Rasa's tracker store and, later, the project's own tables (SQLAlchemy 1.4)."""
