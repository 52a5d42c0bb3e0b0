"""Reports: golden files of every format, what they say, safe names, charts, the command, ``reports/``.

Golden files are in ``tests/golden/`` (``fixtures/``: reports of the readouts in
``tests/fixtures/reports/``; ``archive/``: reports from an archive of them). After an intended
change, rewrite them and read the diff before committing:

    STANCE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_reports.py

The seed's reports in ``reports/`` are rewritten by ``.venv/bin/python -m stance.reports --seed``.
Charts (SVG, and inline in HTML) are compared byte for byte when the installed matplotlib is the
one named in ``charts-made-with.txt``, else by their text labels.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stance import pipeline
from stance.accounts import AccountsComparison, Claim, align_accounts
from stance.align import align_split
from stance.archive import Archive
from stance.charts import MatrixChart, TimelineChart, png, svg
from stance.cli import main
from stance.cli.report import Progress
from stance.compare import compare
from stance.errors import StanceError
from stance.model import Split
from stance.reports import (
    EXTENSIONS,
    REPORT_FORMATS,
    SEED_REPORTS,
    Document,
    Facts,
    Names,
    Section,
    Table,
    accounts_document,
    chart_library,
    file_stem,
    md,
    overview_document,
    readout_document,
    render,
    slug,
    timeline_document,
    write_report,
    write_seed_reports,
)
from stance.track import track

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "reports"
GOLDEN = HERE / "golden"
KENYA = FIXTURES / "mfa" / "2024-05-10_wang-yi-talks-with-kenyan-foreign-minister.txt"
XI = FIXTURES / "mfa" / "2024-09-05_xi-jinping-speaks-with-joe-biden.txt"
BIDEN = FIXTURES / "whitehouse" / "2024-09-04_biden-call-with-xi-jinping.txt"
ESCAPE = FIXTURES / "other" / "2024-02-01_escape-test.txt"
SEED = next((HERE.parent / "seeds").glob("*.txt"))
CORPUS = HERE.parent.parent / "shared" / "corpus"
UPDATE = os.environ.get("STANCE_UPDATE_GOLDEN") == "1"
VERSION_FILE = "charts-made-with.txt"


def _splits(*paths: Path) -> list[Split]:
    readouts = [r for r in pipeline.read_all(paths)]
    assert all(not isinstance(r, Exception) for r in readouts), readouts
    return [pipeline.split(r) for r in readouts]  # type: ignore[arg-type]


def _readout(path: Path) -> Document:
    return readout_document(pipeline.analyse(_splits(path)[0].readout))


def _accounts(a: Path, b: Path) -> AccountsComparison:
    sa, sb = _splits(a, b)
    return align_accounts(sa, sb)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """An archive of the report fixtures, added in a fixed order (ids 1..4)."""
    with Archive.open(tmp_path_factory.mktemp("archive") / "fixtures.sqlite3", seed=False) as a:
        for p in (KENYA, BIDEN, XI, ESCAPE):
            assert a.add_paths([p]).ok
        yield a


def fixture_documents() -> list[Document]:
    """Reports of the fixture readouts themselves (no archive)."""
    return [_readout(KENYA), accounts_document(_accounts(BIDEN, XI)), _readout(ESCAPE)]


def archive_documents(a: Archive) -> list[Document]:
    """Reports that need the archive: a readout with its compare section, the overview, timelines."""
    xi = a.find(XI.read_text(encoding="utf-8"))
    assert xi is not None
    al = a.alignment(xi)
    from stance.reports import archived_timeline_document

    return [readout_document(al, compare(a, al)), overview_document(a), archived_timeline_document(a, "China"),
            archived_timeline_document(a, "China", theme="trade")]


@pytest.fixture(scope="module")
def docs(archive: Archive) -> dict[str, list[Document]]:
    return {"fixtures": fixture_documents(), "archive": archive_documents(archive)}


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    return _readout(SEED)


# --------------------------------------------------------------------------------------------
# comparing trees of report files


def _labels(svg_text: str) -> str:
    return "\n".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg_text))


def portable(name: str, data: bytes) -> str:
    """What must not change with the matplotlib version: everything but the drawing of the charts."""
    text = data.decode("utf-8")
    if name.endswith(".svg"):
        return _labels(text)
    if name.endswith(".html"):
        return re.sub(r"<svg.*?</svg>", lambda m: _labels(m.group(0)), text, flags=re.S)
    return text


def assert_same_files(expected: Path, produced: Path, names: list[str], how: str) -> None:
    made_with = expected / VERSION_FILE
    strict = made_with.exists() and made_with.read_text(encoding="utf-8").strip() == chart_library()
    for name in names:
        want = expected / name
        assert want.exists(), f"{want} is missing; {how}"
        a, b = want.read_bytes(), (produced / name).read_bytes()
        if strict:
            assert a == b, f"{want} is out of date; {how}"
        else:
            assert portable(name, a) == portable(name, b), f"{want} is out of date; {how}"


# --------------------------------------------------------------------------------------------
# golden files, every format


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
@pytest.mark.parametrize("group", ["fixtures", "archive"])
def test_golden(docs: dict[str, list[Document]], group: str, fmt: str, tmp_path: Path) -> None:
    produced = [write_report(d, tmp_path, fmt) for d in docs[group]]
    names = sorted(p.name for p in tmp_path.iterdir())
    assert {p.name for p in produced} <= set(names)
    golden = GOLDEN / group
    if UPDATE:
        golden.mkdir(parents=True, exist_ok=True)
        for n in names:
            shutil.copyfile(tmp_path / n, golden / n)
        (golden / VERSION_FILE).write_text(chart_library() + "\n", encoding="utf-8")
    assert_same_files(golden, tmp_path, names, "after an intended change run STANCE_UPDATE_GOLDEN=1 pytest "
                      "tests/test_reports.py and check the diff")
    expected = sorted(p.name for p in golden.iterdir() if _format_of(p.name) == fmt)
    assert expected == names, f"other {fmt} files in {golden} than the reports: remove the stale ones"


def _format_of(name: str) -> str | None:
    """The report format a golden file belongs to (charts go with markdown)."""
    if name.endswith(".svg"):
        return "markdown"
    return next((f for f, ext in EXTENSIONS.items() if name.endswith(ext) and name != VERSION_FILE), None)


def test_every_report_is_deterministic(docs: dict[str, list[Document]], archive: Archive) -> None:
    again = {"fixtures": fixture_documents(), "archive": archive_documents(archive)}
    for group, ds in docs.items():
        for d1, d2 in zip(ds, again[group], strict=True):
            for fmt in REPORT_FORMATS:
                r1, r2 = render(d1, fmt), render(d2, fmt)
                assert r1.text == r2.text, (d1.name, fmt)
                assert r1.files == r2.files, (d1.name, fmt)


# --------------------------------------------------------------------------------------------
# what the reports say


def _section(text: str, title: str) -> str:
    """The lines of a text report from the heading ``title`` to the next heading of any level."""
    lines = text.split("\n")
    start = lines.index(title)
    end = next((i - 1 for i in range(start + 2, len(lines))
                if i + 1 < len(lines) and re.fullmatch(r"[-~]{3,}", lines[i + 1]) and lines[i]), len(lines))
    return "\n".join(lines[start + 2 : end])


def _rows(table: str, key: int = 0) -> list[list[str]]:
    """Rows of a tabulate ``simple`` table; a row starts at a line whose ``key`` cell is filled (a column
    that never wraps)."""
    lines = [x for x in table.split("\n") if x.strip()]
    rule = next(i for i, x in enumerate(lines) if re.fullmatch(r"[- ]+", x) and "-" in x)
    cols = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[rule])]
    rows: list[list[str]] = []
    for line in lines[rule + 1 :]:
        cells = [line[a : b + 1].strip() if i + 1 < len(cols) else line[a:].strip()
                 for i, (a, b) in enumerate(cols)]
        if cells[key] or not rows:
            rows.append(cells)
        else:
            rows[-1] = [f"{x} {y}".strip() for x, y in zip(rows[-1], cells, strict=True)]
    return rows


def _md_rows(text: str, heading: str) -> list[list[str]]:
    """Cells of the first markdown table under a heading (escapes undone)."""
    lines = text.split("\n")
    start = next(i for i, x in enumerate(lines) if re.fullmatch(r"#+ " + re.escape(heading), x))
    table = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            table.append(line)
    cells = [[re.sub(r"\\(.)", r"\1", c).strip() for c in re.split(r"(?<!\\)\|", x)[1:-1]] for x in table]
    return cells[2:]


def test_seed_text_report_names_shared_and_alone_themes_with_both_sides_words(seed_doc: Document) -> None:
    text = render(seed_doc, "text").text
    both = {r[0]: r for r in _rows(_section(text, "Themes both sides raise"), key=-1)}
    # Each side's words are the phrase that carries the theme, found in the text (not a fitted list).
    expect = {
        "trade": ("trade", "trade"),
        "tourism": ("cultural tourism", "tourism"),
        "subnational": ("subnational", "subnational"),
        "momentum": ("stable momentum", "positive momentum"),
    }
    for theme, (liu, breed) in expect.items():
        assert theme in both, f"{theme!r} not among the shared themes: {sorted(both)}"
        row = both[theme]
        assert liu in row[1], row
        assert breed in row[2], row
        assert row[3].startswith("shared"), row
    liu_only = {r[0]: r for r in _rows(_section(text, "Only Liu Jianchao"))}
    breed_only = {r[0]: r for r in _rows(_section(text, "Only London Nicole Breed"))}
    assert liu_only["investment"][2] == "investment"
    assert breed_only["climate and environment"][2] == "environmental protection"
    assert "investment" not in breed_only
    assert "climate and environment" not in liu_only
    # the header and the parties
    assert text.startswith("Liu Jianchao Meets with London Nicole Breed, Mayor of San Francisco\n")
    for fact in ("meeting date: 2024-04-19", "place:        Beijing", "publisher:    IDCPC"):
        assert fact in text
    parties = {r[1]: r for r in _rows(_section(text, "Parties"))}
    assert parties["Liu Jianchao"][0] == "principal"
    assert parties["Liu Jianchao"][4] == "China"
    assert "Mayor of San Francisco" in parties["London Nicole Breed"][2]


def test_seed_markdown_alignment_rows(seed_doc: Document) -> None:
    lines = render(seed_doc, "markdown").text.split("\n")
    row = next(x for x in lines if x.startswith("| tourism "))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[:4] == ["tourism", "cultural tourism", "tourism", "shared"]
    assert 0.0 < float(cells[4]) <= 1.0  # the score itself follows the model; not pinned here


def test_readout_report_sections_and_statements() -> None:
    text = render(_readout(KENYA), "text").text
    for heading in ("Parties", "What each side said", "Wang Yi (China)", "Amara Odhiambo (Kenya)",
                    "Framing (narrator)", "Themes both sides raise", "Themes only one side raises",
                    "Each side's stance per theme"):
        assert f"\n{heading}\n" in text, heading
    said = _rows(_section(text, "Wang Yi (China)"))
    cited = next(r for r in said if r[3].startswith("President Xi Jinping pointed out that"))
    assert cited[1] == "point out; cites Xi Jinping"
    assert "cooperation must bring tangible benefits" in cited[3]
    both = next(r for r in said if r[3].startswith("Both sides should deepen cooperation in trade"))
    assert both[2] == "should"
    stance = {r[0]: r for r in _rows(_section(text, "Each side's stance per theme"), key=-1)}
    assert stance["trade"][1:] == ["should", "hopes", "shared"]
    assert stance["investment"][1:] == ["-", "welcomes", "only"]


def test_compare_section_recurring_formula_with_first_seen(docs: dict[str, list[Document]]) -> None:
    text = render(docs["archive"][0], "text").text
    assert "\nAgainst the archive\n" in text
    rec = _rows(_section(text, "Recurring formulas"))
    assert len(rec) == 1
    assert rec[0][3] == "2024-05-10"
    assert rec[0][4] == "#1"
    assert rec[0][5].startswith("China is willing to work with the US to implement the important consensus")
    new = _rows(_section(text, "New wording"))
    assert any("Taiwan question is the first red line" in r[2] for r in new)
    data = json.loads(render(docs["archive"][0], "json").text)
    assert data["compare"]["readout_id"] == 3
    assert [w["recurring"] for w in data["compare"]["wordings"]].count(True) == 1


def test_accounts_report() -> None:
    doc = accounts_document(_accounts(BIDEN, XI))
    assert doc.name == "2024-09-04_accounts_joseph-r-biden_xi-jinping"
    text = render(doc, "text").text
    both = {r[0]: r for r in _rows(_section(text, "Reported by both"))}
    assert both["counternarcotics"][1] == "progress on counternarcotics cooperation; fentanyl precursors"
    assert "Taiwan question" in both["Taiwan"][2]
    only_wh = {r[0] for r in _rows(_section(text, "Only in whitehouse"))}
    only_mfa = {r[0] for r in _rows(_section(text, "Only in mfa"))}
    assert "human rights and democracy" in only_wh
    assert "Middle East" in only_mfa
    tone = _section(text, "How each account describes the talks")
    assert "only whitehouse: constructive" in tone
    assert "only mfa:        in-depth" in tone
    details = {(r[0], r[1]) for r in _rows(_section(text, "Numbers and dates in one account only"))}
    assert ("whitehouse", "2,000") in details
    assert ("mfa", "September 4") in details
    order = _rows(_section(text, "Order of the shared topics"))
    assert order[0] == ["1", "counternarcotics", "Taiwan"]


def test_unconfirmed_claims_are_listed() -> None:
    cm = _accounts(BIDEN, XI)
    text_b = cm.b.readout.text
    st = next(s for s in cm.b.statements if "does not seek a new Cold War" in s.span.of(text_b))
    cm = replace(cm, claims=(Claim(account=1, span=st.span, speaker="Joe Biden", confirmed=False),))
    text = render(accounts_document(cm), "text").text
    rows = _rows(_section(text, "Claims about the other side that it does not confirm"))
    assert rows[0][:2] == ["mfa", "Joe Biden"]
    assert "does not seek a new Cold War" in rows[0][2]
    assert "(none)" in _section(text, "Claims the other account confirms")


def test_overview_matrix_and_formulas(docs: dict[str, list[Document]]) -> None:
    doc = docs["archive"][1]
    text = render(doc, "text").text
    matrix = {r[0]: r for r in _rows(_section(text, "Themes x sides"), key=-1)}
    header = _section(text, "Themes x sides").split("\n")[3]
    assert header.split()[:2] == ["theme", "China"]
    assert matrix["trade"][1] == "2"
    assert matrix["trade"][-2:] == ["4", "2"]
    mfa = _rows(_section(text, "mfa"))
    assert mfa[0][:5] == ["2", "2", "2024-05-10", "#1", "principal"]
    data = json.loads(render(doc, "json").text)
    assert data["readouts"] == 4
    assert data["formulas"]["mfa"][0]["readouts"] == 2
    assert doc.charts()
    assert isinstance(doc.charts()[0], MatrixChart)


def test_timeline_report(docs: dict[str, list[Document]]) -> None:
    doc = docs["archive"][3]
    assert doc.name == "timeline_china_trade"
    text = render(doc, "text").text
    rows = _rows(_section(text, "trade: 2 readouts"))
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    # date, readout, who, stance, words
    assert rows[0][:5] == ["2024-05-10", "#1", "Wang Yi", "should", "deepen cooperation in trade"]
    chart = doc.charts()[0]
    assert isinstance(chart, TimelineChart)
    assert chart.points
    assert chart.months[0] == "2024-05"
    rows_csv = list(csv.reader(io.StringIO(render(doc, "csv").text)))
    assert rows_csv[0][:3] == ["theme", "date", "readout"]
    assert len(rows_csv) == 1 + len(doc.csv_rows)


def test_text_reports_fit_100_columns(docs: dict[str, list[Document]], seed_doc: Document) -> None:
    for d in [*docs["fixtures"], *docs["archive"], seed_doc]:
        for line in render(d, "text").text.split("\n"):
            assert len(line) <= 100, (d.name, line)


# --------------------------------------------------------------------------------------------
# readout text is data


class _Tags(HTMLParser):
    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        if "svg" in self.stack:  # matplotlib's drawing inside is not checked
            return
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if "svg" in self.stack and tag != "svg":
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def test_html_is_one_escaped_self_contained_file() -> None:
    html = render(_readout(ESCAPE), "html").text
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b>matter" not in html
    assert "&lt;b&gt;matter&lt;/b&gt;" in html
    assert "[a](javascript:alert(1))" in html  # shown as text, never a link
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:|javascript:|//)", html, re.I)
    assert "Content-Security-Policy" in html
    assert "default-src 'none'" in html
    parser = _Tags()
    parser.feed(html)
    assert parser.errors == []
    assert parser.stack == []
    assert parser.scripts == 0


def test_html_embeds_charts_inline(docs: dict[str, list[Document]]) -> None:
    html = render(docs["archive"][1], "html").text
    assert html.count("<svg") == 1
    assert "<?xml" not in html
    assert "<figcaption>" in html
    assert "China" in _labels(html)
    parser = _Tags()
    parser.feed(html)
    assert parser.errors == []
    assert parser.scripts == 0


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_escapes_pipes_newlines_and_markup() -> None:
    text = render(_readout(ESCAPE), "markdown").text
    assert "<script>" not in text
    assert "\\<script\\>" in text
    assert text.startswith("# Minister Ada Lovelace Meets with Mayor Bob Smith \\| \\<script\\>")
    assert "\\*Co\\*" in text
    assert "\\[a\\](javascript:alert(1))" in text
    assert "trade \\| investment \\<b\\>matter\\</b\\> \\& \"quotes\" and \\`code\\` are \\$5 billion" in text
    table: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.startswith("|"):
            table.append(line)
        elif table:
            assert len({_unescaped_pipes(x) for x in table}) == 1, table
            table = []


def test_markdown_cells_are_one_line() -> None:
    assert md("a\nb\r\nc\td | e") == "a b c d \\| e"
    assert md("snake_case _emph_ x\x1b[31m") == "snake_case \\_emph\\_ x\\[31m"


def test_text_and_csv_drop_control_characters_and_defuse_formulas() -> None:
    doc = Document(kind="readout", name="t", title="T\x1b[2J", facts=Facts((("key", "value\x07"),)),
                   sections=(), csv_headers=("a", "b"),
                   csv_rows=(("=HYPERLINK(\"x\")", "-12"), ("@cmd", "+x")))
    assert "\x1b" not in render(doc, "text").text
    rows = list(csv.reader(io.StringIO(render(doc, "csv").text)))
    assert rows[1:] == [["'=HYPERLINK(\"x\")", "-12"], ["'@cmd", "'+x"]]


def test_json_and_csv_forms() -> None:
    doc = _readout(KENYA)
    data = json.loads(render(doc, "json").text)
    assert data["report"] == "readout"
    assert data["title"] == doc.title
    assert data["readout"]["path"] == KENYA.name
    assert all(s["stance"]["label"] for s in data["statements"])
    assert {t["theme"] for t in data["themes"]} >= {"trade", "agriculture", "investment"}
    rows = list(csv.DictReader(io.StringIO(render(doc, "csv").text)))
    n_ev = sum(len(t["evidence"]) for t in data["themes"])
    assert len(rows) == len(data["statements"]) + n_ev
    first = rows[0]
    assert first["section"] == "statement"
    assert int(first["end"]) > int(first["start"])


# --------------------------------------------------------------------------------------------
# file names and where files go


def test_file_names_are_deterministic_and_sanitised() -> None:
    assert _readout(KENYA).name == "2024-05-09_wang-yi_amara-odhiambo"
    assert _readout(SEED).name == "2024-04-19_liu-jianchao_london-nicole-breed"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("Zelens'kyj, Volodymyr  Ø") == "zelens-kyj-volodymyr"
    assert re.fullmatch(r"x[0-9a-f]{8}", slug("习近平"))
    assert slug("习近平") == slug("习近平")
    assert slug("   ") == ""
    assert file_stem(None, "A/B", None, "C:\\D") == "undated_a-b_c-d"
    names = Names()
    assert [names(s) for s in ("a", "a", "b", "a-2", "a")] == ["a", "a-2", "b", "a-2-2", "a-3"]


def test_write_report_stays_in_the_folder(tmp_path: Path) -> None:
    doc = _readout(KENYA)
    out = tmp_path / "out"
    p = write_report(doc, out, "text", name="../../evil/..\\name")
    assert p.parent == out
    assert p.name == "evil-name.txt"
    evil = replace(doc, name="../escape")
    assert write_report(evil, out, "json").parent == out
    assert not (tmp_path / "escape.json").exists()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["out"]


def test_write_report_replaces_a_symlink_instead_of_following_it(tmp_path: Path) -> None:
    doc = _readout(KENYA)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{doc.name}.txt").symlink_to(outside)
    p = write_report(doc, out, "text")
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not p.is_symlink()
    assert p.read_text(encoding="utf-8").startswith(doc.title)
    assert [x.name for x in out.iterdir()] == [p.name]  # no temporary file left behind


def test_write_report_errors_say_the_fix(tmp_path: Path) -> None:
    doc = _readout(KENYA)
    with pytest.raises(StanceError, match="unknown report format 'pdf'; use one of text, markdown"):
        write_report(doc, tmp_path, "pdf")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StanceError, match="choose another --out folder"):
        write_report(doc, blocker, "text")


def test_markdown_writes_charts_beside_it(docs: dict[str, list[Document]], tmp_path: Path) -> None:
    p = write_report(docs["archive"][3], tmp_path, "markdown")
    text = p.read_text(encoding="utf-8")
    image = ("![China on trade: stance of each statement, readouts per month]"
             "(timeline_china_trade.timeline.svg)")
    assert image in text
    chart = tmp_path / "timeline_china_trade.timeline.svg"
    assert chart.read_text(encoding="utf-8").startswith("<?xml")


# --------------------------------------------------------------------------------------------
# charts


def test_charts_are_deterministic_and_keep_text() -> None:
    m = MatrixChart("m", "Themes x sides", ("trade", "a $5 <b>x</b>"), ("China", "Kenya", "both sides"),
                    ((3, 1, 1), (0, 2, 0)), gap_after=2)
    one, two = svg(m), svg(m)
    assert one == two
    assert "<dc:date>" not in one
    assert "Matplotlib v" not in one
    labels = _labels(one)
    assert "a $5 &lt;b&gt;x&lt;/b&gt;" in labels
    assert "Kenya" in labels
    assert "Themes x sides" in labels
    from datetime import date

    t = TimelineChart("t", "China on trade", ("2024-01", "2024-02"), (("trade", (1, 2)),),
                      ((date(2024, 1, 5), 0.6), (date(2024, 2, 9), -0.4)))
    assert png(t) == png(t)
    assert png(t).startswith(b"\x89PNG\r\n\x1a\n")
    assert svg(t) == svg(t)


def test_core_modules_do_not_import_matplotlib_until_a_chart_is_drawn() -> None:
    import subprocess
    import sys

    code = ("import sys, stance.reports, stance.cli.report, stance.charts\n"
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------------------------
# stance report


def test_cli_report_files_in_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(KENYA), "--out", str(tmp_path), "--format", "all"]) == 0
    printed = capsys.readouterr().out.split()
    stem = "2024-05-09_wang-yi_amara-odhiambo"
    assert printed == [str(tmp_path / f"{stem}{EXTENSIONS[f]}") for f in REPORT_FORMATS]
    assert (tmp_path / f"{stem}.txt").read_text(encoding="utf-8") == render(_readout(KENYA), "text").text


def test_cli_two_accounts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(BIDEN), str(XI), "--out", str(tmp_path)]) == 0
    written = capsys.readouterr().out.strip()
    assert written == str(tmp_path / "2024-09-04_accounts_joseph-r-biden_xi-jinping.txt")
    assert main(["report", str(BIDEN), str(XI), "--each", "--out", str(tmp_path / "each")]) == 0
    assert len(capsys.readouterr().out.split()) == 2


@pytest.mark.parametrize(("argv", "message"), [
    ([], "nothing to report: give readout files, --id N, --all, --overview, or --side S"),
    (["--theme", "trade"], "--theme and --since go with --side"),
    ([str(KENYA), "--all"], "give one of PATH, --id, --all, --overview, --side; got PATH and --all"),
    (["--all", "--each"], "--accounts and --each go with readout files"),
    ([str(KENYA), str(XI), str(BIDEN), "--accounts"],
     "--accounts compares exactly two readouts; 3 were read"),
])
def test_cli_errors_say_the_fix(argv: list[str], message: str, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", *argv, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stance: error: ")
    assert message in err


def test_cli_bad_input_is_reported_and_the_rest_written(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "missing.txt"), str(KENYA), "--out", str(tmp_path / "o")]) == 2
    out = capsys.readouterr()
    assert "missing.txt" in out.err
    assert out.out.strip().endswith(".txt")


def test_cli_archive_modes(archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = str(archive.path)
    assert main(["report", "--all", "--archive", a, "--out", str(tmp_path / "all"), "--format", "json"]) == 0
    summary = capsys.readouterr().out
    assert summary.startswith("wrote 4 readout reports, 1 two-account reports and the archive overview "
                              "(6 files")
    made = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert len(made) == 6
    assert "archive-overview.json" in made
    assert "2024-09-04_accounts_joseph-r-biden_xi-jinping.json" in made
    assert main(["report", "--side", "China", "--theme", "trade", "--archive", a,
                 "--out", str(tmp_path / "tl"), "--format", "markdown"]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in (tmp_path / "tl").iterdir()) == ["timeline_china_trade.md",
                                                                    "timeline_china_trade.timeline.svg"]
    assert main(["report", "--id", "1", "--id", "3", "--archive", a, "--out", str(tmp_path / "ids")]) == 0
    texts = [Path(p).read_text(encoding="utf-8") for p in capsys.readouterr().out.split()]
    assert len(texts) == 2
    assert all("\nAgainst the archive\n" in t for t in texts)
    assert main(["report", "--id", "99", "--archive", a, "--out", str(tmp_path / "x")]) == 2
    assert "no readout with id 99" in capsys.readouterr().err


def test_cli_readout_files_against_an_archive(archive: Archive, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(XI), "--archive", str(archive.path), "--out", str(tmp_path)]) == 0
    text = Path(capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    assert "archive id:   3" in text
    assert "Recurring formulas" in text


def test_progress_bar_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress(2, stream=stream)
        bar.step()
        bar.step()
    assert pipe.getvalue() == ""
    assert tty.getvalue().startswith("\rreports [###############...............] 1/2")
    assert "[##############################] 2/2" in tty.getvalue()
    assert tty.getvalue().endswith("\n")


# --------------------------------------------------------------------------------------------
# reports/ in the repository


def test_seed_reports_in_the_repository_are_up_to_date(tmp_path: Path) -> None:
    made = write_seed_reports(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert {p.name for p in made} <= set(names)
    have = sorted(p.name for p in SEED_REPORTS.iterdir()) if SEED_REPORTS.is_dir() else []
    how = "regenerate with: .venv/bin/python -m stance.reports --seed"
    assert have == names, f"reports/ holds other files than the seed's reports; {how}"
    assert_same_files(SEED_REPORTS, tmp_path, [n for n in names if n != VERSION_FILE], how)


def test_seed_reports_cover_every_format_with_charts() -> None:
    names = {p.name for p in SEED_REPORTS.iterdir()}
    stems = ("2024-04-19_liu-jianchao_london-nicole-breed", "archive-overview", "timeline_china")
    assert {s + EXTENSIONS[f] for s in stems for f in REPORT_FORMATS} <= names
    assert {"archive-overview.matrix.svg", "timeline_china.timeline.svg", "README.md"} <= names
    readme = (SEED_REPORTS / "README.md").read_text(encoding="utf-8")
    assert "python -m stance.reports --seed" in readme


# --------------------------------------------------------------------------------------------
# the corpus (skipped when ../shared/corpus is not there)


@pytest.mark.corpus
def test_corpus_two_accounts_report(tmp_path: Path) -> None:
    a = CORPUS / "ukraine" / "2022-01-28_zelenskyy-call-with-the-president-of-the-united-states-since-the.txt"
    b = CORPUS / "whitehouse" / "2022-01-27_biden-call-with-president-zelenskyy-of-ukraine.txt"
    if not (a.exists() and b.exists()):
        pytest.skip("../shared/corpus is not there")
    doc = accounts_document(_accounts(a, b))
    text = render(doc, "markdown").text
    both = {r[0]: r for r in _md_rows(text, "Reported by both")}
    assert {"sovereignty and territorial integrity", "support for Ukraine"} <= set(both)
    assert both["sovereignty and territorial integrity"][2] == "Ukraine’s sovereignty and territorial integrity"
    only = {r[0] for r in _md_rows(text, "Only in ukraine")}
    assert only  # the Ukrainian account reports a topic the White House does not
    assert not only & set(both)
    html = render(doc, "html").text
    assert "Readout of President Biden’s Call with President Zelenskyy of Ukraine" in html


def test_empty_tables_say_so_in_every_format() -> None:
    doc = Document(kind="readout", name="t", title="T", facts=Facts((("key", "value"),)),
                   sections=(Section("Nothing here", (Table(("a", "b"), (), empty="(nothing found)"),)),))
    assert "Nothing here\n------------\n  (nothing found)" in render(doc, "text").text
    assert "## Nothing here\n\n(nothing found)" in render(doc, "markdown").text
    assert '<p class="empty">(nothing found)</p>' in render(doc, "html").text


def test_cli_and_tests_analyse_one_readout_alike() -> None:
    sp = _splits(KENYA)[0]
    assert align_split(sp) == pipeline.analyse(sp.readout)


def test_readout_and_timeline_reports_explain_their_words(tmp_path: Path) -> None:
    """A legend: statuses, the score and cosine, recurring formulas, every stance word of the lexicon."""
    from stance.modality import lexicon

    labels = {c.label for c in lexicon()[0]}
    with Archive.open(tmp_path / "a.sqlite3", seed=True) as archive:
        rid = archive.rows()[0].id
        from stance.reports import archived_readout_document

        docs = [archived_readout_document(archive, rid), timeline_document(track(archive, "China"))]
        for doc in docs:
            text = render(doc, "text").text
            legend = text.split("How to read this report", 1)[1]
            for word in ("shared", "differ", "joint", "only", "score", "cosine", "recurring formula"):
                assert word in legend
            for label in labels:
                assert re.search(rf"^{re.escape(label)} ", legend, re.M), label
            html = render(doc, "html").text
            assert "How to read this report" in html
        from stance.reports import archived_timeline_document

        text = render(archived_timeline_document(archive, "China"), "text").text
        assert re.search(r"^date +id +who +stance +words", text, re.M)
        assert "Liu Jianchao" in text


def test_a_long_timeline_says_what_its_text_report_leaves_out() -> None:
    from datetime import date

    from stance.model import Span
    from stance.reports.timeline import ENTRIES_SHOWN, THEMES_SHOWN
    from stance.track import ThemeLine, Timeline, TrackEntry

    def entry(theme: str, k: int) -> TrackEntry:
        return TrackEntry(theme=theme, published=date(2024, 1 + k % 12, 1), readout_id=k + 1, title=f"Readout {k}",
                          party="p1", stance="supports", strength=0.7, span=Span(0, 5), statement=0, text="trade")

    n_themes, n_entries = THEMES_SHOWN + 2, ENTRIES_SHOWN + 5
    lines = tuple(ThemeLine(theme=f"theme {i:02d}", entries=tuple(entry(f"theme {i:02d}", k) for k in range(n_entries)),
                            months=(("2024-01", 1),)) for i in range(n_themes))
    tl = Timeline(side="Norland", theme=None, since=None, readouts=n_entries, months=(("2024-01", 1),), themes=lines,
                  phrases=())
    text = render(timeline_document(tl), "text").text
    assert f"The latest {ENTRIES_SHOWN} of {n_entries} statements" in text
    assert f"Statements are listed for the {THEMES_SHOWN} most raised themes; the 2 other themes" in text
    data = json.loads(render(timeline_document(tl), "json").text)
    assert sum(len(t["entries"]) for t in data["themes"]) == n_themes * n_entries
