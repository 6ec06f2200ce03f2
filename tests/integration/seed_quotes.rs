//! End-to-end quote extraction on the bundled seed article, against the reading in
//! `tests/gold/seed_quotes.json` (issue 4): every direct quote with its speaker (person,
//! organization or unnamed source), the reported statements of named people as indirect quotes,
//! unnamed-source statements attributed as unnamed when found, and no duplicate quote from the
//! photo caption the page prints twice.

use serde::Deserialize;

use crate::harness::tables::Quote;
use crate::harness::{invariants, read_gold, Workdir};

/// `tests/gold/seed_quotes.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    #[serde(rename = "_comment")]
    _comment: String,
    #[serde(rename = "article")]
    _article: String,
    quotes: Vec<GoldQuote>,
}

/// One gold quote.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldQuote {
    /// A distinctive substring of the quoted or reported words.
    text: String,
    kind: String,
    speaker_kind: String,
    /// The speaker's name, or for unnamed sources a substring of `speaker_text`.
    speaker: String,
    /// False for reported statements of unnamed sources: checked only for the speaker.
    #[serde(default = "yes")]
    required: bool,
}

fn yes() -> bool {
    true
}

fn fold(s: &str) -> String {
    s.replace('’', "'").to_lowercase()
}

#[test]
fn seed_quotes_match_the_reading() {
    let gold: Gold = read_gold("tests/gold/seed_quotes.json");
    let wd = Workdir::new();
    wd.export_seed("out", &["--format", "json"]);
    let d = wd.dataset("out");
    invariants::check(&d);
    let text: Vec<char> = d.articles[0].text.chars().collect();
    let quotes = &d.quotes;
    let name_of = |q: &Quote| -> String {
        let id = q.speaker_id.as_deref().unwrap_or("");
        let name = match q.speaker_kind.as_str() {
            "person" => d.people.iter().find(|r| r.person_id == id).map(|r| &r.name),
            "organization" => d
                .organizations
                .iter()
                .find(|r| r.org_id == id)
                .map(|r| &r.name),
            _ => return q.speaker_text.clone().unwrap_or_default(),
        };
        name.cloned().unwrap_or_default()
    };
    let full: String = text.iter().collect();
    let mut used = vec![false; quotes.len()];
    let mut failures = Vec::new();
    for g in &gold.quotes {
        let want = g.text.as_str();
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
                let (qs, qe) = (q.start as i64, q.end as i64);
                let ov = (qe.min(ge) - qs.max(gs)).max(0) as f64;
                (i, ov / ((qe - qs).max(ge - gs).max(1) as f64), ov)
            })
            .filter(|&(_, r, ov)| r >= 0.3 || ov >= (ge - gs) as f64)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let required = g.required;
        let Some((i, _, _)) = best else {
            if required {
                failures.push(format!("missing quote: {want}"));
            }
            continue;
        };
        used[i] = true;
        let q = &quotes[i];
        let kind_ok = q.speaker_kind == g.speaker_kind;
        let who = name_of(q);
        let who_ok = match g.speaker_kind.as_str() {
            "unnamed" => fold(&who).contains(&fold(&g.speaker)),
            _ => fold(&who) == fold(&g.speaker),
        };
        if !(kind_ok && who_ok) {
            failures.push(format!(
                "{want}: speaker {} {who:?}, want {} {:?}",
                q.speaker_kind, g.speaker_kind, g.speaker
            ));
        }
        if required && q.quote_kind != g.kind {
            failures.push(format!("{want}: kind {}, want {}", q.quote_kind, g.kind));
        }
    }
    // the caption printed twice by the page yields at most one "thaw" quote
    let thaw = quotes.iter().filter(|q| q.text == "thaw").count();
    if thaw != 1 {
        failures.push(format!("{thaw} 'thaw' quotes, want 1"));
    }
    // no two quotes with the same words
    let mut texts: Vec<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
    texts.sort_unstable();
    if let Some(w) = texts.windows(2).find(|w| w[0] == w[1]) {
        failures.push(format!("duplicate quote: {}", w[0]));
    }
    // every span slices the published text to the quote's words
    for q in quotes {
        let (a, b) = (q.start, q.end);
        let got: String = text
            .get(a..b)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        if got != q.text {
            failures.push(format!("span mismatch for {}", q.quote_id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
