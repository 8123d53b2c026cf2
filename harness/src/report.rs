//! The report: `matrix.json` (the rows), `matrix.md` (the speedup tables and the verdict) and
//! SVG plots (speedup per format, time per file against file size, batch scaling).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use plotters::coord::combinators::{BindKeyPoints, LogCoord, WithKeyPoints};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::model::{Checks, CompatTotals, Matrix, Meta, Row, Variant, VariantOrigin};

const FORMATS: [&str; 5] = ["mp3", "flac", "ogg", "mp4", "mixed"];

/// Index of the rows by (variant, subject, format, workload, metric).
struct Index<'a> {
    map: BTreeMap<(&'a str, &'a str, &'a str, &'a str, &'a str), f64>,
}

impl<'a> Index<'a> {
    fn new(rows: &'a [Row]) -> Self {
        let mut map = BTreeMap::new();
        for r in rows {
            map.insert(
                (
                    r.variant.as_str(),
                    r.subject.as_str(),
                    r.format.as_str(),
                    r.workload.as_str(),
                    r.metric.as_str(),
                ),
                r.value,
            );
        }
        Index { map }
    }

    fn get(&self, v: &str, s: &str, f: &str, w: &str, m: &str) -> Option<f64> {
        self.map.get(&(v, s, f, w, m)).copied()
    }

    /// The subjects timed on one workload of a variant.
    fn subjects(&self, v: &str, f: &str, w: &str) -> Vec<&'a str> {
        self.map
            .keys()
            .filter(|k| k.0 == v && k.2 == f && k.3 == w && k.4 == "ns_per_file")
            .map(|k| k.1)
            .collect()
    }
}

fn workloads_in_order(rows: &[Row]) -> Vec<(String, String)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for f in FORMATS {
        let mut ws: Vec<&str> = rows
            .iter()
            .filter(|r| r.format == f)
            .map(|r| r.workload.as_str())
            .collect();
        ws.sort_by_key(|w| workload_rank(w));
        for w in ws {
            if seen.insert((f.to_string(), w.to_string())) {
                out.push((f.to_string(), w.to_string()));
            }
        }
    }
    out
}

fn workload_rank(w: &str) -> (u8, usize, String) {
    match w {
        "single-small" => (0, 0, String::new()),
        "single-typical" => (0, 1, String::new()),
        "single-large" => (0, 2, String::new()),
        _ if w.starts_with("hard-") => (1, 0, w.to_string()),
        _ if w.starts_with("batch-") => (
            2,
            w[6..].trim_end_matches("-cold").parse().unwrap_or(0),
            w.to_string(),
        ),
        _ => (3, 0, w.to_string()),
    }
}

fn fmt_ns(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn fmt_bytes(b: f64) -> String {
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / 1024.0 / 1024.0)
    } else if b >= 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{b:.0} B")
    }
}

fn fmt_count(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.2} M", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.1} k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}

fn time_cell(ix: &Index, v: &str, s: &str, f: &str, w: &str) -> String {
    match (
        ix.get(v, s, f, w, "ns_per_file"),
        ix.get(v, s, f, w, "ns_per_file_min"),
        ix.get(v, s, f, w, "ns_per_file_max"),
    ) {
        (Some(m), Some(lo), Some(hi)) => format!("{} [{}–{}]", fmt_ns(m), fmt_ns(lo), fmt_ns(hi)),
        _ => "–".into(),
    }
}

/// Files of the workload the subject did not read, or read without finding the file's title.
fn failed(ix: &Index, v: &str, s: &str, f: &str, w: &str) -> f64 {
    // A cold workload reads the same files as its warm one, whose checks stand for it.
    let w = w.strip_suffix("-cold").unwrap_or(w);
    ix.get(v, s, f, w, "failed_files").unwrap_or(0.0)
        + ix.get(v, s, f, w, "wrong_files").unwrap_or(0.0)
}

/// One comparison: ours against a competitor, measured in the same process.
struct Comparison {
    title: &'static str,
    ours: &'static str,
    theirs: &'static str,
    /// For cross-process comparisons: the anchor measured in each process (ours', theirs').
    anchor: Option<(&'static str, &'static str)>,
    note: &'static str,
}

const COMPARISONS: [Comparison; 5] = [
    Comparison {
        title: "mutagen-rs-py (our package) against mutagen 1.48.1",
        ours: "mutagen-rs-py",
        theirs: "mutagen",
        anchor: None,
        note: "Same files; each subject in a Python process of its own, the two taking turns (one share of the workload's time each, the order rotating).",
    },
    Comparison {
        title: "mutagen-rs-py against mutagen-rs 0.2.7 (caches cleared before each read)",
        ours: "mutagen-rs-py",
        theirs: "mutagen-rs-pypi",
        anchor: Some(("mutagen", "mutagen@venv-pypi")),
        note: "The two packages share an import name, so they run in two processes (two virtualenvs) of the same run. \
               Each run also measures mutagen, taking turns with them; the speedup shown is anchored on it: \
               (0.2.7 / mutagen in its process) ÷ (ours / mutagen in ours). The direct ratio of medians is in brackets.",
    },
    Comparison {
        title: "mutagen-rs (our Rust core) against lofty 0.25 (default options)",
        ours: "mutagen-rs",
        theirs: "lofty",
        anchor: None,
        note: "Same Rust process, interleaved file by file. Both read tags and properties fully (every value touched).",
    },
    Comparison {
        title: "batch_open (our batch API) against mutagen's loop over the same files",
        ours: "batch_open",
        theirs: "mutagen-loop",
        anchor: None,
        note: "Same Python process. One sample is one whole batch: `mutagen_rs.batch_open(paths)` (parallel, GIL released, on every core) \
               or `mutagen.File` on each path in turn, then every result's info and every tag key and value read back, divided by the number of files; \
               the subjects alternate from round to round after a warm-up round.",
    },
    Comparison {
        title: "batch_open against mutagen-rs 0.2.7's batch_open (caches cleared before each batch)",
        ours: "batch_open",
        theirs: "pypi-batch_open",
        anchor: Some(("mutagen-loop", "mutagen-loop@venv-pypi")),
        note: "Two processes (the packages share an import name), each anchored on mutagen's loop measured in it. \
               0.2.7's `batch_open` returns plain dicts (not mutagen objects); every value of them is walked.",
    },
];

fn speedup(ix: &Index, v: &str, c: &Comparison, f: &str, w: &str) -> Option<(f64, Option<f64>)> {
    let ours = ix.get(v, c.ours, f, w, "ns_per_file")?;
    let theirs = ix.get(v, c.theirs, f, w, "ns_per_file")?;
    if ours <= 0.0 {
        return None;
    }
    match c.anchor {
        None => Some((theirs / ours, None)),
        Some((a_ours, a_theirs)) => {
            let ao = ix.get(v, a_ours, f, w, "ns_per_file")?;
            let at = ix.get(v, a_theirs, f, w, "ns_per_file")?;
            if at <= 0.0 || ao <= 0.0 {
                return None;
            }
            Some(((theirs / at) / (ours / ao), Some(theirs / ours)))
        }
    }
}

fn geomean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    Some((xs.iter().map(|x| x.ln()).sum::<f64>() / xs.len() as f64).exp())
}

/// Speedups of a comparison over workloads where both subjects read every file.
fn clean_speedups(
    ix: &Index,
    v: &str,
    c: &Comparison,
    wls: &[(String, String)],
    format: Option<&str>,
) -> (Vec<f64>, usize) {
    let mut xs = Vec::new();
    let mut dirty = 0;
    for (f, w) in wls {
        if format.is_some_and(|x| x != f) {
            continue;
        }
        if let Some((s, _)) = speedup(ix, v, c, f, w) {
            if failed(ix, v, c.ours, f, w) + failed(ix, v, c.theirs, f, w) > 0.0 {
                dirty += 1;
            } else {
                xs.push(s);
            }
        }
    }
    (xs, dirty)
}

fn parts_push_line(md: &mut String, line: &str) {
    let _ = writeln!(md, "- {line}");
}

/// The size class of a workload, for the per-axis tables.
fn size_class(w: &str) -> &'static str {
    if w.starts_with("batch-") {
        "batch"
    } else if w == "single-small" {
        "small"
    } else if w == "single-large" || w == "hard-opus-multipage" {
        "large"
    } else {
        "typical"
    }
}

/// One metric of the axis tables: how a variant's figure compares with its reference's.
struct AxisMetric {
    label: &'static str,
    subject: &'static str,
    metric: &'static str,
    /// The subject measured in the same process that anchors a time (divided out).
    anchor: Option<&'static str>,
    /// Time-like: the ratio shown is reference ÷ variant (above 1: the variant is faster).
    /// Otherwise variant ÷ reference (below 1: the variant uses less).
    speed: bool,
}

const AXIS_METRICS: [AxisMetric; 10] = [
    AxisMetric {
        label: "core time",
        subject: "mutagen-rs",
        metric: "ns_per_file",
        anchor: Some("lofty"),
        speed: true,
    },
    AxisMetric {
        label: "core time, title/artist/album",
        subject: "mutagen-rs-title",
        metric: "ns_per_file",
        anchor: Some("lofty"),
        speed: true,
    },
    AxisMetric {
        label: "Python time",
        subject: "mutagen-rs-py",
        metric: "ns_per_file",
        anchor: Some("mutagen"),
        speed: true,
    },
    AxisMetric {
        label: "Python time, title/artist/album",
        subject: "mutagen-rs-py-title",
        metric: "ns_per_file",
        anchor: Some("mutagen-title"),
        speed: true,
    },
    AxisMetric {
        label: "batch_open time",
        subject: "batch_open",
        metric: "ns_per_file",
        anchor: Some("mutagen-loop"),
        speed: true,
    },
    AxisMetric {
        label: "Python blocks held",
        subject: "mutagen-rs-py",
        metric: "py_blocks_per_file",
        anchor: None,
        speed: false,
    },
    AxisMetric {
        label: "instructions",
        subject: "mutagen-rs",
        metric: "instructions_per_file",
        anchor: None,
        speed: false,
    },
    AxisMetric {
        label: "allocations",
        subject: "mutagen-rs",
        metric: "allocs_per_file",
        anchor: None,
        speed: false,
    },
    AxisMetric {
        label: "bytes allocated",
        subject: "mutagen-rs",
        metric: "alloc_bytes_per_file",
        anchor: None,
        speed: false,
    },
    AxisMetric {
        label: "peak RSS (Python)",
        subject: "mutagen-rs-py",
        metric: "peak_rss_bytes",
        anchor: None,
        speed: false,
    },
];

/// Ratio of one metric between variant `v` and reference `r` on one workload, as `AxisMetric`
/// defines it. `factor` is the run factor of the metric's anchor ([`anchor_factor`]), divided
/// out; `None` compares the raw figures (metrics without an anchor, and Rust times of a variant
/// that changes how all code is compiled: lofty is built by the same compiler invocation as our
/// core, so its times move with the variant and cannot anchor).
fn axis_ratio(
    ix: &Index,
    m: &AxisMetric,
    (v, r): (&str, &str),
    (f, w): (&str, &str),
    factor: Option<f64>,
) -> Option<f64> {
    let get = |var: &str, s: &str| ix.get(var, s, f, w, m.metric).filter(|x| *x > 0.0);
    let (a, b) = (get(v, m.subject)?, get(r, m.subject)?);
    // Anchored: the variant's time as it would have been in the reference's run.
    let a = a / factor.unwrap_or(1.0);
    Some(if m.speed { b / a } else { a / b })
}

