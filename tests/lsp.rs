//! `cyclelint lsp` driven as an editor would: framed JSON-RPC on the binary's stdin and stdout.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any one message may take before the test fails instead of hanging.
const DEADLINE: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("cyclelint"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cyclelint starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client { child, stdin, messages, next_id: 1 }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("stdin is open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("the server reads");
        stdin.flush().expect("the server reads");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its response, skipping the notifications before it.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// The next message matching `wanted`, within the deadline.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => {}
                Err(e) => panic!("no expected message from the server: {e}"),
            }
        }
    }

    fn diagnostics(&mut self) -> Value {
        self.wait_for(|m| m["method"] == "textDocument/publishDiagnostics")["params"].clone()
    }

    /// Waits for the process to end and returns its exit code.
    fn wait(&mut self) -> Option<i32> {
        self.stdin = None;
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn initialize(client: &mut Client, root: &Path) {
    let root = format!("file://{}", root.display());
    let response = client.request("initialize", json!({ "processId": null, "rootUri": root, "capabilities": {} }));
    let capabilities = &response["result"]["capabilities"];
    assert_eq!(capabilities["textDocumentSync"]["change"], 1, "full sync: {response}");
    assert_eq!(capabilities["codeActionProvider"]["codeActionKinds"], json!(["quickfix", "source.fixAll"]));
    for provider in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "foldingRangeProvider",
        "documentHighlightProvider",
        "documentFormattingProvider",
    ] {
        assert_eq!(capabilities[provider], true, "{provider}");
    }
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);
    client.notify("initialized", json!({}));
}

#[test]
#[cfg(unix)]
fn lints_as_the_user_types_and_offers_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    // The nearest configuration is honoured: these two rules would fire on every version below.
    std::fs::write(
        root.join("cyclelint.toml"),
        "[rules]\nmissing-image = \"off\"\nmissing-required-attribute = \"off\"\n",
    )
    .unwrap();
    let uri = format!("file://{}/cluster.txt", root.display());
    let mut client = Client::start(&root);
    initialize(&mut client, &root);

    // `é` is 2 bytes and 1 UTF-16 unit, `😀` 4 bytes and 2 units: the `]` is at byte 15 of the
    // line, character 11, UTF-16 unit 12.
    let bad = "[cluster c]\n  [[node é😀]\n    MachineType = x\n";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "cyclecloud", "version": 1, "text": bad } }),
    );
    let published = client.diagnostics();
    assert_eq!(published["uri"], json!(uri));
    assert_eq!(published["version"], 1);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "the configuration turned the others off: {published}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "unbalanced-section-header");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "cyclelint");
    assert_eq!(d["range"], json!({ "start": { "line": 1, "character": 2 }, "end": { "line": 1, "character": 13 } }));
    assert_eq!(d["message"], "section header opens with `[[` and closes with `]`\nhelp: close it with `]]`");
    assert!(d["codeDescription"]["href"].as_str().unwrap().ends_with("docs/rules.md#unbalanced-section-header"));

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 1, "character": 12 }, "end": { "line": 1, "character": 12 } },
            "context": { "diagnostics": [d] },
        }),
    );
    let actions = actions["result"].as_array().unwrap();
    // The fix, the suppression comment, and "fix all".
    assert_eq!(actions.len(), 3, "{actions:?}");
    assert_eq!(actions[2]["kind"], "source.fixAll");
    assert_eq!(actions[1]["title"], "suppress `unbalanced-section-header` here");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["title"], "close it with `]]`");
    assert_eq!(actions[0]["diagnostics"][0]["code"], "unbalanced-section-header");
    assert_eq!(
        actions[0]["edit"]["changes"][&uri],
        json!([{
            "range": { "start": { "line": 1, "character": 12 }, "end": { "line": 1, "character": 13 } },
            "newText": "]]",
        }])
    );
    // Nothing to fix elsewhere.
    let elsewhere = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 0 } },
            "context": { "diagnostics": [], "only": ["quickfix"] },
        }),
    );
    assert_eq!(elsewhere["result"], json!([]));

    let fixed = bad.replace("😀]", "😀]]");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": fixed }] }),
    );
    let published = client.diagnostics();
    assert_eq!(published["version"], 2);
    assert_eq!(published["diagnostics"], json!([]));

    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    assert_eq!(client.diagnostics()["diagnostics"], json!([]));

    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), Some(0));
}

