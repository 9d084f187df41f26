// Quiz enhancements: save each change at once, and a countdown that speaks only when it matters.
// Without JavaScript the buttons save the page, and the server keeps the time.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  var status = document.querySelector("[data-save-status]");

  function say(text) { if (status) { status.textContent = text; } }

  var retry = null;

  // While the server cannot reach its database (503) or the connection drops, the answer stays
  // on the page and is sent again every few seconds until it is saved.
  function again(text) {
    say(text);
    clearTimeout(retry);
    retry = setTimeout(save, 5000);
  }

  function save() {
    clearTimeout(retry);
    var data = new FormData(form);
    data.set("go", "stay");
    return fetch(form.action, {
      method: "POST",
      body: data,
      headers: {"X-Requested-With": "fetch", "Accept": "application/json"},
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok && body.saved) {
          say("Saved at " + new Date().toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"}) + ".");
        } else if (response.status === 503 || body.retry) {
          again("Not saved yet: " + (body.error || "the trainer is unavailable") + ". Your answer stays on this page and is sent again in a few seconds.");
        } else if (body.problems && body.problems.length) {
          say(body.problems.join(" "));
        } else {
          say("Not saved: " + (body.error || "try the Save button") + ".");
        }
      }, function () {
        again("Not saved yet: the trainer did not answer. Your answer stays on this page and is sent again in a few seconds.");
      });
    }).catch(function () {
      again("Not saved yet: the connection dropped. Your answer stays on this page and is sent again in a few seconds.");
    });
  }

  if (form) {
    var typing = null;
    form.addEventListener("change", function () { save(); });
    form.addEventListener("input", function (event) {
      if (event.target.tagName !== "TEXTAREA" && event.target.type !== "text") { return; }
      clearTimeout(typing);
      typing = setTimeout(save, 1500);
    });
  }

  var timer = document.querySelector("[data-deadline]");
  if (!timer) { return; }
  var shown = timer.querySelector("[data-timer]");
  var announce = document.querySelector("[data-timer-announce]");
  var skew = new Date(timer.getAttribute("data-now")).getTime() - Date.now();
  var deadline = new Date(timer.getAttribute("data-deadline")).getTime();
  var spoken = {};

  function tick() {
    var left = Math.max(0, Math.round((deadline - (Date.now() + skew)) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    shown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    // Announce each minute in the last five, and thirty seconds before the end; never every second.
    var mark = left <= 300 && seconds === 0 && minutes > 0 ? minutes + (minutes === 1 ? " minute left." : " minutes left.")
      : left === 30 ? "Thirty seconds left. Your saved answers are submitted when time runs out." : null;
    if (mark && !spoken[left] && announce) { spoken[left] = true; announce.textContent = mark; }
    if (left === 0) {
      clearInterval(interval);
      if (form) {
        var go = document.createElement("input");
        go.type = "hidden"; go.name = "go"; go.value = "review";
        form.appendChild(go);
        form.submit();
      } else {
        window.location.reload();
      }
    }
  }
  var interval = setInterval(tick, 1000);
  tick();
})();
