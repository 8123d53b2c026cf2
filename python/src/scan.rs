//! `_native.scan`: a batch of files as Arrow record batches, built in Rust with no Python object
//! per value, and exported through the Arrow C stream interface (`__arrow_c_stream__`).
//!
//! The paths are cut into chunks of at most `batch_size` files. Background threads
//! (`mutagen_core::batch::stream`, one meaning of `threads`) each take a chunk, read and
//! project its files (`mutagen_core::project`) and build one record batch from them, sent into
//! a channel of one place per thread: at most about two batches per thread are alive at once,
//! whatever the number of files. Batches arrive in completion order; rows within a batch are in
//! path order. The schema (version [`SCHEMA_VERSION`]) is documented in `python/SCHEMA.md`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use arrow_array::builder::{
    ArrayBuilder, Float64Builder, Int64Builder, LargeBinaryBuilder, StringBuilder,
};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{
    ArrayRef, ListArray, MapArray, RecordBatch, RecordBatchOptions, RecordBatchReader, StructArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use mutagen_core::batch::{self, Stream};
use mutagen_core::file::Detected;
use mutagen_core::project::{self, Projection, Wanted, GAIN_FIELDS, NUMBER_FIELDS, TEXT_FIELDS};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// The version of the schema; it changes whenever a column is added, removed or changes type.
pub const SCHEMA_VERSION: u32 = 1;

/// The stream columns, in schema order, after `path`, `kind`, `error`, `error_message`.
const STREAM_COLUMNS: [(&str, Ty); 6] = [
    ("length", Ty::Float),
    ("bitrate", Ty::Int),
    ("sample_rate", Ty::Int),
    ("channels", Ty::Int),
    ("bits_per_sample", Ty::Int),
    ("codec", Ty::Text),
];

/// The type of a flat column.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    Text,
    Int,
    Float,
}

/// One column of the schema: what it holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Path,
    Kind,
    Error,
    ErrorMessage,
    Stream(usize),
    Text(usize),
    Number(usize),
    Gain(usize),
    Tags,
    Pictures,
}

/// Every column in schema order, with its name.
fn all_columns() -> Vec<(&'static str, Col)> {
    let mut out = vec![
        ("path", Col::Path),
        ("kind", Col::Kind),
        ("error", Col::Error),
        ("error_message", Col::ErrorMessage),
    ];
    out.extend(
        STREAM_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (*n, Col::Stream(i))),
    );
    out.extend(
        TEXT_FIELDS
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, Col::Text(i))),
    );
    out.extend(
        NUMBER_FIELDS
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, Col::Number(i))),
    );
    out.extend(
        GAIN_FIELDS
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, Col::Gain(i))),
    );
    out.push(("tags", Col::Tags));
    out.push(("pictures", Col::Pictures));
    out
}

fn tag_values_type() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))
}

fn tag_entries_fields() -> Fields {
    Fields::from(vec![
        Field::new("keys", DataType::Utf8, false),
        Field::new("values", tag_values_type(), true),
    ])
}

fn tag_entries_field() -> Arc<Field> {
    Arc::new(Field::new(
        "entries",
        DataType::Struct(tag_entries_fields()),
        false,
    ))
}

fn picture_fields() -> Fields {
    Fields::from(vec![
        Field::new("type", DataType::Int64, true),
        Field::new("mime", DataType::Utf8, true),
        Field::new("desc", DataType::Utf8, true),
        Field::new("size", DataType::Int64, true),
        Field::new("width", DataType::Int64, true),
        Field::new("height", DataType::Int64, true),
        Field::new("data", DataType::LargeBinary, true),
    ])
}

fn picture_item_field() -> Arc<Field> {
    Arc::new(Field::new_list_field(
        DataType::Struct(picture_fields()),
        true,
    ))
}