#[test]
fn survives_what_it_does_not_understand() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    initialize(&mut client, dir.path());

    let unknown = client.request("textDocument/unknownThing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let invalid = client.request("textDocument/codeAction", json!({ "nonsense": true }));
    assert_eq!(invalid["error"]["code"], -32602, "{invalid}");
    // Bad params, a change to a document never opened, a document that is not a file.
    client.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///nowhere.txt", "version": 3 }, "contentChanges": [{ "text": "x" }] }),
    );
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": "untitled:Untitled-1", "languageId": "cyclecloud", "version": 1,
            "text": "[cluster c]\n; é\n" } }),
    );
    let published = client.diagnostics();
    assert_eq!(published["uri"], "untitled:Untitled-1");
    assert!(published["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "syntax-error"), "{published}");
    // A ranged change, though only full ones are asked for: `;` (after `é` on the line above) to `#`.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "untitled:Untitled-1", "version": 2 }, "contentChanges": [{
            "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 1 } },
            "text": "#",
        }] }),
    );
    let published = client.diagnostics();
    assert!(published["diagnostics"].as_array().unwrap().iter().all(|d| d["code"] != "syntax-error"), "{published}");

    // A generic client sends every text file as `plaintext`: only templates are linted.
    for (uri, text, linted) in [
        (
            "untitled:requirements",
            "requests==2.0
",
            false,
        ),
        (
            "untitled:t",
            "[cluster c]
;
",
            true,
        ),
    ] {
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": 1, "text": text } }),
        );
        let published = client.diagnostics();
        assert_eq!(published["uri"], uri);
        assert_eq!(published["diagnostics"].as_array().unwrap().is_empty(), !linted, "{published}");
    }

    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), Some(0));
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    initialize(&mut client, dir.path());
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), Some(1));
}

/// A template with a typo, a missing `ImageOS`, a `;` comment, parameters used as `$X` and in
/// `${…}`, and inheritance.
const DEMO: &str = "[cluster demo]
    [[node defaults]]
    Credentials = $Credentials
    SubnetId = rg/vnet/default
    ImageName = cycle.image.ubuntu22
    MachinType = Standard_D2s_v3
    ; a comment written the INI way

    [[node base]]
    Abstract = true
    ImageOS = linux

    [[nodearray hpc]]
    Extends = base
    MachineType = $HPCMachineType
    MaxCoreCount = ${ifThenElse(MaxCores > 0, MaxCores, 100)}

    [[node custom]]
    MachineType = Standard_D2s_v3
    ImageId = /subscriptions/x/resourceGroups/g/providers/Microsoft.Compute/images/i

[parameters Main]
    [[parameters Cluster]]
        [[[parameter Credentials]]]
        ParameterType = Cloud.Credentials

        [[[parameter HPCMachineType]]]
        Label = HPC VM type
        ParameterType = Cloud.MachineType
        DefaultValue = Standard_F2s_v2

        [[[parameter MaxCores]]]
        ParameterType = Integer
        DefaultValue = 100
";

/// The 0-based line and column of the `nth` occurrence of `needle` in `text` (plus `shift`
/// characters), as an LSP position (the text is ASCII: columns are UTF-16 units).
fn pos(text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    let at = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("`{needle}` #{nth} in the text")).0 + shift;
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": column })
}

fn offset_of(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    text.split_inclusive('\n').take(line).map(str::len).sum::<usize>() + character
}

/// `text` with the edits of a workspace edit for `uri` applied.
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = edit["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("edits for {uri}: {edit}"))
        .iter()
        .map(|e| {
            let start = offset_of(text, &e["range"]["start"]);
            let end = offset_of(text, &e["range"]["end"]);
            (start, end, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

fn open_demo(client: &mut Client, root: &Path) -> String {
    let uri = format!("file://{}/demo.txt", root.display());
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "cyclecloud-template", "version": 1, "text": DEMO } }),
    );
    let published = client.diagnostics();
    assert_eq!(published["version"], 1);
    uri
}

fn at(client: &mut Client, method: &str, uri: &str, position: Value) -> Value {
    client.request(method, json!({ "textDocument": { "uri": uri }, "position": position }))["result"].clone()
}

fn hover_text(client: &mut Client, uri: &str, position: Value) -> String {
    let hover = at(client, "textDocument/hover", uri, position);
    assert_eq!(hover["contents"]["kind"], "markdown", "{hover}");
    hover["contents"]["value"].as_str().unwrap().to_string()
}

