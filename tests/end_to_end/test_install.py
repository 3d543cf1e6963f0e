"""The kit as a user installs it: a wheel in a new virtual environment, outside the checkout.

The wheel is built from a copy of the tracked files (plus a stand-in real client, which must stay
out of it). The new environment gets the kit from the wheel and nothing from the checkout; its
third-party packages come from the environment running the tests (a `.pth` line, and
`JUPYTER_PATH` for the data files they install under share/jupyter: nbconvert's templates, the
kernel spec), which keeps the test fast and offline. `socialworkbook init ws`, `cd ws`,
`socialworkbook run --all` must then produce every report.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from socialworkbook.run.workspace import EXAMPLE_CLIENTS

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("install")]

ROOT = Path(__file__).resolve().parents[2]


def _run(command: list, cwd: Path, env: dict, timeout: int = 1200) -> subprocess.CompletedProcess:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv bin folder, environment, base folder) of a new venv holding the built wheel."""
    base = tmp_path_factory.mktemp("install")
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "PYTHONPATH" and not k.startswith(("SOCIALWORKBOOK_", "VIRTUAL_ENV"))
    }
    source = base / "source"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in tracked)):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    real = source / "client_data" / "real-client"
    real.mkdir()
    (real / "client.yaml").write_text("name: A real client\nperiod: 2026-Q3\n")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", base / "dist", source],
        base,
        env | {"PIP_CONSTRAINT": ""},
    )
    (wheel,) = (base / "dist").glob("socialworkbook-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if "real-client" in n]
    venv.create(base / "venv", with_pip=True)
    (purelib,) = (base / "venv" / "lib").glob("python3*/site-packages")
    (purelib / "test-dependencies.pth").write_text(
        "\n".join(p for p in site.getsitepackages() if Path(p).is_dir()) + "\n"
    )
    bin_dir = base / "venv" / "bin"
    _run([bin_dir / "python", "-m", "pip", "install", "--no-deps", "-q", wheel], base, env)
    env |= {
        "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}",
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
    }
    return bin_dir, env, base


def test_the_wheel_carries_templates_and_example_clients(installed):
    bin_dir, env, base = installed
    where = _run(
        [
            bin_dir / "python",
            "-c",
            "import socialworkbook.paths as p; print(p.kit_templates_dir())",
        ],
        base,
        env,
    ).stdout.strip()
    templates = Path(where)
    assert templates.is_relative_to(base / "venv") and templates.name == "notebook_templates"
    assert sorted(p.name for p in templates.glob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "templates").glob("[0-9][0-9]_*.ipynb")
    )
    for path in (ROOT / "templates").glob("[0-9][0-9]_*.ipynb"):
        assert (templates / path.name).read_bytes() == path.read_bytes()


def test_the_wheel_carries_the_docs_and_the_word_list(installed):
    bin_dir, env, base = installed
    out = _run([bin_dir / "socialworkbook", "docs"], base, env).stdout
    folder = Path(out.splitlines()[0].removeprefix("the docs: "))
    assert folder.is_relative_to(base / "venv") and folder.name == "docs"
    assert sorted(p.name for p in folder.glob("*.md")) == sorted(
        p.name for p in (ROOT / "docs").glob("*.md")
    )
    for path in (ROOT / "docs").glob("*.md"):
        assert (folder / path.name).read_bytes() == path.read_bytes()
    help_text = _run([bin_dir / "socialworkbook", "--help"], base, env).stdout
    assert f"\n  {folder}\n" in help_text  # on a line of its own, to copy
    page = _run([bin_dir / "socialworkbook", "docs", "client-folder"], base, env).stdout
    assert page == (ROOT / "docs" / "client-folder.md").read_text(encoding="utf-8")
    # the confidentiality check's word lists are there: an ordinary word is no secret
    words = "from socialworkbook.publish import check; print(check._ordinary('online'))"
    assert _run([bin_dir / "python", "-c", words], base, env).stdout.strip() == "common"


def test_init_then_run_in_the_workspace(installed):
    bin_dir, env, base = installed
    _run([bin_dir / "socialworkbook", "init", "ws"], base, env)
    ws = base / "ws"
    assert sorted(p.name for p in (ws / "client_data").iterdir()) == sorted(
        [*EXAMPLE_CLIENTS, "practice-logo.svg", "practice.yaml"]  # the example practice
    )
    # one example client (with its labelled sample) through every template: both are there
    client = EXAMPLE_CLIENTS[0]
    done = _run([bin_dir / "socialworkbook", "run", client, "--workers", "2"], ws, env, 1800)
    assert f"portfolio index: {ws / 'notebooks' / 'index.html'}" in done.stdout
    templates = sorted(p.stem for p in (ws / "templates").glob("*.ipynb"))
    assert len(templates) == 5
    run_dir = ws / "notebooks" / client / "2026-Q3"
    assert json.loads((run_dir / "run.json").read_text())["status"] == "succeeded"
    for stem in templates:
        html = (run_dir / f"{stem}.html").read_text(encoding="utf-8")
        assert "<html" in html and str(base) not in html
    assert json.loads((run_dir / "results.json").read_text())["client"] == client
    assert (run_dir / "scored_mentions.csv").is_file()
    index = (ws / "notebooks" / "index.html").read_text(encoding="utf-8")
    assert client in index
