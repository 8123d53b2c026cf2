//! The mutagen-rs driver.
//!
//! `harness inspect [PATH...]` reads every file (directories are walked) with the parser core
//! and prints what it found, as text or, with `--json`, as one JSON object per line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mutagen_core::Detected;

/// The mutagen-rs driver.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Inspect { mut paths, json } => {
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
    }
}
