"""The press parts of a release: embargo, updates, files, study facts, contact; and their bad input."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image as PillowImage

from generator.build import embargo
from generator.build.embargo import last_modified, schedule
from generator.build.project import Project
from generator.build.site import generate
from generator.data import attachments
from generator.data.loader import parse_release
from generator.data.models import Release
from generator.data.press import parse_moment
from generator.pages.press_context import contact_view, embargo_notice, file_size, international_phone
from tests.conftest import RELEASE_FILE, RELEASE_ID, ROOT, copy_project, load_release_data
from tests.test_bad_input import FILE, run

EditRelease = Callable[[Callable[[dict[str, Any]], None]], Path]
FOLDER = f"data/releases/{RELEASE_ID}"


def real_release() -> Release:
    return parse_release(RELEASE_FILE, "release.yaml").release


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


IMAGE = {
    "file": "photo.png",
    "type": "png",
    "alt": {"ja": "研究チームの写真", "en": "The research team"},
    "caption": {"ja": "研究チーム", "en": "The research team"},
    "credit": {"ja": "© 発表機関", "en": "© The issuer"},
    "license": {"ja": "本件の報道に限り使用可", "en": "Free for news reporting on this release"},
}


# ---------------------------------------------------------------------------------------------
# Embargo


def test_embargo_time_needs_its_offset_and_may_name_its_zone() -> None:
    assert parse_moment("2026-05-18T00:00:00+09:00") == dt.datetime(2026, 5, 17, 15, tzinfo=dt.UTC)
    zoned = parse_moment("2026-05-18T00:00+09:00[Asia/Tokyo]")
    assert zoned is not None and zoned.tzname() == "JST"
    assert parse_moment("2026-05-18T00:00:00") is None
    assert parse_moment("2026-05-18T00:00:00+01:00[Asia/Tokyo]") is None  # the zone's offset is +09:00
    assert parse_moment("2026-05-18") is None


def test_embargo_notice_in_both_languages() -> None:
    moment = parse_moment("2026-05-18T00:00:00+09:00[Asia/Tokyo]")
    assert moment is not None
    assert embargo_notice(moment, "en") == "Embargoed until May 18, 2026, 00:00 JST (May 17, 15:00 UTC)"
    assert embargo_notice(moment, "ja") == "報道解禁日時：2026年5月18日 0:00 JST（5月17日 15:00 UTC）"
    plain = parse_moment("2026-05-18T00:00:00+09:00")
    assert plain is not None
    assert embargo_notice(plain, "en") == "Embargoed until May 18, 2026, 00:00 UTC+09:00 (May 17, 15:00 UTC)"


def test_schedule_publishes_at_the_lift_and_knows_how_long_it_holds() -> None:
    base = real_release()
    lift = dt.datetime(2027, 1, 15, 9, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    held = base.model_copy(update={"id": "later", "embargo": lift})
    before = schedule([base, held], lift - dt.timedelta(seconds=1))
    assert (before.published, before.held, before.until) == ((RELEASE_ID,), ("later",), lift)
    assert before.holds_at(lift - dt.timedelta(hours=5)) and not before.holds_at(lift)
    after = schedule([base, held], lift)
    assert (after.published, after.held, after.since, after.until) == ((RELEASE_ID, "later"), (), lift, None)
    assert not after.holds_at(lift - dt.timedelta(seconds=1))
    assert embargo.Schedule.from_json(before.to_json()) == before


def test_with_every_release_embargoed_the_site_says_none_is_published(
    project: Path, edit_release: EditRelease, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_release(lambda data: data.update(embargo="2026-05-18T00:00:00+09:00"))
    monkeypatch.setenv("PRESS_AS_OF", "2026-05-17T23:59:00+09:00")
    site = generate(Project(project))
    assert sorted(site.files) == ["en/index.md", "ja/index.md", "ja/robots.txt"]
    assert "No press release is published yet." in site.files["en/index.md"].decode("utf-8")
    assert "公開中のプレスリリースはまだありません。" in site.files["ja/index.md"].decode("utf-8")
    assert site.schedule is not None and site.schedule.held == (RELEASE_ID,)
    monkeypatch.setenv("PRESS_PREVIEW", "1")
    preview = generate(Project(project))
    assert '"robots": "noindex"' in preview.files["en/index.md"].decode("utf-8")
    assert '"robots": "noindex"' in preview.files[f"en/{RELEASE_ID}/design/index.md"].decode("utf-8")
    monkeypatch.setenv("PRESS_AS_OF", "2026-05-18T00:00:00+09:00")
    monkeypatch.delenv("PRESS_PREVIEW")
    published = generate(Project(project))
    assert f"en/{RELEASE_ID}/results/index.md" in published.files
    assert "robots" not in published.files["en/index.md"].decode("utf-8")


def test_press_as_of_must_be_a_time_with_offset(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    kept = os.environ["PRESS_AS_OF"]
    os.environ["PRESS_AS_OF"] = "tomorrow"
    try:
        code, messages = run(project, caplog)
    finally:
        os.environ["PRESS_AS_OF"] = kept
    assert (code, messages) == (
        1,
        [
            "PRESS_AS_OF: (document): expected a date and time with its UTC offset such as "
            "2026-05-18T00:00:00+09:00, found 'tomorrow'"
        ],
    )


# ---------------------------------------------------------------------------------------------
# Updates and last-modified


def test_a_correction_shows_dated_on_every_page_in_both_languages(project: Path, edit_release: EditRelease) -> None:
    def correct(data: dict[str, Any]) -> None:
        data["updates"] = [
            {
                "date": "2026-05-20",
                "kind": "correction",
                "ja": "表1の数値を訂正しました。",
                "en": "Table 1 was corrected.",
            },
            {"date": "2026-05-19", "kind": "update", "ja": "写真を追加しました。", "en": "A photo was added."},
        ]

    edit_release(correct)
    site = generate(Project(project))
    pages = [name for name in site.files if name.endswith(".md") and f"/{RELEASE_ID}/" in name]
    assert len(pages) == 10
    for name in pages:
        text = site.files[name].decode("utf-8")
        if name.startswith("ja/"):
            assert '!!! warning "2026年5月20日の訂正"\n\n    表1の数値を訂正しました。' in text, name
            assert text.index("2026年5月20日の訂正") < text.index("2026年5月19日の更新"), name
        else:
            assert '!!! warning "Correction of May 20, 2026"\n\n    Table 1 was corrected.' in text, name
            assert '!!! info "Update of May 19, 2026"' in text, name


def git(folder: Path, *args: str, date: str = "2026-06-01T12:00:00+09:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def test_last_modified_is_the_newest_of_updates_and_git_history(tmp_path: Path) -> None:
    release = real_release()
    folder = tmp_path / "repo" / "data" / "release"
    folder.mkdir(parents=True)
    # No git history: the release date.
    assert last_modified(release, folder) == dt.datetime(2026, 5, 18, tzinfo=dt.UTC)
    git(tmp_path / "repo", "init", "-q")
    (folder / "release.yaml").write_text("x\n", encoding="utf-8")
    assert last_modified(release, folder) == dt.datetime(2026, 5, 18, tzinfo=dt.UTC)  # not committed yet
    git(tmp_path / "repo", "add", ".")
    git(tmp_path / "repo", "commit", "-q", "-m", "release")
    assert last_modified(release, folder) == dt.datetime.fromisoformat("2026-06-01T12:00:00+09:00")
    # An update recorded later than the last commit wins.
    update = {"date": "2026-07-01", "kind": "update", "ja": "追記", "en": "Added"}
    later = Release.model_validate({**release.model_dump(mode="python"), "updates": [update]})
    assert last_modified(later, folder) == dt.datetime(2026, 7, 1, tzinfo=dt.UTC)


def test_the_home_page_marks_updated_releases(project: Path) -> None:
    from tests.conftest import synthetic_release, write_release

    data = synthetic_release()
    data["updates"] = [{"date": "2027-01-20", "kind": "correction", "ja": "訂正", "en": "Corrected a figure"}]
    write_release(project, data["id"], data)
    site = generate(Project(project))
    assert "A synthetic test release](2027-01-15-synthetic/index.md)\n\nJanuary 15, 2027 · " in site.files[
        "en/index.md"
    ].decode("utf-8")
    assert "· **Corrected January 20, 2027**" in site.files["en/index.md"].decode("utf-8")
    assert "· **2027年1月20日訂正**" in site.files["ja/index.md"].decode("utf-8")


# ---------------------------------------------------------------------------------------------
# Files


def test_the_real_release_publishes_its_pdf_in_both_languages(tmp_path: Path) -> None:
    site = generate(Project(copy_project(tmp_path / "project")))
    pdf = (ROOT / FOLDER / "release-ja.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert (
        site.files[f"ja/{RELEASE_ID}/files/release-ja.pdf"]
        == pdf
        == site.files[f"en/{RELEASE_ID}/files/release-ja.pdf"]
    )
    assert (
        "[プレスリリース全文（本文テキストから組版したPDF）](files/release-ja.pdf)（PDF、102 KB、日本語）"
        in site.files[f"ja/{RELEASE_ID}/index.md"].decode("utf-8")
    )
    assert "(files/release-ja.pdf) (PDF, 102 kB, Japanese)" in site.files[f"en/{RELEASE_ID}/index.md"].decode("utf-8")


SHARED_TEXT = ROOT.parent / "shared" / "000_bdb7ba9b751a9e8e.txt"


@pytest.mark.skipif(not SHARED_TEXT.is_file(), reason="the release's text (shared/) is not beside the checkout")
def test_the_release_pdf_is_reproduced_to_the_byte(tmp_path: Path) -> None:
    """The committed PDF is what scripts/typeset_release_pdf.py makes of the release's text."""
    pytest.importorskip("reportlab")
    target = tmp_path / "release-ja.pdf"
    script = ROOT / "scripts" / "typeset_release_pdf.py"
    subprocess.run([sys.executable, str(script), str(SHARED_TEXT), str(target)], check=True, timeout=120)
    assert target.read_bytes() == (ROOT / FOLDER / "release-ja.pdf").read_bytes()


