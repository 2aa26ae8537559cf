// Searchable multi-select (core/multipick.py): the server renders a list of checkboxes that
// works without JavaScript; this adds a search box that filters it and the chosen options as
// removable chips. Captions come from data- attributes (translated by the server).
(function () {
  "use strict";
  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  function setup(root) {
    var search = root.querySelector(".multi-pick-search");
    var list = root.querySelector(".multi-pick-options");
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    var terms = items.map(function (item) { return fold(item.dataset.terms); });
    var chips = document.createElement("ul");
    chips.className = "multi-pick-chosen";
    chips.setAttribute("aria-live", "polite");
    var empty = document.createElement("li");
    empty.className = "multi-pick-empty";
    empty.textContent = root.dataset.noMatch;
    empty.hidden = true;
    list.appendChild(empty);
    root.insertBefore(chips, search);
    search.hidden = false;
    root.classList.add("enhanced");

    function labelOf(item) { return item.querySelector("label").textContent.trim(); }
    function boxOf(item) { return item.querySelector("input[type=checkbox]"); }
    function drawChips() {
      chips.textContent = "";
      var chosen = items.filter(function (item) { return boxOf(item).checked; });
      if (!chosen.length) {
        var none = document.createElement("li");
        none.className = "multi-pick-none";
        none.textContent = root.dataset.none;
        chips.appendChild(none);
      }
      chosen.forEach(function (item) {
        var li = document.createElement("li");
        var b = document.createElement("button");
        b.type = "button";
        b.className = "chip";
        b.dataset.value = boxOf(item).value;
        b.setAttribute("aria-label", root.dataset.remove.replace("%(item)s", labelOf(item)));
        b.textContent = labelOf(item) + " \u00d7";
        b.addEventListener("click", function () {
          boxOf(item).checked = false;
          drawChips();
          search.focus();
        });
        li.appendChild(b);
        chips.appendChild(li);
      });
    }
    function filter() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item, i) {
        var match = words.every(function (w) { return terms[i].indexOf(w) !== -1; });
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      empty.hidden = shown > 0;
      return items.filter(function (item) { return !item.hidden; });
    }
    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        // Enter picks the only match (and never submits the form by surprise).
        e.preventDefault();
        var visible = filter();
        if (visible.length === 1) {
          boxOf(visible[0]).checked = !boxOf(visible[0]).checked;
          search.value = "";
          filter();
          drawChips();
        }
      } else if (e.key === "Escape" && search.value) {
        e.preventDefault();
        search.value = "";
        filter();
      }
    });
    list.addEventListener("change", drawChips);
    drawChips();
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-multi-pick]"), setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
