"""Page metadata: every built page carries a description, Open Graph, Twitter and JSON-LD tags.

The JSON-LD is read from the built HTML and expanded with pyld; the schema.org context comes
from a file in tests/data (no network), so the check is that the documents are valid JSON-LD
whose terms expand into schema.org's vocabulary and carry what Google's article documentation
asks for (headline, image, datePublished, dateModified, author, publisher).
"""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pyld import jsonld

from generator.pages.meta import Addresses, script_json, trim, yaml_text
from tests.conftest import RELEASE_ID, copy_project, mkdocs_build, synthetic_release, write_release

SCHEMA = "https://schema.org/"
CONTEXT = json.loads((Path(__file__).resolve().parent / "data" / "schema-org-context.jsonld").read_text("utf-8"))
SITE_URL = "https://press.example.org/"


def local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Serve schema.org's context from the file in tests/data; refuse anything else (no network)."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}
    raise AssertionError(f"JSON-LD loaded {url}")


class Head(HTMLParser):
    """Collect a page's <title>, <meta>, <link> and JSON-LD scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.jsonld: list[str] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta.setdefault(values.get("property") or values["name"], []).append(values.get("content", ""))
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in = "jsonld"
            self.jsonld.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "jsonld":
            self.jsonld[-1] += data
        elif self._in == "title":
            self.title += data


def read_head(page: Path) -> Head:
    parser = Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("index.html") if "search" not in path.parts)


def page_url(site: Path, page: Path, base: str) -> str:
    return urljoin(base, page.parent.relative_to(site).as_posix() + "/").replace("/./", "/")


def resolve(site: Path, url: str, base: str) -> Path:
    """Return the file a (possibly relative) address points to inside the site."""
    path = urlparse(urljoin(base, url)).path
    return site / path.lstrip("/")


def expanded(document: str, base: str) -> list[dict[str, Any]]:
    result = jsonld.expand(json.loads(document), {"documentLoader": local_loader, "base": base})
    assert isinstance(result, list)
    return result


def values(node: dict[str, Any], name: str) -> list[Any]:
    return list(node.get(SCHEMA + name, []))


def one(node: dict[str, Any], name: str) -> Any:
    [value] = values(node, name)
    return value.get("@value", value.get("@id", value))


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a copy with two releases and a site URL (home page lists them)."""
    project = copy_project(tmp_path_factory.mktemp("meta") / "project")
    write_release(project, "2027-01-15-synthetic", synthetic_release())
    result = mkdocs_build(project, env={"SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": "1779062400"})
    assert result.returncode == 0, result.stderr
    return project / "site"


def check_page(site: Path, page: Path, base: str, absolute: bool) -> dict[str, Any]:
    """Check one built page's head and return its main JSON-LD node."""
    head = read_head(page)
    lang = "en" if page.relative_to(site).parts[0] == "en" else "ja"
    for name in ("description", "twitter:card", "twitter:title", "twitter:description", "twitter:image"):
        assert head.meta.get(name, [""])[0], f"{page}: no {name}"
    for name in ("og:type", "og:title", "og:description", "og:image", "og:image:alt", "og:locale", "og:site_name"):
        assert head.meta.get(name, [""])[0], f"{page}: no {name}"
    assert head.meta["twitter:card"] == ["summary_large_image"]
    assert head.meta["og:locale"] == [{"ja": "ja_JP", "en": "en_US"}[lang]]
    assert head.meta["og:title"] == [head.title]
    assert len(head.meta["description"][0]) <= 160
    assert not any(name.startswith("citation_") for name in head.meta), "no Highwire tags on a release page"
    image = resolve(site, head.meta["og:image"][0], base)
    assert image.is_file() and image.name == "card.png", image
    feeds = [link for link in head.links if link.get("type") == "application/atom+xml"]
    assert sorted(link["hreflang"] for link in feeds) == ["en", "ja"]
    assert all(resolve(site, link["href"], base).is_file() for link in feeds)
    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    hreflang = {
        link["hreflang"]: link["href"] for link in head.links if link.get("rel") == "alternate" and "type" not in link
    }
    if absolute:
        assert canonical == [base] and head.meta["og:url"] == [base]
        assert set(hreflang) == {"ja", "en", "x-default"}
        assert all(resolve(site, href, base).joinpath("index.html").is_file() for href in hreflang.values())
    else:
        assert canonical == [] and "og:url" not in head.meta and hreflang == {}
        assert "://" not in head.meta["og:image"][0]
    [document] = head.jsonld
    assert "</" not in document
    [node] = expanded(document, base)
    assert SCHEMA + "inLanguage" in node and one(node, "inLanguage") == lang
    return node


