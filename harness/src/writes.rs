//! `harness writes`: the write workloads. Open a file, set its title, save it, through mutagen
//! 1.48.1 and through `mutagen_rs`, on the generated single-typical and single-large file of
//! each main format whose save `mutagen_rs` supports (`harness/py/writes.py` measures; its
//! docstring gives the method). The result is saved as `writes.json` in the report folder, and
//! `matrix.md` shows it in its own section, stamped with its own date and commit, whenever the
//! file is there.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use crate::setup;

/// What `harness writes` was asked to do.
pub struct Options {
    /// Seconds of saving per subject and file.
    pub budget: f64,
    /// Rounds per subject and file (the median is reported).
    pub rounds: usize,
    /// The report folder (`writes.json` is written there).
    pub out: PathBuf,
}

/// Measure the saves: build the package into the main virtualenv and run
/// `harness/py/writes.py`, which writes `writes.json` into `opts.out`.
///
/// # Errors
/// A failed build, or a failed measurement.
pub fn run(opts: &Options) -> Result<(), String> {
    let root = setup::repo_root();
    std::fs::create_dir_all(root.join("target/bench")).map_err(|e| e.to_string())?;
    let log = root.join("target/bench/writes-setup.log");
    eprintln!("writes: building the package (log: {})", log.display());
    let (py, built) = setup::main_env(&root, &log, "venv-main", &setup::PyBuild::default())?;
    built?;
    std::fs::create_dir_all(&opts.out).map_err(|e| format!("{}: {e}", opts.out.display()))?;
    let out = opts.out.join("writes.json");
    let status = Command::new(&py)
        .arg(root.join("harness/py/writes.py"))
        .args(["--budget", &opts.budget.to_string()])
        .args(["--rounds", &opts.rounds.to_string()])
        .arg("--corpus")
        .arg(root.join("target/writes-corpus"))
        .arg("--out")
        .arg(&out)
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run writes.py: {e}"))?;
    if !status.success() {
        return Err(format!("writes.py failed ({status})"));
    }
    eprintln!("writes: wrote {}", out.display());
    Ok(())
}

/// The saved measurement (`writes.json`).
#[derive(Debug, Deserialize)]
pub struct Saved {
    /// How it was measured.
    pub meta: SavedMeta,
    /// One row per subject, file and metric.
    pub rows: Vec<SavedRow>,
}

/// The stamp and settings of a saved measurement.
#[derive(Debug, Deserialize)]
pub struct SavedMeta {
    /// Seconds of saving per subject and file.
    pub budget_s: f64,
    /// Rounds per subject and file.
    pub rounds: usize,
    /// The size of each measured file, by `format/workload`.
    #[serde(default)]
    pub sizes: BTreeMap<String, u64>,
    /// When it was measured (UTC).
    #[serde(default)]
    pub date: Option<String>,
    /// The commit measured.
    #[serde(default)]
    pub commit: Option<String>,
    /// The machine's one-minute load average when the measuring began.
    #[serde(default)]
    pub load_at_start: Option<f64>,
}

/// One value.
#[derive(Debug, Deserialize)]
pub struct SavedRow {
    /// `mutagen` or `mutagen-rs-py`.
    pub subject: String,
    /// The format's corpus folder name (`mp3`, `flac`, `ogg`, `mp4`, `wv`, `aiff`, `wav`,
    /// `dsf`, `dff`, `wma`).
    pub format: String,
    /// `single-typical` or `single-large`.
    pub workload: String,
    /// `ns_per_save`, `calls_per_save`, `bytes_read_per_save` or `bytes_written_per_save`.
    pub metric: String,
    /// The value.
    pub value: f64,
}

