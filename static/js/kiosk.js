// Booth kiosk: after the event's idle time the "leave" form is sent, so the tablet forgets the
// candidate; the thank-you page returns to sign-up on its own. A page brought back from the
// back/forward cache is reloaded, so the server (which no longer knows the candidate) decides.
(function () {
  "use strict";
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });
  var leave = document.querySelector("[data-kiosk-idle]");
  if (leave) {
    var idle = parseInt(leave.getAttribute("data-kiosk-idle"), 10) * 1000;
    var timer = null;
    var reset = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { leave.submit(); }, idle);
    };
    ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
      document.addEventListener(name, reset, {passive: true});
    });
    reset();
  }
  var back = document.querySelector("[data-kiosk-return]");
  if (back) {
    var seconds = parseInt(back.getAttribute("data-kiosk-return"), 10) * 1000;
    setTimeout(function () { window.location.replace(back.href); }, seconds);
  }
}());
