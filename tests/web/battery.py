"""Helpers for the hostile-input tests: raw HTTP for what urllib will not send, a ledger of
what was accepted (to check afterwards that every accepted message is stored exactly once),
private markers to look for in the logs, and a tally of everything tried."""

import json
import re
import socket
import uuid
from collections import Counter, defaultdict
from typing import Dict, List, Optional, Tuple

from tests.web.server import BotServer

REST = "/webhooks/rest/webhook"
JSON = {"Content-Type": "application/json"}
# Every request the battery sends, by server: (what, status). Written to results/web/.
TALLY: Dict[str, List[Tuple[str, int]]] = defaultdict(list)


def private(label: str = "bericht") -> str:
    """A message text that must never appear in a log: it stands for personal data."""
    return f"{label} PRIVE{uuid.uuid4().hex[:16]}"


PRIVATE = re.compile(r"PRIVE[0-9a-f]{16}")


def tally(server: BotServer, what: str, status: int) -> int:
    TALLY[server.url].append((what, status))
    return status


def post(server: BotServer, path: str, body=None, raw: Optional[bytes] = None, headers=None, what: str = ""):
    status, answer = server.post(path, body, raw=raw, headers={**JSON, **(headers or {})})
    tally(server, what or path, status)
    return status, answer


def raw_http(server: BotServer, request: bytes, what: str, timeout: float = 30) -> Tuple[int, bytes]:
    """Sends bytes as they are and reads the answer: (status, body), status 0 when the server
    closed without answering."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as connection:
        connection.sendall(request)
        received = b""
        try:
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                received += chunk
                head, _, body = received.partition(b"\r\n\r\n")
                length = re.search(rb"content-length: *(\d+)", head, re.I)
                if length and len(body) >= int(length.group(1)):
                    break
        except (ConnectionResetError, socket.timeout):
            pass
    match = re.match(rb"HTTP/1\.[01] (\d{3})", received)
    status = int(match.group(1)) if match else 0
    tally(server, what, status)
    return status, received.partition(b"\r\n\r\n")[2]


def head_only(path: str, length: int, extra: bytes = b"") -> bytes:
    """A POST that announces `length` bytes of body and sends only the first few."""
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode() + extra


class Ledger:
    """What each conversation should hold: the accepted messages in order, as stored."""

    def __init__(self) -> None:
        self.accepted: Dict[str, List[str]] = defaultdict(list)
        self.refused: Dict[str, List[str]] = defaultdict(list)

    def record(self, conversation: str, stored_text: str, accepted: bool) -> None:
        (self.accepted if accepted else self.refused)[conversation].append(stored_text)

    def check(self, server: BotServer) -> Dict[str, int]:
        """Counts of accepted messages lost or stored more than once, and refused ones stored."""
        lost = duplicated = stored_refused = 0
        for conversation in set(self.accepted) | set(self.refused):
            stored = Counter(text for kind, text in server.stored_events(conversation) if kind == "user")
            for text, times in Counter(self.accepted.get(conversation, [])).items():
                lost += max(0, times - stored[text])
                duplicated += max(0, stored[text] - times)
            for text in self.refused.get(conversation, []):
                if text not in self.accepted.get(conversation, []):
                    stored_refused += stored[text]
        return {"lost": lost, "duplicated": duplicated, "refused but stored": stored_refused}


def dutch_reply(texts: List[str]) -> bool:
    """Non-empty Dutch text (by its common words), whatever the dialogue says exactly."""
    words = set(re.findall(r"[a-zà-ÿ]+", " ".join(texts).lower()))
    return bool(texts) and bool(words & DUTCH_WORDS)


DUTCH_WORDS = {
    "je",
    "jij",
    "jou",
    "jouw",
    "ik",
    "de",
    "het",
    "een",
    "en",
    "wat",
    "wie",
    "welk",
    "welke",
    "hoe",
    "waar",
    "is",
    "ben",
    "bent",
    "heb",
    "hebt",
    "kan",
    "kun",
    "niet",
    "wel",
    "bij",
    "voor",
    "met",
    "van",
    "op",
    "te",
    "dat",
    "dit",
    "er",
    "ook",
    "of",
    "werk",
    "graag",
    "nog",
    "geen",
    "maar",
    "om",
    "naar",
    "hulp",
}


def summary() -> Dict[str, object]:
    """What the battery tried so far (status 0: no HTTP answer, e.g. the action server's)."""
    total = sum(len(v) for v in TALLY.values())
    statuses = Counter(status for v in TALLY.values() for _, status in v)
    return {
        "requests": total,
        "by status": {str(k): v for k, v in sorted(statuses.items())},
        "servers": len(TALLY),
    }


def write_summary(path) -> None:
    path.write_text(json.dumps(summary(), indent=2), encoding="utf-8")
