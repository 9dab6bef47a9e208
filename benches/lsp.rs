//! The language server in process, on the shared 2,000-line template: a one-character edit until
//! its diagnostics are published, a hover and a completion. Figures are recorded in
//! docs/PERFORMANCE.md; run with `cargo bench --bench lsp`.

use criterion::{criterion_group, criterion_main, Criterion};
use cyclelint::lsp::Server;
use lsp_server::{Notification, Request, RequestId};
use serde_json::{json, Value};

#[path = "big_template.rs"]
mod big_template;
use big_template::two_thousand_lines;

const URI: &str = "untitled:big";

fn position(text: &str, needle: &str, shift: usize) -> Value {
    let at = text.find(needle).expect("needle in the template") + shift;
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": column })
}

fn bench(c: &mut Criterion) {
    let text = two_thousand_lines();
    let (sender, receiver) = crossbeam_channel::unbounded();
    let mut server = Server::new(sender, &Default::default());
    let open =
        json!({ "textDocument": { "uri": URI, "languageId": "cyclecloud-template", "version": 1, "text": text } });
    server.notification(Notification::new("textDocument/didOpen".into(), open));
    server.flush();
    receiver.try_iter().for_each(drop);

    let mut group = c.benchmark_group("lsp, 2,000 lines");
    let mut version = 1;
    // One character typed into a value, alternately added and removed: lint and publish.
    let edited = text.replacen("Azure.MaxScalesetSize = 100", "Azure.MaxScalesetSize = 1000", 1);
    group.bench_function("edit to diagnostics", |b| {
        b.iter(|| {
            version += 1;
            let new = if version % 2 == 0 { &edited } else { &text };
            let change =
                json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": new }] });
            server.notification(Notification::new("textDocument/didChange".into(), change));
            server.flush();
            receiver.try_iter().count()
        })
    });
    let hover =
        json!({ "textDocument": { "uri": URI }, "position": position(&text, "MachineType = $HPCMachineType", 16) });
    group.bench_function("hover on a parameter", |b| {
        b.iter(|| {
            server.request(Request::new(RequestId::from(1), "textDocument/hover".into(), hover.clone()));
            receiver.try_iter().count()
        })
    });
    let completion =
        json!({ "textDocument": { "uri": URI }, "position": position(&text, "MachineType = $HPCMachineType", 15) });
    group.bench_function("completion after `$`", |b| {
        b.iter(|| {
            server.request(Request::new(RequestId::from(2), "textDocument/completion".into(), completion.clone()));
            receiver.try_iter().count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