fn field_of(name: &str, col: Col) -> Field {
    let ty = |t: Ty| match t {
        Ty::Text => DataType::Utf8,
        Ty::Int => DataType::Int64,
        Ty::Float => DataType::Float64,
    };
    match col {
        Col::Path => Field::new(name, DataType::Utf8, false),
        Col::Kind | Col::Error | Col::ErrorMessage | Col::Text(_) => {
            Field::new(name, DataType::Utf8, true)
        }
        Col::Stream(i) => Field::new(name, ty(STREAM_COLUMNS[i].1), true),
        Col::Number(_) => Field::new(name, DataType::Int64, true),
        Col::Gain(_) => Field::new(name, DataType::Float64, true),
        Col::Tags => Field::new(name, DataType::Map(tag_entries_field(), false), true),
        Col::Pictures => Field::new(name, DataType::List(picture_item_field()), true),
    }
}

/// What a scan builds: the columns asked for, and the schema.
struct Plan {
    columns: Vec<Col>,
    schema: SchemaRef,
    wanted: Wanted,
    /// Read the files through io_uring where the system allows
    /// (`mutagen_core::source::for_each_source`).
    uring: bool,
}

/// How a scan reads its files: the `io` argument of `scan`.
fn uring_for(io: Option<&str>) -> PyResult<bool> {
    match io.unwrap_or("auto") {
        "auto" => Ok(cfg!(feature = "io-uring")),
        "pread" => Ok(false),
        "uring" if mutagen_core::source::uring_available() => Ok(true),
        "uring" => Err(pyo3::exceptions::PyValueError::new_err(
            "io='uring' is not available: this build or this system has no io_uring",
        )),
        other => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "unknown io {other:?}; it is 'auto', 'uring' or 'pread'"
        ))),
    }
}

