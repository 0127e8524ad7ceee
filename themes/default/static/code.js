// praxis default theme: a "Copy" button on every code block of a page's text.
// Added here rather than written in the page, so that a reader without scripts (or without
// the clipboard API) sees no button that does nothing. Copies the code as written: line
// numbers are generated content and never part of the text. Announces "Copied" politely.
// The texts are English unless the script's tag gives them in the page's language
// (data-copy, data-copy-code, data-copied, data-copy-failed: base.html sets those from i18n/).
(function () {
  "use strict";
  var script = document.currentScript;
  function text(name, english) {
    var value = script && script.getAttribute("data-" + name);
    return value === null || value === undefined ? english : value;
  }
  var COPY = text("copy", "Copy");
  var COPY_CODE = text("copy-code", "Copy code");
  var COPIED = text("copied", "Copied");
  var COPY_FAILED = text("copy-failed", "Could not copy");
  if (!navigator.clipboard || !window.isSecureContext) return;
  var blocks = document.querySelectorAll(".prose pre");
  if (!blocks.length) return;
  var status = document.createElement("span");
  status.className = "visually-hidden copy-status";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  blocks.forEach(function (pre) {
    var wrap = document.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = COPY;
    button.setAttribute("aria-label", COPY_CODE);
    wrap.appendChild(button);
    var timer;
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      var text = code.textContent.replace(/\n$/, "");
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = COPIED;
        button.setAttribute("data-copied", "");
        status.textContent = COPIED;
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = COPY;
          button.removeAttribute("data-copied");
          status.textContent = "";
        }, 2000);
      }, function () {
        status.textContent = COPY_FAILED;
      });
    });
  });
})();
