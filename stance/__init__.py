"""stance: who said what in diplomatic meeting readouts, and where the two sides meet or differ."""

__version__ = "0.1.0"
