"""Storage (SQLAlchemy 1.4, SQLite or PostgreSQL through one URL).

database.py       the URL (TRACKER_DB_URL, default defined here only), the engine, retries
tracker_store.py  Rasa's SQL tracker store made strict; deleting conversations
sessions.py       the website chat's issued session ids (table webchat_sessions)
retention.py      deleting conversations idle longer than the retention time
lock_store.py     one lock per conversation, handed over at once; across replicas on PostgreSQL
"""
