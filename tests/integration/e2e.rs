//! End-to-end: the built binary on the bundled article and small batches, read back as typed
//! rows and checked against the dataset invariants.

use std::path::PathBuf;

use serde_json::Value;

use crate::harness::tables::{Article, Dataset};
use crate::harness::{invariants, project, run_in, shared, snapshot, Workdir, SEED};

#[test]
fn default_run_exports_bundled_articles_in_three_formats() {
    let w = Workdir::new();
    w.with_bundled_articles();
    let o = w.run(&[]);
    assert!(o.success(), "{}", o.stderr);
    for t in newsfacts::schema::TABLES {
        assert!(
            w.join(&format!("output/csv/{}.csv", t.name)).is_file(),
            "{}",
            t.name
        );
        assert!(
            w.join(&format!("output/json/{}.json", t.name)).is_file(),
            "{}",
            t.name
        );
        assert!(
            w.join(&format!("output/parquet/{}.parquet", t.name))
                .is_file(),
            "{}",
            t.name
        );
    }
    assert!(w.join("output/datapackage.json").is_file());
    let d = w.dataset("output");
    invariants::check(&d);
    let arts = &d.articles;
    assert_eq!(arts.len(), 1);
    let a = &arts[0];
    assert_eq!(
        a.title.as_deref(),
        Some("U.S. and China See Fragile Opportunity to Repair Ties")
    );
    assert_eq!(a.source.as_deref(), Some("Mint"));
    assert_eq!(
        a.original_source.as_deref(),
        Some("The Wall Street Journal")
    );
    assert_eq!(a.published.as_deref(), Some("2023-05-24"));
    assert_eq!(a.language, "en");
    let text = &a.text;
    // page noise is not part of the article text
    for noise in [
        "(Reuters)",
        "Summary",
        "Catch all the Business News",
        "MINT SPECIALS",
        "\ntopics",
    ] {
        assert!(
            !text.contains(noise),
            "cleaned text still contains {noise:?}"
        );
    }
    assert!(text.starts_with("After months of recrimination"));
    assert!(text.ends_with("traveling to China later this year."));
    assert_eq!(a.char_count, text.chars().count());
    // the summary line reports rows per table
    assert!(o.stderr.contains("1 articles, 0 skipped"), "{}", o.stderr);
}

#[test]
fn committed_output_is_what_the_code_produces() {
    // `newsfacts check` from the project root: the committed output/ and schema/ are current.
    let o = run_in(&project(), &["check"]);
    assert!(o.success(), "newsfacts check failed:\n{}", o.stderr);
    // and the committed output holds the dataset invariants
    invariants::check(&Dataset::read(&project().join("output")));
}

#[test]
fn check_names_each_differing_file() {
    let w = Workdir::new();
    w.with_bundled_articles();
    assert!(w.run(&[]).success());
    let o = w.run(&["check"]);
    assert!(o.success(), "fresh output must pass check: {}", o.stderr);
    // tamper with one output file and one schema file
    let p = w.join("output/csv/articles.csv");
    let mut s = std::fs::read_to_string(&p).unwrap();
    s.push_str("x\r\n");
    std::fs::write(&p, s).unwrap();
    std::fs::write(w.join("schema/README.md"), "stale").unwrap();
    std::fs::write(w.join("output/json/extra.json"), "[]").unwrap();
    let o = w.run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = &o.stderr;
    assert!(err.contains("articles.csv"), "{err}");
    assert!(err.contains("README.md"), "{err}");
    assert!(err.contains("extra.json"), "{err}");
    assert!(
        !err.contains("people.csv"),
        "unchanged files are not reported: {err}"
    );
}

