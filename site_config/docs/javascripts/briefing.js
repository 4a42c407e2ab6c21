/* Briefing: small reader helpers, self-hosted. The page is complete without them.
 *
 * - Sortable tables: every table with three or more rows gets a sort button in each
 *   column header. A cell sorts by its [data-sort] number, else its <time datetime>,
 *   else its text; a cell with no date ("date not stated") sorts last either way.
 * - Claim filters: a page with a form.claim-filters (the claims pages) hides the claims
 *   that do not match the chosen status, claimant, topic and source, and says how many
 *   are shown. Without JavaScript the form stays hidden and every claim shows.
 */
(function () {
  "use strict";

  /* --- sortable tables ------------------------------------------------------------ */

  function sortKey(cell) {
    var marked = cell.querySelector("[data-sort]");
    if (marked) return { n: parseFloat(marked.getAttribute("data-sort")) };
    var time = cell.querySelector("time[datetime]");
    if (time) return { s: time.getAttribute("datetime") };
    if (cell.querySelector(".badge-undated")) return null;
    var text = cell.textContent.trim();
    var number = text.replace(/,/g, "").match(/^-?\d+(\.\d+)?$/);
    return number ? { n: parseFloat(number[0]) } : { s: text.toLowerCase() };
  }

  function compare(a, b) {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if ("n" in a && "n" in b) return a.n - b.n;
    var x = "n" in a ? String(a.n) : a.s;
    var y = "n" in b ? String(b.n) : b.s;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  function makeSortable(table) {
    var body = table.tBodies[0];
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    if (!body || body.rows.length < 3 || !heads.length) return;
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.map.call(body.rows, function (row, index) {
          return { row: row, key: sortKey(row.cells[column]), index: index };
        });
        rows.sort(function (a, b) {
          if (a.key === null || b.key === null) {
            return compare(a.key, b.key) || a.index - b.index; /* undated last, always */
          }
          return (ascending ? 1 : -1) * compare(a.key, b.key) || a.index - b.index;
        });
        rows.forEach(function (r) { body.appendChild(r.row); });
      });
    });
  }

  /* --- claim filters --------------------------------------------------------------- */

  function claimsOf(root) {
    /* Each claim is a heading (h3) with its filter values on the meta line under it
       (p.claim-meta), and everything from the heading to the next heading of its level
       or higher. */
    return Array.prototype.map.call(root.querySelectorAll("p.claim-meta"), function (meta) {
      var head = meta.previousElementSibling;
      while (head && head.tagName !== "H3") head = head.previousElementSibling;
      var parts = [head];
      var next = head.nextElementSibling;
      while (next && !/^H[1-3]$/.test(next.tagName)) {
        parts.push(next);
        next = next.nextElementSibling;
      }
      return { head: head, meta: meta, parts: parts };
    });
  }

  function setUpFilters(form) {
    var root = document.querySelector(".md-content__inner");
    var claims = claimsOf(root);
    var count = form.querySelector(".claim-count");
    var selects = form.querySelectorAll("select");
    function apply() {
      var shown = 0;
      claims.forEach(function (claim) {
        var ok = Array.prototype.every.call(selects, function (select) {
          if (!select.value) return true;
          var values = (claim.meta.getAttribute("data-" + select.name) || "").split(" ");
          return values.indexOf(select.value) >= 0;
        });
        claim.parts.forEach(function (el) { el.hidden = !ok; });
        if (ok) shown += 1;
      });
      /* A topic heading with no claim left under it hides too. */
      root.querySelectorAll("h2[id^='topic-']").forEach(function (topic) {
        var next = topic.nextElementSibling, any = false;
        while (next && next.tagName !== "H2") {
          if (next.tagName === "H3" && !next.hidden) any = true;
          next = next.nextElementSibling;
        }
        topic.hidden = !any;
      });
      count.textContent = shown === claims.length
        ? "Showing all " + claims.length + " claims."
        : "Showing " + shown + " of " + claims.length + " claims.";
    }
    Array.prototype.forEach.call(selects, function (select) {
      select.addEventListener("change", apply);
    });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function start() {
    document.querySelectorAll(".md-content table").forEach(makeSortable);
    document.querySelectorAll("form.claim-filters").forEach(setUpFilters);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
