//! Replays every saved fuzz input (`fuzz/regressions/**`) and every real-encoder file through
//! every entry point of `mutagen_core::entry`: none may panic.

#![allow(clippy::unwrap_used)] // a test: an unreadable fixture should fail it loudly

mod common;

use std::path::Path;

use common::files_under;

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
