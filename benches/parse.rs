//! Parse + check throughput: the shared corpus (when present) and one 2,000-line template.
//! Figures are recorded in docs/PERFORMANCE.md; run with `cargo bench --bench parse`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use cyclelint::lint::Linter;
use rayon::prelude::*;

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

/// A realistic template of about 2,000 lines: the Slurm example with its node blocks repeated.
pub fn two_thousand_lines() -> String {
    let example = include_str!("../fixtures/examples/slurm-cluster.txt");
    let (cluster, parameters) = example.split_once("[parameters").expect("example has parameters");
    let mut text = String::from(cluster);
    let mut n = 0;
    while text.lines().count() < 2_000 - parameters.lines().count() {
        n += 1;
        text.push_str(&format!(
            "\n    [[nodearray extra{n}]]\n    Extends = hpc\n    MachineType = $HPCMachineType\n    MaxCoreCount = ${{ifThenElse(MaxCores > 0, MaxCores, 100)}}\n    Azure.MaxScalesetSize = 100\n\n        [[[configuration]]]\n        slurm.partition = extra{n}\n        slurm.hpc = true\n\n        [[[cluster-init cyclecloud/slurm:execute:3.0.9]]]\n"
        ));
    }
    text.push_str("[parameters");
    text.push_str(parameters);
    text
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
