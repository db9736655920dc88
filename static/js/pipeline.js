// Hiring workspace pipeline: "select every applicant on this page", the ticked count, and a confirmation
// naming how many and which stage before a bulk move.
document.querySelectorAll("[data-select-all]").forEach(function (master) {
  var boxes = function () {
    return master.form.querySelectorAll('input[type="checkbox"][name="' + master.dataset.selectAll + '"]');
  };
  master.addEventListener("change", function () {
    boxes().forEach(function (box) { box.checked = master.checked; });
    master.form.dispatchEvent(new Event("ticked"));
  });
});

(function () {
  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var button = form.querySelector("[data-bulk-submit]");
  var count = form.querySelector("[data-ticked-count]");
  var stage = form.querySelector('select[name="stage"]');
  var reason = form.querySelector('select[name="rejection_reason"]');

  function ticked() {
    return form.querySelectorAll('input[type="checkbox"][name="selected"]:checked').length;
  }

  function applicants(n) {
    return n + (n === 1 ? " applicant" : " applicants");
  }

  function update() {
    var n = ticked();
    if (count) { count.textContent = n ? n + " ticked" : ""; }
    if (button) { button.textContent = n ? "Move " + n + " ticked" : "Move ticked"; }
  }

  form.addEventListener("change", update);
  form.addEventListener("ticked", update);
  update();

  form.addEventListener("submit", function (event) {
    var n = ticked();
    if (!n || !stage) { return; }  // the server says "Tick at least one applicant."
    var label = stage.options[stage.selectedIndex].text;
    var message = "Move " + applicants(n) + " to " + label + "?";
    if (stage.value === "rejected" && reason && reason.value) {
      message += "\nReason: " + reason.options[reason.selectedIndex].text;
    }
    message += "\nYou can undo it afterwards with \u201cUndo last bulk move\u201d.";
    if (!window.confirm(message)) { event.preventDefault(); }
  });
})();
