// Hiring workspace: "select every applicant on this page" on the pipeline.
document.querySelectorAll("[data-select-all]").forEach(function (master) {
  var boxes = function () {
    return master.form.querySelectorAll('input[type="checkbox"][name="' + master.dataset.selectAll + '"]');
  };
  master.addEventListener("change", function () {
    boxes().forEach(function (box) { box.checked = master.checked; });
  });
});
