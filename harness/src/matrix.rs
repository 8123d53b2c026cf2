//! The benchmark matrix: every subject, every metric, every workload, every variant.
//!
//! Phases, each with a progress bar:
//! 1. the corpus (generated if missing) and the honesty checks on it (no duplicate files);
//! 2. the Rust subjects in this process (`mutagen-rs`, `lofty`, and the syscall `floor`),
//!    interleaved file by file with the order rotating;
//! 3. the Python subjects in the driver (`harness/py/driver.py`), one worker process per
//!    subject, taking turns with the order rotating, with their own floor (`floor-py`);
//! 4. peak RSS of one process per subject per batch workload;
//! 5. instructions per read (callgrind) and allocations per read (dhat) of the Rust subjects,
//!    and the bytes each Python read copies (dhat's copy mode);
//! 6. the result-reuse checks (every read carries its own file's title; a rewritten file is
//!    read anew).
//!
//! Then `report.rs` writes matrix.json, matrix.md and the SVG plots.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use harness::subjects::{self, FloorPlan, Outcome, RustSubject};
use indicatif::ProgressBar;
use mutagen_corpus::Manifest;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::model::{
    BudgetMeta, Checks, CompatTotals, CorpusMeta, DuplicateBatch, Duplicates, Matrix, Meta,
    ReuseBatch, ReuseCheck, Row, SavedVariant, Variant, VariantOrigin, WorkloadMeta,
};
use crate::progress::bar;
use crate::saved::{self, variant_key};
use crate::setup;

/// The default corpus seed.
pub const DEFAULT_SEED: u64 = 20_261_125;

/// What `--matrix` was asked to do.
pub struct Options {
    /// The quick subset.
    pub quick: bool,
    /// Report directory.
    pub out: PathBuf,
    /// A user's folder instead of the generated corpus.
    pub corpus: Option<PathBuf>,
    /// Corpus seed.
    pub seed: u64,
    /// Run the Python subjects.
    pub python: bool,
    /// Run callgrind and dhat.
    pub valgrind: bool,
    /// Also measure cold-cache workloads (needs permission to drop the page cache).
    pub cold: bool,
    /// Measure only this variant, in this process (set when the harness runs itself for a
    /// variant built with other features).
    pub only_variant: Option<String>,
    /// The variant manifest (default `variants/manifest.toml`).
    pub variants_file: Option<PathBuf>,
    /// Measure the variants with a build of their own that have no current saved result.
    pub sweep: bool,
    /// Measure only the workloads of these formats (`mp3`, ..., `wma`, `mixed`); all when
    /// `None`.
    pub formats: Option<Vec<String>>,
}

/// Whether a format is one of the further formats (the "More formats" section): measured on
/// two workloads, with the default build alone and the quick budget, and left out of the RSS,
/// cold-cache and valgrind phases.
#[must_use]
pub fn is_more_format(format: &str) -> bool {
    mutagen_corpus::MORE_FORMATS.contains(&format)
}

/// The workloads of the further formats a run measures: the typical single file and the batch
/// of 1,000 files; with `--quick`, the typical single file and the batch of 100. (They are
/// timed with the quick budget either way: see [`budget_of`].)
fn more_workload_kept(name: &str, quick: bool) -> bool {
    if quick {
        matches!(name, "single-typical" | "batch-100")
    } else {
        matches!(name, "single-typical" | "batch-1000")
    }
}

/// Apply `--formats` and the further formats' smaller workload set to the workloads.
fn filter_workloads(opts: &Options, wls: Vec<Wl>) -> Vec<Wl> {
    wls.into_iter()
        .filter(|w| {
            opts.formats
                .as_ref()
                .is_none_or(|fs| fs.iter().any(|f| f == &w.format))
        })
        .filter(|w| {
            !is_more_format(&w.format)
                || (opts.only_variant.is_none()
                    && (opts.corpus.is_some() || more_workload_kept(&w.name, opts.quick)))
        })
        .collect()
}

/// A workload as the matrix runs it.
#[derive(Debug, Clone)]
pub struct Wl {
    /// Format.
    pub format: String,
    /// Name.
    pub name: String,
    /// Files (absolute).
    pub files: Vec<PathBuf>,
    /// Titles written into each file (generated corpus only).
    pub titles: Vec<Option<String>>,
    /// Mean file size in bytes.
    pub mean_size: f64,
}

impl Wl {
    fn key(&self) -> String {
        format!("{}/{}", self.format, self.name)
    }
    fn is_batch(&self) -> bool {
        self.files.len() > 1
    }
}

#[derive(Debug, Deserialize)]
struct VariantManifest {
    variant: Vec<Variant>,
}

fn load_variants(root: &Path, file: Option<&Path>) -> Result<Vec<Variant>, String> {
    let path = file.map_or_else(|| root.join("variants/manifest.toml"), Path::to_path_buf);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let m: VariantManifest =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if m.variant.is_empty() {
        return Err(format!("{} lists no variant", path.display()));
    }
    Ok(m.variant)
}

/// Generate the corpus into `out` with a progress bar.
pub fn generate_corpus(out: &Path, seed: u64, max_batch: usize) -> std::io::Result<Manifest> {
    std::fs::create_dir_all(out)?;
    let pb = bar(0, "corpus");
    let m = mutagen_corpus::generate(out, seed, max_batch, |done, total| {
        if done == 1 {
            pb.set_length(total as u64);
        }
        if done % 64 == 0 || done == total {
            pb.set_position(done as u64);
        }
    })?;
    pb.finish();
    Ok(m)
}

fn corpus_workloads(opts: &Options, root: &Path) -> Result<(Vec<Wl>, CorpusMeta), String> {
    if let Some(dir) = &opts.corpus {
        let exts: &[(&str, &[&str])] = &[
            ("mp3", &["mp3"]),
            ("flac", &["flac"]),
            ("ogg", &["ogg", "oga", "opus"]),
            ("mp4", &["m4a", "m4b", "mp4"]),
            ("wav", &["wav"]),
            ("aiff", &["aif", "aiff"]),
            ("wv", &["wv"]),
            ("ape", &["ape"]),
            ("mpc", &["mpc"]),
            ("wma", &["wma", "asf"]),
            ("dsf", &["dsf"]),
            ("tta", &["tta"]),
            ("tak", &["tak"]),
            ("ofr", &["ofr", "ofs"]),
            ("ac3", &["ac3", "eac3"]),
            ("aac", &["aac", "adts"]),
            ("mid", &["mid", "midi"]),
            ("dff", &["dff"]),
        ];
        let mut per: BTreeMap<&str, Vec<PathBuf>> = BTreeMap::new();
        for e in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if !e.file_type().is_file() {
                continue;
            }
            let ext = e
                .path()
                .extension()
                .map(|x| x.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if let Some((f, _)) = exts.iter().find(|(_, xs)| xs.contains(&ext.as_str())) {
                per.entry(f).or_default().push(e.into_path());
            }
        }
        let mut wls = Vec::new();
        let mut all = Vec::new();
        for (f, mut files) in per {
            files.sort();
            if opts.quick {
                files.truncate(1000);
            }
            // The further formats stay out of the mixed workload, as in the generated corpus.
            if !is_more_format(f) {
                all.extend(files.iter().cloned());
            }
            wls.push(make_wl(f, "user-all", files, None));
        }
        all.sort();
        if wls.is_empty() {
            return Err(format!("no audio files under {}", dir.display()));
        }
        if !all.is_empty() {
            wls.push(make_wl("mixed", "user-all", all, None));
        }
        return Ok((
            filter_workloads(opts, wls),
            CorpusMeta {
                kind: "user folder".into(),
                path: dir.display().to_string(),
                ..CorpusMeta::default()
            },
        ));
    }
    let max_batch = if opts.quick { 1000 } else { 10_000 };
    let dir = root.join("target/corpus");
    let manifest = match Manifest::load(&dir) {
        Ok(m) if m.matches(opts.seed, max_batch) => m,
        _ => generate_corpus(&dir, opts.seed, max_batch).map_err(|e| e.to_string())?,
    };
    let mut wls = Vec::new();
    for w in &manifest.workloads {
        if let Some(n) = w.workload.strip_prefix("batch-") {
            let n: usize = n.parse().unwrap_or(0);
            if n > max_batch {
                continue;
            }
        }
        let files: Vec<PathBuf> = w
            .files
            .iter()
            .map(|&i| dir.join(&manifest.files[i].path))
            .collect();
        let titles: Vec<Option<String>> = w
            .files
            .iter()
            .map(|&i| Some(manifest.files[i].title.clone()).filter(|t| !t.is_empty()))
            .collect();
        wls.push(make_wl(&w.format, &w.workload, files, Some(titles)));
    }
    Ok((
        filter_workloads(opts, wls),
        CorpusMeta {
            files: Some(manifest.files.len() as u64),
            generator_version: Some(u64::from(manifest.version)),
            kind: "generated".into(),
            max_batch: Some(manifest.max_batch as u64),
            path: "target/corpus".into(),
            seed: Some(manifest.seed),
        },
    ))
}