/// How much slower `anchor` (a competitor measured in both runs) ran in variant `v`'s run
/// than in `r`'s, for `metric`: the median, over the workloads both runs measured (cold ones
/// aside), of its figure in `v`'s run ÷ in `r`'s. Dividing it out takes the two runs' machine
/// states out of the comparison. One factor per pair of runs rather than workload by
/// workload: a competitor's time on one workload can move between processes alone (mutagen's
/// large Ogg read took 0.9-1.2 ms in some runs and 4.5-7 ms in others, by what its heap had
/// been through before), which workload by workload would count as a change of ours.
fn anchor_factor(
    ix: &Index,
    anchor: &str,
    metric: &str,
    (v, r): (&str, &str),
    wls: &[(String, String)],
) -> Option<f64> {
    let mut xs: Vec<f64> = wls
        .iter()
        .filter(|(_, w)| !w.ends_with("-cold"))
        .filter_map(|(f, w)| {
            let a = ix.get(v, anchor, f, w, metric).filter(|x| *x > 0.0)?;
            let b = ix.get(r, anchor, f, w, metric).filter(|x| *x > 0.0)?;
            Some(a / b)
        })
        .collect();
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] * xs[n / 2]).sqrt()
    })
}

/// The per-axis section: for each variant that names an axis, its figures against the
/// variant it differs from on that axis alone, per format and size class, and a verdict.
fn axes_section(md: &mut String, res: &Matrix, ix: &Index, wls: &[(String, String)]) {
    let vs = &res.meta.variants;
    let with_axis: Vec<&Variant> = vs.iter().filter(|v| v.axis.is_some()).collect();
    if with_axis.is_empty() {
        return;
    }
    let first = vs.first().map_or("default", |v| v.name.as_str());
    let _ = writeln!(md, "## Axes\n");
    let _ = writeln!(md, "{AXES_INTRO}\n");
    for v in with_axis {
        let name = v.name.as_str();
        let axis = v.axis.as_deref().unwrap_or("?");
        if v.is_subject_variant() {
            let subjects: Vec<&str> = v.subjects.iter().map(String::as_str).collect();
            subject_axis(
                md,
                ix,
                wls,
                first,
                name,
                axis,
                &subjects,
                v.against_subject.as_deref().unwrap_or("batch_open"),
            );
            continue;
        }
        build_axis(md, ix, wls, v, axis, res.meta.origins.get(name));
    }
}

const AXES_INTRO: &str = "Each variant below differs from its reference on one axis only. Time ratios are reference ÷ variant \
        (above 1: the variant is faster), each anchored on the competitor measured in the same run (lofty for the core, mutagen for \
        the Python package) so that the two runs' machine states divide out: the variant's times are divided by the median, over the workloads, \
        of the competitor's time in the variant's run ÷ in the reference's (one factor per pair of runs, so that a competitor's time that moves \
        on one workload alone, as mutagen's large Ogg read does between processes, is not taken for a change of ours); instructions, allocations and memory are variant ÷ reference \
        (below 1: the variant uses less). `core time` reads each file and touches every value of the result; `core time, title/artist/album` \
        reads each file and asks only for its title, artist and album, which is where the `lazy` variant leaves work undone; \
        the two Python times are the same pair through `mutagen_rs.File` (every key and value read back, or only the stream info and the title, \
        artist and album keys, anchored on mutagen doing the same), where `lazy-objects` leaves frames unbuilt. Verdicts use the full reads, \
        so no deferred work counts as saved. Each cell is the geometric mean over the workloads of that format and size class \
        (small: single-small; typical: single-typical and the hard cases; large: single-large; batch: batch-N). \
        Verdict rule: a variant wins when its time ratio's geometric mean over all workloads is at least 1.02 for the core (or, for \
        binding variants, the Python package) and no format loses more than 2%; it loses when that mean is at most 0.98; otherwise no difference is shown.";

/// One variant with a build of its own against its reference: the table by format and size
/// class, and the verdict.
fn build_axis(
    md: &mut String,
    ix: &Index,
    wls: &[(String, String)],
    v: &Variant,
    axis: &str,
    origin: Option<&VariantOrigin>,
) {
    let name = v.name.as_str();
    let reference = v.against.as_deref().unwrap_or("baseline");
    let _ = writeln!(md, "### `{name}` (axis {axis}) against `{reference}`\n");
    let _ = writeln!(md, "{}\n", v.description);
    if let Some(o) = origin {
        let at = o.measured_at.as_deref().unwrap_or("never");
        let line = match o.how.as_str() {
            "reused" => format!("Figures reused from the run of {at}, with the quick budget: the key `{}` (the variant's build, the sources, the corpus and the machine) is unchanged since.", o.key),
            "measured" => format!("Measured in this run, with the quick budget (key `{}`); saved for later runs.", o.key),
            _ => format!("**Stale**: not measured in this run, and no saved result has the current key `{}` (last measured: {at}). `--matrix --sweep` measures it.", o.key),
        };
        let _ = writeln!(md, "{line}\n");
        if o.how == "stale" {
            let _ = writeln!(md, "Verdict for `{name}`: not measured (stale).\n");
            return;
        }
    }
    // Profile, flags and PGO change how lofty is compiled as well: its times cannot anchor.
    let whole_build = v.is_whole_build();
    if whole_build {
        let _ = writeln!(md, "This variant changes how every crate of the binary is compiled, lofty included, so core times are compared without an anchor (the two runs' raw medians).\n");
    }
    let _ = writeln!(
        md,
        "| format | size | {} |\n|---|---|{}",
        AXIS_METRICS
            .iter()
            .map(|m| m.label)
            .collect::<Vec<_>>()
            .join(" | "),
        "---:|".repeat(AXIS_METRICS.len())
    );
    // Each metric's anchor, as one factor for the pair of runs. A metric whose anchor was not
    // measured in both runs has no figures.
    let factors: Vec<Option<Option<f64>>> = AXIS_METRICS
        .iter()
        .map(
            |m| match m.anchor.filter(|&x| !whole_build || x != "lofty") {
                Some(anchor) => {
                    anchor_factor(ix, anchor, m.metric, (name, reference), wls).map(Some)
                }
                None => Some(None),
            },
        )
        .collect();
    let mut overall: Vec<Vec<f64>> = vec![Vec::new(); AXIS_METRICS.len()];
    let mut per_format: BTreeMap<(usize, &str), Vec<f64>> = BTreeMap::new();
    for f in FORMATS {
        for class in ["small", "typical", "large", "batch"] {
            let cells: Vec<Option<f64>> = AXIS_METRICS
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let xs: Vec<f64> = wls
                        .iter()
                        .filter(|(ff, w)| {
                            ff == f && size_class(w) == class && !w.ends_with("-cold")
                        })
                        .filter_map(|(ff, w)| {
                            axis_ratio(ix, m, (name, reference), (ff, w), factors[i]?)
                        })
                        .collect();
                    overall[i].extend(&xs);
                    per_format.entry((i, f)).or_default().extend(&xs);
                    geomean(&xs)
                })
                .collect();
            if cells.iter().all(Option::is_none) {
                continue;
            }
            let cells: Vec<String> = cells
                .iter()
                .map(|c| c.map_or("–".into(), |x| format!("{x:.3}")))
                .collect();
            let _ = writeln!(md, "| {f} | {class} | {} |", cells.join(" | "));
        }
    }
    let all: Vec<String> = overall
        .iter()
        .map(|xs| geomean(xs).map_or("–".into(), |x| format!("**{x:.3}**")))
        .collect();
    let _ = writeln!(md, "| all | all | {} |\n", all.join(" | "));
    // Core variants are judged on the core's time; binding variants on the package's.
    let binding_only = v.core_features.is_empty()
        && (!v.binding_features.is_empty() || !v.binding_default_features)
        && !whole_build;
    let judged = if binding_only { 2 } else { 0 };
    let verdict = axis_verdict(&overall[judged], &per_format, judged);
    let _ = writeln!(md, "Verdict for `{name}`: {verdict}.\n");
}

/// The verdict of a build variant by the rule stated in the section's introduction.
fn axis_verdict(
    overall: &[f64],
    per_format: &BTreeMap<(usize, &str), Vec<f64>>,
    judged: usize,
) -> String {
    let Some(g) = geomean(overall) else {
        return "not measured in this run".to_string();
    };
    let worst = FORMATS
        .iter()
        .filter_map(|f| {
            per_format
                .get(&(judged, *f))
                .and_then(|xs| geomean(xs))
                .map(|x| (x, *f))
        })
        .fold(None::<(f64, &str)>, |acc, x| match acc {
            Some(a) if a.0 <= x.0 => Some(a),
            _ => Some(x),
        });
    let label = AXIS_METRICS[judged].label;
    match worst {
        Some((w, wf)) if g >= 1.02 && w >= 0.98 => {
            format!("**wins**: {label} {g:.3}x overall, no format below 0.98 (lowest: {wf} {w:.3})")
        }
        Some((w, wf)) if g >= 1.02 => {
            format!("**mixed**: {label} {g:.3}x overall, but {wf} {w:.3}")
        }
        _ if g <= 0.98 => format!("**loses**: {label} {g:.3}x overall"),
        _ => format!("**no difference**: {label} {g:.3}x overall (within 2%)"),
    }
}

