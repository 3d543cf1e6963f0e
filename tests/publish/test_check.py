"""The confidentiality check: another client's names, raw authors, tracebacks, code, local paths."""

from __future__ import annotations

import json

import nbformat
import pytest
from clientfolders import write_client, xlsx_bytes
from nbconvert import HTMLExporter

from socialworkbook import cli
from socialworkbook.intake.pseudonym import pseudonym, read_salt
from socialworkbook.lab.notebook import escape_text
from socialworkbook.publish import check, export
from socialworkbook.runfolder import Status, TemplateRecord

ALPHA_ECOSYSTEM = (
    "component_id,name,component_type,continuum_stage\n"
    "fb,Facebook page,social_media_profile,mass_market\n"
    "forum,Alpha Trail Forum,customer_community,community\n"
)
BETA_ECOSYSTEM = (
    "component_id,name,component_type,continuum_stage\n"
    "fb,Facebook page,social_media_profile,mass_market\n"
    "hub,Beta Community Hub,customer_community,community\n"
    "x,X,social_media_profile,mass_market\n"
)
MENTIONS = (
    "mention_id,published_at,text,author\n"
    "m1,2026-07-01,Love it,@alice_walks\n"
    "m2,2026-07-02,Meh,Bob Example\n"
    "m3,2026-07-03,Short,@al\n"
)


@pytest.fixture
def root(tmp_path):
    data = tmp_path / "client_data"
    write_client(
        data,
        "alpha",
        files={
            "client.yaml": "name: Alpha Outdoor\nperiod: 2026-Q3\n",
            "ecosystem.csv": ALPHA_ECOSYSTEM,
            "mentions.csv": MENTIONS,
        },
    )
    write_client(
        data,
        "beta",
        files={
            "client.yaml": "name: Beta Bank\nperiod: 2026-Q3\n",
            "ecosystem.csv": BETA_ECOSYSTEM,
        },
    )
    from socialworkbook.intake.folder import read_client

    read_client("alpha", data_root=data)  # creates the salt, as a run does
    return data


def _nb(*markdown: str, outputs=()) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Report\nThe question.")]
    for text in markdown:
        nb.cells.append(nbformat.v4.new_markdown_cell(text))
    if outputs:
        cell = nbformat.v4.new_code_cell("x = 1")
        cell.outputs = list(outputs)
        nb.cells.append(cell)
    return nb


def _run_folder(tmp_path, *reports: tuple[str, str], client="alpha"):
    folder = tmp_path / "out" / client / "2026-Q3"
    folder.mkdir(parents=True)
    (folder / "run.json").write_text(json.dumps({"client": client}))
    for name, html in reports:
        (folder / name).write_text(html)
    return folder


def _html(*markdown: str, outputs=()) -> str:
    return export.notebook_to_html(
        _nb(*markdown, outputs=outputs),
        provenance={"client_name": "Alpha Outdoor", "period": "2026-Q3", "template": "01_x"},
    )


def _said(text: str) -> nbformat.NotebookNode:
    """A `Workbook.say` output showing client text (escaped, as the library does)."""
    return nbformat.v4.new_output(
        "display_data", data={"text/markdown": escape_text(text), "text/plain": ""}
    )


def _kinds(leaks) -> list[str]:
    return sorted(leak.kind for leak in leaks)


def test_clean_report_passes(root, tmp_path):
    folder = _run_folder(
        tmp_path,
        (
            "01_x.html",
            _html("## 1. Components", outputs=[_said("Alpha Trail Forum and Facebook page")]),
        ),
    )
    assert check.check_run_folder(folder, data_root=root) == []


def test_another_clients_name_is_found_and_located(root, tmp_path):
    folder = _run_folder(
        tmp_path,
        ("01_x.html", _html("## 2. Voices", outputs=[_said("Better than beta bank, honestly")])),
    )
    (leak,) = check.check_run_folder(folder, data_root=root)
    assert (leak.file, leak.kind, leak.section) == (
        "01_x.html",
        "another client's data",
        "2. Voices",
    )
    assert "the name of client 'beta'" in leak.found and "beta bank" in leak.found
    lines = (folder / "01_x.html").read_text().splitlines()
    assert "Better than beta bank" in lines[leak.line - 1]
    assert str(leak).startswith(f"01_x.html, line {leak.line}: another client's data")
    assert "beta" not in leak.summary.lower()  # the summary is stored in this client's run.json