fn make_wl(
    format: &str,
    name: &str,
    files: Vec<PathBuf>,
    titles: Option<Vec<Option<String>>>,
) -> Wl {
    let total: u64 = files
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let n = files.len().max(1);
    Wl {
        format: format.to_string(),
        name: name.to_string(),
        titles: titles.unwrap_or_else(|| vec![None; files.len()]),
        mean_size: total as f64 / n as f64,
        files,
    }
}

/// Check that no batch holds the same file twice: by content (FNV-1a 64 of all bytes) and by
/// (device, inode).
fn check_duplicates(wls: &[Wl]) -> Duplicates {
    use std::os::unix::fs::MetadataExt;
    let mut report = Vec::new();
    let mut worst = 0usize;
    for w in wls.iter().filter(|w| w.is_batch()) {
        let mut hashes = Vec::with_capacity(w.files.len());
        let mut inodes = Vec::with_capacity(w.files.len());
        for p in &w.files {
            if let Ok(bytes) = std::fs::read(p) {
                hashes.push(mutagen_corpus::fnv1a(&bytes));
            }
            if let Ok(m) = std::fs::metadata(p) {
                inodes.push((m.dev(), m.ino()));
            }
        }
        let n = hashes.len();
        hashes.sort_unstable();
        hashes.dedup();
        inodes.sort_unstable();
        inodes.dedup();
        let dup_content = n - hashes.len();
        let dup_inode = w.files.len() - inodes.len();
        worst = worst.max(dup_content).max(dup_inode);
        report.push(DuplicateBatch {
            workload: w.key(),
            files: w.files.len(),
            duplicate_contents: dup_content,
            shared_inodes: dup_inode,
        });
    }
    Duplicates {
        batches: report,
        duplicates_found: worst > 0,
    }
}

fn summarize(samples: &mut [u64]) -> Option<(f64, f64, f64)> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_unstable();
    let n = samples.len();
    let median = if n % 2 == 1 {
        samples[n / 2] as f64
    } else {
        f64::midpoint(samples[n / 2 - 1] as f64, samples[n / 2] as f64)
    };
    Some((median, samples[0] as f64, samples[n - 1] as f64))
}

struct Ctx<'a> {
    variant: &'a str,
    rows: Vec<Row>,
    /// What could not be measured, for the report's notes.
    notes: Vec<String>,
}

impl Ctx<'_> {
    fn push(&mut self, subject: &str, w: &Wl, metric: &str, value: f64) {
        self.rows.push(Row {
            subject: subject.to_string(),
            variant: self.variant.to_string(),
            format: w.format.clone(),
            workload: w.name.clone(),
            metric: metric.to_string(),
            value,
        });
    }

    fn push_times(&mut self, subject: &str, w: &Wl, samples: &mut [u64]) {
        if let Some((med, min, max)) = summarize(samples) {
            self.push(subject, w, "ns_per_file", med);
            self.push(subject, w, "ns_per_file_min", min);
            self.push(subject, w, "ns_per_file_max", max);
        }
    }
}

/// How long single-file workloads are repeated for, and batch rounds.
struct Budget {
    single_target: Duration,
    single_min: usize,
    single_max: usize,
    batch_rounds: usize,
}

fn budget(quick: bool) -> Budget {
    if quick {
        Budget {
            single_target: Duration::from_millis(500),
            single_min: 5,
            single_max: 1000,
            batch_rounds: 3,
        }
    } else {
        Budget {
            single_target: Duration::from_millis(1500),
            single_min: 10,
            single_max: 5000,
            batch_rounds: 5,
        }
    }
}

/// The budget a workload is timed with: the run's, or the quick one for the further formats,
/// which keeps them to a minute or two of the full matrix.
fn budget_of<'b>(w: &Wl, run: &'b Budget, quick: &'b Budget) -> &'b Budget {
    if is_more_format(&w.format) {
        quick
    } else {
        run
    }
}

const RUST_TIMED: [&str; 4] = ["floor", "mutagen-rs", "mutagen-rs-title", "lofty"];

fn rust_read(subject: &str, path: &Path, plan: &FloorPlan, buf: &mut Vec<u8>) -> Outcome {
    match subject {
        "floor" => subjects::read_floor(path, plan, buf),
        other => RustSubject::from_name(other).map_or(Outcome::Error, |s| s.read(path)),
    }
}

fn time_rust(ctx: &mut Ctx, wls: &[Wl], plans: &BTreeMap<PathBuf, FloorPlan>, b: &Budget) {
    let total: u64 = wls.iter().map(|w| w.files.len() as u64).sum();
    let pb = bar(total, "rust time");
    let mut buf = Vec::new();
    let empty = FloorPlan::default();
    let (run_budget, quick_budget) = (b, budget(true));
    for w in wls {
        let b = budget_of(w, run_budget, &quick_budget);
        pb.set_message(w.key());
        let n = RUST_TIMED.len();
        let mut failed = [0usize; RUST_TIMED.len()];
        let warm_start = Instant::now();
        for p in &w.files {
            let plan = plans.get(p).unwrap_or(&empty);
            for (k, s) in RUST_TIMED.iter().enumerate() {
                if rust_read(s, p, plan, &mut buf) != Outcome::Ok {
                    failed[k] += 1;
                }
            }
        }
        let warm = warm_start.elapsed();
        // Unlike work: a read that succeeds but misses the file's title (checked outside the
        // timing, with one more read).
        let mut wrong = [0usize; RUST_TIMED.len()];
        for (p, t) in w.files.iter().zip(&w.titles) {
            let Some(t) = t else { continue };
            for (k, s) in RUST_TIMED.iter().enumerate() {
                if let Some(subject) = RustSubject::from_name(s) {
                    if has_title_rust(subject, p, t) == Some(false) {
                        wrong[k] += 1;
                    }
                }
            }
        }
        let rounds = if w.is_batch() {
            b.batch_rounds
        } else {
            let per = warm.as_nanos().max(1);
            ((b.single_target.as_nanos() / per) as usize).clamp(b.single_min, b.single_max)
        };
        let mut samples: Vec<Vec<u64>> = vec![Vec::with_capacity(rounds * w.files.len()); n];
        for _ in 0..rounds {
            for (i, p) in w.files.iter().enumerate() {
                let plan = plans.get(p).unwrap_or(&empty);
                for j in 0..n {
                    let k = (i + j) % n;
                    let t0 = Instant::now();
                    let o = rust_read(RUST_TIMED[k], p, plan, &mut buf);
                    let dt = t0.elapsed();
                    std::hint::black_box(o);
                    samples[k].push(dt.as_nanos() as u64);
                }
            }
        }
        for (k, s) in RUST_TIMED.iter().enumerate() {
            ctx.push_times(s, w, &mut samples[k]);
            if *s != "floor" {
                ctx.push(s, w, "failed_files", failed[k] as f64);
                ctx.push(s, w, "wrong_files", wrong[k] as f64);
            }
        }
        let bytes: u64 = w
            .files
            .iter()
            .map(|p| plans.get(p).map_or(0, |pl| pl.bytes))
            .sum();
        ctx.push(
            "floor",
            w,
            "bytes_read_per_file",
            bytes as f64 / w.files.len().max(1) as f64,
        );
        pb.inc(w.files.len() as u64);
    }
    pb.finish();
}