fn labels(client: &mut Client, uri: &str, position: Value) -> Vec<String> {
    let items = at(client, "textDocument/completion", uri, position);
    items
        .as_array()
        .unwrap_or_else(|| panic!("a list: {items}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
#[cfg(unix)]
fn hover_explains_attributes_parameters_images_and_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(&root);
    initialize(&mut client, &root);
    let uri = open_demo(&mut client, &root);

    // An attribute of a nodearray: type and description, and the effective value through the parameter.
    let text = hover_text(&mut client, &uri, pos(DEMO, "MachineType = $HPC", 0, 2));
    assert!(text.contains("`MachineType`: List"), "{text}");
    assert!(text.contains("Azure VM size"), "{text}");
    assert!(text.contains("`Standard_F2s_v2` (default of parameter `HPCMachineType`, line 30)"), "{text}");
    // Inherited from `Extends`: hovering the nodearray's name shows it as `show` does.
    let text = hover_text(&mut client, &uri, pos(DEMO, "nodearray hpc", 0, 11));
    assert!(text.contains("inherits: defaults → base → hpc"), "{text}");
    assert!(text.contains("`ImageOS` = `linux` (from `Extends = base`, line 11)"), "{text}");
    // A parameter in `${…}`: label, type, default, definition.
    let text = hover_text(&mut client, &uri, pos(DEMO, "MaxCores >", 0, 1));
    assert!(text.starts_with("parameter `MaxCores`"), "{text}");
    assert!(text.contains("- type: `Integer`\n- default: `100`"), "{text}");
    assert!(text.contains("defined on line 32"), "{text}");
    let text = hover_text(&mut client, &uri, pos(DEMO, "$HPCMachineType", 0, 3));
    assert!(text.starts_with("parameter `HPCMachineType`: HPC VM type"), "{text}");
    // The image: how it resolves.
    let text = hover_text(&mut client, &uri, pos(DEMO, "cycle.image.ubuntu22", 0, 3));
    assert!(text.contains("built-in image `cycle.image.ubuntu22`"), "{text}");
    // A section kind, a function.
    let text = hover_text(&mut client, &uri, pos(DEMO, "[[nodearray", 0, 4));
    assert!(text.starts_with("`[[nodearray]]`: a scale set"), "{text}");
    let text = hover_text(&mut client, &uri, pos(DEMO, "ifThenElse", 0, 2));
    assert!(text.contains("`ifThenElse(predicate, trueValue, falseValue)`"), "{text}");
    // A finding: the rule and its documentation.
    let text = hover_text(&mut client, &uri, pos(DEMO, "MachinType", 0, 2));
    assert!(text.contains("`unknown-attribute`: "), "{text}");
    assert!(text.contains("docs/rules.md#unknown-attribute)"), "{text}");
    // Nothing known: no hover.
    assert_eq!(at(&mut client, "textDocument/hover", &uri, pos(DEMO, "\n\n[parameters", 0, 1)), Value::Null);
}

#[test]
#[cfg(unix)]
fn completion_knows_the_context() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(&root);
    initialize(&mut client, &root);
    let uri = format!("file://{}/demo.txt", root.display());
    // Half-typed lines, as while typing: one per context.
    let text = DEMO
        .replace("    Region = x\n", "")
        .replace("    [[node custom]]\n", "    [[[\n    Ima\n    ImageOS = \n    Extends = \n    MaxCount = ${Max\n    JetpackPlatform = \n    ImageName = \n    Image = \n    [[node custom]]\n")
        .replace("    MachineType = $HPC", "    MachineType = $")
        .replace(
            "        DefaultValue = 100\n",
            "        DefaultValue = 100\n        ParameterType = \n        Config.Plugin = \n        Widget.Plugin = \n[\n",
        );
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "cyclecloud-template", "version": 1, "text": text } }),
    );
    client.diagnostics();
    let after = |needle: &str| pos(&text, needle, 0, needle.trim_end_matches('\n').len());

    // Sections valid at the rank: under a nodearray at rank 3; at the top level at rank 1.
    let kinds = labels(&mut client, &uri, after("    [[["));
    assert!(kinds.contains(&"volume".to_string()) && kinds.contains(&"cluster-init".to_string()), "{kinds:?}");
    assert!(!kinds.contains(&"node".to_string()) && !kinds.contains(&"parameter".to_string()), "{kinds:?}");
    let top = labels(&mut client, &uri, pos(&text, "\n[\n", 0, 2));
    assert!(top.contains(&"cluster".to_string()) && top.contains(&"parameters".to_string()), "{top:?}");
    assert!(!top.contains(&"volume".to_string()), "{top:?}");
    // Attributes of the enclosing kind, not those already set there.
    let attributes = labels(&mut client, &uri, pos(&text, "    Ima\n", 0, 7));
    assert!(
        attributes.contains(&"ImageId".to_string()) && attributes.contains(&"ImageVersion".to_string()),
        "{attributes:?}"
    );
    assert!(!attributes.contains(&"ImageName".to_string()), "set further down: {attributes:?}");
    assert!(
        !attributes.contains(&"Extends".to_string()) && !attributes.contains(&"MachineType".to_string()),
        "{attributes:?}"
    );
    // Values: an enum, node names after `Extends`, parameter types, Jetpack platforms, images.
    assert_eq!(labels(&mut client, &uri, after("ImageOS = ")), ["linux", "windows"]);
    let nodes = labels(&mut client, &uri, after("    Extends = \n"));
    let nodes: Vec<String> = nodes;
    assert!(nodes.contains(&"base".to_string()) && nodes.contains(&"custom".to_string()), "{nodes:?}");
    assert!(!nodes.contains(&"hpc".to_string()), "not itself: {nodes:?}");
    let types = labels(&mut client, &uri, after("        ParameterType = \n"));
    assert!(types.contains(&"Cloud.MachineType".to_string()) && types.contains(&"Boolean".to_string()), "{types:?}");
    let plugins = labels(&mut client, &uri, after("        Config.Plugin = \n"));
    assert!(plugins.contains(&"pico.form.Dropdown".to_string()), "{plugins:?}");
    assert!(!plugins.contains(&"pico.form.SelectBox".to_string()), "a `Widget.Plugin`: {plugins:?}");
    let widgets = labels(&mut client, &uri, after("        Widget.Plugin = \n"));
    assert_eq!(widgets, ["pico.form.BooleanCheckBox", "pico.form.SelectBox"]);
    let platforms = labels(&mut client, &uri, after("JetpackPlatform = "));
    assert!(platforms.contains(&"centos-7".to_string()), "{platforms:?}");
    let images = labels(&mut client, &uri, after("    ImageName = \n"));
    assert!(images.contains(&"cycle.image.ubuntu22".to_string()), "{images:?}");
    assert!(!images.contains(&"Ubuntu 22.04 LTS".to_string()), "names only: {images:?}");
    let labels_ = labels(&mut client, &uri, after("    Image = \n"));
    assert!(labels_.contains(&"Ubuntu 22.04 LTS".to_string()), "{labels_:?}");
    // Parameters after `$`, parameters and functions inside `${…}`.
    assert_eq!(labels(&mut client, &uri, after("MachineType = $")), ["Credentials", "HPCMachineType", "MaxCores"]);
    let expression = labels(&mut client, &uri, after("${Max"));
    assert!(
        expression.contains(&"MaxCores".to_string()) && expression.contains(&"ifThenElse".to_string()),
        "{expression:?}"
    );
}

