//! The mutagen-rs driver.
//!
//! - `harness inspect [PATH...]` reads every file (directories are walked) with the parser core
//!   and prints what it found, as text or, with `--json`, as one JSON object per line.
//! - `harness corpus --out DIR --seed N` writes the deterministic benchmark corpus.
//! - `harness engines [--files N]` measures the Dask and Ray readers against a single-process
//!   scan and saves `engines.json` for the report (see `engines.rs`).
//! - `harness writes` measures open, set the title, save against mutagen and saves
//!   `writes.json` for the report (see `writes.rs`).
//! - `harness --matrix [--quick] [--out DIR] [--corpus DIR]` runs the benchmark matrix and writes
//!   `matrix.json`, `matrix.md` and SVG plots (see `matrix.rs` and `report.rs`).

mod engines;
mod matrix;
mod model;
mod progress;
mod report;
mod saved;
mod setup;
mod writes;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mutagen_core::Detected;

/// The mutagen-rs driver.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Run the benchmark matrix.
    #[arg(long)]
    matrix: bool,
    /// With --matrix: a subset that finishes in minutes, still every subject and format.
    #[arg(long)]
    quick: bool,
    /// With --matrix: where the report goes.
    #[arg(long, default_value = "reports")]
    out: PathBuf,
    /// With --matrix: measure the files of this folder (e.g. a music collection) instead of
    /// the generated corpus.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// With --matrix: the seed of the generated corpus.
    #[arg(long, default_value_t = matrix::DEFAULT_SEED)]
    seed: u64,
    /// With --matrix: skip the Python subjects (no virtualenvs are made).
    #[arg(long)]
    no_python: bool,
    /// With --matrix: skip callgrind and dhat.
    #[arg(long)]
    no_valgrind: bool,
    /// With --matrix: also measure the batches with a cold page cache (drops the page cache
    /// before each subject's pass: needs root; the workloads are named `batch-N-cold`).
    #[arg(long)]
    cold: bool,
    /// With --matrix: the variant manifest to use instead of `variants/manifest.toml`.
    #[arg(long)]
    variants: Option<PathBuf>,
    /// With --matrix: also measure (with the quick budget) every variant with a build of its
    /// own that has no saved result for the current sources, saving each as it completes
    /// (`reports/variants/`); an interrupted sweep picks up where it stopped. Without it, such
    /// variants are reported as stale. `--quick` implies it.
    #[arg(long)]
    sweep: bool,
    /// With --matrix: measure only the workloads of these formats, comma-separated (`mp3`,
    /// `flac`, `ogg`, `mp4`, `mixed`, and the further formats `wav`, `aiff`, `wv`, `ape`, `mpc`,
    /// `wma`, `dsf`, `tta`, `tak`, `ofr`, `ac3`, `aac`, `mid`, `dff`), e.g. `--formats wav,wma`. The report's sections show what was measured.
    #[arg(long, value_delimiter = ',')]
    formats: Option<Vec<String>>,
    /// Internal: measure only this variant in this process (the harness runs itself so for
    /// variants built with other features).
    #[arg(long, hide = true)]
    only_variant: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Read files with the parser core and print what was found.
    Inspect {
        /// Files or directories to read (directories are walked). Defaults to `corpus/real`.
        paths: Vec<PathBuf>,
        /// Print one JSON object per file instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write the deterministic benchmark corpus and its manifest.json.
    Corpus {
        /// The directory to write into.
        #[arg(long, default_value = "target/corpus")]
        out: PathBuf,
        /// The seed: the same seed writes the same bytes.
        #[arg(long, default_value_t = matrix::DEFAULT_SEED)]
        seed: u64,
        /// The size of each format's pool of batch files (batches of 100, 1,000 and 10,000
        /// are made up to this size).
        #[arg(long, default_value_t = 10_000)]
        max_batch: usize,
    },
    /// Measure the overhead of the Dask and Ray readers over a single-process scan of the same
    /// generated files, and save it as engines.json in the report folder (matrix.md shows it).
    ///
    /// Installs Dask and Ray into the harness's main virtualenv on first use.
    /// Example: `cargo run --release -p harness -- engines --files 100000`.
    Engines {
        /// How many generated files each engine reads.
        #[arg(long, default_value_t = 100_000)]
        files: usize,
        /// Timed runs per engine (the median is reported).
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// CPUs each engine gets.
        #[arg(long, default_value_t = 2)]
        cpus: usize,
        /// The report folder.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
    },
    /// Measure writing (open a file, set its title, save it) through mutagen and through
    /// `mutagen_rs` on the generated typical and large file of each format `mutagen_rs` saves,
    /// and save it as writes.json in the report folder (matrix.md shows it).
    ///
    /// Example: `cargo run --release -p harness -- writes`.
    Writes {
        /// Seconds of saving per subject and file.
        #[arg(long, default_value_t = 2.0)]
        budget: f64,
        /// Rounds per subject and file (the median is reported).
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        /// The report folder.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
    },
    /// Write matrix.md and the plots again from a matrix.json (no measuring), with the last
    /// `reports/compat.json` and `writes.json`.
    Report {
        /// The matrix.json to read.
        from: PathBuf,
        /// Where to write the report (defaults to the folder of `from`).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Internal: run one measured job in a child process (used by --matrix).
    #[command(hide = true)]
    Worker {
        /// `instr` (for callgrind) or `rss`.
        mode: String,
        /// `mutagen-rs`, `lofty` or `floor`.
        subject: String,
        /// A file with one path per line.
        list: PathBuf,
    },
}

fn files_under(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(std::result::Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(walkdir::DirEntry::into_path)
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn inspect_one(path: &Path, json: bool) -> bool {
    let shown = path.display();
    match mutagen_core::read_path(path) {
        Ok(Detected::Read(kind, file)) => {
            if json {
                let value = serde_json::json!({
                    "path": shown.to_string(),
                    "kind": kind.class_name(),
                    "file": file,
                });
                println!("{value}");
            } else {
                println!("{shown}: {}\n{file:#?}", kind.class_name());
            }
            true
        }
        Ok(Detected::Unsupported(kind)) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({"path": shown.to_string(), "kind": kind.class_name(), "unsupported": true})
                );
            } else {
                println!(
                    "{shown}: {} (not read by mutagen-rs yet)",
                    kind.class_name()
                );
            }
            true
        }
        Ok(Detected::Unknown) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({"path": shown.to_string(), "kind": null})
                );
            } else {
                println!("{shown}: unknown format");
            }
            true
        }
        Err(e) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({"path": shown.to_string(), "error": e.to_string(), "error_kind": format!("{:?}", e.kind())})
                );
            } else {
                println!("{shown}: error: {e} ({:?})", e.kind());
            }
            false
        }
    }
}