impl Plan {
    fn new(names: Option<&[String]>, picture_data: bool, uring: bool) -> PyResult<Plan> {
        let all = all_columns();
        let columns: Vec<(&'static str, Col)> = match names {
            None => all.clone(),
            Some(names) => {
                let mut out: Vec<(&'static str, Col)> = Vec::new();
                for n in names {
                    let Some(&found) = all.iter().find(|(name, _)| *name == n.as_str()) else {
                        let known: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
                        return Err(pyo3::exceptions::PyValueError::new_err(format!(
                            "unknown column {n:?}; the columns are {known:?}"
                        )));
                    };
                    if !out.contains(&found) {
                        out.push(found);
                    }
                }
                out
            }
        };
        let fields: Vec<Field> = columns.iter().map(|(n, c)| field_of(n, *c)).collect();
        let metadata = HashMap::from([(
            "mutagen_rs.schema_version".to_owned(),
            SCHEMA_VERSION.to_string(),
        )]);
        let has = |f: &dyn Fn(&Col) -> bool| columns.iter().any(|(_, c)| f(c));
        let wanted = Wanted {
            common: has(&|c| matches!(c, Col::Text(_) | Col::Number(_) | Col::Gain(_))),
            tags: has(&|c| *c == Col::Tags),
            pictures: has(&|c| *c == Col::Pictures),
            picture_data,
        };
        Ok(Plan {
            columns: columns.into_iter().map(|(_, c)| c).collect(),
            schema: Arc::new(Schema::new_with_metadata(fields, metadata)),
            wanted,
            uring,
        })
    }
}

/// One file's row, before it goes into the builders.
struct Row<'a> {
    path: &'a str,
    kind: Option<&'static str>,
    error: Option<(&'static str, String)>,
    projection: Option<Projection<'a>>,
}

/// The class name and `str()` of the exception `File()` raises for a failed read of `path`,
/// made without Python (so on a worker thread), as `crate::error` makes the exception itself:
/// mutagen wraps I/O errors as `MutagenError(OSError(...))`, whose text is
/// `[Errno N] strerror`, with `: 'path'` after it when the file could not be opened; other
/// messages carry the file's name where mutagen puts it.
fn error_row(failure: &crate::Failure, path: &str) -> (&'static str, String) {
    use mutagen_core::error::{str_repr, FileName};
    let (err, opening) = match failure {
        crate::Failure::Open(e) => (e, true),
        crate::Failure::Read(e) => (e, false),
    };
    match err {
        mutagen_core::Error::Io(io) => {
            let mut message = match io.raw_os_error() {
                Some(code) => {
                    let text = std::io::Error::from_raw_os_error(code).to_string();
                    let suffix = format!(" (os error {code})");
                    let text = text.strip_suffix(&suffix).unwrap_or(&text).to_owned();
                    format!("[Errno {code}] {text}")
                }
                None => io.to_string(),
            };
            if opening && io.raw_os_error().is_some() {
                message = format!("{message}: {}", str_repr(path));
            }
            ("MutagenError", message)
        }
        other => {
            let text = other.message();
            let message = match other.file_name() {
                FileName::None => text.to_owned(),
                FileName::Repr => format!("{} {text}", str_repr(path)),
                _ => format!("{path}: {text}"),
            };
            (crate::error::class_for(other.kind()).1, message)
        }
    }
}

/// The builders of one record batch.
struct Builders {
    text: Vec<Option<StringBuilder>>,
    int: Vec<Option<Int64Builder>>,
    float: Vec<Option<Float64Builder>>,
    tags: Option<TagsBuilder>,
    pictures: Option<PicturesBuilder>,
    rows: usize,
}

#[derive(Default)]
struct TagsBuilder {
    offsets: Vec<i32>,
    valid: Vec<bool>,
    keys: StringBuilder,
    values: arrow_array::builder::ListBuilder<StringBuilder>,
}

#[derive(Default)]
struct PicturesBuilder {
    offsets: Vec<i32>,
    valid: Vec<bool>,
    kind: Int64Builder,
    mime: StringBuilder,
    desc: StringBuilder,
    size: Int64Builder,
    width: Int64Builder,
    height: Int64Builder,
    data: LargeBinaryBuilder,
}

fn capped_i64<T: TryInto<i64>>(v: Option<T>) -> Option<i64> {
    v.and_then(|v| v.try_into().ok())
}

impl Builders {
    fn new(plan: &Plan, capacity: usize) -> Builders {
        let n = plan.columns.len();
        let mut b = Builders {
            text: (0..n).map(|_| None).collect(),
            int: (0..n).map(|_| None).collect(),
            float: (0..n).map(|_| None).collect(),
            tags: None,
            pictures: None,
            rows: 0,
        };
        for (i, col) in plan.columns.iter().enumerate() {
            match col {
                Col::Path | Col::Kind | Col::Error | Col::ErrorMessage | Col::Text(_) => {
                    b.text[i] = Some(StringBuilder::with_capacity(capacity, capacity * 16));
                }
                Col::Stream(s) => match STREAM_COLUMNS[*s].1 {
                    Ty::Text => {
                        b.text[i] = Some(StringBuilder::with_capacity(capacity, capacity * 8));
                    }
                    Ty::Int => b.int[i] = Some(Int64Builder::with_capacity(capacity)),
                    Ty::Float => b.float[i] = Some(Float64Builder::with_capacity(capacity)),
                },
                Col::Number(_) => b.int[i] = Some(Int64Builder::with_capacity(capacity)),
                Col::Gain(_) => b.float[i] = Some(Float64Builder::with_capacity(capacity)),
                Col::Tags => {
                    b.tags = Some(TagsBuilder {
                        offsets: vec![0],
                        ..TagsBuilder::default()
                    });
                }
                Col::Pictures => {
                    b.pictures = Some(PicturesBuilder {
                        offsets: vec![0],
                        ..PicturesBuilder::default()
                    });
                }
            }
        }
        b
    }

