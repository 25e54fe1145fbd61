// A co-chair's own Ed25519 key, made and kept in this browser with WebCrypto. Only the public key
// and signatures are sent to the server; the private key leaves the browser only as a backup file
// that the co-chair downloads themselves.
(function () {
  "use strict";
  var ALG = { name: "Ed25519" };
  var DB = "parley-keys", STORE = "keys";

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function withStore(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = action(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(request && request.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function b64url(bytes) {
    var text = btoa(String.fromCharCode.apply(null, new Uint8Array(bytes)));
    return text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function b64(bytes) { return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes))); }
  function unb64(text) { return Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); }); }
  function hex(bytes) {
    return Array.from(new Uint8Array(bytes)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function loadKey(slot) { return withStore("readonly", function (s) { return s.get(slot); }); }

  // Sign arbitrary bytes (base64) with the key kept for SLOT; resolves to the signature in base64,
  // or null when this browser holds no key for it.
  function signBytes(slot, bytesB64) {
    return loadKey(slot).then(function (pair) {
      if (!pair) return null;
      return crypto.subtle.sign(ALG, pair.privateKey, unb64(bytesB64)).then(b64);
    });
  }
  window.parleySignBytes = signBytes;

  // Forms that carry the bytes to sign (a joint statement's final text) and the key's slot.
  function bindByteForms() {
    document.querySelectorAll("form[data-sign-bytes]").forEach(function (form) {
      var button = form.querySelector(".sign-in-browser");
      var status = form.querySelector(".sign-status");
      if (!button) return;
      if (!window.crypto || !crypto.subtle) {
        if (status) status.textContent = form.getAttribute("data-msg-no-webcrypto");
        return;
      }
      button.addEventListener("click", function () {
        signBytes(form.getAttribute("data-key-slot"), form.getAttribute("data-sign-bytes")).then(function (signature) {
          if (!signature) { if (status) status.textContent = form.getAttribute("data-msg-no-key"); return; }
          form.querySelector("input[name=signature]").value = signature;
          form.submit();
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    bindByteForms();
    var panel = document.getElementById("key");
    if (!panel) return;
    var status = document.getElementById("browser-key-status");
    if (!window.crypto || !crypto.subtle) {
      status.textContent = panel.getAttribute("data-msg-no-webcrypto");
      return;
    }
    var slot = panel.getAttribute("data-key-slot");
    var backup = document.getElementById("backup-link");

    function show(pair) {
      return crypto.subtle.exportKey("raw", pair.publicKey).then(function (raw) {
        return crypto.subtle.digest("SHA-256", raw).then(function (digest) {
          var registered = document.getElementById("registered-fingerprint");
          var matches = registered && registered.textContent.trim() === hex(digest);
          status.textContent = (matches ? "✓ " : "") + panel.getAttribute("data-msg-key") + " " + hex(digest).slice(0, 16) + "…";
          document.getElementById("public-key").value = b64url(raw);
          return crypto.subtle.exportKey("jwk", pair.privateKey).then(function (jwk) {
            var blob = new Blob([JSON.stringify(jwk, null, 1)], { type: "application/json" });
            backup.href = URL.createObjectURL(blob);
            backup.hidden = false;
          });
        });
      });
    }
    function store(pair) {
      return withStore("readwrite", function (s) { return s.put(pair, slot); }).then(function () { return pair; });
    }
    function load() { return loadKey(slot); }

    load().then(function (pair) { if (pair) show(pair); });

    document.getElementById("make-key").addEventListener("click", function () {
      crypto.subtle.generateKey(ALG, true, ["sign", "verify"]).then(store).then(show).then(function () {
        document.getElementById("register-form").submit();
      });
    });

    document.getElementById("restore-key").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var jwk = JSON.parse(text);
        var publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
        return Promise.all([
          crypto.subtle.importKey("jwk", jwk, ALG, true, ["sign"]),
          crypto.subtle.importKey("jwk", publicJwk, ALG, true, ["verify"]),
        ]);
      }).then(function (keys) {
        return store({ privateKey: keys[0], publicKey: keys[1] });
      }).then(show).catch(function () {
        status.textContent = panel.getAttribute("data-msg-bad-file");
      });
    });

    document.querySelectorAll(".waiting-checkpoint .sign-in-browser").forEach(function (button) {
      button.addEventListener("click", function () {
        var box = button.closest(".waiting-checkpoint");
        var form = button.closest("form");
        load().then(function (pair) {
          if (!pair) { status.textContent = panel.getAttribute("data-msg-no-key"); return; }
          return crypto.subtle.sign(ALG, pair.privateKey, unb64(box.getAttribute("data-body"))).then(function (sig) {
            form.querySelector("input[name=signature]").value = b64(sig);
            form.submit();
          });
        });
      });
    });
  });
})();