/// Run the Python driver with a job; show its progress; return its JSON output.
fn run_driver(
    py: &Path,
    root: &Path,
    job: &Value,
    label: &str,
    tmp: &Path,
) -> Result<Value, String> {
    let job_path = tmp.join(format!("job-{label}.json"));
    let out_path = tmp.join(format!("out-{label}.json"));
    std::fs::write(&job_path, job.to_string()).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out_path);
    let mut child = Command::new(py)
        .arg(root.join("harness/py/driver.py"))
        .arg(&job_path)
        .arg(&out_path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", py.display()))?;
    let pb = bar(0, label);
    let mut tail = Vec::new();
    if let Some(err) = child.stderr.take() {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let mut parts = line.split_whitespace();
            if parts.next() == Some("P") {
                let done: u64 = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
                let total: u64 = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
                pb.set_length(total);
                pb.set_position(done);
            } else {
                tail.push(line);
                if tail.len() > 40 {
                    tail.remove(0);
                }
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    pb.finish_and_clear();
    if !status.success() {
        return Err(format!(
            "driver {label} failed ({status}):\n{}",
            tail.join("\n")
        ));
    }
    let text = std::fs::read_to_string(&out_path).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

fn titles_json(wls: &[Wl]) -> Value {
    let mut m = serde_json::Map::new();
    for w in wls {
        for (p, t) in w.files.iter().zip(&w.titles) {
            if let Some(t) = t {
                m.insert(p.display().to_string(), json!(t));
            }
        }
    }
    Value::Object(m)
}

fn ranges_json(wls: &[Wl], plans: &BTreeMap<PathBuf, FloorPlan>) -> Value {
    let mut m = serde_json::Map::new();
    for w in wls {
        for p in &w.files {
            if let Some(plan) = plans.get(p) {
                m.insert(
                    p.display().to_string(),
                    json!(plan
                        .ranges
                        .iter()
                        .map(|&(o, n)| [o, n as u64])
                        .collect::<Vec<_>>()),
                );
            }
        }
    }
    Value::Object(m)
}

fn job_workloads(wls: &[Wl], b: &Budget) -> Vec<Value> {
    let quick = budget(true);
    wls.iter()
        .map(|w| {
            let b = budget_of(w, b, &quick);
            json!({
                "key": w.key(),
                "files": w.files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                "rounds": if w.is_batch() { b.batch_rounds } else { 0 },
                "target_ns": if w.is_batch() { 0 } else { b.single_target.as_nanos() as u64 },
                "min_rounds": b.single_min,
                "max_rounds": b.single_max,
            })
        })
        .collect()
}

/// Rows from a timing run of the driver. `rename` maps driver subjects to row subjects.
fn driver_time_rows(ctx: &mut Ctx, wls: &[Wl], out: &Value, rename: &[(&str, &str)]) {
    for w in wls {
        let Some(res) = out["workloads"].get(w.key()) else {
            continue;
        };
        for (from, to) in rename {
            let Some(r) = res.get(*from) else { continue };
            let mut samples: Vec<u64> = r["samples"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_u64).collect())
                .unwrap_or_default();
            ctx.push_times(to, w, &mut samples);
            let mut first: Vec<u64> = r["first_ns"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_u64).collect())
                .unwrap_or_default();
            if let Some((med, _, _)) = summarize(&mut first) {
                ctx.push(to, w, "first_result_ns", med);
            }
            if !from.starts_with("floor") {
                let failed = r["none"].as_u64().unwrap_or(0) + r["error"].as_u64().unwrap_or(0);
                ctx.push(to, w, "failed_files", failed as f64);
                ctx.push(to, w, "wrong_files", r["wrong"].as_f64().unwrap_or(0.0));
            }
        }
    }
}

/// A list file for a worker: one path per line, followed (for the floor) by a tab and the
/// planned ranges as `offset:length` separated by commas, so the worker need not read the
/// file to plan (which would fill the page cache before a cold measurement).
fn write_list(tmp: &Path, name: &str, files: &[PathBuf]) -> Result<PathBuf, String> {
    write_list_planned(tmp, name, files, None)
}

fn write_list_planned(
    tmp: &Path,
    name: &str,
    files: &[PathBuf],
    plans: Option<&BTreeMap<PathBuf, FloorPlan>>,
) -> Result<PathBuf, String> {
    let p = tmp.join(name);
    let mut text = String::new();
    for f in files {
        text.push_str(&f.to_string_lossy());
        if let Some(plan) = plans.and_then(|m| m.get(f)) {
            text.push('\t');
            let parts: Vec<String> = plan
                .ranges
                .iter()
                .map(|(o, n)| format!("{o}:{n}"))
                .collect();
            text.push_str(&parts.join(","));
        }
        text.push('\n');
    }
    std::fs::write(&p, text).map_err(|e| e.to_string())?;
    Ok(p)
}

fn self_exe() -> Result<PathBuf, String> {
    std::env::current_exe().map_err(|e| e.to_string())
}

/// Empty the page cache (`sync`, then `echo 3 > /proc/sys/vm/drop_caches`).
fn drop_caches() -> Result<(), String> {
    let _ = Command::new("sync").status();
    std::fs::write("/proc/sys/vm/drop_caches", "3\n")
        .map_err(|e| format!("cannot drop the page cache ({e}): cold workloads need root on Linux"))
}

/// The batch subjects measured again with a cold page cache (one run each per batch workload):
/// mutagen's loop, our batch API and scan (io_uring and pread), and mutagen-rs 0.2.7's batch API.
pub const COLD_BATCH_SUBJECTS: [&str; 5] = [
    "mutagen-loop",
    "batch_open",
    "mutagen-rs-py[scan]",
    "mutagen-rs-py[scan-pread]",
    "pypi-batch_open",
];

/// Who runs in a process of its own: a Rust subject (this binary's `worker`) or a Python
/// subject (the driver in a virtualenv).
#[derive(Clone)]
enum Proc {
    Rust(&'static str),
    Py(PathBuf, &'static str),
    /// A batch subject of the driver (`batch-rss` mode): one whole-batch run.
    PyBatch(PathBuf, String),
}

impl Proc {
    fn subject(&self) -> &str {
        match self {
            Proc::Rust(s) | Proc::Py(_, s) => s,
            Proc::PyBatch(_, s) => s,
        }
    }
}

/// One process per subject per workload, reading each file once. Warm (`cold == false`):
/// peak RSS and the RSS after start-up. Cold: the page cache is emptied before each process,
/// and the per-read times (a batch subject's: its run's time per file) become rows of the
/// workload `<name>-cold`.
fn process_pass(
    ctx: &mut Ctx,
    wls: &[&Wl],
    procs: &[Proc],
    cold: bool,
    plans: &BTreeMap<PathBuf, FloorPlan>,
    root: &Path,
    tmp: &Path,
) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    let exe = self_exe()?;
    let label = if cold { "cold" } else { "rss" };
    let pb = bar((wls.len() * procs.len()) as u64, label);
    for w in wls {
        let list = write_list_planned(tmp, "pass.list", &w.files, Some(plans))?;
        for p in procs {
            let s = p.subject();
            pb.set_message(format!("{s} {}", w.key()));
            if cold {
                drop_caches()?;
            }
            let out: Result<Value, String> = match p {
                Proc::Rust(s) => Command::new(&exe)
                    .args(["worker", "rss", s])
                    .arg(&list)
                    .output()
                    .map_err(|e| e.to_string())
                    .and_then(|o| {
                        serde_json::from_slice(&o.stdout).map_err(|e| {
                            format!("worker {s}: {e}: {}", String::from_utf8_lossy(&o.stderr))
                        })
                    }),
                Proc::Py(py, s) => {
                    let job = json!({"mode": "rss", "subjects": [s], "ranges": ranges_json(&[(*w).clone()], plans),
                        "workloads": [{"key": w.key(),
                        "files": w.files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>()}]});
                    run_driver(py, root, &job, label, tmp)
                }
                Proc::PyBatch(py, s) => {
                    let job = json!({"mode": "batch-rss", "subjects": [s],
                        "workloads": [{"key": w.key(),
                        "files": w.files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>()}]});
                    run_driver(py, root, &job, label, tmp)
                }
            };
            match out {
                Ok(v) if cold => {
                    let mut samples: Vec<u64> = v["samples"]
                        .as_array()
                        .map(|a| a.iter().filter_map(Value::as_u64).collect())
                        .unwrap_or_default();
                    let cw = Wl {
                        name: format!("{}-cold", w.name),
                        ..(*w).clone()
                    };
                    ctx.push_times(s, &cw, &mut samples);
                }
                Ok(v) => {
                    ctx.push(
                        s,
                        w,
                        "peak_rss_bytes",
                        v["peak_rss_bytes"].as_f64().unwrap_or(0.0),
                    );
                    ctx.push(
                        s,
                        w,
                        "baseline_rss_bytes",
                        v["baseline_rss_bytes"].as_f64().unwrap_or(0.0),
                    );
                    if let Some(b) = v["py_blocks_per_file"].as_f64() {
                        ctx.push(s, w, "py_blocks_per_file", b);
                    }
                }
                Err(e) => notes.push(e),
            }
            pb.inc(1);
        }
    }
    pb.finish();
    Ok(notes)
}

/// Instructions per read under callgrind, counted only inside the measured loop.
fn instr_rust(
    ctx: &mut Ctx,
    wls: &[&Wl],
    plans: &BTreeMap<PathBuf, FloorPlan>,
    tmp: &Path,
) -> Result<(), String> {
    let exe = self_exe()?;
    let subjects = ["mutagen-rs", "lofty", "floor"];
    let pb = bar((wls.len() * subjects.len()) as u64, "callgrind");
    for w in wls {
        let list = write_list_planned(tmp, "instr.list", &w.files, Some(plans))?;
        for s in subjects {
            pb.set_message(format!("{s} {}", w.key()));
            let out_file = tmp.join("callgrind.out");
            let _ = std::fs::remove_file(&out_file);
            let status = Command::new("valgrind")
                .args([
                    "--tool=callgrind",
                    "--collect-atstart=no",
                    "--toggle-collect=*harness_measured_reads*",
                ])
                .arg(format!("--callgrind-out-file={}", out_file.display()))
                .arg(&exe)
                .args(["worker", "instr", s])
                .arg(&list)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .map_err(|e| e.to_string())?;
            if !status.success() {
                ctx.notes
                    .push(format!("callgrind run of {s} on {} failed", w.key()));
                pb.inc(1);
                continue;
            }
            let text = std::fs::read_to_string(&out_file).unwrap_or_default();
            let Some(total) = text
                .lines()
                .find_map(|l| {
                    l.strip_prefix("totals:")
                        .or_else(|| l.strip_prefix("summary:"))
                })
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<f64>().ok())
            else {
                ctx.notes
                    .push(format!("no totals in callgrind output for {s} {}", w.key()));
                pb.inc(1);
                continue;
            };
            ctx.push(
                s,
                w,
                "instructions_per_file",
                total / w.files.len().max(1) as f64,
            );
            pb.inc(1);
        }
    }
    pb.finish();
    Ok(())
}

/// Allocations per read with dhat (the `harness-alloc` binary beside this one).
/// Reads per measurement of [`copies_python`]: the bytes copied by `1 + COPY_READS` reads less
/// those copied by one read, divided by `COPY_READS`, are one read's.
const COPY_READS: u64 = 2;

/// The bytes one DHAT copy-mode run of the driver copied (its `Total:` line), reading `path`
/// `1 + reads` times with `subject`.
fn dhat_copied(
    py: &Path,
    root: &Path,
    subject: &str,
    path: &Path,
    reads: u64,
) -> Result<u64, String> {
    let out = Command::new("valgrind")
        .args(["--tool=dhat", "--mode=copy", "--dhat-out-file=/dev/null"])
        .arg(py)
        .arg(root.join("harness/py/driver.py"))
        .arg("--copies")
        .arg(subject)
        .arg(path)
        .arg(reads.to_string())
        .output()
        .map_err(|e| format!("valgrind: {e}"))?;
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "dhat copy mode, {subject} on {}: exit {}",
            path.display(),
            out.status
        ));
    }
    err.lines()
        .find_map(|l| {
            let rest = l.split("Total:").nth(1)?;
            rest.split_whitespace()
                .next()?
                .replace(',', "")
                .parse()
                .ok()
        })
        .ok_or_else(|| format!("dhat copy mode, {subject} on {}: no total", path.display()))
}

