//! Property tests over generated articles: every span slices `articles.text` to its stored text,
//! and every reference resolves. Articles are built from news-like fragments (names, titles,
//! mixed quote marks, dates, noise characters) by a deterministic generator.

use std::collections::HashSet;

use newsfacts::document::ArticleMeta;
use newsfacts::ingest::{RawArticle, TextKind};
use newsfacts::model::Value;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const FRAGMENTS: &[&str] = &[
    "Secretary of State Maria Lopez",
    "Gen. Omar Haddad",
    "Mr. Kim",
    "the minister",
    "she",
    "he",
    "Dr. Anna Petrova",
    "the Ministry of Finance",
    "Acme Holdings Inc.",
    "the United Nations (UN)",
    "UN",
    "Berlin",
    "Nigeria",
    "Nigeria’s",
    "Lopez",
    "Haddad",
    "Petrova’s",
    "said",
    "told reporters",
    "according to officials",
    "said on Tuesday",
    "met",
    "visited",
    "banned",
    "will meet",
    "in March",
    "last weekend",
    "May 10-11",
    "in 2018",
    "“",
    "”",
    "\"",
    "'",
    "‘",
    "’",
    ",",
    ".",
    "—",
    "(",
    ")",
    "\u{200B}",
    "\u{202E}",
    "é",
    "中国",
    "🙂",
    "\t",
    "  ",
    "…",
    "?",
    "!",
    "a U.S. official",
    "people familiar with the matter",
    "talks",
    "a dinner",
    "sanctions",
    "the",
    "and",
    "of",
];

fn article(rng: &mut Rng, i: usize) -> String {
    let paras = 1 + rng.next() % 6;
    let mut s = String::new();
    for _ in 0..paras {
        let n = 3 + rng.next() % 40;
        for _ in 0..n {
            s.push_str(rng.pick(FRAGMENTS));
            if !rng.next().is_multiple_of(3) {
                s.push(' ');
            }
        }
        s.push_str(if i.is_multiple_of(2) { "\n\n" } else { "\n" });
    }
    s
}

fn col(table: &str, name: &str) -> usize {
    newsfacts::schema::table(table)
        .unwrap()
        .column_index(name)
        .unwrap()
}

fn s(v: &Value) -> &str {
    match v {
        Value::Str(s) => s,
        _ => "",
    }
}
fn n(v: &Value) -> usize {
    match v {
        Value::Int(i) => *i as usize,
        _ => usize::MAX,
    }
}

#[test]
fn spans_slice_text_and_references_resolve() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut checked = 0;
    for i in 0..400 {
        let text = article(&mut rng, i);
        let raw = RawArticle {
            meta: ArticleMeta {
                id: format!("p{i}"),
                language: "en".into(),
                ..Default::default()
            },
            text: text.clone(),
            kind: TextKind::Plain,
        };
        let rows = match newsfacts::pipeline::process(raw) {
            Ok((_, rows)) => rows,
            Err(e) => {
                assert_eq!(e.kind, newsfacts::ErrorKind::EmptyArticle, "{e}");
                continue;
            }
        };
        for t in newsfacts::schema::TABLES {
            for r in rows.table(t.name) {
                newsfacts::model::validate_row(t, r).unwrap();
            }
        }
        let art = &rows.table("articles")[0];
        let chars: Vec<char> = s(&art[col("articles", "text")]).chars().collect();
        for (table, text_col) in [
            ("mentions", "text"),
            ("quotes", "text"),
            ("events", "trigger"),
            ("affiliations", "text"),
            ("event_mentions", "text"),
        ] {
            for r in rows.table(table) {
                let (a, b) = (n(&r[col(table, "start")]), n(&r[col(table, "end")]));
                assert!(
                    a <= b && b <= chars.len(),
                    "{table}: span {a}..{b} out of range in article {i}"
                );
                let got: String = chars[a..b].iter().collect();
                assert_eq!(
                    got,
                    s(&r[col(table, text_col)]),
                    "{table} span in article {i}: {text:?}"
                );
                checked += 1;
            }
        }
        let ids = |table: &str, c: &str| -> HashSet<String> {
            rows.table(table)
                .iter()
                .map(|r| s(&r[col(table, c)]).to_string())
                .collect()
        };
        let people = ids("people", "person_id");
        let orgs = ids("organizations", "org_id");
        let places = ids("places", "place_id");
        let events = ids("events", "event_id");
        let resolve = |kind: &str, id: &str| match kind {
            "person" => people.contains(id),
            "organization" => orgs.contains(id),
            "place" => places.contains(id),
            _ => false,
        };
        for r in rows.table("mentions") {
            assert!(resolve(
                s(&r[col("mentions", "entity_kind")]),
                s(&r[col("mentions", "entity_id")])
            ));
        }
        for r in rows.table("event_participants") {
            assert!(events.contains(s(&r[col("event_participants", "event_id")])));
            assert!(resolve(
                s(&r[col("event_participants", "entity_kind")]),
                s(&r[col("event_participants", "entity_id")])
            ));
        }
        for r in rows.table("quotes") {
            let kind = s(&r[col("quotes", "speaker_kind")]);
            if kind == "person" || kind == "organization" {
                assert!(
                    resolve(kind, s(&r[col("quotes", "speaker_id")])),
                    "quote speaker in article {i}"
                );
            }
        }
        for r in rows.table("affiliations") {
            assert!(people.contains(s(&r[col("affiliations", "person_id")])));
        }
        // every entity row has at least one mention
        for (table, c, kind) in [
            ("people", "person_id", "person"),
            ("organizations", "org_id", "organization"),
            ("places", "place_id", "place"),
        ] {
            for id in ids(table, c) {
                assert!(
                    rows.table("mentions")
                        .iter()
                        .any(|m| s(&m[col("mentions", "entity_kind")]) == kind
                            && s(&m[col("mentions", "entity_id")]) == id),
                    "{table} {id} without mention"
                );
            }
        }
    }
    assert!(checked > 0, "the generator produced no spans at all");
}

/// Every span in every layer is well formed (start <= end, on char boundaries), including the
/// fuzzer's reproducer for an empty role span before an organization.
#[test]
fn layer_spans_are_well_formed() {
    let texts = [
        "Officials met on May 21, 2023 in Tokyo. They will meet again next week, said Janet Yellen, the U.S. Treasury Secretary.",
        "“We are ready,” said Maria Lopez, a professor at the University of Lagos, on Monday.",
    ];
    for (i, t) in texts.iter().enumerate() {
        let raw = RawArticle {
            meta: ArticleMeta {
                id: format!("w{i}"),
                language: "en".into(),
                ..Default::default()
            },
            text: t.to_string(),
            kind: TextKind::Plain,
        };
        let (doc, _) = newsfacts::pipeline::process(raw).unwrap();
        let ok = |s: newsfacts::Span| s.start <= s.end && doc.text.get(s.start..s.end).is_some();
        assert!(doc
            .mentions
            .iter()
            .all(|m| ok(m.span) && m.title.is_none_or(ok)));
        assert!(
            doc.affiliations.iter().all(|a| ok(a.span)),
            "{:?}",
            doc.affiliations
        );
        assert!(doc
            .quotes
            .iter()
            .all(|q| ok(q.span) && q.speaker_span.is_none_or(ok) && q.cue.is_none_or(ok)));
        assert!(doc
            .events
            .iter()
            .all(|e| ok(e.trigger) && e.mentions.iter().all(|&m| ok(m))));
    }
}
