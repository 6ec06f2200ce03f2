//! The `newsfacts` binary: parse flags, run the library, turn the result into an exit code.
//!
//! Exit codes: 0 success; 1 some articles were rejected (the rest were exported) or `check` found
//! differences; 2 a fatal error (bad flags, unreadable input path, unwritable output).

mod cli;

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

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use clap::Parser;

use newsfacts::error::Error;
use newsfacts::pipeline::{self, Progress, Summary};

/// Where the bundled `articles/`, `output/` and `schema/` live: the current directory when it has
/// `articles/`, else the source tree the binary was built from.
fn project_root() -> PathBuf {
    if Path::new("articles").is_dir() {
        PathBuf::from(".")
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }
}

struct Reporter {
    /// Total input bytes, when known (for the ETA).
    total_bytes: u64,
    quiet: bool,
    tty: bool,
    started: Instant,
    errors: AtomicU64,
    last: Mutex<Instant>,
}

impl Progress for Reporter {
    fn article_error(&self, e: &Error) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        if self.tty && !self.quiet {
            eprint!("\r\x1b[K");
        }
        eprintln!("error: {e}");
    }
    fn warning(&self, w: &Error) {
        if self.tty && !self.quiet {
            eprint!("\r\x1b[K");
        }
        eprintln!("warning: {w}");
    }
    fn advance(&self, done: u64, bytes: u64) {
        if self.quiet || !self.tty {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if last.elapsed().as_millis() < 200 {
            return;
        }
        *last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-6);
        let rate = bytes as f64 / secs;
        let eta = if self.total_bytes > bytes && rate > 0.0 {
            format!(", ETA {:.0} s", (self.total_bytes - bytes) as f64 / rate)
        } else {
            String::new()
        };
        eprint!(
            "\r\x1b[K{done} articles, {:.1} articles/s, {:.2} MB/s{eta}",
            done as f64 / secs,
            rate / 1e6
        );
    }
}

fn reporter(quiet: bool) -> Reporter {
    Reporter {
        total_bytes: 0,
        quiet,
        tty: std::io::stderr().is_terminal(),
        started: Instant::now(),
        errors: AtomicU64::new(0),
        last: Mutex::new(Instant::now()),
    }
}

fn finish(summary: &Summary, rep: &Reporter) -> i32 {
    if rep.tty && !rep.quiet {
        eprint!("\r\x1b[K");
    }
    eprintln!("{}", summary.line());
    if summary.skipped > 0 {
        1
    } else {
        0
    }
}

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

fn check(args: &cli::CheckArgs) -> Result<i32, Error> {
    let root = project_root();
    let tmp = std::env::temp_dir().join(format!("newsfacts-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let out = tmp.join("output");
    let mut cfg = pipeline::ExportConfig::new(vec![root.join("articles")], out.clone());
    cfg.force = true;
    let rep = reporter(true);
    let result = pipeline::export(&cfg, &rep);
    let committed = if args.output.is_absolute() || args.output.exists() {
        args.output.clone()
    } else {
        root.join(&args.output)
    };
    let mut diffs = Vec::new();
    match result {
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
        Ok(_) => {
            let a = tree(&out);
            let b = tree(&committed);
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
        }
    }
    for (name, text) in newsfacts::schema::schema_files() {
        let p = root.join("schema").join(name);
        if std::fs::read_to_string(&p).ok().as_deref() != Some(text.as_str()) {
            diffs.push(format!(
                "{}: stale (regenerate with `newsfacts schema --write`)",
                p.display()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    if diffs.is_empty() {
        eprintln!("check: output/ and schema/ are up to date");
        Ok(0)
    } else {
        for d in &diffs {
            eprintln!("check: {d}");
        }
        eprintln!(
            "check: {} file(s) differ; run `cargo run --release` to regenerate",
            diffs.len()
        );
        Ok(1)
    }
}

fn run() -> Result<i32, Error> {
    let args = cli::Args::parse();
    ctrlc_handler();
    let root = project_root();
    match args.command {
        None => {
            let mut cfg =
                pipeline::ExportConfig::new(vec![root.join("articles")], root.join("output"));
            cfg.force = false;
            let rep = reporter(false);
            let s = pipeline::export(&cfg, &rep)?;
            write_schema(&root)?;
            Ok(finish(&s, &rep))
        }
        Some(cli::Command::Export(a)) => {
            let cfg = a.config(root.join("articles"))?;
            let mut rep = reporter(a.quiet);
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
            Ok(finish(&s, &rep))
        }
        Some(cli::Command::Check(a)) => check(&a),
        Some(cli::Command::Train(a)) => {
            let model = newsfacts::extract::ner::train(&a.conll, a.epochs, a.seed)
                .map_err(|m| Error::at(newsfacts::ErrorKind::Read, &a.conll, m))?;
            let bytes = model.to_bytes();
            std::fs::write(&a.out, &bytes).map_err(|e| Error::output(&a.out, e.to_string()))?;
            eprintln!(
                "wrote {} ({} bytes, {} features)",
                a.out.display(),
                bytes.len(),
                model.num_features()
            );
            Ok(0)
        }
        Some(cli::Command::Schema(a)) => {
            if a.write {
                write_schema(&root)?;
            } else if a.json {
                print!("{}", newsfacts::schema::datapackage_text());
            } else {
                print!("{}", newsfacts::schema::dictionary());
            }
            Ok(0)
        }
    }
}

fn ctrlc_handler() {
    let _ = ctrlc::set_handler(|| {
        if pipeline::INTERRUPTED.swap(true, Ordering::SeqCst) {
            // second interrupt: stop now, removing the (hidden) staging directory first
            pipeline::abandon_staging();
            std::process::exit(130);
        }
    });
}

fn main() {
    keep_freed_memory();
    let code = match run() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            if *e.kind() == newsfacts::ErrorKind::Interrupted {
                130
            } else {
                2
            }
        }
    };
    std::process::exit(code);
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
