//! Table-driven tests of the event stage on invented articles.

use super::*;
use crate::document::MentionForm;
use crate::document::{Entity, EntityIdx, Mention, PlaceKind};
use crate::text::SentenceIdx;
use crate::vocab::EventType;

/// A document over `text` with one entity per `(name, kind, place kind)` and a full-name
/// mention at every occurrence of each `surface` listed for it. Names are invented.
fn doc_with(text: &str, published: Option<&str>, ents: &[(&str, EntityKind, &[&str])]) -> Document {
    let mut doc = Document::segmented("t", text);
    doc.meta.published = published.map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").unwrap());
    for (idx, (name, kind, surfaces)) in ents.iter().enumerate() {
        doc.entities.push(Entity {
            name: name.to_string(),
            place_kind: (*kind == EntityKind::Place).then_some(PlaceKind::City),
            ..Entity::new(*kind)
        });
        for surface in surfaces.iter() {
            let mut from = 0;
            while let Some(off) = text[from..].find(surface) {
                let start = from + off;
                let end = start + surface.len();
                // whole words only
                let before_ok = !text[..start].ends_with(char::is_alphanumeric);
                let after_ok = !text[end..].starts_with(char::is_alphanumeric);
                if before_ok && after_ok {
                    doc.mentions.push(Mention {
                        span: Span::new(start, end),
                        kind: *kind,
                        form: MentionForm::FullName,
                        title: None,
                        entity: Some(EntityIdx(idx)),
                        sentence: SentenceIdx(doc.sentence_at(start).unwrap()),
                    });
                }
                from = end;
            }
        }
    }
    doc.mentions.sort_by_key(|m| m.span.start);
    doc
}

fn extract_with_builtin(doc: &mut Document) {
    let k = crate::knowledge::Knowledge::builtin().unwrap();
    extract(doc, &k.events, &k.time);
}

const PEOPLE: &[(&str, EntityKind, &[&str])] = &[
    ("Alma Verde", EntityKind::Person, &["Alma Verde", "Verde"]),
    ("Tomas Brell", EntityKind::Person, &["Tomas Brell", "Brell"]),
    ("Zentro Corp", EntityKind::Organization, &["Zentro Corp"]),
    ("Norland", EntityKind::Place, &["Norland"]),
    ("Ostrava", EntityKind::Place, &["Ostrava"]),
];

/// (type, date_value, modality, place name, participant names with roles) per event.
type Row = (
    String,
    Option<String>,
    &'static str,
    Option<String>,
    Vec<String>,
);

fn run(text: &str, published: Option<&str>) -> Vec<Row> {
    let mut doc = doc_with(text, published, PEOPLE);
    extract_with_builtin(&mut doc);
    doc.events
        .iter()
        .map(|e| {
            let name = |i: EntityIdx| doc.entities[i].name.clone();
            let mut parts: Vec<String> = e
                .participants
                .iter()
                .map(|p| format!("{}:{}", name(p.entity), p.role))
                .collect();
            parts.sort();
            (
                e.event_type.to_string(),
                e.time.as_ref().and_then(|t| t.value.clone()),
                e.modality.as_str(),
                e.place.map(name),
                parts,
            )
        })
        .collect()
}

#[test]
#[allow(clippy::type_complexity)] // a table of test cases
fn single_happenings() {
    // published on a Wednesday
    let pub_ = Some("2024-03-13");
    #[rustfmt::skip]
    let cases: &[(&str, &str, Option<&str>, &str, Option<&str>, &[&str])] = &[
        ("On Sunday, Norland banned Zentro Corp from selling chips.",
         "ban", Some("2024-03-10"), "occurred", None, &["Norland:agent", "Zentro Corp:target"]),
        ("Alma Verde will meet Tomas Brell in Ostrava on Friday.",
         "meeting", Some("2024-03-15"), "planned", Some("Ostrava"), &["Alma Verde:agent", "Tomas Brell:counterpart"]),
        ("If Alma Verde and Tomas Brell don't meet in Ostrava, officials will worry.",
         "meeting", None, "hypothetical", Some("Ostrava"), &["Alma Verde:agent", "Tomas Brell:agent"]),
        ("Alma Verde did not meet Tomas Brell in Ostrava last week.",
         "meeting", Some("2024-W10"), "negated", Some("Ostrava"), &["Alma Verde:agent", "Tomas Brell:counterpart"]),
        ("The dispute led Alma Verde to postpone a scheduled visit to Norland.",
         "visit", None, "cancelled", Some("Norland"), &["Alma Verde:agent"]),
        ("Alma Verde said on Monday that prices would fall.",
         "statement", Some("2024-03-11"), "occurred", None, &["Alma Verde:agent"]),
        ("Zentro Corp was investigated by Norland regulators in 2021.",
         "investigation", Some("2021"), "occurred", None, &["Zentro Corp:target"]),
        ("Tomas Brell arrived in Ostrava on Tuesday.",
         "travel", Some("2024-03-12"), "occurred", Some("Ostrava"), &["Tomas Brell:agent"]),
        ("Alma Verde is looking forward to traveling to Norland later this year.",
         "travel", Some("2024"), "planned", Some("Norland"), &["Alma Verde:agent"]),
        ("A summit of regional leaders is to be held in Ostrava in November.",
         "summit", Some("2024-11"), "planned", Some("Ostrava"), &[]),
    ];
    for (text, ty, date, modality, place, parts) in cases {
        let got = run(text, pub_);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        let (gty, gdate, gmod, gplace, gparts) = &got[0];
        assert_eq!(gty, ty, "{text}");
        assert_eq!(gdate.as_deref(), *date, "{text}");
        assert_eq!(gmod, modality, "{text}");
        assert_eq!(gplace.as_deref(), *place, "{text}");
        let want: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        assert_eq!(gparts, &want, "{text}");
    }
}

