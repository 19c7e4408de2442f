// Enhancements only: every page works without this file (forms post and redirect back).
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function say(lines) {
    var box = document.getElementById("messages");
    if (!box) return;
    box.textContent = "";
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.className = "message";
      p.textContent = line;  // text, never HTML
      box.appendChild(p);
    });
  }

  // Search as you type: the server renders (and escapes) the results fragment.
  var q = document.getElementById("q"), live = document.getElementById("live-results"), timer = null, seq = 0;
  if (q && live) {
    q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++seq, words = q.value.trim();
        if (!words) { live.textContent = ""; return; }
        fetch("/search?partial=1&q=" + encodeURIComponent(words), { credentials: "same-origin" })
          .then(function (r) { return r.text(); })
          .then(function (html) { if (mine === seq) live.innerHTML = html; });
      }, 150);
    });
    q.addEventListener("keydown", function (ev) { if (ev.key === "Escape") live.textContent = ""; });
  }

  function isDone(status) { return status === "read" || status === "skipped" ? 1 : 0; }

  // Move a progress bar and its "done/total" text by delta.
  function bump(box, delta) {
    if (!box) return;
    var bar = box.querySelector("progress"), text = box.querySelector(".count");
    if (bar) bar.value = Number(bar.value) + delta;
    if (text) text.textContent = text.textContent.replace(/^(\d+)/, function (n) { return String(Number(n) + delta); });
    if (text && text.dataset.done !== undefined) text.dataset.done = String(Number(text.dataset.done) + delta);
  }

  // The card's topic row, its tier column and the whole list.
  function recount(card, delta) {
    var cell = card.closest("td"), row = card.closest("tr"), table = card.closest("table");
    if (row) bump(row.querySelector("th"), delta);
    if (cell && table) bump(table.querySelectorAll("thead th")[cell.cellIndex], delta);
    var section = card.closest(".map");
    if (section) bump(section.querySelector(".overall"), delta);
  }

  // Map: a click on a card opens the dialog; saving posts with fetch and updates the card in place.
  var dialog = document.getElementById("mark-dialog");
  if (dialog && typeof dialog.showModal === "function") {
    var form = dialog.querySelector("form"), current = null;
    var field = function (name) { return form.querySelector('[name="' + name + '"]'); };
    document.addEventListener("click", function (ev) {
      var link = ev.target.closest && ev.target.closest(".card a.open");
      if (!link) return;
      ev.preventDefault();
      current = link.closest(".card");
      // (form.elements.item would be the collection's item() method: look fields up by name instead.)
      field("item").value = current.dataset.item;
      field("note").value = "";
      field("rating").value = current.dataset.rating || "";
      form.querySelectorAll('input[name="status"]').forEach(function (r) { r.checked = r.value === current.dataset.status; });
      document.getElementById("mark-title").textContent = link.textContent;
      document.getElementById("mark-open").href = link.href;
      dialog.showModal();
    });
    dialog.querySelector("button.close").addEventListener("click", function () { dialog.close(); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = new FormData(form);
      if (!body.get("status")) body.set("status", current.dataset.status);
      fetch("/mark", { method: "POST", body: body, credentials: "same-origin",
                       headers: { "Accept": "application/json", "X-CSRF-Token": csrf } })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (res) {
          if (!res.ok) { say([res.data.error || "Could not save"]); return; }
          var d = res.data;
          document.querySelectorAll('.card[data-item="' + d.item + '"]').forEach(function (card) {
            var delta = isDone(d.status) - isDone(card.dataset.status);
            if (delta && !card.classList.contains("retired")) recount(card, delta);
            card.classList.remove("st-unread", "st-reading", "st-read", "st-skipped");
            card.classList.add("st-" + d.status);
            card.dataset.status = d.status;
            card.dataset.rating = d.rating || "";
            var label = card.querySelector(".status-label");
            if (label) label.textContent = d.status.charAt(0).toUpperCase() + d.status.slice(1);
          });
          dialog.close();
          say(d.messages.length ? d.messages : ["Saved: " + d.status]);
        })
        .catch(function () { form.submit(); });
    });
  }
})();
