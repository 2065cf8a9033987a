/* What every page needs without inline script or style (the Content-Security-Policy allows
   neither): sizes given as data-width / data-height, and fields where Enter must not submit the
   form (data-no-enter, e.g. a search inside a form). Applied on load and after HTMX swaps. */
(function () {
  "use strict";
  var SIZE = /^\d+(\.\d+)?(px|%)$/;
  function sizes(root) {
    root.querySelectorAll("[data-width]").forEach(function (element) {
      if (SIZE.test(element.dataset.width)) { element.style.width = element.dataset.width; }
    });
    root.querySelectorAll("[data-height]").forEach(function (element) {
      if (SIZE.test(element.dataset.height)) { element.style.height = element.dataset.height; }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.closest && event.target.closest("[data-no-enter]")) {
      event.preventDefault();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { sizes(document); });
  document.addEventListener("htmx:afterSettle", function (event) { sizes(event.target); });
})();
