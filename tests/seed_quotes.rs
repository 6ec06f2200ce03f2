//! End-to-end quote extraction on the bundled seed article, against the reading in
//! `tests/gold/seed_quotes.json` (issue 4): every direct quote with its speaker (person,
//! organization or unnamed source), the reported statements of named people as indirect quotes,
//! unnamed-source statements attributed as unnamed when found, and no duplicate quote from the
//! photo caption the page prints twice.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(dir: &std::path::Path, table: &str) -> Vec<Value> {
    let p = dir.join("json").join(format!("{table}.json"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    v.as_array().cloned().unwrap_or_default()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn n(v: &Value, k: &str) -> i64 {
    v.get(k).and_then(Value::as_i64).unwrap_or(-1)
}

fn fold(s: &str) -> String {
    s.replace('’', "'").to_lowercase()
}

#[test]
fn seed_quotes_match_the_reading() {
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(project().join("tests/gold/seed_quotes.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_newsfacts"))
        .arg("export")
        .arg(project().join("articles/us-china-fragile-opportunity-to-repair-ties.txt"))
        .arg("--out")
        .arg(&out)
        .args(["--format", "json"])
        .status()
        .unwrap();
    assert!(status.success());
    let articles = read(&out, "articles");
    let text: Vec<char> = s(&articles[0], "text").chars().collect();
    let quotes = read(&out, "quotes");
    let people = read(&out, "people");
    let orgs = read(&out, "organizations");
    let name_of = |q: &Value| -> String {
        let id = s(q, "speaker_id");
        let table = match s(q, "speaker_kind") {
            "person" => &people,
            "organization" => &orgs,
            _ => return s(q, "speaker_text").to_string(),
        };
        let key = if s(q, "speaker_kind") == "person" {
            "person_id"
        } else {
            "org_id"
        };
        table
            .iter()
            .find(|r| s(r, key) == id)
            .map_or(String::new(), |r| s(r, "name").to_string())
    };
    let full: String = text.iter().collect();
    let mut used = vec![false; quotes.len()];
    let mut failures = Vec::new();
    for g in gold["quotes"].as_array().unwrap() {
        let want = s(g, "text");
        let Some(byte) = full.find(want) else {
            failures.push(format!("gold text not in article: {want}"));
            continue;
        };
        let gs = full[..byte].chars().count() as i64;
        let ge = gs + want.chars().count() as i64;
        // the predicted quote overlapping the gold words by >= 30 % of the longer span
        let best = quotes
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, q)| {
                let (qs, qe) = (n(q, "start"), n(q, "end"));
                let ov = (qe.min(ge) - qs.max(gs)).max(0) as f64;
                (i, ov / ((qe - qs).max(ge - gs).max(1) as f64), ov)
            })
            .filter(|&(_, r, ov)| r >= 0.3 || ov >= (ge - gs) as f64)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let required = g["required"].as_bool().unwrap_or(true);
        let Some((i, _, _)) = best else {
            if required {
                failures.push(format!("missing quote: {want}"));
            }
            continue;
        };
        used[i] = true;
        let q = &quotes[i];
        let kind_ok = s(q, "speaker_kind") == s(g, "speaker_kind");
        let who = name_of(q);
        let who_ok = match s(g, "speaker_kind") {
            "unnamed" => fold(&who).contains(&fold(s(g, "speaker"))),
            _ => fold(&who) == fold(s(g, "speaker")),
        };
        if !(kind_ok && who_ok) {
            failures.push(format!(
                "{want}: speaker {} {who:?}, want {} {:?}",
                s(q, "speaker_kind"),
                s(g, "speaker_kind"),
                s(g, "speaker")
            ));
        }
        if required && s(q, "quote_kind") != s(g, "kind") {
            failures.push(format!(
                "{want}: kind {}, want {}",
                s(q, "quote_kind"),
                s(g, "kind")
            ));
        }
    }
    // the caption printed twice by the page yields at most one "thaw" quote
    let thaw = quotes.iter().filter(|q| s(q, "text") == "thaw").count();
    if thaw != 1 {
        failures.push(format!("{thaw} 'thaw' quotes, want 1"));
    }
    // no two quotes with the same words
    let mut texts: Vec<&str> = quotes.iter().map(|q| s(q, "text")).collect();
    texts.sort_unstable();
    if let Some(w) = texts.windows(2).find(|w| w[0] == w[1]) {
        failures.push(format!("duplicate quote: {}", w[0]));
    }
    // every span slices the published text to the quote's words
    for q in &quotes {
        let (a, b) = (n(q, "start") as usize, n(q, "end") as usize);
        let got: String = text
            .get(a..b)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        if got != s(q, "text") {
            failures.push(format!("span mismatch for {}", s(q, "quote_id")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
