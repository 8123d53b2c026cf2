//! Replays every saved fuzz input (`fuzz/regressions/**`) and every real-encoder file through
//! every entry point of `mutagen_core::entry`: none may panic.

#![allow(clippy::unwrap_used)] // a test: an unreadable fixture should fail it loudly

use std::path::{Path, PathBuf};

fn files_under(dir: &Path) -> Vec<PathBuf> {
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

fn replay(dir: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let files = files_under(&root);
    for path in &files {
        let data = std::fs::read(path).unwrap();
        for (name, entry) in mutagen_core::entry::ALL {
            let result = std::panic::catch_unwind(|| entry(&data));
            assert!(
                result.is_ok(),
                "entry point {name} panicked on {}",
                path.display()
            );
        }
    }
    files.len()
}

#[test]
fn saved_fuzz_inputs_do_not_panic() {
    replay("fuzz/regressions");
}

#[test]
fn real_encoder_files_do_not_panic_any_entry_point() {
    assert!(
        replay("corpus/real") > 50,
        "corpus/real should hold the real-encoder files"
    );
}
