// Fields that count only for some values of another field (core: data-shown-when="name=a b"
// on the input, set by the form): shown while the form's control `name` has one of the
// values, hidden and left out of the submission otherwise. Without JavaScript every field
// stays, with a note saying when it counts, and the server ignores the others.
(function () {
  "use strict";
  function setup(input) {
    var form = input.form;
    var rule = input.dataset.shownWhen || "";
    var cut = rule.indexOf("=");
    if (!form || cut < 1) { return; }
    var name = rule.slice(0, cut);
    var values = rule.slice(cut + 1).split(" ");
    var control = form.elements.namedItem(name);
    var box = input.closest(".field") || input;
    if (!control) { return; }
    // The note saying when the field counts is for pages without JavaScript.
    var note = box.querySelector("small");
    if (note && note.textContent.trim() === (input.dataset.shownNote || "").trim()) {
      note.hidden = true;
    }
    function update() {
      var shown = values.indexOf(control.value) !== -1;
      box.hidden = !shown;
      input.disabled = !shown;
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === name) { update(); }
    });
    update();
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-shown-when]"), setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
