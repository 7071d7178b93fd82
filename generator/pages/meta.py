"""Describe each page for search engines and social media: title, description, Open Graph, JSON-LD.

The generator writes this into each page's front matter under `head`; overrides/main.html turns it
into <title>, <meta>, <link> and a JSON-LD <script>, escaping every value. JSON-LD is serialized
here, with "<", ">" and "&" escaped, so that no text from the data can close the script element.

Addresses are absolute only where the site's address (SITE_URL, MkDocs' site_url) is known;
without it the canonical, hreflang and og:url tags are left out and every other address is
relative to the page (as JSON-LD resolves relative IRIs against the page). Pages have directory
URLs (mkdocs.yml: use_directory_urls), so results/index.md is served as results/.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from dataclasses import dataclass
from typing import Any

from babel.lists import format_list

from generator.data.i18n import translations
from generator.data.languages import LANGUAGES, mid_sentence
from generator.data.models import Release
from generator.data.press import REGISTRY_NAMES, registry_url
from generator.outputs.citations import doi_url, split_name
from generator.stats.compute import ReleaseFigures
from generator.stats.main_result import main_result
from generator.stats.shown import ShownRelease

DESCRIPTION_LIMIT = 160
"""Longest description, in characters; longer text is cut at a sentence or word, with an ellipsis."""

CARD_FILE = "card.png"
"""The social card's file name in each release's folder."""
CARD_WIDTH, CARD_HEIGHT = 1200, 630

OG_LOCALES = {"ja": "ja_JP", "en": "en_US"}
"""Open Graph locale of each language (English dates follow Babel's en, i.e. US, format)."""

_ESCAPES = {
    "\0": "0",
    "\a": "a",
    "\b": "b",
    "\t": "t",
    "\n": "n",
    "\v": "v",
    "\f": "f",
    "\r": "r",
    "\x1b": "e",
    "\x85": "N",
    "\u2028": "L",
    "\u2029": "P",
}
_UNPRINTABLE = re.compile(r"[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
"""What libyaml escapes in a double-quoted scalar besides the quote and the backslash: line
breaks, the byte order mark, every character YAML does not call printable, and those beyond U+FFFF."""


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if char in _ESCAPES:
        return "\\" + _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _quoted(text: str) -> str:
    """Return text as a YAML double-quoted scalar, escaped as libyaml escapes it."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')  # the JSON-LD holds hundreds of quotes
    if _UNPRINTABLE.search(text):
        text = _UNPRINTABLE.sub(_escape, text)
    return f'"{text}"'


def _yaml_lines(mapping: dict[str, Any], indent: int) -> list[str]:
    """Return a mapping of text, lists and mappings as YAML block lines, every scalar double-quoted.

    The lines are the ones PyYAML writes with libyaml's emitter (keys sorted, sequences not
    indented under their key), byte for byte, in a twentieth of its time: a site of 100 releases
    has 1,002 front matters (tests/test_meta.py compares the two on any text).
    """
    pad = " " * indent
    lines: list[str] = []
    for key in sorted(mapping):
        value = mapping[key]
        name = _quoted(key)
        if isinstance(value, str):
            lines.append(f"{pad}{name}: {_quoted(value)}")
        elif isinstance(value, dict) and value:
            lines.append(f"{pad}{name}:")
            lines.extend(_yaml_lines(value, indent + 2))
        elif isinstance(value, list) and value:
            lines.append(f"{pad}{name}:")
            for item in value:
                if isinstance(item, str):
                    lines.append(f"{pad}- {_quoted(item)}")
                elif isinstance(item, dict) and item:
                    first, *rest = _yaml_lines(item, indent + 2)
                    lines.extend([f"{pad}- {first[indent + 2 :]}", *rest])
                else:
                    raise TypeError(f"no YAML for {item!r} in front matter")
        else:
            raise TypeError(f"no YAML for {value!r} in front matter")
    return lines


def yaml_text(mapping: dict[str, Any]) -> str:
    """Return a mapping of text, lists and mappings as YAML, every scalar double-quoted."""
    return "".join(line + "\n" for line in _yaml_lines(mapping, 0))


_SPACES = re.compile(r"\s+")
_LINK = re.compile(r"(?<!!)\[([^\[\]]+)\]\((https?://[^\s()<>\"'`\\]+)\)")
_EMPHASIS = re.compile(r"\*\*(?=\S)([^*]+?)(?<=\S)\*\*|\*(?=\S)([^*]+?)(?<=\S)\*")
_SENTENCE_END = re.compile(r"(?<=[。．！？])|(?<=[.!?])\s")


@dataclass(frozen=True)
class Addresses:
    """Where the site lives, and how one page refers to another."""

    site_url: str | None
    """The site's address, e.g. https://press.example.org/; None when unknown."""

    @staticmethod
    def prefix(lang: str) -> str:
        """Return a language's folder in the site: the default language is at the root."""
        return "" if lang == LANGUAGES[0] else f"{lang}/"

    def page(self, lang: str, base: str, filename: str) -> str:
        """Return a page's path from the site root, e.g. en/results/ for en, results/index.md."""
        stem = filename.removesuffix(".md")
        folder = "" if stem == "index" else stem.removesuffix("/index") + "/"
        return self.prefix(lang) + base + folder

    def absolute(self, path: str) -> str | None:
        """Return the absolute address of a path from the site root, or None without a site URL."""
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + path

    def href(self, here: str, path: str) -> str:
        """Return the address of path as written on the page at here: absolute if possible, else relative."""
        absolute = self.absolute(path)
        if absolute is not None:
            return absolute
        relative = posixpath.relpath("/" + path, "/" + here)
        if relative == ".":
            return "./"
        return relative + "/" if path.endswith("/") or not path else relative


def plain(text: str) -> str:
    """Return a paragraph's text without the little Markdown paragraphs allow (links, emphasis)."""
    text = _LINK.sub(r"\1", _SPACES.sub(" ", text).strip())
    return _EMPHASIS.sub(lambda match: match[1] if match[1] is not None else match[2], text)


def trim(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Return text cut to limit characters: after the last whole sentence that fits, else at a word, with …."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    ends = [match.start() for match in _SENTENCE_END.finditer(text) if 0 < match.start() <= limit]
    if ends and ends[-1] >= limit // 2:
        return text[: ends[-1]].strip()
    cut = text[: limit - 1]
    # Japanese has no spaces: cut after a comma (、) instead, where there is one late enough.
    boundary = max(cut.rfind(" "), cut.rfind("、") + 1, cut.rfind("，") + 1)
    if boundary >= limit // 2:
        cut = cut[:boundary]
    return cut.rstrip(" ,;:/、，／") + "…"


def description(release: Release, figures: ReleaseFigures, lang: str) -> str:
    """Return the release's description: its subtitle and its main result (computed), within the limit.

    The richest wording that fits: the endpoint named, then without it, then the subtitle alone.
    """
    gettext = translations(lang).gettext
    result = main_result(ShownRelease(release, figures, lang))
    subtitle = _one_line(release.subtitle[lang]).rstrip(".。")
    if result.comparison is not None:
        found = gettext("%(measure)s %(estimate)s (%(ci_label)s %(ci)s), %(comparison)s") % {
            "measure": mid_sentence(result.comparison.measure, lang),
            "estimate": result.comparison.estimate,
            "ci_label": result.ci_label,
            "ci": result.comparison.ci,
            "comparison": result.comparison.comparison,
        }
    else:
        each = gettext("%(group)s %(figures)s")
        found = format_list(
            [each % {"group": mid_sentence(group.short, lang), "figures": group.summary} for group in result.groups],
            locale=lang,
        )
    for text in (
        gettext("%(subtitle)s. %(endpoint)s: %(result)s.")
        % {"subtitle": subtitle, "endpoint": result.endpoint, "result": found},
        gettext("%(subtitle)s. %(result)s.") % {"subtitle": subtitle, "result": found[:1].upper() + found[1:]},
    ):
        if len(text) <= DESCRIPTION_LIMIT:
            return text
    return trim(gettext("%(subtitle)s.") % {"subtitle": subtitle})


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def published(release: Release) -> str:
    """Return when the release was published as ISO 8601: its embargo time, else its date."""
    if release.embargo is not None:
        return release.embargo.isoformat()
    return release.date.isoformat()


def modified(release: Release) -> str:
    """Return when the release last changed as ISO 8601: its newest recorded update, else its publication."""
    dates = [update.date for update in release.updates]
    newest = max(dates, default=None)
    if newest is None or newest <= release.date:
        return published(release)
    return newest.isoformat()


def feed_time(value: str) -> dt.datetime:
    """Return an ISO date or time as the aware time Atom needs; a date alone is taken as 00:00 UTC."""
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def organization(name: str) -> dict[str, Any]:
    """Return an organisation as schema.org JSON-LD."""
    return {"@type": "Organization", "name": _one_line(name)}


def study(release: Release, lang: str) -> dict[str, Any] | None:
    """Return the study the release is about, as a schema.org MedicalTrial or MedicalStudy."""
    facts = release.study
    if facts is None:
        return None
    data: dict[str, Any] = {"@type": "MedicalTrial" if facts.kind == "trial" else "MedicalObservationalStudy"}
    if facts.name is not None:  # the study's name; never the subtitle, which is a claim about its result
        data["name"] = _one_line(facts.name[lang])
    data["healthCondition"] = {"@type": "MedicalCondition", "name": _one_line(facts.condition[lang])}
    if facts.kind == "trial" and facts.design:
        data["trialDesign"] = [f"https://schema.org/{design}" for design in facts.design]
    if facts.drugs:
        data["studySubject"] = [{"@type": "Drug", "name": _one_line(drug[lang])} for drug in facts.drugs]
    if facts.funders:
        # A funder is not a sponsor (who runs the trial): a MedicalStudy states who paid through
        # funding, a grant whose funder is the organisation.
        data["funding"] = [{"@type": "MonetaryGrant", "funder": organization(funder[lang])} for funder in facts.funders]
    if release.registration:
        data["identifier"] = [
            {
                "@type": "PropertyValue",
                "propertyID": REGISTRY_NAMES[record.registry],
                "value": record.id,
                "url": registry_url(record.registry, record.id),
            }
            for record in release.registration
        ]
    return data


def scholarly_article(release: Release) -> dict[str, Any]:
    """Return the paper as a schema.org ScholarlyArticle."""
    paper = release.publication
    url = doi_url(paper.doi)
    return {
        "@type": "ScholarlyArticle",
        "@id": url,
        "headline": _one_line(paper.title),
        "name": _one_line(paper.title),
        "author": [
            {"@type": "Person", "name": _one_line(author.name), **_person_parts(author.name)}
            for author in paper.authors
        ],
        "isPartOf": {"@type": "Periodical", "name": _one_line(paper.journal)},
        "datePublished": paper.published,
        "sameAs": url,
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi},
    }


def _person_parts(name: str) -> dict[str, str]:
    parts = split_name(name)
    return {"familyName": parts["family"], **({"givenName": parts["given"]} if "given" in parts else {})}


def script_json(data: dict[str, Any]) -> str:
    """Return JSON-LD for a <script> element: "<", ">" and "&" escaped, so no text can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class Head:
    """What the <head> of one page says about it."""

    title: str
    description: str
    kind: str
    """Open Graph type: article or website."""
    lang: str
    here: str
    """The page's path from the site root."""
    image: str
    """The page's social card: site-root path."""
    image_alt: str
    jsonld: dict[str, Any]
    published: str | None = None
    modified: str | None = None
    nav_title: str | None = None
    """The page's title in the navigation, where it is not its first heading."""


def release_heads(
    release: Release,
    figures: ReleaseFigures,
    lang: str,
    base: str,
    pages: list[tuple[str, str, str]],
    paths: Addresses,
) -> dict[str, Head]:
    """Return the head of each page of a release in lang, by file name.

    pages holds each page's file name, name (overview, results, ...) and English title.
    """
    gettext = translations(lang).gettext
    headline, issuer = _one_line(release.headline[lang]), _one_line(release.issuer[lang])
    text = description(release, figures, lang)
    card = paths.prefix(lang) + base + CARD_FILE
    overview = paths.page(lang, base, "index.md")
    heads = {}
    for filename, name, english_title in pages:
        here = paths.page(lang, base, filename)
        if name == "overview":
            title = gettext("%(headline)s — %(issuer)s") % {"headline": headline, "issuer": issuer}
        else:
            title = gettext("%(page)s — %(headline)s — %(issuer)s") % {
                "page": gettext(english_title),
                "headline": headline,
                "issuer": issuer,
            }
        article: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": paths.href(here, overview) + "#article",
            "url": paths.href(here, overview),
            "mainEntityOfPage": {"@type": "WebPage", "@id": paths.href(here, here), "name": title},
            "headline": headline,
            "alternativeHeadline": _one_line(release.subtitle[lang]),
            "description": text,
            "inLanguage": lang,
            "datePublished": published(release),
            "dateModified": modified(release),
            "image": [
                {
                    "@type": "ImageObject",
                    "url": paths.href(here, card),
                    "width": CARD_WIDTH,
                    "height": CARD_HEIGHT,
                }
            ],
            "author": organization(issuer),
            "publisher": organization(issuer),
            "citation": scholarly_article(release),
        }
        about = study(release, lang)
        if about is not None:
            article["about"] = about
        heads[filename] = Head(
            title=title,
            description=text,
            kind="article",
            lang=lang,
            here=here,
            image=card,
            image_alt=card_alt(release, lang),
            jsonld=article,
            published=published(release),
            modified=modified(release),
            nav_title=headline if name == "overview" else None,
        )
    return heads