/// Bytes copied in user space per read by the Python subjects (`memcpy`, `memmove` and their
/// kin, counted by valgrind's DHAT in copy mode), on the single-file workloads: what a read
/// copies beyond the one copy from the page cache that `bytes_read_per_file` counts.
fn copies_python(ctx: &mut Ctx, wls: &[&Wl], py: &Path, root: &Path) {
    let subjects = ["mutagen-rs-py", "mutagen"];
    let jobs: Vec<(&Wl, &str)> = wls
        .iter()
        .filter(|w| w.files.len() == 1)
        .flat_map(|w| subjects.iter().map(move |s| (*w, *s)))
        .collect();
    let pb = bar(jobs.len() as u64, "dhat copies");
    // Two valgrind runs at a time, through the core's batch fan-out (results in job order).
    let results = mutagen_core::batch::map(&jobs, Some(2), |(w, s)| {
        let path = &w.files[0];
        let one = dhat_copied(py, root, s, path, 0);
        let more = dhat_copied(py, root, s, path, COPY_READS);
        pb.inc(1);
        match (one, more) {
            (Ok(a), Ok(b)) => Ok(b.saturating_sub(a) as f64 / COPY_READS as f64),
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    });
    pb.finish();
    for ((w, s), r) in jobs.iter().zip(results) {
        match r {
            Ok(Ok(v)) => ctx.push(s, w, "copied_bytes_per_file", v),
            Ok(Err(e)) => ctx.notes.push(e),
            Err(_) => ctx
                .notes
                .push(format!("dhat copy mode, {s} on {}: panicked", w.key())),
        }
    }
}

fn alloc_rust(ctx: &mut Ctx, wls: &[&Wl], tmp: &Path) -> Result<(), String> {
    let exe = self_exe()?;
    let alloc = exe.with_file_name("harness-alloc");
    {
        // `cargo run` builds only the binary it runs: build the dhat one beside it, every
        // time (cargo does nothing when it is current), so that a binary left by an older
        // checkout never measures the current sources.
        let release = exe.components().any(|c| c.as_os_str() == "release");
        let mut cmd = Command::new("cargo");
        cmd.args([
            "build",
            "--quiet",
            "-p",
            "harness",
            "--bin",
            "harness-alloc",
        ]);
        if release {
            cmd.arg("--release");
        }
        let built = cmd
            .current_dir(setup::repo_root())
            .status()
            .map_err(|e| e.to_string())?;
        if !built.success() || !alloc.exists() {
            return Err(format!(
                "{} is missing and could not be built: `cargo build --release -p harness --bins`",
                alloc.display()
            ));
        }
    }
    let pb = bar((wls.len() * 2) as u64, "dhat");
    for w in wls {
        let list = write_list(tmp, "alloc.list", &w.files)?;
        for s in ["mutagen-rs", "lofty"] {
            pb.set_message(format!("{s} {}", w.key()));
            let out = Command::new(&alloc)
                .arg(s)
                .arg(&list)
                .output()
                .map_err(|e| e.to_string())?;
            let v: Value = match serde_json::from_slice(&out.stdout) {
                Ok(v) => v,
                Err(e) => {
                    ctx.notes
                        .push(format!("harness-alloc {s} on {}: {e}", w.key()));
                    pb.inc(1);
                    continue;
                }
            };
            let reads = v["reads"].as_f64().unwrap_or(1.0).max(1.0);
            ctx.push(
                s,
                w,
                "allocs_per_file",
                v["blocks"].as_f64().unwrap_or(0.0) / reads,
            );
            ctx.push(
                s,
                w,
                "alloc_bytes_per_file",
                v["bytes"].as_f64().unwrap_or(0.0) / reads,
            );
            pb.inc(1);
        }
    }
    pb.finish();
    Ok(())
}

fn has_title_rust(subject: RustSubject, path: &Path, title: &str) -> Option<bool> {
    std::panic::catch_unwind(|| has_title_rust_inner(subject, path, title)).unwrap_or(None)
}

fn has_title_rust_inner(subject: RustSubject, path: &Path, title: &str) -> Option<bool> {
    match subject {
        // Through the tag text of the summary, not the result's Debug form: with the `lazy`
        // feature an ID3 tag holds undecoded frames until asked.
        RustSubject::MutagenRs => match mutagen_core::read_path(path) {
            Ok(mutagen_core::Detected::Read(_, f)) => Some(
                mutagen_core::summary::summarize(f)
                    .tags
                    .iter()
                    .flatten()
                    .any(|(_, values)| values.iter().any(|v| v == title)),
            ),
            _ => None,
        },
        RustSubject::MutagenRsTitle => match mutagen_core::read_path(path) {
            Ok(mutagen_core::Detected::Read(_, f)) => {
                let [t, _, _] = mutagen_core::summary::title_artist_album(&f);
                Some(t.as_deref() == Some(title))
            }
            _ => None,
        },
        RustSubject::Lofty => {
            use lofty::prelude::*;
            let t = lofty::read_from_path(path).ok()?;
            Some(t.tags().iter().any(|tag| {
                tag.items()
                    .any(|i| matches!(i.value(), lofty::tag::ItemValue::Text(s) if s == title))
            }))
        }
    }
}

/// The two files of the rewrite test: the first two with the most common extension of the
/// list (so the second file's bytes suit the first file's name).
fn rewrite_pair(files: &[PathBuf]) -> (usize, usize) {
    let ext = |p: &PathBuf| {
        p.extension()
            .map(|e| e.to_string_lossy().to_string())
            .unwrap_or_default()
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for f in files {
        *counts.entry(ext(f)).or_default() += 1;
    }
    let Some((common, _)) = counts.iter().max_by_key(|(_, n)| **n) else {
        return (0, 1);
    };
    let mut same = files
        .iter()
        .enumerate()
        .filter(|(_, f)| &ext(f) == common)
        .map(|(i, _)| i);
    match (same.next(), same.next()) {
        (Some(a), Some(b)) => (a, b),
        _ => (0, 1),
    }
}

/// Every read carries its own file's title; a file rewritten in place is read anew.
fn check_reuse_rust(wl: &Wl, tmp: &Path) -> BTreeMap<String, ReuseCheck> {
    let mut out = BTreeMap::new();
    for s in [RustSubject::MutagenRs, RustSubject::Lofty] {
        let (mut checked, mut wrong, mut failed) = (0, 0, 0);
        for (p, t) in wl.files.iter().zip(&wl.titles) {
            let Some(t) = t else { continue };
            match has_title_rust(s, p, t) {
                Some(true) => checked += 1,
                Some(false) => {
                    checked += 1;
                    wrong += 1;
                }
                None => failed += 1,
            }
        }
        let mut stale = None;
        let (ia, ib) = rewrite_pair(&wl.files);
        if let (Some(a), Some(b), Some(Some(ta)), Some(Some(tb))) = (
            wl.files.get(ia),
            wl.files.get(ib),
            wl.titles.get(ia),
            wl.titles.get(ib),
        ) {
            let ext = a
                .extension()
                .map(|e| e.to_string_lossy().to_string())
                .unwrap_or_default();
            let target = tmp.join(format!("rewrite-{}.{ext}", s.name()));
            if std::fs::copy(a, &target).is_ok()
                && has_title_rust(s, &target, ta) == Some(true)
                && std::fs::copy(b, &target).is_ok()
            {
                if let Some(ok) = has_title_rust(s, &target, tb) {
                    stale = Some(!ok);
                }
            }
        }
        out.insert(
            s.name().to_string(),
            ReuseCheck {
                checked,
                wrong_title: wrong,
                failed,
                stale_after_rewrite: stale,
                ..ReuseCheck::default()
            },
        );
    }
    out
}

/// The Python environments of a run and what they can measure.
#[derive(Default)]
struct PyEnvs {
    /// mutagen 1.48.1 with our package (or the in-process variant's build of it).
    main: Option<PathBuf>,
    /// Whether our package built into `main`.
    ours_built: bool,
    /// mutagen-rs 0.2.7 from the package index, with mutagen 1.48.1.
    pypi: Option<PathBuf>,
}

/// Versions the drivers reported.
#[derive(Default)]
struct Versions {
    python: Option<String>,
    mutagen: Option<String>,
    mutagen_rs_pypi: Option<String>,
}

/// The state of one `--matrix` run, shared by its phases.
struct Run<'a> {
    opts: &'a Options,
    root: PathBuf,
    tmp: PathBuf,
    wls: Vec<Wl>,
    budget: Budget,
    envs: PyEnvs,
    /// Batch subjects of the in-process build's Python package (variants measured through it).
    batch_subjects: Vec<String>,
    rows: Vec<Row>,
    notes: Vec<String>,
    reuse: BTreeMap<String, ReuseBatch>,
    versions: Versions,
    /// Where each build variant's figures came from.
    origins: BTreeMap<String, VariantOrigin>,
}

/// Run the whole matrix and write the report.
pub fn run(opts: &Options) -> Result<(), String> {
    let root = setup::repo_root();
    let started = Instant::now();
    let variants = load_variants(&root, opts.variants_file.as_deref())?;
    let in_process = in_process_variant(opts, &variants)?;
    let tmp = root.join("target/bench/tmp");
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let log = root.join("target/bench/setup.log");
    let _ = std::fs::remove_file(&log);
    let (wls, corpus) = corpus_workloads(opts, &root)?;
    eprintln!(
        "{} workloads, {} files in all",
        wls.len(),
        wls.iter().map(|w| w.files.len()).sum::<usize>()
    );
    let duplicates = check_duplicates(&wls);
    let mut run = Run {
        opts,
        tmp,
        wls,
        budget: budget(opts.quick),
        envs: PyEnvs::default(),
        batch_subjects: batch_subjects(&variants, in_process),
        rows: Vec::new(),
        notes: Vec::new(),
        reuse: BTreeMap::new(),
        versions: Versions::default(),
        origins: BTreeMap::new(),
        root,
    };
    if opts.python {
        run.setup_python(in_process, &log)?;
    }
    for v in &variants {
        run.variant(v, &variants, in_process)?;
    }
    run.restore_plain_build(&variants, in_process, &log);

    let b = &run.budget;
    let meta = Meta {
        commit: setup::commit(&run.root),
        date: setup::utc_now(),
        cpu: setup::cpu(),
        cores: std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        rustc: setup::rustc(),
        python: run.versions.python.take(),
        mutagen: run.versions.mutagen.take(),
        lofty: Some(setup::locked_version(&run.root, "lofty")),
        mutagen_rs_pypi: run.versions.mutagen_rs_pypi.take(),
        variants: variants.clone(),
        quick: opts.quick,
        page_cache: if opts.cold {
            "warm, and cold for the workloads named *-cold"
        } else {
            "warm"
        }
        .to_string(),
        corpus,
        workloads: run
            .wls
            .iter()
            .map(|w| WorkloadMeta {
                format: w.format.clone(),
                workload: w.name.clone(),
                files: w.files.len(),
                mean_size: w.mean_size,
            })
            .collect(),
        checks: Checks {
            duplicates,
            reuse: std::mem::take(&mut run.reuse),
        },
        budget: BudgetMeta {
            single_target_ms: b.single_target.as_millis() as u64,
            single_min_reads: b.single_min as u64,
            single_max_reads: b.single_max as u64,
            batch_rounds: b.batch_rounds as u64,
        },
        notes: std::mem::take(&mut run.notes),
        elapsed_s: started.elapsed().as_secs(),
        compat: compat_totals(&run.root),
        origins: std::mem::take(&mut run.origins),
    };
    let result = Matrix {
        meta,
        rows: std::mem::take(&mut run.rows),
    };
    crate::report::write(&opts.out, &result)?;
    crate::report::print_table(&result);
    eprintln!(
        "report written to {} in {} s",
        opts.out.display(),
        started.elapsed().as_secs()
    );
    Ok(())
}

/// The totals of the last run of mutagen's test suite against our package, when it ran.
fn compat_totals(root: &Path) -> Option<CompatTotals> {
    let text = std::fs::read_to_string(root.join("reports/compat.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// The variant measured in this process: the one asked for, or the first without features
/// (this binary is built with none).
fn in_process_variant<'v>(
    opts: &Options,
    variants: &'v [Variant],
) -> Result<Option<&'v Variant>, String> {
    Ok(match &opts.only_variant {
        Some(name) => Some(
            variants
                .iter()
                .find(|v| &v.name == name)
                .ok_or_else(|| format!("no variant {name} in the manifest"))?,
        ),
        None => variants.iter().find(|v| v.is_plain_build()),
    })
}

/// Variants measured as batch subjects of the in-process build's Python package.
fn batch_subjects(variants: &[Variant], in_process: Option<&Variant>) -> Vec<String> {
    let mut subjects: Vec<String> = variants
        .iter()
        .filter(|v| in_process.is_some_and(|x| x.same_build(v)))
        .flat_map(|v| v.subjects.iter().chain(v.against_subject.iter()).cloned())
        .filter(|s| !["batch_open", "iter_open", "mutagen-loop"].contains(&s.as_str()))
        .collect();
    subjects.sort();
    subjects.dedup();
    subjects
}

/// How the in-process variant's Python package is built, and into which virtualenv.
fn py_build_of(v: Option<&Variant>, root: &Path) -> Result<(String, setup::PyBuild), String> {
    Ok(match v {
        Some(v) if !v.is_plain_build() => (
            format!("venv-{}", v.name),
            setup::PyBuild {
                features: v
                    .binding_features
                    .iter()
                    .cloned()
                    .chain(v.core_features.iter().map(|f| format!("mutagen-core/{f}")))
                    .collect(),
                default_features: v.binding_default_features,
                profile: v.profile.clone(),
                rustflags: variant_rustflags(v, root)?,
            },
        ),
        _ => ("venv-main".to_string(), setup::PyBuild::default()),
    })
}

impl Run<'_> {
    /// Phase 3's set-up: the virtualenvs of our package and of mutagen-rs 0.2.7, and the C
    /// extension when a variant measures it.
    fn setup_python(&mut self, in_process: Option<&Variant>, log: &Path) -> Result<(), String> {
        let sp = ProgressBar::new_spinner();
        sp.enable_steady_tick(Duration::from_millis(200));
        let (venv_name, build) = py_build_of(in_process, &self.root)?;
        sp.set_message(format!(
            "setting up target/bench/{venv_name} (mutagen 1.48.1 + our package)"
        ));
        match setup::main_env(&self.root, log, &venv_name, &build) {
            Ok((py, built)) => {
                self.envs.main = Some(py);
                match built {
                    Ok(()) => self.envs.ours_built = true,
                    Err(e) => self.notes.push(format!(
                        "our Python package did not build, mutagen-rs-py not measured: {e}"
                    )),
                }
            }
            Err(e) => self.notes.push(format!(
                "main virtualenv not made, Python subjects not measured: {e}"
            )),
        }
        // A variant with a build of its own measures our subjects and the anchors only; the
        // package-index competitor and the honesty checks run once, in the main process.
        if self.opts.only_variant.is_none() {
            sp.set_message("setting up target/bench/venv-pypi (mutagen-rs 0.2.7)");
            match setup::pypi_env(&self.root, log) {
                Ok(py) => self.envs.pypi = Some(py),
                Err(e) => self
                    .notes
                    .push(format!("mutagen-rs 0.2.7 virtualenv not made: {e}")),
            }
        }
        if self.envs.ours_built && self.batch_subjects.iter().any(|s| s == "c-ext") {
            if let Some(py) = &self.envs.main {
                sp.set_message("building the C extension (cext/build.sh)");
                if let Err(e) = setup::cext_build(&self.root, py, log) {
                    self.notes.push(format!(
                        "the C extension did not build, c-ext not measured: {e}"
                    ));
                    self.batch_subjects.retain(|s| s != "c-ext");
                }
            }
        }
        sp.finish_and_clear();
        Ok(())
    }

    /// Measure one variant: here when it is this binary's build, by a build of its own
    /// otherwise, or by copying the figures of a twin measured already.
    fn variant(
        &mut self,
        v: &Variant,
        variants: &[Variant],
        in_process: Option<&Variant>,
    ) -> Result<(), String> {
        let opts = self.opts;
        if opts.only_variant.as_ref().is_some_and(|n| n != &v.name) {
            return Ok(());
        }
        // A variant with this binary's feature set (`baseline` while it equals `default`) is
        // measured here too; only another feature set needs a build of its own.
        let same_build = in_process.is_some_and(|x| x.same_build(v));
        if same_build && v.is_subject_variant() && opts.only_variant.is_none() {
            // Measured through its subjects in the run of its build.
            return Ok(());
        }
        // A build already measured under another name (`baseline` while it equals `default`)
        // is not measured twice: its figures are the other's, under its name.
        if let Some(twin) = variants
            .iter()
            .take_while(|x| x.name != v.name)
            .find(|x| x.same_build(v) && !x.is_subject_variant())
        {
            if opts.only_variant.is_none() {
                let copies: Vec<Row> = self
                    .rows
                    .iter()
                    .filter(|r| r.variant == twin.name)
                    .map(|r| Row {
                        variant: v.name.clone(),
                        ..r.clone()
                    })
                    .collect();
                self.rows.extend(copies);
                self.notes.push(format!(
                    "variant {} is the same build as {}: its figures are those of {}",
                    v.name, twin.name, twin.name
                ));
                return Ok(());
            }
        }
        if !same_build {
            self.variant_build(v);
            return Ok(());
        }
        eprintln!("variant {}: {}", v.name, v.description);
        self.measure_here(&v.name)
    }

    /// A variant with a build of its own: its saved figures when its key is unchanged, else a
    /// measurement by a build of the harness with its features (`--sweep`), saved at once;
    /// else it is reported stale.
    fn variant_build(&mut self, v: &Variant) {
        let key = variant_key(v, self.opts, &self.root);
        let saved = saved::load(&self.root, &v.name);
        let measured_at = |s: &SavedVariant| format!("{} on {}", s.commit, s.date);
        if let Some(s) = saved.as_ref().filter(|s| s.key == key) {
            eprintln!("variant {}: figures reused (key {key})", v.name);
            self.rows.extend(s.rows.iter().cloned());
            self.notes
                .extend(s.notes.iter().map(|n| format!("variant {}: {n}", v.name)));
            self.origin(v, "reused", &key, Some(measured_at(s)));
            return;
        }
        if !self.opts.sweep {
            let at = saved.as_ref().map(measured_at);
            self.origin(v, "stale", &key, at);
            return;
        }
        // Another feature set: build the harness with it and let that binary measure.
        match run_variant_child(v, self.opts, &self.root) {
            Ok((rows, child_notes)) => {
                let s = SavedVariant {
                    name: v.name.clone(),
                    key: key.clone(),
                    commit: setup::commit(&self.root),
                    date: setup::utc_now(),
                    quick: true,
                    rows,
                    notes: child_notes,
                };
                if let Err(e) = saved::store(&self.root, &s) {
                    self.notes
                        .push(format!("variant {}: result not saved: {e}", v.name));
                }
                self.rows.extend(s.rows.iter().cloned());
                self.notes
                    .extend(s.notes.iter().map(|n| format!("variant {}: {n}", v.name)));
                self.origin(v, "measured", &key, Some(measured_at(&s)));
            }
            Err(e) => self
                .notes
                .push(format!("variant {} not measured: {e}", v.name)),
        }
    }

    fn origin(&mut self, v: &Variant, how: &str, key: &str, measured_at: Option<String>) {
        self.origins.insert(
            v.name.clone(),
            VariantOrigin {
                how: how.to_string(),
                key: key.to_string(),
                measured_at,
            },
        );
    }

    /// Every phase of the matrix for the variant this binary is.
    fn measure_here(&mut self, variant: &str) -> Result<(), String> {
        let mut ctx = Ctx {
            variant,
            rows: Vec::new(),
            notes: Vec::new(),
        };
        let plans = self.floor_plans()?;
        time_rust(&mut ctx, &self.wls, &plans, &self.budget);
        self.python_times(&mut ctx, &plans, false);
        self.python_batches(&mut ctx);
        self.python_times(&mut ctx, &plans, true);
        self.process_passes(&mut ctx, &plans)?;
        if self.opts.valgrind {
            self.valgrind_counts(&mut ctx, &plans);
        }
        if self.opts.only_variant.is_none() {
            self.reuse_checks();
        }
        self.notes.extend(ctx.notes);
        self.rows.extend(ctx.rows);
        Ok(())
    }

    /// Phase 2's input: the bytes our core reads for each file (the floors read the same).
    fn floor_plans(&mut self) -> Result<BTreeMap<PathBuf, FloorPlan>, String> {
        let mut plans: BTreeMap<PathBuf, FloorPlan> = BTreeMap::new();
        for p in self.wls.iter().flat_map(|w| &w.files) {
            if !plans.contains_key(p) {
                let plan = subjects::floor_plan(p).map_err(|e| format!("{}: {e}", p.display()))?;
                plans.insert(p.clone(), plan);
            }
        }
        let from_core = plans.values().filter(|p| p.from_core).count();
        self.notes.push(format!(
            "floor: {from_core} of {} files: the byte ranges our core read; {} files (which our core does not read yet): the whole file",
            plans.len(),
            plans.len() - from_core
        ));
        Ok(plans)
    }

    /// Phase 3: the per-file Python subjects, in our virtualenv or (`pypi`) in mutagen-rs
    /// 0.2.7's.
    fn python_times(&mut self, ctx: &mut Ctx, plans: &BTreeMap<PathBuf, FloorPlan>, pypi: bool) {
        let ranges = ranges_json(&self.wls, plans);
        let titles = titles_json(&self.wls);
        let jw = job_workloads(&self.wls, &self.budget);
        let main = if pypi { None } else { self.envs.main.as_ref() };
        let pypi = if pypi { self.envs.pypi.as_ref() } else { None };
        if let Some(py) = main {
            let mut subs = vec!["floor-py", "mutagen", "mutagen-title"];
            if self.envs.ours_built {
                subs.extend(["mutagen-rs-py", "mutagen-rs-py-title"]);
            }
            let job = json!({"mode": "time", "subjects": subs, "workloads": jw, "ranges": ranges, "titles": titles});
            match run_driver(py, &self.root, &job, "py time", &self.tmp) {
                Ok(out) => {
                    let rename: Vec<(&str, &str)> = subs.iter().map(|s| (*s, *s)).collect();
                    driver_time_rows(ctx, &self.wls, &out, &rename);
                    self.versions.python = out["python"].as_str().map(String::from);
                    self.versions.mutagen = out["versions"]["mutagen"].as_str().map(String::from);
                }
                Err(e) => self.notes.push(e),
            }
        }
        if let Some(py) = pypi {
            let job = json!({"mode": "time", "subjects": ["floor-py", "mutagen", "mutagen-rs-pypi", "mutagen-rs-pypi-as-shipped"], "workloads": jw, "ranges": ranges, "titles": titles});
            match run_driver(py, &self.root, &job, "pypi time", &self.tmp) {
                Ok(out) => {
                    driver_time_rows(
                        ctx,
                        &self.wls,
                        &out,
                        &[
                            ("floor-py", "floor-py@venv-pypi"),
                            ("mutagen", "mutagen@venv-pypi"),
                            ("mutagen-rs-pypi", "mutagen-rs-pypi"),
                            ("mutagen-rs-pypi-as-shipped", "mutagen-rs-pypi-as-shipped"),
                        ],
                    );
                    self.versions.mutagen_rs_pypi = out["versions"]["mutagen-rs-pypi"]
                        .as_str()
                        .map(String::from);
                }
                Err(e) => self.notes.push(e),
            }
        }
    }

    /// Phase 3, batches: each batch API timed as one run, every value read back.
    fn python_batches(&mut self, ctx: &mut Ctx) {
        let batch_jw: Vec<Value> = job_workloads(&self.wls, &self.budget)
            .into_iter()
            .zip(&self.wls)
            .filter(|(_, w)| w.is_batch())
            .map(|(j, _)| j)
            .collect();
        if batch_jw.is_empty() {
            return;
        }
        if let Some(py) = &self.envs.main {
            let mut subs: Vec<String> = vec!["mutagen-loop".into()];
            if self.envs.ours_built {
                subs.extend(["batch_open".into(), "iter_open".into()]);
                subs.extend(self.batch_subjects.iter().cloned());
            }
            let job = json!({"mode": "batch", "subjects": subs, "workloads": batch_jw});
            match run_driver(py, &self.root, &job, "py batch", &self.tmp) {
                Ok(out) => {
                    if let Some(u) = out["unavailable"].as_object() {
                        for (s, why) in u {
                            self.notes
                                .push(format!("{s} not measured: {}", why.as_str().unwrap_or("")));
                        }
                    }
                    let rename: Vec<(&str, &str)> =
                        subs.iter().map(|s| (s.as_str(), s.as_str())).collect();
                    driver_time_rows(ctx, &self.wls, &out, &rename);
                }
                Err(e) => self.notes.push(e),
            }
        }
        if let Some(py) = &self.envs.pypi {
            let job = json!({"mode": "batch", "subjects": ["mutagen-loop", "pypi-batch_open"], "workloads": batch_jw});
            match run_driver(py, &self.root, &job, "pypi batch", &self.tmp) {
                Ok(out) => driver_time_rows(
                    ctx,
                    &self.wls,
                    &out,
                    &[
                        ("mutagen-loop", "mutagen-loop@venv-pypi"),
                        ("pypi-batch_open", "pypi-batch_open"),
                    ],
                ),
                Err(e) => self.notes.push(e),
            }
        }
    }

    /// The per-file subjects and the batch subjects that run in a process of their own.
    fn procs(&self) -> (Vec<Proc>, Vec<Proc>) {
        let (main, pypi, ours) = (&self.envs.main, &self.envs.pypi, self.envs.ours_built);
        let mut procs = vec![Proc::Rust("mutagen-rs"), Proc::Rust("lofty")];
        let mut batch_procs = Vec::new();
        if let Some(p) = main {
            procs.push(Proc::Py(p.clone(), "mutagen"));
            batch_procs.push(Proc::PyBatch(p.clone(), "mutagen-loop".into()));
            if ours {
                procs.push(Proc::Py(p.clone(), "mutagen-rs-py"));
                batch_procs.push(Proc::PyBatch(p.clone(), "batch_open".into()));
                batch_procs.push(Proc::PyBatch(p.clone(), "iter_open".into()));
                for s in &self.batch_subjects {
                    batch_procs.push(Proc::PyBatch(p.clone(), s.clone()));
                }
            }
        }
        if let Some(p) = pypi {
            procs.push(Proc::Py(p.clone(), "mutagen-rs-pypi"));
            procs.push(Proc::Py(p.clone(), "mutagen-rs-pypi-as-shipped"));
            batch_procs.push(Proc::PyBatch(p.clone(), "pypi-batch_open".into()));
        }
        (procs, batch_procs)
    }

    /// Phase 4: peak RSS of one process per subject per batch workload, and the cold-cache
    /// reads.
    fn process_passes(
        &mut self,
        ctx: &mut Ctx,
        plans: &BTreeMap<PathBuf, FloorPlan>,
    ) -> Result<(), String> {
        let opts = self.opts;
        let rss_wls: Vec<&Wl> = self
            .wls
            .iter()
            .filter(|w| {
                w.is_batch()
                    && !is_more_format(&w.format)
                    && (!opts.quick || w.name == "batch-1000" || opts.corpus.is_some())
            })
            .collect();
        let (procs, batch_procs) = self.procs();
        let (root, tmp) = (&self.root, &self.tmp);
        self.notes.extend(process_pass(
            ctx,
            &rss_wls,
            &batch_procs,
            false,
            plans,
            root,
            tmp,
        )?);
        self.notes.extend(process_pass(
            ctx, &rss_wls, &procs, false, plans, root, tmp,
        )?);
        if opts.cold {
            let mut cold_procs = procs;
            cold_procs.insert(0, Proc::Rust("floor"));
            if let Some(p) = &self.envs.main {
                cold_procs.push(Proc::Py(p.clone(), "floor-py"));
            }
            // The batch outputs cold too: each one batch run, its time per file the row.
            cold_procs.extend(
                batch_procs
                    .iter()
                    .filter(|p| COLD_BATCH_SUBJECTS.contains(&p.subject()))
                    .cloned(),
            );
            match process_pass(ctx, &rss_wls, &cold_procs, true, plans, root, tmp) {
                Ok(n) => self.notes.extend(n),
                Err(e) => self.notes.push(format!("cold workloads not measured: {e}")),
            }
        }
        Ok(())
    }

    /// Phase 5: instructions per read (callgrind) and allocations per read (dhat).
    fn valgrind_counts(&mut self, ctx: &mut Ctx, plans: &BTreeMap<PathBuf, FloorPlan>) {
        let opts = self.opts;
        let cg_wls: Vec<&Wl> = self
            .wls
            .iter()
            .filter(|w| !is_more_format(&w.format))
            .filter(|w| {
                !w.is_batch()
                    || w.name == "batch-100"
                    || (!opts.quick && w.name == "batch-1000")
                    || opts.corpus.is_some()
            })
            .collect();
        if setup::has_valgrind() {
            if let Err(e) = instr_rust(ctx, &cg_wls, plans, &self.tmp) {
                self.notes.push(e);
            }
        } else {
            self.notes
                .push("valgrind not found: no instruction counts".into());
        }
        let dh_wls: Vec<&Wl> = self
            .wls
            .iter()
            .filter(|w| !is_more_format(&w.format))
            .filter(|w| !opts.quick || !w.is_batch() || w.name != "batch-10000")
            .collect();
        if let Err(e) = alloc_rust(ctx, &dh_wls, &self.tmp) {
            self.notes.push(e);
        }
        if let (true, true, Some(py)) = (
            setup::has_valgrind(),
            self.envs.ours_built && opts.only_variant.is_none(),
            self.envs.main.as_ref(),
        ) {
            let single: Vec<&Wl> = self
                .wls
                .iter()
                .filter(|w| !is_more_format(&w.format) && !w.is_batch())
                .collect();
            copies_python(ctx, &single, py, &self.root);
        }
    }

    /// Phase 6: the result-reuse checks, on a sample of the largest batch of each format.
    fn reuse_checks(&mut self) {
        let mut largest: BTreeMap<&str, &Wl> = BTreeMap::new();
        for w in self
            .wls
            .iter()
            .filter(|w| w.is_batch() && w.titles.iter().all(Option::is_some))
        {
            let e = largest.entry(w.format.as_str()).or_insert(w);
            if w.files.len() > e.files.len() {
                *e = w;
            }
        }
        let samples: Vec<(String, Wl)> = largest
            .into_iter()
            .map(|(format, w)| (format!("{format}/{}", w.name), sample_of(w)))
            .collect();
        for (key, sample) in samples {
            let mut subjects = check_reuse_rust(&sample, &self.tmp);
            self.reuse_python(&sample, &mut subjects);
            self.reuse.insert(
                key,
                ReuseBatch {
                    files_checked: sample.files.len(),
                    subjects,
                },
            );
        }
    }

    /// The Python subjects' reuse and differential checks on a batch sample.
    fn reuse_python(&mut self, sw: &Wl, into: &mut BTreeMap<String, ReuseCheck>) {
        let titles: serde_json::Map<String, Value> = sw
            .files
            .iter()
            .zip(&sw.titles)
            .map(|(p, t)| (p.display().to_string(), json!(t)))
            .collect();
        let files: Vec<String> = sw.files.iter().map(|p| p.display().to_string()).collect();
        let (ia, ib) = rewrite_pair(&sw.files);
        let rewrite = json!([files.get(ia), files.get(ib)]);
        let ours: &[&str] = if self.envs.ours_built {
            &["mutagen", "mutagen-rs-py"]
        } else {
            &["mutagen"]
        };
        let pypi: &[&str] = &["mutagen-rs-pypi", "mutagen-rs-pypi-as-shipped"];
        for (py, subs) in [(&self.envs.main, ours), (&self.envs.pypi, pypi)] {
            let Some(py) = py else { continue };
            let job = json!({"mode": "check", "subjects": subs, "workloads": [{"key": sw.key(), "files": files}], "titles": titles, "rewrite": rewrite,
                "differential": self.root.join("python/tests").display().to_string()});
            match run_driver(py, &self.root, &job, "check", &self.tmp) {
                Ok(out) => {
                    for s in subs {
                        if let Ok(c) = serde_json::from_value::<ReuseCheck>(out[*s].clone()) {
                            into.insert((*s).to_string(), c);
                        }
                    }
                }
                Err(e) => self.notes.push(e),
            }
        }
    }

    /// Each variant's Python build wrote its extension into python/mutagen_rs/ (shared by
    /// every virtualenv of the checkout): put the plain build back.
    fn restore_plain_build(
        &mut self,
        variants: &[Variant],
        in_process: Option<&Variant>,
        log: &Path,
    ) {
        let opts = self.opts;
        if opts.python
            && opts.only_variant.is_none()
            && variants
                .iter()
                .any(|v| !in_process.is_some_and(|x| x.same_build(v)))
        {
            eprintln!("restoring the plain build of the Python package");
            if let Err(e) =
                setup::main_env(&self.root, log, "venv-main", &setup::PyBuild::default())
                    .and_then(|(_, built)| built)
            {
                self.notes
                    .push(format!("the plain build was not restored: {e}"));
            }
        }
    }
}

/// About 200 files of a batch, evenly spread, for the reuse checks.
fn sample_of(w: &Wl) -> Wl {
    let sample: Vec<usize> = (0..w.files.len())
        .step_by((w.files.len() / 200).max(1))
        .collect();
    Wl {
        format: w.format.clone(),
        name: w.name.clone(),
        files: sample.iter().map(|&i| w.files[i].clone()).collect(),
        titles: sample.iter().map(|&i| w.titles[i].clone()).collect(),
        mean_size: w.mean_size,
    }
}

/// Build the harness with a variant's core features (in `target/variants/NAME`) and run it on
/// that variant alone; return its rows and notes.
/// The `RUSTFLAGS` a variant is built with: its own, plus the profile-use flags of a PGO
/// variant (the profile is collected first with `pgo/collect-profile.sh` when missing).
fn variant_rustflags(v: &Variant, root: &Path) -> Result<Option<String>, String> {
    let mut flags = v.rustflags.clone().unwrap_or_default();
    if v.pgo {
        let profile = root.join("target/pgo/merged.profdata");
        // A profile is valid only for the source it was collected on: collected again when
        // any source of the core is newer.
        let stale = match std::fs::metadata(&profile).and_then(|m| m.modified()) {
            Ok(made) => newest_mtime(&root.join("parsers/src")).is_some_and(|t| t > made),
            Err(_) => true,
        };
        if stale {
            eprintln!(
                "variant {}: collecting the PGO profile (pgo/collect-profile.sh)",
                v.name
            );
            let status = Command::new("bash")
                .arg(root.join("pgo/collect-profile.sh"))
                .current_dir(root)
                .status()
                .map_err(|e| e.to_string())?;
            if !status.success() || !profile.exists() {
                return Err("pgo/collect-profile.sh failed".into());
            }
        }
        flags = format!(
            "{flags} -Cprofile-use={} -Cllvm-args=-pgo-warn-missing-function=false",
            profile.display()
        );
    }
    let flags = flags.trim().to_string();
    Ok((!flags.is_empty()).then_some(flags))
}

/// The newest modification time of the files under `dir`.
fn newest_mtime(dir: &Path) -> Option<std::time::SystemTime> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .max()
}