def test_another_clients_component_name_is_found(root, tmp_path):
    folder = _run_folder(
        tmp_path, ("02_y.html", _html(outputs=[_said("Post in the Beta Community Hub")]))
    )
    (leak,) = check.check_run_folder(folder, data_root=root)
    assert "a component name of client 'beta'" in leak.found


def test_names_this_client_shares_or_short_names_are_not_leaks(root, tmp_path):
    # beta also has a "Facebook page" (alpha's own too) and a component called "X"
    folder = _run_folder(tmp_path, ("01_x.html", _html("X marks the Facebook page of Alpha.")))
    assert check.check_run_folder(folder, data_root=root) == []


def test_raw_author_is_found_but_never_quoted(root, tmp_path):
    folder = _run_folder(
        tmp_path,
        ("01_x.html", _html(outputs=[_said("cc @alice_walks"), _said("signed BOB EXAMPLE")])),
    )
    leaks = check.check_run_folder(folder, data_root=root)
    assert _kinds(leaks) == ["a raw author value"] * 2
    salt = read_salt(root / "alpha")
    text = "\n".join(str(leak) for leak in leaks)
    assert "mentions row 2" in text and pseudonym("@alice_walks", salt) in text
    assert "mentions row 3" in text and pseudonym("Bob Example", salt) in text
    assert "alice" not in text.lower() and "bob" not in text.lower()


def test_pseudonyms_and_words_inside_other_words_pass(root, tmp_path):
    salt = read_salt(root / "alpha")
    shown = f"author {pseudonym('@alice_walks', salt)}; xbob example; @alice_walksabout; al"
    folder = _run_folder(tmp_path, ("01_x.html", _html(outputs=[_said(shown)])))
    assert check.check_run_folder(folder, data_root=root) == []


def test_authors_are_read_from_the_workbook_too(tmp_path):
    data = tmp_path / "client_data"
    write_client(
        data,
        "gamma",
        files={
            "inputs.xlsx": xlsx_bytes(
                {
                    "mentions": [
                        ["mention_id", "published_at", "text", "author"],
                        ["m1", "2026-07-01", "hi", "Carla Sheet"],
                    ]
                }
            )
        },
    )
    folder = _run_folder(tmp_path, ("01_x.html", _html("Thanks, Carla Sheet!")), client="gamma")
    (leak,) = check.check_run_folder(folder, data_root=data)
    assert leak.kind == "a raw author value" and "mentions row 2 (xlsx" in leak.found


def test_traceback_and_stderr_are_found(root, tmp_path):
    stdout = nbformat.v4.new_output(
        "stream", name="stdout", text='Traceback (most recent call last):\n  File "x.py", line 3\n'
    )
    raw = HTMLExporter(template_name="lab").from_notebook_node(
        _nb(
            outputs=[
                nbformat.v4.new_output("stream", name="stderr", text="warned\n"),
                nbformat.v4.new_output("error", ename="E", evalue="v", traceback=["E: v"]),
            ]
        )
    )[0]
    folder = _run_folder(tmp_path, ("01_x.html", _html(outputs=[stdout])), ("02_y.html", raw))
    leaks = check.check_run_folder(folder, data_root=root)
    assert {(leak.file, leak.kind) for leak in leaks} >= {
        ("01_x.html", "a traceback"),
        ("02_y.html", "a traceback"),
    }
    assert any("stderr or error output" in leak.found for leak in leaks if leak.file == "02_y.html")


def test_code_is_found(root, tmp_path):
    with_code = HTMLExporter(template_name="lab").from_notebook_node(_nb("text"))[0]
    folder = _run_folder(tmp_path, ("01_x.html", with_code))
    kinds = {leak.kind for leak in check.check_run_folder(folder, data_root=root)}
    assert "code" in kinds
    assert "not self-contained" in kinds  # JupyterLab's page loads require.js and MathJax


@pytest.mark.parametrize(
    "text",
    [
        "/home/anna/clients/alpha/posts.csv",
        "see /Users/anna/Desktop/x.xlsx",
        r"C:\Users\anna\alpha\inputs.xlsx",
        "file:///srv/data/x.csv",
        "~/clients/alpha",
    ],
)
def test_local_paths_are_found(root, tmp_path, text):
    folder = _run_folder(tmp_path, ("01_x.html", _html(outputs=[_said(text)])))
    assert _kinds(check.check_run_folder(folder, data_root=root)) == ["a local path"]


