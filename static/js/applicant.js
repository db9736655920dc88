// Applicant page: keyboard shortcuts for triage. j/k next/previous, a advance, r reject, ? the list.
// Never while typing in a field, and never with Ctrl, Alt or Cmd (the browser's own shortcuts).
(function () {
  var help = document.getElementById("shortcut-help");
  var helpButton = document.querySelector("[data-shortcut-help]");
  var form = document.getElementById("move-form");
  var stage = form && form.querySelector('select[name="stage"]');

  function typing(target) {
    if (!target || !target.closest) { return false; }
    return Boolean(target.isContentEditable || target.closest("input, textarea, select, [contenteditable]"));
  }

  function toggleHelp() {
    if (!help) { return; }
    if (help.open) { help.close(); } else { help.showModal(); }
  }

  function follow(name) {
    var link = document.querySelector('[data-shortcut="' + name + '"]');
    if (link) { window.location.assign(link.href); }
  }

  function choose(value) {
    if (!stage) { return false; }
    var option = Array.prototype.find.call(stage.options, function (item) {
      return value === null ? item.value !== "rejected" : item.value === value;
    });
    if (!option) { return false; }
    stage.value = option.value;
    stage.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function advance() {
    // The first forward stage the form offers; Enter on the focused button then moves.
    if (choose(null)) { form.querySelector("[data-shortcut-submit]").focus(); }
  }

  function reject() {
    if (choose("rejected")) { form.querySelector('select[name="rejection_reason"]').focus(); }
  }

  // Chromium's PDF viewer takes the focus when the resume's frame loads, and keys would then go to it: give the
  // focus back to the page unless the pointer is on the resume (the reviewer scrolling or reading it).
  var frame = document.querySelector(".resume-frame");
  if (frame) {
    window.addEventListener("blur", function () {
      window.setTimeout(function () {
        if (document.activeElement === frame && !frame.matches(":hover")) {
          frame.blur();
          window.focus();
        }
      }, 0);
    });
  }

  if (helpButton && help) {
    helpButton.hidden = false;
    helpButton.addEventListener("click", toggleHelp);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || typing(event.target)) { return; }
    if (help && help.open && event.key !== "?") { return; }
    var actions = { j: function () { follow("next"); }, k: function () { follow("previous"); }, a: advance, r: reject, "?": toggleHelp };
    var action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
})();
