//! Parse + check throughput: the shared corpus (when present) and one 2,000-line template.
//! Figures are recorded in docs/PERFORMANCE.md; run with `cargo bench --bench parse`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use cyclelint::lint::Linter;
use rayon::prelude::*;

#[path = "big_template.rs"]
mod big_template;
use big_template::two_thousand_lines;

fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/templates");
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("readable")))
        .collect();
    files.sort();
    files
}

fn bench(c: &mut Criterion) {
    let linter = Linter::new();
    let files = corpus_files();
    if files.is_empty() {
        eprintln!("note: ../shared/corpus is absent; corpus benchmarks skipped");
    } else {
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        let mut group = c.benchmark_group("corpus");
        group.throughput(Throughput::Bytes(bytes as u64)).sample_size(20);
        group.bench_function("check, one thread", |b| {
            b.iter(|| files.iter().map(|(p, bytes)| linter.check_bytes(p, bytes).diagnostics.len()).sum::<usize>())
        });
        group.bench_function("check, rayon", |b| {
            b.iter(|| files.par_iter().map(|(p, bytes)| linter.check_bytes(p, bytes).diagnostics.len()).sum::<usize>())
        });
        group.finish();
    }
    let text = two_thousand_lines();
    let mut group = c.benchmark_group("template");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("check 2,000 lines", |b| {
        b.iter(|| linter.check_text("big.txt", text.clone()).diagnostics.len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
