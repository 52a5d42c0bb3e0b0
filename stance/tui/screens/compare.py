"""Compare (placeholder until stance.compare lands)."""