/// An axis whose variants are other outputs of the same build, measured as batch subjects in
/// the first variant's process against the compatible batch API.
#[allow(clippy::too_many_arguments)]
fn subject_axis(
    md: &mut String,
    ix: &Index,
    wls: &[(String, String)],
    v: &str,
    name: &str,
    axis: &str,
    subjects: &[&str],
    reference: &str,
) {
    let _ = writeln!(md, "### `{name}` (axis {axis}) against `{reference}`\n");
    let _ = writeln!(md, "Measured in the run of `{v}`: each subject does the whole batch through its API and reads every value back. \
        Time and peak RSS are per batch run; first result is the time until the first result reached Python.\n");
    let _ = writeln!(md, "| format | workload | subject | time per file | vs {reference} | first result | peak RSS | vs {reference} | Python blocks held per file |\n|---|---|---|---:|---:|---:|---:|---:|---:|");
    let mut ratios = Vec::new();
    for (f, w) in wls.iter().filter(|(_, w)| w.starts_with("batch-")) {
        for s in subjects {
            let t = ix.get(v, s, f, w, "ns_per_file");
            let r = ix.get(v, reference, f, w, "ns_per_file");
            if t.is_none() {
                continue;
            }
            let ratio = match (t, r) {
                (Some(a), Some(b)) if a > 0.0 => {
                    ratios.push(b / a);
                    format!("{:.2}x", b / a)
                }
                _ => "–".into(),
            };
            let rss = ix.get(v, s, f, w, "peak_rss_bytes");
            let rss_ref = ix.get(v, reference, f, w, "peak_rss_bytes");
            let rss_ratio = match (rss, rss_ref) {
                (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
                _ => "–".into(),
            };
            let _ = writeln!(
                md,
                "| {f} | {w} | {s} | {} | {ratio} | {} | {} | {rss_ratio} | {} |",
                t.map_or("–".into(), fmt_ns),
                ix.get(v, s, f, w, "first_result_ns")
                    .map_or("–".into(), fmt_ns),
                rss.map_or("–".into(), fmt_bytes),
                ix.get(v, s, f, w, "py_blocks_per_file")
                    .map_or("–".into(), |b| format!("{b:.1}")),
            );
        }
    }
    let verdict = match geomean(&ratios) {
        None => "not measured in this run".into(),
        Some(g) if g >= 1.02 => format!("**faster** than {reference}: {g:.2}x (geometric mean)"),
        Some(g) if g <= 0.98 => format!("**slower** than {reference}: {g:.2}x (geometric mean)"),
        Some(g) => format!("**no difference** from {reference}: {g:.2}x"),
    };
    let _ = writeln!(md, "\nVerdict for `{name}`: {verdict}.\n");
}

/// `matrix.md`: the stamp, the verdicts, the default build's tables, the axes, the honesty
/// checks, the notes and the plots.
fn markdown(
    res: &Matrix,
    engines: Option<&crate::engines::Saved>,
    writes: Option<&crate::writes::Saved>,
) -> String {
    let ix = Index::new(&res.rows);
    let wls = workloads_in_order(&res.rows);
    let mut md = String::new();
    title(&mut md, &res.meta);
    plan_section(&mut md, res, &ix, &wls);
    stamp_section(&mut md, &res.meta);
    verdict_section(&mut md, &res.meta, &ix, &wls);
    // Full tables for the first variant (the default build); the others are summed up by
    // axis in the section after.
    if let Some(v) = res.meta.variants.first() {
        let v = v.name.as_str();
        speedup_section(&mut md, &ix, v, &wls);
        cold_batch_section(&mut md, &ix, v, &wls);
        floor_section(&mut md, &ix, v, &wls);
        copies_section(&mut md, &ix, v, &wls);
        instructions_section(&mut md, &ix, v, &wls);
        rss_section(&mut md, &res.rows, &ix, v, &wls);
        more_formats_section(&mut md, res, &ix, v);
    }
    axes_section(&mut md, res, &ix, &wls);
    if let Some(saved) = engines {
        crate::engines::section(&mut md, saved);
    }
    if let Some(saved) = writes {
        crate::writes::section(&mut md, saved);
    }
    honesty_section(&mut md, &res.meta);
    let _ = writeln!(md, "\n## Notes\n");
    for x in &res.meta.notes {
        let _ = writeln!(md, "- {x}");
    }
    let _ = writeln!(md, "\n## Plots\n\n![speedup per format](speedup.svg)\n\n![time per file against file size](time_vs_size.svg)\n\n![batch scaling](batch_scaling.svg)\n");
    md
}

/// A stamp value as the table shows it: `null` when absent.
fn or_null(x: Option<&str>) -> String {
    x.map_or_else(|| "null".to_string(), String::from)
}

/// The title and the command that wrote the report.
fn title(md: &mut String, meta: &Meta) {
    let _ = writeln!(md, "# mutagen-rs benchmark matrix\n");
    let _ = writeln!(
        md,
        "Generated by `cargo run --release -p harness -- --matrix{}`; regenerated by the harness, never edited by hand. \
         The rules behind every figure are in `shared/BENCHMARKING.md`.\n",
        if meta.quick { " --quick" } else { "" }
    );
}

/// The table of what was measured where.
fn stamp_section(md: &mut String, meta: &Meta) {
    let _ = writeln!(md, "| stamp | value |\n|---|---|");
    let stamps = [
        ("commit", meta.commit.clone()),
        ("date (UTC)", meta.date.clone()),
        ("CPU", meta.cpu.clone()),
        ("cores", meta.cores.to_string()),
        ("rustc", meta.rustc.clone()),
        ("Python", or_null(meta.python.as_deref())),
        ("mutagen", or_null(meta.mutagen.as_deref())),
        ("lofty", or_null(meta.lofty.as_deref())),
        (
            "mutagen-rs (package index)",
            or_null(meta.mutagen_rs_pypi.as_deref()),
        ),
        ("page cache", meta.page_cache.clone()),
        ("quick subset", meta.quick.to_string()),
        ("run time (s)", meta.elapsed_s.to_string()),
    ];
    for (label, value) in stamps {
        let _ = writeln!(md, "| {label} | {value} |");
    }
    let _ = writeln!(md, "| variants | {} |", meta.variant_names().join(", "));
    let corpus = serde_json::to_string(&meta.corpus).unwrap_or_default();
    let _ = writeln!(md, "| corpus | {corpus} |\n");
    let _ = writeln!(md, "Absolute times are for this machine only; the ratios are what carries over. Every time is per file: \
                          the median over all reads, with the fastest and slowest read in brackets.\n");
}

/// Each variant's geometric means against the competitors, against the first variant, and
/// its agreement with mutagen.
fn verdict_section(md: &mut String, meta: &Meta, ix: &Index, wls: &[(String, String)]) {
    let _ = writeln!(md, "## Verdict\n");
    // Variants measured as batch subjects of another variant's run have their verdict in the
    // section on axes.
    let subject_variants: Vec<&str> = meta
        .variants
        .iter()
        .filter(|x| x.is_subject_variant())
        .map(|x| x.name.as_str())
        .collect();
    if !subject_variants.is_empty() {
        let _ = writeln!(
            md,
            "Measured as batch subjects of the first variant's run (verdicts in *Axes*): {}.\n",
            subject_variants.join(", ")
        );
    }
    let first = meta.variants.first();
    for v in meta.variants.iter().filter(|v| !v.is_subject_variant()) {
        let _ = writeln!(md, "**{}**:\n", v.name);
        for p in competitor_lines(ix, &v.name, wls) {
            let _ = writeln!(md, "- {p}");
        }
        if let Some(first) = first.filter(|f| f.name != v.name) {
            against_first(md, ix, &first.name, v, wls);
        }
        // The honesty checks run once, in the process of the first variant.
        if first.is_some_and(|f| f.name == v.name) {
            fidelity_line(md, &meta.checks);
        }
        let _ = writeln!(md);
    }
}

/// One line per comparison: the geometric mean of a variant's speedups over a competitor.
fn competitor_lines(ix: &Index, v: &str, wls: &[(String, String)]) -> Vec<String> {
    let mut parts = Vec::new();
    for c in &COMPARISONS {
        let (xs, dirty) = clean_speedups(ix, v, c, wls, None);
        match geomean(&xs) {
            Some(g) => {
                let wins = xs.iter().filter(|&&x| x > 1.0).count();
                parts.push(format!(
                    "{} vs {}: geometric mean {g:.2}x over {} workloads, faster on {wins}{}",
                    c.ours,
                    c.theirs,
                    xs.len(),
                    if dirty > 0 { format!(" ({dirty} workloads left out: a subject failed to read some files)") } else { String::new() }
                ));
            }
            None if dirty == 0 => parts.push(format!(
                "{} vs {}: not measured in this run",
                c.ours, c.theirs
            )),
            None => parts.push(format!(
                "{} vs {}: no clean comparison yet ({dirty} workloads where a subject failed to read files)",
                c.ours, c.theirs
            )),
        }
    }
    parts
}

/// A variant's core and package times against the first variant's, anchored on the
/// competitor measured in each run (unanchored for whole-build variants: lofty is compiled
/// with their settings too).
fn against_first(md: &mut String, ix: &Index, first: &str, v: &Variant, wls: &[(String, String)]) {
    let whole_build = v.is_whole_build();
    for (ours, anchor) in [("mutagen-rs", "lofty"), ("mutagen-rs-py", "mutagen")] {
        // Unanchored when lofty is compiled with this variant's settings too.
        let anchor = (!(whole_build && anchor == "lofty")).then_some(anchor);
        let factor = match anchor {
            Some(a) => match anchor_factor(ix, a, "ns_per_file", (&v.name, first), wls) {
                Some(k) => k,
                None => continue,
            },
            None => 1.0,
        };
        let xs: Vec<f64> = wls
            .iter()
            .filter_map(|(f, w)| {
                let get = |var: &str| ix.get(var, ours, f, w, "ns_per_file").filter(|x| *x > 0.0);
                Some(get(first)? / (get(&v.name)? / factor))
            })
            .collect();
        if let Some(g) = geomean(&xs) {
            let how = match anchor {
                None => "unanchored: lofty is compiled with this variant's settings too".to_string(),
                Some(a) => format!("anchored on {a} measured in each run, the median of its ratios between the runs ({factor:.3})"),
            };
            parts_push_line(md, &format!(
                "{ours} against variant `{first}`: {g:.2}x (geometric mean over {} workloads, {how})",
                xs.len()
            ));
        }
    }
}

/// How many sampled files each Python subject described exactly as mutagen did.
fn fidelity_line(md: &mut String, checks: &Checks) {
    let mut fidelity: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for c in checks.reuse.values() {
        for (sname, r) in &c.subjects {
            if let (Some(a), Some(b)) = (r.same_as_mutagen, r.compared) {
                let e = fidelity.entry(sname.as_str()).or_default();
                e.0 += a;
                e.1 += b;
            }
        }
    }
    if fidelity.is_empty() {
        return;
    }
    let list: Vec<String> = fidelity
        .iter()
        .filter(|(k, _)| **k != "mutagen")
        .map(|(k, (a, b))| format!("{k} {a} of {b}"))
        .collect();
    let _ = writeln!(
        md,
        "- same answer as mutagen 1.48.1 (full description, sampled batch files): {}",
        list.join("; ")
    );
}

/// The speedup tables of variant `v`, one per comparison.
fn speedup_section(md: &mut String, ix: &Index, v: &str, wls: &[(String, String)]) {
    let _ = writeln!(md, "## Speedups, variant `{v}`\n");
    if wls.iter().any(|(_, w)| w.ends_with("-cold")) {
        let _ = writeln!(
            md,
            "Workloads named `*-cold` are the same batches read with a cold page cache: before each subject's pass the page cache was emptied \
             (`echo 3 > /proc/sys/vm/drop_caches`) and one process read every file once. They are not interleaved (each subject needs its own cold cache), \
             so their ratios carry the run-to-run spread of the disk; they are reported apart from the warm workloads and never mixed with them.\n"
        );
    }
    for c in &COMPARISONS {
        let _ = writeln!(md, "### {}\n\n{}\n", c.title, c.note);
        let _ = writeln!(
            md,
            "| format | workload | speedup | {} | {} | files not read right (ours / theirs) |\n|---|---|---:|---:|---:|---:|",
            c.ours, c.theirs
        );
        for (f, w) in wls {
            let sp = speedup(ix, v, c, f, w);
            if sp.is_none()
                && ix.get(v, c.ours, f, w, "ns_per_file").is_none()
                && ix.get(v, c.theirs, f, w, "ns_per_file").is_none()
            {
                continue;
            }
            let fo = failed(ix, v, c.ours, f, w);
            let ft = failed(ix, v, c.theirs, f, w);
            let cell = match sp {
                Some((x, Some(direct))) => format!("{x:.2}x ({direct:.2}x)"),
                Some((x, None)) => format!("{x:.2}x"),
                None => "–".into(),
            };
            let cell = if fo + ft > 0.0 {
                format!("{cell} ⚠")
            } else {
                cell
            };
            let _ = writeln!(
                md,
                "| {f} | {w} | {cell} | {} | {} | {fo:.0} / {ft:.0} |",
                time_cell(ix, v, c.ours, f, w),
                time_cell(ix, v, c.theirs, f, w)
            );
        }
        let _ = writeln!(md, "\n⚠: a subject failed to read some files of this workload (a format our readers do not cover yet, an error, or a result without the title the file carries); the ratio compares unlike work and is left out of the verdict.\n");
    }
}

/// The batch outputs with a cold page cache, against mutagen's loop over the same files, and
/// the verdict on the largest mixed batch (target ≥10x).
fn cold_batch_section(md: &mut String, ix: &Index, v: &str, wls: &[(String, String)]) {
    const TARGET: f64 = 10.0;
    // Every cold batch subject but mutagen's loop, in the table's column order.
    let ours = &crate::matrix::COLD_BATCH_SUBJECTS[1..];
    let cold: Vec<&(String, String)> = wls
        .iter()
        .filter(|(f, w)| {
            w.ends_with("-cold") && ix.get(v, "mutagen-loop", f, w, "ns_per_file").is_some()
        })
        .collect();
    if cold.is_empty() {
        return;
    }
    let _ = writeln!(
        md,
        "### Cold page cache: the batch outputs against mutagen's loop\n"
    );
    let _ = writeln!(md, "Each subject runs the whole batch once in a process of its own, right after the page cache was emptied; the figure is the run's wall time per file, with the speed-up over mutagen's loop (`mutagen.File` on each path in turn, also one cold run) in brackets. `scan` is `mutagen_rs.scan` into a `pyarrow.Table` (io_uring where the kernel has it), `scan (pread)` the same with `io=\"pread\"`.\n");
    let _ = writeln!(
        md,
        "| format | workload | mutagen's loop | batch_open | scan | scan (pread) | mutagen-rs 0.2.7 batch_open |\n|---|---|---:|---:|---:|---:|---:|"
    );
    let cell = |s: &str, f: &str, w: &str| {
        let (Some(t), Some(base)) = (
            ix.get(v, s, f, w, "ns_per_file"),
            ix.get(v, "mutagen-loop", f, w, "ns_per_file"),
        ) else {
            return "–".to_string();
        };
        let mark = if failed(ix, v, s, f, w) > 0.0 {
            " ⚠"
        } else {
            ""
        };
        format!("{} ({:.1}x){mark}", fmt_ns(t), base / t)
    };
    for (f, w) in &cold {
        let loop_ns = ix
            .get(v, "mutagen-loop", f, w, "ns_per_file")
            .unwrap_or(0.0);
        let cells: Vec<String> = ours.iter().map(|s| cell(s, f, w)).collect();
        let _ = writeln!(
            md,
            "| {f} | {w} | {} | {} |",
            fmt_ns(loop_ns),
            cells.join(" | ")
        );
    }
    let largest = cold
        .iter()
        .filter(|(f, w)| f == "mixed" && w.starts_with("batch-"))
        .max_by_key(|(_, w)| {
            w.trim_start_matches("batch-")
                .trim_end_matches("-cold")
                .parse::<u64>()
                .unwrap_or(0)
        });
    if let Some((f, w)) = largest {
        let loop_ns = ix.get(v, "mutagen-loop", f, w, "ns_per_file");
        let best = ours
            .iter()
            .filter(|s| carries_every_value(s))
            .filter(|s| failed(ix, v, s, f, w) == 0.0)
            .filter_map(|s| Some((*s, ix.get(v, s, f, w, "ns_per_file")?)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some(l), Some((s, t))) = (loop_ns, best) {
            let x = l / t;
            let verdict = if x >= TARGET {
                "**held**"
            } else {
                "**not held**"
            };
            let _ = writeln!(
                md,
                "\nCold, {f}/{w}: our fastest output that gives every tag value, `{s}`, {} per file against mutagen's loop's {}: **{x:.1}x** (target ≥{TARGET}x: {verdict}).",
                fmt_ns(t),
                fmt_ns(l)
            );
        }
    }
    let _ = writeln!(md);
}

/// The floors beside our subjects, and any subject measured below its floor.
fn floor_section(md: &mut String, ix: &Index, v: &str, wls: &[(String, String)]) {
    let _ = writeln!(md, "### Floors and the competitors' other settings\n");
    let _ = writeln!(md, "`floor` (Rust) and `floor-py` (Python) open the file, read the byte ranges our core reads for it (the whole file where our core does not read the format yet) and close it. Nothing that reads the file can be faster than its floor in the same process kind. `mutagen-rs-pypi-as-shipped` is mutagen-rs 0.2.7 without clearing its caches: after the first read of a path, its reads are cache hits, which is why it is not a comparison.\n");
    let _ = writeln!(md, "`mutagen-rs-py ÷ floor-py` says how close our package is to the floor; `mutagen ÷ floor-py` is the largest speedup over mutagen that any Python reader of the same bytes could show on this machine.\n");
    let _ = writeln!(md, "| format | workload | floor | floor-py | mutagen-rs | mutagen-rs-py | mutagen-rs-pypi-as-shipped | bytes read | mutagen-rs-py ÷ floor-py | mutagen ÷ floor-py |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (f, w) in wls {
        let ns = |s: &str| ix.get(v, s, f, w, "ns_per_file").map_or("–".into(), fmt_ns);
        let over_floor = |s: &str| match (
            ix.get(v, s, f, w, "ns_per_file"),
            ix.get(v, "floor-py", f, w, "ns_per_file"),
        ) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.1}x", a / b),
            _ => "–".into(),
        };
        let _ = writeln!(
            md,
            "| {f} | {w} | {} | {} | {} | {} | {} | {} | {} | {} |",
            ns("floor"),
            ns("floor-py"),
            ns("mutagen-rs"),
            ns("mutagen-rs-py"),
            ns("mutagen-rs-pypi-as-shipped"),
            ix.get(v, "floor", f, w, "bytes_read_per_file")
                .map_or("–".into(), fmt_bytes),
            over_floor("mutagen-rs-py"),
            over_floor("mutagen"),
        );
    }
    let mut below = Vec::new();
    for (f, w) in wls {
        for (s, fl) in [
            ("mutagen-rs", "floor"),
            ("lofty", "floor"),
            ("mutagen", "floor-py"),
            ("mutagen-rs-py", "floor-py"),
        ] {
            if let (Some(t), Some(fv)) = (
                ix.get(v, s, f, w, "ns_per_file"),
                ix.get(v, fl, f, w, "ns_per_file"),
            ) {
                if t < fv && failed(ix, v, s, f, w) == 0.0 {
                    below.push(format!("{s} on {f}/{w}"));
                }
            }
        }
    }
    let _ = writeln!(
        md,
        "\nSubjects faster than their floor (a benchmark bug if any): {}.\n",
        if below.is_empty() {
            "none".to_string()
        } else {
            below.join(", ")
        }
    );
}

