//! The deterministic corpus generator of mutagen-rs's benchmark workloads.
//!
//! [`generate`] writes, into a directory, every workload that `shared/BENCHMARKING.md` names, for
//! MP3, FLAC, Ogg (Vorbis and Opus) and MP4: single files (small, typical, large), the hard cases
//! (ID3v2.2/2.3/2.4, unsynchronisation, extended headers, Xing/LAME and VBRI headers, MPEG-2,
//! ID3v1, FLAC behind an ID3 tag, Ogg comments over many pages, Opus, MP4 with moov after mdat,
//! 64-bit atoms, ALAC), and batches of distinct files, per format and mixed. The further formats
//! of [`MORE_FORMATS`] (WAVE and AIFF with an ID3v2 chunk, WavPack, Monkey's Audio and Musepack
//! with an APEv2 tag, ASF/WMA, and DSF and True Audio with an ID3v2 tag; TAK and OptimFROG with
//! an APEv2 tag, DSDIFF with an ID3v2 chunk; and AC-3, AAC (ADTS) and MIDI, which carry no tag)
//! get the three single-file sizes and batches of their own, at most [`MORE_MAX_BATCH`] files,
//! and stay out of the mixed batches. Every byte is built here
//! from a seed: no encoder is needed, and the same seed gives the same bytes.
//!
//! A `manifest.json` lists every file (path, format, the mutagen class that must read it, size,
//! content hash) and every workload (its files).

pub mod apefamily;
pub mod apev2;
pub mod asf;
pub mod flac;
pub mod iff;
pub mod mp3;
pub mod mp4;
pub mod ogg;
pub mod rng;
pub mod streams;
pub mod tags;
pub mod tta;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::rng::Rng;
use crate::tags::Size;

/// Bumped whenever the bytes generated for a seed change.
pub const GENERATOR_VERSION: u32 = 6;

/// The formats of the corpus, as the benchmark matrix names them; the mixed batches take their
/// files from these four.
pub const FORMATS: [&str; 4] = ["mp3", "flac", "ogg", "mp4"];

/// The further formats: single-file workloads (small, typical, large) and batches of their own,
/// not part of the mixed batches.
pub const MORE_FORMATS: [&str; 14] = [
    "wav", "aiff", "wv", "ape", "mpc", "wma", "dsf", "tta", "tak", "ofr", "ac3", "aac", "mid",
    "dff",
];

/// The formats of [`MORE_FORMATS`] whose files carry no tag (mutagen reads their stream
/// information alone); their manifest entries have an empty title.
pub const UNTAGGED_FORMATS: [&str; 3] = ["ac3", "aac", "mid"];

/// Whether the files generated for `format` carry a tag with the title of their manifest entry.
#[must_use]
pub fn is_tagged(format: &str) -> bool {
    !UNTAGGED_FORMATS.contains(&format)
}

/// The largest batch generated for [`MORE_FORMATS`], whatever the `max_batch` asked for.
pub const MORE_MAX_BATCH: usize = 1000;

/// The batch sizes of the benchmark workloads.
pub const BATCH_SIZES: [usize; 3] = [100, 1000, 10_000];

/// One generated file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the corpus directory.
    pub path: String,
    /// One of [`FORMATS`] or [`MORE_FORMATS`].
    pub format: String,
    /// The mutagen class that reads it (`MP3`, `FLAC`, `OggVorbis`, `OggOpus`, `MP4`, `WAVE`,
    /// `AIFF`, `WavPack`, `MonkeysAudio`, `Musepack`, `ASF`, `DSF`, `TrueAudio`, `TAK`,
    /// `OptimFROG`, `AC3`, `AAC`, `SMF`, `DSDIFF`).
    pub class: String,
    /// Size in bytes.
    pub size: u64,
    /// FNV-1a 64 of the content, in hex.
    pub hash: String,
    /// The title written into the tags (each file of a batch has its own); empty for the
    /// formats of [`UNTAGGED_FORMATS`].
    pub title: String,
}

