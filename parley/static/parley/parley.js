// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Vote with the keyboard: a = agree, d = disagree, p = pass (not while typing). The physical
  // key counts, so the shortcuts also work with an Armenian, Azerbaijani or Russian layout.
  document.addEventListener("keydown", function (event) {
    // A held key repeats: never cast votes on statements that were not read.
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.repeat) return;
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

  // Copy buttons next to one-time links: the button says "Copied" for a moment and the page's
  // live region (#copy-status in base.html, which holds the translated words) announces it. Without
  // the clipboard API (plain http, an old browser) the older copy command is tried; if that fails
  // too, the link stays selected and the person is told to copy it themselves.
  function copyStatus(button, copied) {
    var status = document.getElementById("copy-status");
    var words = status ? status.getAttribute(copied ? "data-done" : "data-failed") : "";
    if (status) {
      status.textContent = "";
      // A fresh text node after a tick, so a second copy is announced again.
      setTimeout(function () { status.textContent = words; }, 50);
    }
    button.setAttribute("data-copied", copied ? "true" : "false");
    if (!copied) {
      var note = button.nextElementSibling;
      if (!note || !note.classList.contains("copy-note")) {
        note = document.createElement("span");
        note.className = "copy-note help";
        button.insertAdjacentElement("afterend", note);
      }
      note.textContent = " " + words;
      return;
    }
    if (!button.hasAttribute("data-label")) button.setAttribute("data-label", button.textContent);
    button.textContent = words;
    clearTimeout(button.copyTimer);
    button.copyTimer = setTimeout(function () {
      button.textContent = button.getAttribute("data-label");
    }, 3000);
  }
  function copyByCommand() {
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) return;
    field.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(
        function () { copyStatus(button, true); },
        function () { field.select(); copyStatus(button, copyByCommand()); }
      );
    } else {
      copyStatus(button, copyByCommand());
    }
  });

  // The dialogue's "More" menu and the header's "who you are" open as disclosures (no script needed);
  // with a script, Escape or a click elsewhere closes them as a menu would.
  var MENUS = "details.subnav-more[open], details.identity[open]";
  document.addEventListener("click", function (event) {
    document.querySelectorAll(MENUS).forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(MENUS).forEach(function (menu) {
      var wasInside = menu.contains(document.activeElement);
      menu.removeAttribute("open");
      if (wasInside) menu.querySelector("summary").focus();
    });
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

  // A server too busy to take a request (503, parley/server.py) sends a short message in the visitor's
  // language instead of the part of the page: show it at the top of that part (the vote card keeps its
  // buttons, so the vote can be cast again in a moment). Nothing was saved, and the message says so.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var target = event.detail.target;
    if (!xhr || xhr.status !== 503 || !target) return;
    var note = target.querySelector("[data-busy]");
    if (!note) {
      note = document.createElement("p");
      note.className = "error";
      note.setAttribute("role", "alert");
      note.setAttribute("data-busy", "");
      var heading = target.querySelector(":scope > h2");
      if (heading) heading.insertAdjacentElement("afterend", note);
      else target.insertAdjacentElement("afterbegin", note);
    }
    note.textContent = xhr.responseText;
  });

  // After htmx swaps in the next statement or a changed row, keep keyboard focus where it was.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id) return;
    var swapped = document.getElementById(target.id);
    if (!swapped) return;
    // Someone typing elsewhere (the write page's glossary hint updates as they type) keeps their focus.
    var active = document.activeElement;
    if (active && !swapped.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) return;
    var pressed = swapped.querySelector("[aria-pressed=true]");
    if (pressed) {
      pressed.focus({ preventScroll: true });
    } else {
      swapped.setAttribute("tabindex", "-1");
      swapped.focus({ preventScroll: true });
    }
  });
})();