/// Bytes copied in user space per Python read, beside the bytes read from the page cache.
fn copies_section(md: &mut String, ix: &Index, v: &str, wls: &[(String, String)]) {
    let metric = "copied_bytes_per_file";
    let rows: Vec<&(String, String)> = wls
        .iter()
        .filter(|(f, w)| {
            ix.get(v, "mutagen-rs-py", f, w, metric).is_some()
                || ix.get(v, "mutagen", f, w, metric).is_some()
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(md, "### Bytes copied per read (Python)\n");
    let _ = writeln!(md, "The bytes one `File()` read with every value read back copies in user space: `memcpy`, `memmove` and their kin, counted by valgrind's DHAT in copy mode (`--mode=copy`) over the whole process (the interpreter, the libraries and our extension), for 3 reads less 1 read, halved. The copy from the page cache into the process is not among them: it is `bytes read`, what our core asks for. *Copies* is the bytes copied over the bytes read.\n");
    let _ = writeln!(md, "| format | workload | bytes read | mutagen-rs-py copied | mutagen copied | copies (ours) | copies (mutagen) |\n|---|---|---:|---:|---:|---:|---:|");
    for (f, w) in rows {
        let read = ix.get(v, "floor", f, w, "bytes_read_per_file");
        let copied = |s: &str| ix.get(v, s, f, w, metric);
        let per = |c: Option<f64>| match (c, read) {
            (Some(c), Some(r)) if r > 0.0 => format!("{:.2}", c / r),
            _ => "–".into(),
        };
        let _ = writeln!(
            md,
            "| {f} | {w} | {} | {} | {} | {} | {} |",
            read.map_or("–".into(), fmt_bytes),
            copied("mutagen-rs-py").map_or("–".into(), fmt_bytes),
            copied("mutagen").map_or("–".into(), fmt_bytes),
            per(copied("mutagen-rs-py")),
            per(copied("mutagen")),
        );
    }
    let _ = writeln!(md);
}

/// The workloads of the further formats that have rows, in format then workload order.
fn more_workloads(res: &Matrix) -> Vec<(String, String, usize)> {
    let mut out: Vec<(String, String, usize)> = Vec::new();
    for f in mutagen_corpus::MORE_FORMATS {
        let mut ws: Vec<(&str, usize)> = res
            .meta
            .workloads
            .iter()
            .filter(|w| w.format == f)
            .filter(|w| {
                res.rows
                    .iter()
                    .any(|r| r.format == f && r.workload == w.workload)
            })
            .map(|w| (w.workload.as_str(), w.files))
            .collect();
        ws.sort_by_key(|(w, _)| workload_rank(w));
        out.extend(
            ws.into_iter()
                .map(|(w, n)| (f.to_string(), w.to_string(), n)),
        );
    }
    out
}

/// A subject's time per file on a workload of the further formats: the median when it read
/// every file right; else no time, but `— (not read)` when it read none of the files (a format
/// it does not read, or an error on every file) or the count of files it missed.
fn more_cell(ix: &Index, v: &str, s: &str, f: &str, w: &str, files: usize) -> String {
    let Some(t) = ix.get(v, s, f, w, "ns_per_file") else {
        return "–".into();
    };
    let missed = failed(ix, v, s, f, w);
    if files > 0 && missed >= files as f64 {
        "— (not read)".into()
    } else if missed > 0.0 {
        format!("— ({missed:.0}/{files} not read right)")
    } else {
        fmt_ns(t)
    }
}

/// The ratio `theirs ÷ ours` of two subjects' medians when both read every file right.
fn clean_ratio(ix: &Index, v: &str, ours: &str, theirs: &str, f: &str, w: &str) -> String {
    match (
        ix.get(v, ours, f, w, "ns_per_file"),
        ix.get(v, theirs, f, w, "ns_per_file"),
    ) {
        (Some(a), Some(b))
            if a > 0.0 && failed(ix, v, ours, f, w) + failed(ix, v, theirs, f, w) == 0.0 =>
        {
            format!("{:.1}x", b / a)
        }
        _ => "—".into(),
    }
}

/// The further formats (WAVE, AIFF, WavPack, Monkey's Audio, Musepack, ASF, DSF, True Audio):
/// time per file of every subject on each of their workloads, and our core's speedups.
fn more_formats_section(md: &mut String, res: &Matrix, ix: &Index, v: &str) {
    let wls = more_workloads(res);
    if wls.is_empty() {
        return;
    }
    let _ = writeln!(md, "## More formats\n");
    let _ = writeln!(
        md,
        "The formats beyond MP3, FLAC, Ogg and MP4, on generated files: WAVE and AIFF with an ID3v2 chunk; WavPack, Monkey's Audio, Musepack SV8, TAK and OptimFROG with an APEv2 tag; \
         ASF (WMA) with its attributes; DSF, DSDIFF and True Audio with an ID3v2 tag; AC-3, AAC (ADTS) and MIDI, which carry no tag, so only their stream information is read. \
         The audio is noise in each format's framing, a few KB to a few hundred KB. These formats are not part of the mixed batches; \
         they are measured with the default build alone, on the typical single file and a batch of 1,000 (with `--quick`: of 100), \
         with the quick budget, without the RSS, cold-cache and valgrind passes.\n"
    );
    let _ = writeln!(
        md,
        "Median time per file; the subjects read the same files, the Rust ones interleaved file by file, the Python ones taking turns in processes of their own. `— (not read)`: the subject read none of the files \
         (a format it does not read, or an error on every file); `— (k/N not read right)`: it failed on some files or missed their titles. \
         Neither gets a time. A speedup is the other subject's time over our Rust core's \
         (above 1x our core is faster), given only where both read every file right: over mutagen it compares two processes of one run \
         (the core in the harness, mutagen in the Python driver); over lofty, one process.\n"
    );
    let _ = writeln!(
        md,
        "| format | workload | files | mutagen | mutagen-rs-py | mutagen-rs (core) | lofty | floor | mutagen-rs-pypi | core speedup over mutagen | core speedup over lofty |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for (f, w, n) in &wls {
        let cell = |s: &str| more_cell(ix, v, s, f, w, *n);
        let floor = ix
            .get(v, "floor", f, w, "ns_per_file")
            .map_or("–".into(), fmt_ns);
        let _ = writeln!(
            md,
            "| {f} | {w} | {n} | {} | {} | {} | {} | {floor} | {} | {} | {} |",
            cell("mutagen"),
            cell("mutagen-rs-py"),
            cell("mutagen-rs"),
            cell("lofty"),
            cell("mutagen-rs-pypi"),
            clean_ratio(ix, v, "mutagen-rs", "mutagen", f, w),
            clean_ratio(ix, v, "mutagen-rs", "lofty", f, w),
        );
    }
    let _ = writeln!(md);
}

/// Instructions and allocations per file of the Rust subjects.
fn instructions_section(md: &mut String, ix: &Index, v: &str, wls: &[(String, String)]) {
    let _ = writeln!(
        md,
        "### Instructions and allocations per file (Rust, callgrind and dhat)\n"
    );
    let _ = writeln!(md, "Instruction counts are deterministic for a binary and an input: they are what CI gates on. Counted only inside the read loop (`--toggle-collect`), after one warm-up read.\n");
    let _ = writeln!(md, "| format | workload | mutagen-rs instructions | lofty instructions | floor instructions | mutagen-rs allocations (bytes) | lofty allocations (bytes) |\n|---|---|---:|---:|---:|---:|---:|");
    for (f, w) in wls {
        let i = |s: &str| ix.get(v, s, f, w, "instructions_per_file");
        let a = |s: &str| match (
            ix.get(v, s, f, w, "allocs_per_file"),
            ix.get(v, s, f, w, "alloc_bytes_per_file"),
        ) {
            (Some(n), Some(b)) => format!("{} ({})", fmt_count(n), fmt_bytes(b)),
            _ => "–".into(),
        };
        if i("mutagen-rs").is_none() && ix.get(v, "mutagen-rs", f, w, "allocs_per_file").is_none() {
            continue;
        }
        let _ = writeln!(
            md,
            "| {f} | {w} | {} | {} | {} | {} | {} |",
            i("mutagen-rs").map_or("–".into(), fmt_count),
            i("lofty").map_or("–".into(), fmt_count),
            i("floor").map_or("–".into(), fmt_count),
            a("mutagen-rs"),
            a("lofty")
        );
    }
}

/// Peak RSS of one process per subject per batch.
fn rss_section(md: &mut String, rows: &[Row], ix: &Index, v: &str, wls: &[(String, String)]) {
    let _ = writeln!(md, "\n### Peak RSS of the batch process\n");
    let _ = writeln!(md, "One process per subject per batch, reading each file once and holding every result until the end; peak RSS is `VmHWM` (which, unlike `ru_maxrss`, does not carry over the parent's peak across fork and exec), with the RSS after start-up and imports in brackets.\n");
    let preferred = [
        "mutagen-rs",
        "lofty",
        "mutagen",
        "mutagen-rs-py",
        "mutagen-rs-pypi",
        "mutagen-rs-pypi-as-shipped",
        "mutagen-loop",
        "batch_open",
        "iter_open",
        "pypi-batch_open",
    ];
    let measured = |r: &&Row| r.variant == v && r.metric == "peak_rss_bytes";
    let mut rss_subjects: Vec<&str> = preferred
        .iter()
        .copied()
        .filter(|s| rows.iter().filter(measured).any(|r| r.subject == *s))
        .collect();
    let others: BTreeSet<&str> = rows
        .iter()
        .filter(measured)
        .map(|r| r.subject.as_str())
        .filter(|s| !preferred.contains(s))
        .collect();
    rss_subjects.extend(others);
    let _ = writeln!(
        md,
        "| format | workload | {} |\n|---|---|{}",
        rss_subjects.join(" | "),
        "---:|".repeat(rss_subjects.len())
    );
    for (f, w) in wls {
        if rss_subjects
            .iter()
            .all(|s| ix.get(v, s, f, w, "peak_rss_bytes").is_none())
        {
            continue;
        }
        let cells: Vec<String> = rss_subjects
            .iter()
            .map(|s| {
                match (
                    ix.get(v, s, f, w, "peak_rss_bytes"),
                    ix.get(v, s, f, w, "baseline_rss_bytes"),
                ) {
                    (Some(p), Some(b)) => format!("{} ({})", fmt_bytes(p), fmt_bytes(b)),
                    (Some(p), None) => fmt_bytes(p),
                    _ => "–".into(),
                }
            })
            .collect();
        let _ = writeln!(md, "| {f} | {w} | {} |", cells.join(" | "));
    }
    let _ = writeln!(md);
}

/// How duplicates and result reuse were ruled out.
fn honesty_section(md: &mut String, meta: &Meta) {
    let _ = writeln!(md, "## How duplicates and result reuse were ruled out\n");
    let dup = &meta.checks.duplicates;
    let files: usize = dup.batches.iter().map(|b| b.files).sum();
    let _ = writeln!(
        md,
        "- **No duplicate files.** Every file of every batch was read back from disk and hashed (FNV-1a 64 over all its bytes), and its (device, inode) taken: \
         {} batch workloads, {files} file slots; duplicates found: **{}**. The generator writes each batch file with its own title (\"... #index\") and its own random audio bytes, and the harness never deduplicates by content or by stat.",
        dup.batches.len(),
        if dup.duplicates_found { "yes (see matrix.json)" } else { "none" }
    );
    let _ = writeln!(md, "- **No result reuse.** Every timed read calls the library's open function on the path again (no result is kept between reads; mutagen-rs 0.2.7 has `clear_all_caches()` called before each read, outside the timed region). \
                          This was checked per subject on a sample of each format's largest batch: each read must carry its own file's title, and a file rewritten in place with another file's bytes must be read anew (the *rewrite test*; `stale` means the library returned the old tags). \
                          *Same as mutagen* counts the sampled files whose full description (`python/tests/differential.py`: classes, every tag key and value, stream info, reprs) equals mutagen 1.48.1's: a speedup over a library that gives other answers is not a like-for-like comparison.\n");
    let _ = writeln!(md, "| batch | subject | reads checked | wrong title | not read | rewrite test | same as mutagen |\n|---|---|---:|---:|---:|---|---:|");
    for (k, c) in &meta.checks.reuse {
        for (s, r) in &c.subjects {
            let stale = match r.stale_after_rewrite {
                Some(true) => "stale",
                Some(false) => "read anew",
                None => "not run (file not read)",
            };
            let same = match (r.same_as_mutagen, r.compared) {
                (Some(a), Some(b)) => format!("{a} of {b}"),
                _ => "–".into(),
            };
            let _ = writeln!(
                md,
                "| {k} | {s} | {} | {} | {} | {stale} | {same} |",
                r.checked, r.wrong_title, r.failed
            );
        }
    }
}

const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(127, 127, 127),
    RGBColor(23, 190, 207),
];

type PlotResult = Result<(), Box<dyn std::error::Error>>;
type PlotFn = fn(&Path, &Matrix, &str) -> PlotResult;
/// (file size, time, read right) per workload.
type Points = Vec<(f64, f64, bool)>;
type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Width of the legend strip at the right of every plot.
const LEGEND_WIDTH: u32 = 230;

/// A log axis from the decade at or below `lo` to the decade at or above `hi`: every decade is
/// a labelled tick, with 2x and 5x ticks as well when the axis spans at most two decades, and
/// light grid lines at 2..9 times each decade.
fn log_axis(lo: f64, hi: f64) -> WithKeyPoints<LogCoord<f64>> {
    let lo = lo.max(f64::MIN_POSITIVE).log10().floor() as i32;
    let hi = (hi.max(f64::MIN_POSITIVE).log10().ceil() as i32).max(lo + 1);
    let few = hi - lo <= 2;
    let mut bold = Vec::new();
    let mut light = Vec::new();
    for d in lo..=hi {
        let decade = 10f64.powi(d);
        bold.push(decade);
        if d == hi {
            break;
        }
        for k in 2..=9 {
            light.push(decade * f64::from(k));
            if few && (k == 2 || k == 5) {
                bold.push(decade * f64::from(k));
            }
        }
    }
    (10f64.powi(lo)..10f64.powi(hi))
        .log_scale()
        .with_key_points(bold)
        .with_light_points(light)
}

/// A count in decimal units, for axis labels (`100`, `1,000`, `10 k`).
fn fmt_axis_count(x: f64) -> String {
    let n = x.round() as u64;
    if n >= 100_000 {
        format!("{} k", n / 1000)
    } else if n >= 1000 {
        format!("{},{:03}", n / 1000, n % 1000)
    } else {
        n.to_string()
    }
}

/// Bytes in decimal units, for the decades of a log axis (`10 kB`, `1 MB`).
fn fmt_axis_bytes(b: f64) -> String {
    let fmt = |x: f64, unit: &str| {
        if (x - x.round()).abs() < 1e-9 {
            format!("{x:.0} {unit}")
        } else {
            format!("{x:.1} {unit}")
        }
    };
    if b >= 1e6 {
        fmt(b / 1e6, "MB")
    } else if b >= 1e3 {
        fmt(b / 1e3, "kB")
    } else {
        fmt(b, "B")
    }
}

/// How a legend entry is drawn.
#[derive(Clone, Copy)]
enum Mark {
    Bar,
    Dot,
    Ring,
    Line,
}

/// The plot's area and, at its right, a legend strip listing `entries`.
fn with_legend<'a>(
    root: &Area<'a>,
    entries: &[(String, RGBColor, Mark)],
) -> Result<Area<'a>, Box<dyn std::error::Error>> {
    let (w, _) = root.dim_in_pixel();
    let (plot, legend) = root.split_horizontally(w - LEGEND_WIDTH);
    for (i, (label, color, mark)) in entries.iter().enumerate() {
        let y = 70 + i as i32 * 22;
        match mark {
            Mark::Bar => legend.draw(&Rectangle::new([(8, y - 6), (22, y + 6)], color.filled()))?,
            Mark::Dot => legend.draw(&Circle::new((15, y), 5, color.filled()))?,
            Mark::Ring => legend.draw(&Circle::new((15, y), 5, color.stroke_width(1)))?,
            Mark::Line => legend.draw(&PathElement::new(
                vec![(6, y), (24, y)],
                color.stroke_width(3),
            ))?,
        }
        legend.draw(&Text::new(
            label.clone(),
            (30, y),
            TextStyle::from(("sans-serif", 13).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(plot)
}

fn plot_speedup(path: &Path, res: &Matrix, variant: &str) -> PlotResult {
    let ix = Index::new(&res.rows);
    let wls = workloads_in_order(&res.rows);
    let mut bars: Vec<(usize, usize, f64)> = Vec::new();
    let mut ymax: f64 = 2.0;
    for (fi, f) in FORMATS.iter().enumerate() {
        for (ci, c) in COMPARISONS.iter().enumerate() {
            let (xs, _) = clean_speedups(&ix, variant, c, &wls, Some(f));
            if let Some(g) = geomean(&xs) {
                ymax = ymax.max(g * 1.15);
                bars.push((fi, ci, g));
            }
        }
    }
    let root: Area<'_> = SVGBackend::new(path, (1100, 520)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        &format!(
            "Speedup per format (geometric mean over workloads read by both), variant {variant}"
        ),
        ("sans-serif", 18),
    )?;
    let entries: Vec<(String, RGBColor, Mark)> = COMPARISONS
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            (
                format!("{} vs {}", c.ours, c.theirs),
                PALETTE[ci],
                Mark::Bar,
            )
        })
        .collect();
    let area = with_legend(&root, &entries)?;
    let nf = FORMATS.len() as f64;
    let mut chart = ChartBuilder::on(&area)
        .margin(15)
        .x_label_area_size(35)
        .y_label_area_size(50)
        .build_cartesian_2d(0f64..nf, 0f64..ymax)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(FORMATS.len() * 2 + 1)
        .x_label_formatter(&|x| {
            let i = x.floor() as usize;
            if (x - x.floor() - 0.5).abs() < 0.01 && i < FORMATS.len() {
                FORMATS[i].to_string()
            } else {
                String::new()
            }
        })
        .y_desc("speedup (x)")
        .draw()?;
    // Parity: a bar above this line is faster than its competitor.
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 1.0), (nf, 1.0)],
        BLACK,
    )))?;
    if bars.is_empty() {
        chart.draw_series(std::iter::once(Text::new(
            "no workload was read right by both subjects of any comparison yet",
            (0.3, ymax * 0.6),
            ("sans-serif", 16),
        )))?;
    }
    // Each format's group fills 80% of its slot: one bar per comparison, side by side.
    let width = 0.8 / COMPARISONS.len() as f64;
    let label_style =
        TextStyle::from(("sans-serif", 11).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
    for &(fi, ci, g) in &bars {
        let x0 = fi as f64 + 0.1 + ci as f64 * width;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x0, 0.0), (x0 + width * 0.92, g)],
            PALETTE[ci].filled(),
        )))?;
        let label = if g >= 10.0 {
            format!("{g:.0}x")
        } else {
            format!("{g:.1}x")
        };
        chart.draw_series(std::iter::once(Text::new(
            label,
            (x0 + width * 0.46, g + ymax * 0.01),
            label_style.clone(),
        )))?;
    }
    root.present()?;
    Ok(())
}