def card_alt(release: Release, lang: str) -> str:
    """Return the text alternative of a release's social card."""
    gettext = translations(lang).gettext
    return gettext("%(headline)s — %(issuer)s") % {
        "headline": _one_line(release.headline[lang]),
        "issuer": _one_line(release.issuer[lang]),
    }


def home_head(releases: list[Release], lang: str, paths: Addresses) -> Head:
    """Return the head of the home page, the press room listing the releases (newest first)."""
    gettext = translations(lang).gettext
    newest = sorted(releases, key=lambda release: (release.date, release.id), reverse=True)
    here = paths.page(lang, "", "index.md")
    title = gettext("Press releases")
    text = trim(
        gettext("Press releases, newest first: %(headlines)s")
        % {"headlines": gettext(" / ").join(_one_line(release.headline[lang]) for release in newest)}
    )
    items = []
    for release in newest:
        overview = paths.page(lang, f"{release.id}/", "index.md")
        items.append(
            {
                "@type": "NewsArticle",
                "@id": paths.href(here, overview) + "#article",
                "url": paths.href(here, overview),
                "headline": _one_line(release.headline[lang]),
                "datePublished": published(release),
            }
        )
    page = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "@id": paths.href(here, here),
        "name": title,
        "description": text,
        "inLanguage": lang,
        "hasPart": items,
    }
    first = newest[0]
    return Head(
        title=title,
        description=text,
        kind="website",
        lang=lang,
        here=here,
        image=paths.prefix(lang) + f"{first.id}/" + CARD_FILE,
        image_alt=card_alt(first, lang),
        jsonld=page,
    )


