// Campaign page: the live counter (polls the site's own count.json), the send time on this
// device's clock (Intl, no request), the zone picker preset to the device's zone, and the
// characters left in the personal note. Without script the page shows all of it at render time.
(function () {
  "use strict";
  var count = document.getElementById("count");
  var bar = document.getElementById("count-bar");
  if (count && count.dataset.src) {
    var every = parseInt(count.dataset.every || "5000", 10);
    var poll = function () {
      fetch(count.dataset.src, { headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (doc) {
          if (!doc) { return; }
          if (count.textContent !== String(doc.supporters)) { count.textContent = String(doc.supporters); }
          if (bar) { bar.value = Math.min(doc.supporters, doc.threshold); }
        })
        .catch(function () { /* offline: keep the last number */ });
    };
    window.setInterval(poll, every);
  }
  var device = document.getElementById("send-device");
  if (device && window.Intl) {
    try {
      var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var when = new Date(device.dataset.instant);
      device.textContent = when.toLocaleString(device.dataset.lang || undefined, {
        dateStyle: "full", timeStyle: "short", timeZone: tz
      }) + " (" + tz + ")";
      device.parentElement.hidden = false;
      var picker = document.getElementById("zone");
      if (picker && !picker.value) {
        for (var i = 0; i < picker.options.length; i++) {
          if (picker.options[i].value === tz || picker.options[i].text === tz) { picker.selectedIndex = i; break; }
        }
      }
    } catch (e) { /* an old browser: the named zone and the picker remain */ }
  }
  var note = document.getElementById("note");
  var left = document.getElementById("note-left");
  if (note && left) {
    var max = parseInt(note.dataset.max, 10);
    var show = function () {
      var n = max - note.value.trim().length;
      left.hidden = false;
      left.textContent = n >= 0 ? n + " / " + max : "\u26a0 " + (-n) + " > " + max;
      note.setAttribute("aria-invalid", n < 0 ? "true" : "false");
    };
    note.addEventListener("input", show);
    show();
  }
})();
