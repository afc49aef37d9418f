// Draw the kernel-free charts (sptools.widgets.kernel_free) with the vendored Vega scripts.
// Each chart is a <figure class="sptools-vega"> holding its Vega-Lite specification as JSON; its
// controls are Vega-Lite parameters bound to inputs, so they work without a kernel or a server.
window.addEventListener("DOMContentLoaded", () => {
  for (const figure of document.querySelectorAll("figure.sptools-vega")) {
    const { spec, options } = JSON.parse(
      figure.querySelector("script[type='application/json']").textContent,
    );
    const target = figure.querySelector(".sptools-vega-chart");
    window.vegaEmbed(target, spec, options).catch((error) => {
      target.textContent = `The chart could not be drawn: ${error}`;
      console.error(error);
    });
  }
});