/// One workload: a named list of files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Workload {
    /// One of [`FORMATS`] or [`MORE_FORMATS`], or `mixed`.
    pub format: String,
    /// `single-small`, `single-typical`, `single-large`, `hard-...` or `batch-N`.
    pub workload: String,
    /// Indices into [`Manifest::files`].
    pub files: Vec<usize>,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `mutagen-corpus`.
    pub generator: String,
    /// [`GENERATOR_VERSION`] of the generator that wrote it.
    pub version: u32,
    /// The seed.
    pub seed: u64,
    /// The largest batch generated.
    pub max_batch: usize,
    /// Every file.
    pub files: Vec<FileEntry>,
    /// Every workload.
    pub workloads: Vec<Workload>,
}

impl Manifest {
    /// Read `manifest.json` from a corpus directory.
    pub fn load(dir: &Path) -> std::io::Result<Manifest> {
        let text = std::fs::read_to_string(dir.join("manifest.json"))?;
        serde_json::from_str(&text).map_err(std::io::Error::other)
    }

    /// Whether this manifest is what [`generate`] would write for these settings.
    #[must_use]
    pub fn matches(&self, seed: u64, max_batch: usize) -> bool {
        self.generator == "mutagen-corpus"
            && self.version == GENERATOR_VERSION
            && self.seed == seed
            && self.max_batch >= max_batch
    }
}

