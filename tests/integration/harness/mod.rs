//! The one harness of the integration tests: a temporary work directory in which the built
//! binary runs (in the spirit of xsv's `Workdir` and ripgrep's `tests/util.rs`), the output
//! tables read back as typed rows ([`tables`]), and the dataset invariants every test checks
//! ([`invariants`]).
//!
//! Paths in the binary's messages are the short relative ones given on the command line, because
//! the binary runs with the work directory as its current directory.

pub mod invariants;
pub mod tables;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

use serde::de::DeserializeOwned;

use tables::{Article, Dataset, TableRow};

/// The binary under test, built by cargo for this test target.
pub const BIN: &str = env!("CARGO_BIN_EXE_newsfacts");

/// The bundled seed article, relative to the project root.
pub const SEED: &str = "articles/us-china-fragile-opportunity-to-repair-ties.txt";

/// The project root (where `Cargo.toml` is).
pub fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpora folder (`../shared` beside the project), if present.
pub fn shared() -> Option<PathBuf> {
    let p = project().join("..").join("shared");
    p.is_dir().then_some(p)
}

/// One finished run of the binary: exit status and captured output.
pub struct Run {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    /// The exit code; -1 when the process was ended by a signal.
    pub fn code(&self) -> i32 {
        self.status.code().unwrap_or(-1)
    }
    /// True for exit code 0.
    pub fn success(&self) -> bool {
        self.status.success()
    }
    /// The `error: ...` lines on stderr.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect()
    }
}

/// Runs `newsfacts ARGS` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run newsfacts");
    Run {
        status: out.status,
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temporary working directory, removed when dropped.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// A fresh, empty work directory.
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
    /// The work directory itself.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    /// `rel` inside the work directory.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    /// Writes `bytes` to `rel` (creating parent directories) and returns its path.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write input");
        p
    }
    /// Runs `newsfacts ARGS` with the work directory as current directory.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
    /// `export INPUT... --out OUT -q` plus extra flags.
    pub fn export(&self, inputs: &[&str], out: &str, extra: &[&str]) -> Run {
        let mut args = vec!["export"];
        args.extend_from_slice(inputs);
        args.extend_from_slice(&["--out", out, "-q"]);
        args.extend_from_slice(extra);
        self.run(&args)
    }
    /// Exports the bundled seed article into `out` (plus extra flags) and asserts the run
    /// succeeded.
    pub fn export_seed(&self, out: &str, extra: &[&str]) {
        let input = project().join(SEED);
        let out = self.join(out);
        let mut args = vec![
            "export",
            input.to_str().expect("utf-8 path"),
            "--out",
            out.to_str().expect("utf-8 path"),
        ];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        assert!(r.success(), "export failed: {}", r.stderr);
    }
    /// Copies the bundled `articles/` into the work directory.
    pub fn with_bundled_articles(&self) {
        std::fs::create_dir_all(self.join("articles")).expect("mkdir");
        for e in std::fs::read_dir(project().join("articles")).expect("articles/") {
            let e = e.expect("dir entry");
            std::fs::copy(e.path(), self.join("articles").join(e.file_name())).expect("copy");
        }
    }
    /// The rows of one table of the JSON output `out/json/TABLE.json`, typed: a column renamed,
    /// added or removed in the output fails here.
    pub fn table<T: TableRow>(&self, out: &str) -> Vec<T> {
        read_table(&self.join(out))
    }
    /// Every table of the JSON output in `out`.
    pub fn dataset(&self, out: &str) -> Dataset {
        Dataset::read(&self.join(out))
    }
    /// The `text` of every exported article, by id.
    pub fn texts(&self, out: &str) -> BTreeMap<String, String> {
        self.table::<Article>(out)
            .into_iter()
            .map(|a| (a.article_id, a.text))
            .collect()
    }
    /// Hidden staging (`.NAME.tmp-PID`) or backup (`.NAME.old-PID`) directories left in
    /// `parent`.
    pub fn leftovers(&self, parent: &str) -> Vec<String> {
        std::fs::read_dir(self.join(parent))
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with('.') && (n.contains(".tmp-") || n.contains(".old-")))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Reads `dir/json/TABLE.json` as typed rows.
pub fn read_table<T: TableRow>(dir: &Path) -> Vec<T> {
    let p = dir.join("json").join(format!("{}.json", T::NAME));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Reads a JSON file of the project (a gold reading under `tests/gold/`) as `T`.
pub fn read_gold<T: DeserializeOwned>(rel: &str) -> T {
    let p = project().join(rel);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every file under `dir` with its bytes, by relative path (empty when `dir` does not exist).
pub type Snapshot = BTreeMap<PathBuf, Vec<u8>>;

/// A [`Snapshot`] of the data files of the output `dir`: without `manifest.json`, which names
/// the inputs (so outputs of different input files holding the same articles compare equal).
pub fn data_snapshot(dir: &Path) -> Snapshot {
    let mut s = snapshot(dir);
    s.remove(Path::new("manifest.json"));
    s
}

/// Takes a [`Snapshot`] of `dir`.
pub fn snapshot(dir: &Path) -> Snapshot {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("prefix").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}
