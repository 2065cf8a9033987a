/* Region map: draws the region's boundary and its children from GeoJSON, with no tile layer unless
   a tile URL is configured (offices in NTT are often offline or on slow links). */
(function () {
  "use strict";
  function draw(element) {
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
    var tileUrl = element.dataset.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
    }
    fetch(element.dataset.geojsonUrl, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        var children = data.features.filter(function (f) { return f.properties.role === "child"; });
        var self = data.features.filter(function (f) { return f.properties.role === "self"; });
        var childLayer = L.geoJSON(children, {
          style: { color: "#0b6e69", weight: 1, fillColor: "#7fc4bd", fillOpacity: 0.35 },
          onEachFeature: function (feature, layer) {
            var label = document.createElement("span");  // text, never HTML: names come from files
            label.textContent = feature.properties.name + " (" + feature.properties.code + ")";
            layer.bindTooltip(label, { sticky: true });
            layer.on("click", function () { window.location.href = feature.properties.url; });
          }
        }).addTo(map);
        var selfLayer = L.geoJSON(self, { style: { color: "#084f4b", weight: 3, fill: children.length === 0, fillOpacity: 0.2 } }).addTo(map);
        var bounds = selfLayer.getBounds();
        if (!bounds.isValid()) { bounds = childLayer.getBounds(); }
        if (bounds.isValid()) {
          map.fitBounds(bounds, { padding: [8, 8] });
        } else if (data.centroid) {
          map.setView([data.centroid[1], data.centroid[0]], 12);
          L.circleMarker([data.centroid[1], data.centroid[0]], { radius: 6, color: "#084f4b" }).addTo(map);
          element.insertAdjacentHTML("beforeend", "<p class='map-note'></p>");
          element.querySelector(".map-note").textContent = element.dataset.noBoundary;
        } else {
          element.innerHTML = "<p class='map-empty'></p>";
          element.querySelector(".map-empty").textContent = element.dataset.noBoundary;
          return;
        }
        element.dataset.loaded = String(data.features.length);
      })
      .catch(function () { element.dataset.loaded = "error"; });
  }
  function init() {
    var elements = document.querySelectorAll("[data-geojson-url]");
    for (var i = 0; i < elements.length; i++) { draw(elements[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