const PLOT_SUBJECTS: [&str; 6] = [
    "mutagen-rs",
    "lofty",
    "mutagen-rs-py",
    "mutagen",
    "mutagen-rs-pypi",
    "floor",
];

fn plot_time_vs_size(path: &Path, res: &Matrix, variant: &str) -> PlotResult {
    let ix = Index::new(&res.rows);
    let sizes: BTreeMap<(String, String), f64> = res
        .meta
        .workloads
        .iter()
        .map(|w| ((w.format.clone(), w.workload.clone()), w.mean_size))
        .collect();
    let mut series: Vec<(usize, Points)> = Vec::new();
    let (mut xmin, mut xmax, mut ymin, mut ymax) = (f64::MAX, 1.0f64, f64::MAX, 1.0f64);
    for (si, s) in PLOT_SUBJECTS.iter().enumerate() {
        let mut pts = Vec::new();
        for ((f, w), &size) in &sizes {
            if w.starts_with("batch-") || !FORMATS[..4].contains(&f.as_str()) || size <= 0.0 {
                continue;
            }
            if let Some(t) = ix.get(variant, s, f, w, "ns_per_file").filter(|t| *t > 0.0) {
                pts.push((size, t, failed(&ix, variant, s, f, w) == 0.0));
                xmin = xmin.min(size);
                xmax = xmax.max(size);
                ymin = ymin.min(t);
                ymax = ymax.max(t);
            }
        }
        series.push((si, pts));
    }
    if xmin == f64::MAX {
        (xmin, ymin) = (1.0, 1.0);
    }
    let root: Area<'_> = SVGBackend::new(path, (1100, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        &format!("Time per file against file size (single files and hard cases), {variant}"),
        ("sans-serif", 18),
    )?;
    let mut entries: Vec<(String, RGBColor, Mark)> = PLOT_SUBJECTS
        .iter()
        .enumerate()
        .map(|(si, s)| ((*s).to_string(), PALETTE[si], Mark::Dot))
        .collect();
    entries.push((
        "hollow: not read right".into(),
        RGBColor(90, 90, 90),
        Mark::Ring,
    ));
    let area = with_legend(&root, &entries)?;
    let mut chart = ChartBuilder::on(&area)
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(log_axis(xmin, xmax), log_axis(ymin, ymax))?;
    chart
        .configure_mesh()
        .x_desc("file size")
        .y_desc("time per file")
        .x_label_formatter(&|x| fmt_axis_bytes(*x))
        .y_label_formatter(&|y| fmt_ns(*y))
        .draw()?;
    for (si, pts) in series {
        let color = PALETTE[si];
        chart.draw_series(pts.iter().map(|&(x, y, right)| {
            let style = if right {
                color.filled()
            } else {
                color.stroke_width(1)
            };
            Circle::new((x, y), 4, style)
        }))?;
    }
    root.present()?;
    Ok(())
}