def test_the_data_root_anywhere_is_a_local_path(tmp_path):
    data = tmp_path / "unusual-root-name" / "clients"
    write_client(data, "alpha")
    folder = _run_folder(tmp_path, ("01_x.html", _html(outputs=[_said(f"read {data}/alpha")])))
    assert _kinds(check.check_run_folder(folder, data_root=data)) == ["a local path"]


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/home/x/y",
        "client_data/alpha/mentions.csv",
        "r/AlphaOutdoor",
        "24/7 help",
    ],
)
def test_urls_and_relative_names_are_not_local_paths(root, tmp_path, text):
    folder = _run_folder(tmp_path, ("01_x.html", _html(outputs=[_said(text)])))
    assert check.check_run_folder(folder, data_root=root) == []


def test_external_resources_and_size(root, tmp_path, monkeypatch):
    page = _html("ok").replace(
        "</body>",
        '<img src="https://tracker.example/p.gif">'
        '<link rel="stylesheet" href="//cdn.example/x.css"></body>',
    )
    folder = _run_folder(tmp_path, ("01_x.html", page))
    leaks = check.check_run_folder(folder, data_root=root)
    assert [leak.kind for leak in leaks] == ["not self-contained"] * 2
    monkeypatch.setattr(check, "MAX_REPORT_BYTES", 1000)
    assert "too large to send" in _kinds(check.check_run_folder(folder, data_root=root))


def test_unreadable_mentions_fail_closed(root, tmp_path):
    (root / "alpha" / "mentions.csv").write_bytes(b'mention_id,text\n"m1,unclosed\n')
    folder = _run_folder(tmp_path, ("01_x.html", _html("fine")))
    (leak,) = check.check_run_folder(folder, data_root=root)
    assert leak.kind == "not checked"


def test_gate_holds_back_a_failing_report(root, tmp_path):
    folder = _run_folder(
        tmp_path,
        ("01_x.html", _html(outputs=[_said("Beta Bank says hi")])),
        ("02_y.html", _html("all fine")),
    )
    records = {name: TemplateRecord(Status.SUCCEEDED, name) for name in ("01_x", "02_y")}
    leaks = check.gate_reports(folder, records, data_root=root)
    assert len(leaks) == 1
    assert not (folder / "01_x.html").exists() and (folder / "01_x.html.blocked").exists()
    assert (folder / "02_y.html").exists()
    assert records["02_y"] == TemplateRecord(Status.SUCCEEDED, "02_y")
    assert records["01_x"].status == "failed"
    assert records["01_x"].error["ename"] == "ConfidentialityError"
    assert "01_x.html" in records["01_x"].error["evalue"]
    assert "beta" not in records["01_x"].error["evalue"].lower()
    # the blocked copy still counts for `check`; a clean re-export replaces it
    assert len(check.check_run_folder(folder, data_root=root)) == 1
    (folder / "01_x.html").write_text(_html("fixed"))
    records = {"01_x": TemplateRecord(Status.SUCCEEDED, "01_x")}
    assert check.gate_reports(folder, records, data_root=root) == []
    assert not (folder / "01_x.html.blocked").exists() and records["01_x"].status == "succeeded"


def test_gate_checks_the_reports_written_and_all_when_the_names_changed(
    root, tmp_path, monkeypatch
):
    fine, other = _html("fine"), _html("all fine")
    folder = _run_folder(tmp_path, ("01_x.html", fine), ("02_y.html", other))
    records = {name: TemplateRecord(Status.SUCCEEDED, name) for name in ("01_x", "02_y")}
    checked = []
    real = check.check_report
    monkeypatch.setattr(
        check, "check_report", lambda data, name, s: checked.append(name) or real(data, name, s)
    )

    def gate(written=(), names=None):
        checked.clear()
        names = names or check.names_digest(root)
        return check.gate_reports(
            folder, records, data_root=root, written=set(written), names=names
        )

    assert gate() == [] and checked == ["01_x.html", "02_y.html"]  # never checked before
    assert gate() == [] and checked == []
    (folder / "01_x.html").write_text(fine)  # touched: a new time and inode, the same digest
    assert gate() == [] and checked == []
    assert gate(written=["01_x"]) == [] and checked == []  # written anew, identical: passed
    (folder / "02_y.html").write_text(_html("Beta Bank says hi"))
    assert len(gate(written=["02_y"])) == 1 and checked == ["02_y.html"]
    assert (folder / "02_y.html.blocked").exists() and records["02_y"].status == "failed"
    assert records["01_x"].status == "succeeded"
    (folder / "01_x.html").write_text(_html("Gamma Goods"))  # not a client's name yet
    assert gate(written=["01_x"]) == [] and checked == ["01_x.html"]
    write_client(root, "gamma", files={"client.yaml": "name: Gamma Goods\nperiod: 2026-Q3\n"})
    assert len(gate()) == 1 and checked == ["01_x.html"]  # a new client: checked again
    assert records["01_x"].status == "failed"


