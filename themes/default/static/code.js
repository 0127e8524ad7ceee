// praxis default theme: a "Copy" button on every code block of a page's text.
// Added here rather than written in the page, so that a reader without scripts (or without
// the clipboard API) sees no button that does nothing. Copies the code as written: line
// numbers are generated content and never part of the text. Announces "Copied" politely.
(function () {
  "use strict";
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
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code");
    wrap.appendChild(button);
    var timer;
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      var text = code.textContent.replace(/\n$/, "");
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = "Copied";
        button.setAttribute("data-copied", "");
        status.textContent = "Copied";
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = "Copy";
          button.removeAttribute("data-copied");
          status.textContent = "";
        }, 2000);
      }, function () {
        status.textContent = "Could not copy";
      });
    });
  });
})();
