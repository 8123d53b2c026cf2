//! The C functions called from Rust on the real-encoder files of `corpus/real`, checked
//! against the core's own result for the same file.

use std::path::{Path, PathBuf};
use std::ptr;

use super::*;

fn real_files() -> Vec<PathBuf> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/real");
    let mut out = Vec::new();
    let mut dirs = vec![base];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("mp3" | "flac" | "ogg" | "oga" | "opus" | "spx" | "m4a" | "mp4")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no files under corpus/real");
    out
}

fn text(s: MrsStr) -> String {
    // SAFETY: the library hands out (ptr, len) pairs of UTF-8 bytes borrowed from a live handle.
    let b = unsafe { std::slice::from_raw_parts(s.ptr, s.len) };
    std::str::from_utf8(b).unwrap().to_owned()
}

fn path_bytes(p: &Path) -> &[u8] {
    p.to_str().unwrap().as_bytes()
}

/// Everything a handle reports, as owned data.
#[derive(Debug, PartialEq)]
struct Seen {
    status: c_int,
    kind: String,
    info: MrsInfo,
    has_tags: bool,
    tags: Vec<(String, Vec<String>)>,
    error: (String, String),
}

fn seen(file: *const MrsFile) -> Seen {
    // SAFETY: `file` is a live handle made by `mrs_open` or `mrs_open_batch`.
    unsafe {
        let mut info = MrsInfo::default();
        assert_eq!(mrs_info(file, &raw mut info), 0);
        let tags = (0..mrs_tag_count(file))
            .map(|i| {
                let values = (0..mrs_tag_value_count(file, i))
                    .map(|j| text(mrs_tag_value(file, i, j)))
                    .collect();
                (text(mrs_tag_key(file, i)), values)
            })
            .collect();
        Seen {
            status: mrs_status(file),
            kind: text(mrs_kind(file)),
            info,
            has_tags: mrs_has_tags(file) == 1,
            tags,
            error: (text(mrs_error_class(file)), text(mrs_error_message(file))),
        }
    }
}

fn open(path: &[u8]) -> Seen {
    let mut file = ptr::null_mut();
    // SAFETY: valid path bytes and a valid output slot.
    let status = unsafe { mrs_open(path.as_ptr(), path.len(), &raw mut file) };
    assert!(!file.is_null());
    let out = seen(file);
    assert_eq!(status, out.status);
    // SAFETY: made by `mrs_open`, freed once.
    unsafe { mrs_free(file) };
    out
}

#[test]
fn real_files_match_the_core() {
    for path in real_files() {
        let got = open(path_bytes(&path));
        let detected = file::read_path(&path).unwrap();
        let Detected::Read(kind, audio) = detected else {
            panic!("{}: not read by the core", path.display());
        };
        assert_eq!(got.status, MRS_OK, "{}", path.display());
        assert_eq!(got.kind, kind.class_name());
        let mut expected = MrsFile::new(MRS_OK, kind.class_name());
        expected.fill(audio);
        assert_eq!(got.info, expected.info, "{}", path.display());
        assert!(got.info.present & MRS_HAS_LENGTH != 0);
        assert!(got.info.length > 0.0, "{}", path.display());
        assert_eq!(got.tags, expected.tags, "{}", path.display());
    }
}

#[test]
fn tagged_real_files_give_text_values() {
    let tagged: Vec<Seen> = real_files()
        .iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.contains("tags") && !name.contains("notags")
        })
        .map(|p| open(path_bytes(p)))
        .collect();
    assert!(!tagged.is_empty());
    for s in &tagged {
        assert!(s.has_tags, "{s:?}");
        assert!(
            s.tags.iter().any(|(_, v)| !v.is_empty()),
            "no text value in {s:?}"
        );
    }
}

// Vorbis key grouping is tested where it lives: mutagen_core::summary.

#[test]
fn info_sets_a_presence_bit_per_number() {
    let info = info_of(&mutagen_core::summary::Numbers {
        length: Some(1.5),
        bitrate: Some(i128::from(i64::MAX) + 1),
        sample_rate: None,
        channels: Some(2),
    });
    assert_eq!(info.present, MRS_HAS_LENGTH | MRS_HAS_CHANNELS);
    assert!((info.length - 1.5).abs() < f64::EPSILON);
    assert_eq!(info.channels, 2);
    assert_eq!(info.bitrate, 0);
}

#[test]
fn missing_file_is_a_mutagen_error() {
    let got = open(b"/nonexistent/dir/file.mp3");
    assert_eq!(got.status, MRS_ERROR);
    assert_eq!(got.error.0, "MutagenError");
    assert!(!got.error.1.is_empty());
    assert!(got.kind.is_empty() && got.tags.is_empty());
}

#[test]
fn unknown_file_is_unsupported() {
    let dir = std::env::temp_dir().join(format!("mrs-capi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("notes.txt");
    std::fs::write(&path, b"plain text, not audio").unwrap();
    let got = open(path_bytes(&path));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(got.status, MRS_UNSUPPORTED);
    assert_eq!(got.kind, "");
}

#[test]
fn batch_equals_one_by_one() {
    let mut files = real_files();
    files.push(PathBuf::from("/nonexistent/file.flac"));
    let raw: Vec<MrsPath> = files
        .iter()
        .map(|p| MrsPath {
            ptr: path_bytes(p).as_ptr(),
            len: path_bytes(p).len(),
        })
        .collect();
    for threads in [0, 1, 3] {
        let mut out = vec![ptr::null_mut(); raw.len()];
        // SAFETY: `raw` and `out` both hold `raw.len()` entries; the path bytes outlive the call.
        let status = unsafe { mrs_open_batch(raw.as_ptr(), raw.len(), threads, out.as_mut_ptr()) };
        assert_eq!(status, MRS_OK);
        for (path, handle) in files.iter().zip(&out) {
            assert_eq!(seen(*handle), open(path_bytes(path)), "{}", path.display());
            // SAFETY: made by `mrs_open_batch`, freed once.
            unsafe { mrs_free(*handle) };
        }
    }
}

#[test]
fn null_arguments_are_refused() {
    // SAFETY: null handles and outputs are accepted and refused.
    unsafe {
        assert_eq!(mrs_open(b"x".as_ptr(), 1, ptr::null_mut()), MRS_ERR_ARG);
        assert_eq!(mrs_open_batch(ptr::null(), 0, 0, ptr::null_mut()), MRS_OK);
        assert_eq!(
            mrs_open_batch(ptr::null(), 2, 0, ptr::null_mut()),
            MRS_ERR_ARG
        );
        assert_eq!(mrs_status(ptr::null()), MRS_ERR_ARG);
        assert_eq!(mrs_tag_count(ptr::null()), 0);
        assert_eq!(mrs_kind(ptr::null()).len, 0);
        mrs_free(ptr::null_mut());
    }
}
