//! The time layer (`Document::time_expressions`) as the event stage fills it, on invented
//! articles from several news domains: every TIMEX3 type, mods, relative dates resolved with
//! the tense of their clause, expressions without a publication date, and words that only look
//! like times.

use super::*;
use crate::vocab::{TimexMod, TimexResolution, TimexType};

/// (text, type, value, mod, resolution, first day, last day) of one time expression.
type Row = (
    String,
    TimexType,
    Option<String>,
    Option<TimexMod>,
    TimexResolution,
    Option<String>,
    Option<String>,
);

fn layer_of(text: &str, published: Option<&str>) -> (Document, Vec<Row>) {
    let mut doc = Document::segmented("t", text);
    doc.meta.published = published.map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").unwrap());
    let k = crate::knowledge::Knowledge::builtin().unwrap();
    extract(&mut doc, &k.events, &k.time);
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let rows = doc
        .time_expressions
        .iter()
        .map(|t| {
            (
                doc.slice(t.span).to_string(),
                t.timex_type,
                t.value.clone(),
                t.modifier,
                t.resolution,
                day(t.start),
                day(t.end),
            )
        })
        .collect();
    (doc, rows)
}

fn layer(text: &str, published: Option<&str>) -> Vec<Row> {
    layer_of(text, published).1
}

/// (text, type, value, mod, resolution) of one row.
type Value<'a> = (
    &'a str,
    TimexType,
    Option<&'a str>,
    Option<TimexMod>,
    TimexResolution,
);

/// The [`Value`] of each row.
fn values(rows: &[Row]) -> Vec<Value<'_>> {
    rows.iter()
        .map(|r| (r.0.as_str(), r.1, r.2.as_deref(), r.3, r.4))
        .collect()
}

use TimexResolution::{Absolute, Published, Unresolved};
use TimexType::{Date, Duration, Set, Time};

#[test]
fn sports_times_of_day_recurrences_and_no_scores() {
    // published on a Monday
    let rows = layer(
        "The Riverside Rovers beat the Harbor Hawks 3-1 on Saturday night and play them again \
         every Sunday. Coach May Lindqvist said the 2-0 loss in March still hurts.",
        Some("2024-03-11"),
    );
    assert_eq!(
        values(&rows),
        vec![
            (
                "Saturday night",
                Time,
                Some("2024-03-09TNI"),
                None,
                Published
            ),
            ("every Sunday", Set, Some("XXXX-WXX-7"), None, Absolute),
            ("March", Date, Some("2024-03"), None, Published),
        ]
    );
    assert_eq!(rows[0].5.as_deref(), Some("2024-03-09"));
}

#[test]
fn business_quarters_windows_and_rates() {
    let rows = layer(
        "Northwind Corp. said its profit rose 12% in the third quarter of 2023. It plans to cut \
         300 jobs over the next two years, and it will report results twice a year.",
        Some("2023-11-02"),
    );
    assert_eq!(
        values(&rows),
        vec![
            (
                "the third quarter of 2023",
                Date,
                Some("2023-Q3"),
                None,
                Absolute
            ),
            ("the next two years", Duration, Some("P2Y"), None, Published),
            ("a year", Set, Some("P1Y"), None, Absolute),
        ]
    );
    assert_eq!(
        (rows[0].5.as_deref(), rows[0].6.as_deref()),
        (Some("2023-07-01"), Some("2023-09-30"))
    );
    // a window starts at the publication date
    assert_eq!(
        (rows[1].5.as_deref(), rows[1].6.as_deref()),
        (Some("2023-11-02"), Some("2025-11-02"))
    );
}

#[test]
fn courts_a_january_day_in_a_december_article_is_next_year() {
    // published on a Tuesday at the end of 1999
    let rows = layer(
        "Judge Maren Holt set the trial for Jan. 14. The jury deliberated for about five hours on \
         Tuesday before acquitting Dario Fenn. The sentencing will be held on Jan. 20.",
        Some("1999-12-28"),
    );
    assert_eq!(
        values(&rows),
        vec![
            ("Jan. 14", Date, Some("2000-01-14"), None, Published),
            (
                "about five hours",
                Duration,
                Some("PT5H"),
                Some(TimexMod::Approx),
                Absolute
            ),
            ("Tuesday", Date, Some("1999-12-28"), None, Published),
            ("Jan. 20", Date, Some("2000-01-20"), None, Published),
        ]
    );
    // a length has no calendar days
    assert_eq!((rows[1].5.clone(), rows[1].6.clone()), (None, None));
}

#[test]
fn health_last_and_next_month_frequencies_and_more_than() {
    let rows = layer(
        "Cases of the fever rose last month, and health officials will review the data next \
         month. Patients are tested weekly, and the clinic has been open for more than a decade.",
        Some("2024-07-15"),
    );
    assert_eq!(
        values(&rows),
        vec![
            ("last month", Date, Some("2024-06"), None, Published),
            ("next month", Date, Some("2024-08"), None, Published),
            ("weekly", Set, Some("P1W"), None, Absolute),
            (
                "more than a decade",
                Duration,
                Some("P10Y"),
                Some(TimexMod::MoreThan),
                Absolute
            ),
        ]
    );
    assert_eq!(
        (rows[1].5.as_deref(), rows[1].6.as_deref()),
        (Some("2024-08-01"), Some("2024-08-31"))
    );
}

