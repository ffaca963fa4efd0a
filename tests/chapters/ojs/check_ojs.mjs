// Run a page's Observable JS cells in Node, the way Quarto's OJS runtime would in a browser.
//
// Reads JSON on stdin: {"blocks": [source of each ```{ojs} block], "defines": {name: value, ...}
// (what the page's ojs_define handed over), "overrides": [{name: value}, ...] (slider settings to
// render)}.  Parses each block with @observablehq/parser (the version Quarto compiles OJS with),
// evaluates its cells in dependency order with Plot and Inputs (the versions Quarto's runtime
// loads) on a jsdom document, and prints JSON: for every override, what each cell produced
// (an SVG's marks, texts and colours; an input's attributes; or a plain value).
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";
import parser from "@observablehq/parser";  // CommonJS in 4.5.0
const { parseModule } = parser;

const dom = new JSDOM("<!DOCTYPE html><html><body><main></main></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const name of ["HTMLElement", "Element", "Node", "Event", "InputEvent", "navigator", "getComputedStyle"]) {
  if (!(name in globalThis)) globalThis[name] = dom.window[name];
}
const Plot = await import("@observablehq/plot");
const Inputs = await import("@observablehq/inputs");

const request = JSON.parse(readFileSync(0, "utf8"));
const builtins = { Plot, Inputs, Math, document };

function nameOf(node) {
  if (node === null) return null;
  if (node.type === "ViewExpression") return `viewof ${node.id.name}`;
  return node.name;
}

// Every cell of every block: its name, what it references, and a function of those references.
const cells = [];
request.blocks.forEach((source, blockIndex) => {
  const module = parseModule(source);
  module.cells.forEach((cell, cellIndex) => {
    const references = [...new Set(cell.references.map(nameOf))];
    const bodySource = source.slice(cell.body.start, cell.body.end);
    const code = cell.body.type === "BlockStatement" ? bodySource : `return (${bodySource});`;
    const parameters = references.map((r) => r.replace("viewof ", "viewof$"));
    cells.push({
      block: blockIndex, index: cellIndex, name: nameOf(cell.id),
      view: cell.id !== null && cell.id.type === "ViewExpression",
      references, fn: new Function(...parameters, code),
    });
  });
});

function describe(value) {
  if (value && value.nodeType === 1) {
    const element = value;
    const svg = element.tagName.toLowerCase() === "svg" ? element : element.querySelector("svg");
    if (svg) {
      const colours = new Set();
      for (const node of [svg, ...svg.querySelectorAll("*")]) {
        for (const attribute of ["fill", "stroke", "color", "stop-color"]) {
          if (node.hasAttribute(attribute)) colours.add(node.getAttribute(attribute));
        }
      }
      return {
        kind: "svg", width: Number(svg.getAttribute("width")), height: Number(svg.getAttribute("height")),
        markup: svg.outerHTML,
        ariaLabel: svg.getAttribute("aria-label"), ariaDescription: svg.getAttribute("aria-description"),
        style: svg.getAttribute("style") || "", rootFill: svg.getAttribute("fill"),
        stylesheet: [...svg.querySelectorAll("style")].map((s) => s.textContent).join("\n"),
        rects: [...svg.querySelectorAll("rect")].length,
        colours: [...colours].sort(),
        paths: [...svg.querySelectorAll("path")].map((p) => ({
          d: p.getAttribute("d"),
          stroke: p.getAttribute("stroke") ?? p.parentNode.getAttribute("stroke"),
          opacity: p.getAttribute("stroke-opacity") ?? p.parentNode.getAttribute("stroke-opacity"),
        })),
        texts: [...svg.querySelectorAll("text")].map((t) => t.textContent),
        ariaLabels: [...svg.querySelectorAll("[aria-label]")].map((g) => g.getAttribute("aria-label")),
      };
    }
    const input = element.querySelector("input[type=range]");
    if (input) {
      return {
        kind: "range", min: Number(input.min), max: Number(input.max), step: Number(input.step),
        value: element.value, label: element.querySelector("label")?.textContent ?? "",
      };
    }
    return { kind: "element", tag: element.tagName.toLowerCase(), text: element.textContent };
  }
  return { kind: "value", value };
}

const results = [];
for (const override of request.overrides) {
  const values = new Map(Object.entries({ ...builtins, ...request.defines }));
  const produced = [];
  let pending = [...cells];
  while (pending.length > 0) {
    const ready = pending.filter((c) => c.references.every((r) => values.has(r)));
    if (ready.length === 0) {
      const missing = pending.flatMap((c) => c.references.filter((r) => !values.has(r)));
      throw new Error(`undefined in the OJS cells: ${[...new Set(missing)].join(", ")}`);
    }
    for (const cell of ready) {
      const value = cell.fn(...cell.references.map((r) => values.get(r)));
      if (cell.view) {
        const name = cell.name.replace("viewof ", "");
        if (name in override) {  // the reader moved the input: set it and fire its input event
          value.value = override[name];
          value.dispatchEvent(new dom.window.Event("input", { bubbles: true }));
        }
        values.set(cell.name, value);
        values.set(name, value.value);
      } else if (cell.name !== null) {
        values.set(cell.name, value);
      }
      produced.push({ block: cell.block, index: cell.index, name: cell.name, output: describe(value) });
    }
    pending = pending.filter((c) => !ready.includes(c));
  }
  results.push({ override, cells: produced });
}
process.stdout.write(JSON.stringify(results));
