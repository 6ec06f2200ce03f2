//! `newsfacts._newsfacts`: the extension module of the Python package (the Python API is in
//! `python/newsfacts/__init__.py`, which documents it).
//!
//! Everything is a thin layer over [`newsfacts::arrow_tables`]: Arrow data comes in through the
//! Arrow C stream interface (`__arrow_c_stream__`: pyarrow, pandas, polars) and goes out as
//! pyarrow objects through `arrow-pyarrow`; extraction runs with the GIL released.

use std::path::PathBuf;

use arrow::array::{RecordBatch, RecordBatchReader};
use arrow::datatypes::SchemaRef;
use arrow::error::ArrowError;
use arrow::ffi_stream::RecordBatchStreamReader;
use arrow_pyarrow::{FromPyArrow, IntoPyArrow, PyArrowType, ToPyArrow};
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList};

use newsfacts::arrow_tables::input::{FieldNames, InputError, InputField, Selection};
use newsfacts::arrow_tables::reader::ArticleReader;
use newsfacts::arrow_tables::{self as tables, nested, ExtractOptions, Extracted, Extractor};
use newsfacts::error::{Error, ErrorKind};

/// The pipeline allocates many small strings per article: mimalloc, as in the CLI.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Why a call failed.
enum Failure {
    Input(InputError),
    Arrow(ArrowError),
    Newsfacts(Error),
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Failure {
        Failure::Input(e)
    }
}

