//! `manifest.json`: what an output directory was exported from.
//!
//! Every export writes it beside `datapackage.json`: the inputs as given on the command line,
//! the options that change what is exported, and every file read with its size and SHA-256. It
//! holds nothing that depends on the machine, the clock or the thread count (paths stay as the
//! user gave them, relative ones relative), so the committed `output/` regenerates byte for byte.
//! It lets an export refuse to replace an output made from other inputs
//! ([`Manifest::same_inputs`]), and lets `newsfacts check` tell "output/ was produced from
//! different inputs" from "the code changed" ([`Manifest::input_differences`]).

use std::io::Read;
use std::path::{Component, Path};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind};

/// The manifest's file name inside an output directory.
pub const MANIFEST: &str = "manifest.json";

/// What an output directory was exported from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `newsfacts`.
    pub generator: String,
    /// The inputs as given (files or directories), `/`-separated, a leading `./` dropped.
    pub inputs: Vec<String>,
    /// The options that change what is exported.
    pub options: ManifestOptions,
    /// Every file read, in reading order (a `.txt` article followed by its sidecar).
    pub files: Vec<InputFile>,
}

/// The export options that change the output (not `--threads` or `--batch`, which do not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestOptions {
    /// The formats written, by directory name.
    pub formats: Vec<String>,
    /// `--shard I/N` (1-based), if any.
    pub shard: Option<String>,
    /// `--max-article-bytes`.
    pub max_article_bytes: u64,
    /// `--partition-rows`, if any.
    pub partition_rows: Option<u64>,
    /// `--csv-safe`.
    pub csv_safe: bool,
}

/// One file read by the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    /// The path as the export read it (see [`path_text`]).
    pub path: String,
    /// Size in bytes; `null` when the file could not be read (its error was reported).
    pub bytes: Option<u64>,
    /// SHA-256 of the bytes, lowercase hex; `null` when the file could not be read.
    pub sha256: Option<String>,
}

/// A path as the manifest writes it: its components joined by `/`, a leading `.` dropped, so
/// `./articles/` and `articles` are the same input.
pub fn path_text(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::RootDir => absolute = true,
            Component::Prefix(x) => parts.push(x.as_os_str().to_string_lossy().into_owned()),
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

impl InputFile {
    /// Reads `path` and records its size and SHA-256 (`null`s when it cannot be read: the
    /// export reports that file's error itself).
    pub fn read(path: &Path) -> InputFile {
        let digest = || -> std::io::Result<(u64, String)> {
            let mut f = std::fs::File::open(path)?;
            let mut h = Sha256::new();
            let mut buf = vec![0u8; 1 << 16];
            let mut n = 0u64;
            loop {
                let k = f.read(&mut buf)?;
                if k == 0 {
                    break;
                }
                h.update(buf.get(..k).unwrap_or_default());
                n += k as u64;
            }
            Ok((n, format!("{:x}", h.finalize())))
        };
        let (bytes, sha256) = match digest() {
            Ok((n, s)) => (Some(n), Some(s)),
            Err(_) => (None, None),
        };
        InputFile {
            path: path_text(path),
            bytes,
            sha256,
        }
    }
}

impl Manifest {
    /// A manifest of `inputs` (as given) with `options` and the files read.
    pub fn new(
        inputs: &[std::path::PathBuf],
        options: ManifestOptions,
        files: Vec<InputFile>,
    ) -> Manifest {
        Manifest {
            generator: "newsfacts".into(),
            inputs: inputs.iter().map(|p| path_text(p)).collect(),
            options,
            files,
        }
    }

    /// The manifest's text: pretty JSON, fields in declaration order, a final newline.
    pub fn to_text(&self) -> Result<String, Error> {
        let mut s = serde_json::to_string_pretty(self)
            .map_err(|e| Error::internal(format!("manifest: {e}")))?;
        s.push('\n');
        Ok(s)
    }

    /// Writes `dir/manifest.json`.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let p = dir.join(MANIFEST);
        std::fs::write(&p, self.to_text()?).map_err(|e| Error::output_failed(&p, e))
    }

    /// Reads `dir/manifest.json`: `Ok(None)` when there is none (an output written before
    /// manifests existed), an error when it is there but cannot be read.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, Error> {
        let p = dir.join(MANIFEST);
        let text = match std::fs::read_to_string(&p) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(ErrorKind::Read, &p, "cannot read", e)),
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| Error::at(ErrorKind::BadMetadata, &p, e.to_string()).with_source(e))
    }

    /// True when both were exported from the same inputs (as given) and the same shard: the
    /// one may replace the other without `--force`, whatever the files now hold.
    pub fn same_inputs(&self, other: &Manifest) -> bool {
        self.inputs == other.inputs && self.options.shard == other.options.shard
    }

    /// The inputs, quoted and comma-separated, for messages.
    pub fn inputs_text(&self) -> String {
        let v: Vec<String> = self.inputs.iter().map(|i| format!("`{i}`")).collect();
        let shard = match &self.options.shard {
            Some(s) => format!(" (shard {s})"),
            None => String::new(),
        };
        format!("{}{shard}", v.join(", "))
    }

    /// How the inputs of `self` (the fresh export) differ from those recorded in `old` (the
    /// committed output): other inputs (then nothing more is said), or files changed, added or
    /// gone, and other options. Empty when `old` was exported from exactly these inputs.
    pub fn input_differences(&self, old: &Manifest) -> Vec<String> {
        if !self.same_inputs(old) {
            return vec![format!(
                "was exported from {}, not from {}",
                old.inputs_text(),
                self.inputs_text()
            )];
        }
        let mut out = Vec::new();
        for f in &self.files {
            match old.files.iter().find(|o| o.path == f.path) {
                None => out.push(format!(
                    "{}: not among the files it was exported from",
                    f.path
                )),
                Some(o) if o.sha256 != f.sha256 || o.bytes != f.bytes => {
                    out.push(format!("{}: changed since it was exported", f.path))
                }
                Some(_) => {}
            }
        }
        for o in &old.files {
            if !self.files.iter().any(|f| f.path == o.path) {
                out.push(format!(
                    "{}: was exported from it, is no longer an input",
                    o.path
                ));
            }
        }
        if self.options != old.options {
            out.push(format!(
                "was exported with other options ({}), not ({})",
                old.options.describe(),
                self.options.describe()
            ));
        }
        out
    }
}

