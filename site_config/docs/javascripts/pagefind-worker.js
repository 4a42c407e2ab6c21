/* The hosted site's search: Pagefind behind Material's own search box.
 *
 * Material's search box talks to a web worker with four messages (SETUP 0, READY 1,
 * QUERY 2, RESULT 3) and renders whatever RESULT holds with its own markup, keyboard
 * handling and colours. This worker speaks that protocol and answers from Pagefind, which
 * loads only the index chunks and the records a query needs (main.html points Material at
 * this file; generator/search_index.py builds the index, one record per section).
 *
 * Every record is its own result card: the page it is on heads the card, the record
 * (claim, quote, event, figure group...) follows with its excerpt and links to its anchor.
 * Nothing here knows what the briefing is about.
 */
"use strict";

/* Where the site and the Pagefind bundle are: this file sits in <site>/javascripts/. */
const SITE = new URL("../", self.location.href);
const BUNDLE = new URL("pagefind/", SITE);

/* How many results get their text loaded and shown (Material renders 10, then more on
 * scroll); each one is a small fragment fetched on demand, all at once: no more than a
 * browser's six connections to one host over HTTP/1.1, so that they come in one round
 * trip after the last key. */
const SHOWN = 6;

/* Words a reader types around what they look for ("how many troops", "who is Kim"):
 * dropped from a query that has other words, since Pagefind wants every word found. */
const FILLER = new Set(`a an and are as at be by did do does for from has have how in is
it its many much of on or said say says than that the their there these this to was
were what when where which who whom whose why will with mr mrs ms dr`.split(/\s+/));

/* Ranking: besides a record's words, a match in its metadata adds this many times the
 * rarity of the words matched. Titles (Pagefind's default 5); what a quote record quotes
 * a little more, so a phrase finds the quote before a claim that paraphrases it; every
 * name an actor goes by more again, so any spelling finds the actor first; the outlet of
 * a source page most, so an outlet's name finds its articles; the numbers a figure group
 * compares like a name, so a number finds its group. The page a record is on (page)
 * and whether it is a quote (quote) are only read, never ranked by. The templates set these fields (search_names in
 * _macros.md.j2), generator/search_index.py the quote. */
const RANKING = {
  pageLength: 0.3,
  metaWeights: { title: 5.0, figures: 10.0, aliases: 10.0, outlet: 20.0, quote: 0, page: 0 },
};

/* A question for a number ("how many...", "how much...") prefers figure groups (records
 * with figures metadata) this many times. */
const QUESTION = /^\s*(how\s+(many|much)|number\s+of)\b/i;
const FIGURES = 3;

/* A record that has the words typed as one phrase ranks this many times higher, a quote
 * record (quote metadata, set by generator/search_index.py) higher again: a phrase typed
 * is most often words remembered from a quotation. */
const PHRASE = 3;
const QUOTED_PHRASE = 1.5;

/* A record with a name that is just the words typed ranks this many times higher; a
 * source page whose outlet is so named higher again (see search()). */
const EXACT = 1.6;
const EXACT_OUTLET = 2.5;

let pagefind = null;

/* Pagefind fetches its entry file, then its metadata and WebAssembly, one after the other;
 * on a phone's network each round trip is half a second. Fetching them here while its
 * script loads puts them in the HTTP cache by the time Pagefind asks (same URLs: the
 * entry's cache tag is ours). */
const TAG = String(Date.now());

/* The index's entry file as the build wrote it (generator/search_index.py puts it here),
 * so its metadata and WebAssembly can be fetched without waiting for it. */
const ENTRY = null;

function prefetch() {
  const entry = fetch(new URL(`pagefind-entry.json?ts=${TAG}`, BUNDLE)).then((r) => r.json());
  Promise.resolve(ENTRY || entry)
    .then((known) => {
      const langs = Object.values(known.languages).sort((a, b) => b.page_count - a.page_count);
      if (!langs.length) return;
      fetch(new URL(`pagefind.${langs[0].hash}.pf_meta`, BUNDLE));
      fetch(new URL(`wasm.${langs[0].wasm || "unknown"}.pagefind`, BUNDLE));
    })
    .catch(() => {});
}

function load() {
  if (!pagefind) {
    prefetch();
    pagefind = import(new URL("pagefind.js", BUNDLE).href).then(async (pf) => {
      await pf.options({ noWorker: true, excerptLength: 24, ranking: RANKING, metaCacheTag: TAG });
      await pf.init();
      return pf;
    });
    pagefind.catch(() => { pagefind = null; });
  }
  return pagefind;
}

