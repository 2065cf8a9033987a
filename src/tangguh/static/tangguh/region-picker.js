/* The region picker (templates/regions/_region_picker.html): choosing a search result fills the
   region field with its code and announces the change (the line under the field then names the
   place); Enter in the search box never submits the surrounding form. */
(() => {
  if (window.tangguhRegionPicker) return;
  window.tangguhRegionPicker = true;

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-pick-code]");
    const picker = button && button.closest("[data-region-picker]");
    const field = picker && document.getElementById(picker.dataset.regionPicker);
    if (!field) return;
    field.value = button.dataset.pickCode;
    field.dispatchEvent(new Event("change", { bubbles: true }));
    picker.querySelector("[data-region-results]").replaceChildren();
    picker.querySelector("[data-region-search]").value = "";
    field.focus();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("[data-region-search]")) {
      event.preventDefault();
    }
  });
})();