/// The saved measurement in the report folder `out`, if there is one that parses.
#[must_use]
pub fn load(out: &Path) -> Option<Saved> {
    let text = std::fs::read_to_string(out.join("writes.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// `bytes` in KiB with one decimal.
fn kib(bytes: f64) -> String {
    format!("{:.1} KiB", bytes / 1024.0)
}

/// The report section of a saved measurement.
pub fn section(md: &mut String, saved: &Saved) {
    let m = &saved.meta;
    let _ = writeln!(md, "## Writing: open, set the title, save\n");
    let _ = writeln!(
        md,
        "`File(path)`, the title set, `save()` with the default padding, on a copy of the \
         generated file that each subject keeps saving (the title alternates between two values \
         of one length, so every save after the first rewrites the tag in place), each subject \
         in a process of its own that imports only its library; median of {} rounds of {:.1} s \
         per subject and file. Calls and bytes: one `save(fileobj)` through an \
         unbuffered file object, each call a system call. Measured by `cargo run --release -p \
         harness -- writes` (commit {}, {}), not by `--matrix`.{}\n",
        m.rounds,
        m.budget_s / m.rounds.max(1) as f64,
        m.commit.as_deref().unwrap_or("unknown"),
        m.date.as_deref().unwrap_or("date unknown"),
        m.load_at_start.map_or_else(String::new, |l| format!(
            " The load average was {l:.2} when the measuring began."
        )),
    );
    let _ = writeln!(
        md,
        "The floor is `os.open`, one `os.pread` of as many bytes as mutagen's save writes, one \
         `os.pwrite` of them back, `os.close`: the least any save of those bytes costs from \
         Python. `mutagen ÷ floor` is the largest speed-up any library could show on the file; \
         `ours ÷ floor` is how far `mutagen_rs` is from it.\n"
    );
    let _ = writeln!(
        md,
        "| format | file | size | mutagen | mutagen_rs | speed-up | floor | mutagen ÷ floor | ours ÷ floor | calls (mutagen / ours) | read (mutagen / ours) | written (mutagen / ours) |"
    );
    let _ = writeln!(
        md,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let get = |s: &str, f: &str, w: &str, metric: &str| {
        saved
            .rows
            .iter()
            .find(|r| r.subject == s && r.format == f && r.workload == w && r.metric == metric)
            .map(|r| r.value)
    };
    let mut files: Vec<(&str, &str)> = saved
        .rows
        .iter()
        .map(|r| (r.format.as_str(), r.workload.as_str()))
        .collect();
    files.dedup();
    files.sort_unstable();
    files.dedup();
    for (f, w) in files {
        let (Some(theirs), Some(ours)) = (
            get("mutagen", f, w, "ns_per_save"),
            get("mutagen-rs-py", f, w, "ns_per_save"),
        ) else {
            continue;
        };
        let pair = |metric: &str, fmt: &dyn Fn(f64) -> String| {
            format!(
                "{} / {}",
                get("mutagen", f, w, metric).map_or_else(|| "—".to_string(), fmt),
                get("mutagen-rs-py", f, w, metric).map_or_else(|| "—".to_string(), fmt)
            )
        };
        let size = m
            .sizes
            .get(&format!("{f}/{w}"))
            .map_or_else(|| "—".to_string(), |&b| kib(b as f64));
        let floor = get("floor-py", f, w, "ns_per_save");
        let of_floor =
            |v: f64| floor.map_or_else(|| "—".to_string(), |fl| format!("{:.1}x", v / fl));
        let _ = writeln!(
            md,
            "| {f} | {w} | {size} | {:.1} µs | {:.1} µs | {:.2}x | {} | {} | {} | {} | {} | {} |",
            theirs / 1e3,
            ours / 1e3,
            theirs / ours,
            floor.map_or_else(|| "—".to_string(), |fl| format!("{:.1} µs", fl / 1e3)),
            of_floor(theirs),
            of_floor(ours),
            pair("calls_per_save", &|v| format!("{v:.0}")),
            pair("bytes_read_per_save", &kib),
            pair("bytes_written_per_save", &kib),
        );
    }
    let _ = writeln!(md);
}
