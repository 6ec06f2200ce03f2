//! The `newsfacts` binary: parse flags, run the library, turn the result into an exit code
//! ([`Exit`]; `--help` lists the codes, `cli::AFTER_HELP`).
//!
//! Every relative path is taken from the current directory: the default job and `check` need
//! `./articles` (`cli::project_articles`), and nothing falls back to the build tree.

mod cli;
mod report;

/// mimalloc: the pipeline allocates many small strings per article; the system allocator cost
/// about a tenth of the run time in profiles.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_t` enum. mimalloc keeps that numbering
/// stable (retired options keep their slots as `deprecated_*`); the `mimalloc` crate exports no
/// constant for it. A test checks the number against the `MIMALLOC_PURGE_DELAY` variable.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    // public API of the mimalloc C library, which the `mimalloc` crate links
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Turns off mimalloc's purging of freed memory. By default memory unused for a few milliseconds
/// is returned to the OS; the pipeline frees and reallocates the same buffers batch after batch,
/// so purging turned into page faults and page zeroing in the kernel (about 11,000 faults on a
/// 10 MB corpus, against 500 without it). The heap then stays at its high-water mark: about
/// 35 MB more peak RSS on the benchmark, and as bounded as the heap is (DESIGN.md, Performance).
fn keep_freed_memory() {
    // SAFETY: a plain setter on a global option with a valid option number; -1 means "never
    // purge". It is called once, first thing in `main`, before any other thread exists.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use clap::Parser;

use newsfacts::error::Error;
use newsfacts::export::{Manifest, MANIFEST};
use newsfacts::pipeline::{self, ExportConfig, Summary};

use report::{say, Reporter};

/// The exit status of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// Every article exported (warnings allowed); `check`: up to date.
    Success = 0,
    /// Some articles rejected, the others exported; `check`: differences found.
    Partial = 1,
    /// A fatal error: bad flag, missing input, `--out` refused or not writable.
    Fatal = 2,
    /// No article could be exported: every one was rejected; `--out` left as it was.
    NothingExported = 3,
    /// Interrupted by a signal.
    Interrupted = 130,
}

/// The exit status of a finished export.
fn export_exit(s: &Summary) -> Exit {
    if !s.written {
        Exit::NothingExported
    } else if s.skipped > 0 {
        Exit::Partial
    } else {
        Exit::Success
    }
}

/// The inputs as a list for messages.
fn inputs_text(cfg: &ExportConfig) -> String {
    let v: Vec<String> = cfg
        .inputs
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect();
    v.join(", ")
}

/// Reports the end of an export: a warning when the input held no article, then the summary
/// line, which names where the output went (and, for the default job, that `schema/` was
/// refreshed).
fn finish(s: &Summary, cfg: &ExportConfig, schema_refreshed: bool) -> Exit {
    if s.written && s.articles == 0 && s.skipped == 0 {
        let shard = match cfg.shard {
            Some((i, n)) => format!(" (shard {}/{n})", i + 1),
            None => String::new(),
        };
        say(&format!(
            "warning: no articles in {}{shard}; the tables are empty",
            inputs_text(cfg)
        ));
    }
    let mut line = s.line();
    if s.written {
        let formats: Vec<&str> = cfg.write.formats.iter().map(|f| f.dir()).collect();
        line.push_str(&format!(
            "; wrote {} ({})",
            cfg.out.display(),
            formats.join(", ")
        ));
    }
    if schema_refreshed {
        line.push_str("; refreshed schema/");
    }
    say(&line);
    export_exit(s)
}

/// Writes `schema/README.md` and `schema/datapackage.json` under `root`.
fn write_schema(root: &Path) -> Result<(), Error> {
    let dir = root.join("schema");
    std::fs::create_dir_all(&dir).map_err(|e| Error::output(&dir, e.to_string()))?;
    for (name, text) in newsfacts::schema::schema_files() {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| Error::output(&p, e.to_string()))?;
    }
    Ok(())
}

