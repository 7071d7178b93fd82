/*
 * Fixes for Material for MkDocs 9.8 on this bilingual site (mkdocs-static-i18n), each checked in
 * a real browser by tests/browser.
 *
 * 1. Search in the reader's language: the i18n plugin merges both languages into one search
 *    index, so a query on the Japanese site also listed English pages and the other way round.
 *    Only results in the page's own language are kept.
 * 2. Japanese words found whole: mkdocs.yml's search separator indexes Japanese one character at
 *    a time (TinySegmenter cut the same word differently on different pages, so whole words were
 *    missed). Material then finds every page holding any of the typed characters; only the
 *    results whose text (as indexed) holds each typed Japanese word whole are kept.
 *    Both filters work on the search worker's result message, before Material renders it, so the
 *    count ("3 matching documents") and the list agree.
 * 3. Language switcher: the i18n plugin writes page-level <link rel="alternate" hreflang> tags, and
 *    Material fetches "sitemap.xml" next to each of them (/results/sitemap.xml, ...), which do not
 *    exist: failed requests and console errors on every page. The header's language links already
 *    lead to the same page in the other language, so the tags are taken out of the live page
 *    before Material reads them (on DOMContentLoaded); the HTML that crawlers read keeps them.
 * 4. The search dialog (role="dialog") has no accessible name (axe: aria-dialog-name): it gets
 *    the search box's label, which Material writes in the page's language.
 * 5. Opened from file:// (site/index.html in a file browser): every link is relative, but a link
 *    to a page's folder ("results/", "../en/") shows the folder's listing there, since no server
 *    adds index.html. On file:// only, such links get index.html appended (at load, and again
 *    on click for links Material adds later).
 *
 * This script runs after Material's bundle, before DOMContentLoaded and before any search query
 * can be typed, so it needs no timing tricks.
 *
 * Engines: fixes 1 and 2 read the search worker's messages. They work with Material for MkDocs
 * 9.8 (index at search/search_index.json, entries under "docs", results grouped by page) and
 * with Zensical 0.0.73 (index at search.json, entries under "items", results as a flat list of
 * entries by their position in the index; the same message numbers). The browser tests check
 * the first; the second was checked by hand on `make compat-zensical`'s build (README). Zensical 0.1 and later have another search worker, not tried here (it does not install
 * from this machine's package index): with messages this script does not recognize, it leaves
 * the results as the engine gives them and says so on the console, rather than hiding them.
 */
