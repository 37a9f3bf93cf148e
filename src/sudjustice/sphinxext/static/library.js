// Filter the case library by role track, stage, population and substance, with no server.
(function () {
  "use strict";
  function setup(library) {
    var selects = Array.prototype.slice.call(library.querySelectorAll("select[data-filter]"));
    var entries = Array.prototype.slice.call(library.querySelectorAll(".sudj-library-entry"));
    var count = library.querySelector(".sudj-library-count");
    function apply() {
      var shown = 0;
      entries.forEach(function (entry) {
        var match = selects.every(function (s) {
          return !s.value || (entry.dataset[s.dataset.filter] || "").split(" ").indexOf(s.value) !== -1;
        });
        entry.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = shown + (shown === 1 ? " case" : " cases");
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    apply();
  }
  function init() { document.querySelectorAll(".sudj-library").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
