/* The site's search: the briefing's own index behind Material's own search box.
 *
 * Material's search box talks to a web worker with four messages (SETUP 0, READY 1,
 * QUERY 2, RESULT 3) and renders whatever RESULT holds with its own markup, keyboard
 * handling and colours. This worker speaks that protocol and answers from the index
 * generator/search_shards.py writes: slices of postings, each word already scored in each
 * record at build time, so a query only adds up a few numbers per record that has its
 * words, and fetches only the slices its words are in and the records it shows. The same
 * file runs in the offline edition, opened from file://, inside our iframe shim
 * (offline-worker.js): there the index's files are scripts, loaded with script elements.
 *
 * Every record is its own result card: the page it is on heads the card, the record
 * (claim, quote, event, figure group...) follows with its excerpt and links to its anchor.
 * Nothing here knows what the briefing is about.
 */
"use strict";

/* The index's manifest, written here by the build (generator/search_shards.py): its tag
 * (the folder of this build's files), the number of records, the first word and the first
 * pair of words of each slice, and whether its files are scripts (the offline edition). */
const INDEX = null;

/* Where this file is: a worker's own location, or, run inside the offline edition's
 * iframe shim, the script element that loaded it. */
const HERE = (typeof document !== "undefined" && document.currentScript && document.currentScript.src)
  || self.location.href;
const FILES = INDEX ? new URL(`../search-index/${INDEX.tag}/`, HERE) : null;

/* How many results get their record loaded and shown (Material renders 10, then more on
 * scroll); each is a small file fetched on demand, all at once: no more than a browser's
 * six connections to one host over HTTP/1.1, so that they come in one round trip. */
const SHOWN = 6;

/* Words a reader types around what they look for ("how many troops", "who is Kim"):
 * dropped from a query that has other words, since a result must have every word. */
const FILLER = new Set(`a an and are as at be by did do does for from has have how in is
it its many much of on or said say says than that the their there these this to was
were what when where which who whom whose why will with mr mrs ms dr`.split(/\s+/));

/* A question for a number ("how many...", "how much...") prefers figure groups (records
 * with figures) this many times. */
const QUESTION = /^\s*(how\s+(many|much)|number\s+of)\b/i;
const FIGURES = 3;

/* A record that has the words typed as one phrase ranks this many times higher, a quote
 * record higher again: a phrase typed is most often words remembered from a quotation. */
const PHRASE = 3;
const QUOTED_PHRASE = 1.5;

/* A record with a name that is just the words typed ranks this many times higher; a
 * source page whose outlet is so named higher again (see rerank()). */
const EXACT = 1.6;
const EXACT_OUTLET = 2.5;

/* A word typed also finds the longer words it starts ("Zelen", "deploy" -> "deployment"),
 * each weighed by how much of it was typed; not a number ("3000" is not "30000"), nor a
 * word of fewer than MIN_PREFIX letters, nor one whose longer words fill more than
 * MAX_SLICES slices (too common to be worth the bytes: its exact word is looked up). */
const MIN_PREFIX = 3;
const MAX_SLICES = 3;

/* --- Words, as generator/search_shards.py reads them ---------------------------------- */

