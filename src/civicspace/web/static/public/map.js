/* The world map: world-atlas countries (ISO numeric ids) drawn with d3-geo, coloured by rating
   band or by incident count from the JSON embedded in the page. No tiles, no third party. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  var dataEl = document.getElementById("map-data");
  if (!el || !dataEl || !window.d3 || !window.topojson) return;
  var data = JSON.parse(dataEl.textContent);
  var byNumeric = {};
  data.countries.forEach(function (c) { if (c.numeric) byNumeric[c.numeric] = c; });
  var bandColour = {};
  data.palette.bands.forEach(function (b) { bandColour[b.id] = b.colour; });
  var countColour = data.palette.counts.map(function (b) { return b.colour; });
  var NS = "http://www.w3.org/2000/svg";

  function colour(c, mode) {
    if (!c) return mode === "count" ? countColour[0] : data.palette.no_data;
    if (mode === "band") return c.rating ? (bandColour[c.rating.band] || data.palette.no_data) : data.palette.no_data;
    return countColour[c.count_bucket] || countColour[0];
  }

  function paint(svg, mode) {
    svg.querySelectorAll("path.country").forEach(function (p) {
      p.setAttribute("fill", colour(byNumeric[p.getAttribute("data-numeric")], mode));
    });
    el.setAttribute("data-mode", mode);
    document.querySelectorAll("[data-legend]").forEach(function (l) {
      l.hidden = l.getAttribute("data-legend") !== mode;
    });
    document.querySelectorAll(".map-controls button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-mode") === mode ? "true" : "false");
    });
  }

  fetch(el.getAttribute("data-topology"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (world) {
      var width = 960, height = 500;
      var land = topojson.feature(world, world.objects.countries);
      var projection = d3.geoEqualEarth().fitSize([width, height], { type: "Sphere" });
      var path = d3.geoPath(projection);
      var svg = document.createElementNS(NS, "svg");
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.setAttribute("class", "map-svg");
      svg.setAttribute("aria-hidden", "true");
      var sphere = document.createElementNS(NS, "path");
      sphere.setAttribute("d", path({ type: "Sphere" }));
      sphere.setAttribute("fill", "#f4f8fb");
      sphere.setAttribute("stroke", "#9aa5ad");
      svg.appendChild(sphere);
      land.features.forEach(function (f) {
        var d = path(f);
        if (!d) return;
        var c = byNumeric[f.id];
        var p = document.createElementNS(NS, "path");
        p.setAttribute("d", d);
        p.setAttribute("class", "country");
        p.setAttribute("data-numeric", f.id || "");
        if (c) p.setAttribute("data-code", c.code);
        p.setAttribute("stroke", "#4a4a4a");
        p.setAttribute("stroke-width", "0.4");
        var t = document.createElementNS(NS, "title");
        var name = c ? (data.names[c.code] || c.name) : f.properties.name;
        var parts = [name];
        if (c) {
          parts.push(c.incidents + " " + data.labels.incidents);
          parts.push(c.rating ? c.rating.label : data.labels.no_rating);
        }
        t.textContent = parts.join(" · ");
        p.appendChild(t);
        if (c) p.addEventListener("click", function () { window.location.href = "/countries/" + c.code; });
        svg.appendChild(p);
      });
      el.appendChild(svg);
      paint(svg, el.getAttribute("data-mode") || "count");
      var controls = document.querySelector(".map-controls");
      if (controls) {
        controls.hidden = false;
        controls.querySelectorAll("button").forEach(function (b) {
          b.addEventListener("click", function () { paint(svg, b.getAttribute("data-mode")); });
        });
      }
      el.setAttribute("data-ready", "true");
    });
})();
