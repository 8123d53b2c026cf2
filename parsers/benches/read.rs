//! Criterion benches of the parser core, per format, on files from the corpus generator.
//!
//! Each bench parses one generated file from memory (`SliceSource`: parsing only) and from disk
//! (`read_path`: open, positioned reads, parse). Run with `cargo bench -p mutagen-core --bench
//! read`; `-- mp3` and the like select a format. Wall time is for developers; CI gates on the
//! instruction counts of the `instructions` bench.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use mutagen_core::{file, SliceSource};

const SEED: u64 = 20_261_125;

fn corpus_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-corpus");
    std::fs::create_dir_all(&dir).expect("create target/bench-corpus");
    dir
}

fn bench_format(c: &mut Criterion, format: &str) {
    let dir = corpus_dir();
    let mut group = c.benchmark_group(format);
    group.sample_size(30);
    for &workload in mutagen_corpus::single_workloads(format) {
        let (rel, bytes) = mutagen_corpus::single_file(SEED, format, workload);
        let name = rel.replace('/', "-");
        let path = dir.join(&name);
        if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::write(&path, &bytes).expect("write bench file");
        }
        group.bench_function(format!("{workload}/memory"), |b| {
            b.iter(|| {
                black_box(file::read(
                    black_box(&name),
                    &SliceSource::new(black_box(&bytes)),
                ))
            });
        });
        group.bench_function(format!("{workload}/path"), |b| {
            b.iter(|| black_box(mutagen_core::read_path(black_box(&path))));
        });
    }
    group.finish();
}

fn mp3(c: &mut Criterion) {
    bench_format(c, "mp3");
}

fn flac(c: &mut Criterion) {
    bench_format(c, "flac");
}

fn ogg(c: &mut Criterion) {
    bench_format(c, "ogg");
}

fn mp4(c: &mut Criterion) {
    bench_format(c, "mp4");
}

criterion_group!(benches, mp3, flac, ogg, mp4);
criterion_main!(benches);
