// Live questions: redraw the list when the server says it changed (server-sent events), and
// vote without leaving the page. Without JavaScript the page reloads itself (<noscript>).
(function () {
  "use strict";
  var article = document.querySelector("article.qa-event");
  var list = document.getElementById("question-list");
  if (!article || !list) return;
  var status = article.querySelector(".live-status");

  if (window.EventSource) {
    var source = new EventSource(article.getAttribute("data-stream"));
    source.addEventListener("questions", function (e) {
      // keep the keyboard where it was: the same question's button after the redraw
      var focused = document.activeElement;
      var item = focused && list.contains(focused) && focused.closest("li.question");
      list.innerHTML = e.data; // rendered and escaped by the server's template
      var again = item && document.getElementById(item.id);
      if (again) {
        var target = again.querySelector("button:not([disabled])") || again;
        if (target === again) again.tabIndex = -1;
        target.focus();
      }
      if (status && status.hasAttribute("data-updated-text")) {
        status.textContent = status.getAttribute("data-updated-text");
      }
    });
    source.addEventListener("gone", function () { source.close(); });
    source.addEventListener("open", function () {
      if (status) status.textContent = status.getAttribute("data-live-text");
    });
  }

  list.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList || !form.classList.contains("vote")) return;
    e.preventDefault();
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok && button) button.disabled = false;
    }, function () { if (button) button.disabled = false; });
  });
})();
