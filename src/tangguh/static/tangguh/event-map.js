/* Event map: the region's boundary (GeoJSON, no tiles) and circles for events, sized by count.
   <div data-event-map data-geojson-url="…" data-points="id-of-json-script"> */
(function () {
  "use strict";
  function draw(element) {
    var map = L.map(element, { zoomSnap: 0.25 }).setView([-9.3, 122.2], 7);  // NTT until fitted
    var points = JSON.parse(document.getElementById(element.dataset.points).textContent);
    fetch(element.dataset.geojsonUrl, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var outline = L.geoJSON(data.features, { style: { color: "#084f4b", weight: 1, fillOpacity: 0.05 } }).addTo(map);
        var bounds = L.latLngBounds([]);
        if (data.features.length) { bounds.extend(outline.getBounds()); }
        points.forEach(function (p) {
          var marker = L.circleMarker([p.lat, p.lng], {
            radius: Math.min(18, 3 + 2 * Math.sqrt(p.count)), color: "#b3261e", weight: 1, fillOpacity: 0.5
          }).addTo(map);
          var label = document.createElement("span");  // text, never HTML
          label.textContent = p.label + ": " + p.count;
          marker.bindTooltip(label);
          bounds.extend([p.lat, p.lng]);
        });
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [8, 8] }); } else { map.setView([-9.3, 122.2], 7); }
        element.dataset.loaded = String(points.length);
      })
      .catch(function (error) { element.dataset.loaded = "error"; element.dataset.error = String(error); });
  }
  function init() {
    var elements = document.querySelectorAll("[data-event-map]");
    for (var i = 0; i < elements.length; i++) { draw(elements[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