fn inspect(mut paths: Vec<PathBuf>, json: bool) -> ExitCode {
    if paths.is_empty() {
        paths.push(PathBuf::from("corpus/real"));
    }
    let files = files_under(&paths);
    if files.is_empty() {
        eprintln!("no files found under {paths:?}");
        return ExitCode::FAILURE;
    }
    let mut failed = 0usize;
    for f in &files {
        if !inspect_one(f, json) {
            failed += 1;
        }
    }
    eprintln!("{} files read, {failed} raised an error", files.len());
    ExitCode::SUCCESS
}

fn corpus(out: &Path, seed: u64, max_batch: usize) -> ExitCode {
    match matrix::generate_corpus(out, seed, max_batch) {
        Ok(m) => {
            eprintln!(
                "wrote {} files in {} workloads to {} (seed {seed})",
                m.files.len(),
                m.workloads.len(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("corpus generation failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Inspect { paths, json }) => inspect(paths, json),
        Some(Command::Corpus {
            out,
            seed,
            max_batch,
        }) => corpus(&out, seed, max_batch),
        Some(Command::Engines {
            files,
            rounds,
            cpus,
            out,
        }) => {
            let opts = engines::Options {
                files,
                rounds,
                cpus,
                out,
            };
            match engines::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("engines failed: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(Command::Writes {
            budget,
            rounds,
            out,
        }) => {
            let opts = writes::Options {
                budget,
                rounds,
                out,
            };
            match writes::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("writes failed: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(Command::Report { from, out }) => {
            let out = out.unwrap_or_else(|| {
                from.parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            });
            match matrix::rewrite_report(&from, &out) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("report failed: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(Command::Worker {
            mode,
            subject,
            list,
        }) => matrix::worker(&mode, &subject, &list),
        None if cli.matrix => {
            let opts = matrix::Options {
                quick: cli.quick,
                out: cli.out,
                corpus: cli.corpus,
                seed: cli.seed,
                python: !cli.no_python,
                valgrind: !cli.no_valgrind,
                cold: cli.cold,
                only_variant: cli.only_variant,
                variants_file: cli.variants,
                sweep: cli.sweep || cli.quick,
                formats: cli.formats,
            };
            match matrix::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("matrix failed: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        None => {
            eprintln!("nothing to do: give --matrix or a subcommand (see --help)");
            ExitCode::FAILURE
        }
    }
}