    fn push(&mut self, plan: &Plan, row: &Row<'_>) {
        self.rows += 1;
        let p = row.projection.as_ref();
        let s = p.map(|p| &p.stream);
        for (i, col) in plan.columns.iter().enumerate() {
            match col {
                Col::Path => push_text(&mut self.text[i], Some(row.path)),
                Col::Kind => push_text(&mut self.text[i], row.kind),
                Col::Error => push_text(&mut self.text[i], row.error.as_ref().map(|e| e.0)),
                Col::ErrorMessage => {
                    push_text(&mut self.text[i], row.error.as_ref().map(|e| e.1.as_str()));
                }
                Col::Stream(k) => match k {
                    0 => push_float(&mut self.float[i], s.and_then(|s| s.length)),
                    1 => push_int(&mut self.int[i], capped_i64(s.and_then(|s| s.bitrate))),
                    2 => push_int(&mut self.int[i], capped_i64(s.and_then(|s| s.sample_rate))),
                    3 => push_int(&mut self.int[i], capped_i64(s.and_then(|s| s.channels))),
                    4 => push_int(
                        &mut self.int[i],
                        capped_i64(s.and_then(|s| s.bits_per_sample)),
                    ),
                    _ => push_text(&mut self.text[i], s.and_then(|s| s.codec.as_deref())),
                },
                Col::Text(k) => push_text(
                    &mut self.text[i],
                    p.and_then(|p| p.common.text[*k].as_deref()),
                ),
                Col::Number(k) => push_int(
                    &mut self.int[i],
                    p.and_then(|p| p.common.numbers[*k]).map(i64::from),
                ),
                Col::Gain(k) => {
                    push_float(&mut self.float[i], p.and_then(|p| p.common.replaygain[*k]));
                }
                Col::Tags => {
                    if let Some(t) = self.tags.as_mut() {
                        t.push(p.and_then(|p| p.tags.as_ref()));
                    }
                }
                Col::Pictures => {
                    if let Some(b) = self.pictures.as_mut() {
                        b.push(p.map(|p| p.pictures.as_slice()));
                    }
                }
            }
        }
    }

    fn finish(mut self, plan: &Plan) -> Result<RecordBatch, ArrowError> {
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(plan.columns.len());
        for (i, col) in plan.columns.iter().enumerate() {
            let array: ArrayRef = match col {
                Col::Tags => match self.tags.take() {
                    Some(t) => Arc::new(t.finish()?),
                    None => continue,
                },
                Col::Pictures => match self.pictures.take() {
                    Some(b) => Arc::new(b.finish()?),
                    None => continue,
                },
                _ => {
                    if let Some(b) = self.text[i].as_mut() {
                        Arc::new(b.finish())
                    } else if let Some(b) = self.int[i].as_mut() {
                        Arc::new(b.finish())
                    } else if let Some(b) = self.float[i].as_mut() {
                        Arc::new(b.finish())
                    } else {
                        continue;
                    }
                }
            };
            arrays.push(array);
        }
        RecordBatch::try_new_with_options(
            Arc::clone(&plan.schema),
            arrays,
            &RecordBatchOptions::new().with_row_count(Some(self.rows)),
        )
    }
}

fn push_text(b: &mut Option<StringBuilder>, v: Option<&str>) {
    if let Some(b) = b {
        b.append_option(v);
    }
}

fn push_int(b: &mut Option<Int64Builder>, v: Option<i64>) {
    if let Some(b) = b {
        b.append_option(v);
    }
}

fn push_float(b: &mut Option<Float64Builder>, v: Option<f64>) {
    if let Some(b) = b {
        b.append_option(v);
    }
}

fn offset(n: usize) -> Result<i32, ArrowError> {
    i32::try_from(n).map_err(|_| ArrowError::ComputeError("batch too large".to_owned()))
}

impl TagsBuilder {
    fn push(&mut self, tags: Option<&project::RawTags<'_>>) {
        let mut count = self.keys.len();
        if let Some(tags) = tags {
            for (key, values) in tags {
                self.keys.append_value(key);
                for v in values {
                    self.values.values().append_value(v);
                }
                self.values.append(true);
                count += 1;
            }
        }
        self.offsets.push(i32::try_from(count).unwrap_or(i32::MAX));
        self.valid.push(tags.is_some());
    }

    fn finish(mut self) -> Result<MapArray, ArrowError> {
        offset(self.keys.len())?;
        let keys: ArrayRef = Arc::new(self.keys.finish());
        let values: ArrayRef = Arc::new(self.values.finish());
        let entries = StructArray::try_new(tag_entries_fields(), vec![keys, values], None)?;
        MapArray::try_new(
            tag_entries_field(),
            OffsetBuffer::new(self.offsets.into()),
            entries,
            Some(NullBuffer::from(self.valid)),
            false,
        )
    }
}

impl PicturesBuilder {
    fn push(&mut self, pictures: Option<&[project::PictureInfo]>) {
        if let Some(pictures) = pictures {
            for p in pictures {
                self.kind.append_option(p.picture_type.map(i64::from));
                self.mime.append_value(&p.mime);
                self.desc.append_value(&p.desc);
                self.size.append_option(i64::try_from(p.size).ok());
                self.width.append_option(p.width.map(i64::from));
                self.height.append_option(p.height.map(i64::from));
                self.data.append_option(p.data);
            }
        }
        let count = self.kind.len();
        self.offsets.push(i32::try_from(count).unwrap_or(i32::MAX));
        self.valid.push(pictures.is_some());
    }

