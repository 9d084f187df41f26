// The call screen's enhancements; the page works fully without them.
(function () {
  "use strict";
  var tools = document.querySelector("[data-call-tools]");
  if (!tools) { return; }
  tools.hidden = false;

  var latest = document.getElementById("latest");
  if (latest && latest.scrollIntoView) { latest.scrollIntoView({block: "nearest"}); }

  // Rapport and sentiment gauges: hideable, remembered across steps.
  var gauges = document.getElementById("gauges");
  var toggle = document.querySelector("[data-toggle-gauges]");
  function showGauges(show) {
    if (!gauges || !toggle) { return; }
    gauges.hidden = !show;
    toggle.setAttribute("aria-expanded", show ? "true" : "false");
    toggle.textContent = show ? "Hide gauges" : "Show gauges";
    try { localStorage.setItem("trainer.gauges", show ? "shown" : "hidden"); } catch (e) { /* private mode */ }
  }
  if (toggle) {
    var stored = null;
    try { stored = localStorage.getItem("trainer.gauges"); } catch (e) { stored = null; }
    showGauges(stored !== "hidden");
    toggle.addEventListener("click", function () { showGauges(gauges.hidden); });
  }

  // Spoken customer lines with the browser's speech synthesis: off unless the learner turns it on.
  var speak = document.querySelector("[data-speak]");
  if (!("speechSynthesis" in window) || !speak) {
    if (speak) { speak.closest("label").hidden = true; }
    return;
  }
  try { speak.checked = localStorage.getItem("trainer.speak") === "on"; } catch (e) { speak.checked = false; }
  function sayLatest() {
    var lines = document.querySelectorAll("[data-customer-line]");
    if (!lines.length) { return; }
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(lines[lines.length - 1].textContent));
  }
  speak.addEventListener("change", function () {
    try { localStorage.setItem("trainer.speak", speak.checked ? "on" : "off"); } catch (e) { /* ignore */ }
    if (speak.checked) { sayLatest(); } else { window.speechSynthesis.cancel(); }
  });
  if (speak.checked) { sayLatest(); }
})();
