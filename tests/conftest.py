import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def latest_model() -> Path:
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        pytest.fail("No trained model in models/: run `make train` first (make test does).")
    return models[-1]


@pytest.fixture(scope="session")
def agent():
    """The trained Rasa model, loaded once for the NLU tests."""
    from rasa.core.agent import Agent

    return Agent.load(str(latest_model()))