def test_cli_check_exit_status(root, tmp_path, capsys):
    clean = _run_folder(tmp_path, ("01_x.html", _html("fine")))
    assert cli.main(["check", str(clean), "--data-root", str(root)]) == 0
    assert capsys.readouterr().out.strip().endswith("clean")
    (clean / "02_y.html").write_text(_html(outputs=[_said("Beta Bank")]))
    assert cli.main(["check", str(clean), "--data-root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "02_y.html, line" in out and "another client's data" in out and "1 problem(s)" in out
    assert cli.main(["check", str(tmp_path / "nowhere"), "--data-root", str(root)]) == 1


def test_names_split_by_markup_or_line_breaks_are_found(root, tmp_path):
    page = _html("ok").replace(
        "</main>",
        "<p>We like Beta <em>Bank</em>.</p>\n<p>Meet us in the Beta\n  Community Hub</p></main>",
    )
    folder = _run_folder(tmp_path, ("01_x.html", page))
    found = sorted(leak.found for leak in check.check_run_folder(folder, data_root=root))
    assert len(found) == 2
    assert "a component name of client 'beta'" in found[0]
    assert "the name of client 'beta'" in found[1]


@pytest.fixture
def peers(tmp_path):
    """Clients alpha, beta, gamma of peer group retail and delta of another, with results."""
    data, out = tmp_path / "client_data", tmp_path / "out"
    groups = {"alpha": "retail", "beta": "retail", "gamma": "retail", "delta": "travel"}
    figures = {  # engagement rate by reach, constructive actions (per day: / 92), net sentiment
        "alpha": (1.2345, 4321, 12.5),
        "beta": (2.3745, 12345, -44.13),
        "gamma": (3.5, 98765, 7.0),
        "delta": (4.5678, 55555, 66.66),
    }
    for slug, group in groups.items():
        config = f"name: {slug} Co\nperiod: 2026-Q3\npeer_group: {group}\n"
        write_client(data, slug, files={"client.yaml": config})
        rate, actions, net = figures[slug]
        folder = out / slug / "2026-Q3"
        folder.mkdir(parents=True)
        results = {
            "client": slug,
            "period": {"start": "2026-07-01", "end": "2026-09-30", "label": "2026-Q3"},
            "peer_group": group,
            "posts": {"_all": {"engagement_rate_reach": rate, "constructive_actions": actions}},
            "sentiment": {"_all": {"n": 100, "net_sentiment": net}},
        }
        if slug == "alpha":  # its own benchmarks: the peer group's statistics
            results["benchmarks"] = {
                "peer_group": "retail",
                "engagement_rate_reach": {"peer_median": 2.9372},
                "net_sentiment": None,
                "reasons": {"net_sentiment": "only 2 other client(s) ..."},
            }
        (folder / "results.json").write_text(json.dumps(results))
    (out / "alpha" / "2026-Q3" / "run.json").write_text(json.dumps({"client": "alpha"}))
    return data, out / "alpha" / "2026-Q3"


def test_a_peers_distinctive_figure_is_found_and_named(peers):
    data, folder = peers
    canaries = {  # as a template printing a peer's value with 3 or more decimals would
        "2.3745%": "a figure of client 'beta' (2026-Q3): 2.3745",
        "−44.130": "a figure of client 'beta' (2026-Q3): 44.130",
        "134.185 a day": "a figure of client 'beta' (2026-Q3): 134.185",  # 12,345 / 92 days
        "1,073.533 a day": "a figure of client 'gamma' (2026-Q3): 1,073.533",
        "median 2.937": "a statistic of the peer group (2026-Q3): 2.937",
    }
    for i, text in enumerate(canaries):
        (folder / f"0{i}_canary.html").write_text(f"<h2>Benchmarks</h2><p>A peer: {text}.</p>")
    leaks = check.check_run_folder(folder, data_root=data)
    assert [(leak.file, leak.kind, leak.found) for leak in leaks] == [
        (f"0{i}_canary.html", "another client's figure", found)
        for i, found in enumerate(canaries.values())
    ]
    assert all(leak.section == "Benchmarks" and leak.line == 1 for leak in leaks)


def test_own_common_short_and_other_groups_figures_pass(peers):
    data, folder = peers
    # own figures; peers' figures with 2 decimals or fewer digits, and their counts; another
    # group's figures; common numbers
    (folder / "01_clean.html").write_text(
        "<p>Our 4,321 actions, engagement 1.2345% (1.23%), net +12.500, in 2026-Q3; peers 2.37%,"
        " −44.13, 134.18, 12,345, 98,765, 3.500, 7.000; another group 4.5678, 66.660, 55,555."
        " Counts: 100, 250, 2026, 12.34, p = 0.0342.</p>"
    )
    assert check.check_run_folder(folder, data_root=data) == []


def test_a_peers_figure_on_a_history_page_is_found(peers):
    data, folder = peers
    page = b"<html><body><h1>History</h1><p>Peers: 2.3745.</p></body></html>"
    secrets = check.Secrets.of("alpha", data, out_root=folder.parent.parent)
    (leak,) = check.check_report(page, "index.html", secrets)
    assert (leak.file, leak.kind) == ("index.html", "another client's figure")
    assert check.check_report(page, "index.html", check.Secrets.of("alpha", data)) == []


# ----------------------------------------------------------------------------- ordinary words

# slugs that are the kit's own report words or common English words (issue 23: a client called
# `summary` made every other client's reports fail as "another client's data")
ORDINARY_SLUGS = ("summary", "goals", "online", "support", "analysis", "engagement", "2026")


def _ordinary_clients(data) -> None:
    names = {"summary": "Summit Harbour Ltd", "online": "Harbor", "support": "Quillfeather"}
    for slug in ORDINARY_SLUGS:
        name = names.get(slug, f"{slug.title()} Widgets Ltd")
        ecosystem = BETA_ECOSYSTEM.replace("Beta Community Hub", f"{name} Lounge")
        config = f"name: {name}\nperiod: 2026-Q3\n"
        write_client(data, slug, files={"client.yaml": config, "ecosystem.csv": ecosystem})


def test_a_slug_that_is_an_ordinary_word_is_not_a_leak(root, tmp_path):
    _ordinary_clients(root)
    text = (
        "Summary: 2 of 3 goals met in 2026. Online support drove engagement; the analysis of "
        "comments shows the harbor crowd is happy."
    )
    folder = _run_folder(tmp_path, ("00_summary.html", _html("## Summary", outputs=[_said(text)])))
    assert check.check_run_folder(folder, data_root=root) == []


def test_names_of_clients_with_ordinary_slugs_are_still_found(root, tmp_path):
    _ordinary_clients(root)
    planted = {
        "we beat summit harbour ltd": "the name of client 'summary'",
        "Harbor called": "the name of client 'online'",  # one common word: as written
        "quillfeather!": "the name of client 'support'",  # one rare word: any case
        "the Goals Widgets Ltd Lounge": "a component name of client 'goals'",
        "shop at beta bank": "the name of client 'beta'",
    }
    for i, text in enumerate(planted):
        (tmp_path / f"0{i}.html").write_text(_html(outputs=[_said(text)]))
    folder = _run_folder(
        tmp_path, *[(p.name, p.read_text()) for p in sorted(tmp_path.glob("0*.html"))]
    )
    leaks = check.check_run_folder(folder, data_root=root)
    assert [(leak.file, leak.found.split(":")[0]) for leak in leaks] == [
        (f"0{i}.html", what) for i, what in enumerate(planted.values())
    ]


def test_ordinary_words_come_from_the_kits_text_and_the_word_list():
    assert {check._ordinary(w) for w in ("summary", "goals", "analysis", "ogst")} == {"kit"}
    assert check._ordinary("online") == "common" and check._ordinary("harbor") == "common"
    # an example client's slug is in the templates' parameters only: not the kit's text
    for distinctive in ("ledgerline", "northwind-outdoor", "globex", "shop-1", "summary ltd"):
        assert check._ordinary(distinctive) == ""