const THOUSANDS = /(\d)[\s,.'\u2019\u00a0\u202f](?=\d{3}(?!\d))/g;

function normal(text) {
  return text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase().replace(THOUSANDS, "$1");
}

function stem(word) {
  if (word.length < 4 || !word.endsWith("s") || /^\d+$/.test(word)) return word;
  if (word.endsWith("ies") && !/[ea]ies$/.test(word)) return word.slice(0, -3) + "y";
  if (word.endsWith("es") && !/[aeo]es$/.test(word)) return word.slice(0, -1);
  if (/(us|ss|is)$/.test(word)) return word;
  return word.slice(0, -1);
}

function raw(text) {
  return normal(text).match(/[\p{L}\p{N}]+/gu) || [];
}

function tokens(text) {
  return raw(text).map(stem);
}

/* The words to look up, as typed (unstemmed): filler dropped when other words are left,
 * and a lone letter (the "s" of "Moscow's") dropped too. */
function words(query, keepFiller = false) {
  const all = raw(query);
  const kept = all.filter((w) => !FILLER.has(w) && (w.length > 1 || /\d/.test(w)));
  return kept.length && !keepFiller ? kept : all;
}

/* --- Loading the index's files ---------------------------------------------------------- */

const loaded = new Map();
const waiting = new Map();

/* An offline script calls this with its contents. */
self.__searchData = (name, data) => {
  const done = waiting.get(name);
  if (done) {
    waiting.delete(name);
    done(data);
  }
};

function viaScript(name) {
  return new Promise((resolve, reject) => {
    waiting.set(name, resolve);
    const script = document.createElement("script");
    script.src = new URL(`${name}.js`, FILES).href;
    script.onload = () => script.remove();
    script.onerror = () => {
      waiting.delete(name);
      script.remove();
      reject(new Error(`could not load ${name}.js`));
    };
    document.head.appendChild(script);
  });
}

function file(name) {
  let got = loaded.get(name);
  if (!got) {
    got = INDEX.js
      ? viaScript(name)
      : fetch(new URL(`${name}.json`, FILES)).then((r) => {
        if (!r.ok) throw new Error(`${name}.json: HTTP ${r.status}`);
        return r.json();
      });
    got.catch(() => loaded.delete(name));
    loaded.set(name, got);
  }
  return got;
}

/* The slice of ``kind`` ("u" words, "p" pairs) whose range holds ``key``. */
function sliceOf(kind, key) {
  const firsts = INDEX[kind];
  let lo = 0;
  let hi = firsts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (firsts[mid] <= key) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/* The slices holding every word that starts with ``prefix``. */
function slicesFrom(prefix) {
  const first = sliceOf("u", prefix);
  const out = [first];
  for (let i = first + 1; i < INDEX.u.length && INDEX.u[i].startsWith(prefix); i++) out.push(i);
  return out;
}

/* A word's stem and, when it may stand for longer words (see MIN_PREFIX), the slices of
 * the words it starts. */
function plan(word) {
  const exact = stem(word);
  if (word.length >= MIN_PREFIX && !/^\d+$/.test(word)) {
    const wide = [...new Set([...slicesFrom(word), ...slicesFrom(exact)])];
    if (wide.length <= MAX_SLICES) return { exact, prefix: true, slices: wide };
  }
  return { exact, prefix: false, slices: [sliceOf("u", exact)] };
}

const decoded = new Map();

/* The postings of one word of a slice: record numbers and their scores. */
function postings(slice, word, flat) {
  const key = `${slice}\u0000${word}`;
  let out = decoded.get(key);
  if (!out) {
    const n = flat.length >> 1;
    const ids = new Int32Array(n);
    const scores = new Float32Array(n);
    let id = 0;
    for (let i = 0; i < n; i++) {
      id += flat[2 * i];
      ids[i] = id;
      scores[i] = Math.expm1((flat[2 * i + 1] / 255) * INDEX.max);
    }
    out = { ids, scores };
    decoded.set(key, out);
  }
  return out;
}

/* Record number -> best score of ``word`` (its stem, or a longer word it starts, weighed
 * by how much of that word was typed). */
async function lookUp(word) {
  const { exact, prefix, slices } = plan(word);
  const best = new Map();
  for (const s of slices) {
    const data = await file(`u${s}`);
    for (const [term, flat] of Object.entries(data)) {
      let weight;
      if (term === exact) weight = 1;
      else if (prefix && (term.startsWith(word) || term.startsWith(exact))) {
        weight = 0.5 * Math.min(1, word.length / term.length);
      } else continue;
      const { ids, scores } = postings(s, term, flat);
      for (let i = 0; i < ids.length; i++) {
        const value = scores[i] * weight;
        if (!(best.get(ids[i]) >= value)) best.set(ids[i], value);
      }
    }
  }
  return best;
}

/* The records that have every pair of adjacent words of ``sequence`` (stems). */
async function phrase(sequence) {
  let have = null;
  for (let i = 0; i + 1 < sequence.length; i++) {
    const pair = `${sequence[i]} ${sequence[i + 1]}`;
    const data = await file(`p${sliceOf("p", pair)}`);
    const gaps = data[pair];
    if (!gaps) return new Set();
    const next = new Set();
    let id = 0;
    for (const g of gaps) {
      id += g;
      if (!have || have.has(id)) next.add(id);
    }
    have = next;
  }
  return have || new Set();
}

/* Load, ahead of the lookup, every slice a query's words (of two letters or more) need. */
function preload(query) {
  if (!INDEX) return;
  /* A number being typed ("10,00") loads the slice of the number it is becoming. */
  const typing = query.replace(/(\d)[\s,.'\u2019\u00a0\u202f](?=\d{1,3}\s*$)/, "$1");
  for (const w of words(typing)) {
    if (w.length > 1) for (const s of plan(w).slices) file(`u${s}`).catch(() => {});
  }
}

/* --- Ranking and results ---------------------------------------------------------------- */

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}

/* Whether a word of the record is a word typed: a number must be the same number (a
 * typed "3000" is not "30000"), any other word may be its start (typing goes on). */
function same(word, typed) {
  return /^\d+$/.test(typed) ? word === typed : word.startsWith(typed) || stem(word) === stem(typed);
}

/* ``text`` with each word that is a word typed marked, as Material marks; a number is
 * one word with its thousands separators ("10,000" for a typed "10000"). */
function marked(text, typed) {
  return escapeHtml(text).replace(/\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?!\d)|[\p{L}\p{N}]+/gu, (w) => {
    const bare = raw(w)[0] || "";
    return typed.some((t) => same(bare, t)) ? `<mark>${w}</mark>` : w;
  });
}

/* The stretch of ``text`` (about 24 words) with the most words typed, marked. */
function excerpt(text, typed, size = 24) {
  const parts = text.split(/\s+/).filter(Boolean);
  const hits = parts.map((p) => (raw(p).some((w) => typed.some((t) => same(w, t))) ? 1 : 0));
  let best = 0;
  let bestAt = 0;
  let sum = 0;
  for (let i = 0; i < parts.length; i++) {
    sum += hits[i] - (i >= size ? hits[i - size] : 0);
    if (sum > best) {
      best = sum;
      bestAt = Math.max(0, i - size + 1);
    }
  }
  const start = Math.max(0, Math.min(bestAt, parts.length - size));
  const shown = parts.slice(start, start + size).join(" ");
  return `${start > 0 ? "… " : ""}${marked(shown, typed)}${start + size < parts.length ? " …" : ""}`;
}

/* The share of a name's words (read as a query is: numbers joined, filler left out) that
 * are words typed, and whether the name is exactly the words typed, each found in it. */
function coverage(name, typed) {
  const parts = words(name);
  const hit = parts.filter((w) => typed.some((t) => same(w, t))).length;
  const share = parts.length ? hit / parts.length : 0;
  return { share, exact: share === 1 && typed.every((t) => parts.some((w) => same(w, t))) };
}

/* Among the records shown, one whose title or one of whose names is mostly the words
 * typed ranks higher (up to twice), and more again (EXACT) when a name is just the words
 * typed: "Korean War" is the event so titled before a claim that has both words, "Putin"
 * the actor before a claim about "Putin-Kim" talks. An outlet's name ("AFP (Agence
 * France-Presse)" is two) is its source page's more than the outlet's actor page's; a
 * number typed that a figure group compares counts as its name. */
function rerank(query, typed, score, rec, inPhrase, asTyped) {
  const names = [rec.t || "", ...(rec.n || [])].map((n) => [n, EXACT]);
  for (const n of (rec.o || "").split(/[()]/)) names.push([n, EXACT_OUTLET]);
  const numbers = new Set(words(rec.f || "").filter((w) => /^\d+$/.test(w)));
  let best = asTyped && inPhrase && rec.q ? 1 : 0;
  let boost = typed.some((t) => numbers.has(t)) ? EXACT : 1;
  for (const [name, exactly] of names) {
    const { share, exact } = coverage(name, typed);
    best = Math.max(best, share);
    if (exact) boost = Math.max(boost, exactly);
  }
  let out = score * (1 + best) * boost;
  if (QUESTION.test(query) && rec.f) out *= FIGURES;
  if (inPhrase && rec.q) out *= QUOTED_PHRASE;
  return out;
}

/* The record's link, relative to the site: "claims/#claim-x", or in the offline edition
 * (whose pages are files) "claims/index.html#claim-x". */
function link(url) {
  if (!INDEX.js) return url;
  const [path, anchor] = url.split("#");
  const page = path === "" || path.endsWith("/") ? `${path}index.html` : path;
  return anchor === undefined ? page : `${page}#${anchor}`;
}

/* The answer to ``query``, or null when ``overtaken()`` says a newer query came before
 * the records had to be fetched. */
async function search(query, overtaken) {
  const typed = words(query);
  if (!typed.length || !INDEX) return { items: [] };
  const found = await Promise.all([...new Set(typed)].map(lookUp));
  /* Overtaken while its slices loaded: not answered (the answers go out in order, and
   * the newer query's must not wait for this one's phrase or records). */
  if (overtaken()) return null;
  /* Each record's score: the sum over the words typed; a record with every word before
   * any without (none has them all: those with the most). */
  const total = new Map();
  found.forEach((best) => {
    for (const [id, value] of best) {
      const seen = total.get(id) || [0, 0];
      seen[0] += 1;
      seen[1] += value;
      total.set(id, seen);
    }
  });
  let ranked = [...total.entries()];
  const most = ranked.reduce((m, [, [n]]) => Math.max(m, n), 0);
  ranked = ranked.filter(([, [n]]) => n === most).map(([id, [, value]]) => [id, value]);
  /* The words as typed, or failing that without the filler ("did Russia deny"). */
  let inPhrase = new Set();
  let asTyped = false;
  if (typed.length > 1 && ranked.length > 1) {
    const all = tokens(query);
    inPhrase = await phrase(all);
    asTyped = inPhrase.size > 0;
    if (!asTyped && all.length > typed.length) inPhrase = await phrase(typed.map(stem));
    for (const r of ranked) if (inPhrase.has(r[0])) r[1] *= PHRASE;
    if (overtaken()) return null;
  }
  ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  if (overtaken()) return null; /* its records are not fetched: the newer query's may wait */
  const top = ranked.slice(0, SHOWN);
  const recs = await Promise.all(top.map(([id]) => file(`r/${id}`)));
  const scores = top.map(([id, value], i) =>
    rerank(query, typed, value, recs[i], inPhrase.has(id), asTyped));
  const order = top.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || top[a][0] - top[b][0]);
  const terms = Object.fromEntries(typed.map((t) => [t, true]));
  const items = order.map((i) => {
    const rec = recs[i];
    const url = link(rec.u);
    const item = {
      location: url,
      title: marked(rec.t || rec.p, typed),
      text: excerpt(rec.x || "", typed),
      score: scores[i],
      terms,
    };
    if (!url.includes("#")) return [item];
    const parent = { location: url.split("#")[0], title: escapeHtml(rec.p || ""), text: "",
      score: scores[i] / 2, terms: {} };
    return [parent, item];
  });
  return { items };
}

/* Answers go out in the order the queries came, one each (Material, and the tests' probe,
 * count on that); a query overtaken by a newer one before its records are fetched is
 * answered with the answer already shown. Each key loads the slices its words need, so
 * they are there when the lookup runs. */
let queue = Promise.resolve();
let latest = 0;
let shown = { items: [] };

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === 0) {
    self.postMessage({ type: 1 });
  } else if (message.type === 2) {
    const id = ++latest;
    const query = String(message.data || "");
    const overtaken = () => id !== latest;
    preload(query);
    const answer = search(query, overtaken).catch((error) => {
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

if (typeof module !== "undefined") {
  module.exports = { normal, stem, tokens, words, search, excerpt };
}

self.postMessage({ type: 1 });