#[test]
fn not_events() {
    for text in [
        "Relations between Norland and Ostrava remain tense.",
        "Alma Verde said the relationship matters.",
        "Officials complained about raids, detentions and investigations.",
        "The plan may not be enough to meet the target set in 2005.",
        "Norland requested high-level talks.",
        "Alma Verde told the Ostrava host that the show was over.",
    ] {
        let got = run(text, Some("2024-03-13"));
        assert!(got.is_empty(), "{text}: {got:?}");
    }
}

#[test]
fn repeated_mentions_make_one_row() {
    let text = "Alma Verde will hold talks with Tomas Brell in Ostrava next month.\n\
                The talks are expected to cover energy.\n\
                Brell said he looked forward to the meeting.";
    let mut doc = doc_with(text, Some("2024-03-13"), PEOPLE);
    extract_with_builtin(&mut doc);
    assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
    let e = &doc.events[0];
    assert_eq!(e.event_type, EventType::Talks);
    assert_eq!(e.modality, Modality::Planned);
    assert_eq!(e.mentions.len(), 3);
    assert_eq!(
        e.time.as_ref().and_then(|t| t.value.as_deref()),
        Some("2024-04")
    );
    assert_eq!(doc.slice(e.mentions[2]), "meeting");
}

#[test]
fn different_dates_or_places_stay_apart() {
    let text = "Alma Verde met Tomas Brell in Ostrava on Monday.\n\
                Verde will meet Brell again in Norland in June.";
    let got = run(text, Some("2024-03-13"));
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1.as_deref(), Some("2024-03-11"));
    assert_eq!(got[1].1.as_deref(), Some("2024-06"));
    assert_eq!(got[1].2, "planned");
}

#[test]
fn fronted_time_and_there_carry_to_the_next_sentence() {
    let text =
        "In March, Alma Verde flew to Ostrava on a short trip. There, Verde met Tomas Brell.";
    let got = run(text, Some("2024-05-13"));
    let meeting = got.iter().find(|r| r.0 == "meeting").expect("meeting");
    assert_eq!(meeting.1.as_deref(), Some("2024-03"));
    assert_eq!(meeting.3.as_deref(), Some("Ostrava"));
}

#[test]
fn without_a_publication_date_relative_dates_stay_unresolved() {
    let mut doc = doc_with("On Sunday, Norland banned Zentro Corp.", None, PEOPLE);
    extract_with_builtin(&mut doc);
    assert_eq!(doc.events.len(), 1);
    let t = doc.events[0]
        .time
        .as_ref()
        .expect("expression kept as written");
    assert_eq!(doc.slice(t.span), "Sunday");
    // the weekday is known, the week and the days are not
    assert_eq!(
        (t.value.as_deref(), t.start, t.end),
        (Some("XXXX-WXX-7"), None, None)
    );
    let tx = doc.time_expressions.get(t.timex).expect("its row");
    assert_eq!(tx.resolution, crate::vocab::TimexResolution::Unresolved);
    assert_eq!(tx.span, t.span);
    // absolute dates still resolve
    let mut doc = doc_with("Norland banned Zentro Corp in 2019.", None, PEOPLE);
    extract_with_builtin(&mut doc);
    assert_eq!(
        doc.events[0].time.as_ref().and_then(|t| t.value.as_deref()),
        Some("2019")
    );
}

#[test]
fn no_mentions_no_panic_and_linear() {
    let mut doc = Document::segmented("t", "");
    extract_with_builtin(&mut doc);
    assert!(doc.events.is_empty());
    // a long sentence-free text full of triggers and names
    let unit = "Alma Verde met Tomas Brell in Ostrava on Friday and discussed sanctions, ";
    let text = unit.repeat(3000);
    let mut doc = doc_with(&text, Some("2024-03-13"), PEOPLE);
    let t = std::time::Instant::now();
    extract_with_builtin(&mut doc);
    assert!(!doc.events.is_empty());
    println!(
        "events stage: {} bytes, {} tokens, {} mentions in {:?}",
        text.len(),
        doc.tokens.len(),
        doc.mentions.len(),
        t.elapsed()
    );
    assert!(t.elapsed().as_secs() < 5, "too slow: {:?}", t.elapsed());
}
