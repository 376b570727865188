"""Insight for the organisation that runs the bot (docs/INSIGHT.md): feedback on answers,
anonymous statistics from the tracker store, the review list of what the bot did not understand,
and the charts of the dashboard (/beheer/) and of `make report`."""
