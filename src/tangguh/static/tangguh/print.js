/* A button with data-print prints the page (no inline handlers: the CSP forbids them). */
(function () {
  "use strict";
  function init() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () { window.print(); });
      buttons[i].hidden = false;
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
