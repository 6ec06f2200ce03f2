//! The command line as a new user meets it (issue 18): where the default job reads and writes,
//! the output's `manifest.json` and the refusal to replace an output of other inputs, the
//! summary line, the exit codes, and output-location errors that name `--out`.

use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::harness::{project, run_in, snapshot, Run, Workdir};

const GOOD: &str = "Coach Ilsa Marrow met club president Teo Vanlund in Ostrava on Monday.\n\n\"We agreed on a new contract,\" Marrow said.\n";

/// The last line on stderr (the summary line of an export).
fn last_line(r: &Run) -> &str {
    r.stderr.lines().last().unwrap_or("")
}

#[test]
fn help_states_the_directory_rule_and_the_exit_codes() {
    let w = Workdir::new();
    for args in [&["--help"][..], &["export", "--help"]] {
        let r = w.run(args);
        assert_eq!(r.code(), 0, "{}", r.stderr);
        let help = String::from_utf8_lossy(&r.stdout);
        for needle in [
            "every relative path is taken from the current directory",
            "The default job (no command) exports ./articles into ./output",
            "Exit status:",
            "  0    success",
            "  1    some articles were rejected",
            "  2    fatal",
            "  3    no article could be exported",
            "  130  interrupted",
        ] {
            assert!(help.contains(needle), "{args:?} lacks {needle:?}:\n{help}");
        }
    }
}

