//! Builders and file lists shared by the integration tests (each test binary uses a part).

#![allow(dead_code, clippy::unwrap_used, clippy::trivially_copy_pass_by_ref)]

use std::path::{Path, PathBuf};

/// Every file under `dir` (recursively, `.gitkeep` left out), sorted; none if it is missing.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else if path.file_name().is_some_and(|n| n != ".gitkeep") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// `n` as an ID3v2 synchsafe integer.
pub fn syncsafe(n: usize) -> [u8; 4] {
    let n = u32::try_from(n).unwrap();
    [
        (n >> 21) as u8 & 0x7F,
        (n >> 14) as u8 & 0x7F,
        (n >> 7) as u8 & 0x7F,
        n as u8 & 0x7F,
    ]
}

/// An ID3v2 tag of version 2.`major` with header `flags` around `frames`.
pub fn id3_tag(major: u8, flags: u8, frames: &[u8]) -> Vec<u8> {
    let mut out = vec![b'I', b'D', b'3', major, 0, flags];
    out.extend(syncsafe(frames.len()));
    out.extend(frames);
    out
}

/// An ID3v2.4 frame (synchsafe size).
pub fn id3_frame(id: &[u8; 4], flags: u16, body: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend(syncsafe(body.len()));
    out.extend(flags.to_be_bytes());
    out.extend(body);
    out
}

/// An MP4 atom with a 32-bit size.
pub fn atom(name: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut v = u32::try_from(payload.len() + 8)
        .unwrap()
        .to_be_bytes()
        .to_vec();
    v.extend(name);
    v.extend(payload);
    v
}
