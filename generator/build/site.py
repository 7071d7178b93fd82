"""Generate the whole site in memory: load and check everything first, then render."""

from __future__ import annotations

import hashlib
import logging
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from generator.build import embargo, protect
from generator.build.memo import Memo
from generator.build.project import Project, site_address
from generator.build.sources import folders_digest
from generator.data.attachments import Attachment, read_attachments
from generator.data.i18n import LOCALES_DIR, translations
from generator.data.languages import LANGUAGES
from generator.data.loader import LoadedRelease, load_releases
from generator.data.models import Release
from generator.errors import ClaimsError, ClaimWarning, DataError, GeneratorError, Problem, VerificationError
from generator.outputs.card_drawing import CardDrawing
from generator.outputs.cards import Card
from generator.outputs.citations import citation_files, file_names
from generator.outputs.feeds import FEED_FILE, FeedEntry, atom_feed
from generator.outputs.figure import FigureSpec
from generator.outputs.figure_drawing import FigureDrawing
from generator.outputs.figure_spec import FIGURE_FILE, FIGURE_NARROW_FILE, NARROW_FIGURE_WIDTH
from generator.pages import meta
from generator.pages.common import HOME_TEMPLATE, PAGE_KINDS, long_date, template_variables
from generator.pages.context import release_contexts
from generator.pages.home import home_context
from generator.pages.press_context import FILES_FOLDER, embargo_notice, latest_update, press_context
from generator.pages.publication import CITATION_FOLDER
from generator.pages.render import render
from generator.stats import claims, compute, verify

log = logging.getLogger(__name__)

FIGURES_PER_RELEASE = 2 * len(LANGUAGES)
"""A release's results figure, wide and narrow, in each language."""


@dataclass(frozen=True)
class Site:
    """The generated files, in memory, and the navigation MkDocs should show."""

    files: dict[str, bytes]
    """Content by path relative to docs/, e.g. ja/results/index.md."""
    nav: tuple[str, ...]
    """Page paths inside each language folder, in navigation order."""
    releases: int
    schedule: embargo.Schedule | None = None
    """Which releases this build publishes and for how long that holds (None: no embargo logic ran)."""
    site_names: dict[str, str] | None = None
    """The header's name in each language: the issuer's, when every release has the same one."""
    logo: str | None = None
    """The header's logo, relative to each language's folder: the issuer's, when there is one issuer."""
    warnings: tuple[ClaimWarning, ...] = ()
    """Words of the releases that claim more than their design or data show (generator.stats.claims)."""


def card(release: Release, lang: str) -> Card:
    """Return the text of a release's social card in lang."""
    gettext = translations(lang).gettext
    date = long_date(release.date, lang)
    return Card(lang, release.headline[lang], release.issuer[lang], date, gettext("Press release"))


def feed_title(lang: str) -> str:
    """Return the title of the feed in lang."""
    return translations(lang).gettext("Press releases")


def feed_links(paths: meta.Addresses) -> list[tuple[str, str, str]]:
    """Return each language's feed: its language, title and path from the site root."""
    return [(lang, feed_title(lang), paths.prefix(lang) + FEED_FILE) for lang in LANGUAGES]


def feed(
    releases: list[Release], figures: Mapping[str, compute.ReleaseFigures], lang: str, paths: meta.Addresses
) -> bytes:
    """Return the Atom feed of the published releases in lang."""
    here = paths.prefix(lang)
    entries = [
        FeedEntry(
            key=release.id,
            title=release.headline[lang],
            summary=meta.description(release, figures[release.id], lang),
            href=paths.href(here, paths.page(lang, f"{release.id}/", "index.md")),
            author=release.issuer[lang],
            published=meta.feed_time(meta.published(release)),
            updated=meta.feed_time(meta.modified(release)),
        )
        for release in releases
    ]
    # The feed's id must not change when a release is added: it comes from the site's address,
    # or, without one, from the issuers' names.
    key = paths.site_url or "|".join(sorted({release.issuer["en"] for release in releases}))
    return atom_feed(entries, lang, feed_title(lang), paths.href(here, here + FEED_FILE), paths.href(here, here), key)


def _keep(files: Mapping[str, bytes]) -> None:
    """Do nothing with files as they are made: generate() returns them all."""


