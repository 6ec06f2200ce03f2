//! Shared helpers for end-to-end tests: a temporary work directory and a way to run the built
//! binary in it (in the spirit of xsv's `Workdir`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn join(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    pub fn write(&self, p: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(p);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, content).unwrap();
        path
    }
    /// Runs `newsfacts ARGS` with the work directory as current directory.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_newsfacts"))
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("run newsfacts")
    }
    /// Exports the bundled seed article into `OUT` and asserts the run succeeded.
    pub fn export_seed(&self, out: &str) {
        let input = project().join("articles/us-china-fragile-opportunity-to-repair-ties.txt");
        let o = self.run(&[
            "export",
            input.to_str().unwrap(),
            "--out",
            self.join(out).to_str().unwrap(),
        ]);
        assert!(o.status.success(), "export failed: {}", stderr(&o));
    }

    /// Copies the bundled articles/ into the work directory.
    pub fn with_bundled_articles(&self) {
        let src = project().join("articles");
        std::fs::create_dir_all(self.join("articles")).unwrap();
        for e in std::fs::read_dir(src).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), self.join("articles").join(e.file_name())).unwrap();
        }
    }
    /// Reads `OUT/json/TABLE.json` as a vector of JSON records.
    pub fn table(&self, out: &str, table: &str) -> Vec<serde_json::Value> {
        let p = self.join(out).join("json").join(format!("{table}.json"));
        let s = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        match serde_json::from_str(&s).unwrap() {
            serde_json::Value::Array(a) => a,
            _ => panic!("{} is not an array", p.display()),
        }
    }
}

pub fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpora folder (`../shared` beside the project), if present.
pub fn shared() -> Option<PathBuf> {
    let p = project().join("..").join("shared");
    p.is_dir().then_some(p)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// All files under `dir` with their bytes, relative paths sorted.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}
