/*
 * Unlocks a release under embargo (generator/build/protect.py wrote the page): StatiCrypt's design.
 *
 * The page holds the whole release page encrypted with AES-256-GCM, the key derived from the
 * passphrase by PBKDF2-SHA256 with the salt and iteration count stored next to the ciphertext.
 * WebCrypto derives the key here, in the reader's browser, and decrypts; a wrong passphrase fails
 * GCM's authentication and the form says so. The decrypted page replaces this one.
 *
 * Every page of a release (in both languages) shares one salt: the derived key is kept in
 * sessionStorage for this tab, under the salt, so the release's other pages open at once.
 * Nothing is sent anywhere; it works offline and from file://.
 */
(function () {
  "use strict";

  var sealed = JSON.parse(document.getElementById("press-sealed").textContent);
  var form = document.getElementById("press-unlock");
  var input = document.getElementById("press-passphrase");
  var wrong = document.getElementById("press-wrong");
  var storeKey = "press-unlock:" + sealed.salt;

  function bytes(base64) {
    var text = atob(base64);
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i);
    return out;
  }

  function base64(buffer) {
    var view = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < view.length; i += 1) text += String.fromCharCode(view[i]);
    return btoa(text);
  }

  function derive(passphrase) {
    return crypto.subtle
      .importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveBits"])
      .then(function (material) {
        return crypto.subtle.deriveBits(
          { name: "PBKDF2", hash: "SHA-256", salt: bytes(sealed.salt), iterations: sealed.iterations },
          material,
          256
        );
      });
  }

  function open(rawKey) {
    return crypto.subtle
      .importKey("raw", rawKey, "AES-GCM", false, ["decrypt"])
      .then(function (key) {
        return crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes(sealed.iv) }, key, bytes(sealed.ciphertext));
      })
      .then(function (plain) {
        try {
          sessionStorage.setItem(storeKey, base64(rawKey));
        } catch (error) {
          /* storage refused (private mode): each page asks again */
        }
        var text = new TextDecoder().decode(plain);
        document.open();
        document.write(text);
        document.close();
      });
  }

  var kept = null;
  try {
    kept = sessionStorage.getItem(storeKey);
  } catch (error) {
    kept = null;
  }
  if (kept) {
    open(bytes(kept)).catch(function () {
      try {
        sessionStorage.removeItem(storeKey);
      } catch (error) {
        /* nothing kept */
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    wrong.hidden = true;
    var button = form.querySelector("button");
    button.disabled = true;
    derive(input.value)
      .then(open)
      .catch(function () {
        wrong.hidden = false;
        button.disabled = false;
        input.select();
      });
  });
})();
