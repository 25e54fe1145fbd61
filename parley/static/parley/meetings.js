// The round's countdown ticks every second between the projector's polls (every 2 s), which bring the
// server's own count: the time left is counted from when this browser received it, so a projector whose
// clock is wrong still counts right. Without JavaScript the polled text alone shows the time left.
(function () {
  "use strict";
  setInterval(function () {
    var now = Date.now();
    document.querySelectorAll("[data-seconds-left]").forEach(function (element) {
      if (!element.dataset.seenAt) element.dataset.seenAt = String(now);
      var given = parseInt(element.getAttribute("data-seconds-left"), 10);
      var left = Math.max(0, given - Math.floor((now - parseInt(element.dataset.seenAt, 10)) / 1000));
      var text = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      element.textContent = element.textContent.replace(/\d+:\d\d/, text);
    });
  }, 1000);
})();
