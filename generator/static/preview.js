// The live preview's script: `briefing serve` adds it to every page it serves (the built
// site never has it). It asks the preview server for its state, shows a banner (fixed at
// the foot of the window, so the navigation stays usable) listing
// every problem with its file:line:column while the content is invalid, and reloads the
// page, keeping its scroll position, when a new build is ready. It says which page it is
// on, so the preview rebuilds the pages open in a browser first. Text is set with
// textContent only, so nothing in a message can become markup.
(function () {
  "use strict";
  var me = document.currentScript;
  var run = me.dataset.run;
  var built = Number(me.dataset.built);
  var key = "briefing-preview-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () {
      window.scrollTo(0, Number(saved));
    });
  }

  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }

  function el(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (style) node.setAttribute("style", style);
    return node;
  }

  function banner(problems) {
    var old = document.getElementById("briefing-preview-banner");
    if (old) old.remove();
    if (!problems.length) return;
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    var colours = errors
      ? "background:#b71c1c;color:#fff;border-top:4px solid #7f0000;"
      : "background:#fff4e5;color:#3d2400;border-top:4px solid #b26a00;";
    var box = el(
      "div",
      "",
      "position:fixed;bottom:0;left:0;right:0;z-index:100000;max-height:50vh;overflow:auto;" +
        "padding:.75rem 1rem;font:15px/1.45 system-ui,sans-serif;box-shadow:0 -2px 8px #0006;" +
        colours
    );
    box.id = "briefing-preview-banner";
    box.setAttribute("role", "alert");
    var head = errors
      ? "The preview is not up to date: " + errors + (errors === 1 ? " error" : " errors") +
        ". It shows the last good pages; fix the file and this page reloads."
      : problems.length + (problems.length === 1 ? " warning" : " warnings") +
        " (the site is up to date; `briefing build` would refuse MkDocs warnings).";
    box.appendChild(el("strong", head));
    var list = el("ul", "", "margin:.4rem 0 0;padding-left:1.2rem;");
    problems.forEach(function (p) {
      var item = el("li", "", "margin:.25rem 0;");
      item.appendChild(el("code", p.where, "font-weight:bold;color:inherit;background:none;"));
      var text = ": " + p.severity + ": " + (p.record ? p.record + ": " : "") + p.message;
      item.appendChild(document.createTextNode(text));
      if (p.fix) item.appendChild(el("div", "fix: " + p.fix, "opacity:.9;"));
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function poll(since) {
    var url = "/.briefing/state?since=" + since + "&page=" + encodeURIComponent(location.pathname);
    fetch(url, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.run !== run || state.built !== built) {
          reload();
          return;
        }
        banner(state.problems);
        poll(state.version);
      })
      .catch(function () {
        // The server stopped or restarted: ask again shortly (a new run reloads the page).
        setTimeout(function () { poll(-1); }, 1000);
      });
  }

  poll(-1);
})();