def test_the_release_pdf_is_typeset_as_it_reads() -> None:
    """Superscripts as superscripts, lists as lists, Table 1 as a table, every font embedded (poppler's tools)."""
    pdf = str(ROOT / FOLDER / "release-ja.pdf")
    header, _, *fonts = subprocess.run(
        ["pdffonts", pdf], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    embedded = header.index("emb")
    assert fonts and all(line[embedded : embedded + 3] == "yes" for line in fonts), fonts
    assert all("NotoSansCJKjp" in line for line in fonts), fonts
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    for markup in ("<sup>", "</sup>", "- 1)", "**", "## "):
        assert markup not in text, markup
    # Each row of Table 1 is one line of cells, in columns.
    assert len(re.findall(r"低用量 {2,}66\.7 \(10/15\) {2,}38\.4-88\.2 {2,}<0\.0001", text)) == 2
    assert re.search(r"^ *1\) +国立成育医療研究センター 女性総合診療センター$", text, re.MULTILINE)
    assert re.search(r"^ *9\) +国立成育医療研究センター 研究開発監理部$", text, re.MULTILINE)


def test_images_show_with_caption_credit_and_size(project: Path, edit_release: EditRelease) -> None:
    (project / FOLDER / "photo.png").write_bytes(png_bytes((40, 30)))
    edit_release(lambda data: data.setdefault("images", []).append(IMAGE))
    site = generate(Project(project))
    text = site.files[f"en/{RELEASE_ID}/index.md"].decode("utf-8")
    assert '![The research team](files/photo.png){ width="40" height="30" }' in text
    assert "Credit: © The issuer · License: Free for news reporting on this release" in text
    assert "クレジット：© 発表機関 · 利用条件：本件の報道に限り使用可" in site.files[
        f"ja/{RELEASE_ID}/index.md"
    ].decode("utf-8")
    assert site.files[f"ja/{RELEASE_ID}/files/photo.png"] == (project / FOLDER / "photo.png").read_bytes()


def test_sniff_tells_types_by_content() -> None:
    assert attachments.sniff(b"%PDF-1.4 ...") == "pdf"
    assert attachments.sniff(png_bytes()) == "png"
    assert attachments.sniff(b"\xff\xd8\xff\xe0 jfif") == "jpeg"
    assert attachments.sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert attachments.sniff(b'<?xml version="1.0"?><svg onload="alert(1)"/>') == "svg"
    assert attachments.sniff(b"hello") is None


# ---------------------------------------------------------------------------------------------
# Study facts and contact


def test_labels_and_registration_at_the_top_of_the_overview(project: Path, edit_release: EditRelease) -> None:
    def facts(data: dict[str, Any]) -> None:
        data["registration"] = [
            {"registry": "jrct", "id": "jRCTs031200000"},
            {"registry": "clinicaltrials.gov", "id": "NCT01234567"},
        ]
        data["url"] = "https://www.example.org/press/2026/0518.html"

    edit_release(facts)
    site = generate(Project(project))
    en = site.files[f"en/{RELEASE_ID}/index.md"].decode("utf-8")
    ja = site.files[f"ja/{RELEASE_ID}/index.md"].decode("utf-8")
    assert (
        '<span class="study-label">Peer-reviewed</span> <span class="study-label">'
        'Single-group trial (no concurrent control group)</span> <span class="study-label">People</span>' in en
    )
    assert (
        '査読あり</span> <span class="study-label">単群試験（同時対照群なし）</span> <span class="study-label">ヒト'
        in ja
    )
    assert '<a href="https://jrct.mhlw.go.jp/latest-detail/jRCTs031200000">jRCTs031200000</a>' in en
    assert '<a href="https://clinicaltrials.gov/study/NCT01234567">NCT01234567</a>' in ja
    assert en.index("study-labels") < en.index("## Key points")
    assert "[This release on the issuer's website](https://www.example.org/press/2026/0518.html)" in en


def test_contact_on_every_page_with_tel_and_mailto_links(tmp_path: Path) -> None:
    site = generate(Project(copy_project(tmp_path / "project")))
    for name, content in site.files.items():
        if name.endswith(".md") and f"/{RELEASE_ID}/" in name:  # every page of the release
            text = content.decode("utf-8")
            assert "(tel:+81-3-3416-0181)" in text, name
            assert "[koho@ncchd.go.jp](mailto:koho@ncchd.go.jp)" in text, name
            assert ("[\\+81-3-3416-0181]" if name.startswith("en/") else "[03-3416-0181]") in text, name


def test_international_number_from_the_country_code_or_given() -> None:
    contact = real_release().contact
    assert international_phone(contact) == "+81-3-3416-0181"
    assert international_phone(contact.model_copy(update={"country_code": None})) is None
    given = contact.model_copy(update={"phone_international": "+81 3 3416 0181"})
    assert international_phone(given) == "+81 3 3416 0181"
    assert contact_view(given, "en").phone_href == "tel:+81-3-3416-0181"
    bare = contact.model_copy(update={"phone": None, "email": None, "phone_note": None})
    view = contact_view(bare, "en")
    assert (view.phone, view.phone_href, view.email, view.email_href) == (None, None, None, None)


def test_file_sizes_are_formatted_for_each_language() -> None:
    assert (file_size(7757, "en"), file_size(7757, "ja")) == ("8 kB", "8 KB")
    assert file_size(2_345_678, "en") == "2.3 MB"


# ---------------------------------------------------------------------------------------------
# Bad input: one clear message each, exit 1, docs/ untouched


def line(project: Path, needle: str) -> int:
    lines = (project / FILE).read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if needle in text)


