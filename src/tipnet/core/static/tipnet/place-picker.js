// The location picker: cascading province -> district -> commune -> village selects, and a
// search in Khmer or English that fills them. Without JavaScript the province select still works.
(function () {
  "use strict";
  function option(area) {
    var o = document.createElement("option");
    o.value = area.code;
    o.textContent = area.name_km + " / " + area.name_en;
    return o;
  }
  function fill(select, areas, selected) {
    select.length = 1;
    areas.forEach(function (a) { select.appendChild(option(a)); });
    select.value = selected || "";
  }
  function load(url, parent) {
    return fetch(url + "?parent=" + encodeURIComponent(parent), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { return data.areas; });
  }
  function setup(root) {
    var url = root.dataset.childrenUrl;
    var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-level]"));
    function clearFrom(i) { for (var j = i; j < selects.length; j++) { selects[j].length = 1; } }
    selects.forEach(function (select, i) {
      select.addEventListener("change", function () {
        clearFrom(i + 1);
        if (select.value && i + 1 < selects.length) {
          load(url, select.value).then(function (areas) { fill(selects[i + 1], areas, ""); });
        }
      });
    });
    // Choose a code at any level: load each level's options, then select along the chain.
    function choose(path) {
      var chain = path.split(".");
      clearFrom(1);
      selects[0].value = chain[0];
      var step = Promise.resolve();
      chain.slice(1).forEach(function (c, k) {
        step = step.then(function () { return load(url, chain[k]); })
          .then(function (areas) { fill(selects[k + 1], areas, c); });
      });
      return step;
    }
    // A foreign country: the Cambodian levels do not apply, so hide and clear them.
    var country = root.querySelector("[data-place-country]");
    var cambodiaPart = root.querySelector("[data-place-cambodia]");
    function showCambodia() {
      var inCambodia = !country || !country.value || country.value === root.dataset.cambodia;
      cambodiaPart.hidden = !inCambodia;
      if (!inCambodia) { selects[0].value = ""; clearFrom(1); }
    }
    if (country) { country.addEventListener("change", showCambodia); showCambodia(); }
    selects[0].addEventListener("change", function () {
      if (country && selects[0].value) { country.value = root.dataset.cambodia; }
    });
    var search = root.querySelector("[data-place-search]");
    var results = root.querySelector("[data-place-results]");
    var timer = null;
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); } });
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = search.value.trim();
        if (q.length < 2) { results.hidden = true; return; }
        fetch(root.dataset.searchUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            results.innerHTML = "";
            data.areas.forEach(function (a) {
              var li = document.createElement("li");
              var b = document.createElement("button");
              b.type = "button";
              b.dataset.code = a.code;
              b.textContent = a.label + (a.path ? " — " + a.path : "");
              b.addEventListener("click", function () {
                if (country) { country.value = root.dataset.cambodia; }
                choose(a.path_codes).then(function () { results.hidden = true; search.value = a.label; });
              });
              li.appendChild(b);
              results.appendChild(li);
            });
            results.hidden = data.areas.length === 0;
          });
      }, 250);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-place-picker]").forEach(setup);
  });
})();