#[test]
fn schema_command_prints_every_table_and_column() {
    let w = Workdir::new();
    let o = w.run(&["schema"]);
    assert!(o.success());
    let s = String::from_utf8(o.stdout).unwrap();
    for t in newsfacts::schema::TABLES {
        assert!(s.contains(&format!("## {}", t.name)), "{}", t.name);
        for c in t.columns {
            assert!(
                s.contains(&format!("`{}`", c.name)),
                "{}.{}",
                t.name,
                c.name
            );
        }
    }
    let o = w.run(&["schema", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["resources"].as_array().unwrap().len(),
        newsfacts::schema::TABLES.len()
    );
}

#[test]
fn committed_schema_is_generated_from_the_code() {
    for (name, text) in newsfacts::schema::schema_files() {
        let p = project().join("schema").join(name);
        let on_disk = std::fs::read_to_string(&p).unwrap();
        assert!(
            on_disk == text,
            "{} is stale: run `newsfacts schema --write`",
            p.display()
        );
    }
}

/// `batch.jsonl`: `n` articles, each a different rotation of the seed article's paragraphs.
fn jsonl_batch(w: &Workdir, n: usize) -> PathBuf {
    let seed = std::fs::read_to_string(project().join(SEED)).unwrap();
    let paras: Vec<&str> = seed.lines().filter(|l| l.len() > 80).collect();
    let mut s = String::new();
    for i in 0..n {
        // every article a different rotation of paragraphs, so rows differ per article
        let k = i % paras.len();
        let text: Vec<&str> = paras[k..]
            .iter()
            .chain(paras[..k].iter())
            .copied()
            .take(3 + i % 5)
            .collect();
        let rec = serde_json::json!({"id": format!("doc-{i:03}"), "text": text.join("\n"), "published": "2023-05-24"});
        s.push_str(&rec.to_string());
        s.push('\n');
    }
    w.write("batch.jsonl", s)
}

#[test]
fn output_is_byte_identical_across_runs_thread_counts_and_batch_sizes() {
    let w = Workdir::new();
    let input = jsonl_batch(&w, 40);
    let input = input.to_str().unwrap();
    let mut snaps = Vec::new();
    let runs = [
        ("1", "256"),
        ("2", "256"),
        ("8", "3"),
        ("2", "1"),
        ("2", "1000"),
    ];
    for (i, (threads, batch)) in runs.iter().enumerate() {
        let out = format!("out{i}");
        let o = w.run(&[
            "export",
            input,
            "--out",
            &out,
            "--threads",
            threads,
            "--batch",
            batch,
            "--quiet",
        ]);
        assert!(o.success(), "{}", o.stderr);
        snaps.push(snapshot(&w.join(&out)));
    }
    for s in &snaps[1..] {
        assert!(
            s == &snaps[0],
            "outputs differ between thread counts / batch sizes / runs"
        );
    }
    let d = w.dataset("out0");
    assert_eq!(d.articles.len(), 40);
    invariants::check(&d);
}

#[test]
fn shards_merge_to_the_single_run() {
    let w = Workdir::new();
    let ggt = shared()
        .map(|s| s.join("corpora/ggt/ggt_dev.jsonl"))
        .filter(|p| p.is_file());
    let input = ggt.unwrap_or_else(|| jsonl_batch(&w, 40));
    let input = input.to_str().unwrap();
    assert!(w
        .run(&["export", input, "--out", "single", "--format", "json", "--quiet"])
        .success());
    let single = w.dataset("single");
    invariants::check(&single);
    let mut merged: Option<Dataset> = None;
    let mut total_articles = 0;
    for i in 1..=4 {
        let out = format!("shard{i}");
        let o = w.run(&[
            "export",
            input,
            "--out",
            &out,
            "--format",
            "json",
            "--shard",
            &format!("{i}/4"),
            "--quiet",
        ]);
        assert!(o.success(), "{}", o.stderr);
        let shard = w.dataset(&out);
        assert!(
            !shard.articles.is_empty(),
            "shard {i} is empty: the split is not spreading articles"
        );
        total_articles += shard.articles.len();
        merged = Some(match merged {
            None => shard,
            Some(m) => m.concat(shard),
        });
    }
    let (single, merged) = (single.sorted(), merged.expect("four shards").sorted());
    let differ = single.differing_tables(&merged);
    assert!(
        differ.is_empty(),
        "tables {differ:?} differ between single run and merged shards"
    );
    assert_eq!(total_articles, single.articles.len());
}

#[test]
fn partitioned_parquet_splits_rows_into_parts() {
    let w = Workdir::new();
    let input = jsonl_batch(&w, 30);
    let o = w.run(&[
        "export",
        input.to_str().unwrap(),
        "--out",
        "p",
        "--format",
        "parquet",
        "--partition-rows",
        "7",
        "--quiet",
    ]);
    assert!(o.success(), "{}", o.stderr);
    let parts: Vec<_> = std::fs::read_dir(w.join("p/parquet/articles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    // 30 articles, at most 7 rows per part → 5 parts
    assert_eq!(parts.len(), 5, "{parts:?}");
    assert!(parts.contains(&"part-00000.parquet".to_string()));
    assert!(w.join("p/parquet/quotes/part-00000.parquet").is_file());
}

#[test]
fn formats_flag_limits_output() {
    let w = Workdir::new();
    let input = jsonl_batch(&w, 3);
    let o = w.run(&[
        "export",
        input.to_str().unwrap(),
        "--out",
        "o",
        "--format",
        "csv",
        "--quiet",
    ]);
    assert!(o.success());
    assert!(w.join("o/csv/people.csv").is_file());
    assert!(!w.join("o/json").exists());
    assert!(!w.join("o/parquet").exists());
    let o = w.run(&[
        "export",
        input.to_str().unwrap(),
        "--out",
        "o",
        "--format",
        "xml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stderr.contains("unknown format"), "{}", o.stderr);
}

#[test]
fn csv_is_rfc4180_with_empty_as_null() {
    let w = Workdir::new();
    w.with_bundled_articles();
    assert!(w.run(&[]).success());
    let csv = std::fs::read(w.join("output/csv/articles.csv")).unwrap();
    let s = String::from_utf8(csv).unwrap();
    assert!(s.starts_with("article_id,title,source,"));
    assert!(s.contains("\r\n"));
    // url is null for the bundled article: an empty field, not "null"
    let mut rdr = csv::Reader::from_reader(s.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let rec = rdr.records().next().unwrap().unwrap();
    let url = headers.iter().position(|h| h == "url").unwrap();
    assert_eq!(&rec[url], "");
    let text = headers.iter().position(|h| h == "text").unwrap();
    assert!(rec[text].contains('\n'), "multi-line text survives quoting");
}

#[test]
fn output_order_is_by_article_id_whatever_the_input_order() {
    let w = Workdir::new();
    let input = jsonl_batch(&w, 25);
    let lines: Vec<String> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let mut reversed = lines.clone();
    reversed.reverse();
    let mut shuffled = lines.clone();
    shuffled.sort_by_key(|l| l.len()); // a different, deterministic order
    w.write("rev.jsonl", reversed.join("\n") + "\n");
    w.write("shuf.jsonl", shuffled.join("\n") + "\n");
    let mut snaps = Vec::new();
    for (i, f) in ["batch.jsonl", "rev.jsonl", "shuf.jsonl"]
        .iter()
        .enumerate()
    {
        let out = format!("o{i}");
        let o = w.run(&["export", f, "--out", &out, "--quiet"]);
        assert!(o.success(), "{}", o.stderr);
        let mut snap = snapshot(&w.join(&out));
        // the one file that names the inputs, which differ here
        assert!(snap.remove(std::path::Path::new("manifest.json")).is_some());
        snaps.push(snap);
    }
    assert!(
        snaps[0] == snaps[1] && snaps[0] == snaps[2],
        "output depends on input order"
    );
    let ids: Vec<String> = w
        .table::<Article>("o1")
        .into_iter()
        .map(|a| a.article_id)
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
}