fn plot_batch_scaling(path: &Path, res: &Matrix, variant: &str) -> PlotResult {
    let ix = Index::new(&res.rows);
    let mut sizes: Vec<usize> = res
        .rows
        .iter()
        .filter(|r| r.format == "mixed")
        .filter_map(|r| {
            r.workload
                .strip_prefix("batch-")
                .and_then(|n| n.parse().ok())
        })
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    let (mut ymin, mut ymax) = (f64::MAX, 1.0f64);
    let mut series = Vec::new();
    for (si, s) in PLOT_SUBJECTS.iter().enumerate() {
        let pts: Vec<(f64, f64)> = sizes
            .iter()
            .filter_map(|&n| {
                ix.get(variant, s, "mixed", &format!("batch-{n}"), "ns_per_file")
                    .map(|t| (n as f64, t))
            })
            .filter(|p| p.1 > 0.0)
            .collect();
        for p in &pts {
            ymin = ymin.min(p.1);
            ymax = ymax.max(p.1);
        }
        series.push((si, pts));
    }
    if ymin == f64::MAX {
        ymin = 1.0;
    }
    let xmin = sizes.first().copied().unwrap_or(1) as f64;
    let xmax = sizes.last().copied().unwrap_or(10) as f64;
    let root: Area<'_> = SVGBackend::new(path, (1100, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        &format!("Batch scaling: time per file in mixed batches, variant {variant}"),
        ("sans-serif", 18),
    )?;
    let entries: Vec<(String, RGBColor, Mark)> = PLOT_SUBJECTS
        .iter()
        .enumerate()
        .map(|(si, s)| ((*s).to_string(), PALETTE[si], Mark::Line))
        .collect();
    let area = with_legend(&root, &entries)?;
    // Room at the right of the last batch size for each line's label.
    let x_axis = (xmin * 0.7..xmax * 4.0)
        .log_scale()
        .with_key_points(sizes.iter().map(|&n| n as f64).collect());
    let mut chart = ChartBuilder::on(&area)
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(x_axis, log_axis(ymin, ymax))?;
    chart
        .configure_mesh()
        .x_desc("files in the batch")
        .y_desc("time per file (median)")
        .x_label_formatter(&|x| fmt_axis_count(*x))
        .y_label_formatter(&|y| fmt_ns(*y))
        .draw()?;
    let label_style =
        TextStyle::from(("sans-serif", 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    for (si, pts) in series {
        let color = PALETTE[si];
        chart.draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))?;
        chart.draw_series(
            pts.iter()
                .map(|&(x, y)| Circle::new((x, y), 3, color.filled())),
        )?;
        if let Some(&(x, y)) = pts.last() {
            chart.draw_series(std::iter::once(Text::new(
                format!("{} {}", PLOT_SUBJECTS[si], fmt_ns(y)),
                (x * 1.12, y),
                label_style.clone().color(&color),
            )))?;
        }
    }
    root.present()?;
    Ok(())
}

/// Write matrix.json, matrix.md and the plots into `out`.
pub fn write(out: &Path, res: &Matrix) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let text = serde_json::to_string_pretty(res).map_err(|e| e.to_string())?;
    std::fs::write(out.join("matrix.json"), text + "\n").map_err(|e| e.to_string())?;
    let engines = crate::engines::load(out);
    let writes = crate::writes::load(out);
    std::fs::write(
        out.join("matrix.md"),
        markdown(res, engines.as_ref(), writes.as_ref()),
    )
    .map_err(|e| e.to_string())?;
    let variant = res
        .meta
        .variants
        .first()
        .map_or_else(|| "default".to_string(), |v| v.name.clone());
    let plots: [(&str, PlotFn); 3] = [
        ("speedup.svg", plot_speedup),
        ("time_vs_size.svg", plot_time_vs_size),
        ("batch_scaling.svg", plot_batch_scaling),
    ];
    for (name, f) in plots {
        f(&out.join(name), res, &variant).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(())
}

