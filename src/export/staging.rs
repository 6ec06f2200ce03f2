//! The output directory of an export: which `--out` may be replaced ([`check_out`]), the hidden
//! staging directory beside it that the files are written to ([`Staging`]), the replacement of
//! `--out` by it at the end, and errors that name `--out` (the user's path), never the staging
//! directory, and say "previous output left intact" only when there was a previous output.

use std::path::{Path, PathBuf};

use super::manifest::{Manifest, MANIFEST};
use crate::error::{Error, ErrorKind};

/// Is `dir` a newsfacts output: does its `datapackage.json` name `newsfacts`?
fn is_newsfacts_output(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("datapackage.json"))
        .ok()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .is_some_and(|v| v.get("name").and_then(|n| n.as_str()) == Some("newsfacts"))
}

/// Refuses an `--out` that is a file (even with `force`), and without `force` a non-empty
/// directory that is not a newsfacts output or whose `manifest.json` says it was exported from
/// other inputs than `this` (other paths as given, or another shard). An output without a
/// manifest (written before manifests existed) may be replaced.
pub fn check_out(out: &Path, force: bool, this: &Manifest) -> Result<(), Error> {
    if out.exists() && !out.is_dir() {
        return Err(Error::at(
            ErrorKind::Usage,
            out,
            "--out exists and is not a directory",
        ));
    }
    if force {
        return Ok(());
    }
    let empty = std::fs::read_dir(out).map_or(true, |mut rd| rd.next().is_none());
    if empty {
        return Ok(());
    }
    if !is_newsfacts_output(out) {
        return Err(Error::at(
            ErrorKind::Usage,
            out,
            "--out is a non-empty directory that is not a newsfacts output; refusing to replace it (use --force)",
        ));
    }
    match Manifest::read(out) {
        Ok(None) => Ok(()),
        Ok(Some(old)) if old.same_inputs(this) => Ok(()),
        Ok(Some(old)) => Err(Error::at(
            ErrorKind::Usage,
            out,
            format!(
                "--out holds the export of {} (its {MANIFEST}), not of {}; refusing to replace it (use --force, or another --out)",
                old.inputs_text(),
                this.inputs_text()
            ),
        )),
        Err(e) => Err(Error::at(
            ErrorKind::Usage,
            out,
            format!(
                "--out has a {MANIFEST} that cannot be read ({e}); refusing to replace it (use --force)"
            ),
        )),
    }
}

/// The staging directory of the export in progress, so that a signal handler that must exit at
/// once can still remove it ([`abandon_staging`]).
static STAGING: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// Removes the staging directory of the export in progress, if any (for a forced exit).
pub fn abandon_staging() {
    if let Ok(mut g) = STAGING.lock() {
        if let Some(p) = g.take() {
            let _ = std::fs::remove_dir_all(p);
        }
    }
}

/// `.NAME.TAG-PID` beside `out`.
fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    parent(out).join(format!(".{name}.{tag}-{}", std::process::id()))
}

/// The directory `out` is in (`.` for a bare name).
fn parent(out: &Path) -> &Path {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The hidden directory `.NAME.tmp-PID` beside `--out` that an export writes into; it replaces
/// `--out` on [`Staging::commit`] and is removed when dropped uncommitted.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    previous: bool,
    committed: bool,
}

impl Staging {
    /// Creates the staging directory for `out` (the user's `--out`).
    pub fn create(out: &Path) -> Result<Staging, Error> {
        let staging = Staging {
            out: out.to_path_buf(),
            tmp: sibling(out, "tmp"),
            previous: std::fs::read_dir(out).is_ok_and(|mut rd| rd.next().is_some()),
            committed: false,
        };
        if let Ok(mut g) = STAGING.lock() {
            *g = Some(staging.tmp.clone());
        }
        let _ = std::fs::remove_dir_all(&staging.tmp);
        std::fs::create_dir_all(&staging.tmp).map_err(|e| {
            let msg = format!(
                "cannot create the new output in {}: {e}",
                parent(out).display()
            );
            Error::output(out, msg)
                .with_source(e)
                .with_note(staging.note())
        })?;
        Ok(staging)
    }

    /// The staging directory, for the writers.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Whether `--out` held an output (a non-empty directory) when the export started.
    pub fn previous(&self) -> bool {
        self.previous
    }