#[test]
fn outside_the_project_the_default_job_stops_and_writes_nothing() {
    let w = Workdir::new();
    let before_output = snapshot(&project().join("output"));
    let before_schema = snapshot(&project().join("schema"));
    let cwd = w.path().canonicalize().unwrap();
    for args in [&[][..], &["check"], &["export"], &["export", "-q"]] {
        let r = w.run(args);
        assert_eq!(r.code(), 2, "{args:?}: {}", r.stderr);
        assert_eq!(
            r.errors(),
            [format!(
                "error: articles: no such directory in the current directory ({}); the default job, `check` and `export` without INPUT read ./articles: run them in the project root, or give INPUT and --out",
                cwd.display()
            )],
            "{args:?}"
        );
    }
    // nothing written here, nor in the tree the binary was built from
    assert!(std::fs::read_dir(w.path()).unwrap().next().is_none());
    assert!(snapshot(&project().join("output")) == before_output);
    assert!(snapshot(&project().join("schema")) == before_schema);

    // a subdirectory of a project is not the project
    w.with_bundled_articles();
    std::fs::create_dir_all(w.join("sub")).unwrap();
    let r = run_in(&w.join("sub"), &[]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    assert!(!w.join("output").exists() && !w.join("sub/output").exists());

    // explicit inputs work anywhere, and the default --out is ./output
    w.write("sub/a.txt", GOOD);
    let r = run_in(&w.join("sub"), &["export", "a.txt"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(w.join("sub/output/json/articles.json").is_file());
}

#[test]
fn inside_the_project_the_default_job_reads_and_writes_there() {
    let w = Workdir::new();
    w.with_bundled_articles();
    let r = w.run(&[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(w.join("output/manifest.json").is_file());
    assert!(w.join("schema/datapackage.json").is_file());
    assert!(
        last_line(&r).ends_with("; wrote output (csv, json, parquet); refreshed schema/"),
        "{}",
        r.stderr
    );
    // `export` without INPUT reads ./articles: the same inputs, so output/ is replaced
    let r = w.run(&["export", "-q"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(
        last_line(&r).ends_with("; wrote output (csv, json, parquet)"),
        "{}",
        r.stderr
    );
    let r = w.run(&["check"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
}

fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[test]
fn manifest_records_the_inputs_as_given_with_their_hashes() {
    let meta = r#"{"id": "court-1", "title": "Appeal heard"}"#;
    let jsonl = "{\"id\":\"h1\",\"text\":\"Dr. Aino Pell said the clinic in Vasteby would open on Friday.\"}\n";
    let mut manifests = Vec::new();
    for _ in 0..2 {
        // two work directories: the manifest holds nothing of the machine or the directory
        let w = Workdir::new();
        w.write("in/a.txt", GOOD);
        w.write("in/a.meta.json", meta);
        w.write("b.jsonl", jsonl);
        let r = w.export(&["./in/", "b.jsonl"], "out", &["--format", "json,csv"]);
        assert_eq!(r.code(), 0, "{}", r.stderr);
        manifests.push(std::fs::read(w.join("out/manifest.json")).unwrap());
    }
    assert_eq!(manifests[0], manifests[1]);
    let m: Value = serde_json::from_slice(&manifests[0]).unwrap();
    assert_eq!(m["generator"], "newsfacts");
    assert_eq!(m["inputs"], serde_json::json!(["in", "b.jsonl"]));
    assert_eq!(
        m["options"],
        serde_json::json!({"formats": ["csv", "json"], "shard": null,
            "max_article_bytes": 8388608, "partition_rows": null, "csv_safe": false})
    );
    let files: Vec<(String, u64, String)> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["bytes"].as_u64().unwrap(),
                f["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            (
                "in/a.txt".into(),
                GOOD.len() as u64,
                sha256(GOOD.as_bytes())
            ),
            (
                "in/a.meta.json".into(),
                meta.len() as u64,
                sha256(meta.as_bytes())
            ),
            (
                "b.jsonl".into(),
                jsonl.len() as u64,
                sha256(jsonl.as_bytes())
            ),
        ]
    );
}

#[test]
fn output_of_other_inputs_is_not_replaced() {
    let w = Workdir::new();
    w.with_bundled_articles();
    assert_eq!(w.run(&[]).code(), 0);
    let before = snapshot(&w.join("output"));
    w.write(
        "other.jsonl",
        format!("{}\n", serde_json::json!({"id": "o1", "text": GOOD})),
    );

    // `export other.jsonl` at the project root would replace the committed dataset
    let r = w.run(&["export", "other.jsonl", "-q"]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    assert_eq!(
        r.errors(),
        ["error: output: --out holds the export of `articles` (its manifest.json), not of `other.jsonl`; refusing to replace it (use --force, or another --out)"]
    );
    assert!(snapshot(&w.join("output")) == before);
    assert!(w.leftovers(".").is_empty());
    // the same inputs, however written, replace it
    let r = w.run(&["export", "./articles/", "-q"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(snapshot(&w.join("output")) == before);

    // --force replaces it; then `check` says why output/ differs instead of blaming the code
    let r = w.run(&["export", "other.jsonl", "-q", "--force"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let r = w.run(&["check"]);
    assert_eq!(r.code(), 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "check: output: was exported from `other.jsonl`, not from `articles`"
    );
    assert!(
        lines.last().unwrap().contains(
            "output was produced from different inputs (above, from its manifest.json), so the differences need not come from the code"
        ),
        "{}",
        r.stderr
    );
    // the default job refuses too, and takes --force
    let r = w.run(&[]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    assert!(r.errors()[0].starts_with("error: output: --out holds the export of `other.jsonl`"));
    let r = w.run(&["--force"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(w.run(&["check"]).code(), 0);

    // an article edited since the export: `check` names it
    let article = std::fs::read_dir(w.join("articles"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "txt"))
        .unwrap();
    let mut text = std::fs::read_to_string(&article).unwrap();
    text.push_str("\nThe referee Nils Oberg was appointed on Friday, officials said.\n");
    std::fs::write(&article, text).unwrap();
    let r = w.run(&["check"]);
    assert_eq!(r.code(), 1, "{}", r.stderr);
    let name = article.file_name().unwrap().to_string_lossy();
    assert_eq!(
        r.stderr.lines().next().unwrap(),
        format!("check: output: articles/{name}: changed since it was exported")
    );

    // another shard of the same input is another dataset
    let r = w.export(&["other.jsonl"], "s", &["--shard", "1/2"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let r = w.export(&["other.jsonl"], "s", &["--shard", "2/2"]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    assert!(
        r.errors()[0].contains("holds the export of `other.jsonl` (shard 1/2)"),
        "{}",
        r.stderr
    );
}

#[test]
fn summary_names_the_output_and_progress_is_off_without_a_terminal() {
    let w = Workdir::new();
    w.write("a.txt", GOOD);
    // not --quiet, but stderr is a pipe: no progress line, no terminal escapes
    let r = w.run(&["export", "a.txt", "--out", "res"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains('\r') && !r.stderr.contains('\x1b'),
        "{:?}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        last_line(&r).starts_with("1 articles, 0 skipped, ")
            && last_line(&r).ends_with("; wrote res (csv, json, parquet)"),
        "{}",
        r.stderr
    );
    let r = w.export(&["a.txt"], "j", &["--format", "json"]);
    assert!(last_line(&r).ends_with("; wrote j (json)"), "{}", r.stderr);
}

/// Every table of `out` exists and is empty.
fn assert_empty_tables(w: &Workdir, out: &str) {
    for t in newsfacts::schema::TABLES {
        let json = std::fs::read_to_string(w.join(&format!("{out}/json/{}.json", t.name))).unwrap();
        let rows: Vec<Value> = serde_json::from_str(&json).unwrap();
        assert!(rows.is_empty(), "{}", t.name);
        let csv = std::fs::read_to_string(w.join(&format!("{out}/csv/{}.csv", t.name))).unwrap();
        assert_eq!(csv.lines().count(), 1, "{}: a header only", t.name);
        assert!(w
            .join(&format!("{out}/parquet/{}.parquet", t.name))
            .is_file());
    }
}

#[test]
fn exit_codes_tell_partial_from_nothing_exported() {
    let w = Workdir::new();
    let good = serde_json::json!({"id": "g1", "text": GOOD}).to_string();
    w.write("good.jsonl", format!("{good}\n"));
    w.write("mixed.jsonl", format!("{good}\nnot json\n"));
    w.write("bad.jsonl", "not json\n{\"id\":\"x\"}\n");

    // 0: everything exported
    let r = w.export(&["good.jsonl"], "o0", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    // 1: some rejected, the rest exported
    let r = w.export(&["mixed.jsonl"], "o1", &[]);
    assert_eq!(r.code(), 1, "{}", r.stderr);
    assert_eq!(r.errors().len(), 1);
    assert_eq!(w.texts("o1").len(), 1);
    // 3: nothing could be exported; nothing written
    let r = w.export(&["bad.jsonl"], "o3", &[]);
    assert_eq!(r.code(), 3, "{}", r.stderr);
    assert_eq!(r.errors().len(), 2);
    assert!(!w.join("o3").exists());
    // 2: fatal, before anything is read
    let r = w.export(&["missing.jsonl"], "o2", &[]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    let r = w.export(&["good.jsonl"], "o2", &["--threads", "0"]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    let r = w.run(&["export", "good.jsonl", "--no-such-flag"]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    assert!(!w.join("o2").exists());
}

#[test]
fn empty_input_exports_empty_tables_with_a_warning() {
    let w = Workdir::new();
    w.write("empty.jsonl", "");
    let r = w.export(&["empty.jsonl"], "e1", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().next(),
        Some("warning: no articles in `empty.jsonl`; the tables are empty")
    );
    assert!(last_line(&r).starts_with("0 articles, 0 skipped, "));
    assert_empty_tables(&w, "e1");
    // a directory with no input file in it
    std::fs::create_dir_all(w.join("nothing")).unwrap();
    let r = w.export(&["nothing"], "e2", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: no articles in `nothing`; the tables are empty"),
        "{}",
        r.stderr
    );
    assert_empty_tables(&w, "e2");
}

#[test]
fn output_location_errors_name_out_not_the_staging_directory() {
    let w = Workdir::new();
    w.write("a.txt", GOOD);
    // --out below a regular file: its directory cannot hold the new output
    w.write("afile", "data");
    let r = w.export(&["a.txt"], "afile/res", &[]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    assert_eq!(
        r.errors(),
        ["error: afile/res: cannot create the new output in afile: Not a directory (os error 20); no output written"]
    );
    assert!(!r.stderr.contains(".tmp-"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(w.join("afile")).unwrap(), "data");
    assert!(w.leftovers(".").is_empty());
    assert!(!Path::new(&w.join("afile/res")).exists());
}
