"""An embargoed release published encrypted: nothing readable, unlocked in Chromium, redirected after the lift.

The held release is an example of another design (another issuer, other texts and numbers)
with an image of its own, next to the real release, which is published. Three builds:
without the passphrase (the release held back: the baseline of what the site shows anyway),
with it before the lift, and with it after the lift.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from generator.build import protect
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, article_text, serve_directory
from tests.conftest import ROOT, copy_project, mkdocs_build, write_release

pytestmark = pytest.mark.slow

HELD = "2026-02-10-placebo-trial"
EMBARGO = "2027-01-15T09:00:00+09:00[Asia/Tokyo]"
BEFORE = "2027-01-15T08:59:59+09:00"
AFTER = "2027-01-15T00:00:00Z"  # 09:00 in Tokyo: the lift itself
PASSPHRASE = "violet tangerine lighthouse 47"
IMAGE = "ward-photo-q7.png"
PAGES = ("", "design/", "results/", "methods/", "publication/")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the site held back, protected before the lift and after it; return each site/ copy."""
    root = tmp_path_factory.mktemp("protected")
    project = copy_project(root / "project")
    data: dict[str, Any] = yaml.safe_load((ROOT / "examples" / HELD / "release.yaml").read_text(encoding="utf-8"))
    data["embargo"] = EMBARGO
    data["images"] = [
        {
            "file": IMAGE,
            "type": "png",
            "alt": {"ja": "病棟の写真（仮）", "en": "A photograph of the ward"},
            "caption": {"ja": "試験を行った病棟", "en": "The ward where the trial was run"},
            "credit": {"ja": "架空大学病院 広報室", "en": "Example University Hospital press office"},
            "license": {"ja": "報道目的に限り使用可", "en": "Free for news reporting on this release"},
        }
    ]
    folder = write_release(project, HELD, data).parent
    Image.new("RGB", (64, 48), (201, 87, 13)).save(folder / IMAGE, format="PNG")
    built: dict[str, Path] = {}
    for name, env in (
        ("held", {"PRESS_AS_OF": BEFORE}),
        ("protected", {"PRESS_AS_OF": BEFORE, "PRESS_PREVIEW_PASSPHRASE": PASSPHRASE}),
        ("after", {"PRESS_AS_OF": AFTER, "PRESS_PREVIEW_PASSPHRASE": PASSPHRASE}),
    ):
        result = mkdocs_build(project, env={"SITE_URL": "https://press.example.org/", **env})
        assert result.returncode == 0, result.stderr
        shutil.copytree(project / "site", root / name)
        built[name] = root / name
    built["data"] = folder / "release.yaml"
    built["project"] = project
    return built


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def _forms(text: str) -> set[bytes]:
    """Return the ways a text can be written in a file of the site: as is, HTML- and JSON-escaped, URL-quoted."""
    forms = {
        text,
        html.escape(text, quote=True),
        html.escape(text, quote=False),
        json.dumps(text).strip('"'),
        json.dumps(text, ensure_ascii=False).strip('"'),
        quote(text),
    }
    return {form.encode("utf-8") for form in forms}


SEALED = re.compile(rb'(<script id="press-sealed" type="application/json">)[^<]*(</script>)')
"""A locked page's ciphertext: random base64, in which a short word of the release turns up by chance."""


def _contents(site: Path) -> dict[str, bytes]:
    """Return every file of the site by path, gzip files unpacked, and every path itself as a file's content.

    A locked page's ciphertext is left out (its bytes are random); each is checked to be base64.
    """
    contents: dict[str, bytes] = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        contents[f"path:{relative}"] = relative.encode("utf-8")
        if path.is_file():
            data = path.read_bytes()
            data = gzip.decompress(data) if path.suffix == ".gz" else data
            for match in SEALED.finditer(data):
                sealed = json.loads(match[0][len(match[1]) : -len(match[2])])
                assert set(sealed) == {"v", "kdf", "iterations", "salt", "iv", "ciphertext"}, relative
                assert sealed["iterations"] >= 600_000 and sealed["kdf"] == "PBKDF2-SHA256", relative
                for field in ("salt", "iv", "ciphertext"):
                    assert re.fullmatch(r"[A-Za-z0-9+/]+=*", sealed[field]), (relative, field)
            contents[relative] = SEALED.sub(rb"\1\2", data)
    return contents