def generate(
    project: Project,
    stage: Callable[[Mapping[str, bytes]], None] = _keep,
    memo: Memo | None = None,
    *,
    draw: bool = True,
    strict: bool = False,
) -> Site:
    """Load, compute, verify and render every page; raise GeneratorError before anything is written.

    Each release's files are handed to stage as soon as they are made (the builder starts
    writing them to temporary files), and all of them are returned in the Site. memo, when
    given, keeps what this run made for the next one, which reuses what did not change.
    draw=False (`generator check`) leaves out the social cards and the figures' SVG, and starts
    no child process: everything else is made and checked. strict=True (`check --strict`) turns
    the claims warnings, other than attributed claims, into errors.
    """
    memo = memo if memo is not None else Memo(kept=False)
    # 1. Check the site's address, then read and validate every release and its files; every data
    #    problem is reported at once.
    project = replace(project, site_url=site_address(project.site_url))
    moment = embargo.as_of()
    previewing = embargo.preview()
    loaded = load_releases(project.data_dir, memo.parsed)
    attachments: dict[str, dict[str, Attachment]] = {}
    file_problems: list[Problem] = list(embargo.check_dates(loaded, moment))
    for item in loaded:
        try:
            attachments[item.release.id] = read_attachments(item, project.data_dir.parent)
        except DataError as error:
            file_problems.extend(error.problems)
    if file_problems:
        raise DataError(file_problems)
    # 2. Decide which releases this build publishes (a preview shows them all, marked), and
    #    start drawing their social cards in child processes: they need only the text, and
    #    they draw while this process computes, checks and renders.
    plan = embargo.schedule([item.release for item in loaded], moment)
    published = loaded if previewing else [item for item in loaded if item.release.id in plan.published]
    # With the journalists' passphrase, each release under embargo is rendered too, under the
    # keyed hash of its id; MkDocs' pages of it are encrypted after the build (protect.py).
    secret = None if previewing else protect.passphrase()
    protected = {
        item.release.id: protect.address(secret, item.release.id)
        for item in loaded
        if secret is not None and item.release.id in plan.held
    }
    redirects = {
        item.release.id: protect.address(secret, item.release.id)
        for item in published
        if secret is not None and item.release.embargo is not None
    }
    cards = CardDrawing(
        {
            f"{lang}/{item.release.id}/{meta.CARD_FILE}": card(item.release, lang)
            for item in (published if draw else [])
            for lang in LANGUAGES
        },
        project.docs_dir,
    )
    try:
        # 3. Compute every figure and check the published ones against it (every release, even
        #    one held back: its data must be right before its embargo lifts).
        figures = _figures(loaded, memo)
        checked = _checks(loaded, figures, memo)
        mismatches = [problem for problems, _ in checked for problem in problems]
        if mismatches:
            raise VerificationError(mismatches)
        # 4. Look for words that claim more than each design shows: warnings, errors when strict.
        warnings = tuple(warning for _, found in checked for warning in found)
        unattributed = [warning for warning in warnings if warning.attributed is None]
        if strict and unattributed:
            raise ClaimsError(unattributed)
        embargo.log_held([item.release for item in loaded], plan, moment, previewing)
        # 5. Render every page of every language. The home page lists the releases and each
        #    release lives in its own folder from its first build, so its addresses never change.
        site = _site(
            project,
            published,
            figures,
            attachments,
            plan,
            previewing,
            cards,
            stage,
            memo,
            draw,
            Protection([item for item in loaded if item.release.id in protected], protected, redirects),
        )
        return replace(site, warnings=warnings)
    finally:
        cards.close()


def _figures(loaded: list[LoadedRelease], memo: Memo) -> dict[str, compute.ReleaseFigures]:
    """Compute every release's figures, reusing those of a release whose data did not change."""
    if not memo.kept:
        return {item.release.id: compute.loaded_figures(item) for item in loaded}
    previous, memo.figures = memo.figures, {}
    figures: dict[str, compute.ReleaseFigures] = {}
    for item in loaded:
        digest = _data_digest(item, memo)
        if item.release.id in previous and previous[item.release.id][0] == digest:
            figures[item.release.id] = previous[item.release.id][1]
        else:
            figures[item.release.id] = compute.loaded_figures(item)
        memo.figures[item.release.id] = (digest, figures[item.release.id])
    return figures


def _checks(
    loaded: list[LoadedRelease], figures: dict[str, compute.ReleaseFigures], memo: Memo
) -> list[tuple[list[Problem], list[ClaimWarning]]]:
    """Verify each release's published figures and look for claims, reusing the checks of a release that did not change.

    A release read from the same text is the same object (load_releases' cache), and its figures
    are the same object when its data did not change (_figures): the same checks then find the same.
    """
    previous, memo.checks = memo.checks, {}
    checked = []
    for item in loaded:
        release_figures = figures[item.release.id]
        before = previous.get(item.release.id)
        if before is not None and before[0] is item and before[1] is release_figures:
            problems, warnings = before[2], before[3]
        else:
            problems = list(verify.check_release(item, release_figures))
            warnings = list(claims.check_claims(item, release_figures))
        if memo.kept:
            memo.checks[item.release.id] = (item, release_figures, problems, warnings)
        checked.append((problems, warnings))
    return checked


