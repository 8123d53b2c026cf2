//! Instruction-count benches of the parser core (gungraun, on callgrind), for CI to gate on.
//!
//! One bench per format and workload: parse a generated file from memory. Instruction counts
//! are deterministic for a binary and an input, so a later CI gate can compare them against
//! baselines in `ci/`. Needs valgrind and `gungraun-runner` of the same version as the
//! `gungraun` crate (`cargo install gungraun-runner --version 0.20.0`); without them the bench
//! says so and exits successfully without measuring.

// gungraun's macros generate public items without doc comments.
#![allow(missing_docs)]

use std::hint::black_box;

use gungraun::{library_benchmark, library_benchmark_group};
use mutagen_core::{file, SliceSource};

const SEED: u64 = 20_261_125;

fn input(format: &str, workload: &str) -> (String, Vec<u8>) {
    mutagen_corpus::single_file(SEED, format, workload)
}

fn parse((name, bytes): (String, Vec<u8>)) -> bool {
    let r = file::read(black_box(&name), &SliceSource::new(black_box(&bytes)));
    black_box(&r);
    r.is_ok()
}

#[library_benchmark]
#[bench::small(args = ("mp3", "single-small"), setup = input)]
#[bench::typical(args = ("mp3", "single-typical"), setup = input)]
#[bench::large(args = ("mp3", "single-large"), setup = input)]
#[bench::id3v22(args = ("mp3", "hard-id3v22"), setup = input)]
#[bench::id3v23(args = ("mp3", "hard-id3v23"), setup = input)]
#[bench::unsync_v23(args = ("mp3", "hard-unsync-v23"), setup = input)]
#[bench::unsync_v24(args = ("mp3", "hard-unsync-v24"), setup = input)]
#[bench::vbri(args = ("mp3", "hard-vbri"), setup = input)]
fn mp3(input: (String, Vec<u8>)) -> bool {
    parse(input)
}

#[library_benchmark]
#[bench::small(args = ("flac", "single-small"), setup = input)]
#[bench::typical(args = ("flac", "single-typical"), setup = input)]
#[bench::large(args = ("flac", "single-large"), setup = input)]
#[bench::id3_prefix(args = ("flac", "hard-id3-prefix"), setup = input)]
fn flac(input: (String, Vec<u8>)) -> bool {
    parse(input)
}

#[library_benchmark]
#[bench::small(args = ("ogg", "single-small"), setup = input)]
#[bench::typical(args = ("ogg", "single-typical"), setup = input)]
#[bench::large(args = ("ogg", "single-large"), setup = input)]
#[bench::opus(args = ("ogg", "hard-opus"), setup = input)]
#[bench::opus_multipage(args = ("ogg", "hard-opus-multipage"), setup = input)]
fn ogg(input: (String, Vec<u8>)) -> bool {
    parse(input)
}

#[library_benchmark]
#[bench::small(args = ("mp4", "single-small"), setup = input)]
#[bench::typical(args = ("mp4", "single-typical"), setup = input)]
#[bench::large(args = ("mp4", "single-large"), setup = input)]
#[bench::moov_after_mdat(args = ("mp4", "hard-moov-after-mdat"), setup = input)]
#[bench::wide(args = ("mp4", "hard-64bit"), setup = input)]
#[bench::alac(args = ("mp4", "hard-alac"), setup = input)]
fn mp4(input: (String, Vec<u8>)) -> bool {
    parse(input)
}

library_benchmark_group!(name = read, benchmarks = [mp3, flac, ogg, mp4]);

/// gungraun's generated entry point, kept in a module so `main` below can check first that
/// the runner is installed.
mod gungraun_main {
    use super::read;
    gungraun::main!(library_benchmark_groups = read);

    /// Run the benchmarks.
    pub fn run() {
        main();
    }
}

fn runner_available() -> Result<(), String> {
    if let Ok(p) = std::env::var("GUNGRAUN_RUNNER") {
        if std::path::Path::new(&p).is_file() {
            return Ok(());
        }
        return Err(format!("GUNGRAUN_RUNNER={p} does not exist"));
    }
    let found = std::process::Command::new("gungraun-runner")
        .arg("--version")
        .output()
        .map(|o| {
            (
                o.status.success(),
                String::from_utf8_lossy(&o.stdout).to_string(),
            )
        });
    match found {
        Ok((true, v)) if v.contains("0.20.") => {}
        Ok((true, v)) => {
            return Err(format!(
                "gungraun-runner is {}, the gungraun crate is 0.20: `cargo install gungraun-runner --version 0.20.0`",
                v.trim()
            ))
        }
        _ => return Err("gungraun-runner is not installed: `cargo install gungraun-runner --version 0.20.0`".into()),
    }
    match std::process::Command::new("valgrind")
        .arg("--version")
        .output()
    {
        Ok(o) if o.status.success() => Ok(()),
        _ => Err("valgrind is not installed".into()),
    }
}

fn main() {
    // The runner calls this binary back with its own arguments; only the first, plain call
    // needs the check.
    let called_by_runner = std::env::args().any(|a| a.starts_with("--gungraun"));
    if !called_by_runner {
        if let Err(why) = runner_available() {
            eprintln!("instructions bench skipped: {why}");
            return;
        }
    }
    gungraun_main::run();
}
