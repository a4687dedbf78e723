/* Tables that Material wraps in a horizontally scrolling box (.md-typeset__scrollwrap) must be
   reachable by keyboard when they overflow (WCAG 2.1.1; axe: scrollable-region-focusable):
   make each box a named, focusable region. Runs after Material has wrapped the tables. */
(function () {
  function label(wrap) {
    var caption = wrap.querySelector("caption");
    return caption ? caption.textContent.trim() : "Table";
  }
  function fix() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (wrap) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label(wrap));
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { setTimeout(fix, 0); });
  } else {
    window.addEventListener("load", fix);
  }
})();