    /// What a failed export leaves at `--out`.
    fn note(&self) -> &'static str {
        if self.previous {
            "previous output left intact"
        } else {
            "no output written"
        }
    }

    /// A fatal error during the export, as the user sees it: an error about a file inside the
    /// staging directory is reported at `--out`, naming the file by its place in the output
    /// (`out: cannot write csv/people.csv: …`), and a failed write or a bug says what is left
    /// at `--out`.
    pub fn fail(&self, e: Error) -> Error {
        let rel = e
            .path()
            .and_then(|p| p.strip_prefix(&self.tmp).ok())
            .map(|r| r.display().to_string());
        let e = match rel {
            Some(r) if r.is_empty() => {
                let m = format!("cannot write the new output: {}", e.message());
                e.relocated(&self.out, m)
            }
            Some(r) => {
                let m = format!("cannot write {r}: {}", e.message());
                e.relocated(&self.out, m)
            }
            None => e,
        };
        match e.kind() {
            ErrorKind::Output | ErrorKind::Internal => e.with_note(self.note()),
            _ => e,
        }
    }

    /// The error of an interrupted export.
    pub fn interrupted(&self) -> Error {
        Error::new(
            ErrorKind::Interrupted,
            format!("interrupted; {}", self.note()),
        )
    }

    /// Moves the finished staging directory into place: `--out` (if any) is renamed aside, the
    /// staging directory renamed to `--out`, and the old one removed.
    pub fn commit(mut self) -> Result<(), Error> {
        let out = self.out.clone();
        let old = sibling(&out, "old");
        let had_old = out.exists();
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(&out, &old).map_err(|e| {
                Error::output(&out, format!("cannot replace the previous output: {e}"))
                    .with_source(e)
                    .with_note("previous output left intact")
            })?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &out) {
            let restored = had_old && std::fs::rename(&old, &out).is_ok();
            let note = match (had_old, restored) {
                (false, _) => "no output written".to_string(),
                (true, true) => "previous output left intact".to_string(),
                (true, false) => format!("the previous output is in {}", old.display()),
            };
            return Err(
                Error::output(&out, format!("cannot move the new output into place: {e}"))
                    .with_source(e)
                    .with_note(&note),
            );
        }
        self.committed = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
        if let Ok(mut g) = STAGING.lock() {
            *g = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::manifest::ManifestOptions;

    fn manifest(input: &str) -> Manifest {
        let options = ManifestOptions {
            formats: vec!["csv".into()],
            shard: None,
            max_article_bytes: 10,
            partition_rows: None,
            csv_safe: false,
        };
        Manifest::new(&[input.into()], options, Vec::new())
    }

    #[test]
    fn errors_inside_the_staging_directory_name_out() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let s = Staging::create(&out).unwrap();
        assert!(!s.previous());
        let tmp = s.path().to_path_buf();
        assert!(tmp.is_dir());
        let io = std::io::Error::other("disk on fire");
        let e = s.fail(Error::output_failed(
            &tmp.join("csv").join("people.csv"),
            io,
        ));
        assert_eq!(e.path(), Some(out.as_path()));
        assert_eq!(
            e.message(),
            "cannot write csv/people.csv: disk on fire; no output written"
        );
        assert!(std::error::Error::source(&e).is_some());
        assert_eq!(
            s.interrupted().to_string(),
            "interrupted; no output written"
        );
        drop(s);
        assert!(!tmp.exists(), "an uncommitted staging directory is removed");

        // an empty directory is no previous output; one with files is
        std::fs::create_dir_all(&out).unwrap();
        assert!(!Staging::create(&out).unwrap().previous());
        std::fs::write(out.join("datapackage.json"), "{}").unwrap();
        let s = Staging::create(&out).unwrap();
        assert!(s.previous());
        let e = s.fail(Error::output(s.path(), "full"));
        assert_eq!(
            e.to_string(),
            format!(
                "{}: cannot write the new output: full; previous output left intact",
                out.display()
            )
        );
        // errors elsewhere keep their path; usage errors get no note
        let e = s.fail(Error::at(ErrorKind::Usage, Path::new("x"), "bad"));
        assert_eq!(e.to_string(), "x: bad");
    }

    #[test]
    fn commit_replaces_out_and_leaves_no_sibling() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.txt"), "old").unwrap();
        let s = Staging::create(&out).unwrap();
        std::fs::write(s.path().join("new.txt"), "new").unwrap();
        s.commit().unwrap();
        assert!(out.join("new.txt").is_file() && !out.join("old.txt").exists());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn out_is_checked_against_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // missing or empty: fine
        assert!(check_out(&out, false, &manifest("a")).is_ok());
        std::fs::create_dir_all(&out).unwrap();
        assert!(check_out(&out, false, &manifest("a")).is_ok());
        // a newsfacts output without a manifest: replaceable
        std::fs::write(out.join("datapackage.json"), r#"{"name": "newsfacts"}"#).unwrap();
        assert!(check_out(&out, false, &manifest("a")).is_ok());
        // with one: only by the same inputs, or with force
        manifest("./a").write(&out).unwrap();
        assert!(check_out(&out, false, &manifest("a/")).is_ok());
        let e = check_out(&out, false, &manifest("b.jsonl")).unwrap_err();
        assert_eq!(
            e.message(),
            "--out holds the export of `a` (its manifest.json), not of `b.jsonl`; refusing to replace it (use --force, or another --out)"
        );
        assert!(check_out(&out, true, &manifest("b.jsonl")).is_ok());
        std::fs::write(out.join(MANIFEST), "not json").unwrap();
        assert!(check_out(&out, false, &manifest("a")).is_err());
        assert!(check_out(&out, true, &manifest("a")).is_ok());
    }
}
