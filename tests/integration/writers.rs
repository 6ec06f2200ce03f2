//! The writers: JSON Lines beside the JSON arrays.

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::Workdir;

/// Every JSON file of `dir/json` as parsed records, by table name.
fn json_tables(dir: &Path) -> BTreeMap<String, Vec<serde_json::Value>> {
    let mut out = BTreeMap::new();
    for t in newsfacts::schema::TABLES {
        let p = dir.join("json").join(format!("{}.json", t.name));
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        out.insert(t.name.to_string(), v.as_array().unwrap().clone());
    }
    out
}

/// The records of JSON Lines text: one per line, every line one record, ending in a line end.
fn lines(text: &str) -> Vec<serde_json::Value> {
    assert!(text.is_empty() || text.ends_with('\n'), "no final line end");
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn jsonl_holds_the_json_records_one_per_line() {
    let w = Workdir::new();
    w.export_seed("o", &["--format", "json,jsonl"]);
    let json = json_tables(&w.join("o"));
    for (t, records) in &json {
        let text = std::fs::read_to_string(w.join(&format!("o/jsonl/{t}.jsonl"))).unwrap();
        assert_eq!(&lines(&text), records, "{t}");
        // the same bytes per record as the array's lines
        let array = std::fs::read_to_string(w.join(&format!("o/json/{t}.json"))).unwrap();
        let array_lines: Vec<&str> = array
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(|l| l.trim_end_matches(','))
            .collect();
        assert_eq!(text.lines().collect::<Vec<_>>(), array_lines, "{t}");
    }
    assert!(!json["articles"].is_empty() && !json["mentions"].is_empty());
    // only the formats asked for
    assert!(!w.join("o/csv").exists() && !w.join("o/parquet").exists());
}

#[test]
fn jsonl_is_partitioned_like_parquet() {
    let w = Workdir::new();
    w.export_seed("o", &["--format", "jsonl,parquet", "--partition-rows", "7"]);
    w.export_seed("whole", &["--format", "json"]);
    let json = json_tables(&w.join("whole"));
    for (t, records) in &json {
        let dir = w.join(&format!("o/jsonl/{t}"));
        let mut parts: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        parts.sort();
        let want = records.len().div_ceil(7).max(1);
        let names: Vec<String> = (0..want).map(|i| format!("part-{i:05}.jsonl")).collect();
        assert_eq!(parts, names, "{t}");
        let mut all = Vec::new();
        for p in &parts {
            let got = lines(&std::fs::read_to_string(dir.join(p)).unwrap());
            assert!(got.len() <= 7, "{t}/{p}: {} rows", got.len());
            all.extend(got);
        }
        assert_eq!(&all, records, "{t}");
        // Parquet has the same number of parts
        let pq = std::fs::read_dir(w.join(&format!("o/parquet/{t}")))
            .unwrap()
            .count();
        assert_eq!(pq, want, "{t}");
    }
}

#[test]
fn unknown_format_lists_jsonl() {
    let w = Workdir::new();
    let input = w.write(
        "a.jsonl",
        "{\"id\": \"a\", \"text\": \"Some words here.\"}\n",
    );
    let o = w.export(&[input.to_str().unwrap()], "o", &["--format", "ndjson"]);
    assert_eq!(o.code(), 2);
    assert!(o.stderr.contains("jsonl"), "{}", o.stderr);
}
