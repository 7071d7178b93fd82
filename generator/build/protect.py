"""Embargoed releases for journalists: published encrypted, at an address only the passphrase gives.

When `PRESS_PREVIEW_PASSPHRASE` is set, each release still under embargo is rendered like a
published one, but under a folder named by a keyed hash of its id (`address`) instead of its id,
left out of the navigation, home page, feeds, cards, sitemap and search index. Once MkDocs has
rendered a page of it, the hook hands the HTML to `Locker.lock`, which returns a locked page
holding the whole page encrypted, with the files it uses (figures, citation files, attachments)
folded into it as data: addresses; the hook leaves those files out of site/. Nothing of the
release is ever written to site/ in plain text.

This is StatiCrypt's design: AES-256-GCM, the key derived from the passphrase by PBKDF2-SHA256
(600,000 iterations, OWASP's 2023 figure) with a random salt, a random 96-bit IV per page, both
stored next to the ciphertext; the page decrypts itself in the reader's browser with WebCrypto
(`docs/assets/javascripts/unlock.js`), offline and from file:// alike.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import html
import json
import logging
import mimetypes
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.build import embargo
from generator.build.project import Project
from generator.data.i18n import translations
from generator.data.languages import LANGUAGES
from generator.errors import N_

log = logging.getLogger(__name__)

PASSPHRASE_VARIABLE = "PRESS_PREVIEW_PASSPHRASE"  # noqa: S105 (the variable's name, not a passphrase)
ITERATIONS = 600_000
"""PBKDF2-SHA256 iterations, for the page key and the address key alike (OWASP, 2023)."""
SALT_BYTES = 16
IV_BYTES = 12
ADDRESS_LENGTH = 32
"""Hex digits of the keyed hash that names a protected release's folder (128 bits)."""
_ADDRESS_SALT = b"press-site: address of an embargoed release"
SCRIPT = "assets/javascripts/unlock.js"
"""The decrypting script, relative to the site's root."""

# Attributes whose address the browser loads or downloads: the files a locked page uses.
_REFERENCE = re.compile(r'\b(src|href|srcset)="([^"]+)"')


def passphrase() -> str | None:
    """Return the journalists' passphrase (PRESS_PREVIEW_PASSPHRASE), or None when protection is off."""
    value = os.environ.get(PASSPHRASE_VARIABLE, "")
    return value if value else None


def _kdf(secret: str, salt: bytes) -> bytes:
    """Return the 256-bit key PBKDF2-SHA256 derives from the passphrase and salt (cryptography loads only here)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=ITERATIONS)
    return kdf.derive(secret.encode("utf-8"))


@functools.cache
def _address_key(secret: str) -> bytes:
    """Return the key of the addresses: stretched like the page key, so an address is as slow to guess from."""
    return _kdf(secret, _ADDRESS_SALT)


def address(secret: str, release_id: str) -> str:
    """Return the folder of a protected release: a keyed hash of its id, which reveals nothing of it."""
    return hmac.new(_address_key(secret), release_id.encode("utf-8"), hashlib.sha256).hexdigest()[:ADDRESS_LENGTH]


def fingerprint(secret: str | None) -> str:
    """Return a one-way mark of the passphrase for build stamps ('' without one): a new passphrase rebuilds."""
    if secret is None:
        return ""
    return hmac.new(_address_key(secret), b"\0stamp", hashlib.sha256).hexdigest()[:16]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def redirect_page(target: str) -> bytes:
    """Return a page that sends the reader on to target (relative), for a protected address after the lift."""
    href = html.escape(target, quote=True)
    script = json.dumps(target).replace("<", "\\u003c")
    return (
        '<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<script>location.replace({script} + (location.protocol === "file:" ? "index.html" : ""));</script>\n'
        f'</head>\n<body>\n<p><a href="{href}">{href}</a></p>\n</body>\n</html>\n'
    ).encode()


def _inline(text: str, read: Callable[[str], bytes | None]) -> str:
    """Return the page with every file of the release it uses written into it as a data: address.

    read returns the content of the file a relative address names, or None when it is not one
    of the release's files (a page, the site's assets): such an address is left as it is.
    """

    def replace(match: re.Match[str]) -> str:
        attribute, value = match[1], html.unescape(match[2])
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return match[0]
        path = unquote(parts.path)
        content = read(path)
        if content is None:
            return match[0]
        name = posixpath.basename(path)
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        data = f'{attribute}="data:{kind};base64,{_b64(content)}"'
        if attribute == "href":
            data += f' download="{html.escape(name, quote=True)}"'
        return data

    return _REFERENCE.sub(replace, text)


def _locked_page(lang: str, notice: str, script: str, sealed: dict[str, object]) -> str:
    """Return the locked page: a labeled passphrase form in lang, saying until when the release is embargoed."""
    gettext = translations(lang).gettext
    words = {
        "title": gettext(N_("Press release under embargo")),
        "notice": notice,
        "intro": gettext(N_("Enter the passphrase the press office sent you to read this release.")),
        "label": gettext(N_("Passphrase")),
        "button": gettext(N_("Unlock")),
        "wrong": gettext(N_("Wrong passphrase: the release could not be decrypted. Check it and try again.")),
        "script": gettext(N_("This page needs JavaScript to decrypt the release.")),
    }
    e = {key: html.escape(value, quote=True) for key, value in words.items()}
    payload = json.dumps(sealed, sort_keys=True).replace("<", "\\u003c")
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>{e["title"]}</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK JP", sans-serif; margin: 0; color: #1a1a1a; background: #f5f5f7; }}
main {{ max-width: 34rem; margin: 12vh auto; padding: 2rem; background: #fff; border-top: 4px solid #3f51b5; }}
h1 {{ font-size: 1.4rem; margin: 0 0 1rem; }}
label {{ display: block; font-weight: 600; margin: 1.5rem 0 .4rem; }}
input {{ font: inherit; width: 100%; box-sizing: border-box; padding: .6rem; border: 1px solid #767676; }}
button {{ font: inherit; margin-top: 1rem; padding: .6rem 1.4rem; color: #fff; background: #3f51b5; border: 0; }}
[role=alert] {{ color: #b00020; font-weight: 600; }}
</style>
</head>
<body>
<main>
<h1>{e["title"]}</h1>
<p><strong>{e["notice"]}</strong></p>
<p>{e["intro"]}</p>
<form id="press-unlock">
<label for="press-passphrase">{e["label"]}</label>
<input id="press-passphrase" name="passphrase" type="password" autocomplete="current-password" required>
<button type="submit">{e["button"]}</button>
<p id="press-wrong" role="alert" hidden>{e["wrong"]}</p>
</form>
<noscript><p>{e["script"]}</p></noscript>
</main>
<script id="press-sealed" type="application/json">{payload}</script>
<script src="{html.escape(script, quote=True)}"></script>
</body>
</html>
"""


