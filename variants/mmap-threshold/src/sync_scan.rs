//! Throughput of each MPEG sync finder on three kinds of 1 MiB buffers, counting every sync
//! candidate (each search resumes one byte after the last hit), so every implementation
//! must give the same count: the count is checked against the naive reference.
//!
//! - `zeros`: no candidate at all (padding, silence): one long search.
//! - `random`: uniform random bytes: a `0xFF` every 256 bytes, a candidate every 2 KiB.
//! - `frames`: MPEG frames of 417 bytes with random payloads: a candidate at each frame
//!   start and wherever the payload happens to hold one.
//!
//! Run: `cargo run --release -p mmap-threshold --bin sync-scan`.

use std::hint::black_box;
use std::time::Instant;

use mutagen_core::util::scan::find_mpeg_sync_memchr;
use mutagen_core::util::sync;

/// A sync finder under test.
type FindFn = fn(&[u8], usize) -> Option<usize>;

/// How many candidates `f` finds in `data`.
fn count(f: FindFn, data: &[u8]) -> usize {
    let mut n = 0;
    let mut from = 0;
    while let Some(at) = f(data, from) {
        n += 1;
        from = at + 1;
    }
    n
}

/// The AVX2 finder when the CPU has it, else the dispatching one.
#[cfg(target_arch = "x86_64")]
fn avx2(data: &[u8], from: usize) -> Option<usize> {
    match sync::x86_64_avx2::Finder::new() {
        Some(f) => f.find(data, from),
        None => sync::find(data, from),
    }
}

fn main() {
    let len = 1 << 20;
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as u8
    };
    let zeros = vec![0u8; len];
    let random: Vec<u8> = (0..len).map(|_| rnd()).collect();
    let mut frames = Vec::with_capacity(len);
    while frames.len() < len {
        frames.extend_from_slice(&[0xFF, 0xFB, 0x90, 0x00]);
        for _ in 0..413 {
            frames.push(rnd());
        }
    }
    frames.truncate(len);

    let mut finders: Vec<(&str, FindFn)> = vec![
        ("naive", sync::naive::find),
        ("memchr", find_mpeg_sync_memchr),
        ("generic (SWAR)", sync::generic::find),
        ("simd (dispatch)", sync::find),
    ];
    #[cfg(target_arch = "x86_64")]
    finders.push(("avx2", avx2));

    println!("| buffer | finder | candidates | MiB/s (median of 9) |");
    println!("|---|---|---:|---:|");
    for (label, data) in [("zeros", &zeros), ("random", &random), ("frames", &frames)] {
        let want = count(sync::naive::find, data);
        for &(name, f) in &finders {
            assert_eq!(count(f, data), want, "{name} on {label}");
            // Size the rounds to about 20 ms.
            let t = Instant::now();
            black_box(count(f, black_box(data)));
            let once = t.elapsed().as_secs_f64().max(1e-7);
            let iters = ((0.02 / once) as usize).clamp(1, 10_000);
            let mut rates: Vec<f64> = (0..9)
                .map(|_| {
                    let t = Instant::now();
                    for _ in 0..iters {
                        black_box(count(f, black_box(data)));
                    }
                    (iters * data.len()) as f64 / t.elapsed().as_secs_f64() / (1 << 20) as f64
                })
                .collect();
            rates.sort_by(f64::total_cmp);
            println!("| {label} | {name} | {want} | {:.0} |", rates[4]);
        }
    }
}
