// Kernel-free self-checks. Scores follow CURRICULUM §4.1 (see sudjustice/items/scoring.py):
// SC right or wrong; MS (right − wrong) / correct, floor 0; MT share of pairs; OR 1 exact,
// 0.5 for one swap of neighbours; NUM within tolerance. Results stay in this browser only.
(function () {
  "use strict";
  var STORE = "sudjustice:quizzes";
  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function round2(x) { return Math.round(x * 100) / 100; }
  function load() { try { return JSON.parse(window.localStorage.getItem(STORE) || "{}"); } catch (e) { return {}; } }
  function save(data) { try { window.localStorage.setItem(STORE, JSON.stringify(data)); } catch (e) { /* optional */ } }

  // Each returns a score in [0, 1], or a hint string when the answer is incomplete.
  var scorers = {
    SC: function (form) {
      var pick = form.querySelector("input:checked");
      return pick ? (pick.dataset.correct === "true" ? 1 : 0) : "Choose an answer first.";
    },
    MS: function (form) {
      var boxes = all(form, "input[type=checkbox]");
      var correct = boxes.filter(function (b) { return b.dataset.correct === "true"; }).length;
      var right = boxes.filter(function (b) { return b.checked && b.dataset.correct === "true"; }).length;
      var wrong = boxes.filter(function (b) { return b.checked && b.dataset.correct !== "true"; }).length;
      return round2(Math.max(0, right - wrong) / correct);
    },
    MT: function (form) {
      var selects = all(form, "select");
      if (selects.some(function (s) { return !s.value; })) return "Match every item first.";
      return round2(selects.filter(function (s) { return s.value === s.dataset.right; }).length / selects.length);
    },
    OR: function (form) {
      var selects = all(form, "select");
      var places = selects.map(function (s) { return s.value; });
      if (places.indexOf("") !== -1 || new Set(places).size !== places.length) return "Give every step a different place first.";
      var order = selects.slice().sort(function (a, b) { return a.value - b.value; }).map(function (s) { return Number(s.dataset.step); });
      var off = order.map(function (step, i) { return step !== i ? i : -1; }).filter(function (i) { return i >= 0; });
      if (off.length === 0) return 1;
      return off.length === 2 && off[1] === off[0] + 1 && order[off[0]] === off[1] && order[off[1]] === off[0] ? 0.5 : 0;
    },
    NUM: function (form) {
      var input = form.querySelector("input[type=number]");
      if (input.value === "") return "Enter a number first.";
      return Math.abs(Number(input.value) - Number(input.dataset.answer)) <= Number(input.dataset.tolerance) ? 1 : 0;
    }
  };

  function setup(quiz) {
    var module = quiz.dataset.module;
    var forms = all(quiz, "form.sudj-q");
    var scoreLine = quiz.querySelector(".sudj-quiz-score");

    function showScore() {
      var record = (load()[module] || {}).items || {};
      var ids = forms.map(function (f) { return f.dataset.item; }).filter(function (id) { return id in record; });
      if (!ids.length) { scoreLine.textContent = ""; return; }
      var points = ids.reduce(function (sum, id) { return sum + record[id]; }, 0);
      scoreLine.textContent = "Your score so far: " + round2(points) + " of " + forms.length + " (" + ids.length + " answered).";
    }

    forms.forEach(function (form) {
      var feedback = form.querySelector(".sudj-q-feedback");
      var result = form.querySelector(".sudj-q-result");
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var score = scorers[form.dataset.type](form);
        if (typeof score === "string") { result.textContent = score; feedback.hidden = false; all(feedback, ".sudj-rat, .sudj-sources-title, .sudj-sources, .sudj-retry").forEach(function (el) { el.hidden = true; }); return; }
        all(feedback, ".sudj-rat, .sudj-sources-title, .sudj-sources, .sudj-retry").forEach(function (el) { el.hidden = false; });
        var word = score === 1 ? "✔ Correct" : score > 0 ? "◐ Partly right" : "✖ Not quite";
        result.textContent = word + " (" + score + " of 1 point).";
        all(form, "fieldset input, fieldset select, button.sudj-check").forEach(function (el) { el.disabled = true; });
        all(form, "input:checked").forEach(function (box) {
          var rat = form.querySelector(".sudj-rat[data-option='" + box.value + "']");
          if (rat) rat.classList.add("sudj-picked");
        });
        feedback.hidden = false;
        feedback.tabIndex = -1;
        feedback.focus();
        var data = load();
        data[module] = data[module] || { items: {} };
        data[module].items[form.dataset.item] = score;
        data[module].date = new Date().toISOString().slice(0, 10);
        save(data);
        showScore();
      });
      form.querySelector(".sudj-retry").addEventListener("click", function () {
        all(form, "fieldset input, fieldset select, button.sudj-check").forEach(function (el) { el.disabled = false; el.checked = false; if (el.tagName === "SELECT" || el.type === "number") el.value = ""; });
        all(form, ".sudj-picked").forEach(function (el) { el.classList.remove("sudj-picked"); });
        feedback.hidden = true;
        form.querySelector("fieldset input, fieldset select").focus();
      });
    });
    showScore();
  }

  function init() { all(document, "section.sudj-quiz").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