class Locker:
    """Encrypts the pages of the protected releases with the passphrase; one key per release and process."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self._ciphers: dict[str, tuple[bytes, Any]] = {}
        """Each release folder's salt and AESGCM cipher."""

    def _cipher(self, folder: str) -> tuple[bytes, Any]:
        """Return the salt and cipher of a release: every page of it, in both languages, shares them.

        A reader who unlocked one page then reads the others without typing the passphrase
        again (unlock.js keeps the derived key for the tab). Each page has its own random IV.
        """
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if folder not in self._ciphers:
            salt = os.urandom(SALT_BYTES)
            self._ciphers[folder] = (salt, AESGCM(_kdf(self.secret, salt)))
        return self._ciphers[folder]

    def lock(
        self, page: str, *, folder: str, lang: str, notice: str, script: str, read: Callable[[str], bytes | None]
    ) -> str:
        """Return the locked page that holds page (HTML, with the files it uses folded in) encrypted.

        folder is the release's protected folder, notice the embargo's wording in lang, script
        the address of unlock.js from the page.
        """
        salt, cipher = self._cipher(folder)
        iv = os.urandom(IV_BYTES)
        sealed = {
            "v": 1,
            "kdf": "PBKDF2-SHA256",
            "iterations": ITERATIONS,
            "salt": _b64(salt),
            "iv": _b64(iv),
            "ciphertext": _b64(cipher.encrypt(iv, _inline(page, read).encode("utf-8"), None)),
        }
        return _locked_page(lang, notice, script, sealed)


def drop_from_sitemap(sitemap: str, folders: Iterable[str]) -> str:
    """Return the sitemap without the entries of the protected folders."""
    marks = [f"/{folder}/" for folder in folders]
    return re.sub(
        r"\s*<url>.*?</url>",
        lambda match: "" if any(mark in match[0] for mark in marks) else match[0],
        sitemap,
        flags=re.DOTALL,
    )


def preview_links(project: Project, secret: str) -> list[str]:
    """Return a line per language of each release under embargo now: its id, when it lifts, its protected page.

    The addresses are absolute with the project's site_url, else from the site's root.
    """
    from generator.data.loader import load_releases  # the models load only here
    from generator.pages import meta

    releases = [item.release for item in load_releases(project.data_dir)]
    plan = embargo.schedule(releases, embargo.as_of())
    paths = meta.Addresses(project.site_url)
    lines = []
    for release_id, lift in zip(plan.held, plan.lifts, strict=True):
        for lang in LANGUAGES:
            page = paths.page(lang, f"{address(secret, release_id)}/", "index.md")
            lines.append(f"{release_id}\t{lang}\t{lift}\t{paths.absolute(page) or page}")
    return lines
