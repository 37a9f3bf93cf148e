// Kernel-free case exercises. Every feedback block is already in the page (rendered by the
// engine at build time); this script scores an answer with the engine's rules (see
// sudjustice/cases/engine.py), reveals the matching block, follows the case's branching and
// remembers the result in this browser only (no account, works offline).
(function () {
  "use strict";
  var STORE = "sudjustice:cases";

  function remember(caseId, score) {
    try {
      var all = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      all[caseId] = { points: score.points, max: score.max, critical: score.critical, date: new Date().toISOString().slice(0, 10) };
      window.localStorage.setItem(STORE, JSON.stringify(all));
    } catch (e) {
      // Storage can be disabled (private mode, some file:// set-ups); progress is optional.
    }
  }

  function round2(x) { return Math.round(x * 100) / 100; }
  function verdictFor(points, max, critical) { return critical ? "X!" : points === max ? "B" : points > 0 ? "A" : "X"; }
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  // Each reader returns {key, points, critical, next, picked} or a hint string when incomplete.
  var readers = {
    single: function (form) {
      var choice = form.querySelector("fieldset > .sudj-option input:checked");
      if (!choice) return "Choose an option first.";
      var key = choice.value;
      if (choice.dataset.justify) {
        var reason = form.querySelector(".sudj-justify[data-for='" + choice.value + "'] input:checked");
        if (!reason) return "Choose the justification you rely on first.";
        key += "/" + reason.value;
      }
      // Points and the critical flag of a single choice come from the engine, via its block.
      var block = form.querySelector(".sudj-fb[data-key='" + key + "']");
      return { key: key, points: Number(block.dataset.points), critical: block.dataset.critical === "true", next: JSON.parse(choice.dataset.next), picked: [] };
    },
    multi: function (form, max) {
      var boxes = all(form, "input[type=checkbox]");
      var best = boxes.filter(function (b) { return b.dataset.verdict === "B"; }).length;
      var picked = boxes.filter(function (b) { return b.checked; });
      var right = picked.filter(function (b) { return b.dataset.verdict === "B"; }).length;
      var wrong = picked.filter(function (b) { return b.dataset.verdict === "X"; }).length;
      var points = round2(max * Math.max(0, right - wrong) / best);
      var critical = picked.some(function (b) { return b.dataset.critical === "true"; });
      return { key: points + "|" + verdictFor(points, max, critical), points: points, critical: critical, items: true, picked: picked.map(function (b) { return b.value; }) };
    },
    rank: function (form, max) {
      var selects = all(form, "select");
      var places = selects.map(function (s) { return s.value; });
      if (places.indexOf("") !== -1 || new Set(places).size !== places.length) return "Give every step a different place first.";
      var order = selects.slice().sort(function (a, b) { return a.value - b.value; }).map(function (s) { return s.dataset.option; });
      var correct = all(form, ".sudj-fb[data-key='items'] .sudj-item").map(function (i) { return i.dataset.option; });
      var off = correct.map(function (id, i) { return order[i] !== id ? i : -1; }).filter(function (i) { return i >= 0; });
      var points = off.length === 0 ? max : (off.length === 2 && off[1] === off[0] + 1 && order[off[0]] === correct[off[1]]) ? 1 : 0;
      return { key: points + "|" + verdictFor(points, max, false), points: points, critical: false, items: true, picked: [] };
    }
  };

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
    var forms = all(section, "form.sudj-dp");
    var debrief = section.querySelector(".sudj-debrief");
    var score;

    function start() {
      score = { points: 0, max: 0, critical: 0 };
      forms.forEach(function (form, i) {
        form.hidden = i !== 0;
        all(form, "input, select, button").forEach(function (el) { el.disabled = false; el.checked = false; if (el.tagName === "SELECT") el.value = ""; });
        all(form, ".sudj-fb, .sudj-justify").forEach(function (el) { el.hidden = true; });
        all(form, ".sudj-item").forEach(function (el) { el.classList.remove("sudj-picked"); });
        all(form, ".sudj-picked-note").forEach(function (el) { el.remove(); });
        hint(form, "");
      });
      debrief.hidden = true;
      debrief.open = false;
    }

    function finish() {
      var msg = "You scored " + round2(score.points) + " of " + score.max + " points.";
      if (score.critical) msg += " You made " + score.critical + " critical error(s): see the feedback marked ⚠.";
      debrief.querySelector(".sudj-score").textContent = msg;
      debrief.hidden = false;
      debrief.open = true;
      remember(section.dataset.case, { points: round2(score.points), max: score.max, critical: score.critical });
    }

    forms.forEach(function (form) {
      form.addEventListener("change", function (ev) {
        if (form.dataset.kind !== "single" || !ev.target.closest("fieldset > .sudj-option")) return;
        all(form, ".sudj-justify").forEach(function (fs) { fs.hidden = fs.dataset.for !== ev.target.value; });
      });
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var max = Number(form.dataset.maxPoints);
        var answer = readers[form.dataset.kind](form, max);
        if (typeof answer === "string") return hint(form, answer);
        hint(form, "");
        all(form, "input, select, button.sudj-check").forEach(function (el) { el.disabled = true; });
        var shown = form.querySelector(".sudj-fb[data-key='" + answer.key + "']");
        shown.hidden = false;
        if (answer.items) form.querySelector(".sudj-fb[data-key='items']").hidden = false;
        answer.picked.forEach(function (id) {
          var item = form.querySelector(".sudj-fb[data-key='items'] .sudj-item[data-option='" + id + "']");
          if (!item) return;
          item.classList.add("sudj-picked");
          var note = document.createElement("p");
          note.className = "sudj-picked-note";
          note.textContent = "You selected this.";
          item.prepend(note);
        });
        // The check button is now disabled, so move focus to the feedback rather than lose it.
        shown.tabIndex = -1;
        shown.focus();
        score.points += answer.points;
        score.max += max;
        if (answer.critical) score.critical += 1;
        var next = answer.next !== undefined ? answer.next : JSON.parse(form.dataset.next || "null");
        if (next) section.querySelector("form.sudj-dp[data-dp='" + next + "']").hidden = false;
        else finish();
      });
    });
    debrief.querySelector(".sudj-restart").addEventListener("click", function () {
      start();
      forms[0].querySelector("input, select").focus();
    });
    start();
  }

  function init() { all(document, "section.sudj-case").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
