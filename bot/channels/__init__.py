"""How people reach the bot: Rasa input channels of our own.

webchat.py   the website chat: widget (static/), demo page, history and deletion
rest.py      Rasa's REST channel with the same checks on what comes in
requests.py  those checks: JSON body, session/sender id, message length (pure)
"""
