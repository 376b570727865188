"""rasa-sdk custom actions, split by feature. They stay thin: read slots, call bot/, send."""
