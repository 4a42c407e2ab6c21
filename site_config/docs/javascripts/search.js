/* Search (issue 11): tells the search worker (search-worker.js) that a reader is about to
 * search, the moment the search box is opened or focused, so that Pagefind's script and
 * metadata load while the first word is typed. Pages never searched load none of it. */
(function () {
  if (!("BroadcastChannel" in window)) return;
  var channel = new BroadcastChannel("site-search");
  var warm = function () { channel.postMessage("warm"); };
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".md-search__input")) warm();
  });
  document.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest("label[for='__search']")) warm();
  }, true);
})();
