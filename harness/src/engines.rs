//! `harness engines`: the overhead of the distributed readers. The same generated files go
//! through a single-process `mutagen_rs.scan`, through `mutagen_rs.dask` on a local Dask cluster
//! and through `mutagen_rs.ray` on a local Ray instance (`harness/py/engines.py` does the
//! measuring; its docstring gives the method). The result is saved as `engines.json` in the
//! report folder, and `matrix.md` shows it in its own section, stamped with its own date and
//! commit, whenever the file is there: the engines are measured apart from `--matrix`, since
//! installing Dask and Ray and generating 100,000 files would double the main command's time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use crate::setup;

/// What `harness engines` was asked to do.
pub struct Options {
    /// How many generated files go through each engine.
    pub files: usize,
    /// Timed runs per engine (the median is reported).
    pub rounds: usize,
    /// CPUs every engine gets.
    pub cpus: usize,
    /// The report folder (`engines.json` is written there).
    pub out: PathBuf,
}

/// The packages the engines need besides the main virtualenv's.
const ENGINE_REQUIREMENTS: [&str; 4] = [
    "pandas>=2",
    "dask[dataframe,distributed]>=2024.1",
    "ray[data]>=2.40",
    "fsspec",
];

/// Measure the engines: build the package into the main virtualenv, add Dask and Ray to it, and
/// run `harness/py/engines.py`, which writes `engines.json` into `opts.out`.
///
/// # Errors
/// A failed build or install (the log is named), or a failed measurement.
pub fn run(opts: &Options) -> Result<(), String> {
    let root = setup::repo_root();
    std::fs::create_dir_all(root.join("target/bench")).map_err(|e| e.to_string())?;
    let log = root.join("target/bench/engines-setup.log");
    eprintln!(
        "engines: building the package and installing Dask and Ray (log: {})",
        log.display()
    );
    let (py, built) = setup::main_env(&root, &log, "venv-main", &setup::PyBuild::default())?;
    built?;
    setup::install_extras(&py, &ENGINE_REQUIREMENTS, "engines", &log)?;
    std::fs::create_dir_all(&opts.out).map_err(|e| format!("{}: {e}", opts.out.display()))?;
    let out = opts.out.join("engines.json");
    let status = Command::new(&py)
        .arg(root.join("harness/py/engines.py"))
        .args(["--files", &opts.files.to_string()])
        .args(["--rounds", &opts.rounds.to_string()])
        .args(["--cpus", &opts.cpus.to_string()])
        .arg("--out")
        .arg(&out)
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run engines.py: {e}"))?;
    if !status.success() {
        return Err(format!("engines.py failed ({status})"));
    }
    eprintln!("engines: wrote {}", out.display());
    Ok(())
}

/// The saved measurement (`engines.json`).
#[derive(Debug, Deserialize)]
pub struct Saved {
    /// How it was measured.
    pub meta: SavedMeta,
    /// One row per engine and metric.
    pub rows: Vec<SavedRow>,
}

/// The stamp and settings of a saved measurement.
#[derive(Debug, Deserialize)]
pub struct SavedMeta {
    /// Files read by each engine.
    pub files: usize,
    /// CPUs each engine got.
    pub cpus: usize,
    /// Timed runs per engine.
    pub rounds: usize,
    /// Files per Dask partition and per Ray read task.
    pub files_per_partition: usize,
    /// When it was measured (UTC).
    #[serde(default)]
    pub date: Option<String>,
    /// The commit measured.
    #[serde(default)]
    pub commit: Option<String>,
    /// Versions of the engines.
    #[serde(default)]
    pub versions: std::collections::BTreeMap<String, String>,
    /// The machine's one-minute load average when the measuring began.
    #[serde(default)]
    pub load_at_start: Option<f64>,
}

/// `n` rounded, with thousands separated by commas.
fn grouped(n: f64) -> String {
    let digits = format!("{:.0}", n.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// One value.
#[derive(Debug, Deserialize)]
pub struct SavedRow {
    /// `scan`, `dask-read_metadata` or `ray-read_metadata`.
    pub subject: String,
    /// `files_per_s`, `ns_per_file`, `startup_s` or `overhead_ns_per_file`.
    pub metric: String,
    /// The value.
    pub value: f64,
}

/// The saved measurement in the report folder `out`, if there is one that parses.
#[must_use]
pub fn load(out: &Path) -> Option<Saved> {
    let text = std::fs::read_to_string(out.join("engines.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// The report section of a saved measurement.
pub fn section(md: &mut String, saved: &Saved) {
    let m = &saved.meta;
    let _ = writeln!(md, "## Past one machine: the engines' overhead\n");
    let _ = writeln!(
        md,
        "{} generated files (the four formats in turn) through a single-process \
         `mutagen_rs.scan`, `mutagen_rs.dask.read_metadata` on a local cluster of {} worker \
         processes and `mutagen_rs.ray.read_metadata` on `ray.init(num_cpus={})`; {} files per \
         partition, median of {} runs after a warm-up, the result brought back to the caller. \
         Measured by `cargo run --release -p harness -- engines` (commit {}, {}; {}), not by \
         `--matrix`. With {} CPUs this is each engine's cost per file, not a speed-up.{}\n",
        grouped(m.files as f64),
        m.cpus,
        m.cpus,
        m.files_per_partition,
        m.rounds,
        m.commit.as_deref().unwrap_or("unknown"),
        m.date.as_deref().unwrap_or("date unknown"),
        if m.versions.is_empty() {
            "versions unknown".to_string()
        } else {
            m.versions
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        },
        m.cpus,
        m.load_at_start.map_or_else(String::new, |l| format!(
            " The load average was {l:.2} when the measuring began: the figures move with the \
             machine's load."
        )),
    );
    let _ = writeln!(
        md,
        "| path | files/s | µs per file | overhead per file over the scan | start-up |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|");
    let get = |s: &str, metric: &str| {
        saved
            .rows
            .iter()
            .find(|r| r.subject == s && r.metric == metric)
            .map(|r| r.value)
    };
    for (subject, name) in [
        ("scan", "`scan` (one process)"),
        ("dask-read_metadata", "Dask `read_metadata`"),
        ("ray-read_metadata", "Ray `read_metadata`"),
    ] {
        let Some(fps) = get(subject, "files_per_s") else {
            continue;
        };
        let ns = get(subject, "ns_per_file").unwrap_or(f64::NAN);
        let over = get(subject, "overhead_ns_per_file")
            .map_or_else(|| "—".to_string(), |o| format!("{:+.1} µs", o / 1e3));
        let startup = get(subject, "startup_s").unwrap_or(0.0);
        let _ = writeln!(
            md,
            "| {name} | {} | {:.1} | {over} | {startup:.1} s |",
            grouped(fps),
            ns / 1e3
        );
    }
    let _ = writeln!(md);
}