/* The words to look up: quote marks and dashes are not part of a word; a number is one
 * word however its thousands are separated ("10,000", "10 000", "10.000" -> "10000"). */
function words(query, keepFiller = false) {
  const text = query
    .normalize("NFKC")
    .toLowerCase()
    .replace(/(\d)[\s,.'\u2019\u00a0\u202f](?=\d{3}(?!\d))/g, "$1")
    .replace(/[\u2018\u2019\u201b`]/g, "'")
    .replace(/[^\p{L}\p{N}'\s-]+/gu, " ")
    .replace(/(^|\s)['-]+|['-]+(?=\s|$)/g, " ");
  const all = text.split(/\s+/).filter(Boolean);
  const kept = all.filter((w) => !FILLER.has(w));
  return kept.length && !keepFiller ? kept : all;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}

/* The title with each word that starts like a query word marked, as Material marks. */
function marked(title, terms) {
  return escapeHtml(title).replace(/[\p{L}\p{N}]+/gu, (w) => {
    const lower = w.toLowerCase();
    return terms.some((t) => lower.startsWith(t.replace(/'/g, ""))) ? `<mark>${w}</mark>` : w;
  });
}

/* The record's link, relative to the site: Pagefind's URL is the path of its document,
 * "/claims/~claim-x.html" for "claims/#claim-x" (generator/search_index.py:record_path). */
function link(url) {
  const path = url.replace(/^\//, "");
  const m = path.match(/^(.*)~([^/]*)\.html$/);
  return m ? `${m[1]}#${decodeURIComponent(m[2])}` : path;
}

/* Whether a word of a name is the word typed: a number must be the same number (a typed
 * "3000" is not "30000"), any other word may be its start (typing goes on). */
function same(word, term) {
  return /^\d+$/.test(term) ? word === term : word.startsWith(term);
}

/* The share of a name's words (read as a query is: numbers joined, filler left out) that
 * are words typed, and whether the name is exactly the words typed, each found in it. */
function coverage(name, terms) {
  const parts = words(name);
  const hit = parts.filter((w) => terms.some((t) => same(w, t))).length;
  const share = parts.length ? hit / parts.length : 0;
  return { share, exact: share === 1 && terms.every((t) => parts.some((w) => same(w, t))) };
}

/* The answer to ``query``, or null when ``overtaken()`` says a newer query came before
 * the records had to be fetched. */
async function search(query, overtaken) {
  const terms = words(query);
  if (!terms.length) return { items: [] };
  const pf = await load();
  /* A query overtaken while Pagefind loaded is not looked up (see PAUSE). Loading keeps
   * this thread busy for long stretches; the queries typed meanwhile are read first. */
  await new Promise((resolve) => setTimeout(resolve, SETTLE));
  if (overtaken()) return null;
  let found = await pf.search(terms.join(" "));
  if (!found.results.length && terms.length > 1) {
    /* No record has every word: rank the records that have the most of them. */
    const scores = new Map();
    for (const term of terms) {
      for (const r of (await pf.search(term)).results) {
        const seen = scores.get(r.id) || { result: r, score: 0 };
        seen.score += r.score;
        scores.set(r.id, seen);
      }
    }
    found = { results: [...scores.values()].sort((a, b) => b.score - a.score)
      .map(({ result, score }) => Object.assign(result, { score })) };
  }
  let exact = new Set();
  let typed = false; /* whether ``exact`` has the words as typed */
  if (terms.length > 1 && found.results.length > 1) {
    /* The words as typed, or failing that without the filler ("did Russia deny"). */
    let phrase = await pf.search(`"${words(query, true).join(" ")}"`);
    typed = phrase.results.length > 0;
    if (!typed && words(query, true).length > terms.length) {
      phrase = await pf.search(`"${terms.join(" ")}"`);
    }
    exact = new Set(phrase.results.map((r) => r.id));
    for (const r of found.results) if (exact.has(r.id)) r.score *= PHRASE;
    found.results.sort((a, b) => b.score - a.score);
  }
  if (overtaken()) return null; /* its records are not fetched: the newer query's may wait */
  const top = found.results.slice(0, SHOWN);
  const data = await Promise.all(top.map((r) => r.data()));
  /* Among those, a record whose title, or one of its names, is mostly the words typed
   * ranks higher (up to twice), and more again (EXACT) when a name is just the words
   * typed: "Korean War" is the event so titled before a claim that has both words, "Putin"
   * the actor before a claim about "Putin-Kim" talks. An outlet's name ("AFP (Agence
   * France-Presse)" is two) is its source page's more than the outlet's actor page's; a
   * number typed that a figure group compares counts as its name. */
  const scores = top.map((r, i) => {
    const meta = data[i].meta;
    const names = [meta.title || "", ...(meta.aliases || "").split(",")].map((n) => [n, EXACT]);
    for (const n of (meta.outlet || "").split(/[()]/)) names.push([n, EXACT_OUTLET]);
    const numbers = new Set(words(meta.figures || "").filter((w) => /^\d+$/.test(w)));
    /* A quote that has the words typed as a phrase is named by them: a phrase typed is
     * most often words remembered from it. */
    let best = typed && exact.has(r.id) && meta.quote !== undefined ? 1 : 0;
    let boost = terms.some((t) => numbers.has(t)) ? EXACT : 1;
    for (const [name, exactly] of names) {
      const { share, exact } = coverage(name, terms);
      best = Math.max(best, share);
      if (exact) boost = Math.max(boost, exactly);
    }
    let score = r.score * (1 + best) * boost;
    if (QUESTION.test(query) && meta.figures) score *= FIGURES;
    if (exact.has(r.id) && meta.quote !== undefined) score *= QUOTED_PHRASE;
    return score;
  });
  const order = top.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const matched = Object.fromEntries(terms.map((t) => [t, true]));
  const items = order.map((i) => {
    const d = data[i];
    const score = scores[i];
    const url = link(d.url);
    const page = d.meta.page || "";
    const record = {
      location: url,
      title: marked(d.meta.title || page, terms),
      text: d.excerpt,
      score,
      terms: matched,
    };
    if (!url.includes("#")) return [record];
    const parent = { location: url.split("#")[0], title: escapeHtml(page), text: "",
      score: score / 2, terms: {} };
    return [parent, record];
  });
  return { items };
}

/* With a large index, a lookup takes longer than the time between two keys, and cannot be
 * interrupted: at a hundred times this briefing (28,000 records) Chromium with 4x CPU
 * throttling takes 0.7 s to look up "ze", 4 s for "tro" (12,000 records have a word so
 * starting), and the reader's last key would wait behind every lookup of its first letters.
 * There (over LARGE records), a query is looked up once the reader has paused for PAUSE ms
 * (as Pagefind's own search box does), three times that while no word has three letters
 * yet; a small index is looked up at every key. Either way, each key loads the index
 * chunks its words (of two letters or more) need, so they are there when the lookup runs. */
const LARGE = 5000;
const PAUSE = 300;
const SETTLE = 20;

function records() {
  return ENTRY ? Object.values(ENTRY.languages).reduce((n, l) => n + l.page_count, 0) : 0;
}

function pause(query) {
  if (!query.trim() || records() <= LARGE) return 0;
  return words(query).some((w) => w.length >= 3) ? PAUSE : 3 * PAUSE;
}

/* Answers go out in the order the queries came, one each (Material, and the tests' probe,
 * count on that); a query overtaken by a newer one before its records are fetched is
 * answered with the answer already shown. Pagefind keeps what it fetched, and starts
 * loading when the reader opens the search box (search.js says so on the "site-search"
 * channel), so little is left to fetch by the time a word is typed. */
let queue = Promise.resolve();
let latest = 0;
let shown = { items: [] };

function preload(query) {
  /* A number being typed ("10,00") loads the chunk of the number it is becoming ("1000"). */
  const typing = query.replace(/(\d)[\s,.'\u2019\u00a0\u202f](?=\d{1,3}\s*$)/, "$1");
  const early = words(typing).filter((w) => w.length > 1);
  if (early.length) load().then((pf) => pf.preload(early.join(" "))).catch(() => {});
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === 0) {
    self.postMessage({ type: 1 });
  } else if (message.type === 2) {
    const id = ++latest;
    const query = String(message.data || "");
    const overtaken = () => id !== latest;
    if (query.trim()) {
      load().catch(() => {});
      preload(query);
    }
    const answer = new Promise((resolve) => setTimeout(resolve, pause(query)))
      .then(() => (overtaken() ? null : search(query, overtaken)))
      .catch((error) => {
        console.error("search failed:", error);
        return { items: [] };
      });
    queue = queue
      .then(() => answer)
      .then((result) => {
        if (result) shown = result;
        self.postMessage({ type: 3, data: shown });
      });
  }
});

if (typeof BroadcastChannel !== "undefined") {
  new BroadcastChannel("site-search").onmessage = () => load().catch(() => {});
}

self.postMessage({ type: 1 });
