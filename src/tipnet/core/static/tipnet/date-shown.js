// A date input follows the browser's language (the phone's own date picker stays); beside it the
// chosen date is written in the page's language, as the server writes dates ("5 Mar 2026",
// "៥ មីនា ២០២៦"). The server fills it for a value already there; this keeps it up to date.
(function () {
  "use strict";
  var KHMER = "០១២៣៤៥៦៧៨៩";
  function digits(text, khmer) {
    return khmer ? text.replace(/[0-9]/g, function (d) { return KHMER[+d]; }) : text;
  }
  function show(input) {
    var out = input.parentNode && input.parentNode.querySelector("output[data-date-shown]");
    if (!out) { return; }
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value || "");
    var months = (out.getAttribute("data-months") || "").split("|");
    if (!m || months.length !== 12) { out.textContent = ""; return; }
    // CLDR's medium pattern in both languages: day, month, year.
    var text = String(+m[3]) + " " + months[+m[2] - 1] + " " + String(+m[1]);
    out.textContent = digits(text, out.hasAttribute("data-khmer-digits"));
  }
  function onChange(event) {
    var t = event.target;
    if (t && t.matches && t.matches(".date-field > input[type=date]")) { show(t); }
  }
  document.addEventListener("input", onChange);
  document.addEventListener("change", onChange);
})();
