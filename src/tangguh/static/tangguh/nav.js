/* The main navigation's menus: one open at a time, closed by a click elsewhere or Escape. The
   menus work without this script (<details>); it only tidies them up. */
(function () {
  "use strict";
  function menus() { return document.querySelectorAll("nav.mainnav details[data-navgroup]"); }
  function closeAll(except) {
    menus().forEach(function (menu) { if (menu !== except) { menu.open = false; } });
  }
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (menu.matches && menu.matches("nav.mainnav details[data-navgroup]") && menu.open) { closeAll(menu); }
  }, true);
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("nav.mainnav details[data-navgroup]")) { closeAll(null); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeAll(null); }
  });
})();
