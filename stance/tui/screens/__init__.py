"""Screens of the stance UI: archive, readout, compare, two accounts, timeline, help."""
