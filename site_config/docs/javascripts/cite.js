/* "Cite this" (generator/export/cite.py): the citation is plain text in the page; this
 * only makes its address absolute where the build could not (no site_url) and copies it.
 * No library, nothing fetched: the Clipboard API where the page may use it, else the text
 * is selected and copied the old way. Without JavaScript the copy buttons stay hidden. */
(function () {
  "use strict";
  function absolute() {
    document.querySelectorAll(".cite-url[data-href]").forEach(function (span) {
      try {
        span.textContent = new URL(span.getAttribute("data-href"), location.href).href;
      } catch (e) {
        /* leave the address as written */
      }
    });
  }
  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function copied(button) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = "Copied";
    setTimeout(function () {
      button.textContent = label;
    }, 2000);
  }
  function copy(button) {
    var node = document.getElementById(button.getAttribute("data-copy"));
    if (!node) return;
    var text = node.textContent;
    var fallback = function () {
      select(node);
      try {
        if (document.execCommand("copy")) copied(button);
      } catch (e) {
        /* the text stays selected for the reader to copy */
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        copied(button);
      }, fallback);
    } else {
      fallback();
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.cite-copy") : null;
    if (button) copy(button);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", absolute);
  } else {
    absolute();
  }
})();
