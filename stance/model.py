"""The domain types of stance: small, frozen, and free of behaviour beyond derived views.

Every label that stance derives keeps a :class:`Span` into the decoded source text, so that
``readout.text[span.start:span.end]`` shows the words the label stands on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Role = Literal["principal", "counterpart"]
"""Which side a party is on: the publishing government's official, or the other side."""

Kind = Literal["meeting", "call", "video call", "talks", "unknown"]
"""What sort of contact the readout reports."""

JOINT = "joint"
"""Statement party id for what both sides said or did together."""

NARRATOR = "narrator"
"""Statement party id for framing: who met whom, where, who was present."""


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into a readout's decoded text."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        """The words this span covers in ``text``."""
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return min(self.end, other.end) > max(self.start, other.start)

    def contains(self, other: Span) -> bool:
        """True when ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Readout:
    """One published readout, decoded, with what its header and dateline say."""

    text: str
    """The decoded text; every offset in stance refers to it (for records: the content field)."""
    title: str
    """The headline, as published."""
    body: Span
    """Where the body (after title and date lines) starts and ends."""
    paragraphs: tuple[Span, ...]
    """Body paragraphs, in order, whitespace-trimmed."""
    published: date | None = None
    """Publication date from the header line or record field."""
    meeting_date: date | None = None
    """Date of the meeting from the dateline ("Beijing, April 19th" + publication year)."""
    place: str | None = None
    """Place from the dateline, or from "met ... in Brussels"."""
    kind: Kind = "unknown"
    """Meeting, call, video call or talks, from title and lead."""
    source: str | None = None
    """Publisher when known (e.g. "whitehouse", "kremlin", "IDCPC")."""
    path: str | None = None
    """File the readout came from (with ``#N`` for the N-th record of a record file)."""
    url: str | None = None
    """Source address when the input carried one."""
    encoding: str = "utf-8"
    """How the bytes were decoded."""
    warnings: tuple[str, ...] = ()
    """What the reader had to guess or repair, in words a user can act on."""

    @property
    def body_text(self) -> str:
        """The body, without header lines."""
        return self.body.of(self.text)


@dataclass(frozen=True, slots=True)
class Party:
    """One side of the meeting: a person, or a delegation kept together."""

    id: str
    """Stable id within one readout: ``p1`` (principal) or ``p2`` (counterpart)."""
    role: Role
    """Principal (publishing government's official) or counterpart."""
    name: str
    """Full name of the leading person, e.g. "London Nicole Breed"."""
    title: str | None = None
    """Office, e.g. "Mayor of San Francisco"."""
    organisation: str | None = None
    """Body the office belongs to, e.g. "IDCPC"."""
    side: str | None = None
    """Country or organisation the party speaks for, e.g. "China", "United States"."""
    members: tuple[str, ...] = ()
    """Further people on this side (delegations), full names."""
    aliases: tuple[str, ...] = ()
    """Every form by which the text refers to this side as a speaker."""
    notes: tuple[str, ...] = ()
    """Where the tool is unsure about this party (a guessed side, a name read from a title, ...)."""


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence or clause with who said it."""

    party: str
    """A party id, :data:`JOINT` or :data:`NARRATOR`."""
    span: Span
    """The words of the statement in the readout text."""
    cue: str | None = None
    """The reporting verb that attributes it ("said", "pointed out"), lemma form."""
    cue_span: Span | None = None
    """Where the cue stands."""
    speaker_span: Span | None = None
    """Where the speaker is named, when the sentence names one."""
    cited: str | None = None
    """A third person whose words the party relays ("President Xi Jinping pointed out")."""
    confidence: float = 1.0
    """How sure the attribution is, 0..1."""
    reason: str = ""
    """Which rule decided the label, for users checking a surprising one."""
    paragraph: int = 0
    """Index of the paragraph the statement sits in."""


@dataclass(frozen=True, slots=True)
class Split:
    """A readout divided into who said what."""

    readout: Readout
    """The source."""
    parties: tuple[Party, ...]
    """Principal first, then counterpart; empty when none could be found."""
    statements: tuple[Statement, ...]
    """In text order, not overlapping, covering every body sentence."""
    notes: tuple[str, ...] = ()
    """Why something could not be found (e.g. no parties)."""

    def party(self, pid: str) -> Party | None:
        """The party with this id, if any."""
        return next((p for p in self.parties if p.id == pid), None)


Polarity = Literal["positive", "negative", "neutral"]


@dataclass(frozen=True, slots=True)
class Stance:
    """How a statement positions its speaker: a graded label with the words it rests on."""

    label: str
    """E.g. "firmly opposes", "urges", "hopes", "welcomes", "informs"."""
    strength: float
    """Signed grade: negative for opposition or concern, positive for support; |x| <= 1."""
    polarity: Polarity
    """The sign of ``strength`` in words."""
    cue_span: Span | None = None
    """Where the stance word stands."""
    negated: bool = False
    """True when a negation ("not", "no longer") turned it."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """The words on one side that name a theme."""

    party: str
    """Party id, or :data:`JOINT` for a joint statement."""
    span: Span
    """The words naming the theme."""
    statement: int
    """Index of the statement in :attr:`Split.statements`."""
    stance: Stance | None = None
    """The stance of that statement."""


ThemeStatus = Literal["shared", "differ", "joint", "only"]


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme the two sides raise, with its status and evidence."""

    name: str
    """Vocabulary theme name, or a salient phrase when outside the vocabulary."""
    status: ThemeStatus
    """Both raise it alike, both raise it but differ, or one side alone."""
    evidence: tuple[Evidence, ...]
    """The words on each side; a joint statement counts for both."""
    score: float = 1.0
    """How strong the match is, 0..1."""
    basis: str = ""
    """What produced the match (vocabulary, shared terms, fuzzy score)."""
    joint: bool = False
    """True when the theme rests on a joint statement."""


@dataclass(frozen=True, slots=True)
class Alignment:
    """One readout's themes, aligned across the two sides."""

    split: Split
    """The attributed readout."""
    themes: tuple[Theme, ...] = field(default_factory=tuple)
    """Shared and differing themes first, then one-sided ones, deterministic order."""
