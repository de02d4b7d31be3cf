/* One world map for the public pages: world-atlas countries (ISO numeric ids) drawn with d3-geo,
   filled by the colour of the mode the visitor picks. No tiles, no third party: the vendored
   scripts and topology only. Each page's own script (map.js, ratings_map.js) says what its
   countries are and how a mode colours them:

     civicspaceWorldMap({
       el,                      the element (data-topology: the topology's URL; data-mode)
       countries,               records with .numeric (ISO 3166-1 numeric)
       colour(c, mode),         a fill; c is undefined for a shape without a record
       code(c),                 the record's alpha-2 code (data-code, the link)
       title(c),                the tooltip of a shape with a record
       link,                    where a click goes: link + code(c)
       legend,                  the attribute whose value names a legend's mode
       controls,                the selector of the mode buttons
       mode                     the first mode unless el has data-mode
     });
*/
window.civicspaceWorldMap = function (opts) {
  "use strict";
  var el = opts.el;
  var byNumeric = {};
  opts.countries.forEach(function (c) { if (c.numeric) byNumeric[c.numeric] = c; });
  var NS = "http://www.w3.org/2000/svg";

  function paint(svg, mode) {
    svg.querySelectorAll("path.country").forEach(function (p) {
      p.setAttribute("fill", opts.colour(byNumeric[p.getAttribute("data-numeric")], mode));
    });
    el.setAttribute("data-mode", mode);
    document.querySelectorAll("[" + opts.legend + "]").forEach(function (l) {
      l.hidden = l.getAttribute(opts.legend) !== mode;
    });
    document.querySelectorAll(opts.controls + " button").forEach(function (b) {
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
        if (c) p.setAttribute("data-code", opts.code(c));
        p.setAttribute("stroke", "#4a4a4a");
        p.setAttribute("stroke-width", "0.4");
        var t = document.createElementNS(NS, "title");
        t.textContent = c ? opts.title(c) : f.properties.name;
        p.appendChild(t);
        if (c) p.addEventListener("click", function () { window.location.href = opts.link + opts.code(c); });
        svg.appendChild(p);
      });
      el.appendChild(svg);
      paint(svg, el.getAttribute("data-mode") || opts.mode);
      var controls = document.querySelector(opts.controls);
      if (controls) {
        controls.hidden = false;
        controls.querySelectorAll("button").forEach(function (b) {
          b.addEventListener("click", function () { paint(svg, b.getAttribute("data-mode")); });
        });
      }
      el.setAttribute("data-ready", "true");
    });
};
