//! Fuzzes the whole pipeline, article → rows, and checks the dataset's invariants on every
//! article: each row fits its table's schema; primary keys are unique; every span (`start`,
//! `end`: code points) slices `articles.text` to the row's stored text; every foreign key,
//! declared or polymorphic (`entity_kind` + `entity_id`, `speaker_kind` + `speaker_id`), resolves.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use newsfacts::document::ArticleMeta;
use newsfacts::ingest::{RawArticle, TextKind};
use newsfacts::model::{validate_row, ArticleRows, Value};
use newsfacts::schema::TABLES;

fn s(v: &Value) -> Option<&str> {
    match v {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

fn col(rows: &ArticleRows, table: &str, name: &str) -> Vec<Value> {
    let t = newsfacts::schema::table(table).expect("table");
    let i = t.column_index(name).expect("column");
    rows.table(table).iter().map(|r| r[i].clone()).collect()
}

fn ids(rows: &ArticleRows, table: &str, name: &str) -> HashSet<String> {
    col(rows, table, name)
        .iter()
        .filter_map(|v| s(v).map(str::to_string))
        .collect()
}

fn check(rows: &ArticleRows) {
    let articles = rows.table("articles");
    assert_eq!(articles.len(), 1);
    let text = s(&col(rows, "articles", "text")[0])
        .expect("text")
        .to_string();
    let chars: Vec<char> = text.chars().collect();
    let count = col(rows, "articles", "char_count")[0].clone();
    assert_eq!(count, Value::Int(chars.len() as i64));

    for (ti, t) in TABLES.iter().enumerate() {
        let trows = rows.tables().get(ti).map_or(&[][..], |v| v.as_slice());
        let mut pk = HashSet::new();
        for r in trows {
            validate_row(t, r).unwrap_or_else(|e| panic!("{e}"));
            let key: Vec<Value> = t
                .primary_key
                .iter()
                .map(|k| r[t.column_index(k).expect("pk column")].clone())
                .collect();
            assert!(
                pk.insert(key.clone()),
                "{}: duplicate primary key {key:?}",
                t.name
            );
            if let (Some(si), Some(ei)) = (t.column_index("start"), t.column_index("end")) {
                let (Value::Int(a), Value::Int(b)) = (&r[si], &r[ei]) else {
                    panic!("{}: start/end not integers", t.name)
                };
                let (a, b) = (*a as usize, *b as usize);
                assert!(
                    a <= b && b <= chars.len(),
                    "{}: span {a}..{b} out of range",
                    t.name
                );
                let surface: String = chars[a..b].iter().collect();
                let textcol = t.column_index("text").or_else(|| t.column_index("trigger"));
                if let Some(x) = textcol {
                    assert_eq!(
                        s(&r[x]),
                        Some(surface.as_str()),
                        "{}: span does not slice text",
                        t.name
                    );
                }
                if t.name != "affiliations" {
                    assert!(b > a, "{}: empty span", t.name);
                }
            }
        }
    }

    let people = ids(rows, "people", "person_id");
    let orgs = ids(rows, "organizations", "org_id");
    let places = ids(rows, "places", "place_id");
    let events = ids(rows, "events", "event_id");
    let of_kind = |k: &str| match k {
        "person" => &people,
        "organization" => &orgs,
        "place" => &places,
        other => panic!("unknown entity kind {other}"),
    };
    for table in ["mentions", "event_participants"] {
        for (k, id) in col(rows, table, "entity_kind")
            .iter()
            .zip(col(rows, table, "entity_id"))
        {
            let (k, id) = (s(k).expect("kind"), s(&id).expect("id"));
            assert!(
                of_kind(k).contains(id),
                "{table}: {k} {id} does not resolve"
            );
        }
    }
    for (k, id) in col(rows, "quotes", "speaker_kind")
        .iter()
        .zip(col(rows, "quotes", "speaker_id"))
    {
        let k = s(k).expect("speaker_kind");
        match (k, s(&id)) {
            ("person" | "organization", Some(id)) => {
                assert!(
                    of_kind(k).contains(id),
                    "quotes: speaker {k} {id} does not resolve"
                )
            }
            ("person" | "organization", None) => panic!("quotes: {k} speaker without id"),
            (_, Some(id)) => panic!("quotes: {k} speaker with id {id}"),
            _ => {}
        }
    }
    let fk = |table: &str, column: &str, target: &HashSet<String>| {
        for v in col(rows, table, column) {
            if let Some(id) = s(&v) {
                assert!(
                    target.contains(id),
                    "{table}.{column} {id} does not resolve"
                );
            }
        }
    };
    fk("affiliations", "person_id", &people);
    fk("affiliations", "org_id", &orgs);
    fk("affiliations", "place_id", &places);
    fk("events", "place_id", &places);
    fk("event_participants", "event_id", &events);
    fk("event_mentions", "event_id", &events);
    let aid = s(&col(rows, "articles", "article_id")[0])
        .expect("id")
        .to_string();
    for (ti, t) in TABLES.iter().enumerate() {
        let i = t.column_index("article_id").expect("article_id");
        for r in rows.tables().get(ti).map_or(&[][..], |v| v.as_slice()) {
            assert_eq!(
                s(&r[i]),
                Some(aid.as_str()),
                "{}: foreign article_id",
                t.name
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(body).into_owned();
    let title = (mode & 2 != 0).then(|| text.split('\n').next().unwrap_or("").to_string());
    let raw = RawArticle {
        meta: ArticleMeta {
            id: "fuzz".into(),
            title,
            declared_language: Some("en".into()),
            origin: newsfacts::document::Origin::new(std::path::Path::new("fuzz"), None),
            published: (mode & 4 != 0)
                .then(|| chrono::NaiveDate::from_ymd_opt(2023, 5, 24))
                .flatten(),
            ..Default::default()
        },
        text,
        kind: if mode & 1 == 0 {
            TextKind::Plain
        } else {
            TextKind::Extracted
        },
    };
    match newsfacts::pipeline::process_with(raw, true) {
        Ok((doc, rows)) => {
            assert!(!doc.text.trim().is_empty());
            check(&rows);
        }
        Err(e) => assert_eq!(*e.kind(), newsfacts::ErrorKind::EmptyArticle, "{e}"),
    }
});
