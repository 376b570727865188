import os

import pytest

from bot.servers import ROOT, latest_model

SHARED = ROOT.parent / "shared"
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture(scope="session")
def agent():
    """The trained Rasa model, loaded once for the NLU tests."""
    from rasa.core.agent import Agent

    try:
        model = latest_model()
    except FileNotFoundError as missing:
        pytest.fail(str(missing))
    return Agent.load(str(model))