    fn finish(mut self) -> Result<ListArray, ArrowError> {
        offset(self.kind.len())?;
        let arrays: Vec<ArrayRef> = vec![
            Arc::new(self.kind.finish()),
            Arc::new(self.mime.finish()),
            Arc::new(self.desc.finish()),
            Arc::new(self.size.finish()),
            Arc::new(self.width.finish()),
            Arc::new(self.height.finish()),
            Arc::new(self.data.finish()),
        ];
        let items = StructArray::try_new(picture_fields(), arrays, None)?;
        ListArray::try_new(
            picture_item_field(),
            OffsetBuffer::new(self.offsets.into()),
            Arc::new(items),
            Some(NullBuffer::from(self.valid)),
        )
    }
}

/// One chunk's record batch, and the paths of the chunk that are directories (which have no
/// row: the scan walks them afterwards).
struct Chunk {
    batch: Result<RecordBatch, ArrowError>,
    dirs: Vec<PathBuf>,
}

/// Read one chunk of paths and build its record batch. A path that fails is checked (only
/// then) for being a directory: with `skip_dirs` such a path gets no row and is returned in
/// [`Chunk::dirs`]; without, it gets its error row.
fn build_chunk(plan: &Plan, paths: &[PathBuf], skip_dirs: bool) -> Chunk {
    let mut dirs = Vec::new();
    let batch = build_rows(plan, paths, skip_dirs.then_some(&mut dirs));
    Chunk { batch, dirs }
}

fn build_rows(
    plan: &Plan,
    paths: &[PathBuf],
    mut dirs: Option<&mut Vec<PathBuf>>,
) -> Result<RecordBatch, ArrowError> {
    let mut b = Builders::new(plan, paths.len());
    let needs_file = plan.columns.iter().any(|c| *c != Col::Path);
    if !needs_file {
        for path in paths {
            // Nothing is read, so a directory is told by asking.
            if let Some(dirs) = dirs.as_deref_mut() {
                if path.is_dir() {
                    dirs.push(path.clone());
                    continue;
                }
            }
            let name = path.to_string_lossy();
            b.push(
                plan,
                &Row {
                    path: &name,
                    kind: None,
                    error: None,
                    projection: None,
                },
            );
        }
        return b.finish(plan);
    }
    let internal = || {
        (
            "MutagenError",
            "internal error while parsing (a bug in mutagen-rs)".to_owned(),
        )
    };
    mutagen_core::source::for_each_source(paths, plan.uring, |i, src| {
        let path = &paths[i];
        let name = mutagen_core::file::path_name(path);
        // Read, then project (the projection borrows from the parsed file, so the row is
        // made after it and dropped before it), each under `catch_unwind`: a panic is that
        // file's error row, and no builder is half-written.
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match src {
            Ok(src) => mutagen_core::file::read(&name, src).map_err(crate::Failure::Read),
            Err(e) => Err(crate::Failure::Open(e)),
        }));
        let mut row = Row {
            path: &name,
            kind: None,
            error: None,
            projection: None,
        };
        match &read {
            Ok(Ok(Detected::Read(kind, audio))) => {
                let projected = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    project::project(audio, plan.wanted)
                }));
                match projected {
                    Ok(p) => {
                        row.kind = Some(kind.class_name());
                        row.projection = Some(p);
                    }
                    Err(_) => row.error = Some(internal()),
                }
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                if let Some(dirs) = dirs.as_deref_mut() {
                    if path.is_dir() {
                        dirs.push(path.clone());
                        return;
                    }
                }
                row.error = Some(error_row(e, &name));
            }
            Err(_) => row.error = Some(internal()),
        }
        b.push(plan, &row);
    });
    b.finish(plan)
}

