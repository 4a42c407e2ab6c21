/* Search in the offline edition, opened from file:// with no server.
 *
 * Material's search runs in a Web Worker, and Chromium refuses to start a worker from
 * a file:// page. Material's offline plugin fixes that with the iframe-worker shim,
 * linked from a CDN; this is our own copy of the idea, so the edition loads nothing
 * from another host. Only the offline edition links this file (generator/export/hooks.py
 * swaps it in for the CDN address), and it does nothing unless the page is a file.
 *
 * IFrameWorker runs the worker's script in a hidden iframe and passes messages both
 * ways, as a Worker would: the page's postMessage becomes a "message" event inside,
 * the script's postMessage a "message" event outside. Material's worker looks for
 * window.IFrameWorker in its parent to find its own folder.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function IFrameWorker(url) {
    this.listeners = [];
    this.onmessage = null;
    this.ready = false;
    this.queue = [];
    var self = this;
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("tabindex", "-1");
    frame.title = "search";
    document.body.appendChild(frame);
    this.frame = frame;
    var win = frame.contentWindow;
    var inside = [];
    this.inside = inside;
    /* the worker's globals */
    win.addEventListener = function (type, fn) {
      if (type === "message") inside.push(fn);
    };
    win.removeEventListener = function (type, fn) {
      var i = inside.indexOf(fn);
      if (i >= 0) inside.splice(i, 1);
    };
    win.postMessage = function (data) {
      setTimeout(function () {
        self.dispatch(data);
      }, 0);
    };
    win.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, src) {
        return done.then(function () {
          return new Promise(function (resolve, reject) {
            var script = win.document.createElement("script");
            script.src = src;
            script.onload = resolve;
            script.onerror = reject;
            win.document.head.appendChild(script);
          });
        });
      }, Promise.resolve());
    };
    var script = win.document.createElement("script");
    script.src = new URL(url, location.href).href;
    script.onload = function () {
      self.ready = true;
      self.queue.splice(0).forEach(function (data) {
        self.postMessage(data);
      });
    };
    win.document.head.appendChild(script);
  }

  /* A message the script sends before the page listens (its "ready", sent as it loads)
   * waits for the first listener: a real worker starts slowly enough for Material to be
   * listening by then, a script in an iframe does not, and Material, which never sends
   * a setup message to a worker of ours, would wait for "ready" for ever. */
  IFrameWorker.prototype.dispatch = function (data) {
    if (!this.listeners.length && typeof this.onmessage !== "function") {
      (this.pending = this.pending || []).push(data);
      return;
    }
    var event = { data: data, target: this };
    if (typeof this.onmessage === "function") this.onmessage(event);
    this.listeners.slice().forEach(function (fn) {
      fn(event);
    });
  };

  IFrameWorker.prototype.postMessage = function (data) {
    if (!this.ready) {
      this.queue.push(data);
      return;
    }
    var copy = typeof structuredClone === "function" ? structuredClone(data) : data;
    var inside = this.inside;
    setTimeout(function () {
      inside.slice().forEach(function (fn) {
        fn({ data: copy });
      });
    }, 0);
  };

  IFrameWorker.prototype.addEventListener = function (type, fn) {
    if (type !== "message") return;
    this.listeners.push(fn);
    var self = this;
    var pending = (this.pending || []).splice(0);
    pending.forEach(function (data) {
      setTimeout(function () {
        self.dispatch(data);
      }, 0);
    });
  };

  IFrameWorker.prototype.removeEventListener = function (type, fn) {
    var i = this.listeners.indexOf(fn);
    if (i >= 0) this.listeners.splice(i, 1);
  };

  IFrameWorker.prototype.terminate = function () {
    this.frame.remove();
  };

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
