//! The real files the tests read: every file under `corpus/real` and under mutagen 1.48.1's test
//! data (`MUTAGEN_TESTDATA`, else where the Python tests cache it: `target/test-data`), where
//! present. scripts/test.sh fetches the test data before the Rust tests run.

use std::path::{Path, PathBuf};

/// Every file under `corpus/real` and mutagen's test data, sorted; none under Miri (too slow).
pub(crate) fn sample_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let testdata: PathBuf = std::env::var_os("MUTAGEN_TESTDATA").map_or_else(
        || root.join("target/test-data/mutagen-1.48.1/tests/data"),
        Into::into,
    );
    files_under(&[root.join("corpus/real"), testdata])
}

/// The first of [`sample_files`] named `name` (e.g. `"empty.aac"`), if the test data holds it.
pub(crate) fn sample_file(name: &str) -> Option<PathBuf> {
    sample_files()
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == name))
}

/// Every file under `corpus/real` (the real-encoder files, all readable), sorted; none under
/// Miri.
pub(crate) fn real_files() -> Vec<PathBuf> {
    files_under(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/real")])
}

fn files_under(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if cfg!(miri) {
        return files;
    }
    for dir in dirs.iter().cloned() {
        let mut stack = vec![dir];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for path in entries.flatten().map(|e| e.path()) {
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push(path);
                }
            }
        }
    }
    assert!(!files.is_empty(), "no files under {dirs:?}");
    files.sort();
    files
}
