//! The matrix's data model, shared by the runner (`matrix.rs`) and the report (`report.rs`):
//! the rows, the variants of the manifest, and the typed metadata of a run. Both modules depend
//! on this one and neither on the other's types.
//!
//! `matrix.json` is `{"meta": Meta, "rows": [Row]}`; every field below is a field of that file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One figure of the matrix.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    /// Who was measured.
    pub subject: String,
    /// The variant (feature set) of our code.
    pub variant: String,
    /// mp3, flac, ogg, mp4 or mixed.
    pub format: String,
    /// single-..., hard-..., batch-N.
    pub workload: String,
    /// The metric name.
    pub metric: String,
    /// The value.
    pub value: f64,
}

/// One variant of the manifest (`variants/manifest.toml`), as read and as reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Variant {
    /// Its name.
    pub name: String,
    /// One line on what it changes.
    #[serde(default)]
    pub description: String,
    /// The axis this variant takes a value of, as `plain | value` (for the report).
    #[serde(default)]
    pub axis: Option<String>,
    /// The variant it differs from on that axis only (`baseline` when not given).
    #[serde(default)]
    pub against: Option<String>,
    /// For a subject variant: the batch subject it is compared with (`batch_open` when not
    /// given).
    #[serde(default)]
    pub against_subject: Option<String>,
    /// Features of the parser core.
    #[serde(default)]
    pub core_features: Vec<String>,
    /// Features of the binding.
    #[serde(default)]
    pub binding_features: Vec<String>,
    /// Whether the binding's default features are on (`--no-default-features` when false).
    #[serde(default = "yes")]
    pub binding_default_features: bool,
    /// The Cargo profile to build with (`release` when not given).
    #[serde(default)]
    pub profile: Option<String>,
    /// Extra `RUSTFLAGS` for the build.
    #[serde(default)]
    pub rustflags: Option<String>,
    /// Build with the profile `pgo/collect-profile.sh` collects (collected first if missing).
    #[serde(default)]
    pub pgo: bool,
    /// Batch subjects of the Python driver this variant is measured through, instead of a build
    /// of its own: it is measured in the process of the variant with its build.
    #[serde(default)]
    pub subjects: Vec<String>,
}

fn yes() -> bool {
    true
}

impl Variant {
    /// Whether `other` is built the same way (same features, profile and flags).
    pub fn same_build(&self, other: &Variant) -> bool {
        self.core_features == other.core_features
            && self.binding_features == other.binding_features
            && self.binding_default_features == other.binding_default_features
            && self.profile == other.profile
            && self.rustflags == other.rustflags
            && self.pgo == other.pgo
    }

    /// Whether this variant is the plain build (what the harness binary itself is).
    pub fn is_plain_build(&self) -> bool {
        self.core_features.is_empty()
            && self.binding_features.is_empty()
            && self.binding_default_features
            && self.profile.is_none()
            && self.rustflags.is_none()
            && !self.pgo
    }

    /// Whether the variant changes the whole build (profile, flags, PGO), so that lofty is
    /// compiled differently too and cannot anchor a comparison.
    pub fn is_whole_build(&self) -> bool {
        self.profile.is_some() || self.rustflags.is_some() || self.pgo
    }

    /// Whether the variant is measured as batch subjects of another variant's run.
    pub fn is_subject_variant(&self) -> bool {
        !self.subjects.is_empty()
    }
}

/// Where the files came from. Fields in alphabetical order: the report prints this as JSON.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CorpusMeta {
    /// Files in the generated corpus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<u64>,
    /// The generator's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator_version: Option<u64>,
    /// `generated` or `user folder`.
    pub kind: String,
    /// The largest batch generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_batch: Option<u64>,
    /// The folder.
    pub path: String,
    /// The generator's seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// A workload's shape.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkloadMeta {
    /// Format.
    pub format: String,
    /// Name.
    pub workload: String,
    /// How many files.
    pub files: usize,
    /// Their mean size in bytes.
    pub mean_size: f64,
}

/// The duplicate check of one batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DuplicateBatch {
    /// `format/workload`.
    pub workload: String,
    /// File slots.
    pub files: usize,
    /// Files whose bytes another file of the batch has too.
    pub duplicate_contents: usize,
    /// Files that share a (device, inode) with another.
    pub shared_inodes: usize,
}

/// The duplicate check over every batch.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Duplicates {
    /// Per batch.
    #[serde(default)]
    pub batches: Vec<DuplicateBatch>,
    /// Whether any batch held a file twice.
    #[serde(default)]
    pub duplicates_found: bool,
}

/// The result-reuse check of one subject on one batch sample.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReuseCheck {
    /// Reads checked.
    #[serde(default)]
    pub checked: u64,
    /// Reads that did not carry their own file's title.
    #[serde(default)]
    pub wrong_title: u64,
    /// Files not read.
    #[serde(default)]
    pub failed: u64,
    /// Whether a file rewritten in place gave its old tags (`None`: not run).
    #[serde(default)]
    pub stale_after_rewrite: Option<bool>,
    /// Python subjects: files whose full description equals mutagen's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as_mutagen: Option<u64>,
    /// Python subjects: files compared with mutagen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compared: Option<u64>,
}

