"""writer.Staging: files staged in a write_worker child land exactly as when staged here, and
every failure (a child that cannot start, a child that dies, a file that cannot be written)
leaves docs/ as it was, or as sync() here would leave it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from generator.build import writer
from generator.build.writer import Staging, sync
from generator.errors import WriteError
from generator.outputs import children

MANY = writer.CHILD_THRESHOLD + 50


def _outputs(count: int) -> dict[str, bytes]:
    return {
        f"{lang}/r{index // 10:03d}/page{index % 10}.md": f"{lang} {index}\n".encode()
        for lang in ("ja", "en")
        for index in range(count // 2)
    }


def _tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_a_child_stages_a_large_sync_and_the_result_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started_children: list[str]
) -> None:
    outputs = _outputs(MANY)
    (tmp_path / "here" / "ja").mkdir(parents=True)
    (tmp_path / "here" / "ja" / "stale.md").write_bytes(b"old\n")
    (tmp_path / "child" / "ja").mkdir(parents=True)
    (tmp_path / "child" / "ja" / "stale.md").write_bytes(b"old\n")
    monkeypatch.setattr(writer, "CHILD_THRESHOLD", 10**9)
    expected = sync(tmp_path / "here", outputs, ("ja", "en"))
    monkeypatch.setattr(writer, "CHILD_THRESHOLD", 100)
    with Staging(tmp_path / "child", ("ja", "en")) as staging:
        staging.add(dict(list(outputs.items())[:150]))  # a first batch, as a release's files are added
        report = staging.commit(outputs)
    assert started_children == ["generator.build.write_worker"]
    assert report == expected
    assert report.removed == ("ja/stale.md",)
    assert _tree(tmp_path / "child") == _tree(tmp_path / "here") == outputs
    assert all(oct(path.stat().st_mode)[-3:] == "644" for path in (tmp_path / "child").rglob("*.md"))
    # Again, nothing changed: nothing is written, every file is unchanged.
    again = sync(tmp_path / "child", outputs, ("ja", "en"))
    assert (again.written, again.removed, again.unchanged) == ((), (), len(outputs))


def test_a_child_that_cannot_start_or_dies_leaves_the_work_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = _outputs(MANY)
    real = children.start

    def no_child(module: str, *args: str, **kwargs: object) -> object:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(children, "start", no_child)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    report = sync(tmp_path / "a", outputs, ("ja", "en"))
    assert len(report.written) == len(outputs) and _tree(tmp_path / "a") == outputs

    def dying_child(module: str, *args: str, **kwargs: object) -> object:
        return real("generator.no_such_module", *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(children, "start", dying_child)
    report = sync(tmp_path / "b", outputs, ("ja", "en"))
    assert len(report.written) == len(outputs) and _tree(tmp_path / "b") == outputs
    assert not [path for path in (tmp_path / "b").rglob(".tmp-*")]


def test_a_file_the_child_cannot_write_fails_the_sync_and_leaves_docs_as_it_was(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    (root / "ja").mkdir(parents=True)
    (root / "ja" / "index.md").write_bytes(b"old\n")
    (root / "en").mkdir()
    (root / "en" / "r010").write_bytes(b"a file where a folder must be\n")  # en/r010/page0.md cannot be made
    before = _tree(root)
    folders = sorted(path for path in root.rglob("*") if path.is_dir())
    outputs = {"ja/index.md": b"new\n", **_outputs(MANY)}
    with pytest.raises(WriteError) as caught:
        sync(root, outputs, ("ja", "en"))
    rendered = caught.value.render(lambda message: message)
    assert rendered == "docs/en/r010/page0.md: (document): expected a writable file, found File exists (errno 17)"
    assert _tree(root) == before
    assert sorted(path for path in root.rglob("*") if path.is_dir()) == folders


def test_leaving_without_a_commit_removes_what_the_child_staged(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    (root / "ja").mkdir(parents=True)
    (root / "ja" / "index.md").write_bytes(b"old\n")
    before = _tree(root)
    with pytest.raises(RuntimeError), Staging(root, ("ja", "en")) as staging:
        staging.add(_outputs(MANY))
        raise RuntimeError("a template failed")
    assert _tree(root) == before
    assert sorted(path.relative_to(root).as_posix() for path in root.rglob("*")) == ["ja", "ja/index.md"]


def _commit(root: Path, outputs: dict[str, bytes], on_disk: writer.OnDisk, sent: list[str]) -> writer.WriteReport:
    with Staging(root, ("ja", "en"), on_disk) as staging:
        original = staging._stage_here

        def spy(files: Mapping[str, bytes]) -> tuple[str, OSError] | None:
            sent.extend(files)
            return original(files)

        staging._stage_here = spy  # type: ignore[method-assign]
        return staging.commit(outputs)


def test_what_the_last_commit_left_in_place_is_not_compared_again(tmp_path: Path) -> None:
    outputs = _outputs(40)
    on_disk = writer.OnDisk()
    sent: list[str] = []
    _commit(tmp_path, outputs, on_disk, sent)
    assert sorted(sent) == sorted(outputs)
    # The next generation: the same bytes for every file but one, which changed.
    changed = dict(outputs)
    changed["ja/r000/page0.md"] = b"ja changed\n"
    sent.clear()
    report = _commit(tmp_path, changed, on_disk, sent)
    assert sent == ["ja/r000/page0.md"]
    assert report.written == ("ja/r000/page0.md",) and report.unchanged == len(outputs) - 1
    assert _tree(tmp_path) == changed


@pytest.mark.parametrize("how", ["rewritten", "removed", "replaced"])
def test_a_file_changed_behind_the_writer_s_back_is_written_again(tmp_path: Path, how: str) -> None:
    outputs = _outputs(40)
    on_disk = writer.OnDisk()
    _commit(tmp_path, outputs, on_disk, [])
    target = tmp_path / "en" / "r001" / "page2.md"
    if how == "rewritten":  # the same size, another content
        target.write_bytes(target.read_bytes().upper())
    elif how == "removed":
        target.unlink()
    else:
        target.with_name("other").write_bytes(target.read_bytes())
        target.with_name("other").replace(target)
    sent: list[str] = []
    report = _commit(tmp_path, outputs, on_disk, sent)
    assert sent == ["en/r001/page2.md"]  # compared with the disk again, written where it differs
    assert report.written == (() if how == "replaced" else ("en/r001/page2.md",))
    assert _tree(tmp_path) == outputs