/// FNV-1a, 64 bits: enough to tell generated files apart.
#[must_use]
pub fn fnv1a(data: &[u8]) -> u64 {
    let mut h = 0xCBF2_9CE4_8422_2325u64;
    for &b in data {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// A generated file before it is written.
struct Made {
    rel: String,
    title: String,
    class: &'static str,
    bytes: Vec<u8>,
}

fn ext(format: &str, class: &str) -> &'static str {
    match (format, class) {
        ("mp3", _) => "mp3",
        ("flac", _) => "flac",
        ("ogg", "OggOpus") => "opus",
        ("ogg", _) => "ogg",
        ("wav", _) => "wav",
        ("aiff", _) => "aiff",
        ("wv", _) => "wv",
        ("ape", _) => "ape",
        ("mpc", _) => "mpc",
        ("wma", _) => "wma",
        ("dsf", _) => "dsf",
        ("tta", _) => "tta",
        ("tak", _) => "tak",
        ("ofr", _) => "ofr",
        ("ac3", _) => "ac3",
        ("aac", _) => "aac",
        ("mid", _) => "mid",
        ("dff", _) => "dff",
        _ => "m4a",
    }
}

/// A stream number for the file `name`, so each file's randomness is independent of the
/// others and of the order of generation.
fn stream(name: &str) -> u64 {
    fnv1a(name.as_bytes())
}

fn single(seed: u64, format: &str, workload: &str) -> Made {
    let mut rng = Rng::new(seed, stream(&format!("{format}/{workload}")));
    let size = match workload {
        "single-small" => Size::Small,
        "single-large" | "hard-opus-multipage" => Size::Large,
        _ => Size::Typical,
    };
    let unicode = workload != "single-small";
    let tags = tags::make(&mut rng, size, 0, unicode);
    if MORE_FORMATS.contains(&format) {
        let audio = match workload {
            "single-small" => 8 * 1024,
            "single-large" => 256 * 1024,
            _ => 64 * 1024,
        };
        let (class, bytes) = more_file(&mut rng, &tags, format, audio);
        return Made {
            title: more_title(format, &tags),
            rel: format!("{format}/{workload}.{}", ext(format, class)),
            class,
            bytes,
        };
    }
    let (class, bytes) = match format {
        "mp3" => {
            let mut o = mp3::Mp3Options::default();
            match workload {
                "single-small" => {
                    o.padding = 256;
                    o.frames = 20;
                }
                "single-typical" => o.frames = 400,
                "single-large" => {
                    o.frames = 3000;
                    o.vbr = true;
                }
                "hard-id3v22" => {
                    o.id3_version = 2;
                    o.encoding = 0;
                }
                "hard-id3v23" => {
                    o.id3_version = 3;
                    o.encoding = 1;
                }
                "hard-id3v24-utf16" => o.encoding = 1,
                "hard-unsync-v23" => {
                    o.id3_version = 3;
                    o.unsync = true;
                }
                "hard-unsync-v24" => o.unsync = true,
                "hard-exthdr-v23" => {
                    o.id3_version = 3;
                    o.extended_header = true;
                }
                "hard-exthdr-v24" => o.extended_header = true,
                "hard-vbri" => {
                    o.header = mp3::InfoHeader::Vbri;
                    o.vbr = true;
                    o.frames = 200;
                }
                "hard-cbr-noheader" => {
                    o.header = mp3::InfoHeader::None;
                    o.frames = 200;
                }
                "hard-mpeg2-mono" => {
                    o.mpeg = 2;
                    o.mode = 3;
                }
                "hard-mpeg25" => o.mpeg = 25,
                "hard-id3v1" => {
                    o.id3_version = 3;
                    o.id3v1 = true;
                }
                _ => {}
            }
            ("MP3", mp3::file(&mut rng, &tags, &o))
        }
        "flac" => {
            let mut o = flac::FlacOptions::default();
            match workload {
                "single-small" => o.padding = 0,
                "single-large" => o.audio_bytes = 256 * 1024,
                "hard-id3-prefix" => o.id3_prefix = true,
                "hard-many-blocks" => o.extra_blocks = true,
                "hard-hires" => {
                    o.sample_rate = 96000;
                    o.bits = 24;
                    o.channels = 6;
                    o.samples = 96000 * 200;
                }
                _ => {}
            }
            ("FLAC", flac::file(&mut rng, &tags, &o))
        }
        "ogg" => {
            let mut o = ogg::OggOptions::default();
            match workload {
                "single-large" => o.packets = 400,
                "hard-opus" | "hard-opus-multipage" => o.codec = ogg::Codec::Opus,
                "hard-setup-spans-pages" => o.setup_len = 200_000,
                "hard-mono-48k" => {
                    o.channels = 1;
                    o.sample_rate = 48000;
                }
                _ => {}
            }
            let class = if o.codec == ogg::Codec::Opus {
                "OggOpus"
            } else {
                "OggVorbis"
            };
            (class, ogg::file(&mut rng, &tags, &o))
        }
        _ => {
            let mut o = mp4::Mp4Options::default();
            match workload {
                "single-small" => o.samples = 50,
                "single-large" => o.samples = 2000,
                "hard-moov-after-mdat" => o.moov_last = true,
                "hard-64bit" => {
                    o.wide = true;
                    o.moov_last = true;
                }
                "hard-alac" => o.alac = true,
                "hard-48k-mono" => {
                    o.sample_rate = 48000;
                    o.channels = 1;
                }
                _ => {}
            }
            ("MP4", mp4::file(&mut rng, &tags, &o))
        }
    };
    Made {
        title: tags.title.clone(),
        rel: format!("{format}/{workload}.{}", ext(format, class)),
        class,
        bytes,
    }
}

/// The bytes of the single-file workload `workload` of `format` (see [`single_workloads`]),
/// exactly as [`generate`] writes them, and the file name it gives them.
#[must_use]
pub fn single_file(seed: u64, format: &str, workload: &str) -> (String, Vec<u8>) {
    let m = single(seed, format, workload);
    (m.rel, m.bytes)
}

/// The bytes of file number `index` of a format's batch pool, exactly as [`generate`] writes
/// them, and the file name it gives them.
#[must_use]
pub fn batch_file_bytes(seed: u64, format: &str, index: usize) -> (String, Vec<u8>) {
    let m = batch_file(seed, format, index);
    (m.rel, m.bytes)
}

/// The title a file of one of [`MORE_FORMATS`] carries: none for [`UNTAGGED_FORMATS`].
fn more_title(format: &str, tags: &tags::TagSet) -> String {
    if is_tagged(format) {
        tags.title.clone()
    } else {
        String::new()
    }
}

/// A file of one of [`MORE_FORMATS`] with about `audio` bytes of audio; (mutagen class, bytes).
/// The stream parameters vary with the generator's state, so batch files differ beyond
/// their tags.
fn more_file(
    rng: &mut Rng,
    tags: &tags::TagSet,
    format: &str,
    audio: usize,
) -> (&'static str, Vec<u8>) {
    let sample_rate = *rng.pick(&[44100u32, 44100, 48000]);
    let channels = *rng.pick(&[2u16, 2, 2, 1]);
    let seconds = rng.range(30, 600);
    match format {
        "wav" | "aiff" => {
            let o = iff::PcmOptions {
                sample_rate,
                channels,
                audio_bytes: audio,
                id3_version: *rng.pick(&[4u8, 4, 3]),
                padding: *rng.pick(&[0usize, 0, 1024]),
                ..iff::PcmOptions::default()
            };
            if format == "wav" {
                ("WAVE", iff::wav(rng, tags, &o))
            } else {
                ("AIFF", iff::aiff(rng, tags, &o))
            }
        }
        "wv" | "ape" | "mpc" | "tak" | "ofr" => {
            let o = apefamily::ApeFamilyOptions {
                sample_rate,
                channels,
                samples: u64::from(sample_rate) * seconds,
                audio_bytes: audio,
            };
            match format {
                "wv" => ("WavPack", apefamily::wavpack(rng, tags, &o)),
                "ape" => ("MonkeysAudio", apefamily::monkeys_audio(rng, tags, &o)),
                "tak" => ("TAK", apefamily::tak(rng, tags, &o)),
                "ofr" => ("OptimFROG", apefamily::optimfrog(rng, tags, &o)),
                _ => ("Musepack", apefamily::musepack(rng, tags, &o)),
            }
        }
        "dsf" => {
            let o = iff::DsfOptions {
                sample_rate: *rng.pick(&[2_822_400u32, 2_822_400, 5_644_800]),
                channels: u32::from(channels),
                samples: 2_822_400 * seconds,
                blocks: (audio / 4096 / usize::from(channels)).max(1),
            };
            ("DSF", iff::dsf(rng, tags, &o))
        }
        "tta" => {
            let o = tta::TtaOptions {
                sample_rate,
                channels,
                samples: (u64::from(sample_rate) * seconds) as u32,
                audio_bytes: audio,
            };
            ("TrueAudio", tta::file(rng, tags, &o))
        }
        "ac3" => {
            let o = streams::Ac3Options {
                bitrate: *rng.pick(&[192u32, 384, 448, 448, 640]),
                surround: rng.chance(1, 2),
                audio_bytes: audio,
            };
            ("AC3", streams::ac3(rng, &o))
        }
        "aac" => {
            let o = streams::AdtsOptions {
                sample_rate,
                channels: channels as u8,
                bitrate: *rng.pick(&[96u32, 128, 128, 192, 256]),
                audio_bytes: audio,
            };
            ("AAC", streams::adts(rng, &o))
        }
        "mid" => {
            let o = streams::MidiOptions {
                tracks: rng.range(1, 12) as usize,
                division: *rng.pick(&[96u16, 192, 384, 480, 960]),
                event_bytes: audio / 2,
            };
            ("SMF", streams::midi(rng, &o))
        }
        "dff" => {
            let o = iff::DffOptions {
                sample_rate: *rng.pick(&[2_822_400u32, 2_822_400, 5_644_800]),
                channels: *rng.pick(&[2u16, 2, 2, 6]),
                audio_bytes: audio,
                id3_version: *rng.pick(&[4u8, 4, 3]),
            };
            ("DSDIFF", iff::dff(rng, tags, &o))
        }
        _ => {
            let packet_size = 2048;
            let o = asf::AsfOptions {
                sample_rate,
                channels,
                seconds,
                packets: audio.div_ceil(packet_size).max(1),
                packet_size,
                ..asf::AsfOptions::default()
            };
            ("ASF", asf::file(rng, tags, &o))
        }
    }
}

/// The single-file workloads of a format: sizes first, then the hard cases (the formats of
/// [`MORE_FORMATS`] have the sizes alone).
#[must_use]
pub fn single_workloads(format: &str) -> &'static [&'static str] {
    if MORE_FORMATS.contains(&format) {
        return &["single-small", "single-typical", "single-large"];
    }
    match format {
        "mp3" => &[
            "single-small",
            "single-typical",
            "single-large",
            "hard-id3v22",
            "hard-id3v23",
            "hard-id3v24-utf16",
            "hard-unsync-v23",
            "hard-unsync-v24",
            "hard-exthdr-v23",
            "hard-exthdr-v24",
            "hard-vbri",
            "hard-cbr-noheader",
            "hard-mpeg2-mono",
            "hard-mpeg25",
            "hard-id3v1",
        ],
        "flac" => &[
            "single-small",
            "single-typical",
            "single-large",
            "hard-id3-prefix",
            "hard-many-blocks",
            "hard-hires",
        ],
        "ogg" => &[
            "single-small",
            "single-typical",
            "single-large",
            "hard-opus",
            "hard-opus-multipage",
            "hard-setup-spans-pages",
            "hard-mono-48k",
        ],
        _ => &[
            "single-small",
            "single-typical",
            "single-large",
            "hard-moov-after-mdat",
            "hard-64bit",
            "hard-alac",
            "hard-48k-mono",
        ],
    }
}

