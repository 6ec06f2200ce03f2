//! The dataset's invariants, checked on every export a test reads back (end-to-end, property
//! and hostile-input tests alike):
//!
//! - every cell fits its schema column: present, `null` only where the column is nullable, of
//!   the column's type, enum values within `newsfacts::schema`'s vocabularies;
//! - primary keys are unique and every foreign key the schema declares resolves;
//! - `articles.duplicate_of` points to an article with a smaller id;
//! - every entity reference resolves by its kind (`mentions`, `event_participants`, quote
//!   speakers, affiliation organizations and places, event places);
//! - an event's `timex_id` names a row of `time_expressions` whose text, value and days the
//!   event's date columns repeat (an undated event has neither);
//! - every span slices `articles.text` (code points) to the stored surface form;
//! - every person, organization and place has at least one mention.

use std::collections::{HashMap, HashSet};

use newsfacts::schema::{self, ColumnType};
use serde_json::{Map, Value as Json};

use super::tables::{Dataset, TimeExpression};

type Record = Map<String, Json>;

/// Checks every invariant of `d`, panicking with the first violation; returns the number of
/// spans checked.
pub fn check(d: &Dataset) -> usize {
    let records = d.records();
    for (table, rows) in &records {
        check_columns(table, rows);
        check_primary_key(table, rows);
    }
    check_foreign_keys(&records);
    check_duplicates_point_back(d);
    check_entity_references(d);
    check_entities_have_mentions(d);
    check_spans(d)
}

/// The schema declaration of `table`.
fn declared(table: &str) -> &'static schema::Table {
    schema::table(table).unwrap_or_else(|| panic!("{table} is not a schema table"))
}

fn check_columns(table: &str, rows: &[Record]) {
    let t = declared(table);
    for r in rows {
        assert_eq!(r.len(), t.columns.len(), "{table}: {r:?}");
        for c in t.columns {
            let v = r
                .get(c.name)
                .unwrap_or_else(|| panic!("{table}.{}: missing in {r:?}", c.name));
            if v.is_null() {
                assert!(
                    !c.required,
                    "{table}.{}: required value is null in {r:?}",
                    c.name
                );
                continue;
            }
            let fits = match c.ty {
                ColumnType::String => v.is_string(),
                ColumnType::Integer => v.is_i64() || v.is_u64(),
                ColumnType::Date => v
                    .as_str()
                    .is_some_and(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()),
                ColumnType::Enum(vocab) => v.as_str().is_some_and(|s| vocab.contains(&s)),
            };
            assert!(fits, "{table}.{}: {v} does not fit {:?}", c.name, c.ty);
        }
    }
}

/// The values of `fields` in `r`, as one comparable key.
fn key(r: &Record, fields: &[&str]) -> String {
    let values: Vec<&Json> = fields.iter().map(|f| &r[*f]).collect();
    serde_json::to_string(&values).expect("key")
}

fn check_primary_key(table: &str, rows: &[Record]) {
    let pk = declared(table).primary_key;
    let mut seen = HashSet::new();
    for r in rows {
        assert!(
            seen.insert(key(r, pk)),
            "{table}: duplicate primary key {}",
            key(r, pk)
        );
    }
}

