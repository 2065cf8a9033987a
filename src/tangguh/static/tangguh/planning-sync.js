/* Sync matrix charts, drawn with the vendored Chart.js from data the page embeds (json_script):
   proposals per row stacked by decision, and the budget asked beside the budget allocated.
   Rows run down the page (horizontal bars) so that long village and agency names stay readable
   on a phone. No request, no CDN. */
(function () {
  "use strict";
  function money(value) {
    return Number(value).toLocaleString(document.documentElement.lang || "id");
  }
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") { canvas.dataset.drawn = "error"; return; }
    var data = JSON.parse(source.textContent);
    var stacked = canvas.dataset.syncChart === "stacked";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (d) {
          return { label: d.label, data: d.data, backgroundColor: d.colour, borderColor: "#ffffff", borderWidth: stacked ? 1 : 0 };
        })
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: stacked, beginAtZero: true, ticks: stacked ? { precision: 0 } : { callback: money } },
          y: { stacked: stacked }
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: stacked ? {} : { callbacks: { label: function (item) { return item.dataset.label + ": " + money(item.raw); } } }
        }
      }
    });
    canvas.dataset.drawn = String(data.labels.length);
  }
  function init() {
    var canvases = document.querySelectorAll("canvas[data-sync-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