#[test]
#[cfg(unix)]
fn navigation_follows_parameters_and_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(&root);
    initialize(&mut client, &root);
    let uri = open_demo(&mut client, &root);

    // From a use in `${…}` to the definition.
    let definition = at(&mut client, "textDocument/definition", &uri, pos(DEMO, "MaxCores, 100", 0, 3));
    assert_eq!(definition["range"]["start"], pos(DEMO, "parameter MaxCores", 0, 10), "{definition}");
    // From `Extends = base` to the node.
    let definition = at(&mut client, "textDocument/definition", &uri, pos(DEMO, "Extends = base", 0, 11));
    assert_eq!(definition["range"]["start"], pos(DEMO, "node base", 0, 5), "{definition}");
    // References from the definition: both uses in `${…}`, with and without the declaration.
    let position = pos(DEMO, "parameter MaxCores", 0, 12);
    let with = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri }, "position": position, "context": { "includeDeclaration": true } }),
    )["result"]
        .clone();
    assert_eq!(with.as_array().unwrap().len(), 3, "{with}");
    let without = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri }, "position": position, "context": { "includeDeclaration": false } }),
    )["result"]
        .clone();
    assert_eq!(without.as_array().unwrap().len(), 2, "{without}");
    let highlights = at(&mut client, "textDocument/documentHighlight", &uri, pos(DEMO, "$HPCMachineType", 0, 2));
    assert_eq!(highlights.as_array().unwrap().len(), 2, "{highlights}");

    // Rename a parameter used as `${…X…}` everywhere, and a node with its `Extends`.
    let prepared = at(&mut client, "textDocument/prepareRename", &uri, pos(DEMO, "MaxCores >", 0, 0));
    assert_eq!(prepared["placeholder"], "MaxCores", "{prepared}");
    let rename = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": pos(DEMO, "MaxCores >", 0, 0), "newName": "CoreLimit" }),
    )["result"]
        .clone();
    let renamed = apply(DEMO, &rename, &uri);
    assert_eq!(renamed, DEMO.replace("MaxCores", "CoreLimit"));
    let rename = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": pos(DEMO, "node base", 0, 6), "newName": "common" }),
    )["result"]
        .clone();
    assert_eq!(apply(DEMO, &rename, &uri), DEMO.replace("node base", "node common").replace("= base", "= common"));
    // What cannot be renamed is refused, with a reason.
    let refused = client.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": uri }, "position": pos(DEMO, "Abstract", 0, 1) }),
    );
    assert_eq!(refused["error"]["message"], "only a parameter or a node can be renamed", "{refused}");
    let refused = client.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": uri }, "position": pos(DEMO, "node defaults", 0, 6) }),
    );
    assert!(refused["error"]["message"].as_str().unwrap().contains("reserved"), "{refused}");

    // The outline: cluster → nodes; parameter groups → parameters.
    let symbols =
        client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }))["result"].clone();
    let names: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["demo", "Main"]);
    let nodes: Vec<&str> =
        symbols[0]["children"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(nodes, ["defaults", "base", "hpc", "custom"]);
    assert_eq!(symbols[1]["children"][0]["children"][2]["name"], "MaxCores");
    assert_eq!(symbols[1]["children"][0]["children"][2]["detail"], "parameter");
    let folds =
        client.request("textDocument/foldingRange", json!({ "textDocument": { "uri": uri } }))["result"].clone();
    let cluster_fold = &folds.as_array().unwrap()[0];
    assert_eq!((cluster_fold["startLine"].as_u64(), cluster_fold["endLine"].as_u64()), (Some(0), Some(19)), "{folds}");
}

