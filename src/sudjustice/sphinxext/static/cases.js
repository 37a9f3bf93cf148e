// Kernel-free case exercises. All feedback is already in the page (rendered by the engine at
// build time); this script only reveals the block for the learner's choice, follows the case's
// branching and remembers the result in this browser (no account, works offline).
(function () {
  "use strict";
  var STORE = "sudjustice:cases";

  function remember(caseId, points, max, critical) {
    try {
      var all = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      all[caseId] = { points: points, max: max, critical: critical, date: new Date().toISOString().slice(0, 10) };
      window.localStorage.setItem(STORE, JSON.stringify(all));
    } catch (e) {
      // Storage can be disabled (private mode, file:// in some browsers); progress is optional.
    }
  }

  function hint(form, text) {
    var p = form.querySelector(".sudj-hint");
    if (!p) {
      p = document.createElement("p");
      p.className = "sudj-hint";
      p.setAttribute("role", "status");
      form.querySelector(".sudj-check").after(p);
    }
    p.textContent = text;
  }

  function setup(section) {
    var forms = Array.prototype.slice.call(section.querySelectorAll("form.sudj-dp"));
    var debrief = section.querySelector(".sudj-debrief");
    var score = { points: 0, max: 0, critical: 0 };

    function finish() {
      var msg = "You scored " + score.points + " of " + score.max + " points.";
      if (score.critical) msg += " You made " + score.critical + " critical error(s): see the feedback marked ⚠.";
      debrief.querySelector(".sudj-score").textContent = msg;
      debrief.hidden = false;
      remember(section.dataset.case, score.points, score.max, score.critical);
    }

    function restart() {
      score = { points: 0, max: 0, critical: 0 };
      forms.forEach(function (form, i) {
        form.hidden = i !== 0;
        form.querySelectorAll("input, button").forEach(function (el) { el.disabled = false; el.checked = false; });
        form.querySelectorAll(".sudj-fb, .sudj-justify").forEach(function (el) { el.hidden = true; });
        var h = form.querySelector(".sudj-hint");
        if (h) h.remove();
      });
      debrief.hidden = true;
      forms[0].querySelector("input").focus();
    }

    forms.forEach(function (form) {
      var optionName = form.querySelector("input[type=radio]").name;
      form.addEventListener("change", function (ev) {
        if (ev.target.name !== optionName) return;
        form.querySelectorAll(".sudj-justify").forEach(function (fs) { fs.hidden = fs.dataset.for !== ev.target.value; });
      });
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var choice = form.querySelector("input[name='" + optionName + "']:checked");
        if (!choice) return hint(form, "Choose an option first.");
        var earned = Number(choice.dataset.points);
        var justify = form.querySelector(".sudj-justify[data-for='" + choice.value + "']");
        if (justify) {
          var reason = justify.querySelector("input:checked");
          if (!reason) return hint(form, "Choose the justification you rely on first.");
          earned = Number(reason.dataset.points);
        }
        hint(form, "");
        form.querySelectorAll("input, button.sudj-check").forEach(function (el) { el.disabled = true; });
        var feedback = form.querySelector(".sudj-fb[data-option='" + choice.value + "']");
        feedback.hidden = false;
        // The check button is now disabled, so move focus to the feedback rather than lose it.
        feedback.tabIndex = -1;
        feedback.focus();
        score.points += earned;
        score.max += Number(form.dataset.maxPoints);
        if (feedback.querySelector(".sudj-verdict-Xcrit")) score.critical += 1;
        var next = JSON.parse(choice.dataset.next);
        if (next) {
          var nextForm = section.querySelector("form.sudj-dp[data-dp='" + next + "']");
          nextForm.hidden = false;
        } else {
          finish();
        }
      });
    });
    debrief.querySelector(".sudj-restart").addEventListener("click", restart);
  }

  function init() { document.querySelectorAll("section.sudj-case").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