/// The result-reuse checks on one batch.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReuseBatch {
    /// Files sampled.
    pub files_checked: usize,
    /// Per subject.
    pub subjects: BTreeMap<String, ReuseCheck>,
}

/// The honesty checks.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Checks {
    /// No duplicate files.
    #[serde(default)]
    pub duplicates: Duplicates,
    /// No result reuse, per `format/workload`.
    #[serde(default)]
    pub reuse: BTreeMap<String, ReuseBatch>,
}

/// How long each kind of workload was measured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BudgetMeta {
    /// Time budget per single-file workload and subject, in milliseconds.
    pub single_target_ms: u64,
    /// Reads at the least.
    pub single_min_reads: u64,
    /// Reads at the most.
    pub single_max_reads: u64,
    /// Rounds per batch.
    pub batch_rounds: u64,
}

/// Everything about a run besides its rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    /// The commit measured (`-dirty` with uncommitted changes).
    pub commit: String,
    /// When, in UTC.
    pub date: String,
    /// The CPU's model name.
    pub cpu: String,
    /// Cores available.
    pub cores: usize,
    /// `rustc -V`.
    pub rustc: String,
    /// The Python version of the Python subjects (none without them).
    #[serde(default)]
    pub python: Option<String>,
    /// mutagen's version.
    #[serde(default)]
    pub mutagen: Option<String>,
    /// lofty's version, from Cargo.lock.
    #[serde(default)]
    pub lofty: Option<String>,
    /// mutagen-rs 0.2.7's version as installed.
    #[serde(rename = "mutagen-rs-pypi", default)]
    pub mutagen_rs_pypi: Option<String>,
    /// The variants of the run, in manifest order; the first is the default build.
    pub variants: Vec<Variant>,
    /// Whether this was the quick subset.
    pub quick: bool,
    /// Warm, or warm and cold.
    pub page_cache: String,
    /// Where the files came from.
    pub corpus: CorpusMeta,
    /// Every workload's shape.
    pub workloads: Vec<WorkloadMeta>,
    /// The honesty checks.
    #[serde(default)]
    pub checks: Checks,
    /// How long each kind of workload was measured.
    #[serde(default)]
    pub budget: BudgetMeta,
    /// What the run noticed: subjects not measured, shared builds, floors.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The run's wall time in seconds.
    pub elapsed_s: u64,
    /// mutagen's own test suite against our package, as last run (`reports/compat.json`).
    #[serde(default)]
    pub compat: Option<CompatTotals>,
    /// For each variant with a build of its own: measured in this run, reused, or stale.
    #[serde(default)]
    pub origins: BTreeMap<String, VariantOrigin>,
}

impl Meta {
    /// The variants' names, in manifest order.
    pub fn variant_names(&self) -> Vec<String> {
        self.variants.iter().map(|v| v.name.clone()).collect()
    }
}

/// A whole run: what `matrix.json` holds, and what the report is written from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Matrix {
    /// Everything about the run besides its rows.
    pub meta: Meta,
    /// The figures.
    pub rows: Vec<Row>,
}

impl Matrix {
    /// Read a `matrix.json`.
    pub fn load(path: &std::path::Path) -> Result<Matrix, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The totals of mutagen's own test suite against our package (`reports/compat.json`, written
/// by `python/compat/run.py`), taken into a run's metadata for the plan's verdict.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CompatTotals {
    /// Test modules run.
    pub modules: u64,
    /// Tests collected.
    pub collected: u64,
    /// Tests passed.
    pub passed: u64,
    /// Tests failed that are not listed as expected failures.
    pub failed: u64,
    /// Listed expected failures that failed.
    pub expected_failures: u64,
    /// Tests skipped.
    #[serde(default)]
    pub skipped: u64,
    /// Modules that did not import.
    pub collection_errors: u64,
    /// Entries of the expected-failure file by reason.
    #[serde(default)]
    pub expected_failure_entries: BTreeMap<String, u64>,
}

/// A variant's figures, saved when its measurement completes and reused by later runs while
/// its key (its build, the sources, the corpus and the machine) is unchanged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedVariant {
    /// The variant's name.
    pub name: String,
    /// The key the figures were measured under.
    pub key: String,
    /// The commit measured.
    pub commit: String,
    /// When, in UTC.
    pub date: String,
    /// Whether it was measured with the quick budget.
    pub quick: bool,
    /// Its rows.
    pub rows: Vec<Row>,
    /// Its run's notes.
    pub notes: Vec<String>,
}

/// Where the figures of a variant with a build of its own came from in a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VariantOrigin {
    /// `measured` (in this run), `reused` (saved by an earlier run under the same key) or
    /// `stale` (not measured: the saved figures are for other sources, or there are none).
    pub how: String,
    /// The variant's key in this run.
    pub key: String,
    /// The commit and date of the figures, when there are any.
    #[serde(default)]
    pub measured_at: Option<String>,
}
