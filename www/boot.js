// Starts the page the way this place allows. Served normally, the page is ES modules and trains in a Web
// Worker. Opened from a file, or in a sandboxed frame without an origin of its own, a browser refuses
// module scripts, module workers and fetches of the page's own files: there the classic build (one script
// that carries the core and its workers inside it, written by scripts/build-classic.mjs) runs instead and
// trains in a worker started from a Blob URL (on the main thread, saying so, only where even that is
// refused). A classic script, so that it runs everywhere.
(function boot() {
  var restricted = location.protocol === 'file:' ? 'this page was opened from a file'
    : self.origin === 'null' ? 'this page runs in a sandboxed frame without an origin of its own'
      : null;
  var script = document.createElement('script');
  if (restricted) {
    window.saeRestricted = restricted;
    script.src = './www/app.classic.js';
  } else {
    // The page's bundle (scripts/build-bundle.mjs, which lists the chunks the entry imports here): the
    // chunks are fetched alongside the entry, not after it.
    var chunks = [];
    chunks.forEach(function (href) {
      var preload = document.createElement('link');
      preload.rel = 'modulepreload';
      preload.href = href;
      document.head.append(preload);
    });
    script.type = 'module';
    script.src = './app/app.js';
  }
  script.onerror = function () {
    var note = document.createElement('p');
    note.className = 'banner error';
    note.setAttribute('role', 'alert');
    note.textContent = 'The playground could not load its script (' + script.src + '). Reload the page; if this '
      + 'copy was downloaded, keep its app, www and pkg folders beside index.html, or use sae-playground.html.';
    document.getElementById('banners').append(note);
  };
  document.body.append(script);
}());
