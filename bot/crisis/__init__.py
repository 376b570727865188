"""Crisis safety: the detector that decides, on every message, whether it calls for 113/112
and which reply fits. Its own data (data/crisis/), patterns (knowledge/crisis.yml) and
evaluation (make eval). The Rasa NLU component bot/nlu/crisis_detector.py only adapts it."""

from bot.crisis.detector import NONE, TIERS, CrisisDetector, Verdict, detector

__all__ = ["NONE", "TIERS", "CrisisDetector", "Verdict", "detector"]