(function () {
  "use strict";

  var SETUP = 0; /* Material's SearchMessageType: SETUP, READY, QUERY, RESULT */
  var QUERY = 2;
  var RESULT = 3;
  var JAPANESE = /[\u3005-\u3007\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

  /* 4. Search dialog name. */
  var dialog = document.querySelector(".md-search[role=dialog]");
  var input = document.querySelector(".md-search__input[aria-label]");
  if (dialog && input && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
  }

  /* Each language's folder, from the alternates of this page, which differ only by it. */
  var config = document.getElementById("__config");
  var links = Array.prototype.slice.call(
    document.querySelectorAll("link[rel=alternate][hreflang]")
  );
  var base = config ? new URL(JSON.parse(config.textContent).base, location.href) : null;

  function decode(text) {
    try {
      return decodeURI(text);
    } catch (error) {
      return text; /* a stray "%" */
    }
  }

  function relative(url) {
    var path = decode(new URL(url, location.href).pathname);
    var root = decode(base.pathname);
    return path.indexOf(root) === 0 ? path.slice(root.length) : path.replace(/^\//, "");
  }

  var prefixes = [];
  if (base && links.length > 1) {
    var paths = links.map(function (link) {
      return { lang: link.getAttribute("hreflang"), path: relative(link.href) };
    });
    var shared = paths[0].path.split("/");
    paths.forEach(function (entry) {
      var parts = entry.path.split("/");
      var n = 0;
      while (n < shared.length && n < parts.length &&
             shared[shared.length - 1 - n] === parts[parts.length - 1 - n]) {
        n += 1;
      }
      shared = shared.slice(shared.length - n);
    });
    var suffix = shared.join("/");
    prefixes = paths.map(function (entry) {
      return { lang: entry.lang, prefix: entry.path.slice(0, entry.path.length - suffix.length) };
    }).sort(function (a, b) {
      return b.prefix.length - a.prefix.length; /* longest first: "en/" before "" */
    });
  }
  var current = document.documentElement.lang;
  var filterLanguage = prefixes.some(function (entry) { return entry.lang === current; });

  function languageOf(location_) {
    var path = decode(location_);
    for (var i = 0; i < prefixes.length; i++) {
      if (path.indexOf(prefixes[i].prefix) === 0) {
        return prefixes[i].lang;
      }
    }
    return undefined;
  }

  /* The Japanese words of a query, e.g. ["胚移植後", "週間"] for "胚移植後3週間". */
  function japaneseWords(query) {
    return String(query || "").match(JAPANESE) || [];
  }

  function plain(html) {
    return String(html || "").replace(/<[^>]*>/g, "").replace(/\s+/g, "");
  }

  /* The indexed documents by location. A result only carries the parts of a document's text
     around the matches, so whole words are looked for in the document as indexed. */
  var indexed = null;
  var indexedList = [];
  var texts = {};
  var fetching = false;

  function remember(docs) {
    indexed = {};
    indexedList = docs;
    docs.forEach(function (doc) { indexed[doc.location] = doc; });
  }

  function textOf(doc) {
    var source = indexed && indexed[doc.location];
    if (!source) {
      return plain(doc.title) + "\u0000" + plain(doc.text); /* only the excerpt around the matches */
    }
    if (!(doc.location in texts)) {
      texts[doc.location] = plain(source.title) + "\u0000" + plain(source.text);
    }
    return texts[doc.location];
  }

  /* The entries of an index: "docs" (Material for MkDocs), "items" (Zensical). */
  function entries(index) {
    var list = index && (index.docs || index.items);
    return Array.isArray(list) ? list : null;
  }

  /* Where each engine writes its index, relative to the site's root. */
  var INDEXES = ["search/search_index.json", "search.json"];

  /* The engine hands the index to its worker in a SETUP message, which this script sees unless
     the index arrived before the script ran; then the index is fetched once more. */
  function fetchIndex() {
    if (indexed || fetching || !base) {
      return;
    }
    fetching = true;
    var attempt = function (n) {
      if (n >= INDEXES.length) {
        console.error("material-fixes.js: no search index for whole-word filtering at " + INDEXES.join(" or "));
        return;
      }
      fetch(new URL(INDEXES[n], base)).then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      }).then(function (index) {
        if (!indexed && entries(index)) {
          remember(entries(index));
        }
      }).catch(function () {
        attempt(n + 1);
      });
    };
    attempt(0);
  }

  function holdsWords(doc, words) {
    var text = textOf(doc);
    return words.every(function (word) { return text.indexOf(word) >= 0; });
  }

  /* A document that holds the words whole: none of their characters is "missing". */
  function withTerms(doc, words) {
    var terms = {};
    Object.keys(doc.terms || {}).forEach(function (term) {
      terms[term] = doc.terms[term] || words.some(function (word) { return word.indexOf(term) >= 0; });
    });
    return Object.assign({}, doc, { terms: terms });
  }

  /* Zensical 0.0.73 lists the matching entries one by one, each by its position in the index
     ({id, matches}), rather than grouped by page. */
  function filterEntries(items, words) {
    return items.filter(function (item) {
      var doc = indexedList[item.id];
      if (!doc || typeof doc.location !== "string") {
        return true; /* not in the index this script holds: left as it is */
      }
      if (filterLanguage && languageOf(doc.location) !== current) {
        return false;
      }
      return !words.length || holdsWords(doc, words);
    });
  }

  function filterGroups(groups, words) {
    if (groups.length && !groups.every(Array.isArray)) {
      if (indexed && groups.every(function (item) { return item && typeof item.id === "number"; })) {
        return filterEntries(groups, words);
      }
      console.warn("material-fixes.js: search results in a shape this script does not know, left unfiltered");
      return groups;
    }
    return groups.map(function (group) {
      if (!group.length || (filterLanguage && languageOf(group[0].location) !== current)) {
        return null;
      }
      if (!words.length) {
        return group;
      }
      var hits = group.filter(function (doc) { return holdsWords(doc, words); });
      if (!hits.length) {
        return null;
      }
      /* Keep the page itself (Material renders the group around it) and the sections that hit. */
      return group.filter(function (doc) {
        return hits.indexOf(doc) >= 0 || doc.location.indexOf("#") < 0;
      }).map(function (doc) {
        return hits.indexOf(doc) >= 0 ? withTerms(doc, words) : doc;
      });
    }).filter(Boolean);
  }

  /* Queries go to the worker in order and it answers them in order. */
  var pending = [];
  if (typeof Worker !== "undefined") {
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      if (message && message.type === SETUP && entries(message.data)) {
        remember(entries(message.data));
      } else if (message && message.type === QUERY) {
        fetchIndex();
        /* Material sends the query's text; Zensical 0.0.73 an object holding it as "input". */
        var text = message.data && typeof message.data === "object" ? message.data.input : message.data;
        pending.push(japaneseWords(text));
      }
      return post.apply(this, arguments);
    };
  }

  /* 1 and 2: filter the worker's result message, {type, data: {items: [[doc, ...], ...]}}. */
  var descriptor = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data");
  if (descriptor && descriptor.get && typeof Worker !== "undefined") {
    var original = descriptor.get;
    var filtered = new WeakMap();
    Object.defineProperty(MessageEvent.prototype, "data", {
      configurable: true,
      enumerable: descriptor.enumerable,
      get: function () {
        var message = original.call(this);
        if (!(this.target instanceof Worker) || !message || message.type !== RESULT ||
            !message.data || !Array.isArray(message.data.items)) {
          return message;
        }
        if (!filtered.has(this)) {
          var words = pending.length ? pending.shift() : japaneseWords(input && input.value);
          try {
            var data = Object.assign({}, message.data, { items: filterGroups(message.data.items, words) });
            filtered.set(this, Object.assign({}, message, { data: data }));
          } catch (error) {
            console.error("material-fixes.js: search results left unfiltered:", error); /* the tests fail on this */
            filtered.set(this, message);
          }
        }
        return filtered.get(this);
      }
    });
  }

  /* 3. Language switcher: no sitemap look-ups next to page-level alternates. */
  links.forEach(function (link) {
    link.remove();
  });

  /* 5. From file://: folder links lead to the folder's index.html. */
  if (location.protocol === "file:") {
    var toIndex = function (anchor) {
      var url = new URL(anchor.href, location.href);
      if (url.protocol === "file:" && url.pathname.slice(-1) === "/") {
        url.pathname += "index.html";
        anchor.href = url.href;
      }
    };
    document.addEventListener(
      "click",
      function (event) {
        var anchor = event.target && event.target.closest ? event.target.closest("a[href]") : null;
        if (anchor) {
          toIndex(anchor);
        }
      },
      true
    );
    document.addEventListener("DOMContentLoaded", function () {
      document.querySelectorAll("a[href]").forEach(toIndex);
    });
  }
})();