def check_article(site: Path, node: dict[str, Any], base: str) -> None:
    """Check the properties Google's article documentation asks for, and the study and paper."""
    assert node["@type"] == [SCHEMA + "NewsArticle"]
    assert one(node, "headline")
    for name in ("datePublished", "dateModified"):
        dt.date.fromisoformat(one(node, name)[:10])
    [image] = values(node, "image")
    assert resolve(site, one(image, "url"), base).is_file()
    for role in ("author", "publisher"):
        [organization] = values(node, role)
        assert organization["@type"] == [SCHEMA + "Organization"] and one(organization, "name")
    [study] = values(node, "about")
    assert study["@type"] == [SCHEMA + "MedicalTrial"]
    assert [one(drug, "name") for drug in values(study, "studySubject")] in (["タクロリムス"], ["tacrolimus"])
    assert values(study, "studySubject")[0]["@type"] == [SCHEMA + "Drug"]
    assert one(values(study, "healthCondition")[0], "name")
    # The trial by its name (not the subtitle's claim), its design as the release states it.
    assert one(study, "name") in (
        "重症不妊症患者に対するタクロリムスの多施設共同2用量単群試験",
        "Multicenter two-dose single-group trial of tacrolimus in patients with severe infertility",
    )
    assert {item["@id"] for item in values(study, "trialDesign")} == {SCHEMA + "MultiCenterTrial"}
    # AMED funded the trial: a funder (through the study's funding), not a sponsor.
    assert "sponsor" not in str(study)
    [grant] = values(study, "funding")
    [funder] = values(grant, "funder")
    assert funder["@type"] == [SCHEMA + "Organization"] and "AMED" in one(funder, "name")
    [paper] = values(node, "citation")
    assert paper["@type"] == [SCHEMA + "ScholarlyArticle"]
    assert paper["@id"] == one(paper, "sameAs") == "https://doi.org/10.1016/j.jri.2026.104904"
    assert one(values(paper, "identifier")[0], "value") == "10.1016/j.jri.2026.104904"
    assert len(values(paper, "author")) == 11
    assert one(values(paper, "isPartOf")[0], "name") == "Journal of Reproductive Immunology"
    assert one(paper, "datePublished") == "2026-05"


@pytest.mark.slow
def test_every_page_without_a_site_url(built_site: Path) -> None:
    found = pages(built_site)
    assert len(found) == 2 + 2 * 5
    homes = 0
    for page in found:
        base = page_url(built_site, page, "http://localhost/")
        node = check_page(built_site, page, base, absolute=False)
        if node["@type"] == [SCHEMA + "CollectionPage"]:
            homes += 1
            assert [part["@type"] for part in values(node, "hasPart")] == [[SCHEMA + "NewsArticle"]]
        else:
            check_article(built_site, node, base)
    assert homes == 2


@pytest.mark.slow
def test_every_page_with_a_site_url(site_with_url: Path) -> None:
    found = pages(site_with_url)
    assert len(found) == 2 + 2 * 2 * 5
    homes = 0
    for page in found:
        base = page_url(site_with_url, page, SITE_URL)
        node = check_page(site_with_url, page, base, absolute=True)
        if node["@type"] == [SCHEMA + "CollectionPage"]:
            homes += 1
            parts = values(node, "hasPart")
            assert [part["@type"] for part in parts] == [[SCHEMA + "NewsArticle"]] * 2
            assert one(parts[0], "datePublished") == "2027-01-15"
            assert all(
                resolve(site_with_url, one(part, "url"), base).joinpath("index.html").is_file() for part in parts
            )
        else:
            check_article(site_with_url, node, base)
            assert node["@id"].startswith(SITE_URL)
    assert homes == 2


@pytest.mark.slow
def test_titles_name_the_page_the_release_and_the_issuer(built_site: Path) -> None:
    assert read_head(built_site / "en" / RELEASE_ID / "results" / "index.html").title == (
        "Results — World first: a new treatment developed for infertility — "
        "National Center for Child Health and Development"
    )
    assert read_head(built_site / RELEASE_ID / "results" / "index.html").title == (
        "結果｜世界初・不妊症に対する新たな治療方法を開発｜国立成育医療研究センター"
    )
    assert (
        read_head(built_site / RELEASE_ID / "index.html").title
        == "世界初・不妊症に対する新たな治療方法を開発｜国立成育医療研究センター"
    )


