"""Readers: every input form gives one Readout whose spans point at the right words."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from stance.errors import ReadError
from stance.model import Readout, Span
from stance.read import (
    decode,
    format_of,
    guess_kind,
    iter_paths,
    paragraphs,
    parse_date,
    parse_dateline,
    parse_front_matter,
    parse_text,
    read_file,
    read_records,
)

FIXTURES = Path(__file__).parent / "fixtures" / "read"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
NBSP = "\u00a0"

GLUED = (
    "Liu Jianchao Meets with Mayor Paul Varga of Eastport\n"
    f"{NBSP}( 2024.04.23 )\n"
    "\n"
    f"Beijing, April 19thLiu Jianchao, Minister of the International Department of the CPC Central "
    f"Committee{NBSP}(IDCPC), met here today with Mayor Paul Varga of Eastport.{NBSP}\n"
    "\n"
    f"Liu said, the Chinese side is ready to work with Eastport.{NBSP}Both sides should expand exchanges "
    "in trade and culture.\n"
    "\n"
    "Varga said that Eastport hopes to open more direct flights.\n"
)


def paras(r: Readout) -> list[str]:
    """The text of each paragraph span."""
    return [p.of(r.text) for p in r.paragraphs]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    """A file in ``tmp_path`` with exactly these bytes (text is written as UTF-8, line ends untouched)."""
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def one(path: Path) -> Readout:
    """The single readout of a document file."""
    [readout] = read_file(path)
    return readout


# ---------------------------------------------------------------------------------------------
# plain text


def test_seed_style_glued_dateline(tmp_path: Path) -> None:
    r = one(write(tmp_path, "glued.txt", GLUED))
    assert r.title == "Liu Jianchao Meets with Mayor Paul Varga of Eastport"
    assert r.published == date(2024, 4, 23)
    assert r.meeting_date == date(2024, 4, 19)
    assert r.place == "Beijing"
    assert r.kind == "meeting"
    assert r.source == "IDCPC"
    assert r.warnings == ()
    assert paras(r) == [
        "Beijing, April 19thLiu Jianchao, Minister of the International Department of the CPC Central "
        f"Committee{NBSP}(IDCPC), met here today with Mayor Paul Varga of Eastport.",
        f"Liu said, the Chinese side is ready to work with Eastport.{NBSP}Both sides should expand exchanges "
        "in trade and culture.",
        "Varga said that Eastport hopes to open more direct flights.",
    ]
    assert r.body_text.startswith("Beijing, April 19th")
    assert r.body_text.endswith("direct flights.")


def test_idcpc_fixture_with_non_breaking_spaces() -> None:
    r = one(FIXTURES / "idcpc_glued.txt")
    assert (r.published, r.meeting_date, r.place, r.source) == (
        date(2024, 3, 12),
        date(2024, 3, 8),
        "Beijing",
        "IDCPC",
    )
    assert len(r.paragraphs) == 4
    assert paras(r)[0].endswith("led by its Speaker Anna Moreau.")  # trailing NBSP trimmed
    assert f"safeguard{NBSP}the sound" in paras(r)[1]  # NBSP inside a sentence kept: offsets stay exact
    assert paras(r)[-1] == "Sun Haiyan, Vice-minister of the IDCPC, was present."


def test_dateline_month_after_publication_is_previous_year() -> None:
    r = one(FIXTURES / "mfa_december.txt")
    assert r.published == date(2024, 1, 5)
    assert r.meeting_date == date(2023, 12, 28)
    assert r.place == "Beijing"
    assert r.source == "mfa"


@pytest.mark.parametrize(
    ("lead", "place", "when", "used"),
    [
        ("Beijing, April 19thLiu Jianchao met", "Beijing", date(2024, 4, 19), len("Beijing, April 19th")),
        (
            "Munich, Germany, February 17 \u2014 The Vice President met",
            "Munich, Germany",
            date(2024, 2, 17),
            len("Munich, Germany, February 17 \u2014 "),
        ),
        (
            "WASHINGTON, May 3, 2022 -- Secretary Blinken",
            "WASHINGTON",
            date(2022, 5, 3),
            len("WASHINGTON, May 3, 2022 -- "),
        ),
        (f"Beijing,{NBSP}April{NBSP}2ndWang Yi", "Beijing", date(2024, 4, 2), len("Beijing, April 2nd")),
        ("On Wednesday, September 7, 2022, Jake Sullivan met", None, None, 0),
        ("Liu said, the two sides", None, None, 0),
    ],
)
def test_parse_dateline(lead: str, place: str | None, when: date | None, used: int) -> None:
    text = "xx\n" + lead
    got = parse_dateline(text, Span(3, len(text)), date(2024, 4, 23))
    assert got == (place, when, used)


def test_meeting_date_from_on_weekday_lead(tmp_path: Path) -> None:
    text = (
        "Readout of National Security Advisor’s Meeting with Foreign Minister Lund of Norland\n"
        "( 2023.11.29 )\n\n"
        "On Tuesday, November 28, National Security Advisor Jake Sullivan met with Foreign Minister "
        "Erik Lund "
        "of Norland at the White House. They discussed maritime security.\n"
    )
    r = one(write(tmp_path, "on.txt", text))
    assert r.meeting_date == date(2023, 11, 28)
    assert r.place == "White House"
    assert r.kind == "meeting"


def test_run_together_paragraphs_stay_one_block() -> None:
    r = one(FIXTURES / "kremlin_run_together.txt")
    assert r.kind == "call"
    assert len(r.paragraphs) == 1
    assert r.paragraphs[0] == r.body
    assert paras(r)[0].startswith("Vladimir Putin had a telephone conversation")
    assert paras(r)[0].endswith("The presidents agreed to maintain contact.")


def test_long_lines_without_blank_lines_are_paragraphs(tmp_path: Path) -> None:
    one_line = "The Secretary and the Foreign Minister discussed regional security and trade. " * 3
    line = one_line.strip()
    text = f"Secretary’s Call with Foreign Minister Lund\n( 2023.02.01 )\n\n{line}\n{line}\n"
    r = one(write(tmp_path, "lines.txt", text))
    assert paras(r) == [one_line.strip(), one_line.strip()]


def test_hard_wrapped_lines_are_one_paragraph(tmp_path: Path) -> None:
    text = (
        "Call with Prime Minister Lund\n( 2023.02.01 )\n\nThe President spoke today with\nPrime Minister "
        f"Lund.\n{NBSP}\nThey agreed to\nstay in touch.\n"
    )
    r = one(write(tmp_path, "wrapped.txt", text))
    assert paras(r) == [
        "The President spoke today with\nPrime Minister Lund.",
        "They agreed to\nstay in touch.",
    ]


def test_attribution_lead_line() -> None:
    r = one(FIXTURES / "state_attributable.txt")
    assert paras(r)[0] == "The below is attributable to Spokesperson Ned Price:"  # LRM mark trimmed
    assert paras(r)[1].startswith("Secretary of State Antony J. Blinken met today")
    assert r.kind == "meeting"
    assert r.place == "New York"
    assert r.source == "state"


def test_attribution_glued_to_lead(tmp_path: Path) -> None:
    text = (
        "Secretary Blinken’s Call with Norland Foreign Minister Lund\n( 2024.02.02 )\n\nThe following is "
        "attributable to Spokesperson Matthew Miller: Secretary Blinken spoke today with Norland Foreign "
        "Minister Erik Lund. The Secretary welcomed Norland’s support.\n"
    )
    r = one(write(tmp_path, "glued_attr.txt", text))
    assert r.kind == "call"
    assert r.source == "state"
    assert len(r.paragraphs) == 1


def test_no_date_line_warns(tmp_path: Path) -> None:
    r = one(
        write(tmp_path, "nodate.txt", "Talks with President of Norland\n\nThe talks were held in Oslo.\n")
    )
    assert r.title == "Talks with President of Norland"
    assert r.published is None
    assert any("date line" in w for w in r.warnings)
    assert paras(r) == ["The talks were held in Oslo."]


def test_no_title_line(tmp_path: Path) -> None:
    text = (
        "President Biden spoke today with Prime Minister Lund of Norland about energy security, trade, the "
        "situation in the region and many other matters of shared concern to both governments.\n\nThey "
        "agreed to stay in touch.\n"
    )
    r = one(write(tmp_path, "notitle.txt", text))
    assert r.title == ""
    assert len(r.paragraphs) == 2
    assert any("no title" in w for w in r.warnings)


def test_bare_date_line_and_unwrapped_body_without_blank_line(tmp_path: Path) -> None:
    body = (
        "Prime Minister Erik Lund received the delegation and discussed trade, energy and transport links. "
        * 2
    )
    r = one(write(tmp_path, "bare.txt", f"Lund Meets Delegation\nApril 3, 2024\n{body.strip()}\n"))
    assert (r.title, r.published, paras(r)) == ("Lund Meets Delegation", date(2024, 4, 3), [body.strip()])
    r = one(write(tmp_path, "nodate.txt", f"Lund Meets Delegation\n{body.strip()}\n"))
    assert (r.title, r.published, paras(r)) == ("Lund Meets Delegation", None, [body.strip()])


def test_source_from_folder_and_from_lead(tmp_path: Path) -> None:
    (tmp_path / "kremlin").mkdir()
    assert one(write(tmp_path, "kremlin/a.txt", GLUED)).source == "kremlin"  # the folder wins
    us = (
        "Secretary Blinken’s Meeting with IDCPC Minister Liu\n( 2024.01.12 )\n\nSecretary Blinken met today "
        "with Liu Jianchao, Minister of the International Department of the CPC Central Committee (IDCPC).\n"
    )
    assert (
        one(write(tmp_path, "us.txt", us)).source is None
    )  # IDCPC is the counterpart here, not the publisher
    xinhua = (
        "Xi meets Peruvian president\n( 2025.06.03 )\n\nBEIJING, June 3 (Xinhua) -- Chinese President Xi Jinping "
        "met with Peruvian President Rosa Quispe at the Great Hall of the People on Tuesday.\n"
    )
    r = one(write(tmp_path, "xh.txt", xinhua))
    assert r.source == "xinhua"  # the agency's own dateline
    (tmp_path / "xinhua").mkdir()
    assert one(write(tmp_path, "xinhua/b.txt", xinhua.replace(" (Xinhua)", ""))).source == "xinhua"
    from stance import pipeline

    pr, co = pipeline.split(r).parties
    assert (pr.name, pr.side, co.side) == ("Xi Jinping", "China", "Peru")


def test_paragraphs_treat_nbsp_and_cr_lines_as_blank() -> None:
    text = f"one\r\n{NBSP}\r\ntwo\r\n \t\r\nthree"
    spans = paragraphs(text, Span(0, len(text)))
    assert [s.of(text) for s in spans] == ["one", "two", "three"]


@pytest.mark.parametrize(
    ("title", "lead", "kind"),
    [
        ("Readout of President Biden’s Call with Prime Minister Lund", "", "call"),
        ("Telephone conversation with President of Norland", "Following a videoconference, ...", "call"),
        ("Talks with President of Norland", "The talks were held via videoconference.", "video call"),
        ("Talks with President of Norland", "The talks took place in the Kremlin.", "talks"),
        ("Wang Yi Meets with Foreign Minister Lund", "", "meeting"),
        ("Readout of President Biden’s Virtual Meeting with Prime Minister Lund", "", "video call"),
        ("Statement on Norland", "The Secretary spoke with Foreign Minister Lund.", "call"),
        ("Statement on Norland", "The President received Prime Minister Lund.", "meeting"),
        ("Statement on Norland", "The weather was fine.", "unknown"),
    ],
)
def test_guess_kind(title: str, lead: str, kind: str) -> None:
    assert guess_kind(title, lead) == kind


# ---------------------------------------------------------------------------------------------
# encodings


@pytest.mark.parametrize(
    ("name", "encode", "encoding"),
    [
        ("utf8.txt", lambda s: s.encode("utf-8"), "utf-8"),
        ("bom.txt", lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), "utf-8-sig"),
        ("le.txt", lambda s: b"\xff\xfe" + s.encode("utf-16-le"), "utf-16-le"),
        ("be.txt", lambda s: b"\xfe\xff" + s.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings_give_the_same_readout(tmp_path: Path, name: str, encode: object, encoding: str) -> None:
    assert callable(encode)
    r = one(write(tmp_path, name, encode(GLUED)))
    assert r.encoding == encoding
    assert r.warnings == ()
    assert r.text == GLUED
    assert (r.published, r.meeting_date, r.place) == (date(2024, 4, 23), date(2024, 4, 19), "Beijing")


def test_crlf_offsets_refer_to_decoded_text(tmp_path: Path) -> None:
    crlf = GLUED.replace("\n", "\r\n")
    r = one(write(tmp_path, "crlf.txt", crlf))
    assert r.text == crlf  # line ends kept
    assert r.published == date(2024, 4, 23)
    assert r.meeting_date == date(2024, 4, 19)
    assert paras(r)[2] == "Varga said that Eastport hopes to open more direct flights."
    assert all("\r" not in p and "\n" not in p for p in paras(r))
    assert r.title == "Liu Jianchao Meets with Mayor Paul Varga of Eastport"


def test_utf16_bom_with_crlf(tmp_path: Path) -> None:
    crlf = GLUED.replace("\n", "\r\n")
    r = one(write(tmp_path, "u16.txt", crlf.encode("utf-16")))
    assert r.text == crlf
    assert paras(r)[1].startswith("Liu said, the Chinese side")


def test_utf16_without_bom_is_decoded_with_warning(tmp_path: Path) -> None:
    r = one(write(tmp_path, "nobom.txt", GLUED.encode("utf-16-le")))
    assert r.encoding == "utf-16-le"
    assert r.text == GLUED
    assert any("byte order mark" in w for w in r.warnings)


def test_cp1252_fallback_warns_and_keeps_characters(tmp_path: Path) -> None:
    text = GLUED.replace("Varga said", "Varga, at the caf\u00e9, said \u201cwelcome\u201d and said")
    r = one(write(tmp_path, "cp.txt", text.encode("cp1252")))
    assert r.encoding == "cp1252"
    assert r.text == text  # nothing mangled
    assert len(r.warnings) == 1
    assert "not valid UTF-8" in r.warnings[0]
    assert "cp1252" in r.warnings[0]
    assert "caf\u00e9" in paras(r)[2]


def test_decode_reports_undefined_cp1252_bytes() -> None:
    text, enc, warnings = decode(b"Caf\xe9 \x81 talks", "x.txt")
    assert enc == "cp1252"
    assert text == "Caf\u00e9 \ufffd talks"
    assert "U+FFFD" in warnings[0]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"Title\n\x00\x01\x02binary\x00", "binary file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 40 + b" some words", "binary file"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, data: bytes, words: str) -> None:
    path = write(tmp_path, "blob.txt", data)
    with pytest.raises(ReadError, match=words) as info:
        read_file(path)
    assert str(path) in str(info.value)
    assert "binary file" in str(info.value)


# ---------------------------------------------------------------------------------------------
# errors and paths


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file"),
        (b"\xef\xbb\xbf", "empty file"),
        ("\u00a0\n".encode(), "empty file"),
    ],
)
def test_empty_files(tmp_path: Path, data: bytes, words: str) -> None:
    path = write(tmp_path, "empty.txt", data)
    with pytest.raises(ReadError, match=words) as info:
        read_file(path)
    assert info.value.path == str(path)


def test_title_without_body(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no body"):
        read_file(write(tmp_path, "t.txt", "A Title\n( 2024.01.02 )\n"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file") as info:
        read_file(tmp_path / "absent.txt")
    assert "absent.txt" in str(info.value)


def test_folder_given_to_read_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="is a folder"):
        read_file(tmp_path)


def test_folder_without_readouts(tmp_path: Path) -> None:
    write(tmp_path, "notes.py", "print(1)")
    write(tmp_path, "README.md", "# About")
    with pytest.raises(ReadError, match="folder holds no readouts") as info:
        list(iter_paths([tmp_path]))
    assert str(tmp_path) in str(info.value)


def test_iter_paths_picks_readouts_by_suffix(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "sub/c.html",
        "sub/d.jsonl",
        "e.csv",
        "f.json",
        "plain",
        "g.htm",
        "h.markdown",
        "i.text",
        "skip.py",
        "README.md",
        ".hidden.txt",
        ".git/HEAD",
        "__pycache__/x",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path, name, "x")
    got = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])]
    assert got == [
        "a.md",
        "b.txt",
        "e.csv",
        "f.json",
        "g.htm",
        "h.markdown",
        "i.text",
        "plain",
        "sub/c.html",
        "sub/d.jsonl",
    ]
    assert list(iter_paths([tmp_path / "skip.py"])) == [tmp_path / "skip.py"]  # a named file passes


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("a.TEXT", "text"),
        ("a", "text"),
        ("a.md", "markdown"),
        ("a.markdown", "markdown"),
        ("a.html", "html"),
        ("a.HTM", "html"),
        ("a.json", "records"),
        ("a.jsonl", "records"),
        ("a.csv", "records"),
    ],
)
def test_format_of(name: str, fmt: str) -> None:
    assert format_of(name) == fmt


def test_read_file_dispatches_by_suffix(tmp_path: Path) -> None:
    md = (FIXTURES / "mfa_wang_yi.md").read_bytes()
    html = (FIXTURES / "whitehouse_page.html").read_bytes()
    assert one(write(tmp_path, "x.markdown", md)).url is not None  # front matter read
    assert one(write(tmp_path, "x.htm", html)).title.startswith("Readout of President Biden")
    assert one(write(tmp_path, "page", html)).title.startswith("Readout of President Biden")  # sniffed
    assert one(write(tmp_path, "plain", GLUED)).place == "Beijing"
    assert one(write(tmp_path, "x.text", GLUED)).place == "Beijing"


# ---------------------------------------------------------------------------------------------
# Markdown


def test_markdown_front_matter() -> None:
    path = FIXTURES / "mfa_wang_yi.md"
    r = one(path)
    raw = path.read_text(encoding="utf-8")
    assert r.text == raw  # offsets refer to the whole file
    assert r.title == "Wang Yi Holds Talks with Foreign Minister of Valdora Tomas Ibarra"
    assert r.published == date(2024, 5, 16)
    assert r.meeting_date == date(2024, 5, 15)
    assert r.url == "https://www.fmprc.gov.cn/eng/example/202405/t20240516_000000.html"
    assert r.source == "mfa"
    assert r.kind == "talks"
    assert r.place == "Beijing"
    assert r.body.start > raw.index("---\n\n")  # front matter is not body
    assert paras(r)[1] == (
        "Wang Yi said, the Chinese side is ready to work with Valdora to **deepen political "
        "mutual trust** and to carry out *practical cooperation*."
    )
    assert paras(r)[-1] == "Both sides should strengthen coordination in multilateral affairs."
    assert r.warnings == ()


def test_markdown_heading_gives_title_and_headings_are_not_paragraphs(tmp_path: Path) -> None:
    text = (
        "---\r\ndate: '2024-04-23'\r\nsource: 'IDCPC'\r\n---\r\n\r\n# Liu Jianchao Meets with Mayor Varga\r\n"
        "\r\nBeijing, April 19thLiu Jianchao met with Mayor Paul Varga.\r\n\r\n## Background\r\nVarga said "
        "that Eastport **welcomes** visitors.\r\n"
    )
    r = one(write(tmp_path, "h.md", text))
    assert r.title == "Liu Jianchao Meets with Mayor Varga"
    assert (r.published, r.meeting_date, r.place, r.source) == (
        date(2024, 4, 23),
        date(2024, 4, 19),
        "Beijing",
        "IDCPC",
    )
    assert paras(r) == [
        "Beijing, April 19thLiu Jianchao met with Mayor Paul Varga.",
        "Varga said that Eastport **welcomes** visitors.",
    ]


def test_markdown_without_front_matter(tmp_path: Path) -> None:
    text = "# Wang Yi Meets with Mayor Varga\n\n*April 23, 2024*\n\nWang Yi met with Mayor Paul Varga.\n"
    r = one(write(tmp_path, "plain.md", text))
    assert r.title == "Wang Yi Meets with Mayor Varga"
    assert r.published == date(2024, 4, 23)
    assert paras(r) == ["Wang Yi met with Mayor Paul Varga."]


def test_front_matter_subset() -> None:
    text = (
        "---\ntitle: \"Talks with \\\"Norland\\\"\"\nheadline: 'It''s fine'\nsummary: >\n  two\n  lines\n"
        "tags:\n  - a\ndate: 2024-01-02 # a comment\n---\nbody\n"
    )
    parsed = parse_front_matter(text)
    assert parsed is not None
    meta, end = parsed
    assert meta == {
        "title": 'Talks with "Norland"',
        "headline": "It's fine",
        "summary": "two lines",
        "date": "2024-01-02",
    }
    assert text[end:] == "body\n"
    assert parse_front_matter("no front matter\n") is None


def test_markdown_front_matter_never_closed(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="closing '---'") as info:
        read_file(write(tmp_path, "open.md", "---\ntitle: x\n\nBody text.\n"))
    assert "open.md" in str(info.value)


def test_markdown_front_matter_without_title_or_date_warns(tmp_path: Path) -> None:
    r = one(write(tmp_path, "bare.md", "---\nsource: kremlin\n---\nVladimir Putin met with the President.\n"))
    assert r.title == ""
    assert r.source == "kremlin"
    assert any("title" in w for w in r.warnings)
    assert any("date" in w for w in r.warnings)


# ---------------------------------------------------------------------------------------------
# HTML


def test_html_government_page_main_text_only() -> None:
    r = one(FIXTURES / "mfa_page.html")
    assert r.title == "Wang Yi Meets with Foreign Minister of Valdora Tomas Ibarra"
    assert r.published == date(2024, 5, 16)
    assert r.text.startswith(f"{r.title}\n( 2024.05.16 )\n\n")
    assert paras(r) == [
        "On May 16, 2024, Wang Yi, Member of the Political Bureau of the CPC Central Committee and Foreign "
        "Minister, met with Foreign Minister of Valdora Tomas Ibarra in Beijing.",
        "Wang Yi said, China and Valdora are good friends and partners. The Chinese side appreciates "
        "Valdora\u2019s commitment to the one-China principle and stands ready to deepen cooperation in "
        "trade "
        "& investment.",
        "Tomas Ibarra said that Valdora looks forward to \u201ca new chapter\u201d of bilateral relations.",
        "Both sides should strengthen communication on international affairs.",
    ]
    for junk in ("Home", "Copyright", "not text", "font-family", "Hidden tracking", "Share", "Updated"):
        assert junk not in r.text
    assert (r.meeting_date, r.place, r.kind, r.source) == (date(2024, 5, 16), "Beijing", "meeting", "mfa")


def test_html_article_page() -> None:
    r = one(FIXTURES / "whitehouse_page.html")
    assert (
        r.title == "Readout of President Biden\u2019s Call with President Sorin of Valdora"
    )  # &nbsp; -> space
    assert r.published == date(2023, 4, 18)
    assert r.url == "https://www.whitehouse.gov/briefing-room/statements-releases/2023/04/18/readout-example/"
    assert r.source == "whitehouse"
    assert r.kind == "call"
    assert len(r.paragraphs) == 2
    assert paras(r)[0].startswith("President Joseph R. Biden, Jr. spoke today")
    for junk in (
        "Skip to content",
        "Administration",
        "Related",
        "earlier call",
        "Pennsylvania",
        "Briefing Room",
    ):
        assert junk not in r.text
    assert r.body == Span(r.paragraphs[0].start, r.paragraphs[-1].end)


def test_html_without_hints_uses_block_with_most_paragraphs(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Talks with President of Norland - Official site</title></head><body>"
        "<div><p>Menu</p><p>Home</p></div><div><div>Published March 3, 2022</div>"
        "<p>Vladimir Putin held talks with President of Norland Erik Lund.</p>"
        "<p>The talks focused on trade &amp; energy.</p></div><div><p>Contacts</p></div></body></html>"
    )
    r = one(write(tmp_path, "p.html", page))
    assert r.title == "Talks with President of Norland"
    assert r.published == date(2022, 3, 3)
    assert paras(r) == [
        "Vladimir Putin held talks with President of Norland Erik Lund.",
        "The talks focused on trade & energy.",
    ]
    assert r.kind == "talks"


def test_html_declared_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>Wang Yi Meets Norland Guests</title></head><body><article>"
        "<h1>Wang Yi Meets Norland Guests</h1>"
        "<p>2024-01-02</p><p>\u738b\u6bc5\u4f1a\u89c1\u632a\u5170\u5ba2\u4eba\u3002Wang Yi met the "
        "guests.</p></article></body></html>"
    )
    r = one(write(tmp_path, "gb.html", page.encode("gb2312")))
    assert r.encoding == "gb18030"
    assert r.warnings == ()
    assert r.published == date(2024, 1, 2)
    assert paras(r) == ["\u738b\u6bc5\u4f1a\u89c1\u632a\u5170\u5ba2\u4eba\u3002Wang Yi met the guests."]


def test_html_deeply_nested_unclosed_tags(tmp_path: Path) -> None:
    page = "<html><body><article><h1>Talks with Lund</h1>" + "<div><font>" * 600 + "<p>They held talks.</p>"
    r = one(write(tmp_path, "deep.html", page + "</article></body></html>"))
    assert (r.title, paras(r)) == ("Talks with Lund", ["They held talks."])


def test_html_without_main_text(tmp_path: Path) -> None:
    page = "<html><head><title>x</title><script>var a = 1;</script></head><body><nav>Home</nav></body></html>"
    with pytest.raises(ReadError, match="no main text") as info:
        read_file(write(tmp_path, "empty.html", page))
    assert "empty.html" in str(info.value)


# ---------------------------------------------------------------------------------------------
# records


def test_jsonl_records() -> None:
    path = FIXTURES / "records.jsonl"
    rs = read_file(path)
    assert [r.path for r in rs] == [f"{path}#1", f"{path}#2"]
    first, second = rs
    content = json.loads(path.read_text(encoding="utf-8").splitlines()[0])["content"]
    assert first.text == content  # offsets refer to the content field
    assert (
        paras(first)[1]
        == "Wang Yi said, the Chinese side is willing to keep close communication with Valdora."
    )
    assert (first.title, first.published, first.kind, first.source) == (
        "Wang Yi Speaks with Foreign Minister of Valdora on the Phone",
        date(2024, 2, 3),
        "call",
        "mfa",
    )
    assert first.meeting_date == date(2024, 2, 2)
    assert first.url == "https://www.fmprc.gov.cn/eng/example/t1.html"
    assert (second.meeting_date, second.place, second.source) == (date(2024, 2, 9), "Beijing", "IDCPC")


def test_csv_records_keep_crlf_inside_fields() -> None:
    path = FIXTURES / "records.csv"
    first, second = read_file(path)
    assert "\r\n\r\n" in first.text
    assert paras(first) == [
        "President Joseph R. Biden, Jr. spoke today with President Elena Sorin of Valdora.",
        "The leaders discussed energy security, and President Biden reaffirmed U.S. support for Valdora.",
    ]
    assert (first.source, first.kind, first.published) == ("whitehouse", "call", date(2023, 4, 18))
    assert second.published == date(2023, 4, 20)
    assert second.text.endswith('"the shared values of our two democracies."')
    assert (second.kind, second.place, second.url) == ("meeting", "White House", None)
    assert second.path == f"{path}#2"


def test_json_list_with_synonyms_and_paragraph_list() -> None:
    [r] = read_file(FIXTURES / "records.json")
    assert r.title == "Talks with President of Valdora Elena Sorin"
    assert r.published == date(2023, 6, 20)
    assert r.source == "kremlin"  # from the link's host
    assert paras(r) == [
        "Vladimir Putin held talks with President of Valdora Elena Sorin in the Kremlin.",
        "The talks began in a restricted format and continued with the participation of the delegations.",
    ]


def test_json_single_object_and_wrapper(tmp_path: Path) -> None:
    obj = {"Title": "Call with Prime Minister Lund", "Publish Time": 1700000000000, "Text": "They spoke."}
    [r] = read_file(write(tmp_path, "one.json", json.dumps(obj)))
    assert (r.title, r.published, r.text) == (
        "Call with Prime Minister Lund",
        date(2023, 11, 14),
        "They spoke.",
    )
    wrapped = {"count": 2, "items": [obj, dict(obj, Text="Again.")]}
    rs = read_file(write(tmp_path, "wrapped.json", json.dumps(wrapped)))
    assert [r.text for r in rs] == ["They spoke.", "Again."]


def test_csv_semicolon_delimiter(tmp_path: Path) -> None:
    data = "headline;pubdate;body\nTalks with Lund;02.03.2022;They held talks in Oslo.\n"
    [r] = read_file(write(tmp_path, "semi.csv", data))
    assert (r.title, r.text, r.kind) == ("Talks with Lund", "They held talks in Oslo.", "talks")
    assert r.published is None  # 02.03.2022 is ambiguous: not guessed
    assert any("not a date" in w for w in r.warnings)


BAD_JSONL = "\n".join(
    [
        json.dumps({"title": "Call one", "date": "2024-01-01", "content": "They spoke."}),
        json.dumps({"title": "Call two", "date": "2024-01-02", "content": "They spoke again."}),
        json.dumps({"title": "Call three", "date": "2024-01-03", "summary": "no text here"}),
        "",
        json.dumps({"title": "Call four", "date": "2024-01-04", "body": "Fourth."}),
    ]
)


def test_record_without_content_fails_read_file(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.jsonl", BAD_JSONL)
    with pytest.raises(ReadError) as info:
        read_file(path)
    message = str(info.value)
    assert str(path) in message
    assert "record 3 has no content field (looked for: content, text, body" in message
    assert "1 of 4 records is bad" in message


def test_read_records_keeps_good_records_in_place(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.jsonl", BAD_JSONL)
    items = list(read_records(path))
    assert [type(i).__name__ for i in items] == ["Readout", "Readout", "ReadError", "Readout"]
    good = [i for i in items if isinstance(i, Readout)]
    assert [r.path for r in good] == [f"{path}#1", f"{path}#2", f"{path}#4"]
    assert "record 3 has no content field" in str(items[2])


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("a.jsonl", '{"content": "ok"}\n{"content": \n', "record 2 (line 2) is not valid JSON"),
        ("b.jsonl", '{"content": "ok"}\n["x"]\n', "record 2 (line 2) is a JSON list, not an object"),
        ("c.json", '[{"content": "ok"}, {"content": "  "}]', "record 2 has an empty 'content' field"),
        ("d.json", '[{"content": "ok"}, {"content": 5}]', "record 2: field 'content' is int, not text"),
        ("e.json", '{"content": "ok",', "not valid JSON"),
        ("f.json", "[]", "no records"),
        ("g.json", '"just a string"', "expected an object or a list of objects"),
        ("h.csv", "title,date\nA,2024-01-01\n", "in any of its 1 record, as in an index"),
    ],
)
def test_bad_record_files(tmp_path: Path, name: str, data: str, words: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(ReadError, match=words.replace("(", r"\(").replace(")", r"\)")) as info:
        read_file(path)
    assert str(path) in str(info.value)


def test_read_records_yields_file_errors(tmp_path: Path) -> None:
    [item] = list(read_records(tmp_path / "gone.jsonl"))
    assert isinstance(item, ReadError)
    assert "no such file" in str(item)
    [readout] = list(read_records(FIXTURES / "kremlin_run_together.txt"))
    assert isinstance(readout, Readout)


def test_records_with_crlf_and_bom(tmp_path: Path) -> None:
    lines = [json.dumps({"title": "Call", "date": "2024-01-01", "content": "Line one.\r\n\r\nLine two."})] * 2
    data = b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n"
    rs = read_file(write(tmp_path, "crlf.jsonl", data))
    assert len(rs) == 2
    assert paras(rs[1]) == ["Line one.", "Line two."]
    assert rs[1].encoding == "utf-8-sig"


# ---------------------------------------------------------------------------------------------
# dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-04-23", date(2024, 4, 23)),
        ("2024.04.23", date(2024, 4, 23)),
        ("2024/4/3 10:00", date(2024, 4, 3)),
        ("2024-04-23T10:00:00+08:00", date(2024, 4, 23)),
        ("April 23, 2024", date(2024, 4, 23)),
        ("Sept. 3 2021", date(2021, 9, 3)),
        ("23 April 2024", date(2024, 4, 23)),
        ("2024\u5e744\u670823\u65e5", date(2024, 4, 23)),
        ("2024-02-30", None),
        ("next Tuesday", None),
    ],
)
def test_parse_date(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_parse_text_directly() -> None:
    r = parse_text(GLUED, path="memory")
    assert (r.path, r.meeting_date) == ("memory", date(2024, 4, 19))
    with pytest.raises(ReadError, match="empty"):
        parse_text(f" \n{NBSP}\n")


# ---------------------------------------------------------------------------------------------
# the corpus


@pytest.mark.corpus
def test_every_corpus_file_reads() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    files = sorted(CORPUS.glob("*/*.txt"))
    assert files, f"no */*.txt files under {CORPUS}"
    for path in files:
        [r] = read_file(path)
        assert r.title, path
        assert r.published is not None, path
        assert r.paragraphs, path
        assert r.source == path.parent.name, path
        for span in r.paragraphs:
            text = span.of(r.text)
            assert text == text.strip(), path
            assert r.body.contains(span), path


def test_iter_paths_keeps_path_order_across_folders(tmp_path: Path) -> None:
    """Folders and files interleave as sorted paths do ('a/x.txt' before 'a-b.txt' before 'b/')."""
    for name in ["b/z.txt", "a-b.txt", "a/y/x.txt", "a/x.txt", "a.txt", "B.txt", "a/y.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path, name, "x")
    got = list(iter_paths([tmp_path]))
    assert got == sorted(tmp_path.rglob("*.txt"))


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="FIFO"):  # would block forever if it were opened for reading
        read_file(fifo)
    (item,) = list(read_records(fifo))
    assert isinstance(item, ReadError)
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    write(tmp_path / "in", "a.txt", "x")
    assert [p.name for p in iter_paths([tmp_path / "in"])] == ["a.txt"]  # a folder walk skips it


def test_size_limit_per_readout_and_per_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANCE_MAX_SIZE", "2k")
    big = write(tmp_path, "big.txt", GLUED * 10)
    with pytest.raises(ReadError, match="larger than the limit of 2 kB"):
        read_file(big)
    records = write(tmp_path, "r.jsonl", json.dumps({"title": "T", "text": GLUED * 10}) + "\n"
                    + json.dumps({"title": "U", "text": GLUED}) + "\n")
    got = list(read_records(records))
    assert isinstance(got[0], ReadError)
    assert "more than the limit" in str(got[0])
    assert got[1].text == GLUED  # type: ignore[union-attr]
    monkeypatch.setenv("STANCE_MAX_SIZE", "1M")
    assert read_file(big)[0].title


def test_bad_size_setting_is_a_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANCE_MAX_SIZE", "lots")
    with pytest.raises(ReadError, match="STANCE_MAX_SIZE"):
        read_file(write(tmp_path, "a.txt", GLUED))


def test_a_lone_title_line_is_not_a_readout(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="only a title line"):
        read_file(write(tmp_path, "t.txt", "Liu Jianchao Meets with Mayor Paul Varga\n"))
    one = "Beijing, April 19 -- Liu Jianchao met Mayor Paul Varga of Eastport. Liu said trade matters.\n"
    assert read_file(write(tmp_path, "one.txt", one))[0].text == one  # a one-line body still reads
