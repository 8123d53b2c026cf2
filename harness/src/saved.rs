//! Saved variant results (`reports/variants/NAME.json`) and the key that says when they still
//! hold: a hash of the variant's build, the sources that go into it and into the harness, the
//! corpus and the machine. A result is reused only under the same key, so a change to any
//! source, feature, flag, the corpus or the toolchain makes it stale.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::matrix::Options;
use crate::model::{SavedVariant, Variant};
use crate::setup;

/// What a variant's figures depend on, besides its own definition: every tracked file under
/// these paths (uncommitted edits included).
const SOURCES: [&str; 16] = [
    "Cargo.toml",
    "Cargo.lock",
    "pyproject.toml",
    "parsers/Cargo.toml",
    "parsers/src",
    "python/Cargo.toml",
    "python/src",
    "python/mutagen_rs",
    "harness/Cargo.toml",
    "harness/src",
    "harness/py",
    "corpus/Cargo.toml",
    "corpus/src",
    "capi",
    "cext",
    "pgo",
];

/// Where a variant's saved result lives.
pub fn path(root: &Path, name: &str) -> PathBuf {
    root.join("reports/variants").join(format!("{name}.json"))
}

/// The saved result of a variant, if there is one that reads.
pub fn load(root: &Path, name: &str) -> Option<SavedVariant> {
    let text = std::fs::read_to_string(path(root, name)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Save a variant's result (replacing any older one).
pub fn store(root: &Path, s: &SavedVariant) -> Result<(), String> {
    let p = path(root, &s.name);
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let text = serde_json::to_string(s).map_err(|e| e.to_string())?;
    // Written whole then renamed: an interrupted run leaves the old result or the new one.
    let tmp = p.with_extension("json.tmp");
    std::fs::write(&tmp, text + "\n").map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &p).map_err(|e| format!("{}: {e}", p.display()))
}

/// The key of a variant's figures in this checkout, as 16 hex digits.
pub fn variant_key(v: &Variant, opts: &Options, root: &Path) -> String {
    let mut h = Fnv::default();
    // The build, not its description or axis: renaming a line of the manifest keeps figures.
    let build = (
        &v.core_features,
        &v.binding_features,
        v.binding_default_features,
        &v.profile,
        &v.rustflags,
        v.pgo,
    );
    h.write(format!("{build:?}").as_bytes());
    h.write(
        format!(
            "python={} valgrind={} cold={}",
            opts.python, opts.valgrind, opts.cold
        )
        .as_bytes(),
    );
    let corpus = opts.corpus.as_ref().map_or_else(
        || {
            format!(
                "generated seed {} version {}",
                opts.seed,
                mutagen_corpus::GENERATOR_VERSION
            )
        },
        |c| format!("folder {}", c.display()),
    );
    h.write(corpus.as_bytes());
    // A run on some formats alone saves figures for those alone.
    if let Some(fs) = &opts.formats {
        h.write(format!("formats {fs:?}").as_bytes());
    }
    h.write(setup::cpu().as_bytes());
    h.write(setup::rustc().as_bytes());
    h.write(
        &std::thread::available_parallelism()
            .map_or(0, std::num::NonZero::get)
            .to_le_bytes(),
    );
    match tracked_files(root) {
        Some(files) => {
            for f in files {
                h.write(f.as_bytes());
                h.write(&std::fs::read(root.join(&f)).unwrap_or_default());
            }
        }
        // Without git the sources cannot be listed: a key no saved result can have.
        None => h.write(setup::utc_now().as_bytes()),
    }
    format!("{:016x}", h.0)
}

/// The tracked files under [`SOURCES`], sorted.
fn tracked_files(root: &Path) -> Option<Vec<String>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-files", "-z", "--"])
        .args(SOURCES)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let mut files: Vec<String> = out
        .stdout
        .split(|&b| b == 0)
        .filter(|f| !f.is_empty())
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    files.sort();
    Some(files)
}

/// FNV-1a, 64 bits, fed in pieces (each piece ends with its length, so pieces cannot run
/// into each other).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes.iter().chain(&(bytes.len() as u64).to_le_bytes()) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options {
            quick: false,
            out: PathBuf::from("reports"),
            corpus: None,
            seed: 1,
            python: true,
            valgrind: true,
            cold: false,
            only_variant: None,
            variants_file: None,
            sweep: false,
            formats: None,
        }
    }

    fn variant(features: &[&str]) -> Variant {
        serde_json::from_value(serde_json::json!({
            "name": "x", "core_features": features,
        }))
        .unwrap()
    }

    #[test]
    fn the_key_follows_the_build_and_the_corpus_not_the_name() {
        let root = setup::repo_root();
        let a = variant_key(&variant(&["simd"]), &opts(), &root);
        assert_eq!(a, variant_key(&variant(&["simd"]), &opts(), &root));
        let mut renamed = variant(&["simd"]);
        renamed.name = "y".into();
        renamed.description = "another line".into();
        assert_eq!(a, variant_key(&renamed, &opts(), &root));
        assert_ne!(a, variant_key(&variant(&["lazy"]), &opts(), &root));
        let mut other_seed = opts();
        other_seed.seed = 2;
        assert_ne!(a, variant_key(&variant(&["simd"]), &other_seed, &root));
    }

    #[test]
    fn saved_results_round_trip() {
        let root = std::env::temp_dir().join(format!("harness-saved-{}", std::process::id()));
        let s = SavedVariant {
            name: "simd".into(),
            key: "00ff".into(),
            commit: "abc".into(),
            date: "2026-12-04".into(),
            quick: true,
            rows: Vec::new(),
            notes: vec!["a note".into()],
        };
        store(&root, &s).unwrap();
        let back = load(&root, "simd").unwrap();
        assert_eq!((back.key.as_str(), back.notes.len()), ("00ff", 1));
        assert!(load(&root, "other").is_none());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