#[test]
fn disasters_clock_times_mods_and_last_weekday() {
    // published on a Thursday
    let rows = layer(
        "The earthquake struck at 3:40 a.m. Tuesday. Aid flights start at 10 a.m. Friday, May \
         31. Rescue teams searched for three days and the \
         town hopes to rebuild by late 2025. Survivors gathered last Tuesday and again early this \
         month.",
        Some("2024-05-16"),
    );
    assert_eq!(
        values(&rows),
        vec![
            (
                "3:40 a.m. Tuesday",
                Time,
                Some("2024-05-14T03:40"),
                None,
                Published
            ),
            (
                "10 a.m. Friday, May 31",
                Time,
                Some("2024-05-31T10:00"),
                None,
                Published
            ),
            ("three days", Duration, Some("P3D"), None, Absolute),
            (
                "late 2025",
                Date,
                Some("2025"),
                Some(TimexMod::End),
                Absolute
            ),
            ("last Tuesday", Date, Some("2024-05-14"), None, Published),
            (
                "early this month",
                Date,
                Some("2024-05"),
                Some(TimexMod::Start),
                Published
            ),
        ]
    );
    // "late" and "early" narrow the days to the last and first third
    assert_eq!(
        (rows[3].5.as_deref(), rows[3].6.as_deref()),
        (Some("2025-09-01"), Some("2025-12-31"))
    );
    assert_eq!(
        (rows[5].5.as_deref(), rows[5].6.as_deref()),
        (Some("2024-05-01"), Some("2024-05-10"))
    );
}

#[test]
fn without_a_publication_date_relative_expressions_are_unresolved() {
    let rows = layer(
        "The council met last Tuesday and will vote next month on the budget adopted on May 10. \
         The plan dates from 2019.",
        None,
    );
    assert_eq!(
        values(&rows),
        vec![
            ("last Tuesday", Date, None, None, Unresolved),
            ("next month", Date, None, None, Unresolved),
            ("May 10", Date, Some("XXXX-05-10"), None, Unresolved),
            ("2019", Date, Some("2019"), None, Absolute),
        ]
    );
    assert!(rows.iter().take(3).all(|r| r.5.is_none() && r.6.is_none()));
}

#[test]
fn names_verbs_scores_and_streets_are_not_times() {
    let rows = layer(
        "March with us, the union told members. May Lindqvist scored twice as the Rovers won 3-1 \
         in a 4-2 aggregate. Coach April Dunne was honored on Spring Street.",
        Some("2024-04-02"),
    );
    assert_eq!(values(&rows), vec![]);
}

#[test]
fn the_same_period_a_year_ago_is_the_last_named_period_a_year_back() {
    let rows = layer(
        "Harbor Motors said sales fell 20% in February compared with the same month a year ago.",
        Some("2024-03-04"),
    );
    assert_eq!(
        values(&rows),
        vec![
            ("February", Date, Some("2024-02"), None, Published),
            (
                "the same month a year ago",
                Date,
                Some("2023-02"),
                None,
                Published
            ),
        ]
    );
    assert_eq!(
        (rows[1].5.as_deref(), rows[1].6.as_deref()),
        (Some("2023-02-01"), Some("2023-02-28"))
    );
}

#[test]
fn an_event_time_is_a_row_of_the_layer() {
    let (doc, rows) = layer_of(
        "After talks last month, Alma Verde met Tomas Brell in Ostrava on Tuesday.",
        Some("2024-05-16"),
    );
    assert_eq!(rows.len(), 2);
    let dated: Vec<&EventTime> = doc.events.iter().filter_map(|e| e.time.as_ref()).collect();
    assert!(!dated.is_empty(), "{:?}", doc.events);
    for t in dated {
        let row = doc
            .time_expressions
            .get(t.timex)
            .expect("a row of the layer");
        assert_eq!((row.span, &row.value), (t.span, &t.value));
        assert_eq!((row.start, row.end), (t.start, t.end));
    }
}

#[test]
fn modal_passives_and_intentions_look_ahead() {
    // "has said" is past, but the month belongs to "should be completed" / "wants to close"
    let rows = layer(
        "Harbor Motors has said that the sale should be completed in October. The carmaker has \
         said it wants to close 40 dealers by early June.",
        Some("2009-05-14"),
    );
    assert_eq!(
        values(&rows),
        vec![
            ("October", Date, Some("2009-10"), None, Published),
            (
                "early June",
                Date,
                Some("2009-06"),
                Some(TimexMod::Start),
                Published
            ),
        ]
    );
}