#[test]
#[cfg(unix)]
fn code_actions_fix_suggest_add_and_suppress() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(&root);
    initialize(&mut client, &root);
    let uri = open_demo(&mut client, &root);
    let actions_at = |client: &mut Client, needle: &str| -> Vec<Value> {
        let position = pos(DEMO, needle, 0, 1);
        client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": { "start": position, "end": position },
                "context": { "diagnostics": [] } }),
        )["result"]
            .as_array()
            .unwrap()
            .clone()
    };
    let titled = |actions: &[Value], title: &str| -> Value {
        actions.iter().find(|a| a["title"] == title).unwrap_or_else(|| panic!("`{title}` in {actions:?}")).clone()
    };

    // "did you mean" as a quick fix, not preferred (a guess).
    let actions = actions_at(&mut client, "MachinType");
    let typo = titled(&actions, "did you mean `MachineType`?");
    assert_eq!(typo["kind"], "quickfix");
    assert_eq!(typo["isPreferred"], Value::Null);
    assert_eq!(apply(DEMO, &typo["edit"], &uri), DEMO.replace("MachinType", "MachineType"));
    // A suppression with a reason to fill in.
    let suppress = titled(&actions, "suppress `unknown-attribute` here");
    assert_eq!(
        apply(DEMO, &suppress["edit"], &uri),
        DEMO.replace("    MachinType", "    # cyclelint: ignore[unknown-attribute] -- reason\n    MachinType")
    );
    // The missing `ImageOS`, both values.
    let actions = actions_at(&mut client, "node custom");
    let linux = titled(&actions, "add `ImageOS = linux`");
    titled(&actions, "add `ImageOS = windows`");
    assert_eq!(
        apply(DEMO, &linux["edit"], &uri),
        DEMO.replace("[[node custom]]\n", "[[node custom]]\n    ImageOS = linux\n")
    );
    // Fix all applies the safe fixes only: the `;` comment, not the typo.
    let all = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": pos(DEMO, "[cluster", 0, 0), "end": pos(DEMO, "[cluster", 0, 0) },
            "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    )["result"]
        .clone();
    assert_eq!(all.as_array().unwrap().len(), 1, "{all}");
    assert_eq!(all[0]["kind"], "source.fixAll");
    assert_eq!(apply(DEMO, &all[0]["edit"], &uri), DEMO.replace("; a comment", "# a comment"));
}

#[test]
#[cfg(unix)]
fn queued_changes_are_linted_once_at_their_last_version() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(&root);
    initialize(&mut client, &root);
    let uri = open_demo(&mut client, &root);
    // Ten changes in one write, as a fast typist or a paste sends them.
    let mut batch = String::new();
    for version in 2..=11 {
        let text = DEMO.replace("MachinType", &format!("MachinType{version}"));
        let body = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] } })
        .to_string();
        batch.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    }
    let stdin = client.stdin.as_mut().unwrap();
    stdin.write_all(batch.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let published = client.diagnostics();
    assert_eq!(published["version"], 11, "only the last version is linted");
    let message = published["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("MachinType11"), "{message}");
    // Nothing else was published in between: the next message is the answer to this request.
    let id = client.next_id;
    client.next_id += 1;
    client.send(json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol", "params": { "textDocument": { "uri": uri } } }));
    let next = client.wait_for(|_| true);
    assert_eq!(next["id"], id, "{next}");
}

#[test]
fn malformed_messages_and_requests_after_shutdown_are_answered() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "not initialized: {early}");
    initialize(&mut client, dir.path());
    let stdin = client.stdin.as_mut().unwrap();
    // Not JSON; JSON that is not a message; a header without a length; then a good request.
    stdin.write_all(b"Content-Length: 7\r\n\r\n{broken").unwrap();
    stdin.write_all(b"Content-Length: 14\r\n\r\n{\"id\":[1,2,3]}").unwrap();
    stdin.write_all(b"Content-Type: nothing\r\n\r\n").unwrap();
    stdin.flush().unwrap();
    let parse_error = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    let invalid = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    let invalid = client.request("textDocument/hover", json!({ "textDocument": 1 }));
    assert_eq!(invalid["error"]["code"], -32602, "{invalid}");
    // Still serving.
    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    let after = client.request("textDocument/hover", json!({}));
    assert_eq!(after["error"]["code"], -32600, "{after}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), Some(0));
}

#[test]
#[cfg(unix)]
fn a_changed_configuration_relints_open_documents() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(&root);
    initialize(&mut client, &root);
    let uri = open_demo(&mut client, &root);
    std::fs::write(root.join("cyclelint.toml"), "[rules]\nunknown-attribute = \"off\"\n").unwrap();
    let config = format!("file://{}/cyclelint.toml", root.display());
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": config, "type": 1 }] }));
    let published = client.diagnostics();
    assert_eq!(published["uri"], json!(uri));
    let codes: Vec<&str> =
        published["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"unknown-attribute") && codes.contains(&"missing-image-os"), "{codes:?}");
}

#[test]
#[cfg(unix)]
fn formatting_is_cyclelint_fmt_with_the_configured_options() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("cyclelint.toml"), "[format]\nindent-style = \"tab\"\n").unwrap();
    let mut client = Client::start(&root);
    initialize(&mut client, &root);
    let uri = format!("file://{}/messy.txt", root.display());
    let messy = "[cluster c]   \n      [[node scheduler]]\n MachineType=Standard_D4s_v5\n\n\n\n  [[[configuration]]]\nslurm.version  =  23.02\n";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "cyclecloud-template", "version": 1, "text": messy } }),
    );
    client.diagnostics();
    let options = json!({ "tabSize": 4, "insertSpaces": true });
    let edits = client
        .request("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": options }))["result"]
        .clone();
    assert_eq!(edits.as_array().map(Vec::len), Some(1), "{edits}");
    let formatted = apply(messy, &json!({ "changes": { uri.clone(): edits } }), &uri);
    // The same text as `cyclelint fmt` with the configuration's options (tabs), not the editor's.
    let tabs = cyclelint::format::FormatOptions {
        indent_style: cyclelint::format::IndentStyle::Tab,
        ..cyclelint::format::FormatOptions::default()
    };
    assert_eq!(formatted, cyclelint::format::format_text(messy, &tabs).unwrap());
    assert!(formatted.contains("\n\t[[node scheduler]]\n"), "{formatted}");
    assert!(!formatted.contains("  \n") && !formatted.contains("\n\n\n"), "{formatted}");

    // Formatted text needs no edit.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": formatted }] }),
    );
    let again = client
        .request("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": options }))["result"]
        .clone();
    assert_eq!(again, json!([]));
}
