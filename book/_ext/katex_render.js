// Typeset formulas with the vendored KaTeX, for offline_book.py when the book is built.
//
// Reads a JSON list of [tex, display] pairs on standard input and writes the JSON list of their
// HTML (KaTeX's HTML and MathML, for screen readers) on standard output. A formula KaTeX cannot
// read stops the build: the error names it.
"use strict";

const path = require("path");
const katex = require(path.join(__dirname, "..", "_static", "vendor", "katex", "katex.min.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const rendered = JSON.parse(input).map(([tex, display]) => {
    try {
      return katex.renderToString(tex, {
        displayMode: display,
        output: "htmlAndMathml",
        throwOnError: true,
        strict: "ignore",
      });
    } catch (error) {
      process.stderr.write(`KaTeX cannot typeset ${JSON.stringify(tex)}: ${error.message}\n`);
      process.exit(1);
    }
  });
  process.stdout.write(JSON.stringify(rendered));
});