/// Files under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// `newsfacts check`: exports `./articles` into a temporary directory and compares it, file by
/// file, with the committed output; compares `./schema` with the code. When the committed
/// output's manifest says it was exported from other inputs (or the articles changed since),
/// it says so, rather than blaming the code.
fn check(args: &cli::CheckArgs) -> Result<Exit, Error> {
    let articles = cli::project_articles()?;
    let tmp = std::env::temp_dir().join(format!("newsfacts-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let out = tmp.join("output");
    let mut cfg = ExportConfig::new(vec![articles], out.clone());
    cfg.force = true;
    let result = pipeline::export(&cfg, &Reporter::new(true));
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let committed = &args.output;
    let mut diffs = Vec::new();
    let a = tree(&out);
    let b = tree(committed);
    for f in a.iter().chain(b.iter().filter(|f| !a.contains(f))) {
        let x = std::fs::read(out.join(f)).ok();
        let y = std::fs::read(committed.join(f)).ok();
        match (x, y) {
            (Some(x), Some(y)) if x == y => {}
            (Some(_), None) => diffs.push(format!(
                "{}: missing from the committed output",
                committed.join(f).display()
            )),
            (None, Some(_)) => diffs.push(format!(
                "{}: not produced by the current code",
                committed.join(f).display()
            )),
            _ => diffs.push(format!(
                "{}: differs from what the current code produces",
                committed.join(f).display()
            )),
        }
    }
    // what the committed output was exported from, against what the fresh export read
    let mut inputs = Vec::new();
    if committed.is_dir() {
        let fresh = match Manifest::read(&out) {
            Ok(Some(m)) => m,
            other => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(other.err().unwrap_or_else(|| {
                    Error::internal(format!("check: the export wrote no {MANIFEST}"))
                }));
            }
        };
        match Manifest::read(committed) {
            Ok(Some(old)) => inputs = fresh.input_differences(&old),
            // reported above as missing from the committed output
            Ok(None) => {}
            Err(e) => inputs.push(e.to_string()),
        }
    }
    let output_diffs = diffs.len();
    for (name, text) in newsfacts::schema::schema_files() {
        let p = Path::new("schema").join(name);
        if std::fs::read_to_string(&p).ok().as_deref() != Some(text.as_str()) {
            diffs.push(format!(
                "{}: stale (regenerate with `newsfacts schema --write`)",
                p.display()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    if diffs.is_empty() {
        say("check: output/ and schema/ are up to date");
        return Ok(Exit::Success);
    }
    // the inputs first: when they changed, they explain the file differences
    let other_inputs = !inputs.is_empty() && output_diffs > 0;
    if other_inputs {
        for i in &inputs {
            say(&format!("check: {}: {i}", committed.display()));
        }
    }
    for d in &diffs {
        say(&format!("check: {d}"));
    }
    if other_inputs {
        say(&format!(
            "check: {} file(s) differ; {} was produced from different inputs (above, from its {MANIFEST}), so the differences need not come from the code; run `cargo run --release` to regenerate",
            diffs.len(),
            committed.display()
        ));
    } else {
        say(&format!(
            "check: {} file(s) differ; run `cargo run --release` to regenerate",
            diffs.len()
        ));
    }
    Ok(Exit::Partial)
}

fn run() -> Result<Exit, Error> {
    let args = cli::Args::parse();
    ctrlc_handler();
    match args.command {
        None => {
            let articles = cli::project_articles()?;
            let mut cfg = ExportConfig::new(vec![articles], PathBuf::from("output"));
            cfg.force = args.force;
            let rep = Reporter::new(false);
            let s = pipeline::export(&cfg, &rep)?;
            write_schema(Path::new("."))?;
            Ok(finish(&s, &cfg, true))
        }
        Some(cli::Command::Export(a)) => {
            let cfg = a.config()?;
            let mut rep = Reporter::new(a.quiet);
            // ETA from uncompressed input sizes (compressed inputs give no ETA)
            rep.total_bytes = newsfacts::ingest::discover(&cfg.inputs)
                .map(|v| {
                    v.iter()
                        .filter(|i| {
                            !matches!(
                                i.kind,
                                newsfacts::ingest::InputKind::Jsonl { gzip: true }
                                    | newsfacts::ingest::InputKind::Html { gzip: true }
                            )
                        })
                        .filter_map(|i| std::fs::metadata(&i.path).ok().map(|m| m.len()))
                        .sum()
                })
                .unwrap_or(0);
            let s = pipeline::export(&cfg, &rep)?;
            Ok(finish(&s, &cfg, false))
        }
        Some(cli::Command::Check(a)) => check(&a),
        Some(cli::Command::Train(a)) => {
            let model = newsfacts::extract::ner::train(&a.conll, a.epochs, a.seed)
                .map_err(|m| Error::at(newsfacts::ErrorKind::Read, &a.conll, m))?;
            let bytes = model.to_bytes();
            std::fs::write(&a.out, &bytes).map_err(|e| Error::output(&a.out, e.to_string()))?;
            say(&format!(
                "wrote {} ({} bytes, {} features)",
                a.out.display(),
                bytes.len(),
                model.num_features()
            ));
            Ok(Exit::Success)
        }
        Some(cli::Command::Schema(a)) => {
            if a.write {
                write_schema(Path::new("."))?;
            } else if a.json {
                print!("{}", newsfacts::schema::datapackage_text());
            } else {
                print!("{}", newsfacts::schema::dictionary());
            }
            Ok(Exit::Success)
        }
    }
}

fn ctrlc_handler() {
    let _ = ctrlc::set_handler(|| {
        if pipeline::INTERRUPTED.swap(true, Ordering::SeqCst) {
            // second interrupt: stop now, removing the (hidden) staging directory first
            newsfacts::export::abandon_staging();
            std::process::exit(Exit::Interrupted as i32);
        }
    });
}

fn main() {
    keep_freed_memory();
    let code = match run() {
        Ok(c) => c,
        Err(e) => {
            // on a clean line, even if the progress line is shown
            say(&format!("error: {e}"));
            if *e.kind() == newsfacts::ErrorKind::Interrupted {
                Exit::Interrupted
            } else {
                Exit::Fatal
            }
        }
    };
    std::process::exit(code as i32);
}

#[cfg(test)]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    unsafe extern "C" {
        fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    }

    /// mimalloc reads `MIMALLOC_PURGE_DELAY` at start-up into its purge-delay option: a child
    /// process started with that variable must see the value under our option number.
    #[test]
    fn option_number_is_the_purge_delay() {
        const NAME: &str = "tests::option_number_is_the_purge_delay";
        if std::env::var_os("NEWSFACTS_TEST_CHILD").is_some() {
            // SAFETY: a plain getter of a global option.
            let v = unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) };
            assert_eq!(v, 4321);
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([NAME, "--exact", "--test-threads=1"])
            .env("NEWSFACTS_TEST_CHILD", "1")
            .env("MIMALLOC_PURGE_DELAY", "4321")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
