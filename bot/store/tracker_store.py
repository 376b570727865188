"""Rasa's SQL tracker store, configured by one database URL.

TRACKER_DB_URL: an SQLAlchemy URL. The default is an SQLite file (var/tracker.db);
production uses PostgreSQL, e.g. postgresql://user:password@host:5432/wegwijzer.
"""
import os
from pathlib import Path
from typing import Any, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

DEFAULT_URL = "sqlite:///var/tracker.db"


def tracker_db_url(url: Optional[Text] = None) -> Text:
    return url or os.environ.get("TRACKER_DB_URL") or DEFAULT_URL


class UrlSQLTrackerStore(SQLTrackerStore):
    """endpoints.yml: `tracker_store: {type: bot.store.tracker_store.UrlSQLTrackerStore}`."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[Text] = None,
        url: Optional[Text] = None,
        **kwargs: Any,
    ) -> None:
        db_url = tracker_db_url(url or host)
        parsed = make_url(db_url)
        if parsed.drivername.startswith("sqlite") and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLTrackerStore takes a complete URL through `host` when it contains "://".
        kwargs.pop("dialect", None)
        super().__init__(domain=domain, host=db_url, dialect=parsed.drivername, **kwargs)
