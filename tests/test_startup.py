"""The Rasa server's start-up hook (bot/startup.py): nothing happens on import; once called,
no silent fall-back, logs without message text or local variables."""

import subprocess
import sys

import structlog

from bot import startup
from bot.servers import ROOT


def test_importing_our_modules_changes_nothing_in_rasa():
    code = """
import bot.store.tracker_store, bot.channels.webchat, bot.channels.rest, bot.startup, bot.rasa_speedups
from rasa.core.tracker_store import FailSafeTrackerStore
from sanic.server.protocols.http_protocol import HttpProtocol
assert not bot.startup.installed() and not bot.rasa_speedups.installed()
assert FailSafeTrackerStore.on_tracker_store_error.__module__ == "rasa.core.tracker_store"
assert not getattr(HttpProtocol.check_timeouts, "_wegwijzer", False)
bot.startup.install()
assert bot.rasa_speedups.installed()
assert FailSafeTrackerStore.on_tracker_store_error.__module__ == "bot.startup"
assert HttpProtocol.check_timeouts._wegwijzer
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.stdout.strip().endswith("ok"), result.stderr[-2000:]


def test_personal_fields_are_left_out_from_info_up():
    event = {"event": "rest.message.received.failure", "text": "ik heet Jan", "metadata": {"a": 1}}
    assert startup.redact(None, "error", dict(event)) == {
        "event": "rest.message.received.failure",
        "text": startup.REDACTED,
        "metadata": startup.REDACTED,
    }
    assert startup.redact(None, "debug", dict(event)) == event


def test_exceptions_are_logged_without_message_or_locals():
    def fail(secret_text):
        raise ValueError(f"could not handle {secret_text}")

    secret = "-".join(["ik", "heet", "Jan"])  # not in any source line the stack shows
    try:
        fail(secret)
    except ValueError as error:
        rendered = startup.plain_traceback(None, "error", {"event": "x", "exc_info": error})
    assert "exc_info" not in rendered
    assert "ValueError" in rendered["exception"] and "fail" in rendered["exception"]
    assert secret not in rendered["exception"]


def test_rasa_traceback_renderers_are_replaced():
    from rasa.utils.log_utils import configure_structlog

    configure_structlog()
    startup._quiet_logs()
    processors = structlog.get_config()["processors"]
    assert processors[0] is startup.redact
    assert structlog.processors.dict_tracebacks not in processors
    assert startup.plain_traceback in processors


def test_rasa_warnings_about_a_payload_leave_the_message_out(capsys):
    import warnings

    startup._quiet_logs()
    secret = "-".join(["mijn", "naam"])
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning(
            UserWarning(f'Failed to parse arguments in line \'/inform{{"x": "{secret}"}}\''), UserWarning, "x.py", 1
        )
    assert secret not in capsys.readouterr().err
