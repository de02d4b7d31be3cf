/* The home page's world map (worldmap.js draws it): countries coloured by rating band or by
   incident count, from the JSON embedded in the page. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  var dataEl = document.getElementById("map-data");
  if (!el || !dataEl || !window.d3 || !window.topojson || !window.civicspaceWorldMap) return;
  var data = JSON.parse(dataEl.textContent);
  var bandColour = {};
  data.palette.bands.forEach(function (b) { bandColour[b.id] = b.colour; });
  var countColour = data.palette.counts.map(function (b) { return b.colour; });

  function colour(c, mode) {
    if (!c) return mode === "count" ? countColour[0] : data.palette.no_data;
    if (mode === "band") return c.rating ? (bandColour[c.rating.band] || data.palette.no_data) : data.palette.no_data;
    return countColour[c.count_bucket] || countColour[0];
  }

  function title(c) {
    var parts = [data.names[c.code] || c.name];
    parts.push(c.incidents + " " + data.labels.incidents);
    parts.push(c.rating ? c.rating.label : data.labels.no_rating);
    return parts.join(" · ");
  }

  window.civicspaceWorldMap({
    el: el,
    countries: data.countries,
    colour: colour,
    code: function (c) { return c.code; },
    title: title,
    link: "/countries/",
    legend: "data-legend",
    controls: ".map-controls",
    mode: "count"
  });
})();
