// The mask brush of /desk/protect/s/{id}: draws the detector's boxes (red) and the reviewers'
// masks (blue) over the public copy, and turns what the reviewer paints into mask rows of the
// form beside it (x, y, width, height in pixels of the picture). Without JavaScript the same
// form takes the numbers by hand. No request leaves this page but the form's own POST.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function rect(svg, box, cls) {
    var r = document.createElementNS(SVG, "rect");
    r.setAttribute("x", box[0]); r.setAttribute("y", box[1]);
    r.setAttribute("width", Math.max(box[2], 1)); r.setAttribute("height", Math.max(box[3], 1));
    r.setAttribute("class", cls);
    svg.appendChild(r);
    return r;
  }

  function setRow(row, box) {
    var names = ["mask_x", "mask_y", "mask_w", "mask_h"];
    names.forEach(function (name, i) {
      row.querySelector("input[name=" + name + "]").value = String(Math.round(box[i] * 10) / 10);
    });
    row.classList.remove("empty-row");
    row.classList.add("brushed");
  }

  function addRow(form, box) {
    var rows = form.querySelector(".mask-rows");
    var row = rows.querySelector(".mask-row.empty-row");
    if (!row) {
      var template = rows.querySelector(".mask-row");
      row = template.cloneNode(true);
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      rows.appendChild(row);
    }
    setRow(row, box);
    return row;
  }

  function setup(holder) {
    var id = holder.getAttribute("data-attachment");
    var img = holder.querySelector("img.candidate");
    var svg = holder.querySelector("svg.boxes");
    var form = document.querySelector("form.masks[data-attachment='" + id + "']");
    var faces = JSON.parse(svg.getAttribute("data-faces") || "[]");
    var masks = JSON.parse(svg.getAttribute("data-masks") || "[]");
    var W = img.naturalWidth, H = img.naturalHeight;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("preserveAspectRatio", "none");
    faces.forEach(function (b) { rect(svg, b, "face"); });
    masks.forEach(function (b) { rect(svg, b, "mask"); });
    if (!form) { return; }
    var tools = form.querySelector(".brush-tools");
    tools.hidden = false;
    var mode = tools.querySelector(".brush-mode");
    var size = tools.querySelector(".brush-size");
    var count = tools.querySelector(".brush-count");
    var added = [];  // [[row, [rects]]], for undo
    var drag = null;

    function point(event) {
      var box = svg.getBoundingClientRect();
      var x = (event.clientX - box.left) * W / box.width;
      var y = (event.clientY - box.top) * H / box.height;
      return [Math.min(Math.max(x, 0), W), Math.min(Math.max(y, 0), H)];
    }
    function dab(p) {
      var s = Math.max(Number(size.value) || 40, 4) * W / svg.getBoundingClientRect().width;
      return [Math.max(p[0] - s / 2, 0), Math.max(p[1] - s / 2, 0), s, s];
    }
    function commit(box, shapes) {
      if (box[2] < 2 || box[3] < 2) { shapes.forEach(function (s) { s.remove(); }); return; }
      added.push([addRow(form, box), shapes]);
      count.textContent = added.length + " added — apply to render the copy again";
    }

    svg.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      svg.setPointerCapture(event.pointerId);
      var p = point(event);
      if (mode.value === "stroke") {
        var b = dab(p);
        drag = { stroke: true, last: p, boxes: [b], shapes: [rect(svg, b, "mask brushing")] };
      } else {
        drag = { start: p, shape: rect(svg, [p[0], p[1], 1, 1], "mask brushing") };
      }
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      var p = point(event);
      if (drag.stroke) {
        var b = dab(p);
        if (Math.hypot(p[0] - drag.last[0], p[1] - drag.last[1]) >= b[2] / 2) {
          drag.boxes.push(b); drag.shapes.push(rect(svg, b, "mask brushing")); drag.last = p;
        }
        return;
      }
      var x = Math.min(p[0], drag.start[0]), y = Math.min(p[1], drag.start[1]);
      drag.shape.setAttribute("x", x); drag.shape.setAttribute("y", y);
      drag.shape.setAttribute("width", Math.abs(p[0] - drag.start[0]));
      drag.shape.setAttribute("height", Math.abs(p[1] - drag.start[1]));
    });
    function end(event) {
      if (!drag) { return; }
      var d = drag; drag = null;
      if (d.stroke) {
        d.boxes.forEach(function (b, i) { commit(b, [d.shapes[i]]); });
        return;
      }
      var p = point(event);
      var box = [Math.min(p[0], d.start[0]), Math.min(p[1], d.start[1]),
                 Math.abs(p[0] - d.start[0]), Math.abs(p[1] - d.start[1])];
      commit(box, [d.shape]);
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    tools.querySelector(".brush-undo").addEventListener("click", function () {
      var last = added.pop();
      if (!last) { return; }
      last[0].querySelectorAll("input").forEach(function (input) { input.value = ""; });
      last[0].classList.add("empty-row");
      last[1].forEach(function (s) { s.remove(); });
      count.textContent = added.length ? added.length + " added" : "";
    });
  }

  document.querySelectorAll(".maskable").forEach(function (holder) {
    var img = holder.querySelector("img.candidate");
    if (img.complete && img.naturalWidth) { setup(holder); }
    else { img.addEventListener("load", function () { setup(holder); }); }
  });
})();