/// The record batches of a scan, as they complete: those of the paths given, then those of the
/// files found in the paths that were directories.
struct Reader {
    schema: SchemaRef,
    stream: Stream<Chunk>,
    /// Directories met so far among the paths given.
    dirs: Vec<PathBuf>,
    /// What walking them and scanning their files needs, until that second pass starts.
    walk: Option<Walk>,
}

/// The settings of a scan's second pass, over the files of the directories among its paths.
struct Walk {
    plan: Arc<Plan>,
    extensions: Vec<String>,
    threads: Option<usize>,
    batch_size: Option<usize>,
}

impl Iterator for Reader {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Some((_, outcome)) = self.stream.next() else {
                let walk = self.walk.take()?;
                if self.dirs.is_empty() {
                    return None;
                }
                let dirs = std::mem::take(&mut self.dirs);
                let files = batch::expand(&dirs, &walk.extensions, walk.threads)?;
                // The walked files are files: a failure among them is its own error row.
                self.stream = start(walk.plan, &files, walk.threads, walk.batch_size, false);
                continue;
            };
            let Ok(chunk) = outcome else {
                return Some(Err(ArrowError::ComputeError(
                    "internal error while building a batch (a bug in mutagen-rs)".to_owned(),
                )));
            };
            self.dirs.extend(chunk.dirs);
            match chunk.batch {
                // A chunk of directories only has no rows: nothing to hand over.
                Ok(b) if b.num_rows() == 0 => {}
                other => return Some(other),
            }
        }
    }
}

/// Start the workers of one pass over `paths`.
fn start(
    plan: Arc<Plan>,
    paths: &[PathBuf],
    threads: Option<usize>,
    batch_size: Option<usize>,
    skip_dirs: bool,
) -> Stream<Chunk> {
    let size = chunk_size(paths.len(), threads, batch_size);
    let workers = batch::thread_count(threads, paths.len());
    let chunks: Arc<[Vec<PathBuf>]> = paths.chunks(size).map(<[PathBuf]>::to_vec).collect();
    batch::stream(chunks, threads, Some(workers), move |_, chunk| {
        build_chunk(&plan, chunk, skip_dirs)
    })
}

impl RecordBatchReader for Reader {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }
}

/// A scan in progress: files read on background threads into Arrow record batches. It speaks
/// the Arrow PyCapsule interface: `__arrow_c_stream__()` hands the stream to a consumer
/// (pyarrow, polars, DuckDB) once; `__arrow_c_schema__()` gives the schema.
#[pyclass(module = "mutagen_rs._native", name = "ScanStream")]
pub struct ScanStream {
    schema: SchemaRef,
    /// The reader until a consumer takes it (behind a lock so that the class is `Sync`).
    reader: Mutex<Option<Reader>>,
}

#[pymethods]
impl ScanStream {
    /// The schema version ([`SCHEMA_VERSION`]).
    #[classattr]
    const SCHEMA_VERSION: u32 = SCHEMA_VERSION;

    /// The stream as an `arrow_array_stream` PyCapsule. It can be taken once; `requested_schema`
    /// is ignored (the schema is fixed).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = self
            .reader
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
            .ok_or_else(|| {
                pyo3::exceptions::PyRuntimeError::new_err("the scan's stream was already taken")
            })?;
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// The schema as an `arrow_schema` PyCapsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = arrow_schema::ffi::FFI_ArrowSchema::try_from(self.schema.as_ref())
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }

    /// The column names, in order.
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// Stop the workers and drop the batches not yet taken.
    fn close(&self, py: Python<'_>) {
        let reader = self
            .reader
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(mut reader) = reader {
            py.detach(move || reader.stream.close());
        }
    }
}

