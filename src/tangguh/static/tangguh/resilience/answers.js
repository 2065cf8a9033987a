/* The answers form: after a "tidak" (or no answer) to a question of an indicator, the later
   questions of that indicator are dimmed — the cascade skips them, as the paper form and the
   XLSForm do. They stay editable: a "yes" there is kept by the server, flagged and not counted. */
(function () {
  "use strict";
  function refresh(fieldset) {
    var broken = false;
    var questions = fieldset.querySelectorAll(".question[data-yesno]");
    for (var i = 0; i < questions.length; i++) {
      var q = questions[i];
      q.classList.toggle("skipped", broken);
      var yes = q.querySelector("input[type=radio][value=ya]");
      if (!yes || !yes.checked) { broken = true; }
    }
  }
  function init() {
    var fieldsets = document.querySelectorAll("form[data-testid=answers-form] fieldset.indicator");
    for (var i = 0; i < fieldsets.length; i++) {
      (function (fieldset) {
        refresh(fieldset);
        fieldset.addEventListener("change", function () { refresh(fieldset); });
      })(fieldsets[i]);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
