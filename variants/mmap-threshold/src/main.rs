//! Where does the `mmap` variant start to win? Writes MP3 files of increasing size in two
//! shapes and times a full read (open, detect, parse every tag value and the stream info)
//! through [`FileSource`] (positioned reads) and [`MmapSource`] (a memory map), interleaved
//! in rounds in one process, files warm in the page cache.
//!
//! - `tag`: an ID3v2.4 tag whose APIC frame holds N bytes (the reader must read all of
//!   them), then a few MPEG frames.
//! - `audio`: a small tag, then N bytes of MPEG frames (the reader reads the head, a few
//!   frames and the tail).
//!
//! Run: `cargo run --release -p mmap-threshold [-- DIR]` (DIR defaults to the system temp
//! directory; the files are removed afterwards).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use mutagen_core::source::{FileSource, MmapSource};

/// A 28-bit synchsafe integer, as ID3v2.4 sizes are written.
fn synchsafe(n: usize) -> [u8; 4] {
    [
        ((n >> 21) & 0x7F) as u8,
        ((n >> 14) & 0x7F) as u8,
        ((n >> 7) & 0x7F) as u8,
        (n & 0x7F) as u8,
    ]
}

/// One ID3v2.4 frame.
fn frame(id: [u8; 4], body: &[u8]) -> Vec<u8> {
    let mut f = id.to_vec();
    f.extend_from_slice(&synchsafe(body.len()));
    f.extend_from_slice(&[0, 0]);
    f.extend_from_slice(body);
    f
}

/// `n` MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each) of silence.
fn mpeg_frames(bytes: usize) -> Vec<u8> {
    let count = bytes.div_ceil(417).max(4);
    let mut out = Vec::with_capacity(count * 417);
    for _ in 0..count {
        out.extend_from_slice(&[0xFF, 0xFB, 0x90, 0x00]);
        out.resize(out.len() + 413, 0);
    }
    out
}

/// An MP3 file: an ID3v2.4 tag with a title and a picture of `picture` bytes, then `audio`
/// bytes of MPEG frames.
fn mp3_file(picture: usize, audio: usize) -> Vec<u8> {
    let mut frames = frame(*b"TIT2", b"\x03a title");
    let mut apic = b"\x00image/jpeg\x00\x03\x00".to_vec();
    let mut x = 0x2545_F491_u32;
    apic.extend((0..picture).map(|_| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x as u8
    }));
    frames.extend(frame(*b"APIC", &apic));
    let mut out = b"ID3\x04\x00\x00".to_vec();
    out.extend_from_slice(&synchsafe(frames.len()));
    out.extend(frames);
    out.extend(mpeg_frames(audio));
    out
}

/// Median of a list of timings.
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Nanoseconds per read of `path` through the source `open` makes, over `iters` reads.
fn time_reads<S: mutagen_core::Source>(
    path: &Path,
    iters: u32,
    open: impl Fn(&Path) -> mutagen_core::Result<S>,
) -> f64 {
    let name = path.to_string_lossy();
    let start = Instant::now();
    for _ in 0..iters {
        let src = open(path).expect("open");
        let got = mutagen_core::file::read(&name, &src).expect("read");
        black_box(got);
    }
    start.elapsed().as_nanos() as f64 / f64::from(iters)
}

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(std::env::temp_dir, PathBuf::from);
    let sizes: [usize; 10] = [
        0,
        4 << 10,
        16 << 10,
        64 << 10,
        256 << 10,
        1 << 20,
        4 << 20,
        16 << 20,
        64 << 20,
        128 << 20,
    ];
    println!("| shape | N (bytes) | file (bytes) | read ns/file | mmap ns/file | mmap / read |");
    println!("|---|---:|---:|---:|---:|---:|");
    for shape in ["tag", "audio"] {
        for &n in &sizes {
            if shape == "tag" && n > 16 << 20 {
                // ID3 sizes stop at 256 MiB; a 64 MiB picture is not a case worth timing.
                continue;
            }
            let data = if shape == "tag" {
                mp3_file(n, 4 * 417)
            } else {
                mp3_file(100, n)
            };
            let path = dir.join(format!("mmap-threshold-{}-{shape}-{n}", std::process::id()));
            std::fs::write(&path, &data).expect("write");
            // Warm up both, and size the rounds to about 40 ms each.
            let probe = time_reads(&path, 3, |p: &Path| FileSource::open(p)).max(1.0);
            let iters = ((40e6 / probe) as u32).clamp(3, 20_000);
            let _ = time_reads(&path, iters.min(50), |p: &Path| MmapSource::open(p));
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for round in 0..9 {
                if round % 2 == 0 {
                    a.push(time_reads(&path, iters, |p: &Path| FileSource::open(p)));
                    b.push(time_reads(&path, iters, |p: &Path| MmapSource::open(p)));
                } else {
                    b.push(time_reads(&path, iters, |p: &Path| MmapSource::open(p)));
                    a.push(time_reads(&path, iters, |p: &Path| FileSource::open(p)));
                }
            }
            let (ra, rb) = (median(&mut a), median(&mut b));
            println!(
                "| {shape} | {n} | {} | {ra:.0} | {rb:.0} | {:.2} |",
                data.len(),
                rb / ra
            );
            let _ = std::fs::remove_file(&path);
        }
    }
}
