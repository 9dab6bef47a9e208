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
    assert_eq!(capabilities["codeActionProvider"]["codeActionKinds"], json!(["quickfix"]));
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
    assert_eq!(actions.len(), 1, "{actions:?}");
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
            "context": { "diagnostics": [] },
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

    let unknown = client.request("textDocument/hover", json!({}));
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
