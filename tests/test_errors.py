"""One error hierarchy: every error an analyst can meet is a WorkbookError, ended in one line.

A full disk is simulated as in test_resilience: the file system call raises the OSError the kernel
would raise (ENOSPC), since tests run as root and a real full disk cannot be arranged here.
"""

from __future__ import annotations

import ast
import errno
import os
from pathlib import Path

import pytest
from runs import scaffolded_clients

from socialworkbook import cli, errors

LIB = Path(errors.__file__).parent


def _exception_classes() -> dict[str, list[str]]:
    """Module -> the classes defined in it that derive (by name) from an exception."""
    found: dict[str, list[str]] = {}
    for path in sorted(LIB.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                (getattr(base, "id", None) or getattr(base, "attr", "")).endswith(
                    ("Error", "Exception")
                )
                for base in node.bases
            ):
                found.setdefault(str(path.relative_to(LIB)), []).append(node.name)
    return found


def test_every_error_class_lives_in_errors_py():
    assert list(_exception_classes()) == ["errors.py"]


def test_every_error_derives_from_the_base_and_says_when_it_is_raised():
    names = [n for n in errors.__all__ if isinstance(getattr(errors, n), type)]
    raised = [getattr(errors, n) for n in names if issubclass(getattr(errors, n), Exception)]
    assert {cls.__name__ for cls in raised} == set(_exception_classes()["errors.py"])
    for cls in raised:
        assert issubclass(cls, errors.WorkbookError), cls
        if cls is not errors.WorkbookError:
            assert cls.__doc__.startswith("Raised when "), cls


def test_a_storage_error_is_also_an_os_error():
    """The runner records a failed write by catching OSError; a StorageError still is one."""
    error = errors.StorageError(errno.ENOSPC, "could not write /x/run.json: the disk is full", "/x")
    assert isinstance(error, OSError) and isinstance(error, errors.WorkbookError)
    assert error.errno == errno.ENOSPC and str(error).startswith("could not write /x/run.json")


def test_a_full_disk_during_run_ends_in_one_line_naming_the_folder(tmp_path, monkeypatch, capsys):
    data_root = scaffolded_clients(tmp_path / "client_data", "alpha")
    out = tmp_path / "notebooks"
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.is_relative_to(out):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    argv = ["run", "alpha", "--data-root", str(data_root), "--out", str(out), "--quiet"]
    assert cli.main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(f"error: could not write {out / 'alpha'}")
    assert "the disk is full" in line and "Fix:" in line and "--out" in line


@pytest.mark.parametrize("command", [["share", "alpha"], ["run", "alpha"]])
def test_an_error_outside_the_hierarchy_is_not_swallowed(tmp_path, monkeypatch, command):
    """cli.main ends the kit's own errors in a line; a bug still shows its traceback."""

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr("socialworkbook.publish.share.share_bundle", broken)
    monkeypatch.setattr("socialworkbook.run.runner.run_batch", broken)
    with pytest.raises(KeyError, match="a bug"):
        cli.main([*command, "--data-root", str(tmp_path)])