/// Print the matrix as a table: time per file of every subject, per format and workload.
pub fn print_table(res: &Matrix) {
    let ix = Index::new(&res.rows);
    let mut wls = workloads_in_order(&res.rows);
    wls.extend(more_workloads(res).into_iter().map(|(f, w, _)| (f, w)));
    let variants: BTreeSet<&str> = res.rows.iter().map(|r| r.variant.as_str()).collect();
    let subjects = [
        "floor",
        "mutagen-rs",
        "lofty",
        "mutagen",
        "mutagen-rs-py",
        "mutagen-rs-pypi",
    ];
    for variant in variants {
        let mut out = format!("variant {variant}\n{:<6} {:<24}", "format", "workload");
        for s in subjects {
            let _ = write!(out, " {s:>16}");
        }
        out.push('\n');
        for (f, w) in &wls {
            let _ = write!(out, "{f:<6} {w:<24}");
            for s in subjects {
                let cell = ix
                    .get(variant, s, f, w, "ns_per_file")
                    .map_or("-".into(), fmt_ns);
                let cell = if failed(&ix, variant, s, f, w) > 0.0 {
                    format!("{cell}!")
                } else {
                    cell
                };
                let _ = write!(out, " {cell:>16}");
            }
            out.push('\n');
        }
        out.push_str(
            "(median time per file; ! = the subject failed to read some files of the workload)\n",
        );
        println!("{out}");
    }
}

/// One of the plan's success criteria, as the report's opening table gives it.
struct Criterion {
    name: &'static str,
    ours: String,
    peer: String,
    limit: String,
    status: String,
}

/// The plan's four success criteria, each with our figure, the best peer's, the physical limit
/// on this machine, and whether it holds: the report's opening section.
fn plan_section(md: &mut String, res: &Matrix, ix: &Index, wls: &[(String, String)]) {
    let Some(v) = res.meta.variants.first().map(|v| v.name.as_str()) else {
        return;
    };
    let criteria = [
        single_file_criterion(ix, v, wls),
        batch_criterion(ix, v, wls, res.meta.cores),
        memory_criterion(ix, v, wls),
        tests_criterion(res.meta.compat.as_ref()),
    ];
    let _ = writeln!(md, "## The plan's verdict\n");
    let _ = writeln!(md, "The four success criteria, for variant `{v}` on this machine. *Limit* is what the floor allows: the same ratio for a reader that only opens the file, reads the bytes our core reads and closes it (`floor-py` for one file in Python, `floor` on every core for batches). *Out of reach here* means the limit itself is below the target.\n");
    let _ = writeln!(
        md,
        "| criterion | ours | best peer | limit on this machine | status |\n|---|---|---|---|---|"
    );
    for c in criteria {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            c.name, c.ours, c.peer, c.limit, c.status
        );
    }
    let _ = writeln!(md);
}

/// Geometric mean and minimum of `num ÷ den` over the workloads where both were measured.
fn ratio_stats(
    ix: &Index,
    v: &str,
    wls: &[&(String, String)],
    num: &str,
    den: &str,
    den_scale: f64,
) -> Option<(f64, f64, usize)> {
    let xs: Vec<f64> = wls
        .iter()
        .filter_map(|(f, w)| {
            let a = ix.get(v, num, f, w, "ns_per_file")?;
            let b = ix.get(v, den, f, w, "ns_per_file")? * den_scale;
            (a > 0.0 && b > 0.0 && failed(ix, v, den, f, w) == 0.0).then_some(a / b)
        })
        .collect();
    let g = geomean(&xs)?;
    Some((g, xs.iter().copied().fold(f64::MAX, f64::min), xs.len()))
}

fn fmt_stats(x: Option<(f64, f64, usize)>) -> String {
    x.map_or_else(
        || "not measured".to_string(),
        |(g, min, n)| format!("{g:.1}x (lowest {min:.1}x, {n} workloads)"),
    )
}

/// Single-file reads: ≥50x mutagen, through `mutagen_rs.File`.
fn single_file_criterion(ix: &Index, v: &str, wls: &[(String, String)]) -> Criterion {
    const TARGET: f64 = 50.0;
    let single: Vec<&(String, String)> = wls
        .iter()
        .filter(|(_, w)| w.starts_with("single-") || w.starts_with("hard-"))
        .collect();
    let ours = ratio_stats(ix, v, &single, "mutagen", "mutagen-rs-py", 1.0);
    let peer = ratio_stats(ix, v, &single, "mutagen@venv-pypi", "mutagen-rs-pypi", 1.0);
    let limit = ratio_stats(ix, v, &single, "mutagen", "floor-py", 1.0);
    Criterion {
        name: "single file ≥50x mutagen (`File`, every value read)",
        ours: fmt_stats(ours),
        peer: format!("mutagen-rs 0.2.7: {}", fmt_stats(peer)),
        limit: fmt_stats(limit),
        status: single_file_status(ix, v, &single, TARGET),
    }
}

/// Per workload: where the floor allows the target at all, and where we reach it.
fn single_file_status(ix: &Index, v: &str, single: &[&(String, String)], target: f64) -> String {
    let (mut reachable, mut reached, mut measured) = (0, 0, 0);
    for (f, w) in single {
        let t = |s: &str| ix.get(v, s, f, w, "ns_per_file").filter(|x| *x > 0.0);
        let (Some(m), Some(ours), Some(floor)) = (t("mutagen"), t("mutagen-rs-py"), t("floor-py"))
        else {
            continue;
        };
        measured += 1;
        if m / floor >= target {
            reachable += 1;
            if m / ours >= target {
                reached += 1;
            }
        }
    }
    match (measured, reachable) {
        (0, _) => "not measured in this run".into(),
        (n, r) if r == n && reached == n => "**held**".into(),
        (n, 0) => format!("**out of reach here**: on all {n} workloads the floor itself is below {target}x"),
        (n, r) => format!(
            "**not held**: out of reach here on {} of {n} workloads (the floor is below {target}x); reached on {reached} of the other {r}",
            n - r
        ),
    }
}

/// Batches: ≥100x mutagen's loop, by our fastest batch output that carries every tag value
/// (mutagen's loop reads every one), on the largest mixed batch.
fn batch_criterion(ix: &Index, v: &str, wls: &[(String, String)], cores: usize) -> Criterion {
    const TARGET: f64 = 100.0;
    let Some(wl) = largest_mixed_batch(wls) else {
        return not_measured("batch ≥100x mutagen's loop");
    };
    let (f, w) = (wl.0.as_str(), wl.1.as_str());
    let loop_ns = ix.get(v, "mutagen-loop", f, w, "ns_per_file");
    let best = ix
        .subjects(v, f, w)
        .into_iter()
        .filter(|s| carries_every_value(s) && failed(ix, v, s, f, w) == 0.0)
        .filter_map(|s| Some((s, ix.get(v, s, f, w, "ns_per_file")?)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let ratio = |num: Option<f64>, den: Option<f64>| match (num, den) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    };
    let ours = best.and_then(|(s, t)| Some((s, ratio(loop_ns, Some(t))?)));
    let peer = ratio(
        ix.get(v, "mutagen-loop@venv-pypi", f, w, "ns_per_file"),
        ix.get(v, "pypi-batch_open", f, w, "ns_per_file"),
    );
    let floor = ix
        .get(v, "floor", f, w, "ns_per_file")
        .map(|t| t / cores.max(1) as f64);
    let limit = ratio(loop_ns, floor);
    Criterion {
        name: "batch ≥100x mutagen's loop",
        ours: ours.map_or("not measured".into(), |(s, x)| {
            format!("{x:.1}x (`{s}`, {f}/{w})")
        }),
        peer: peer.map_or("not measured".into(), |x| {
            format!("mutagen-rs 0.2.7 `batch_open`: {x:.1}x")
        }),
        limit: limit.map_or("not measured".into(), |x| {
            format!("{x:.1}x (the Rust floor on {cores} cores)")
        }),
        status: status(ours.map(|o| o.1), limit, TARGET, true),
    }
}

/// Memory: peak RSS of `batch_open` holding every result at most 2x mutagen's loop.
fn memory_criterion(ix: &Index, v: &str, wls: &[(String, String)]) -> Criterion {
    const TARGET: f64 = 2.0;
    let Some(wl) = largest_mixed_batch(wls) else {
        return not_measured("memory ≤2x mutagen");
    };
    let (f, w) = (wl.0.as_str(), wl.1.as_str());
    let rss = |s: &str| ix.get(v, s, f, w, "peak_rss_bytes");
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    };
    let ours = ratio(rss("batch_open"), rss("mutagen-loop"));
    let peer = ratio(rss("pypi-batch_open"), rss("mutagen-loop"));
    let limit = ratio(
        ix.get(v, "batch_open", f, w, "baseline_rss_bytes"),
        rss("mutagen-loop"),
    );
    Criterion {
        name: "memory ≤2x mutagen (peak RSS holding every result)",
        ours: ours.map_or("not measured".into(), |x| {
            format!("{x:.2}x (`batch_open`, {f}/{w})")
        }),
        peer: peer.map_or("not measured".into(), |x| {
            format!("mutagen-rs 0.2.7 `batch_open`: {x:.2}x")
        }),
        limit: limit.map_or("not measured".into(), |x| {
            format!("{x:.2}x (the interpreter and imports alone)")
        }),
        status: status(ours, limit, TARGET, false),
    }
}

/// All existing tests pass: mutagen 1.48.1's own suite against our package.
fn tests_criterion(compat: Option<&CompatTotals>) -> Criterion {
    let Some(c) = compat else {
        return not_measured("all existing tests pass (mutagen's suite)");
    };
    let reasons: Vec<String> = c
        .expected_failure_entries
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let held = c.failed == 0 && c.expected_failures == 0 && c.collection_errors == 0;
    Criterion {
        name: "all existing tests pass (mutagen 1.48.1's suite, `reports/compat.md`)",
        ours: format!(
            "{} of {} passed in {} modules; {} expected failures, {} unexpected, {} modules not collected",
            c.passed, c.collected, c.modules, c.expected_failures, c.failed, c.collection_errors
        ),
        peer: "mutagen 1.48.1: every test".into(),
        limit: "none: every test can pass".into(),
        status: if held {
            "**held**".into()
        } else {
            format!("**not held**: expected-failure entries by reason: {}", reasons.join(", "))
        },
    }
}

fn not_measured(name: &'static str) -> Criterion {
    Criterion {
        name,
        ours: "not measured".into(),
        peer: "–".into(),
        limit: "–".into(),
        status: "not measured in this run".into(),
    }
}

/// Held, not held, or out of reach here: `higher` says which way the figure should go.
fn status(ours: Option<f64>, limit: Option<f64>, target: f64, higher: bool) -> String {
    let meets = |x: f64| if higher { x >= target } else { x <= target };
    match (ours, limit) {
        (Some(o), _) if meets(o) => "**held**".into(),
        (Some(_), Some(l)) if !meets(l) => {
            format!("**out of reach here**: the limit is {l:.2}x against a target of {target}x")
        }
        (Some(_), _) => "**not held**".into(),
        (None, _) => "not measured in this run".into(),
    }
}

