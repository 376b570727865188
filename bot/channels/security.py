"""Who may talk to the widget's API, and the headers that keep pages and answers safe."""

from typing import Dict, Iterable, Optional, Text
from urllib.parse import urlsplit

# No CDN, no inline script or style, no framing: the widget's files come from this server.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)

PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
}

API_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}


def normalise_origin(origin: Text) -> Optional[Text]:
    """`https://Example.nl:443/` → `https://example.nl`; anything that is no origin → None."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default_port = {"http": 80, "https": 443}[parts.scheme]
    try:
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname.lower()
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default_port else "")


def origin_allowed(origin: Optional[Text], own_origin: Text, allowed: Iterable[Text]) -> bool:
    """Requests without an Origin header come from the same page or a non-browser client;
    a browser on another site may call the API only when its origin is configured."""
    if origin is None:
        return True
    wanted = normalise_origin(origin)
    if wanted is None:
        return False
    permitted = {normalise_origin(own_origin)} | {normalise_origin(o) for o in allowed}
    return wanted in permitted


def cors_headers(origin: Optional[Text]) -> Dict[Text, Text]:
    """Headers for an allowed cross-origin caller (the caller's own origin, never `*`).

    The widget posts JSON as text/plain, a "simple" request without a CORS preflight:
    Rasa's CORS layer answers every OPTIONS request itself, so a preflight could never
    be allowed per origin. The server checks the Origin header of the POST instead.
    """
    if not origin:
        return {}
    return {
        "Access-Control-Allow-Origin": origin,
        "Vary": "Origin",
    }
