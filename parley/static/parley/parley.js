// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Vote with the keyboard: a = agree, d = disagree, p = pass (not while typing). The physical
  // key counts, so the shortcuts also work with an Armenian, Azerbaijani or Russian layout.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var match = /^Key([A-Z])$/.exec(event.code || "");
    var letter = match ? match[1].toLowerCase() : (event.key || "").toLowerCase();
    var button = document.querySelector('[data-vote-key="' + letter + '"]');
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  });

  // The language switcher sends itself when a language is chosen.
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-autosubmit]");
    if (form) form.submit();
  });

  // Copy buttons next to one-time links.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) return;
    field.select();
    if (navigator.clipboard) navigator.clipboard.writeText(field.value);
    button.setAttribute("data-copied", "true");
  });

  // A live character count under statement boxes.
  function attachCounter(area) {
    var max = parseInt(area.getAttribute("data-max-length"), 10);
    var out = document.createElement("p");
    out.className = "help counter";
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    function update() {
      var n = area.value.normalize("NFC").trim().length;
      out.textContent = n + " / " + max;
      out.classList.toggle("over", n > max);
    }
    area.addEventListener("input", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    document.querySelectorAll("textarea[data-max-length]").forEach(attachCounter);
  });

  // After htmx swaps in the next statement, keep keyboard focus on the card.
  document.addEventListener("htmx:afterSwap", function (event) {
    var card = document.getElementById("vote-card");
    if (card && event.detail.target && event.detail.target.id === "vote-card") {
      card.setAttribute("tabindex", "-1");
      card.focus({ preventScroll: true });
    }
  });
})();