/// The largest mixed warm batch of the run.
fn largest_mixed_batch(wls: &[(String, String)]) -> Option<&(String, String)> {
    wls.iter()
        .filter(|(f, w)| f == "mixed" && w.starts_with("batch-") && !w.ends_with("-cold"))
        .max_by_key(|(_, w)| w.trim_start_matches("batch-").parse::<u64>().unwrap_or(0))
}

/// Our batch entry points and outputs (the subjects a batch verdict may take the best of).
fn is_our_batch_subject(s: &str) -> bool {
    matches!(
        s,
        "batch_open" | "iter_open" | "scan" | "c-ext" | "pyo3-plain"
    ) || s.starts_with("mutagen-rs-py[")
}

/// Whether one of our batch subjects gives every tag value of every file, as mutagen's loop
/// reads them: all but the columnar output, whose columns are the stream info and the title,
/// artist and album.
fn carries_every_value(s: &str) -> bool {
    is_our_batch_subject(s) && s != "mutagen-rs-py[columnar]"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(subject: &str, workload: &str, metric: &str, value: f64) -> Row {
        Row {
            subject: subject.into(),
            variant: "default".into(),
            format: "mp3".into(),
            workload: workload.into(),
            metric: metric.into(),
            value,
        }
    }

    #[test]
    fn a_competitor_that_moves_on_one_workload_alone_does_not_move_the_axis_ratio() {
        let at = |variant: &str, subject: &str, workload: &str, value: f64| Row {
            variant: variant.into(),
            ..row(subject, workload, "ns_per_file", value)
        };
        // The variant's run is 10% slower throughout (mutagen and ours alike), ours is the
        // same code, and mutagen's third workload took 5x as long in the variant's run alone.
        let mut rows = Vec::new();
        for (w, ours, theirs) in [("a", 10.0, 100.0), ("b", 20.0, 300.0), ("c", 30.0, 1000.0)] {
            rows.push(at("ref", "mutagen-rs-py", w, ours));
            rows.push(at("ref", "mutagen", w, theirs));
            rows.push(at("var", "mutagen-rs-py", w, ours * 1.1));
            let slow = if w == "c" { 5.0 } else { 1.1 };
            rows.push(at("var", "mutagen", w, theirs * slow));
        }
        let ix = Index::new(&rows);
        let wls: Vec<(String, String)> = ["a", "b", "c"]
            .iter()
            .map(|w| ("mp3".to_string(), (*w).to_string()))
            .collect();
        let k = anchor_factor(&ix, "mutagen", "ns_per_file", ("var", "ref"), &wls).unwrap();
        assert!((k - 1.1).abs() < 1e-9, "{k}");
        let m = &AXIS_METRICS[2];
        for (_, w) in &wls {
            let x = axis_ratio(&ix, m, ("var", "ref"), ("mp3", w), Some(k)).unwrap();
            assert!((x - 1.0).abs() < 1e-9, "{w}: {x}");
        }
        // Without an anchor, the raw ratio.
        let raw = axis_ratio(&ix, m, ("var", "ref"), ("mp3", "a"), None).unwrap();
        assert!((raw - 1.0 / 1.1).abs() < 1e-9, "{raw}");
    }

    #[test]
    fn more_formats_cells_never_time_a_subject_that_read_nothing() {
        let rows = vec![
            row("mutagen-rs", "batch-100", "ns_per_file", 5_000.0),
            row("mutagen-rs", "batch-100", "failed_files", 0.0),
            row("mutagen", "batch-100", "ns_per_file", 80_000.0),
            row("mutagen", "batch-100", "failed_files", 0.0),
            row("lofty", "batch-100", "ns_per_file", 2_000.0),
            row("lofty", "batch-100", "failed_files", 100.0),
            row("mutagen-rs-py", "batch-100", "ns_per_file", 20_000.0),
            row("mutagen-rs-py", "batch-100", "wrong_files", 3.0),
        ];
        let ix = Index::new(&rows);
        let cell = |s: &str| more_cell(&ix, "default", s, "mp3", "batch-100", 100);
        assert_eq!(cell("lofty"), "— (not read)");
        assert_eq!(cell("mutagen-rs"), "5.0 µs");
        assert_eq!(cell("mutagen-rs-py"), "— (3/100 not read right)");
        assert_eq!(cell("mutagen-rs-pypi"), "–");
        let ratio = |s: &str| clean_ratio(&ix, "default", "mutagen-rs", s, "mp3", "batch-100");
        assert_eq!(ratio("mutagen"), "16.0x");
        assert_eq!(ratio("lofty"), "—");
    }

    #[test]
    fn cold_batch_verdict_takes_our_fastest_output_against_the_loop() {
        let cold = |s: &str, ns: f64| Row {
            format: "mixed".into(),
            ..row(s, "batch-1000-cold", "ns_per_file", ns)
        };
        let rows = vec![
            cold("mutagen-loop", 400_000.0),
            cold("batch_open", 100_000.0),
            cold("mutagen-rs-py[scan]", 32_000.0),
            cold("mutagen-rs-py[scan-pread]", 80_000.0),
            cold("pypi-batch_open", 20_000.0),
        ];
        let ix = Index::new(&rows);
        let wls = vec![("mixed".to_string(), "batch-1000-cold".to_string())];
        let mut md = String::new();
        cold_batch_section(&mut md, &ix, "default", &wls);
        assert!(
            md.contains("| mixed | batch-1000-cold | 400.0 µs | 100.0 µs (4.0x) |"),
            "{md}"
        );
        // mutagen-rs 0.2.7 is shown but is not ours: the verdict takes scan's 12.5x.
        assert!(md.contains("`mutagen-rs-py[scan]`"), "{md}");
        assert!(md.contains("**12.5x** (target ≥10x: **held**)"), "{md}");
    }

    #[test]
    fn batch_verdict_takes_only_outputs_that_give_every_value() {
        let mixed = |s: &str, ns: f64| Row {
            format: "mixed".into(),
            ..row(s, "batch-1000", "ns_per_file", ns)
        };
        let rows = vec![
            mixed("mutagen-loop", 400_000.0),
            mixed("floor", 2_000.0),
            mixed("batch_open", 40_000.0),
            mixed("mutagen-rs-py[scan]", 8_000.0),
            // Faster, but only the stream info and the title, artist and album.
            mixed("mutagen-rs-py[columnar]", 5_000.0),
        ];
        let ix = Index::new(&rows);
        let wls = vec![("mixed".to_string(), "batch-1000".to_string())];
        let c = batch_criterion(&ix, "default", &wls, 2);
        assert_eq!(c.ours, "50.0x (`mutagen-rs-py[scan]`, mixed/batch-1000)");
        assert!(!carries_every_value("mutagen-rs-py[columnar]"));
        assert!(carries_every_value("batch_open") && !carries_every_value("mutagen-loop"));
    }

    #[test]
    fn anchored_speedup_divides_out_each_process() {
        let rows = vec![
            row("mutagen-rs-py", "single-small", "ns_per_file", 10.0),
            row("mutagen", "single-small", "ns_per_file", 100.0),
            row("mutagen-rs-pypi", "single-small", "ns_per_file", 30.0),
            row("mutagen@venv-pypi", "single-small", "ns_per_file", 200.0),
        ];
        let ix = Index::new(&rows);
        let (x, direct) = speedup(&ix, "default", &COMPARISONS[1], "mp3", "single-small").unwrap();
        // (30 / 200) / (10 / 100) = 1.5; direct 30 / 10 = 3.
        assert!((x - 1.5).abs() < 1e-9);
        assert!((direct.unwrap() - 3.0).abs() < 1e-9);
        let (x, none) = speedup(&ix, "default", &COMPARISONS[0], "mp3", "single-small").unwrap();
        assert!((x - 10.0).abs() < 1e-9);
        assert!(none.is_none());
    }

    #[test]
    fn workloads_with_failures_stay_out_of_the_verdict() {
        let rows = vec![
            row("mutagen-rs-py", "single-small", "ns_per_file", 10.0),
            row("mutagen", "single-small", "ns_per_file", 100.0),
            row("mutagen-rs-py", "batch-100", "ns_per_file", 10.0),
            row("mutagen", "batch-100", "ns_per_file", 40.0),
            row("mutagen-rs-py", "batch-100", "wrong_files", 3.0),
            row("mutagen-rs-py", "batch-100-cold", "ns_per_file", 10.0),
            row("mutagen", "batch-100-cold", "ns_per_file", 20.0),
        ];
        let ix = Index::new(&rows);
        let wls = workloads_in_order(&rows);
        let (xs, dirty) = clean_speedups(&ix, "default", &COMPARISONS[0], &wls, None);
        // batch-100 and its cold twin are out; single-small is in.
        assert_eq!(xs, vec![10.0]);
        assert_eq!(dirty, 2);
        assert!((geomean(&[2.0, 8.0]).unwrap() - 4.0).abs() < 1e-9);
    }

    #[test]
    fn log_axes_label_every_decade_once() {
        let axis = log_axis(3.2e3, 1.7e5);
        // 1 µs to 1 ms in ns: four decades, each once, and no light line on a decade.
        assert_eq!(axis.bold_points(), &[1e3, 1e4, 1e5, 1e6]);
        assert!(axis
            .light_points()
            .iter()
            .all(|x| !axis.bold_points().contains(x)));
        // Two decades or fewer: 2x and 5x are labelled as well.
        assert_eq!(
            log_axis(20.0, 80.0).bold_points(),
            &[10.0, 20.0, 50.0, 100.0]
        );
    }

    #[test]
    fn the_plan_verdict_tells_out_of_reach_from_not_held() {
        assert_eq!(status(Some(120.0), Some(130.0), 100.0, true), "**held**");
        assert_eq!(status(Some(31.0), Some(128.0), 100.0, true), "**not held**");
        assert!(status(Some(31.0), Some(80.0), 100.0, true).starts_with("**out of reach here**"));
        assert_eq!(status(Some(0.9), Some(0.3), 2.0, false), "**held**");
        let rows = vec![
            row("mutagen", "single-small", "ns_per_file", 100.0),
            row("mutagen-rs-py", "single-small", "ns_per_file", 10.0),
            row("floor-py", "single-small", "ns_per_file", 5.0),
            row("mutagen", "single-large", "ns_per_file", 1000.0),
            row("mutagen-rs-py", "single-large", "ns_per_file", 19.0),
            row("floor-py", "single-large", "ns_per_file", 10.0),
        ];
        let ix = Index::new(&rows);
        let wls = workloads_in_order(&rows);
        let single: Vec<&(String, String)> = wls.iter().collect();
        // single-small: the floor allows 20x, below 50x; single-large: 100x allowed, 52.6x reached.
        assert_eq!(
            single_file_status(&ix, "default", &single, 50.0),
            "**not held**: out of reach here on 1 of 2 workloads (the floor is below 50x); reached on 1 of the other 1"
        );
    }
}
