/* Village risk map: the villages of a regency coloured by their risk class for one hazard, from
   the village shapes and a table of classes, with no tile layer unless one is configured. Tooltips and the
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
  function tooltip(element, p, found, labels) {
    var box = document.createElement("div");
    text(box, "strong", p.name + " (" + p.code + ")");
    if (p.district) { text(box, "div", p.district); }
    var riskClass = found ? found[0] : "";
    var year = found && found[1] ? element.dataset.yearLabel + " " + found[1] : (riskClass ? element.dataset.unknownYear : "");
    text(box, "div", (labels[riskClass || "none"] || "") + (year ? " · " + year : ""));
    return box;
  }
  function getJSON(url, accept) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: accept } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); });
  }
  function draw(element) {
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
    }
    var source = document.getElementById("risk-legend");
    var legend = source ? JSON.parse(source.textContent) : [];
    var colours = {}, labels = {};
    legend.forEach(function (item) { colours[item.key] = item.colour; labels[item.key] = item.label; });
    /* Shapes and classes come apart: the shapes (the heavy part) are revalidated by the browser
       and not sent again; a change of hazard or year sends only the small table of classes. */
    Promise.all([
      getJSON(element.dataset.shapesUrl, "application/geo+json"),
      getJSON(element.dataset.classesUrl, "application/json")
    ]).then(function (results) {
        var data = results[0], classes = results[1].villages || {};
        var villages = data.features.filter(function (f) { return f.properties.role === "village"; });
        var outline = data.features.filter(function (f) { return f.properties.role === "outline"; });
        var layer = L.geoJSON(villages, {
          style: function (feature) {
            var found = classes[feature.properties.code];
            return { color: "#4a5560", weight: 0.8, fillColor: colours[found ? found[0] : "none"], fillOpacity: 0.8 };
          },
          onEachFeature: function (feature, featureLayer) {
            var code = feature.properties.code;
            featureLayer.bindTooltip(tooltip(element, feature.properties, classes[code], labels), { sticky: true });
            featureLayer.on("click", function () { window.location.href = element.dataset.profileUrl.replace("CODE", code); });
          }
        }).addTo(map);
        var outlineLayer = L.geoJSON(outline, { style: { color: "#1c2328", weight: 2, fill: false }, interactive: false }).addTo(map);
        var bounds = layer.getBounds();
        if (!bounds.isValid()) { bounds = outlineLayer.getBounds(); }
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [8, 8] }); } else { map.setView([-9.5, 122.5], 7); }
        var coloured = 0;
        layer.eachLayer(function (l) {
          var found = classes[l.feature.properties.code];
          if (found) { coloured += 1; }
          var path = l.getElement && l.getElement();
          if (path) { path.setAttribute("data-risk-class", found ? found[0] : "none"); }
        });
        legendControl(element).addTo(map);
        element.dataset.loaded = String(villages.length);
        element.dataset.coloured = String(coloured);
      })
      .catch(function () { element.dataset.loaded = "error"; });
  }
  function init() {
    var elements = document.querySelectorAll("[data-shapes-url][data-classes-url]");
    for (var i = 0; i < elements.length; i++) { draw(elements[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