/// File number `i` of a format's batch pool: small, varied, with tag text distinct by index.
fn batch_file(seed: u64, format: &str, i: usize) -> Made {
    let mut rng = Rng::new(seed, stream(&format!("{format}/batch/{i}")));
    let unicode = rng.chance(1, 3);
    let tags = tags::make(&mut rng, Size::Batch, i as u64, unicode);
    if MORE_FORMATS.contains(&format) {
        let audio = rng.range(2048, 16 * 1024) as usize;
        let (class, bytes) = more_file(&mut rng, &tags, format, audio);
        return Made {
            title: more_title(format, &tags),
            rel: format!("{format}/batch/{format}-{i:05}.{}", ext(format, class)),
            class,
            bytes,
        };
    }
    let (class, bytes) = match format {
        "mp3" => {
            let mut o = mp3::Mp3Options {
                id3_version: *rng.pick(&[3u8, 4, 4, 3, 2]),
                encoding: *rng.pick(&[0u8, 1, 3]),
                padding: rng.range(0, 2048) as usize,
                frames: rng.range(10, 30) as usize,
                vbr: rng.chance(1, 2),
                ..mp3::Mp3Options::default()
            };
            if !o.vbr && rng.chance(1, 3) {
                o.header = mp3::InfoHeader::None;
            }
            ("MP3", mp3::file(&mut rng, &tags, &o))
        }
        "flac" => {
            let o = flac::FlacOptions {
                padding: rng.range(0, 8192) as usize,
                audio_bytes: rng.range(2048, 8192) as usize,
                samples: rng.range(44100, 44100 * 600),
                ..flac::FlacOptions::default()
            };
            ("FLAC", flac::file(&mut rng, &tags, &o))
        }
        "ogg" => {
            let opus = rng.chance(1, 5);
            let o = ogg::OggOptions {
                codec: if opus {
                    ogg::Codec::Opus
                } else {
                    ogg::Codec::Vorbis
                },
                packets: rng.range(10, 30) as usize,
                setup_len: rng.range(1000, 4000) as usize,
                serial: rng.next_u64() as u32,
                ..ogg::OggOptions::default()
            };
            (
                if opus { "OggOpus" } else { "OggVorbis" },
                ogg::file(&mut rng, &tags, &o),
            )
        }
        _ => {
            let o = mp4::Mp4Options {
                alac: rng.chance(1, 10),
                moov_last: rng.chance(1, 4),
                samples: rng.range(20, 60) as u32,
                ..mp4::Mp4Options::default()
            };
            ("MP4", mp4::file(&mut rng, &tags, &o))
        }
    };
    Made {
        title: tags.title.clone(),
        rel: format!("{format}/batch/{format}-{i:05}.{}", ext(format, class)),
        class,
        bytes,
    }
}