def front_matter(
    head: Head,
    alternates: dict[str, str],
    feeds: list[tuple[str, str, str]],
    paths: Addresses,
    robots: str | None = None,
    *,
    locked: str | None = None,
) -> str:
    """Return the YAML front matter that carries a page's head to overrides/main.html.

    alternates maps each language to the same page's site-root path in that language; feeds
    holds each feed's language, title and site-root path; robots, where given, becomes the
    page's robots meta (noindex for an embargoed release in a preview). locked, the embargo
    notice of a release published encrypted, marks the page for the hook to encrypt and keeps
    it out of the search index. Every scalar is double-quoted, so
    no text can end the front matter or become YAML structure.
    """
    data: dict[str, Any] = {
        "head": {
            "title": head.title,
            "description": head.description,
            "type": head.kind,
            "locale": OG_LOCALES[head.lang],
            "locale_alternate": [OG_LOCALES[lang] for lang in LANGUAGES if lang != head.lang],
            "image": paths.href(head.here, head.image),
            "image_alt": head.image_alt,
            "image_width": str(CARD_WIDTH),
            "image_height": str(CARD_HEIGHT),
            "feeds": [
                {"lang": lang, "title": title, "href": paths.href(head.here, path)} for lang, title, path in feeds
            ],
            "jsonld": script_json(head.jsonld),
        }
    }
    if robots is not None:
        data["robots"] = robots
    if head.published is not None:
        data["head"]["published"] = head.published
    if head.modified is not None:
        data["head"]["modified"] = head.modified
    url = paths.absolute(head.here)
    if url is not None:
        data["head"]["url"] = url
        links = [{"lang": lang, "href": paths.absolute(path)} for lang, path in alternates.items()]
        links.append({"lang": "x-default", "href": paths.absolute(alternates[LANGUAGES[0]])})
        data["head"]["alternates"] = links
    if head.nav_title is not None:
        # MkDocs puts the title into <title>-like places unescaped; the README promises escaped titles.
        data["title"] = html.escape(head.nav_title, quote=True)
    if locked is not None:
        data["locked"] = locked
    hidden = "" if locked is None else "search:\n  exclude: true\n"
    return f"---\n{yaml_text(data)}{hidden}---\n\n"


def robots_txt(paths: Addresses) -> str:
    """Return robots.txt: everything may be crawled; the sitemap is named where the site's address is known."""
    sitemap = paths.absolute("sitemap.xml")
    return "User-agent: *\nAllow: /\n" + (f"\nSitemap: {sitemap}\n" if sitemap else "")
