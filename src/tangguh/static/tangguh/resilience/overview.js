/* Province roll-up: the regencies coloured by their IKD class (Leaflet over the regions'
   boundary GeoJSON, no tile server unless one is configured) and the IKD trend (vendored
   Chart.js) from data the page embeds with json_script. Text goes in as text nodes only. */
(function () {
  "use strict";
  function text(parent, tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    parent.appendChild(node);
    return node;
  }
  function legend(element) {
    var source = document.getElementById("ikd-legend");
    var items = source ? JSON.parse(source.textContent) : [];
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = document.createElement("div");
      box.className = "ikd-legend";
      text(box, "strong", element.dataset.legendTitle || "");
      items.forEach(function (item) {
        var line = document.createElement("div");
        var swatch = document.createElement("i");
        swatch.style.background = item.colour;
        line.appendChild(swatch);
        line.appendChild(document.createTextNode(item.label));
        box.appendChild(line);
      });
      return box;
    };
    return control;
  }
  function drawMap(element) {
    var map = L.map(element, { zoomSnap: 0.25 });
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
    }
    fetch(element.dataset.geojsonUrl, { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data.features, {
          style: function (f) { return { color: "#4a5560", weight: 1, fillColor: f.properties.colour, fillOpacity: 0.85 }; },
          onEachFeature: function (f, l) {
            var box = document.createElement("div");
            text(box, "strong", f.properties.name + " (" + f.properties.code + ")");
            text(box, "div", f.properties.label + (f.properties.score !== null ? " · " + f.properties.score : ""));
            l.bindTooltip(box, { sticky: true });
            if (f.properties.url) { l.on("click", function () { window.location.href = f.properties.url; }); }
          }
        }).addTo(map);
        var bounds = layer.getBounds();
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [8, 8] }); } else { map.setView([-9.5, 122.5], 7); }
        legend(element).addTo(map);
        element.dataset.loaded = String(data.features.length);
        element.dataset.coloured = String(data.features.filter(function (f) { return f.properties["class"]; }).length);
      })
      .catch(function () { element.dataset.loaded = "error"; });
  }
  function drawChart(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") { canvas.dataset.drawn = "error"; return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (d) {
          return { type: d.kind, label: d.label, data: d.data, yAxisID: d.axis,
            backgroundColor: d.kind === "bar" ? "#c6dbef" : "#0b6e69", borderColor: d.kind === "bar" ? "#9ecae1" : "#0b6e69" };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: {
          score: { position: "left", min: 0, max: 1 },
          count: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.dataset.drawn = String(data.labels.length);
  }
  function init() {
    var maps = document.querySelectorAll("[data-geojson-url]#ikd-map");
    for (var i = 0; i < maps.length; i++) { drawMap(maps[i]); }
    var charts = document.querySelectorAll("canvas[data-source]#ikd-chart");
    for (var j = 0; j < charts.length; j++) { drawChart(charts[j]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