fn run_variant_child(
    v: &Variant,
    opts: &Options,
    root: &Path,
) -> Result<(Vec<Row>, Vec<String>), String> {
    eprintln!(
        "variant {}: building the harness with {:?}",
        v.name, v.core_features
    );
    // Builds that differ only in features share one target directory (cargo keeps each
    // feature set's artifacts apart); other flags need their own.
    let rustflags = variant_rustflags(v, root)?;
    let target = if rustflags.is_some() {
        root.join("target/variants").join(&v.name)
    } else {
        root.join("target/variants/shared")
    };
    let features: Vec<String> = v
        .core_features
        .iter()
        .map(|f| format!("mutagen-core/{f}"))
        .collect();
    let profile = v.profile.clone().unwrap_or_else(|| "release".into());
    let mut build = Command::new("cargo");
    build
        .args([
            "build",
            "--quiet",
            "-p",
            "harness",
            "--bins",
            "--profile",
            &profile,
        ])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(root);
    if let Some(flags) = &rustflags {
        build.env("RUSTFLAGS", flags);
    }
    if !features.is_empty() {
        build.arg("--features").arg(features.join(","));
    }
    let status = build.status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!(
            "cargo build with {features:?}, profile {profile} failed"
        ));
    }
    let exe = target.join(&profile).join("harness");
    let out = root
        .join("target/bench")
        .join(format!("variant-{}", v.name));
    let mut cmd = Command::new(&exe);
    cmd.args(["--matrix", "--only-variant", &v.name])
        .arg("--out")
        .arg(&out)
        .arg("--seed")
        .arg(opts.seed.to_string())
        .current_dir(root);
    // Variants are measured with the quick budget: their saved figures serve quick and full
    // runs alike (the axis ratios are anchored on competitors measured in the same child).
    cmd.arg("--quick");
    if let Some(fs) = &opts.formats {
        cmd.arg("--formats").arg(fs.join(","));
    }
    if !opts.python {
        cmd.arg("--no-python");
    }
    // Valgrind cannot run code built for every extension of this CPU (AVX-512 among them).
    let native_cpu = rustflags
        .as_deref()
        .is_some_and(|f| f.contains("target-cpu=native"));
    if !opts.valgrind || native_cpu {
        cmd.arg("--no-valgrind");
    }
    if opts.cold {
        cmd.arg("--cold");
    }
    // The child runs in the repository root: give it absolute paths.
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if let Some(c) = &opts.corpus {
        cmd.arg("--corpus").arg(abs(c));
    }
    if let Some(f) = &opts.variants_file {
        cmd.arg("--variants").arg(abs(f));
    }
    let status = cmd.status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("{} failed ({status})", exe.display()));
    }
    let Matrix { meta, rows } = Matrix::load(&out.join("matrix.json"))?;
    let mut notes = meta.notes;
    if native_cpu && opts.valgrind {
        notes.push(
            "no instruction or allocation counts: valgrind cannot run code built with \
             -C target-cpu=native on this CPU (AVX-512)"
                .into(),
        );
    }
    Ok((rows, notes))
}

