// The TextMate grammar, tokenized by the tokenizer VS Code itself uses (vscode-textmate with the
// Oniguruma regular expressions of vscode-oniguruma): scopes asserted for each construct of
// test/fixtures/sample.txt, then every template of the shared corpus (../../../shared/corpus,
// when present) tokenized without error. Run with `npm test`; `tests/editor/main.rs` runs it
// from `cargo test` when node_modules is installed.
"use strict";

const fs = require("fs");
const path = require("path");
const assert = require("assert");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const root = path.join(__dirname, "..");

async function loadGrammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== "source.cyclecloud") return null;
      const file = path.join(root, "syntaxes", "cyclecloud.tmLanguage.json");
      return vsctm.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
    },
  });
  return registry.loadGrammar("source.cyclecloud");
}

/// Every line of `text` as a list of `{ text, scopes }` tokens.
function tokenize(grammar, text) {
  let stack = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, stack, 1000);
    assert.ok(!result.stoppedEarly, `tokenizing stopped early on: ${line}`);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/// Asserts that the token `text` on line `line` (0-based) has `scope` among its scopes.
function expectScope(lines, line, text, scope) {
  const token = lines[line].find((t) => t.text === text);
  assert.ok(token, `no token \`${text}\` on line ${line}: ${JSON.stringify(lines[line])}`);
  assert.ok(
    token.scopes.includes(scope),
    `\`${text}\` on line ${line} has ${token.scopes.join(" ")}, not ${scope}`
  );
}

async function main() {
  const grammar = await loadGrammar();
  const sample = fs.readFileSync(path.join(__dirname, "fixtures", "sample.txt"), "utf8");
  const lines = tokenize(grammar, sample);
  const checks = [
    [0, "#", "punctuation.definition.comment.cyclecloud"],
    [0, " A cluster with every construct the grammar knows.", "comment.line.number-sign.cyclecloud"],
    [1, "[", "meta.section.rank-1.cyclecloud"],
    [1, "cluster", "keyword.other.section.cyclecloud"],
    [1, "demo", "entity.name.section.cyclecloud"],
    [1, "# trailing comment", "comment.line.number-sign.cyclecloud"],
    [2, "[[", "punctuation.definition.section.begin.cyclecloud"],
    [2, "node", "meta.section.rank-2.cyclecloud"],
    [2, "scheduler", "entity.name.section.cyclecloud"],
    [3, "MachineType", "variable.other.property.cyclecloud"],
    [3, "=", "keyword.operator.assignment.cyclecloud"],
    [3, "$", "punctuation.definition.variable.cyclecloud"],
    [3, "SchedulerMachineType", "variable.other.parameter.cyclecloud"],
    [4, "${", "punctuation.section.embedded.begin.cyclecloud"],
    [4, "ifThenElse", "entity.name.function.cyclecloud"],
    [4, "MaxCores", "variable.other.cyclecloud"],
    [4, "0", "constant.numeric.cyclecloud"],
    [4, "}", "punctuation.section.embedded.end.cyclecloud"],
    [5, ":=", "keyword.operator.assignment.define.cyclecloud"],
    [5, "MaxCount", "variable.other.cyclecloud"],
    [5, "*", "keyword.operator.cyclecloud"],
    [6, "true", "constant.language.boolean.cyclecloud"],
    [7, "quoted # not a comment", "string.quoted.double.cyclecloud"],
    [8, "single", "string.quoted.single.cyclecloud"],
    [9, "'''", "string.quoted.triple.cyclecloud"],
    [10, "line one", "string.quoted.triple.cyclecloud"],
    [12, "42", "constant.numeric.cyclecloud"],
    [14, "[[[", "meta.section.rank-3.cyclecloud"],
    [14, "volume", "keyword.other.section.cyclecloud"],
    [15, "1.5", "constant.numeric.cyclecloud"],
    [20, "undefined", "constant.language.undefined.cyclecloud"],
  ];
  for (const [line, text, scope] of checks) {
    expectScope(lines, line, text, scope);
  }
  // The line after a triple-quoted string is an attribute again.
  expectScope(lines, 12, "MaxCount", "variable.other.property.cyclecloud");
  console.log(`grammar: ${checks.length + 1} scopes as expected in test/fixtures/sample.txt`);

  const corpus = path.join(root, "..", "..", "..", "shared", "corpus", "templates");
  if (!fs.existsSync(corpus)) {
    console.log(`note: ${corpus} is absent; corpus not tokenized`);
    return;
  }
  let files = 0;
  let count = 0;
  for (const name of fs.readdirSync(corpus).sort()) {
    const file = path.join(corpus, name);
    if (!fs.statSync(file).isFile()) continue;
    const tokens = tokenize(grammar, fs.readFileSync(file, "utf8"));
    count += tokens.length;
    files += 1;
  }
  assert.ok(files > 0, "the corpus holds templates");
  console.log(`grammar: ${files} corpus templates (${count} lines) tokenized without error`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
