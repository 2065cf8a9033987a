/* Poverty pages: line charts (trend of P0, a target's path) and the area map, drawn with the
   vendored Chart.js and Leaflet from data the page embeds (json_script) or serves (GeoJSON).
   Tooltips and the legend are built from text nodes, never from HTML strings. */
(function () {
  "use strict";
  var COLOURS = ["#b3261e", "#3d6fb6", "#7a9a01", "#d9822b"];
  var DASHES = [[], [], [6, 4], [2, 3]];
  function lines(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof Chart === "undefined") { canvas.dataset.drawn = "error"; return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.years,
        datasets: data.series.map(function (s, i) {
          return { label: s.name, data: s.values, borderColor: COLOURS[i % COLOURS.length], backgroundColor: COLOURS[i % COLOURS.length],
                   borderDash: DASHES[i % DASHES.length], spanGaps: true, tension: 0, pointRadius: 3 };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true, title: { display: true, text: data.unit || "" } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
    canvas.dataset.drawn = String(data.years.length);
  }
  function text(parent, tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    parent.appendChild(node);
    return node;
  }
  function legend(element) {
    var source = document.getElementById("poverty-legend");
    var items = source ? JSON.parse(source.textContent) : [];
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = document.createElement("div");
      box.className = "poverty-legend";
      box.setAttribute("data-testid", "poverty-legend");
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
  function tooltip(p) {
    var box = document.createElement("div");
    text(box, "strong", p.name + " (" + p.code + ")");
    if (p.district) { text(box, "div", p.district); }
    text(box, "div", p.label);
    return box;
  }
  function map(element) {
    var m = L.map(element, { zoomSnap: 0.25, attributionControl: true });
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(m);
    }
    fetch(element.dataset.povertyGeojsonUrl, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        var areas = data.features.filter(function (f) { return f.properties.role === "area"; });
        var outline = data.features.filter(function (f) { return f.properties.role === "outline"; });
        var layer = L.geoJSON(areas, {
          style: function (f) { return { color: "#4a5560", weight: 0.8, fillColor: f.properties.colour, fillOpacity: 0.85 }; },
          onEachFeature: function (f, featureLayer) {
            featureLayer.bindTooltip(tooltip(f.properties), { sticky: true });
            featureLayer.on("click", function () { window.location.href = f.properties.url; });
          }
        }).addTo(m);
        var outlineLayer = L.geoJSON(outline, { style: { color: "#1c2328", weight: 2, fill: false }, interactive: false }).addTo(m);
        var bounds = layer.getBounds();
        if (!bounds.isValid()) { bounds = outlineLayer.getBounds(); }
        if (bounds.isValid()) { m.fitBounds(bounds, { padding: [8, 8] }); } else { m.setView([-9.5, 122.5], 7); }
        legend(element).addTo(m);
        element.dataset.loaded = String(areas.length);
        element.dataset.coloured = String(areas.filter(function (f) { return f.properties.p0 !== null; }).length);
      })
      .catch(function () { element.dataset.loaded = "error"; });
  }
  function init() {
    var canvases = document.querySelectorAll("canvas[data-poverty-chart]");
    for (var i = 0; i < canvases.length; i++) { lines(canvases[i]); }
    var maps = document.querySelectorAll("[data-poverty-geojson-url]");
    for (var j = 0; j < maps.length; j++) { map(maps[j]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
