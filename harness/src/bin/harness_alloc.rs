//! Allocation counts per read for the Rust subjects, measured with dhat.
//!
//! `harness-alloc SUBJECT LIST` reads every path listed (one per line) in the file LIST once
//! (after one warm-up read of the first, so one-time initialisation is not counted) and prints
//! `{"reads": N, "blocks": B, "bytes": Y}`: the allocations made by the reads, in total.
//! It is a separate binary because dhat's global allocator slows every allocation down.

use std::path::PathBuf;
use std::process::ExitCode;

use harness::subjects::RustSubject;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(subject), Some(list)) = (
        args.get(1).and_then(|s| RustSubject::from_name(s)),
        args.get(2),
    ) else {
        eprintln!("usage: harness-alloc (mutagen-rs|lofty) LIST");
        return ExitCode::FAILURE;
    };
    let Ok(text) = std::fs::read_to_string(list) else {
        eprintln!("cannot read {list}");
        return ExitCode::FAILURE;
    };
    let paths: Vec<PathBuf> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect();
    let _profiler = dhat::Profiler::builder().testing().build();
    if let Some(first) = paths.first() {
        std::hint::black_box(subject.read(first));
    }
    let before = dhat::HeapStats::get();
    for p in &paths {
        std::hint::black_box(subject.read(p));
    }
    let after = dhat::HeapStats::get();
    println!(
        "{{\"reads\": {}, \"blocks\": {}, \"bytes\": {}}}",
        paths.len(),
        after.total_blocks - before.total_blocks,
        after.total_bytes - before.total_bytes
    );
    ExitCode::SUCCESS
}
