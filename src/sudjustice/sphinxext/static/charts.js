// Draw each course chart from its embedded Vega-Lite spec with the vendored Vega bundle.
// The figure already holds a text description and data table, so a failure loses no content.
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll("figure.sudj-chart").forEach(function (figure) {
      var spec = JSON.parse(figure.querySelector("script.sudj-chart-spec").textContent);
      var view = figure.querySelector(".sudj-chart-view");
      window.vegaEmbed(view, spec, { renderer: "svg", actions: false }).catch(function (err) {
        view.textContent = "The chart could not be drawn; its data table is below.";
        console.warn(err);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
