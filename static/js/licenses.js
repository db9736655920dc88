// Profile: "Add another license". Without this script the page shows three empty license lines; with it,
// one, and the button shows the next (then adds new ones from the <template>, up to the form's maximum).
(function () {
  var rows = document.querySelector("[data-license-rows]");
  var button = document.querySelector("[data-add-license]");
  var template = document.getElementById("license-row-template");
  if (!rows || !button || !template) { return; }
  var total = document.querySelector('input[name$="-TOTAL_FORMS"]');
  var max = document.querySelector('input[name$="-MAX_NUM_FORMS"]');
  var limit = document.querySelector("[data-license-limit]");

  // Keep the first empty line in view; hide the others until asked for.
  var extras = rows.querySelectorAll("[data-license-extra]");
  for (var i = 1; i < extras.length; i++) { extras[i].hidden = true; }

  function full() {
    return Number(total.value) >= Number(max.value);
  }

  function show(row) {
    row.hidden = false;
    var first = row.querySelector("select, input:not([type=hidden])");
    if (first) { first.focus(); }
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    var next = rows.querySelector("[data-license-extra][hidden]");
    if (next) {
      show(next);
      return;
    }
    if (full()) {
      limit.hidden = false;
      return;
    }
    var index = total.value;
    var wrapper = document.createElement("div");
    wrapper.innerHTML = template.innerHTML.replace(/__prefix__/g, index);
    var row = wrapper.firstElementChild;
    rows.appendChild(row);
    total.value = Number(index) + 1;
    show(row);
  });
})();