impl From<ArrowError> for Failure {
    fn from(e: ArrowError) -> Failure {
        Failure::Arrow(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Newsfacts(e)
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> PyErr {
        match f {
            Failure::Input(e @ InputError::MissingColumn { .. }) => {
                PyValueError::new_err(e.to_string())
            }
            Failure::Input(e @ InputError::WrongType { .. }) => PyTypeError::new_err(e.to_string()),
            Failure::Input(InputError::Arrow(e)) | Failure::Arrow(e) => {
                PyRuntimeError::new_err(format!("reading the data failed: {e}"))
            }
            Failure::Newsfacts(e) => {
                let msg = e.to_string();
                match e.kind() {
                    ErrorKind::NotFound => PyFileNotFoundError::new_err(msg),
                    ErrorKind::Read => PyOSError::new_err(msg),
                    ErrorKind::Usage => PyValueError::new_err(msg),
                    _ => PyRuntimeError::new_err(msg),
                }
            }
        }
    }
}

/// The field selections of a Python dict `{field: column name | None (auto) | False (off)}`.
fn field_names(fields: &Bound<'_, PyDict>) -> PyResult<FieldNames> {
    let mut names = FieldNames::default();
    for (k, v) in fields.iter() {
        let key: String = k.extract()?;
        let field: InputField = key.parse().map_err(|_| {
            PyValueError::new_err(format!(
                "unknown field {key:?}; the fields are {}",
                InputField::NAMES.join(", ")
            ))
        })?;
        let sel = if v.is_none() {
            Selection::Auto
        } else if v.is_instance_of::<PyBool>() {
            if v.extract::<bool>()? {
                Selection::Auto
            } else {
                Selection::Off
            }
        } else if let Ok(s) = v.extract::<String>() {
            Selection::Column(s)
        } else {
            return Err(PyTypeError::new_err(format!(
                "the column of `{field}` must be a column name (str), None or False, not {}",
                v.get_type().name()?
            )));
        };
        names.set(field, sel);
    }
    Ok(names)
}

fn options(
    threads: Option<usize>,
    max_article_bytes: usize,
    batch: usize,
) -> PyResult<ExtractOptions> {
    if threads == Some(0) {
        return Err(PyValueError::new_err(
            "threads must be at least 1 (or None: all cores)",
        ));
    }
    if batch == 0 {
        return Err(PyValueError::new_err("batch must be at least 1"));
    }
    Ok(ExtractOptions {
        threads,
        max_article_bytes,
        batch,
    })
}

/// `{table name: pyarrow.Table}`, in the order of the tables.
fn to_python(py: Python<'_>, out: Extracted) -> PyResult<Py<PyDict>> {
    let dict = PyDict::new(py);
    for (t, schema, batches) in out.tables {
        let table = arrow_pyarrow::Table::try_new(batches, schema)
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        dict.set_item(t.name, table.into_pyarrow(py)?)?;
    }
    Ok(dict.unbind())
}

/// Fails early, before any work, when the stream's schema does not fit the fields.
fn check_schema(schema: SchemaRef, names: &FieldNames) -> Result<(), InputError> {
    let empty = RecordBatch::new_empty(schema);
    tables::input::ArticleColumns::new(&empty, names).map(|_| ())
}

/// Extracts every table from an Arrow stream of articles.
#[pyfunction]
#[pyo3(signature = (data, fields, threads=None, max_article_bytes=newsfacts::pipeline::DEFAULT_MAX_ARTICLE_BYTES, batch=newsfacts::pipeline::DEFAULT_BATCH))]
fn extract(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    fields: &Bound<'_, PyDict>,
    threads: Option<usize>,
    max_article_bytes: usize,
    batch: usize,
) -> PyResult<Py<PyDict>> {
    let names = field_names(fields)?;
    let opts = options(threads, max_article_bytes, batch)?;
    let reader = RecordBatchStreamReader::from_pyarrow_bound(data)?;
    check_schema(reader.schema(), &names).map_err(Failure::from)?;
    let out = py.detach(move || -> Result<Extracted, Failure> {
        let mut ex = Extractor::new(opts)?;
        for b in reader {
            ex.push_batch(&b?, &names)?;
        }
        Ok(ex.finish()?)
    })?;
    to_python(py, out)
}

fn paths_of(paths: &Bound<'_, PyList>) -> PyResult<Vec<PathBuf>> {
    paths.iter().map(|p| p.extract::<PathBuf>()).collect()
}

/// Extracts every table from input files and directories, as `newsfacts export` reads them.
#[pyfunction]
#[pyo3(signature = (paths, threads=None, max_article_bytes=newsfacts::pipeline::DEFAULT_MAX_ARTICLE_BYTES, batch=newsfacts::pipeline::DEFAULT_BATCH))]
fn extract_files(
    py: Python<'_>,
    paths: &Bound<'_, PyList>,
    threads: Option<usize>,
    max_article_bytes: usize,
    batch: usize,
) -> PyResult<Py<PyDict>> {
    let paths = paths_of(paths)?;
    let opts = options(threads, max_article_bytes, batch)?;
    let out = py.detach(move || -> Result<Extracted, Failure> {
        let items = newsfacts::arrow_tables::reader::open_items(&paths, opts.max_article_bytes)?;
        let mut ex = Extractor::new(opts)?;
        ex.push_items(items)?;
        Ok(ex.finish()?)
    })?;
    to_python(py, out)
}

/// A `pyarrow.RecordBatchReader` over the articles of input files and directories.
#[pyfunction]
#[pyo3(signature = (paths, max_article_bytes=newsfacts::pipeline::DEFAULT_MAX_ARTICLE_BYTES, batch_size=256))]
fn read<'py>(
    py: Python<'py>,
    paths: &Bound<'py, PyList>,
    max_article_bytes: usize,
    batch_size: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let paths = paths_of(paths)?;
    let reader = py
        .detach(|| ArticleReader::open(&paths, max_article_bytes, batch_size))
        .map_err(Failure::from)?;
    let boxed: Box<dyn RecordBatchReader + Send> = Box::new(reader);
    boxed.into_pyarrow(py)
}

/// The input files of paths (directories walked in sorted order), as the CLI finds them.
#[pyfunction]
fn discover(py: Python<'_>, paths: &Bound<'_, PyList>) -> PyResult<Vec<String>> {
    let paths = paths_of(paths)?;
    let inputs = py
        .detach(|| newsfacts::ingest::discover(&paths))
        .map_err(Failure::from)?;
    Ok(inputs
        .into_iter()
        .map(|i| i.path.display().to_string())
        .collect())
}

/// The pyarrow schema of a table (`errors` included).
#[pyfunction]
fn schema<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let t = tables::table(name).ok_or_else(|| {
        let names: Vec<&str> = nested::tables().map(|t| t.name).collect();
        PyValueError::new_err(format!(
            "no table {name:?}; the tables are {}",
            names.join(", ")
        ))
    })?;
    newsfacts::export::arrow::arrow_schema(t)
        .as_ref()
        .to_pyarrow(py)
}

