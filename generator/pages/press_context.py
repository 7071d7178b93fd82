"""What the templates show of the press parts: notices, contact, downloads, images, study facts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote

from babel import Locale
from babel.dates import format_skeleton
from babel.units import format_unit
from markupsafe import Markup

from generator.data.attachments import Attachment
from generator.data.i18n import translations
from generator.data.models import Contact, Release
from generator.data.press import REGISTRY_NAMES, STUDY_TYPES, SUBJECTS, registry_url
from generator.errors import N_
from generator.pages.common import long_date

FILES_FOLDER = "files"
"""Where a release's files are published, inside its folder of each language."""

_TYPE_NAMES = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "webp": "WebP"}


@dataclass(frozen=True)
class Notice:
    """A dated correction or update."""

    heading: str
    text: str
    kind: str


@dataclass(frozen=True)
class ContactView:
    """The press contact, formatted for one language."""

    office: str
    people: str
    phone: str | None
    phone_href: Markup | None
    phone_note: str | None
    email: str | None
    email_href: Markup | None


@dataclass(frozen=True)
class Download:
    """One file in the downloads list."""

    title: str
    href: Markup
    type: str
    size: str
    language: str


@dataclass(frozen=True)
class Picture:
    """One image on the overview."""

    src: Markup
    alt: str
    caption: str
    credit: str
    license: str
    width: int | None
    height: int | None


@dataclass(frozen=True)
class Registry:
    """One registry record of the trial."""

    name: str
    id: str
    href: Markup


@dataclass(frozen=True)
class PressContext:
    """The press parts of a release page, for one language."""

    banner: str | None
    """The embargo notice of a previewed release, else None."""
    noindex: bool
    updates: tuple[Notice, ...]
    """Newest first."""
    contact: ContactView
    downloads: tuple[Download, ...]
    pictures: tuple[Picture, ...]
    registrations: tuple[Registry, ...]
    labels: tuple[str, ...]
    source_url: Markup | None


def format_moment(moment: dt.datetime, lang: str, zone: dt.tzinfo | None = None, year: bool = True) -> str:
    """Return a time as May 18, 2026, 00:00 JST / 2026年5月18日 0:00 JST, in its own zone unless zone is given."""
    local = moment.astimezone(zone) if zone is not None else moment
    gettext = translations(lang).gettext
    abbreviation = local.tzname() or ""
    return gettext(N_("{date}, {time} {zone}")).format(
        date=format_skeleton("yMMMd" if year else "MMMd", local.replace(tzinfo=None), locale=lang),
        time=format_skeleton("Hmm", local.replace(tzinfo=None), locale=lang),
        zone=abbreviation,
    )


def embargo_notice(moment: dt.datetime, lang: str) -> str:
    """Return "Embargoed until May 18, 2026, 00:00 JST (May 17, 15:00 UTC)" in lang."""
    gettext = translations(lang).gettext
    return gettext(N_("Embargoed until {local} ({utc})")).format(
        local=format_moment(moment, lang), utc=format_moment(moment, lang, dt.UTC, year=False)
    )


def file_size(size: int, lang: str) -> str:
    """Return a file size as 12 kB / 1.2 MB, formatted for lang."""
    if size < 1000 * 1000:
        value, unit = max(1, round(size / 1000)), "digital-kilobyte"
        return format_unit(value, unit, length="short", locale=lang)
    megabytes = round(size / 1000 / 1000, 1)
    return format_unit(megabytes, "digital-megabyte", length="short", locale=lang, format="#,##0.0")


def international_phone(contact: Contact) -> str | None:
    """Return the international number: as given, or the national one with the country code for its leading 0."""
    if contact.phone_international:
        return contact.phone_international
    if contact.phone and contact.country_code and contact.phone.startswith("0"):
        return f"+{contact.country_code}-{contact.phone[1:].lstrip(' -')}"
    return None


