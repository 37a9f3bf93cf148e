// Progress on the "Start here" pages, read from what cases.js (sudjustice:cases) and quiz.js
// (sudjustice:quizzes) remember in this browser. No account and no network: it works from a
// file:// copy. The reset button clears both stores after a confirmation.
(function () {
  "use strict";
  var STORES = ["sudjustice:cases", "sudjustice:quizzes"];
  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }

  function mark(item, done, text) {
    item.classList.toggle("sudj-done", done);
    item.querySelector(".sudj-tick").textContent = done ? "✔" : "○";
    item.querySelector(".sudj-state").textContent = text;
  }

  function show(section) {
    var cases = read(STORES[0]), quizzes = read(STORES[1]);
    var caseItems = all(section, "[data-case]"), quizItems = all(section, "[data-quiz]");
    var casesDone = {}, casesAll = {}, quizzesDone = 0;
    caseItems.forEach(function (item) {
      var id = item.dataset.case, record = cases[id];
      casesAll[id] = true;
      if (record) casesDone[id] = true;
      mark(item, !!record, record ? " — done on " + record.date + " (" + record.points + " of " + record.max + " points)" : " — not done yet");
    });
    quizItems.forEach(function (item) {
      var answered = Object.keys((quizzes[item.dataset.quiz] || {}).items || {}).length;
      var total = Number(item.dataset.items), done = answered >= total;
      if (done) quizzesDone += 1;
      mark(item, done, " — " + (done ? "complete" : answered + " of " + total + " answered"));
    });
    var summary = section.querySelector(".sudj-progress-summary");
    var nCases = Object.keys(casesAll).length;
    summary.textContent = "Your progress in this browser: " + Object.keys(casesDone).length + " of " + nCases +
      " cases done; " + quizzesDone + " of " + quizItems.length + " self-checks complete.";
  }

  function setup(section) {
    show(section);
    var button = section.querySelector(".sudj-reset");
    var status = section.querySelector(".sudj-reset-status");
    button.addEventListener("click", function () {
      if (!window.confirm("Reset your progress? This clears every case and self-check result kept in this browser.")) {
        status.textContent = "Nothing was reset.";
        return;
      }
      STORES.forEach(function (key) { try { window.localStorage.removeItem(key); } catch (e) { /* optional */ } });
      all(document, "section.sudj-path").forEach(show);
      status.textContent = "Your progress has been reset.";
    });
  }

  function init() { all(document, "section.sudj-path").forEach(setup); }
  // Another tab finishing a case updates this page too.
  window.addEventListener("storage", function () { all(document, "section.sudj-path").forEach(show); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