impl ManifestOptions {
    /// The options as flags, for messages.
    pub fn describe(&self) -> String {
        let mut v = vec![format!("--format {}", self.formats.join(","))];
        if let Some(s) = &self.shard {
            v.push(format!("--shard {s}"));
        }
        v.push(format!("--max-article-bytes {}", self.max_article_bytes));
        if let Some(n) = self.partition_rows {
            v.push(format!("--partition-rows {n}"));
        }
        if self.csv_safe {
            v.push("--csv-safe".into());
        }
        v.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ManifestOptions {
        ManifestOptions {
            formats: vec!["csv".into(), "parquet".into()],
            shard: None,
            max_article_bytes: 100,
            partition_rows: None,
            csv_safe: false,
        }
    }

    #[test]
    fn paths_are_written_as_given_without_a_leading_dot() {
        for (given, text) in [
            ("articles", "articles"),
            ("./articles/", "articles"),
            ("a/./b.txt", "a/b.txt"),
            ("../shared/x.jsonl", "../shared/x.jsonl"),
            ("/data/crawl.jsonl.gz", "/data/crawl.jsonl.gz"),
            (".", "."),
        ] {
            assert_eq!(path_text(Path::new(given)), text, "{given}");
        }
    }

    #[test]
    fn files_are_hashed_and_unreadable_ones_are_null() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "abc").unwrap();
        let f = InputFile::read(&p);
        assert_eq!(f.bytes, Some(3));
        assert_eq!(
            f.sha256.as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        let g = InputFile::read(&dir.path().join("missing.txt"));
        assert_eq!((g.bytes, g.sha256), (None, None));
    }

    #[test]
    fn text_is_deterministic_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = |path: &str, sha: &str| InputFile {
            path: path.into(),
            bytes: Some(3),
            sha256: Some(sha.into()),
        };
        let m = Manifest::new(
            &["./in".into()],
            options(),
            vec![file("in/a.txt", "aa"), file("in/b.txt", "bb")],
        );
        let text = m.to_text().unwrap();
        assert_eq!(text, m.clone().to_text().unwrap());
        assert!(text
            .starts_with("{\n  \"generator\": \"newsfacts\",\n  \"inputs\": [\n    \"in\"\n  ],"));
        m.write(dir.path()).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), Some(m.clone()));
        assert_eq!(Manifest::read(&dir.path().join("none")).unwrap(), None);
        std::fs::write(dir.path().join(MANIFEST), "{").unwrap();
        assert!(Manifest::read(dir.path()).is_err());

        // the same inputs, one file changed, one added, one gone, another option
        let mut n = m.clone();
        n.files = vec![file("in/a.txt", "a2"), file("in/c.txt", "cc")];
        n.options.csv_safe = true;
        assert!(n.same_inputs(&m));
        assert_eq!(
            n.input_differences(&m),
            [
                "in/a.txt: changed since it was exported",
                "in/c.txt: not among the files it was exported from",
                "in/b.txt: was exported from it, is no longer an input",
                "was exported with other options (--format csv,parquet --max-article-bytes 100), not (--format csv,parquet --max-article-bytes 100 --csv-safe)",
            ]
        );
        // other inputs, or another shard of the same inputs
        let mut o = m.clone();
        o.inputs = vec!["my.jsonl".into()];
        assert!(!o.same_inputs(&m));
        assert_eq!(
            o.input_differences(&m),
            ["was exported from `in`, not from `my.jsonl`"]
        );
        let mut s = m.clone();
        s.options.shard = Some("2/4".into());
        assert!(!s.same_inputs(&m));
        assert_eq!(s.inputs_text(), "`in` (shard 2/4)");
        assert!(m.input_differences(&m).is_empty());
    }
}
