// Compile the kernel-free charts' Vega-Lite specifications to Vega, for offline_book.py when the
// book is built, with the vendored Vega and Vega-Lite: the pages then need Vega and vega-embed
// only (Vega-Lite's 250 kB compiler stays out of them).
//
// Reads a JSON list of Vega-Lite specifications on standard input and writes the JSON list of
// their Vega specifications on standard output. A specification that does not compile stops the
// build: the error names it.
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const vendor = path.join(__dirname, "..", "_static", "vendor");
globalThis.vega = require(path.join(vendor, "vega", "vega.min.js"));
// Vega-Lite's bundle, read as a browser script, defines the global vegaLite on top of vega
vm.runInThisContext(fs.readFileSync(path.join(vendor, "vega-lite", "vega-lite.min.js"), "utf8"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const compiled = JSON.parse(input).map((spec) => {
    try {
      return globalThis.vegaLite.compile(spec).spec;
    } catch (error) {
      const name = spec.description || spec.title || "a chart";
      process.stderr.write(`Vega-Lite cannot compile ${JSON.stringify(name)}: ${error.message}\n`);
      process.exit(1);
    }
  });
  process.stdout.write(JSON.stringify(compiled));
});