@pytest.mark.slow
def test_robots_and_sitemap_follow_the_site_url(built_site: Path, site_with_url: Path) -> None:
    assert (built_site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert not (built_site / "sitemap.xml").exists()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in (site_with_url / "robots.txt").read_text()
    sitemap = (site_with_url / "sitemap.xml").read_text(encoding="utf-8")
    listed = {urlparse(url.split("<")[0]).path for url in sitemap.split("<loc>")[1:]}
    listed |= {urlparse(url.split('"')[0]).path for url in sitemap.split('href="')[1:]}
    built = {"/" + page.parent.relative_to(site_with_url).as_posix() + "/" for page in pages(site_with_url)}
    assert listed == {path.replace("/./", "/") for path in built}


def test_json_ld_cannot_close_its_script_element() -> None:
    text = script_json({"headline": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"headline": "</script><script>alert(1)</script> & <!--"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short.", "Short."),
        (
            "A first sentence of some length, " + "a" * 60 + ". Then more. " + "x" * 200,
            "A first sentence of some length, " + "a" * 60 + ". Then more.",
        ),
        # A sentence shorter than half the limit is too little: cut at a word instead.
        ("Short one. " + "word " * 40, "Short one. " + ("word " * 29).strip() + "…"),
        ("word " * 60, ("word " * 31).strip() + "…"),
        ("あ" * 100 + "。" + "い" * 100, "あ" * 100 + "。"),
        ("あ" * 300, "あ" * 159 + "…"),
        ("あ" * 120 + "、" + "い" * 100, "あ" * 120 + "…"),
    ],
)
def test_descriptions_are_cut_at_a_sentence_or_a_word(text: str, expected: str) -> None:
    assert trim(text) == expected
    assert len(trim(text)) <= 160


@pytest.mark.parametrize(
    ("here", "path", "relative"),
    [
        ("", "", "./"),
        ("results/", "", "../"),
        ("en/results/", "card.png", "../../card.png"),
        ("en/", "en/feed.xml", "feed.xml"),
        ("en/x/results/", "en/x/", "../"),
    ],
)
def test_addresses_are_relative_without_a_site_url(here: str, path: str, relative: str) -> None:
    assert Addresses(None).href(here, path) == relative
    assert Addresses("https://a.example/press/").href(here, path) == "https://a.example/press/" + path


NASTY = '</script><script>alert(1)</script> "quoted" & <!-- --> {{ x }} ---\n: yes'


@pytest.mark.slow
def test_hostile_text_stays_text_in_every_tag(project: Path, edit_release: Any) -> None:
    def change(data: dict[str, Any]) -> None:
        for lang in ("ja", "en"):
            data["headline"][lang] = NASTY
            data["issuer"][lang] = NASTY
            data["lead"][0][lang] = NASTY
            data["subtitle"][lang] = NASTY
            data["subtitle"].pop("quotes", None)
            data["study"]["drugs"][0][lang] = NASTY

    edit_release(change)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    flat = " ".join(NASTY.split())
    for page in pages(site):
        assert "<script>alert(1)" not in page.read_text(encoding="utf-8")
    for page in pages(site / RELEASE_ID) + pages(site / "en" / RELEASE_ID):
        head = read_head(page)
        assert flat in head.title
        assert head.meta["og:description"][0].startswith(flat)
        [document] = head.jsonld
        data = json.loads(document)
        assert data["headline"] == flat
        assert data["about"]["studySubject"][0]["name"] == flat


def test_the_trial_names_its_registry_records() -> None:
    from generator.data.press import Registration
    from generator.pages.meta import study
    from tests.conftest import real_release

    release = real_release().release
    registered = release.model_copy(update={"registration": [Registration(registry="jrct", id="jRCTs031200000")]})
    trial = study(registered, "en")
    assert trial is not None
    assert trial["identifier"] == [
        {
            "@type": "PropertyValue",
            "propertyID": "jRCT",
            "value": "jRCTs031200000",
            "url": "https://jrct.mhlw.go.jp/latest-detail/jRCTs031200000",
        }
    ]
    unregistered = study(release, "en")
    assert unregistered is not None and "identifier" not in unregistered


def _front_matter_data() -> st.SearchStrategy[dict[str, Any]]:
    text = st.text(st.characters(codec="utf-8"), max_size=40)
    keys = st.from_regex(r"[a-z_]{1,12}", fullmatch=True)  # the front matter's keys are names
    item = st.one_of(text, st.dictionaries(keys, text, min_size=1, max_size=3))
    value = st.one_of(text, st.lists(item, min_size=1, max_size=3), st.dictionaries(keys, text, min_size=1, max_size=3))
    return st.dictionaries(keys, st.one_of(value, st.dictionaries(keys, value, min_size=1, max_size=4)), max_size=4)


@settings(max_examples=300, deadline=None)
@given(data=_front_matter_data())
def test_front_matter_yaml_is_libyamls_byte_for_byte(data: dict[str, Any]) -> None:
    # The front matter is written without PyYAML (20 times faster): it must be what PyYAML's
    # libyaml emitter writes for the same data, and read back as the same data.
    dumper = getattr(yaml, "CSafeDumper", None)
    if dumper is None:
        pytest.skip("PyYAML has no libyaml here")
    expected = yaml.dump(data, Dumper=dumper, allow_unicode=True, default_style='"', sort_keys=True, width=2**30)
    assert yaml_text(data) == (expected if data else "")
    assert yaml.safe_load(yaml_text(data)) == (data or None)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ja",
            "免疫の関与する不妊症に対して「タクロリムス」は安全かつ有効。"
            "胚移植後3週間での臨床的妊娠の有無：低用量で66.7%（10/15）、高用量で55.6%（5/9）。",
        ),
        (
            "en",
            "Tacrolimus is safe and effective for immune-related infertility. "
            "Low dose 66.7% (10/15) and high dose 55.6% (5/9).",
        ),
    ],
)
def test_the_description_is_the_subtitle_and_the_main_result(lang: str, expected: str) -> None:
    from generator.pages.meta import description
    from generator.stats.compute import release_figures
    from tests.conftest import real_release

    release = real_release().release
    text = description(release, release_figures(release), lang)
    assert text == expected
    assert len(text) <= 160
