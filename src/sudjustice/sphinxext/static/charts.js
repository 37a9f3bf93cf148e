// Draw each course chart from its embedded Vega-Lite spec with the vendored Vega bundle.
// The figure already holds a text description and data table, so a failure loses no content.
(function () {
  "use strict";
  // A reference mark drawn at fixed values (e.g. a rule at x = 1) encodes no data field, so
  // Vega can give it no accessible description and axe flags it (svg-img-alt). Its meaning is in
  // the figure's text description; hide it from assistive technology instead of leaving it
  // unnamed. Marks that encode data keep Vega's generated descriptions.
  function encodesData(encoding) {
    return Object.keys(encoding || {}).some(function (k) {
      var channel = encoding[k];
      return channel && (channel.field || channel.aggregate);
    });
  }
  function quietReferenceMarks(spec, inherited) {
    if (Array.isArray(spec)) {
      return spec.forEach(function (s) { quietReferenceMarks(s, inherited); });
    }
    if (!spec || typeof spec !== "object") return;
    var dataEncoded = inherited || encodesData(spec.encoding);
    if (spec.mark && !dataEncoded) {
      var mark = typeof spec.mark === "string" ? { type: spec.mark } : spec.mark;
      if (!mark.description) spec.mark = Object.assign(mark, { aria: false });
    }
    ["layer", "concat", "hconcat", "vconcat", "spec"].forEach(function (key) {
      if (spec[key]) quietReferenceMarks(spec[key], dataEncoded);
    });
  }
  function draw() {
    document.querySelectorAll("figure.sudj-chart").forEach(function (figure) {
      var spec = JSON.parse(figure.querySelector("script.sudj-chart-spec").textContent);
      quietReferenceMarks(spec, false);
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
