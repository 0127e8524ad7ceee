// praxis default theme: scrolls the sidebar, when it is taller than the window, so that the
// current page's link is in view. base.html loads this file right after the sidebar, so it
// runs once, before the first paint: nothing moves on screen, and nothing animates. The site
// works the same without it.
(function () {
  "use strict";
  var nav = document.getElementById("site-nav");
  var link = nav && nav.querySelector('a[aria-current="page"]');
  if (!link || nav.scrollHeight <= nav.clientHeight) {
    return;
  }
  var box = nav.getBoundingClientRect();
  var at = link.getBoundingClientRect();
  if (at.top >= box.top && at.bottom <= box.bottom) {
    return;
  }
  // Centre the link in the sidebar, scrolling the sidebar only, never the page.
  nav.scrollTop += at.top - box.top - (nav.clientHeight - at.height) / 2;
})();
