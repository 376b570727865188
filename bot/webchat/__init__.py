"""The website chat: a Rasa input channel (channel.py) that also serves a small widget of
our own (static/), the demo page, the conversation history and its deletion."""