BAD: dict[str, tuple[Callable[[dict[str, Any]], None], Callable[[Path], str]]] = {
    "embargo without offset": (
        lambda data: data.update(embargo="2026-05-18T00:00:00"),
        lambda p: (
            f"{FILE}:{line(p, 'embargo:')}: embargo: expected a date and time with its UTC offset such as "
            "2026-05-18T00:00:00+09:00, found '2026-05-18T00:00:00'"
        ),
    ),
    "update kind": (
        lambda data: data.update(updates=[{"date": "2026-05-20", "kind": "erratum", "ja": "訂正", "en": "Fixed"}]),
        lambda p: (
            f"{FILE}:{line(p, 'kind: erratum')}: updates[0].kind: expected one of 'correction' or 'update', "
            "found 'erratum'"
        ),
    ),
    "update before the release": (
        lambda data: data.update(updates=[{"date": "2026-05-01", "kind": "update", "ja": "更新", "en": "Updated"}]),
        lambda p: (
            f"{FILE}:{line(p, '2026-05-01')}: updates[0].date: expected a date not before the release "
            "date (2026-05-18), found 2026-05-01"
        ),
    ),
    "registry id format": (
        lambda data: data.update(registration=[{"registry": "umin", "id": "UMIN12345"}]),
        lambda p: (
            f"{FILE}:{line(p, 'id: UMIN12345')}: registration[0].id: expected a UMIN-CTR id such as "
            "UMIN000012345, found 'UMIN12345'"
        ),
    ),
    "study type outside the vocabulary": (
        lambda data: data["labels"].update(study_type="anecdote"),
        lambda p: (
            f"{FILE}:{line(p, 'study_type:')}: labels.study_type: expected one of 'randomized-controlled-trial', "
            "'non-randomized-controlled-trial', 'single-group-trial', 'observational', 'case-series', "
            "'diagnostic-accuracy', 'systematic-review', 'meta-analysis', 'laboratory' or 'modelling', found 'anecdote'"
        ),
    ),
    "issuer url": (
        lambda data: data.update(url="javascript:alert(1)"),
        lambda p: (
            f"{FILE}:{line(p, 'url:')}: url: expected an http(s) address such as "
            "https://www.example.org/press/2026/0518.html, found 'javascript:alert(1)'"
        ),
    ),
    "international phone": (
        lambda data: data["contact"].update(phone_international="81-3-3416-0181"),
        lambda p: (
            f"{FILE}:{line(p, 'phone_international:')}: contact.phone_international: expected a telephone "
            "number in international format such as +81-3-3416-0181, found '81-3-3416-0181'"
        ),
    ),
    "file name leaving the folder": (
        lambda data: data["materials"][0].update(file="../other/release-ja.pdf"),
        lambda p: (
            f"{FILE}:{line(p, 'file: ../other')}: materials[0].file: expected a file name inside the "
            "release's folder (letters, digits, . _ - and /) such as release-ja.pdf, found '../other/release-ja.pdf'"
        ),
    ),
    "absolute file name": (
        lambda data: data["materials"][0].update(file="/etc/passwd"),
        lambda p: (
            f"{FILE}:{line(p, 'file: /etc/passwd')}: materials[0].file: expected a file name inside the "
            "release's folder (letters, digits, . _ - and /) such as release-ja.pdf, found '/etc/passwd'"
        ),
    ),
    "missing file": (
        lambda data: data["materials"][0].update(file="missing.pdf"),
        lambda p: (
            f"{FILE}:{line(p, 'file: missing.pdf')}: materials[0].file: expected a file next to the release "
            "file, found no such file"
        ),
    ),
    "two files for one language": (
        lambda data: data["materials"].append({**data["materials"][0], "file": "other.pdf"}),
        lambda p: (
            f"{FILE}:{line(p, 'file: other.pdf') + 2}: materials[1].lang: expected one file per language, found 'ja'"
        ),
    ),
    "the same file twice": (
        lambda data: data["materials"].append({**data["materials"][0], "lang": "en"}),
        lambda p: (
            f"{FILE}:{line(p, 'lang: en') - 2}: materials[1].file: expected a file not listed before "
            "(names are compared without regard to case), found 'release-ja.pdf'"
        ),
    ),
    "missing logo": (
        lambda data: data.update(logo={"file": "logo.png", "type": "png"}),
        lambda p: (
            f"{FILE}:{line(p, 'file: logo.png')}: logo.file: expected a file next to the release file, "
            "found no such file"
        ),
    ),
    "svg image": (
        lambda data: data.update(images=[{**IMAGE, "type": "svg"}]),
        lambda p: (
            f"{FILE}:{line(p, 'type: svg')}: images[0].type: expected one of 'png', 'jpeg' or 'webp', found 'svg'"
        ),
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_press_data(case: str, project: Path, edit_release: EditRelease, caplog: pytest.LogCaptureFixture) -> None:
    change, expected = BAD[case]
    edit_release(change)
    code, messages = run(project, caplog)
    assert (code, messages) == (1, [expected(project)])


def file_case(project: Path, edit_release: EditRelease, content: bytes, image_type: str = "png") -> None:
    (project / FOLDER / "photo.png").write_bytes(content)
    edit_release(lambda data: data.update(images=[{**IMAGE, "type": image_type}]))


def test_declared_type_is_checked_by_content(
    project: Path, edit_release: EditRelease, caplog: pytest.LogCaptureFixture
) -> None:
    file_case(project, edit_release, b"%PDF-1.4 not an image")
    code, messages = run(project, caplog)
    assert (code, messages) == (
        1,
        [
            f"{FILE}:{line(project, 'file: photo.png')}: images[0].file: expected a PNG file (by its content), "
            "found a file whose content is pdf"
        ],
    )


def test_svg_content_is_refused(project: Path, edit_release: EditRelease, caplog: pytest.LogCaptureFixture) -> None:
    file_case(project, edit_release, b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    code, messages = run(project, caplog)
    assert (code, messages) == (
        1,
        [
            f"{FILE}:{line(project, 'file: photo.png')}: images[0].file: expected a PNG file (by its content), "
            "found a file whose content is SVG (not accepted: it can carry scripts)"
        ],
    )


def test_damaged_image_is_refused(project: Path, edit_release: EditRelease, caplog: pytest.LogCaptureFixture) -> None:
    file_case(project, edit_release, png_bytes()[:30])
    code, messages = run(project, caplog)
    assert (code, messages) == (
        1,
        [
            f"{FILE}:{line(project, 'file: photo.png')}: images[0].file: expected a PNG file (by its content), "
            "found a damaged or unreadable image"
        ],
    )


def test_symlink_out_of_the_folder_is_refused(
    project: Path, edit_release: EditRelease, caplog: pytest.LogCaptureFixture
) -> None:
    outside = project / "secret.png"
    outside.write_bytes(png_bytes())
    (project / FOLDER / "photo.png").symlink_to(outside)
    edit_release(lambda data: data.update(images=[IMAGE]))
    code, messages = run(project, caplog)
    assert (code, messages) == (
        1,
        [
            f"{FILE}:{line(project, 'file: photo.png')}: images[0].file: expected a file inside the release's folder, "
            "found 'photo.png'"
        ],
    )


def test_file_over_the_size_limit_is_refused(
    project: Path, edit_release: EditRelease, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachments, "MAX_FILE_BYTES", 1000)
    code, messages = run(project, caplog)
    size = (project / FOLDER / "release-ja.pdf").stat().st_size
    assert (code, messages) == (
        1,
        [
            f"{FILE}:{line(project, 'file: release-ja.pdf')}: materials[0].file: "
            f"expected a file of at most 1000 bytes, found {size} bytes"
        ],
    )


def test_schema_lists_the_press_keys() -> None:
    schema = yaml.safe_load((ROOT / "data" / "schema.json").read_text(encoding="utf-8"))
    for key in ("embargo", "updates", "materials", "images", "registration", "labels", "url"):
        assert key in schema["properties"], key
    assert "embargo" not in schema["required"]
    assert load_release_data()["labels"]["study_type"] == "single-group-trial"


@pytest.mark.slow
def test_the_header_shows_the_issuer_name_and_logo(project: Path, edit_release: EditRelease) -> None:
    from tests.conftest import mkdocs_build

    (project / FOLDER / "logo.png").write_bytes(png_bytes((64, 64)))
    edit_release(lambda data: data.update(logo={"file": "logo.png", "type": "png"}))
    assert generate(Project(project)).logo == f"{RELEASE_ID}/files/logo.png"
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    for page, name, logo in (
        ("index.html", "国立成育医療研究センター", f'src="{RELEASE_ID}/files/logo.png"'),
        (
            f"en/{RELEASE_ID}/results/index.html",
            "National Center for Child Health and Development",
            'src="../files/logo.png"',
        ),
    ):
        html = (project / "site" / page).read_text(encoding="utf-8")
        header = html[html.index('<header class="md-header') : html.index("</header>")]
        assert logo in header, page
        assert f'<span class="md-ellipsis">\n            {name}\n          </span>' in header, page
    assert (project / "site" / RELEASE_ID / "files" / "logo.png").is_file() and (
        project / "site" / "en" / RELEASE_ID / "files" / "logo.png"
    ).is_file()
