"""rasa-sdk custom actions: action_dialogue (dialogue.py) runs a turn of bot/dialogue and sends it."""
