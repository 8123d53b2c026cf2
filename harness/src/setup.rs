//! What the matrix needs besides this binary: the two virtualenvs under `target/bench/`, and
//! facts about the machine and the toolchains for the report's stamp.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the workspace this binary was built from, or the current directory).
pub fn repo_root() -> PathBuf {
    let from_build = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if from_build.join("pyproject.toml").is_file() {
        return from_build.canonicalize().unwrap_or(from_build);
    }
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

fn run_logged(cmd: &mut Command, log: &Path) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    let mut text = format!("$ {shown}\n");
    text.push_str(&String::from_utf8_lossy(&out.stdout));
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    let mut old = std::fs::read_to_string(log).unwrap_or_default();
    old.push_str(&text);
    let _ = std::fs::write(log, old);
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{shown} failed ({}); see {}",
            out.status,
            log.display()
        ))
    }
}

fn python_of(venv: &Path) -> PathBuf {
    venv.join("bin").join("python")
}

/// Make a virtualenv at `venv` (if missing) and install `reqs` into it (skipped when the
/// same requirements were installed before).
fn venv_with(venv: &Path, reqs: &[&str], log: &Path) -> Result<PathBuf, String> {
    let py = python_of(venv);
    if !py.exists() {
        run_logged(Command::new("python3").arg("-m").arg("venv").arg(venv), log)?;
    }
    install_extras(&py, reqs, "requirements", log)?;
    Ok(py)
}

/// Install `reqs` into the virtualenv of `py` (skipped when the same requirements were
/// installed under the name `name` before).
///
/// # Errors
/// A failed install; the log names the command.
pub fn install_extras(py: &Path, reqs: &[&str], name: &str, log: &Path) -> Result<(), String> {
    let venv = py
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| format!("{} is not in a virtualenv", py.display()))?;
    let marker = venv.join(format!(".harness-{name}"));
    let want = reqs.join("\n");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(want.as_str()) {
        run_logged(
            Command::new(py)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .args(reqs),
            log,
        )?;
        let _ = std::fs::write(&marker, want);
    }
    Ok(())
}

/// How our Python package is built for a variant.
#[derive(Debug, Clone)]
pub struct PyBuild {
    /// Cargo features of the binding crate (core features as `mutagen-core/F`).
    pub features: Vec<String>,
    /// Whether the binding's default features are on.
    pub default_features: bool,
    /// The Cargo profile (`release` when `None`).
    pub profile: Option<String>,
    /// `RUSTFLAGS` for the build.
    pub rustflags: Option<String>,
}

impl Default for PyBuild {
    fn default() -> Self {
        PyBuild {
            features: Vec::new(),
            default_features: true,
            profile: None,
            rustflags: None,
        }
    }
}

/// The main environment (`target/bench/VENV_NAME`): mutagen 1.48.1 and this repository's
/// package, built with maturin as `build` says (a variant's features, profile and flags).
/// Returns the interpreter, and whether our package built (the matrix goes on without it).
pub fn main_env(
    root: &Path,
    log: &Path,
    venv_name: &str,
    build: &PyBuild,
) -> Result<(PathBuf, Result<(), String>), String> {
    let venv = root.join("target/bench").join(venv_name);
    let py = venv_with(
        &venv,
        &[
            "maturin>=1.5,<2",
            "mutagen==1.48.1",
            "msgpack",
            "orjson",
            "numpy",
            "pyarrow",
        ],
        log,
    )?;
    let mut cmd = Command::new(venv.join("bin").join("maturin"));
    cmd.args(["develop", "--quiet"]);
    match &build.profile {
        Some(p) => cmd.args(["--profile", p]),
        None => cmd.arg("--release"),
    };
    if !build.features.is_empty() {
        cmd.arg("--features").arg(build.features.join(","));
    }
    if !build.default_features {
        cmd.arg("--no-default-features");
    }
    if let Some(flags) = &build.rustflags {
        cmd.env("RUSTFLAGS", flags);
        // Its own target directory, so the flags do not force rebuilds of the others.
        cmd.env(
            "CARGO_TARGET_DIR",
            root.join("target/bench/build").join(venv_name),
        );
    }
    let built = run_logged(
        cmd.current_dir(root).env("VIRTUAL_ENV", &venv).env(
            "PATH",
            format!(
                "{}:{}",
                venv.join("bin").display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        ),
        log,
    );
    Ok((py, built))
}

/// Build the C extension (`cext/build.sh`, release) into the virtualenv of `py`.
pub fn cext_build(root: &Path, py: &Path, log: &Path) -> Result<(), String> {
    let venv = py
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| format!("no virtualenv around {}", py.display()))?;
    run_logged(
        Command::new("bash")
            .arg(root.join("cext/build.sh"))
            .arg(venv)
            .current_dir(root),
        log,
    )
}

/// The environment of the package-index mutagen-rs 0.2.7 (same import name as ours), with
/// mutagen 1.48.1 beside it as the in-process reference.
pub fn pypi_env(root: &Path, log: &Path) -> Result<PathBuf, String> {
    let venv = root.join("target/bench/venv-pypi");
    venv_with(&venv, &["mutagen-rs==0.2.7", "mutagen==1.48.1"], log)
}

fn command_line(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The commit (with `-dirty` when the tree has changes), or "unknown".
pub fn commit(root: &Path) -> String {
    let dir = root.to_string_lossy().to_string();
    let head =
        command_line("git", &["-C", &dir, "rev-parse", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let dirty = command_line(
        "git",
        &["-C", &dir, "status", "--porcelain", "--untracked-files=no"],
    )
    .is_some_and(|s| !s.is_empty());
    if dirty {
        format!("{head}-dirty")
    } else {
        head
    }
}

/// The CPU model name.
pub fn cpu() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// `rustc -V`.
pub fn rustc() -> String {
    command_line("rustc", &["-V"]).unwrap_or_else(|| "unknown".into())
}

/// The version of a package in the workspace's Cargo.lock.
pub fn locked_version(root: &Path, package: &str) -> String {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    let needle = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == needle {
            if let Some(v) = lines.next() {
                return v
                    .trim()
                    .trim_start_matches("version = ")
                    .trim_matches('"')
                    .to_string();
            }
        }
    }
    "unknown".into()
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Whether valgrind can be run.
pub fn has_valgrind() -> bool {
    command_line("valgrind", &["--version"]).is_some()
}
