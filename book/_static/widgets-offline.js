// Make the ipywidgets HTML manager work offline and with MathJax 3.
//
// 1. The manager (vendor/@jupyter-widgets/embed-amd.js) defines several AMD modules
//    ("@jupyter-widgets/base", "@jupyter-widgets/controls",
//    "@jupyter-widgets/html-manager/dist/libembed-amd", ...) and looks for its icon fonts in the
//    folder of whichever module starts first. RequireJS resolves them all to one folder, the
//    vendored copy, so the fonts load from there whatever the order (and never from a CDN).
// 2. The manager typesets widget labels with the MathJax 2 API (MathJax.Hub.Queue); the book loads
//    MathJax 3, so that call is forwarded to MathJax 3's typesetPromise.
require.config({
  baseUrl: document.documentElement.dataset.content_root + "_static/vendor/",
  paths: { "@jupyter-widgets/html-manager/dist": "@jupyter-widgets" },
});

window.addEventListener("DOMContentLoaded", () => {
  if (window.MathJax && !window.MathJax.Hub) {
    window.MathJax.Hub = {
      Queue: (command) => {
        const element = Array.isArray(command) ? command[2] : undefined;
        if (element && window.MathJax.typesetPromise) {
          window.MathJax.typesetPromise([element]);
        }
      },
    };
  }
});
