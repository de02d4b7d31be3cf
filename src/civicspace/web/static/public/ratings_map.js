/* The ratings map: world-atlas countries (ISO numeric ids) drawn with d3-geo, coloured by public
   band or by the direction of the latest band change, from the JSON embedded in /ratings.
   No tiles, no third party: the vendored scripts and topology only. */
(function () {
  "use strict";
  var el = document.getElementById("ratings-map");
  var dataEl = document.getElementById("ratings-map-data");
  if (!el || !dataEl || !window.d3 || !window.topojson) return;
  var data = JSON.parse(dataEl.textContent);
  var byNumeric = {};
  data.countries.forEach(function (c) { if (c.numeric) byNumeric[c.numeric] = c; });
  var NS = "http://www.w3.org/2000/svg";

  function colour(c, mode) {
    if (!c) return data.no_data;
    var table = mode === "change" ? data.changes : data.bands;
    var key = mode === "change" ? c.change : c.band;
    return table[key] || data.no_data;
  }

  function paint(svg, mode) {
    svg.querySelectorAll("path.country").forEach(function (p) {
      p.setAttribute("fill", colour(byNumeric[p.getAttribute("data-numeric")], mode));
    });
    el.setAttribute("data-mode", mode);
    document.querySelectorAll("[data-ratings-legend]").forEach(function (l) {
      l.hidden = l.getAttribute("data-ratings-legend") !== mode;
    });
    document.querySelectorAll(".ratings-map-controls button").forEach(function (b) {
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
        if (c) p.setAttribute("data-code", c.country);
        p.setAttribute("stroke", "#4a4a4a");
        p.setAttribute("stroke-width", "0.4");
        var t = document.createElementNS(NS, "title");
        t.textContent = c ? [c.name, c.band_label, c.change_label].join(" · ") : f.properties.name;
        p.appendChild(t);
        if (c) p.addEventListener("click", function () { window.location.href = "/ratings/" + c.country; });
        svg.appendChild(p);
      });
      el.appendChild(svg);
      paint(svg, el.getAttribute("data-mode") || "band");
      var controls = document.querySelector(".ratings-map-controls");
      if (controls) {
        controls.hidden = false;
        controls.querySelectorAll("button").forEach(function (b) {
          b.addEventListener("click", function () { paint(svg, b.getAttribute("data-mode")); });
        });
      }
      el.setAttribute("data-ready", "true");
    });
})();