/// The names of the dataset's tables, in order (without `errors`).
#[pyfunction]
fn table_names() -> Vec<&'static str> {
    newsfacts::schema::TABLES.iter().map(|t| t.name).collect()
}

/// The primary key of a table.
#[pyfunction]
fn primary_key(name: &str) -> PyResult<Vec<&'static str>> {
    tables::table(name)
        .map(|t| t.primary_key.to_vec())
        .ok_or_else(|| PyValueError::new_err(format!("no table {name:?}")))
}

/// The schema of article rows (what `read` gives and `extract` takes).
#[pyfunction]
fn input_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    tables::input::input_schema().as_ref().to_pyarrow(py)
}

/// The schema of the nested form (one row per article, one list column per table).
#[pyfunction]
fn nested_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    nested::nested_schema().as_ref().to_pyarrow(py)
}

/// The fields of an article row, in order.
#[pyfunction]
fn input_fields() -> Vec<&'static str> {
    InputField::NAMES.to_vec()
}

/// The `error_kind` of a value of the wrong type in one row.
#[pyfunction]
fn bad_field_kind() -> String {
    tables::kind_name(&ErrorKind::BadField { field: "" })
}

/// Extracts record batches into their nested form, one batch at a time (the Spark map
/// function's engine); repeated ids are reported across the batches of one extractor.
#[pyclass(module = "newsfacts._newsfacts")]
struct NestedExtractor {
    inner: Extractor,
    names: FieldNames,
}

#[pymethods]
impl NestedExtractor {
    #[new]
    #[pyo3(signature = (fields, threads=Some(1), max_article_bytes=newsfacts::pipeline::DEFAULT_MAX_ARTICLE_BYTES, batch=newsfacts::pipeline::DEFAULT_BATCH))]
    fn new(
        fields: &Bound<'_, PyDict>,
        threads: Option<usize>,
        max_article_bytes: usize,
        batch: usize,
    ) -> PyResult<NestedExtractor> {
        let names = field_names(fields)?;
        let inner =
            Extractor::new(options(threads, max_article_bytes, batch)?).map_err(Failure::from)?;
        Ok(NestedExtractor { inner, names })
    }

    /// The nested batch of one record batch of articles.
    fn process(
        &mut self,
        py: Python<'_>,
        batch: PyArrowType<RecordBatch>,
    ) -> PyResult<PyArrowType<RecordBatch>> {
        let batch = batch.0;
        let NestedExtractor { inner, names } = self;
        let out = py.detach(|| -> Result<RecordBatch, Failure> {
            let outcomes = inner.outcomes(&batch, names)?;
            Ok(nested::nested(&outcomes)?)
        })?;
        Ok(PyArrowType(out))
    }
}

/// The extension module.
#[pymodule]
fn _newsfacts(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add(
        "DEFAULT_MAX_ARTICLE_BYTES",
        newsfacts::pipeline::DEFAULT_MAX_ARTICLE_BYTES,
    )?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_files, m)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(discover, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(table_names, m)?)?;
    m.add_function(wrap_pyfunction!(primary_key, m)?)?;
    m.add_function(wrap_pyfunction!(input_schema, m)?)?;
    m.add_function(wrap_pyfunction!(nested_schema, m)?)?;
    m.add_function(wrap_pyfunction!(input_fields, m)?)?;
    m.add_function(wrap_pyfunction!(bad_field_kind, m)?)?;
    m.add_class::<NestedExtractor>()?;
    Ok(())
}
