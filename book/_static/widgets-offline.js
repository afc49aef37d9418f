// Make the ipywidgets HTML manager work offline and with MathJax 3.
//
// 1. The manager (vendor/@jupyter-widgets/html-manager/dist/embed-amd.js) finds its icon fonts
//    relative to its RequireJS module path, so RequireJS resolves modules from the vendored folder
//    instead of the page's folder (or a CDN).
// 2. The manager typesets widget labels with the MathJax 2 API (MathJax.Hub.Queue); the book loads
//    MathJax 3, so that call is forwarded to MathJax 3's typesetPromise.
require.config({ baseUrl: document.documentElement.dataset.content_root + "_static/vendor/" });

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
