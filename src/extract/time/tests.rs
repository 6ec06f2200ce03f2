//! Tests of finding and normalizing time expressions.

use super::grammar::*;
use super::scan::*;
use super::*;
use Tense::{Future as F, Past as P, Present as Pr, Unknown as U};

fn words() -> &'static TimeWords {
    &crate::knowledge::Knowledge::builtin().unwrap().time
}

fn find(text: &str) -> Vec<Span> {
    super::find(words(), text)
}

fn normalize(expr: &str, anchor: Option<NaiveDate>, tense: Tense) -> Normalized {
    super::normalize(words(), expr, anchor, tense)
}

fn d(s: &str) -> Option<NaiveDate> {
    if s.is_empty() {
        None
    } else {
        Some(if s.starts_with('+') {
            NaiveDate::MAX
        } else {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
        })
    }
}

const A: &str = "2023-05-24"; // a Wednesday

/// (expression, anchor, tense, value, start, end); "" = None.
#[rustfmt::skip]
const CASES: &[(&str, &str, Tense, &str, &str, &str)] = &[
    // weekdays by tense
    ("on Sunday", A, P, "2023-05-21", "2023-05-21", "2023-05-21"),
    ("on Tuesday", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
    ("Thursday", A, F, "2023-05-25", "2023-05-25", "2023-05-25"),
    ("Wednesday evening", A, P, "2023-05-24TEV", "2023-05-24", "2023-05-24"),
    ("Wednesday", A, Pr, "2023-05-24", "2023-05-24", "2023-05-24"),
    ("Wednesday", A, F, "2023-05-24", "2023-05-24", "2023-05-24"),
    ("Thursday", A, P, "2023-05-18", "2023-05-18", "2023-05-18"),
    ("Monday", A, F, "2023-05-29", "2023-05-29", "2023-05-29"),
    ("Friday", A, U, "2023-05-26", "2023-05-26", "2023-05-26"),
    ("Monday", A, U, "2023-05-22", "2023-05-22", "2023-05-22"),
    ("last Tuesday", A, U, "2023-05-23", "2023-05-23", "2023-05-23"),
    ("last Wednesday", A, P, "2023-05-17", "2023-05-17", "2023-05-17"),
    ("next Tuesday", A, F, "2023-05-30", "2023-05-30", "2023-05-30"),
    ("Tuesday night", A, P, "2023-05-23TNI", "2023-05-23", "2023-05-23"),
    ("late Tuesday", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
    ("Saturday", "2024-01-01", P, "2023-12-30", "2023-12-30", "2023-12-30"),
    // weekends
    ("last weekend", A, P, "2023-W20-WE", "2023-05-20", "2023-05-21"),
    ("this weekend", A, F, "2023-W21-WE", "2023-05-27", "2023-05-28"),
    ("this weekend", A, P, "2023-W20-WE", "2023-05-20", "2023-05-21"),
    ("over the weekend", A, P, "2023-W20-WE", "2023-05-20", "2023-05-21"),
    ("the weekend", A, U, "2023-W20-WE", "2023-05-20", "2023-05-21"),
    ("this weekend", A, U, "2023-W21-WE", "2023-05-27", "2023-05-28"),
    ("next weekend", A, F, "2023-W21-WE", "2023-05-27", "2023-05-28"),
    ("last weekend", "2023-05-28", P, "2023-W20-WE", "2023-05-20", "2023-05-21"),
    ("this weekend", "2023-05-28", P, "2023-W21-WE", "2023-05-27", "2023-05-28"),
    ("this past weekend", "2023-05-22", P, "2023-W20-WE", "2023-05-20", "2023-05-21"),
    // weeks
    ("last week", A, P, "2023-W20", "2023-05-15", "2023-05-21"),
    ("this week", A, U, "2023-W21", "2023-05-22", "2023-05-28"),
    ("next week", A, F, "2023-W22", "2023-05-29", "2023-06-04"),
    ("earlier this week", A, P, "2023-W21", "2023-05-22", "2023-05-24"),
    ("next week", "2020-12-28", F, "2021-W01", "2021-01-04", "2021-01-10"),
    ("last week", "2021-01-05", P, "2020-W53", "2020-12-28", "2021-01-03"),
    // months, relative
    ("earlier this month", A, P, "2023-05", "2023-05-01", "2023-05-24"),
    ("later this month", A, F, "2023-05", "2023-05-24", "2023-05-31"),
    ("early next month", A, F, "2023-06", "2023-06-01", "2023-06-10"),
    ("next month", A, F, "2023-06", "2023-06-01", "2023-06-30"),
    ("last month", A, P, "2023-04", "2023-04-01", "2023-04-30"),
    ("this month", A, U, "2023-05", "2023-05-01", "2023-05-31"),
    ("next month", "2023-12-15", F, "2024-01", "2024-01-01", "2024-01-31"),
    ("last month", "2024-01-10", P, "2023-12", "2023-12-01", "2023-12-31"),
    ("late last month", A, P, "2023-04", "2023-04-21", "2023-04-30"),
    // years, relative and explicit
    ("late last year", A, P, "2022", "2022-09-01", "2022-12-31"),
    ("this year", A, U, "2023", "2023-01-01", "2023-12-31"),
    ("later this year", A, F, "2023", "2023-05-24", "2023-12-31"),
    ("earlier this year", A, P, "2023", "2023-01-01", "2023-05-24"),
    ("last year", A, P, "2022", "2022-01-01", "2022-12-31"),
    ("next year", A, F, "2024", "2024-01-01", "2024-12-31"),
    ("mid-2022", A, P, "2022", "2022-05-01", "2022-08-31"),
    ("early 2023", A, P, "2023", "2023-01-01", "2023-04-30"),
    ("in 2018", A, P, "2018", "2018-01-01", "2018-12-31"),
    ("the 1990s", A, P, "199", "1990-01-01", "1999-12-31"),
    ("1990-2000", A, P, "1990", "1990-01-01", "2000-12-31"),
    // ago and recent
    ("two years ago", A, P, "2021", "2021-01-01", "2021-12-31"),
    ("a week ago", A, P, "2023-W20", "2023-05-15", "2023-05-21"),
    ("three days ago", A, P, "2023-05-21", "2023-05-21", "2023-05-21"),
    ("six months ago", A, P, "2022-11", "2022-11-01", "2022-11-30"),
    ("a decade ago", A, P, "201", "2010-01-01", "2019-12-31"),
    ("months ago", A, P, "PAST_REF", "", "2023-04-24"),
    ("a few weeks ago", A, P, "PAST_REF", "", "2023-05-17"),
    ("in recent months", A, P, "PAST_REF", "", "2023-05-24"),
    // deictic
    ("yesterday", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
    ("today", A, Pr, "2023-05-24", "2023-05-24", "2023-05-24"),
    ("tomorrow", A, F, "2023-05-25", "2023-05-25", "2023-05-25"),
    ("tonight", A, F, "2023-05-24TNI", "2023-05-24", "2023-05-24"),
    ("last night", A, P, "2023-05-23TNI", "2023-05-23", "2023-05-23"),
    ("yesterday morning", A, P, "2023-05-23TMO", "2023-05-23", "2023-05-23"),
    ("yesterday", "2024-03-01", P, "2024-02-29", "2024-02-29", "2024-02-29"),
    // month names, year from tense
    ("in March", A, P, "2023-03", "2023-03-01", "2023-03-31"),
    ("in November", A, F, "2023-11", "2023-11-01", "2023-11-30"),
    ("in November", A, P, "2022-11", "2022-11-01", "2022-11-30"),
    ("in February", A, P, "2023-02", "2023-02-01", "2023-02-28"),
    ("in December", "2024-01-10", P, "2023-12", "2023-12-01", "2023-12-31"),
    ("February", "2024-01-10", F, "2024-02", "2024-02-01", "2024-02-29"),
    ("in May", A, P, "2023-05", "2023-05-01", "2023-05-31"),
    ("November", A, U, "2023-11", "2023-11-01", "2023-11-30"),
    ("December", "2024-01-10", U, "2023-12", "2023-12-01", "2023-12-31"),
    ("last March", A, U, "2023-03", "2023-03-01", "2023-03-31"),
    ("next March", A, U, "2024-03", "2024-03-01", "2024-03-31"),
    ("last May", A, U, "2022-05", "2022-05-01", "2022-05-31"),
    ("mid-March", A, P, "2023-03", "2023-03-11", "2023-03-20"),
    ("late November", A, F, "2023-11", "2023-11-21", "2023-11-30"),
    // month and day
    ("May 10", A, P, "2023-05-10", "2023-05-10", "2023-05-10"),
    ("on May 10-11", A, P, "2023-05-10", "2023-05-10", "2023-05-11"),
    ("March 3, 2021", A, P, "2021-03-03", "2021-03-03", "2021-03-03"),
    ("3 March 2021", A, F, "2021-03-03", "2021-03-03", "2021-03-03"),
    ("Jan. 5", A, P, "2023-01-05", "2023-01-05", "2023-01-05"),
    ("Sept. 30", A, P, "2022-09-30", "2022-09-30", "2022-09-30"),
    ("Sept. 30", A, F, "2023-09-30", "2023-09-30", "2023-09-30"),
    ("Sep 30", A, U, "2023-09-30", "2023-09-30", "2023-09-30"),
    ("May 30-June 2", A, F, "2023-05-30", "2023-05-30", "2023-06-02"),
    ("Dec. 30-Jan. 2, 2024", A, P, "2023-12-30", "2023-12-30", "2024-01-02"),
    ("Feb. 29", A, P, "2020-02-29", "2020-02-29", "2020-02-29"),
    ("February 30, 2023", A, P, "", "", ""),
    ("Tuesday, May 23", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
    ("10-11 May", A, P, "2023-05-10", "2023-05-10", "2023-05-11"),
    ("Dec. 31", "2023-12-31", F, "2023-12-31", "2023-12-31", "2023-12-31"),
    ("January 2", "2023-12-31", F, "2024-01-02", "2024-01-02", "2024-01-02"),
    ("May 10th", A, P, "2023-05-10", "2023-05-10", "2023-05-10"),
    // explicit
    ("2023-05-10", A, F, "2023-05-10", "2023-05-10", "2023-05-10"),
    ("2023-05", A, F, "2023-05", "2023-05-01", "2023-05-31"),
    ("May 2022", A, F, "2022-05", "2022-05-01", "2022-05-31"),
    ("Sept. 2022", A, P, "2022-09", "2022-09-01", "2022-09-30"),
    ("early May 2022", A, P, "2022-05", "2022-05-01", "2022-05-10"),
    // no anchor: relative expressions stay unresolved, absolute ones resolve
    ("on Sunday", "", P, "", "", ""),
    ("last weekend", "", P, "", "", ""),
    ("in March", "", P, "", "", ""),
    ("this year", "", U, "", "", ""),
    ("two years ago", "", P, "", "", ""),
    ("May 10", "", P, "", "", ""),
    ("yesterday", "", P, "", "", ""),
    ("in recent months", "", P, "", "", ""),
    ("March 3, 2021", "", P, "2021-03-03", "2021-03-03", "2021-03-03"),
    ("in 2018", "", U, "2018", "2018-01-01", "2018-12-31"),
    ("the 1990s", "", U, "199", "1990-01-01", "1999-12-31"),
    ("2023-05-10", "", U, "2023-05-10", "2023-05-10", "2023-05-10"),
    // not time expressions
    // windows ending or starting at the anchor
    ("the past week", A, P, "P1W", "2023-05-17", "2023-05-24"),
    ("the past two years", A, P, "P2Y", "2021-05-24", "2023-05-24"),
    ("the coming weeks", A, F, "PXW", "2023-05-24", ""),
    ("the next three days", A, F, "P3D", "2023-05-24", "2023-05-27"),
    ("the past few months", A, P, "PXM", "", "2023-05-24"),
    ("over the last year", "2024-02-29", P, "P1Y", "2023-02-28", "2024-02-29"),
    ("the past week", "", P, "", "", ""),
    // seasons, quarters, halves
    ("this summer", A, F, "2023-SU", "2023-06-01", "2023-08-31"),
    ("last fall", A, P, "2022-FA", "2022-09-01", "2022-11-30"),
    ("last winter", A, P, "2022-WI", "2022-12-01", "2023-02-28"),
    ("this winter", A, U, "2023-WI", "2023-12-01", "2024-02-29"),
    ("in the spring", A, P, "2023-SP", "2023-03-01", "2023-05-31"),
    ("next spring", A, F, "2024-SP", "2024-03-01", "2024-05-31"),
    ("the summer of 2022", A, P, "2022-SU", "2022-06-01", "2022-08-31"),
    ("this summer", "2024-01-10", U, "2024-SU", "2024-06-01", "2024-08-31"),
    ("early this summer", A, F, "2023-SU", "2023-06-01", "2023-06-30"),
    ("summer 2022", "", P, "2022-SU", "2022-06-01", "2022-08-31"),
    ("this summer", "", F, "", "", ""),
    ("Q1 2023", A, P, "2023-Q1", "2023-01-01", "2023-03-31"),
    ("the first quarter of 2023", "", P, "2023-Q1", "2023-01-01", "2023-03-31"),
    ("the fourth quarter of last year", A, P, "2022-Q4", "2022-10-01", "2022-12-31"),
    ("Q3", A, P, "2022-Q3", "2022-07-01", "2022-09-30"),
    ("the second half of this year", A, F, "2023-H2", "2023-07-01", "2023-12-31"),
    ("hello", A, P, "", "", ""),
    ("", A, P, "", "", ""),
    ("tomorrow", "+262142-12-31", F, "", "", ""),
];

#[test]
fn normalize_table() {
    let mut failures = Vec::new();
    for &(expr, anchor, tense, value, start, end) in CASES {
        let want = Normalized {
            value: if value.is_empty() {
                None
            } else {
                Some(value.to_string())
            },
            start: d(start),
            end: d(end),
        };
        let got = normalize(expr, d(anchor), tense);
        if got != want {
            failures.push(format!(
                "{expr:?} @ {anchor} {tense:?}: got {got:?}, want {want:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(CASES.len() >= 60);
}

fn found(text: &str) -> Vec<&str> {
    find(text).iter().map(|e| &text[e.start..e.end]).collect()
}

#[rustfmt::skip]
const FIND: &[(&str, &[&str])] = &[
    ("Zhou may cancel the trip, officials said on Tuesday.", &["Tuesday"]),
    ("Protesters planned a march on Washington in March.", &["March"]),
    ("Lin Hua said the talks would resume next week.", &["next week"]),
    ("Augusta Smith and Jan Novak met August Wilson's family.", &[]),
    ("In August Wilson's plays, nothing happens.", &[]),
    ("The March on Washington drew 250,000 people.", &[]),
    ("May I ask? The vote is set for May 10-11.", &["May 10-11"]),
    ("The company, founded in 2018, reported 2000 layoffs and a $2019 fee.", &["2018"]),
    ("On Sunday, the minister said the 2018 election was fraudulent.", &["Sunday", "2018"]),
    ("The summit, held March 3, 2021 in Geneva, ended on 3 March 2022.", &["March 3, 2021", "3 March 2022"]),
    ("Shares fell 3.5% on Jan. 5 and rose through Sept. 30.", &["Jan. 5", "Sept. 30"]),
    ("A dinner planned for Thursday evening was cancelled last weekend, two years ago and earlier this month.",
        &["Thursday evening", "last weekend", "two years ago", "earlier this month"]),
    ("The Sunday Times covered Black Friday sales, USA Today reported.", &[]),
    ("Prices rose in the 1990s and again in mid-2022, then late last year.", &["1990s", "mid-2022", "late last year"]),
    ("Data from 2023-05-10 shows a rise.", &["2023-05-10"]),
    ("Theresa May said Prime Minister May's government would act.", &[]),
    ("In recent months, yesterday's vote and tomorrow's count mattered.", &["recent months", "yesterday", "tomorrow"]),
    ("Él dijo el 5 de mayo… On Friday — «Monday» Mayé Marché", &["Friday", "Monday"]),
    ("April showers; June Carter sang; in April it rained.", &["April"]),
    ("The 2022-23 season; call 555-2018 now.", &["now"]),
    ("He was born on March 3rd and left from March to May.", &["March 3rd", "March", "May"]),
    ("Officials said Wednesday, May 24, 2023 that the vote would come in November.", &["Wednesday, May 24, 2023", "November"]),
    ("The rally was held over the weekend, a week ago, or this past weekend.", &["the weekend", "a week ago", "this past weekend"]),
    ("Version 2.2018 and 10:30 and 2019%", &[]),
    ("It may rain in May, and Sun may shine on Sunday night.", &["May", "Sunday night"]),
    ("a few weeks ago, several months ago, a couple of years ago", &["a few weeks ago", "several months ago", "a couple of years ago"]),
    ("The strike starts at 1800 GMT on Friday; 2000 troops left.", &["1800 GMT on Friday"]),
    ("It ended early, late Monday.", &["late Monday"]),
    ("Over the past week and in the coming months, the next day and the last week of May.",
        &["the past week", "the coming months", "May"]),
    ("Prices fall in the fall; since the fall of Kabul, this summer, the first quarter of 2023 and the first quarter; green H2; Q3 results.",
        &["the fall", "this summer", "the first quarter of 2023", "Q3"]),
    ("Twelve years ago, decades ago, 1000 days ago, zero days ago, a day ago.",
        &["Twelve years ago", "decades ago", "a day ago"]),
    ("The year 2000 problem began in the year 2000; 2000 troops.", &["2000", "2000"]),
    ("", &[]),
];

#[test]
fn find_sentences() {
    let mut failures = Vec::new();
    for &(text, want) in FIND {
        let got = found(text);
        if got != want {
            failures.push(format!("{text:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every span found in a sentence normalizes to something with an anchor.
#[test]
fn found_spans_normalize() {
    let a = d(A);
    for &(text, _) in FIND {
        for e in find(text) {
            let s = &text[e.start..e.end];
            assert!(normalize(s, a, P).value.is_some(), "{s:?} from {text:?}");
        }
    }
}

/// Spans are ordered, non-overlapping and on char boundaries, on odd input.
#[test]
fn spans_are_well_formed() {
    let mut text = String::new();
    let pieces = [
        "on Tuesday",
        "é",
        "May",
        "10",
        "-",
        "–",
        "2023",
        "ñ",
        "s",
        "'",
        "March",
        "\u{2019}",
        ".",
        "Sept",
        "30",
        "日本",
        "in",
        "last",
        "week",
        " ",
        "\n",
        "ago",
        "two",
        "years",
        "1990",
    ];
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        text.push_str(pieces[(x >> 16) as usize % pieces.len()]);
        if x & 1 == 0 {
            text.push(' ');
        }
    }
    let spans = find(&text);
    assert!(!spans.is_empty());
    let mut prev_end = 0;
    for e in &spans {
        assert!(e.start < e.end && e.start >= prev_end);
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        prev_end = e.end;
        let _ = normalize(&text[e.start..e.end], d(A), U);
        let _ = normalize(&text[e.start..e.end], None, F);
    }
    // the same text, sliced at every char boundary prefix, never panics
    for (i, _) in text.char_indices().take(1000) {
        let _ = find(&text[..i]);
        let piece: String = text[i..].chars().take(10).collect();
        let _ = normalize(&piece, d(A), P);
    }
}

/// `find` without the per-token rule filter: every rule at every token.
fn find_all_rules(text: &str) -> Vec<Span> {
    let toks = Tokens::new(text);
    let parser = Parser {
        t: &toks,
        lex: words(),
        lenient: false,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let hit = super::prefixed(&parser, i)
            .map(|(end, p, _)| (end, p))
            .or_else(|| parser.parse_at(i));
        match hit {
            Some((end, _)) => {
                out.push(Span::new(toks.toks[i].start, toks.toks[end - 1].end));
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// The first-token rule filter of `find` ([`start_rules`]) changes no result: random
/// sequences of every lexicon word, grammar word and number shape, in three casings.
#[test]
fn rule_filter_is_exact() {
    let lex = crate::lexicon::Lexicon::parse(
        "time_words",
        include_str!("../../../lexicons/time_words.tsv"),
    );
    let mut words: Vec<String> = lex
        .words()
        .flat_map(|w| w.split_whitespace())
        .map(str::to_string)
        .chain(RULE_STARTERS.iter().map(|(w, _)| w.to_string()))
        .collect();
    for w in [
        "ago", "of", "to", "through", "and", "or", "past", "coming", "quarter", "half", "night",
        "morning", "weekend", "Q", "H", "-", "\u{2013}", ",", ".", "'s", "%", "$", "1", "10", "31",
        "32", "123", "2018", "1990", "2023", "12345", "05", "s", "st", "th", "same", "period",
        "previous", "prior", "before", "earlier", "one", "than", "least", "GMT", "UTC", "a.m.",
        "p.m.", ":", "30",
    ] {
        words.push(w.to_string());
    }
    let n = words.len();
    for i in 0..n {
        let w = words[i].clone();
        words.push(w.to_uppercase());
        let mut c = w.chars();
        if let Some(f) = c.next() {
            words.push(f.to_uppercase().chain(c).collect());
        }
    }
    let mut x: u32 = 987_654;
    let mut text = String::new();
    for _ in 0..200_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        text.push_str(&words[(x >> 8) as usize % words.len()]);
        if x & 3 != 0 {
            text.push(' ');
        }
    }
    let got = find(&text);
    assert!(got.len() > 1000);
    // the ASCII fast path of the tokenizer gives the char-by-char tokens
    let mixed = format!("{text} é日本\u{2013}\u{a0}x\u{2009}1\u{b2}3\u{85}Ωmega\u{1c}\x0b9 ");
    let key = |t: &Tokens| {
        t.toks
            .iter()
            .map(|k| (k.start, k.end, k.kind))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&Tokens::new(&mixed)), key(&Tokens::new_by_char(&mixed)));
    assert_eq!(got, find_all_rules(&text));
    for &(t, _) in FIND {
        assert_eq!(find(t), find_all_rules(t), "{t:?}");
    }
}

#[test]
fn large_input_is_linear() {
    let text = "On Tuesday, May 10-11, in 2018 and two years ago. ".repeat(10_000);
    let n = find(&text).len();
    assert_eq!(n, 3 * 10_000); // "Tuesday, May 10-11" is one expression
}

#[test]
fn lexicon_loads() {
    let lex = words();
    assert_eq!(lex.months.len(), 24);
    assert_eq!(lex.weekdays.len(), 7);
    assert!(lex.context.contains("since"));
}
