"""The words a readout reader meets in stance's output, explained once: used by the reports'
"How to read this report" section and the TUI's help screen."""

from __future__ import annotations

from stance.reports.document import Paragraph, Section, Table

STATUSES: tuple[tuple[str, str], ...] = (
    ("shared", "both sides raise the theme, each in its own words, with stances that do not pull apart"),
    ("differ", "both sides raise the theme but their stances pull apart (one welcomes what the other opposes)"),
    ("joint", "the two sides raise it together, in a joint statement only (\"The leaders discussed trade\")"),
    ("only", "one side raises it, the other does not"),
)
"""Each theme status and what it means."""

MEASURES: tuple[tuple[str, str], ...] = (
    ("(+joint)", "the theme is also raised in a joint statement"),
    ("score", "how closely the two sides match on a theme, 0 to 1: mostly the share of words in common between "
              "their words for it (fuzzy), partly the TF-IDF cosine of their two statements; 1.00 for a theme "
              "one side or a joint statement raises"),
    ("cosine", "how alike two whole readouts are, 0 to 1 (TF-IDF cosine of their words)"),
    ("recurring formula", "a statement whose wording (or one at least 85% alike) stands in earlier readouts of "
                          "the same publisher; \"(100% alike)\" is how alike the closest earlier wording is"),
    ("new wording", "no earlier readout of the publisher has this statement's wording"),
)
"""The numbers and marks, and what they measure."""


def stance_words() -> tuple[tuple[str, str], ...]:
    """Each stance word of the lexicon (``stance/data/modality.toml``), from opposing to committing."""
    from stance.modality import lexicon

    cues, _ = lexicon()
    strength: dict[str, float] = {}
    examples: dict[str, list[str]] = {}
    for c in cues:
        strength.setdefault(c.label, c.strength)
        seen = examples.setdefault(c.label, [])
        if not any(w[:5] == c.words[:5] for w in seen):  # "looks forward", not also "looked forward"
            seen.append(c.words)
    out = []
    for label in sorted(strength, key=lambda k: (strength[k], k)):
        ex = ", ".join(f'"{w}"' for w in examples[label][:3])
        out.append((label, f"strength {strength[label]:+.2f}; from words like {ex}"))
    return tuple(out)


STANCE = ("A stance is the firmest stance word in what a party said (its strength, -1 to +1, is negative "
          "for opposition or concern, positive for support or commitment, 0 for a plain report); the words "
          "are listed in stance/data/modality.toml.")


def legend_section() -> Section:
    """"How to read this report": the statuses, the measures and the stance words."""
    return Section("How to read this report", (
        Table(("status", "means"), STATUSES, (10, 86)),
        Table(("mark", "means"), MEASURES, (18, 78)),
        Paragraph(STANCE),
        Table(("stance", "means"), stance_words(), (18, 78)),
    ))
