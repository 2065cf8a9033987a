/* Charts from data the page embeds with json_script (no request, no CDN). A chart element names
   its data: <canvas data-chart="stacked-bars" data-source="id-of-json-script">. */
(function () {
  "use strict";
  // Twenty colours: NTT's records alone hold 13 hazards, and two hazards of one colour cannot be
  // told apart in the legend.
  var COLOURS = ["#0b6e69", "#d9822b", "#3d6fb6", "#b3261e", "#7a9a01", "#8e5ea2", "#c1a100",
                 "#5b6b76", "#1e6b2f", "#d16ba5", "#2a9d8f", "#8d6e63", "#17becf", "#1f2f6b",
                 "#9ccc65", "#333333", "#e07a5f", "#6a4c93", "#f2cc8f", "#7b1e3a"];
  function stackedBars(canvas, data) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.years,
        datasets: data.series.map(function (s, i) {
          return { label: s.name, data: s.values, backgroundColor: COLOURS[i % COLOURS.length] };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  // Bars side by side (not stacked), e.g. shares out of 100: data.max caps the axis.
  function groupedBars(canvas, data) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.years,
        datasets: data.series.map(function (s, i) {
          return { label: s.name, data: s.values, backgroundColor: COLOURS[i % COLOURS.length] };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, max: data.max } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  function init() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      var canvas = canvases[i];
      var source = document.getElementById(canvas.dataset.source);
      if (!source || typeof Chart === "undefined") { continue; }
      var data = JSON.parse(source.textContent);
      if (canvas.dataset.chart === "stacked-bars") { stackedBars(canvas, data); }
      if (canvas.dataset.chart === "bars") { groupedBars(canvas, data); }
      canvas.dataset.drawn = "true";
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
