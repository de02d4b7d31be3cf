/* PNG download of server-rendered SVG charts: draw the SVG on a canvas, save it. */
(function () {
  "use strict";
  document.querySelectorAll("figure.chart button.png").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var svg = button.closest("figure").querySelector("svg");
      var xml = new XMLSerializer().serializeToString(svg);
      var img = new Image();
      img.onload = function () {
        var scale = 2, w = svg.viewBox.baseVal.width, h = svg.viewBox.baseVal.height;
        var canvas = document.createElement("canvas");
        canvas.width = w * scale;
        canvas.height = h * scale;
        var ctx = canvas.getContext("2d");
        ctx.scale(scale, scale);
        ctx.drawImage(img, 0, 0, w, h);
        var a = document.createElement("a");
        a.href = canvas.toDataURL("image/png");
        a.download = button.getAttribute("data-name") + ".png";
        document.body.appendChild(a);
        a.click();
        a.remove();
      };
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(xml);
    });
  });
})();
