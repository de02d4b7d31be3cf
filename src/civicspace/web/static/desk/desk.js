// Keyboard shortcuts of the review desk (no inline scripts: CSP script-src 'self').
// An element with data-key="x" answers the key x: a button is clicked, a field is focused,
// a link is followed. In the queue, j/k move the selection and o/Enter open it.
(function () {
  "use strict";

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function queueRows() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue tr.row"));
  }

  function select(rows, index) {
    rows.forEach(function (r) { r.classList.remove("selected"); });
    var row = rows[Math.max(0, Math.min(index, rows.length - 1))];
    if (row) {
      row.classList.add("selected");
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function queueKey(key) {
    var rows = queueRows();
    if (!rows.length) return false;
    var at = rows.findIndex(function (r) { return r.classList.contains("selected"); });
    if (key === "j") { select(rows, at + 1); return true; }
    if (key === "k") { select(rows, at < 0 ? 0 : at - 1); return true; }
    if ((key === "o" || key === "Enter") && at >= 0) {
      window.location.assign(rows[at].getAttribute("data-href"));
      return true;
    }
    return false;
  }

  function help() {
    var dialog = document.getElementById("keys");
    if (dialog && typeof dialog.showModal === "function") {
      if (dialog.open) dialog.close(); else dialog.showModal();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.metaKey) return;
    var target = event.target;
    if (event.ctrlKey) {
      if (event.key === "Enter" && target.form && target.form.id === "edit") {
        event.preventDefault();
        target.form.requestSubmit();
      }
      return;
    }
    if (typing(target)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (event.key === "?") { event.preventDefault(); help(); return; }
    if (queueKey(event.key)) { event.preventDefault(); return; }
    if (event.key.length !== 1) return;
    var el = document.querySelector('[data-key="' + event.key + '"]');
    if (!el) return;
    event.preventDefault();
    if (el.tagName === "A") {
      window.location.assign(el.getAttribute("href"));
    } else if (el.tagName === "BUTTON") {
      el.click();
    } else {
      el.focus();
      if (typeof el.select === "function") el.select();
    }
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("#queue tr.row");
    if (row && !event.target.closest("a")) window.location.assign(row.getAttribute("data-href"));
  });

  document.addEventListener("DOMContentLoaded", function () {
    var rows = queueRows();
    if (rows.length) select(rows, 0);
  });
})();