/// Start scanning `paths` (files, not directories) into record batches of at most
/// `batch_size` rows, on `threads` threads (`mutagen_core::batch`: all cores for `None` or 0).
/// `columns` picks columns (all when `None`); `picture_data` fills the pictures' `data`. `io` is
/// how files are read: `"uring"` through io_uring rings (one per thread, 64 files at a time;
/// Linux, with the `io-uring` feature), `"pread"` with one open, positioned reads and a close
/// per file, `"auto"` (`None`) io_uring where this build has it and the system allows it.
#[pyfunction]
#[pyo3(signature = (paths, columns=None, threads=None, batch_size=None, picture_data=false, io=None, extensions=None))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn scan(
    paths: Vec<PathBuf>,
    columns: Option<Vec<String>>,
    threads: Option<usize>,
    batch_size: Option<usize>,
    picture_data: bool,
    io: Option<&str>,
    extensions: Option<Vec<String>>,
) -> PyResult<ScanStream> {
    let plan = Arc::new(Plan::new(columns.as_deref(), picture_data, uring_for(io)?)?);
    let schema = Arc::clone(&plan.schema);
    // Without `extensions`, a directory among the paths is an error row like any path that
    // cannot be read; with them, it is walked for files with those extensions.
    let walk = extensions.map(|extensions| Walk {
        plan: Arc::clone(&plan),
        extensions,
        threads,
        batch_size,
    });
    let stream = start(plan, &paths, threads, batch_size, walk.is_some());
    Ok(ScanStream {
        schema: Arc::clone(&schema),
        reader: Mutex::new(Some(Reader {
            schema,
            stream,
            dirs: Vec::new(),
            walk,
        })),
    })
}

/// The rows per chunk: small enough that every thread gets several (a balanced end of the
/// batch), large enough that a batch's fixed costs are spread over many rows, at most
/// `batch_size`.
fn chunk_size(files: usize, threads: Option<usize>, batch_size: Option<usize>) -> usize {
    let workers = batch::thread_count(threads, files);
    let max = batch_size.unwrap_or(DEFAULT_BATCH_SIZE).max(1);
    let even = files.div_ceil(workers * 8).max(64);
    max.min(even)
}

/// Read `paths` on `threads` threads into record batches of the columns `names`, in path order
/// (all of them in memory at once: the columnar output's path). The flag tells whether one of
/// the paths that failed is a directory; with `walk`, such a path has no row (the caller walks
/// the directories and reads again), without, it has its error row. Called with the GIL
/// released.
pub(crate) fn read_columns(
    paths: &[PathBuf],
    threads: Option<usize>,
    names: &[String],
    walk: bool,
) -> PyResult<(Vec<RecordBatch>, bool)> {
    let plan = Plan::new(Some(names), false, uring_for(None)?)?;
    let size = chunk_size(paths.len(), threads, None);
    let chunks: Vec<&[PathBuf]> = paths.chunks(size).collect();
    let mut found_dir = false;
    let chunks = batch::map(&chunks, threads, |chunk| build_chunk(&plan, chunk, walk));
    let mut out = Vec::with_capacity(chunks.len());
    for c in chunks {
        let b = c.map(|c| {
            found_dir |= !c.dirs.is_empty();
            c.batch
        });
        let b = b.map_err(|_| {
            pyo3::exceptions::PyRuntimeError::new_err(
                "internal error while building a batch (a bug in mutagen-rs)",
            )
        })?;
        out.push(b.map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?);
    }
    Ok((out, found_dir))
}

/// The files named by `paths` (directories walked for files with one of `extensions`, as
/// `mutagen_rs._batch.expand` walks them), or `None` when no path is a directory. The paths are
/// checked in parallel with the GIL released.
#[pyfunction]
#[pyo3(signature = (paths, extensions, threads=None))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn expand_paths(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    extensions: Vec<String>,
    threads: Option<usize>,
) -> Option<Vec<PathBuf>> {
    py.detach(|| batch::expand(&paths, &extensions, threads))
}

/// The default largest number of rows per record batch.
pub const DEFAULT_BATCH_SIZE: usize = 4096;

/// Register `scan` and `ScanStream` in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_function(wrap_pyfunction!(expand_paths, m)?)?;
    m.add_class::<ScanStream>()?;
    m.add("SCAN_SCHEMA_VERSION", SCHEMA_VERSION)?;
    Ok(())
}
