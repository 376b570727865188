"""How people reach the bot: Rasa input channels of our own.

webchat.py      the website chat channel: static.py (widget, stylesheets, demo pages) and
                webchat_api.py (session, history, message, delete)
rest.py         Rasa's REST channel with the same checks on what comes in
common.py       what every request of both goes through: origin, body, agent, one turn
                with its personal data masked (bot/privacy.py)
requests.py     the checks: JSON body, sender and session ids, message text (pure)
security.py     allowed origins and the headers of pages and answers
history.py      stored events -> the messages the widget shows
intake.py       the professional's intake record pages
beheer.py       the dashboard for the organisation that runs the bot (/beheer/, bot/insight/)
"""
