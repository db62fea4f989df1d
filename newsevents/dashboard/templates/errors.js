// Installed first, before any other script: every uncaught error or rejected promise is written into #errors.
(function () {
  function report(text) {
    var box = document.getElementById('errors');
    var li = document.createElement('li');
    li.textContent = text;
    box.appendChild(li);
    box.hidden = false;
  }
  window.__reportError = report;
  window.onerror = function (msg, src, line, col) { report(String(msg) + ' (line ' + line + ':' + col + ')'); };
  window.addEventListener('unhandledrejection', function (e) { report('unhandled rejection: ' + String(e.reason)); });
})();