def _needles(sites: dict[str, Path]) -> dict[str, set[bytes]]:
    """Return every text and number of the held release that the site does not show anyway, with its forms.

    Texts: every value of its data (headline, authors, lead, ids, counts, published figures, file
    names) of 4 characters or more. Numbers: every decimal figure of its pages once published
    (rates, intervals, P values). The image's bytes. What the held-back build (without the
    release) contains as well (a word such as "planned", a year) cannot reveal it and is left out.
    """
    data = yaml.safe_load(sites["data"].read_text(encoding="utf-8"))
    texts = {text.strip() for text in _leaves(data) if len(text.strip()) >= 4}
    after = sites["after"]
    for page in after.glob(f"**/{HELD}/**/index.html"):
        texts |= set(re.findall(r"\d+(?:\.\d+)+|\d+/\d+", article_text(page)))
    baseline = b"\n".join(_contents(sites["held"]).values())
    needles = {text: {form for form in _forms(text) if form not in baseline} for text in texts}
    needles = {text: forms for text, forms in needles.items() if forms}
    needles["image"] = {(Path(sites["data"]).parent / IMAGE).read_bytes()}
    return needles


def test_nothing_of_the_held_release_is_readable(sites: dict[str, Path]) -> None:
    needles = _needles(sites)
    # The needles are real: the release's headline, figures and image are in the published site.
    published = b"\n".join(_contents(sites["after"]).values())
    assert len(needles) > 50, len(needles)
    found = [text for text, forms in needles.items() if any(form in published for form in forms)]
    assert len(found) > 0.7 * len(needles), sorted(set(needles) - set(found))[:20]
    # Before the lift, with the passphrase: none of them in any file or path of the site.
    leaks = [
        (text, name)
        for name, content in _contents(sites["protected"]).items()
        for text, forms in needles.items()
        if any(form in content for form in forms)
    ]
    assert leaks == []
    # Its pages are there, locked, under the keyed hash of its id, and nothing else of it.
    folder = protect.address(PASSPHRASE, HELD)
    for prefix, lang in (("", "ja"), ("en/", "en")):
        files = sorted(
            p.relative_to(sites["protected"]).as_posix()
            for p in (sites["protected"] / prefix / folder).rglob("*")
            if p.is_file()
        )
        assert files == sorted(f"{prefix}{folder}/{page}index.html" for page in PAGES)
        page = (sites["protected"] / prefix / folder / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in page and "press-sealed" in page
        assert (
            "報道解禁日時：2027年1月15日 9:00 JST" if lang == "ja" else "Embargoed until Jan 15, 2027, 09:00 JST"
        ) in page
    assert folder.encode() not in b"".join(
        (sites["protected"] / name).read_bytes() for name in ("sitemap.xml", "search/search_index.json", "index.html")
    )


def _unlock(page: Page, passphrase: str) -> None:
    page.get_by_label(re.compile("Passphrase|パスフレーズ")).fill(passphrase)
    page.get_by_role("button").click()


def test_preview_links_give_the_protected_addresses(sites: dict[str, Path]) -> None:
    env = {
        **os.environ,
        "PRESS_AS_OF": BEFORE,
        "PRESS_PREVIEW_PASSPHRASE": PASSPHRASE,
        "SITE_URL": "https://p.example/",
    }
    result = subprocess.run(
        [sys.executable, "-m", "generator", "preview-links"],
        cwd=sites["project"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    folder = protect.address(PASSPHRASE, HELD)
    assert (sites["protected"] / folder / "index.html").is_file()
    assert result.stdout == (
        f"{HELD}\tja\t2027-01-15T09:00:00+09:00\thttps://p.example/{folder}/\n"
        f"{HELD}\ten\t2027-01-15T09:00:00+09:00\thttps://p.example/en/{folder}/\n"
    )
    env.pop("PRESS_PREVIEW_PASSPHRASE")
    missing = subprocess.run(
        [sys.executable, "-m", "generator", "preview-links"],
        cwd=sites["project"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert missing.returncode == 2 and "PRESS_PREVIEW_PASSPHRASE is not set" in missing.stderr


def test_the_passphrase_unlocks_the_release(sites: dict[str, Path], browser: Browser) -> None:
    folder = protect.address(PASSPHRASE, HELD)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serve_directory(sites["protected"]) as url:
        context = browser.new_context(viewport=DESKTOP, service_workers="block")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}/{folder}/")
        expect(page.locator("h1")).to_contain_text("報道解禁")
        expect(page.locator("main")).to_contain_text("2027年1月15日 9:00 JST")
        _unlock(page, "wrong passphrase")
        expect(page.get_by_role("alert")).to_be_visible(timeout=20_000)
        expect(page.get_by_role("alert")).to_contain_text("パスフレーズ")
        page.screenshot(path=str(SCREENSHOTS / "protected-desktop-ja-wrong.png"), full_page=True)
        phone = browser.new_context(viewport=PHONE, service_workers="block").new_page()
        phone.goto(f"{url}/en/{folder}/results/")
        expect(phone.locator("h1")).to_contain_text("embargo")
        phone.screenshot(path=str(SCREENSHOTS / "protected-phone-en-locked.png"), full_page=True)
        phone.context.close()
        _unlock(page, PASSPHRASE)
        expect(page.locator("article h1")).to_contain_text("新薬Xはプラセボに比べて妊娠率を高めた", timeout=20_000)
        picture = page.locator("figure.release-image img")
        expect(picture).to_have_attribute("src", re.compile("^data:image/png;base64,"))
        assert picture.evaluate("img => img.complete && img.naturalWidth") == 64
        page.screenshot(path=str(SCREENSHOTS / "protected-desktop-ja-unlocked.png"), full_page=True)
        # The release's other pages open at once in this tab: the key is kept for the tab.
        page.goto(f"{url}/{folder}/results/")
        expect(page.locator("article h1")).to_be_visible(timeout=20_000)
        figure = page.locator("figure.results-figure img")
        expect(figure).to_have_attribute("src", re.compile("^data:image/svg\\+xml;base64,"))
        assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
        page.goto(f"{url}/en/{folder}/publication/")
        expect(page.locator("article")).to_contain_text("Example University Hospital", timeout=20_000)
        assert errors == []
        context.close()
    # Offline, from file://, in a fresh browser context, in English.
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    page = context.new_page()
    page.goto((sites["protected"] / "en" / folder / "index.html").as_uri())
    expect(page.locator("h1")).to_contain_text("embargo")
    page.screenshot(path=str(SCREENSHOTS / "protected-desktop-en-locked-file.png"), full_page=True)
    _unlock(page, PASSPHRASE)
    expect(page.locator("article h1")).to_contain_text("Drug X raised the pregnancy rate", timeout=20_000)
    context.close()


def test_after_the_lift_the_protected_address_redirects(sites: dict[str, Path], browser: Browser) -> None:
    folder = protect.address(PASSPHRASE, HELD)
    after = sites["after"]
    assert "Drug X raised the pregnancy rate" in (after / "en" / HELD / "index.html").read_text(encoding="utf-8")
    assert "press-sealed" not in b"".join(path.read_bytes() for path in after.rglob("*.html")).decode("utf-8")
    # The problems banner of `mkdocs serve` never reaches a built site.
    for name in ("held", "protected", "after"):
        assert not [path for path in sites[name].rglob("*.html") if b"press-problems" in path.read_bytes()]
    with serve_directory(after) as url:
        context = browser.new_context(viewport=DESKTOP, service_workers="block")
        page = context.new_page()
        for prefix in ("", "en/"):
            for name in PAGES:
                page.goto(f"{url}/{prefix}{folder}/{name}")
                page.wait_for_url(f"{url}/{prefix}{HELD}/{name}")
                expect(page.locator("article h1")).to_be_visible()
        context.close()