/// Write the report again from an existing matrix.json.
pub fn rewrite_report(from: &Path, out: &Path) -> Result<(), String> {
    let mut result = Matrix::load(from)?;
    // The verdict on mutagen's test suite takes its last run (`reports/compat.json`), as the
    // write section takes the last `writes.json`: neither depends on the measured speeds.
    if let Some(compat) = compat_totals(&crate::setup::repo_root()) {
        result.meta.compat = Some(compat);
    }
    crate::report::write(out, &result)?;
    crate::report::print_table(&result);
    Ok(())
}

/// The loop callgrind counts: `--toggle-collect` names this function.
#[inline(never)]
fn harness_measured_reads(
    subject: &str,
    paths: &[PathBuf],
    plans: &[FloorPlan],
    buf: &mut Vec<u8>,
) -> usize {
    let mut ok = 0;
    for (p, plan) in paths.iter().zip(plans) {
        if rust_read(subject, p, plan, buf) == Outcome::Ok {
            ok += 1;
        }
    }
    std::hint::black_box(ok)
}

/// The child-process side of `--matrix`: `instr` (run under callgrind) or `rss`.
pub fn worker(mode: &str, subject: &str, list: &Path) -> std::process::ExitCode {
    let Ok(text) = std::fs::read_to_string(list) else {
        eprintln!("cannot read {}", list.display());
        return std::process::ExitCode::FAILURE;
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut plans: Vec<FloorPlan> = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let (path, ranges) = line.split_once('\t').unwrap_or((line, ""));
        let ranges: Vec<(u64, usize)> = ranges
            .split(',')
            .filter_map(|r| r.split_once(':'))
            .filter_map(|(o, n)| Some((o.parse().ok()?, n.parse().ok()?)))
            .collect();
        paths.push(PathBuf::from(path));
        plans.push(FloorPlan {
            bytes: ranges.iter().map(|r| r.1 as u64).sum(),
            ranges,
            from_core: true,
        });
    }
    let mut buf = Vec::new();
    match mode {
        "instr" => {
            // One warm-up read outside the counted function: one-time initialisation is not
            // a per-file cost.
            if let (Some(p), Some(plan)) = (paths.first(), plans.first()) {
                rust_read(subject, p, plan, &mut buf);
            }
            harness_measured_reads(subject, &paths, &plans, &mut buf);
        }
        "rss" => {
            // Each file once, in order, each read timed (the cold workloads use these times).
            let base = max_rss();
            let mut samples = Vec::with_capacity(paths.len());
            let mut ok = 0usize;
            for (p, plan) in paths.iter().zip(&plans) {
                let t0 = Instant::now();
                let o = rust_read(subject, p, plan, &mut buf);
                samples.push(t0.elapsed().as_nanos() as u64);
                ok += usize::from(o == Outcome::Ok);
            }
            println!(
                "{}",
                json!({"baseline_rss_bytes": base, "peak_rss_bytes": max_rss(), "ok": ok, "reads": paths.len(), "samples": samples})
            );
        }
        other => {
            eprintln!("unknown worker mode {other}");
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}

/// Peak resident set size of this process, in bytes (`VmHWM`, the counter `getrusage`'s
/// `ru_maxrss` reports).
fn max_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_median_min_max() {
        assert_eq!(summarize(&mut [5, 1, 3]), Some((3.0, 1.0, 5.0)));
        assert_eq!(summarize(&mut [4, 1, 3, 2]), Some((2.5, 1.0, 4.0)));
        assert_eq!(summarize(&mut []), None);
    }

    #[test]
    fn rewrite_pair_takes_two_files_of_the_commonest_kind() {
        let files: Vec<PathBuf> = ["a.mp3", "b.flac", "c.flac", "d.ogg", "e.flac"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(rewrite_pair(&files), (1, 2));
    }

    #[test]
    fn worker_lists_carry_the_floor_ranges() {
        let dir = std::env::temp_dir().join(format!("harness-list-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = PathBuf::from("/x/y.mp3");
        let mut plans = BTreeMap::new();
        plans.insert(
            f.clone(),
            FloorPlan {
                ranges: vec![(0, 10), (100, 5)],
                bytes: 15,
                from_core: true,
            },
        );
        let list = write_list_planned(&dir, "l", &[f], Some(&plans)).unwrap();
        assert_eq!(
            std::fs::read_to_string(&list).unwrap(),
            "/x/y.mp3\t0:10,100:5\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn further_formats_are_read_by_the_core_and_lofty_where_it_reads_them() {
        let dir = std::env::temp_dir().join(format!("harness-more-{}", std::process::id()));
        for format in mutagen_corpus::MORE_FORMATS {
            let mut files = vec![mutagen_corpus::single_file(1, format, "single-small")];
            files.extend((0..5).map(|i| mutagen_corpus::batch_file_bytes(1, format, i)));
            let lofty_reads = matches!(format, "wav" | "aiff" | "wv" | "ape" | "mpc" | "aac");
            for (rel, bytes) in files {
                let path = dir.join(&rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, bytes).unwrap();
                assert_eq!(RustSubject::MutagenRs.read(&path), Outcome::Ok, "{rel}");
                // Every generated title ends in " #index".
                let Ok(mutagen_core::Detected::Read(_, f)) = mutagen_core::read_path(&path) else {
                    panic!("{rel}: not read");
                };
                let [title, _, _] = mutagen_core::summary::title_artist_album(&f);
                if mutagen_corpus::is_tagged(format) {
                    assert!(title.is_some_and(|t| t.contains(" #")), "{rel}");
                } else {
                    assert!(title.is_none(), "{rel}");
                }
                if lofty_reads {
                    assert_eq!(RustSubject::Lofty.read(&path), Outcome::Ok, "{rel}");
                }
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
