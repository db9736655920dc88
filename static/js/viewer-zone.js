// Interview times are written in the zone of the posting's location. When the viewer's own zone
// (as their browser knows it) differs, add their time beside it: "(9:00 AM your time)".
(function () {
  "use strict";
  var viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("time.zoned-time").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment)) {
      return;
    }
    var shownOffset = element.getAttribute("datetime").slice(-6);
    var options = { weekday: "short", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    var viewerText = new Intl.DateTimeFormat(undefined, options).format(moment);
    // The ISO text carries the location's offset; compare it with the viewer's at that moment.
    var viewerMinutes = -moment.getTimezoneOffset();
    var sign = shownOffset[0] === "-" ? -1 : 1;
    var shownMinutes = sign * (parseInt(shownOffset.slice(1, 3), 10) * 60 + parseInt(shownOffset.slice(4, 6), 10));
    if (viewerMinutes !== shownMinutes) {
      var extra = document.createElement("span");
      extra.className = "viewer-time text-secondary-strong";
      extra.textContent = " (" + viewerText + " your time" + (viewerZone ? ", " + viewerZone : "") + ")";
      element.after(extra);
    }
  });
})();