fn check_foreign_keys(records: &[(&'static str, Vec<Record>)]) {
    let rows = |name: &str| -> &[Record] {
        records
            .iter()
            .find(|(t, _)| *t == name)
            .map_or(&[], |(_, r)| r.as_slice())
    };
    for (table, from) in records {
        for fk in declared(table).foreign_keys {
            let targets: HashSet<String> = rows(fk.table)
                .iter()
                .map(|r| key(r, fk.reference))
                .collect();
            for r in from {
                // a null reference refers to nothing (SQL semantics)
                if fk.fields.iter().all(|f| r[*f].is_null()) {
                    continue;
                }
                let k = key(r, fk.fields);
                assert!(
                    targets.contains(&k),
                    "{table}: {:?} = {k} has no row in {}",
                    fk.fields,
                    fk.table
                );
            }
        }
    }
}

/// `articles.duplicate_of` names an earlier article (a smaller id).
fn check_duplicates_point_back(d: &Dataset) {
    for a in &d.articles {
        if let Some(first) = &a.duplicate_of {
            assert!(
                first < &a.article_id,
                "articles: {:?} is marked a copy of the later {first:?}",
                a.article_id
            );
        }
    }
}

/// `(article_id, id)` of every row of one entity table.
type Ids<'a> = HashSet<(&'a str, &'a str)>;

fn check_entity_references(d: &Dataset) {
    let people: Ids = d
        .people
        .iter()
        .map(|r| (&*r.article_id, &*r.person_id))
        .collect();
    let orgs: Ids = d
        .organizations
        .iter()
        .map(|r| (&*r.article_id, &*r.org_id))
        .collect();
    let places: Ids = d
        .places
        .iter()
        .map(|r| (&*r.article_id, &*r.place_id))
        .collect();
    let events: Ids = d
        .events
        .iter()
        .map(|r| (&*r.article_id, &*r.event_id))
        .collect();
    let resolves = |kind: &str, article: &str, id: &str| match kind {
        "person" => people.contains(&(article, id)),
        "organization" => orgs.contains(&(article, id)),
        "place" => places.contains(&(article, id)),
        _ => false,
    };
    for m in &d.mentions {
        assert!(
            resolves(&m.entity_kind, &m.article_id, &m.entity_id),
            "mentions: {m:?}"
        );
    }
    for p in &d.event_participants {
        assert!(
            events.contains(&(&*p.article_id, &*p.event_id)),
            "event_participants: {p:?}"
        );
        assert!(
            resolves(&p.entity_kind, &p.article_id, &p.entity_id),
            "event_participants: {p:?}"
        );
    }
    for q in &d.quotes {
        match (q.speaker_kind.as_str(), q.speaker_id.as_deref()) {
            (kind @ ("person" | "organization"), Some(id)) => {
                assert!(resolves(kind, &q.article_id, id), "quote speaker: {q:?}")
            }
            ("person" | "organization", None) => panic!("quote speaker without id: {q:?}"),
            (_, Some(id)) => assert!(
                places.contains(&(&*q.article_id, id)),
                "quote speaker: {q:?}"
            ),
            (_, None) => {}
        }
    }
    for a in &d.affiliations {
        let art = &*a.article_id;
        assert!(
            people.contains(&(art, &*a.person_id)),
            "affiliations: {a:?}"
        );
        if let Some(o) = &a.org_id {
            assert!(orgs.contains(&(art, &**o)), "affiliations: {a:?}");
        }
        if let Some(p) = &a.place_id {
            assert!(places.contains(&(art, &**p)), "affiliations: {a:?}");
        }
    }
    for e in &d.event_mentions {
        assert!(
            events.contains(&(&*e.article_id, &*e.event_id)),
            "event_mentions: {e:?}"
        );
    }
    let timexes: HashMap<(&str, &str), &TimeExpression> = d
        .time_expressions
        .iter()
        .map(|t| ((&*t.article_id, &*t.timex_id), t))
        .collect();
    for e in &d.events {
        if let Some(p) = &e.place_id {
            assert!(places.contains(&(&*e.article_id, &**p)), "events: {e:?}");
        }
        // the date columns repeat the row of the time expression that dates the event
        match &e.timex_id {
            Some(id) => {
                let t = timexes
                    .get(&(&*e.article_id, &**id))
                    .unwrap_or_else(|| panic!("events: timex {id} has no row: {e:?}"));
                assert_eq!(
                    e.date_text.as_ref(),
                    Some(&t.text),
                    "events date_text: {e:?}"
                );
                assert_eq!(e.date_value, t.value, "events date_value: {e:?}");
                assert_eq!(e.date_start, t.date_start, "events date_start: {e:?}");
                assert_eq!(e.date_end, t.date_end, "events date_end: {e:?}");
            }
            None => assert!(
                e.date_text.is_none(),
                "events: a date without timex_id: {e:?}"
            ),
        }
    }
}

fn check_entities_have_mentions(d: &Dataset) {
    let mentioned: HashSet<(&str, &str, &str)> = d
        .mentions
        .iter()
        .map(|m| (&*m.article_id, &*m.entity_kind, &*m.entity_id))
        .collect();
    let entities = d
        .people
        .iter()
        .map(|r| (&*r.article_id, "person", &*r.person_id))
        .chain(
            d.organizations
                .iter()
                .map(|r| (&*r.article_id, "organization", &*r.org_id)),
        )
        .chain(
            d.places
                .iter()
                .map(|r| (&*r.article_id, "place", &*r.place_id)),
        );
    for e in entities {
        assert!(mentioned.contains(&e), "{e:?} without mention");
    }
}

/// Every span slices its article's text to the stored surface form; returns how many.
fn check_spans(d: &Dataset) -> usize {
    let texts: HashMap<&str, Vec<char>> = d
        .articles
        .iter()
        .map(|a| (&*a.article_id, a.text.chars().collect()))
        .collect();
    let spans = d
        .mentions
        .iter()
        .map(|r| ("mentions", &r.article_id, r.start, r.end, &r.text))
        .chain(
            d.quotes
                .iter()
                .map(|r| ("quotes", &r.article_id, r.start, r.end, &r.text)),
        )
        .chain(
            d.time_expressions
                .iter()
                .map(|r| ("time_expressions", &r.article_id, r.start, r.end, &r.text)),
        )
        .chain(
            d.events
                .iter()
                .map(|r| ("events", &r.article_id, r.start, r.end, &r.trigger)),
        )
        .chain(
            d.event_mentions
                .iter()
                .map(|r| ("event_mentions", &r.article_id, r.start, r.end, &r.text)),
        )
        .chain(
            d.affiliations
                .iter()
                .map(|r| ("affiliations", &r.article_id, r.start, r.end, &r.text)),
        );
    let mut n = 0;
    for (table, article, a, b, surface) in spans {
        let chars = &texts[article.as_str()];
        assert!(
            a <= b && b <= chars.len(),
            "{table}: span {a}..{b} out of range in article {article:?}"
        );
        let got: String = chars[a..b].iter().collect();
        assert_eq!(
            &got, surface,
            "{table}: span {a}..{b} does not slice the text of article {article:?}"
        );
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed output passes; each kind of damage to it is caught, by the right check.
    #[test]
    fn each_kind_of_violation_is_caught() {
        let good = Dataset::read(&crate::harness::project().join("output"));
        assert!(check(&good) > 0);
        type Damage = fn(&mut Dataset);
        let damages: [(&str, Damage); 11] = [
            ("does not slice", |d| d.mentions[0].start += 1),
            ("out of range", |d| d.quotes[0].end = usize::MAX),
            ("mentions: Mention", |d| {
                d.mentions[0].entity_id = "nobody".into()
            }),
            ("has no row in events", |d| {
                d.event_mentions[0].event_id = "e999".into()
            }),
            ("events.modality", |d| d.events[0].modality = "maybe".into()),
            ("timex t999 has no row", |d| {
                let e = d.events.iter_mut().find(|e| e.timex_id.is_some());
                e.expect("a dated event").timex_id = Some("t999".into());
            }),
            ("time_expressions: span", |d| d.time_expressions[0].end += 1),
            ("articles.published", |d| {
                d.articles[0].published = Some("2023-13-01".into())
            }),
            ("people: duplicate primary key", |d| {
                d.people.push(d.people[0].clone())
            }),
            ("quote speaker without id", |d| {
                let q = d.quotes.iter_mut().find(|q| q.speaker_kind == "person");
                q.expect("a person quote").speaker_id = None;
            }),
            ("without mention", |d| {
                let id = d.places[0].place_id.clone();
                d.mentions.retain(|m| m.entity_id != id);
            }),
        ];
        for (want, damage) in damages {
            let mut d = good.clone();
            damage(&mut d);
            let err = std::panic::catch_unwind(|| check(&d)).expect_err(want);
            let msg = err
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            assert!(msg.contains(want), "want {want:?}, got {msg:?}");
        }
    }
}
