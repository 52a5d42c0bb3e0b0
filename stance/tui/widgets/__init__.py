"""Widgets of the stance UI; they post messages from :mod:`stance.tui.messages`, screens act."""
