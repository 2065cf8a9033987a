/* Village risk map: the villages of a regency coloured by their risk class for one hazard, from
   the regions' boundary GeoJSON, with no tile layer unless one is configured. Tooltips and the
   legend are built from text nodes, never from HTML strings (names come from files). */
(function () {
  "use strict";
  function text(parent, tag, value, className) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    node.textContent = value;
    parent.appendChild(node);
    return node;
  }
  function legendControl(element) {
    var source = document.getElementById("risk-legend");
    var items = source ? JSON.parse(source.textContent) : [];
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = document.createElement("div");
      box.className = "risk-legend";
      box.setAttribute("data-testid", "risk-legend");
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
  function tooltip(element, p) {
    var box = document.createElement("div");
    text(box, "strong", p.name + " (" + p.code + ")");
    if (p.district) { text(box, "div", p.district); }
    var year = p.year ? element.dataset.yearLabel + " " + p.year : (p.risk_class ? element.dataset.unknownYear : "");
    text(box, "div", p.risk_label + (year ? " · " + year : ""));
    return box;
  }
  function draw(element) {
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
    }
    fetch(element.dataset.riskGeojsonUrl, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        var villages = data.features.filter(function (f) { return f.properties.role === "village"; });
        var outline = data.features.filter(function (f) { return f.properties.role === "outline"; });
        var layer = L.geoJSON(villages, {
          style: function (feature) {
            return { color: "#4a5560", weight: 0.8, fillColor: feature.properties.colour, fillOpacity: 0.8 };
          },
          onEachFeature: function (feature, featureLayer) {
            featureLayer.bindTooltip(tooltip(element, feature.properties), { sticky: true });
            featureLayer.on("click", function () { window.location.href = feature.properties.url; });
          }
        }).addTo(map);
        var outlineLayer = L.geoJSON(outline, { style: { color: "#1c2328", weight: 2, fill: false }, interactive: false }).addTo(map);
        var bounds = layer.getBounds();
        if (!bounds.isValid()) { bounds = outlineLayer.getBounds(); }
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [8, 8] }); } else { map.setView([-9.5, 122.5], 7); }
        layer.eachLayer(function (l) {
          var path = l.getElement && l.getElement();
          if (path) { path.setAttribute("data-risk-class", l.feature.properties.risk_class || "none"); }
        });
        legendControl(element).addTo(map);
        element.dataset.loaded = String(villages.length);
        element.dataset.coloured = String(villages.filter(function (f) { return f.properties.risk_class; }).length);
      })
      .catch(function () { element.dataset.loaded = "error"; });
  }
  function init() {
    var elements = document.querySelectorAll("[data-risk-geojson-url]");
    for (var i = 0; i < elements.length; i++) { draw(elements[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
