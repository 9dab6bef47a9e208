// The cyclelint extension: starts `cyclelint lsp` (the path is the `cyclelint.path` setting) for
// documents of the `cyclecloud-template` language. Everything else (diagnostics, hover,
// completion, navigation, quick fixes) comes from the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function createClient() {
  const command = vscode.workspace.getConfiguration("cyclelint").get("path") || "cyclelint";
  // No `transport`: with one the client would add `--stdio` to the arguments.
  const serverOptions = { command, args: ["lsp"] };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "cyclecloud-template" },
      { scheme: "untitled", language: "cyclecloud-template" },
    ],
  };
  return new LanguageClient("cyclelint", "cyclelint", serverOptions, clientOptions);
}

async function restart() {
  if (client) {
    await client.stop().catch(() => undefined);
  }
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `cyclelint: cannot start \`${vscode.workspace.getConfiguration("cyclelint").get("path")} lsp\`: ${error}. ` +
        "Set `cyclelint.path` to the cyclelint executable."
    );
  }
}

async function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand("cyclelint.restart", restart));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("cyclelint.path")) {
        restart();
      }
    })
  );
  await restart();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