/// The batch sizes generated for `max_batch`: the standard sizes up to it, or just `max_batch`
/// when it is below the smallest.
#[must_use]
pub fn batch_sizes(max_batch: usize) -> Vec<usize> {
    let v: Vec<usize> = BATCH_SIZES
        .iter()
        .copied()
        .filter(|&n| n <= max_batch)
        .collect();
    if v.is_empty() && max_batch > 0 {
        vec![max_batch]
    } else {
        v
    }
}

/// Generate the corpus into `out`: every single and hard-case file, a pool of `max_batch`
/// distinct files per format (at most [`MORE_MAX_BATCH`] for [`MORE_FORMATS`]), the batch
/// workloads as prefixes of the pools (the mixed batches take files from the pools of
/// [`FORMATS`] in turn), and `manifest.json`. The files and workloads of [`FORMATS`] come
/// first, so they are the same whether or not the further formats exist. `progress` is called
/// after each file with (files done, files in all).
pub fn generate(
    out: &Path,
    seed: u64,
    max_batch: usize,
    mut progress: impl FnMut(usize, usize),
) -> std::io::Result<Manifest> {
    let mut files: Vec<FileEntry> = Vec::new();
    let mut workloads: Vec<Workload> = Vec::new();
    let more_batch = max_batch.min(MORE_MAX_BATCH);
    let singles: usize = FORMATS
        .iter()
        .chain(MORE_FORMATS.iter())
        .map(|f| single_workloads(f).len())
        .sum();
    let total = singles + FORMATS.len() * max_batch + MORE_FORMATS.len() * more_batch;
    let mut done = 0usize;
    let mut write =
        |made: Made, format: &str, files: &mut Vec<FileEntry>| -> std::io::Result<usize> {
            let path: PathBuf = out.join(&made.rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut f = std::fs::File::create(&path)?;
            f.write_all(&made.bytes)?;
            files.push(FileEntry {
                path: made.rel,
                format: format.to_string(),
                class: made.class.to_string(),
                size: made.bytes.len() as u64,
                hash: format!("{:016x}", fnv1a(&made.bytes)),
                title: made.title,
            });
            done += 1;
            progress(done, total);
            Ok(files.len() - 1)
        };
    // The four main formats' batch pools, which the mixed batches interleave.
    let mut pools: Vec<Vec<usize>> = Vec::new();
    let every = FORMATS
        .iter()
        .map(|f| (*f, max_batch))
        .chain(MORE_FORMATS.iter().map(|f| (*f, more_batch)));
    for (format, batch) in every {
        for &w in single_workloads(format) {
            let idx = write(single(seed, format, w), format, &mut files)?;
            workloads.push(Workload {
                format: format.to_string(),
                workload: w.to_string(),
                files: vec![idx],
            });
        }
        let mut pool = Vec::with_capacity(batch);
        for i in 0..batch {
            pool.push(write(batch_file(seed, format, i), format, &mut files)?);
        }
        for n in batch_sizes(batch) {
            workloads.push(Workload {
                format: format.to_string(),
                workload: format!("batch-{n}"),
                files: pool[..n].to_vec(),
            });
        }
        if FORMATS.contains(&format) {
            pools.push(pool);
        }
    }
    for n in batch_sizes(max_batch) {
        let files_mixed: Vec<usize> = (0..n)
            .map(|i| pools[i % pools.len()][i / pools.len()])
            .collect();
        workloads.push(Workload {
            format: "mixed".to_string(),
            workload: format!("batch-{n}"),
            files: files_mixed,
        });
    }
    let manifest = Manifest {
        generator: "mutagen-corpus".to_string(),
        version: GENERATOR_VERSION,
        seed,
        max_batch,
        files,
        workloads,
    };
    let text = serde_json::to_string_pretty(&manifest).map_err(std::io::Error::other)?;
    std::fs::write(out.join("manifest.json"), text)?;
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        for format in FORMATS.iter().chain(MORE_FORMATS.iter()).copied() {
            for &w in single_workloads(format) {
                if w == "single-large" {
                    continue;
                }
                let a = single(5, format, w).bytes;
                assert_eq!(a, single(5, format, w).bytes, "{format}/{w}");
                assert_ne!(a, single(6, format, w).bytes, "{format}/{w}");
            }
        }
    }

    #[test]
    fn batch_files_are_distinct() {
        for format in FORMATS.iter().chain(MORE_FORMATS.iter()).copied() {
            let mut hashes: Vec<u64> = (0..50)
                .map(|i| fnv1a(&batch_file(1, format, i).bytes))
                .collect();
            hashes.sort_unstable();
            hashes.dedup();
            assert_eq!(hashes.len(), 50, "{format}");
        }
    }

    #[test]
    fn further_formats_have_their_extension_and_title() {
        for format in MORE_FORMATS {
            for m in single_workloads(format)
                .iter()
                .map(|w| single(3, format, w))
                .chain((0..3).map(|i| batch_file(3, format, i)))
            {
                assert!(m.rel.ends_with(&format!(".{format}")), "{}", m.rel);
                assert_eq!(m.title.is_empty(), !is_tagged(format), "{}", m.rel);
            }
        }
        assert!(UNTAGGED_FORMATS.iter().all(|f| MORE_FORMATS.contains(f)));
    }

    #[test]
    fn batch_sizes_are_prefixes_up_to_the_maximum() {
        assert_eq!(batch_sizes(10_000), vec![100, 1000, 10_000]);
        assert_eq!(batch_sizes(1000), vec![100, 1000]);
        assert_eq!(batch_sizes(12), vec![12]);
        assert!(batch_sizes(0).is_empty());
    }
}
