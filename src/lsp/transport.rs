//! Framed JSON-RPC on stdin and stdout (`Content-Length: N`, a blank line, N bytes of JSON).
//!
//! The reader reads ahead into an unbounded queue, so the server sees every change that has
//! arrived and lints only the newest. A malformed message never ends the session: a body that
//! is not JSON is answered with a parse error (id `null`), a JSON value that is not a message
//! with an invalid-request error (its id when it has one), a broken header is logged and the
//! reader looks for the next one.

use std::io::{self, BufRead, Read, Write};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message};
use serde_json::{json, Value};

/// Largest message accepted (a 5 MB template is 5 MB of JSON string); a larger one is skipped.
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// Messages from stdin, a sender for messages to stdout, and the writer thread (joined at the end
/// so that every answer is flushed).
pub fn stdio() -> (Receiver<Message>, Sender<Value>, JoinHandle<()>) {
    let (incoming_tx, incoming) = crossbeam_channel::unbounded();
    let (outgoing, outgoing_rx) = crossbeam_channel::unbounded::<Value>();
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        let mut stdout = stdout.lock();
        for message in outgoing_rx {
            if write_message(&mut stdout, &message).is_err() {
                break;
            }
        }
    });
    let errors = outgoing.clone();
    // Not joined: it may wait on stdin after the session ended, and the process exits anyway.
    thread::spawn(move || read_messages(&mut io::stdin().lock(), &incoming_tx, &errors));
    (incoming, outgoing, writer)
}

pub fn write_message(out: &mut impl Write, message: &Value) -> io::Result<()> {
    let body = message.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// Reads messages until the end of input or `exit`, answering what cannot be read.
pub fn read_messages(input: &mut impl BufRead, incoming: &Sender<Message>, outgoing: &Sender<Value>) {
    loop {
        let body = match read_frame(input) {
            Frame::End => return,
            Frame::Broken(why) => {
                eprintln!("cyclelint lsp: skipping a malformed message: {why}");
                continue;
            }
            Frame::Body(body) => body,
        };
        let value: Value = match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(e) => {
                eprintln!("cyclelint lsp: a message is not JSON: {e}");
                let _ = outgoing.send(error(Value::Null, ErrorCode::ParseError, format!("not JSON: {e}")));
                continue;
            }
        };
        match serde_json::from_value::<Message>(value.clone()) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if incoming.send(message).is_err() || exit {
                    return;
                }
            }
            Err(e) => {
                eprintln!("cyclelint lsp: not a JSON-RPC message: {e}");
                // Answer only what looks like a request; a broken notification gets no answer.
                let id = value.get("id").filter(|id| id.is_number() || id.is_string()).cloned();
                if id.is_some() || value.get("method").is_none() {
                    let id = id.unwrap_or(Value::Null);
                    let _ = outgoing.send(error(id, ErrorCode::InvalidRequest, format!("not a JSON-RPC message: {e}")));
                }
            }
        }
    }
}

fn error(id: Value, code: ErrorCode, message: String) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code as i32, "message": message } })
}

enum Frame {
    Body(Vec<u8>),
    /// The input ended (or cannot be read any more).
    End,
    /// A header without a usable `Content-Length`, or a body too large: skipped.
    Broken(String),
}

fn read_frame(input: &mut impl BufRead) -> Frame {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        match input.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return Frame::End,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(value.trim().parse::<usize>().map_err(|_| format!("bad header `{line}`")));
            }
        }
    }
    let length = match length {
        None => return Frame::Broken("no `Content-Length` header".to_string()),
        Some(Err(e)) => return Frame::Broken(e),
        Some(Ok(n)) => n,
    };
    let mut body = Vec::with_capacity(length.min(MAX_MESSAGE));
    match input.by_ref().take(length as u64).read_to_end(&mut body) {
        Ok(n) if n == length && length <= MAX_MESSAGE => Frame::Body(body),
        Ok(n) if n == length => Frame::Broken(format!("a message of {length} bytes is too large")),
        _ => Frame::End,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survives_malformed_frames() {
        let input = concat!(
            "Content-Length: x\r\n\r\n",
            "Content-Length: 5\r\n\r\n{nop}",
            "Content-Length: 12\r\n\r\n{\"id\": true}",
            "Content-Length: 35\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}\n\n",
        );
        let (incoming_tx, incoming) = crossbeam_channel::unbounded();
        let (outgoing_tx, outgoing) = crossbeam_channel::unbounded();
        read_messages(&mut input.as_bytes(), &incoming_tx, &outgoing_tx);
        let answers: Vec<Value> = outgoing.try_iter().collect();
        assert_eq!(answers.len(), 2, "{answers:?}");
        assert_eq!(answers[0]["error"]["code"], -32700);
        assert_eq!(answers[1]["error"]["code"], -32600);
        assert!(matches!(incoming.try_recv(), Ok(Message::Notification(n)) if n.method == "exit"));
    }
}
