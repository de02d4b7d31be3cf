/* The ratings map on /ratings (worldmap.js draws it): countries coloured by public band or by
   the direction of the latest band change, from the JSON embedded in the page. */
(function () {
  "use strict";
  var el = document.getElementById("ratings-map");
  var dataEl = document.getElementById("ratings-map-data");
  if (!el || !dataEl || !window.d3 || !window.topojson || !window.civicspaceWorldMap) return;
  var data = JSON.parse(dataEl.textContent);

  function colour(c, mode) {
    if (!c) return data.no_data;
    var table = mode === "change" ? data.changes : data.bands;
    var key = mode === "change" ? c.change : c.band;
    return table[key] || data.no_data;
  }

  window.civicspaceWorldMap({
    el: el,
    countries: data.countries,
    colour: colour,
    code: function (c) { return c.country; },
    title: function (c) { return [c.name, c.band_label, c.change_label].join(" · "); },
    link: "/ratings/",
    legend: "data-ratings-legend",
    controls: ".ratings-map-controls",
    mode: "band"
  });
})();