def _data_digest(item: LoadedRelease, memo: Memo) -> str:
    """Return the digest of a release's validated data, kept with the release read (one object for one text)."""
    before = memo.digests.get(item.release.id)
    if before is not None and before[0] is item:
        return before[1]
    digest = hashlib.sha256(item.release.model_dump_json().encode("utf-8")).hexdigest()
    memo.digests[item.release.id] = (item, digest)
    return digest


def _release_key(item: LoadedRelease, attachments: Mapping[str, Attachment], held: str, shared: str, memo: Memo) -> str:
    """Return a digest of everything a release's files depend on (see Memo)."""
    digest = hashlib.sha256(f"{shared}\0{held}\0".encode())
    digest.update(_data_digest(item, memo).encode("ascii"))
    for name, attachment in sorted(attachments.items()):
        digest.update(f"\0{name}\0".encode())
        digest.update(hashlib.sha256(attachment.data).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Protection:
    """The releases under embargo published encrypted, and the protected addresses of lifted ones."""

    loaded: list[LoadedRelease] = field(default_factory=list)
    """The releases under embargo to render for journalists (empty without a passphrase)."""
    folders: dict[str, str] = field(default_factory=dict)
    """Each of them's folder: the keyed hash of its id."""
    redirects: dict[str, str] = field(default_factory=dict)
    """The protected folder of each published release that had an embargo: it redirects to the release."""


def _redirects(redirects: dict[str, str], paths: meta.Addresses) -> dict[str, bytes]:
    """Return the pages that send a protected address, once its embargo has lifted, to the release's own pages."""
    made: dict[str, bytes] = {}
    for release_id, folder in redirects.items():
        base = f"{release_id}/"
        for lang in LANGUAGES:
            for kind in PAGE_KINDS:
                here = paths.page(lang, f"{folder}/", kind.filename)
                target = posixpath.relpath("/" + paths.page(lang, base, kind.filename), "/" + here)
                made[f"{lang}/{here.removeprefix(meta.Addresses.prefix(lang))}index.html"] = protect.redirect_page(
                    target.rstrip("/") + "/" if target != "." else "./"
                )
    return made


def _release_files(
    project: Project,
    release: Release,
    figures: compute.ReleaseFigures,
    attachments: dict[str, Attachment],
    base: str,
    held: bool,
    previewing: bool,
    paths: meta.Addresses,
    drawing: FigureDrawing | None,
    *,
    encrypted: bool = False,
) -> tuple[dict[str, bytes], list[str]]:
    """Render one release's pages in every language, with its citation files and attachments, and start its figures.

    Return the files made and the paths of the figures a child draws (drawing.collect() gives
    them); the figures drawn here at once are among the files made.
    """
    feeds = feed_links(paths)
    pages = [(kind.filename, kind.name, kind.title) for kind in PAGE_KINDS]
    cite = citation_files(release)
    names = file_names(release)
    made: dict[str, bytes] = {}
    specs: dict[str, FigureSpec] = {}
    for lang in LANGUAGES:
        # The release's figures are formatted once per language for all its pages and its figure.
        contexts, spec = release_contexts(release, figures, lang)
        press = press_context(release, lang, attachments, held, previewing or encrypted)
        heads = meta.release_heads(release, figures, lang, base, pages, paths)
        robots = "noindex" if press.noindex else None
        locked = embargo_notice(release.embargo, lang) if encrypted and release.embargo is not None else None
        for kind in PAGE_KINDS:
            variables = {**template_variables(contexts[kind.name]), "press": press}
            text = render(project.templates_dir, lang, f"{kind.name}.md.j2", variables)
            alternates = {other: paths.page(other, base, kind.filename) for other in LANGUAGES}
            head = meta.front_matter(heads[kind.filename], alternates, feeds, paths, robots, locked=locked)
            made[f"{lang}/{base}{kind.filename}"] = (head + text).encode("utf-8")
        for fmt, name in names.items():
            made[f"{lang}/{base}{CITATION_FOLDER}/{name}"] = getattr(cite, fmt)
        for name, attachment in attachments.items():
            made[f"{lang}/{base}{FILES_FOLDER}/{name}"] = attachment.data
        if spec is not None:
            specs[f"{lang}/{base}results/{FIGURE_FILE}"] = spec
            specs[f"{lang}/{base}results/{FIGURE_NARROW_FILE}"] = replace(spec, width=NARROW_FIGURE_WIDTH)
    if drawing is None:  # `generator check`: nothing drawn
        return made, []
    drawn = drawing.add(specs)
    made.update(drawn)
    return made, [path for path in specs if path not in drawn]


def _site(
    project: Project,
    loaded: list[LoadedRelease],
    figures: dict[str, compute.ReleaseFigures],
    attachments: dict[str, dict[str, Attachment]],
    plan: embargo.Schedule,
    previewing: bool,
    cards: CardDrawing,
    stage: Callable[[Mapping[str, bytes]], None],
    memo: Memo,
    draw: bool,
    protection: Protection,
) -> Site:
    """Render the pages, feeds and figures of the releases to publish, and collect their cards."""
    files: dict[str, bytes] = {}
    # The navigation is the home page alone, which lists the releases; each release's pages link
    # to each other. Material renders the whole navigation into every page, so a section per
    # release made a 100-release build 3.5 times slower (see bench/).
    nav = ["index.md"]
    paths = meta.Addresses(project.site_url)
    feeds = feed_links(paths)
    shared_key = folders_digest(project.templates_dir, LOCALES_DIR, extra=f"{project.site_url};{previewing}")
    previous, memo.files = memo.files, {}
    rendered = [*loaded, *protection.loaded]
    keys = {
        item.release.id: _release_key(
            item,
            attachments[item.release.id],
            f"{item.release.id in plan.held};{protection.folders.get(item.release.id, '')}",
            shared_key,
            memo,
        )
        if memo.kept
        else ""
        for item in rendered
    }
    fresh = {
        release_id
        for release_id, key in keys.items()
        if not memo.kept or release_id not in previous or previous[release_id][0] != key
    }
    drawing = FigureDrawing(FIGURES_PER_RELEASE * len(fresh) if draw else 0)
    try:
        owners: dict[str, str] = {}
        """The release of each figure a child draws, by path."""
        for item in rendered:
            release = item.release
            folder = protection.folders.get(release.id)
            base = f"{folder}/" if folder is not None else f"{release.id}/"
            if release.id in fresh:
                made, pending = _release_files(
                    project,
                    release,
                    figures[release.id],
                    attachments[release.id],
                    base,
                    release.id in plan.held,
                    previewing,
                    paths,
                    drawing if draw else None,
                    encrypted=folder is not None,
                )
                owners.update(dict.fromkeys(pending, release.id))
            else:
                made = previous[release.id][1]
            memo.files[release.id] = (keys[release.id], made)
            stage(made)
            files.update(made)
        drawn = drawing.collect()
    finally:
        drawing.close()
    for path, svg in drawn.items():
        memo.files[owners[path]][1][path] = svg  # the release's files, kept for the next run
    releases = [item.release for item in loaded]
    made = {}
    lifts = [release.embargo if release.id in plan.held else None for release in releases]
    robots = "noindex" if any(lifts) else None
    for lang in LANGUAGES:
        variables = {
            **template_variables(home_context(releases, lang)),
            "updated": [latest_update(release, lang) for release in releases],
            "embargoed": [embargo_notice(lift, lang) if lift else "" for lift in lifts],
        }
        text = render(project.templates_dir, lang, HOME_TEMPLATE, variables)
        alternates = {other: paths.page(other, "", "index.md") for other in LANGUAGES}
        # An empty press room (every release still under embargo) has nothing to describe.
        head = (
            meta.front_matter(meta.home_head(releases, lang, paths), alternates, feeds, paths, robots)
            if releases
            else ""
        )
        made[f"{lang}/index.md"] = (head + text).encode("utf-8")
    if releases:
        for lang in LANGUAGES:
            made[f"{lang}/{FEED_FILE}"] = feed(releases, figures, lang, paths)
    made[f"{LANGUAGES[0]}/robots.txt"] = meta.robots_txt(paths).encode("utf-8")
    made.update(_redirects(protection.redirects, paths))
    made.update(cards.collect())
    made.update(drawn)
    stage(made)
    files.update(made)
    issuers = {item.release.issuer for item in loaded}
    site_names = {lang: next(iter(issuers))[lang] for lang in LANGUAGES} if len(issuers) == 1 else None
    logos = [
        f"{item.release.id}/{FILES_FOLDER}/{item.release.logo.file}" for item in loaded if item.release.logo is not None
    ]
    logo = logos[0] if site_names and logos else None  # the newest release's logo
    return Site(
        files=dict(sorted(files.items())),
        nav=tuple(nav),
        releases=len(loaded),
        schedule=plan,
        site_names=site_names,
        logo=logo,
    )


__all__ = ["GeneratorError", "Project", "Site", "generate"]