def tel_href(number: str) -> Markup:
    """Return the tel: address of a validated number (visual separators kept as hyphens)."""
    text = re.sub(r"[ ()]+", "-", number.strip()).strip("-")
    text = re.sub(r"-{2,}", "-", text)
    return Markup("tel:" + quote(text, safe="+-"))  # noqa: S704 - percent-encoded here


def contact_view(contact: Contact, lang: str) -> ContactView:
    """Return the contact in lang: the international number on pages other than the issuer's language."""
    international = international_phone(contact)
    national = contact.phone
    shown = international if (lang != "ja" and international) else national
    href_number = international or national
    return ContactView(
        office=contact.office[lang],
        people=contact.people[lang],
        phone=shown,
        phone_href=tel_href(href_number) if href_number else None,
        phone_note=contact.phone_note[lang] if contact.phone_note else None,
        email=contact.email,
        email_href=Markup("mailto:" + quote(contact.email, safe="@.+-_")) if contact.email else None,  # noqa: S704
    )


def updates(release: Release, lang: str) -> tuple[Notice, ...]:
    """Return the release's corrections and updates, newest first."""
    gettext = translations(lang).gettext
    notices = []
    for update in sorted(release.updates, key=lambda item: item.date, reverse=True):
        template = N_("Correction of {date}") if update.kind == "correction" else N_("Update of {date}")
        notices.append(Notice(gettext(template).format(date=long_date(update.date, lang)), update[lang], update.kind))
    return tuple(notices)


def latest_update(release: Release, lang: str) -> str:
    """Return the home page's mark of an updated release ("Corrected May 20, 2026"), or ""."""
    if not release.updates:
        return ""
    newest = max(release.updates, key=lambda item: item.date)
    template = N_("Corrected {date}") if newest.kind == "correction" else N_("Updated {date}")
    return translations(lang).gettext(template).format(date=long_date(newest.date, lang))


def press_context(
    release: Release, lang: str, attachments: dict[str, Attachment], embargoed: bool, previewing: bool
) -> PressContext:
    """Return the press parts of a release's pages in lang."""
    gettext = translations(lang).gettext
    downloads = tuple(
        Download(
            title=item.title[lang],
            href=Markup(f"{FILES_FOLDER}/{quote(item.file)}"),  # noqa: S704 - a validated, percent-encoded name
            type=_TYPE_NAMES[item.type],
            size=file_size(len(attachments[item.file].data), lang),
            language=Locale.parse(item.lang).get_language_name(lang) or item.lang,
        )
        for item in release.materials
    )
    pictures = tuple(
        Picture(
            src=Markup(f"{FILES_FOLDER}/{quote(item.file)}"),  # noqa: S704 - a validated, percent-encoded name
            alt=item.alt[lang],
            caption=item.caption[lang],
            credit=item.credit[lang],
            license=item.license[lang],
            width=attachments[item.file].width,
            height=attachments[item.file].height,
        )
        for item in release.images
    )
    labels: tuple[str, ...] = ()
    if release.labels is not None:
        labels = (
            gettext(N_("Peer-reviewed") if release.labels.peer_reviewed else N_("Not peer-reviewed")),
            gettext(STUDY_TYPES[release.labels.study_type]),
            *(gettext(SUBJECTS[subject]) for subject in release.labels.subjects),
        )
    banner = embargo_notice(release.embargo, lang) if (previewing and embargoed and release.embargo) else None
    return PressContext(
        banner=banner,
        noindex=banner is not None,
        updates=updates(release, lang),
        contact=contact_view(release.contact, lang),
        downloads=downloads,
        pictures=pictures,
        registrations=tuple(
            Registry(REGISTRY_NAMES[item.registry], item.id, Markup(registry_url(item.registry, item.id)))  # noqa: S704
            for item in release.registration
        ),
        labels=labels,
        source_url=Markup(quote(release.url, safe=":/?#[]@!$&'*+,;=%-._~")) if release.url else None,  # noqa: S704
    )
