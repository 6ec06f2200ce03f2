//! Hostile and broken inputs, end to end: one test per catalogue item of
//! `docs/hostile-inputs.md`. Each runs the built binary in a temporary directory and asserts the
//! exact behaviour: the exit code, the error line naming the file and the line or byte offset, or
//! the documented recovery, and that a previous output directory stays intact.
//!
//! Exit codes: 0 all exported; 1 some articles rejected (reported on stderr as
//! `error: FILE[:LINE][ (byte N)]: message`, the rest exported); 2 fatal; 130 interrupted.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::tables::Article;
use crate::harness::{invariants, snapshot, Snapshot, Workdir, BIN};

/// A good previous output in `out`, returned as a snapshot of every file. It is exported from
/// `prev/good.txt`, so a later export of other inputs into `out` needs `--force` (an output of
/// other inputs is not replaced without it; `cli::output_of_other_inputs_is_not_replaced`).
fn previous_output(w: &Workdir, out: &str) -> Snapshot {
    w.write("prev/good.txt", GOOD);
    let r = w.export(&["prev/good.txt"], out, &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    snapshot(&w.join(out))
}

fn assert_intact(w: &Workdir, out: &str, before: &Snapshot) {
    let now = snapshot(&w.join(out));
    assert!(!now.is_empty(), "previous output {out} is gone");
    assert!(
        now == *before,
        "previous output {out} was changed: {:?} vs {:?}",
        now.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
}

const GOOD: &str = "Commerce Secretary Laura Benton met Chinese Commerce Minister Zhou Minghao in Washington on Thursday.\n\n\"We had a candid and substantive discussion,\" Benton said.\n";

/// The dataset's invariants on an output directory (see [`invariants`]).
fn check_invariants(w: &Workdir, out: &str) {
    invariants::check(&w.dataset(out));
}

/// The one row of `articles` in `out`.
fn the_article(w: &Workdir, out: &str) -> Article {
    let mut a = w.table::<Article>(out);
    assert_eq!(a.len(), 1, "one article in {out}");
    a.remove(0)
}

// ---------------------------------------------------------------------------------------------
// Encodings

#[test]
fn invalid_utf8_is_rejected_with_byte_offset() {
    let w = Workdir::new();
    let before = previous_output(&w, "out");
    w.write("bad.txt", b"Hello \xFF world.");
    let r = w.export(&["bad.txt"], "out", &["--force"]);
    // nothing could be exported: exit 3
    assert_eq!(r.code(), 3, "{}", r.stderr);
    assert_eq!(r.errors(), ["error: bad.txt (byte 6): invalid UTF-8"]);
    // nothing was exported, so the previous output is kept rather than replaced by empty tables
    assert!(r
        .stderr
        .contains("output not written (previous output left intact)"));
    assert_intact(&w, "out", &before);

    // the offset counts a leading BOM; JSONL names the line and the column byte
    w.write("bom-bad.txt", b"\xEF\xBB\xBFabc\xC3(");
    let r = w.export(&["bom-bad.txt"], "o2", &[]);
    assert_eq!(r.errors(), ["error: bom-bad.txt (byte 6): invalid UTF-8"]);
    w.write(
        "b.jsonl",
        b"{\"id\":\"a\",\"text\":\"Fine text.\"}\n{\"id\":\"b\",\"text\":\"x\xFE\"}\n",
    );
    let r = w.export(&["b.jsonl"], "o3", &[]);
    assert_eq!(r.code(), 1);
    assert_eq!(
        r.errors(),
        ["error: b.jsonl:2: invalid UTF-8 at column byte 19"]
    );
    assert_eq!(w.texts("o3").len(), 1);
}

#[test]
fn utf8_bom_is_dropped() {
    let w = Workdir::new();
    w.write("bom.txt", "\u{FEFF}Laura Benton spoke on Tuesday.");
    w.write(
        "bom.jsonl",
        "\u{FEFF}{\"id\":\"j\",\"text\":\"\u{FEFF}Zhou Minghao replied.\"}\n",
    );
    let r = w.export(&["bom.txt", "bom.jsonl"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let t = w.texts("out");
    assert_eq!(t["bom"], "Laura Benton spoke on Tuesday.");
    assert_eq!(t["j"], "Zhou Minghao replied.");
}

#[test]
fn utf16_is_rejected() {
    let w = Workdir::new();
    let utf16 = |bom: &[u8], be: bool| {
        let mut b = bom.to_vec();
        for u in "Hello world, this is UTF-16 text.".encode_utf16() {
            let x = if be { u.to_be_bytes() } else { u.to_le_bytes() };
            b.extend_from_slice(&x);
        }
        b
    };
    w.write("le.txt", utf16(&[0xFF, 0xFE], false));
    w.write("be.txt", utf16(&[0xFE, 0xFF], true));
    w.write("nobom.txt", utf16(&[], false));
    w.write("le.jsonl", utf16(&[0xFF, 0xFE], false));
    w.write("page.html", utf16(&[0xFF, 0xFE], false));
    let r = w.export(
        &["le.txt", "be.txt", "nobom.txt", "le.jsonl", "page.html"],
        "out",
        &[],
    );
    assert_eq!(r.code(), 3);
    assert_eq!(
        r.errors(),
        [
            "error: le.txt (byte 0): UTF-16 text is not supported; convert it to UTF-8",
            "error: be.txt (byte 0): UTF-16 text is not supported; convert it to UTF-8",
            "error: nobom.txt (byte 0): looks like UTF-16 without a byte-order mark, or binary (NUL at every other byte); convert it to UTF-8",
            "error: le.jsonl:1 (byte 0): UTF-16 text is not supported; convert it to UTF-8",
            "error: page.html (byte 0): UTF-16 text is not supported; convert it to UTF-8",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Control and invisible characters, line ends

#[test]
fn nul_and_control_bytes_become_spaces() {
    let w = Workdir::new();
    w.write(
        "c.txt",
        b"Laura\0Benton met\x01Zhou\x07Minghao.\x1B[31m Done\x7F\xC2\x85now.",
    );
    let r = w.export(&["c.txt"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(
        w.texts("out")["c"],
        "Laura Benton met Zhou Minghao. [31m Done  now."
    );
    check_invariants(&w, "out");
}

#[test]
fn crlf_and_lone_cr_become_lf() {
    let w = Workdir::new();
    w.write(
        "n.txt",
        "First paragraph here.\r\n\r\nSecond one.\rThird one.\r\n",
    );
    let r = w.export(&["n.txt"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(
        w.texts("out")["n"],
        "First paragraph here.\nSecond one.\nThird one."
    );
    let a = the_article(&w, "out");
    assert_eq!(a.paragraph_count, 3);
}

#[test]
fn zero_width_and_bidi_controls_are_removed() {
    let w = Workdir::new();
    w.write(
        "z.txt",
        "Lau\u{200B}ra Ben\u{00AD}ton said \u{202E}olleh\u{202C} and \u{2067}x\u{2069}\u{200F}.\u{FEFF} Emoji 👩\u{200D}🔬 stays.",
    );
    let r = w.export(&["z.txt"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let t = &w.texts("out")["z"];
    assert_eq!(
        t,
        "Laura Benton said olleh and x. Emoji 👩\u{200D}🔬 stays."
    );
    // nothing in any CSV cell can reorder what a spreadsheet shows
    let csv = std::fs::read_to_string(w.join("out/csv/articles.csv")).expect("csv");
    assert!(!csv.contains(['\u{202E}', '\u{2067}', '\u{200B}']));
    check_invariants(&w, "out");
}

// ---------------------------------------------------------------------------------------------
// Empty, huge and pathological articles

#[test]
fn empty_and_whitespace_only_articles_are_rejected() {
    let w = Workdir::new();
    let before = previous_output(&w, "out");
    w.write("empty.txt", "");
    w.write("blank.txt", " \n\t\r\n\u{3000}\u{200B}\n");
    w.write("punct.txt", "...\n---\n");
    let r = w.export(
        &["empty.txt", "blank.txt", "punct.txt"],
        "out",
        &["--force"],
    );
    assert_eq!(r.code(), 3);
    assert_eq!(
        r.errors(),
        [
            "error: empty.txt: article \"empty\": article has no text",
            "error: blank.txt: article \"blank\": article has no text",
            "error: punct.txt: article \"punct\": article has no text",
        ]
    );
    assert_intact(&w, "out", &before);

    // in a batch: reported with its line, skipped, the rest exported
    w.write(
        "e.jsonl",
        "{\"id\":\"e1\",\"text\":\"\"}\n{\"id\":\"e2\",\"text\":\" \\n \"}\n{\"id\":\"ok\",\"text\":\"Some text.\"}\n",
    );
    let r = w.export(&["e.jsonl"], "o2", &[]);
    assert_eq!(r.code(), 1);
    assert_eq!(
        r.errors(),
        [
            "error: e.jsonl:1: article \"e1\": article has no text",
            "error: e.jsonl:2: article \"e2\": article has no text",
        ]
    );
    assert_eq!(w.texts("o2").keys().collect::<Vec<_>>(), ["ok"]);
}

fn no_punct_mb() -> String {
    // 1 MiB of letters: no whitespace, no punctuation (a pseudo-random mix, not one repeated byte)
    let mut x: u32 = 7;
    (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from(b'a' + (x % 26) as u8)
        })
        .collect()
}

fn one_sentence_mb() -> String {
    // 1 MiB, one sentence: words and commas, capitalized words, no sentence end until the last byte
    let words = [
        "the",
        "minister",
        "of",
        "trade",
        "and",
        "Beijing",
        "officials",
        "said",
        "talks",
        "with",
        "Washington,",
        "would",
        "continue",
        "on",
        "Tuesday",
        "despite",
        "tensions",
        "over",
        "chips,",
        "Gina",
        "Benton",
    ];
    let mut s = String::with_capacity((1 << 20) + 16);
    let mut i = 0usize;
    while s.len() < (1 << 20) - 16 {
        s.push_str(words[(i * 7 + i / 5) % words.len()]);
        s.push(' ');
        i += 1;
    }
    s.push_str("end.");
    s
}

/// 1 MiB of ordinary news prose: varied sentences and paragraphs, names, quotes, dates. Lines
/// are all different (the cleaner drops repeated lines).
fn normal_mb() -> String {
    let names = [
        "Laura Benton",
        "Zhou Minghao",
        "Peter Caldwell",
        "Janet Yellen",
        "Li Qiang",
        "Maria Lopez",
        "John Smith",
        "Akira Tanaka",
    ];
    let orgs = [
        "the Commerce Department",
        "the World Trade Organization",
        "the State Department",
        "the Foreign Ministry",
        "Reuters",
        "the European Union",
    ];
    let places = [
        "Washington",
        "Beijing",
        "Tokyo",
        "Brussels",
        "Paris",
        "Singapore",
    ];
    let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    let mut s = String::with_capacity((1 << 20) + 1024);
    let mut i = 0usize;
    while s.len() < 1 << 20 {
        let (n, o, p, d) = (
            names[i % names.len()],
            orgs[(i / 3) % orgs.len()],
            places[(i / 2) % places.len()],
            days[i % days.len()],
        );
        s.push_str(&format!(
            "{n} met officials from {o} in {p} on {d} to discuss trade item {i}. \
             \"We had a candid discussion about export controls,\" {n} said after the meeting. \
             Talks are expected to resume next month, according to {o}, which said {} delegates attended.\n\n",
            i % 40 + 2
        ));
        i += 1;
    }
    s
}

#[test]
fn one_mb_without_punctuation_or_whitespace() {
    let w = Workdir::new();
    w.write("nopunct.txt", no_punct_mb());
    let r = w.export(&["nopunct.txt"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let a = the_article(&w, "out");
    assert_eq!(a.char_count, 1 << 20);
    assert_eq!(a.sentence_count, 1);
    check_invariants(&w, "out");
}

#[test]
fn one_mb_single_sentence() {
    let w = Workdir::new();
    w.write("onesent.txt", one_sentence_mb());
    let r = w.export(&["onesent.txt"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let a = the_article(&w, "out");
    assert_eq!(a.paragraph_count, 1);
    check_invariants(&w, "out");
}

/// One long sentence dense with event triggers and dates: every event row carries its sentence,
/// so without a bound the output would grow with events x sentence length (quadratic). The
/// `events.sentence` cell is cut around the trigger, and the whole output stays linear.
#[test]
fn event_dense_long_sentence_keeps_output_linear() {
    let w = Workdir::new();
    let mut text = String::from("Delegates from many towns gathered");
    let mut year = 1900;
    while text.len() < 256 * 1024 {
        year += 1;
        text.push_str(&format!(
            ", the ministers met in Paris on January 3, {year} and signed an agreement"
        ));
    }
    text.push('.');
    w.write("dense.txt", &text);
    let r = w.export(&["dense.txt"], "out", &["--format", "csv"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let events = w.join("out").join("csv").join("events.csv");
    let bytes = std::fs::metadata(&events).map(|m| m.len()).unwrap_or(0);
    let events_found = std::fs::read_to_string(&events)
        .unwrap_or_default()
        .lines()
        .count();
    assert!(
        events_found > 100,
        "only {events_found} event rows in an event-dense sentence"
    );
    assert!(
        bytes < 40 * text.len() as u64,
        "events.csv is {bytes} bytes for a {} byte input",
        text.len()
    );
    let csv = std::fs::read_to_string(&events).unwrap_or_default();
    assert!(
        csv.contains('…'),
        "long sentence cells are cut with an ellipsis"
    );
}

/// Best of three wall-clock runs of one export; a run still going after `limit` is killed and
/// reported as `None` (so a quadratic stage fails the test quickly instead of hanging it).
fn best_time(w: &Workdir, input: &str, limit: Duration) -> Option<Duration> {
    let mut best: Option<Duration> = None;
    for k in 0..3 {
        let out = format!("t-{input}-{k}");
        let t = Instant::now();
        let mut child = Command::new(BIN)
            .args(["export", input, "--out", &out, "-q", "--threads", "1"])
            .current_dir(w.path())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let status = loop {
            if let Some(st) = child.try_wait().expect("wait") {
                break Some(st);
            }
            if t.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let d = t.elapsed();
        let st = status?;
        assert_eq!(st.code(), Some(0), "{input}");
        best = Some(best.map_or(d, |b| b.min(d)));
    }
    best
}

#[test]
fn pathological_articles_cost_about_as_much_as_normal_ones() {
    // generous bound (the issue's benchmark target is 5x); a process start is in both
    const BOUND: f64 = 10.0;
    let w = Workdir::new();
    w.write("normal.txt", normal_mb());
    w.write("nopunct.txt", no_punct_mb());
    w.write("onesent.txt", one_sentence_mb());
    w.write("quotes.txt", quote_storm_mb());
    w.write("attrs.html", attribute_storm(45_000, " "));
    let normal = best_time(&w, "normal.txt", Duration::from_secs(600)).expect("normal run");
    let limit = normal.mul_f64(BOUND) + Duration::from_millis(200);
    let mut slow = Vec::new();
    for input in ["nopunct.txt", "onesent.txt", "quotes.txt", "attrs.html"] {
        match best_time(&w, input, limit) {
            Some(t) => {
                let ratio = t.as_secs_f64() / normal.as_secs_f64().max(1e-3);
                eprintln!(
                    "bounded work: {input}: {:.3} s vs normal {:.3} s: ratio {ratio:.2}",
                    t.as_secs_f64(),
                    normal.as_secs_f64()
                );
                if ratio > BOUND {
                    slow.push(format!("{input}: {ratio:.1}x"));
                }
            }
            None => {
                eprintln!(
                    "bounded work: {input}: killed after {:.3} s (normal {:.3} s)",
                    limit.as_secs_f64(),
                    normal.as_secs_f64()
                );
                slow.push(format!("{input}: > {BOUND}x (killed)"));
            }
        }
    }
    assert!(
        slow.is_empty(),
        "slower than {BOUND}x a normal 1 MB article: {slow:?}"
    );
}

#[test]
fn article_above_max_article_bytes_is_rejected() {
    let w = Workdir::new();
    // the default (8 MiB) is documented in --help
    let help = w.run(&["export", "--help"]);
    let help = help.stderr.clone() + &String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--max-article-bytes") && help.contains("8388608"),
        "{help}"
    );

    let big = "x".repeat((8 << 20) + 1);
    w.write("huge.txt", &big);
    w.write("ok.txt", "A short article.");
    let r = w.export(&["huge.txt", "ok.txt"], "out", &[]);
    assert_eq!(r.code(), 1);
    assert_eq!(
        r.errors(),
        ["error: huge.txt: article is 8388609 bytes, above --max-article-bytes 8388608"]
    );
    assert_eq!(w.texts("out").len(), 1);

    w.write("a.txt", "y".repeat(101));
    w.write(
        "a.jsonl",
        format!(
            "{{\"id\":\"small\",\"text\":\"fine\"}}\n{{\"id\":\"big\",\"text\":\"{}\"}}\n",
            "z".repeat(101)
        ),
    );
    w.write(
        "a.html",
        format!("<html><body><p>{}</p></body></html>", "w ".repeat(60)),
    );
    let r = w.export(
        &["a.txt", "a.jsonl", "a.html"],
        "o2",
        &["--max-article-bytes", "100"],
    );
    assert_eq!(r.code(), 1);
    assert_eq!(
        r.errors(),
        [
            "error: a.txt: article is 101 bytes, above --max-article-bytes 100",
            "error: a.jsonl:2: article \"big\" is 101 bytes, above --max-article-bytes 100",
            "error: a.html: page is above --max-article-bytes 100",
        ]
    );
    assert_eq!(w.texts("o2").keys().collect::<Vec<_>>(), ["small"]);
    let r = w.export(&["a.txt"], "o3", &["--max-article-bytes", "0"]);
    assert_eq!(r.code(), 2);
    assert_eq!(
        r.errors(),
        ["error: --max-article-bytes must be at least 1"]
    );
    for flag in ["--batch", "--threads", "--partition-rows"] {
        let r = w.export(&["a.txt"], "o4", &[flag, "0"]);
        assert_eq!(r.code(), 2);
        assert_eq!(r.errors(), [format!("error: {flag} must be at least 1")]);
    }
}

// ---------------------------------------------------------------------------------------------
// Quote marks

fn quote_storm_mb() -> String {
    let pieces = [
        "\u{201C}Open never closed ",
        "\"straight ",
        "\u{2018}single\u{2019} ",
        "« guillemet ",
        "\u{201D}close first\u{201C} ",
        "\"nested \u{2018}inner \"deep\" x\u{2019} out\" ",
        "it\u{2019}s ",
        "\u{201E}low\u{201C} ",
        "\"\"\"\" ",
        "said Laura Benton. ",
    ];
    let mut s = String::with_capacity((1 << 20) + 64);
    let mut i = 0usize;
    while s.len() < 1 << 20 {
        s.push_str(pieces[(i * 3 + i / 7) % pieces.len()]);
        if i % 50 == 49 {
            // a number makes every line different (the cleaner drops repeated lines)
            s.push_str(&format!("{i}\n"));
        }
        i += 1;
    }
    s
}

#[test]
fn unbalanced_nested_and_mixed_quotes() {
    let w = Workdir::new();
    w.write(
        "q.txt",
        "\u{201C}This quote never closes, said Benton.\n\n\
         \"Nested \u{2018}inner quote\u{2019} and \u{201C}curly inside straight\u{201D},\" Zhou said.\n\n\
         \u{201D}Backwards\u{201C} marks, « guillemets », \u{201E}low-nine\u{201C} and a stray \" mark.\n\n\
         \"\"\n\n\u{2019}\u{2019}\u{2019} He said: \"one \"two \"three\n",
    );
    w.write("storm.txt", quote_storm_mb());
    let r = w.export(&["q.txt", "storm.txt"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(w.texts("out").len(), 2);
    check_invariants(&w, "out");
}

// ---------------------------------------------------------------------------------------------
// JSONL

#[test]
fn jsonl_malformed_line_is_reported_and_skipped() {
    let w = Workdir::new();
    w.write(
        "m.jsonl",
        "{\"id\":\"a\",\"text\":\"First.\"}\n{bad json\n[1,2]\n\n{\"id\":\"b\",\"text\":\"Second.\"}\n{\"id\":\"c\",\"text\":\"unterminated\n",
    );
    let r = w.export(&["m.jsonl"], "out", &[]);
    assert_eq!(r.code(), 1);
    assert_eq!(
        r.errors(),
        [
            "error: m.jsonl:2: malformed JSON: key must be a string at line 1 column 2",
            "error: m.jsonl:3: expected a JSON object",
            "error: m.jsonl:6: malformed JSON: EOF while parsing a string at line 1 column 30",
        ]
    );
    assert_eq!(w.texts("out").keys().collect::<Vec<_>>(), ["a", "b"]);
    // origin of every article is kept in the error format FILE:LINE
}

#[test]
fn jsonl_missing_or_non_string_text() {
    let w = Workdir::new();
    w.write(
        "t.jsonl",
        "{\"id\":\"a\"}\n{\"id\":\"b\",\"text\":42}\n{\"id\":\"c\",\"text\":null}\n{\"id\":\"d\",\"text\":[\"x\"]}\n{\"text\":\"no id\"}\n{\"id\":{},\"text\":\"x\"}\n{\"id\":7,\"text\":\"Numeric id.\"}\n{\"id\":\"e\",\"text\":\"Bad title.\",\"title\":5}\n",
    );
    let r = w.export(&["t.jsonl"], "out", &[]);
    assert_eq!(r.code(), 1);
    assert_eq!(
        r.errors(),
        [
            "error: t.jsonl:1: article \"a\": missing `text`",
            "error: t.jsonl:2: article \"b\": `text` must be a string",
            "error: t.jsonl:3: article \"c\": `text` must be a string",
            "error: t.jsonl:4: article \"d\": `text` must be a string",
            "error: t.jsonl:5: missing `id`",
            "error: t.jsonl:6: `id` must be a string or an integer",
            "error: t.jsonl:8: article \"e\": `title` must be a string",
        ]
    );
    assert_eq!(w.texts("out").keys().collect::<Vec<_>>(), ["7"]);
}

#[test]
fn jsonl_duplicate_id_keeps_the_first() {
    let w = Workdir::new();
    w.write(
        "d.jsonl",
        "{\"id\":\"x\",\"text\":\"The first one.\"}\n{\"id\":\"y\",\"text\":\"Other.\"}\n{\"id\":\"x\",\"text\":\"The second one.\"}\n",
    );
    w.write("x.txt", "A text file with the same id.");
    let r = w.export(&["d.jsonl", "x.txt"], "out", &[]);
    assert_eq!(r.code(), 1);
    assert_eq!(
        r.errors(),
        [
            "error: d.jsonl:3: article \"x\": duplicate article id; the first one is kept",
            "error: x.txt: article \"x\": duplicate article id; the first one is kept",
        ]
    );
    let t = w.texts("out");
    assert_eq!(t["x"], "The first one.");
    assert_eq!(t.len(), 2);
}

#[test]
fn jsonl_hostile_ids() {
    let w = Workdir::new();
    let long = "i".repeat(300);
    let max = "m".repeat(256);
    let lines = [
        r#"{"id":"../escape","text":"Dot dot slash."}"#.to_string(),
        r#"{"id":"/etc/passwd","text":"Absolute."}"#.to_string(),
        r#"{"id":"a\\b","text":"Backslash."}"#.to_string(),
        r#"{"id":"nul\u0000id","text":"NUL."}"#.to_string(),
        format!(r#"{{"id":"{long}","text":"Long."}}"#),
        format!(r#"{{"id":"{max}","text":"Longest allowed."}}"#),
        r#"{"id":"  ","text":"Blank id."}"#.to_string(),
        r#"{"id":"tab\tid","text":"Tab."}"#.to_string(),
    ];
    w.write("ids.jsonl", lines.join("\n"));
    let r = w.export(&["ids.jsonl"], "sub/out", &[]);
    assert_eq!(r.code(), 1);
    assert_eq!(
        r.errors(),
        [
            "error: ids.jsonl:4: article id contains a control character",
            "error: ids.jsonl:5: article id is 300 characters long (at most 256)",
            "error: ids.jsonl:7: article id is empty",
            "error: ids.jsonl:8: article id contains a control character",
        ]
    );
    // ids are data, exported verbatim, and never become path components
    let t = w.texts("sub/out");
    let ids: Vec<&str> = t.keys().map(String::as_str).collect();
    assert_eq!(ids, ["../escape", "/etc/passwd", "a\\b", max.as_str()]);
    let files: Vec<String> = snapshot(&w.join("sub"))
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert!(files.iter().all(|f| f.starts_with("out/")), "{files:?}");
    assert!(!w.join("escape").exists() && !w.join("sub/escape").exists());
    let mut dirs: Vec<String> = std::fs::read_dir(w.join("sub/out"))
        .expect("out")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    assert_eq!(
        dirs,
        [
            "csv",
            "datapackage.json",
            "json",
            "manifest.json",
            "parquet"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// gzip

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

/// `error: FILE:LINE: message` → LINE.
fn error_line(e: &str, file: &str) -> u64 {
    let rest = e
        .strip_prefix(&format!("error: {file}:"))
        .unwrap_or_else(|| panic!("{e}"));
    rest.split(':')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{e}"))
}

#[test]
fn truncated_jsonl_gz_keeps_the_lines_before() {
    let w = Workdir::new();
    let mut text = String::new();
    for i in 0..100 {
        text.push_str(&format!(
            "{{\"id\":\"a{i:03}\",\"text\":\"Article {i} reports that the minister spoke in Paris.\"}}\n"
        ));
    }
    let z = gzip(text.as_bytes());
    // whole file: fine
    w.write("full.jsonl.gz", &z);
    let r = w.export(&["full.jsonl.gz"], "o1", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(w.texts("o1").len(), 100);
    // cut in the middle: the lines before the cut are exported, the error names the line
    w.write("cut.jsonl.gz", &z[..z.len() / 2]);
    let r = w.export(&["cut.jsonl.gz"], "o2", &[]);
    assert_eq!(r.code(), 1);
    let errs = r.errors();
    assert_eq!(errs.len(), 1, "{}", r.stderr);
    assert!(
        errs[0].ends_with(": read failed (truncated or corrupt file?): incomplete deflate stream"),
        "{}",
        errs[0]
    );
    let line = error_line(errs[0], "cut.jsonl.gz");
    assert!(line > 1 && line <= 100, "{line}");
    assert_eq!(w.texts("o2").len() as u64, line - 1);
    // not gzip at all
    w.write("junk.jsonl.gz", "this is not gzip");
    let r = w.export(&["junk.jsonl.gz"], "o3", &[]);
    assert_eq!(r.code(), 3);
    assert_eq!(
        r.errors(),
        ["error: junk.jsonl.gz:1: read failed (truncated or corrupt file?): invalid gzip header"]
    );
}

#[test]
fn truncated_html_gz_is_rejected() {
    let w = Workdir::new();
    let page = format!(
        "<html><head><title>T</title></head><body><article><p>{}</p></article></body></html>",
        "The minister spoke at length about trade and tariffs. ".repeat(100)
    );
    let z = gzip(page.as_bytes());
    w.write("ok.html.gz", &z);
    w.write("cut.html.gz", &z[..z.len() / 2]);
    let r = w.export(&["ok.html.gz", "cut.html.gz"], "out", &[]);
    assert_eq!(r.code(), 1);
    let errs = r.errors();
    assert_eq!(errs.len(), 1, "{}", r.stderr);
    assert!(
        errs[0].starts_with("error: cut.html.gz: truncated or corrupt gzip stream (after ")
            && errs[0].contains(" decompressed bytes): "),
        "{}",
        errs[0]
    );
    assert_eq!(w.texts("out").keys().collect::<Vec<_>>(), ["ok"]);
}

// ---------------------------------------------------------------------------------------------
// HTML

#[test]
fn html_unclosed_tags() {
    let w = Workdir::new();
    w.write(
        "u.html",
        "<html><body><p>First paragraph about the minister, with <b>bold <i>and italic<p>Second paragraph that is never closed either<div><span>",
    );
    let r = w.export(&["u.html"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(
        w.texts("out")["u"],
        "First paragraph about the minister, with bold and italic\nSecond paragraph that is never closed either"
    );
}

#[test]
fn html_ten_thousand_deep_nesting() {
    let w = Workdir::new();
    let page = format!(
        "<html><body>{}<p>Deep text about trade talks in Geneva.</p>{}</body></html>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    w.write("deep.html", &page);
    // unclosed too: the parser must not recurse per level on the way out either
    w.write(
        "deep2.html",
        format!(
            "<html><body>{}<p>Unclosed deep text here.",
            "<span><div>".repeat(10_000)
        ),
    );
    let r = w.export(&["deep.html", "deep2.html"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let t = w.texts("out");
    assert_eq!(t["deep"], "Deep text about trade talks in Geneva.");
    assert_eq!(t["deep2"], "Unclosed deep text here.");
}

/// 1 MiB: one start tag with `n` attributes, written `sep`-separated (`" "` or `"/"`), then a
/// paragraph of text; the end tag carries attributes too.
fn attribute_storm(n: usize, sep: &str) -> String {
    let attrs: Vec<String> = (0..n).map(|i| format!("a{i}=\"v\"")).collect();
    let attrs = attrs.join(sep);
    format!(
        "<html><body><div {attrs}><p>The text of the article about the trade talks, with commas, \
         long enough to read as prose.</p></div {attrs}></body></html>"
    )
}

#[test]
fn html_tag_with_a_hundred_thousand_attributes() {
    // html5ever checks every attribute of a tag against the earlier ones (attributes²): past
    // 512 per tag they are dropped before parsing, so this page costs what any 2 MiB page does
    let w = Workdir::new();
    w.write("attrs.html", attribute_storm(100_000, " "));
    w.write("slash.html", attribute_storm(100_000, "/"));
    // the input ends inside the tag: the tokenizer would still read every attribute
    w.write(
        "open.html",
        format!(
            "<html><body><p>Text before the broken tag, about the trade talks.</p><div {}",
            vec!["x=1"; 200_000].join(" ")
        ),
    );
    let t = Instant::now();
    let r = w.export(&["attrs.html", "slash.html", "open.html"], "out", &[]);
    let took = t.elapsed();
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let texts = w.texts("out");
    let want =
        "The text of the article about the trade talks, with commas, long enough to read as prose.";
    assert_eq!(texts["attrs"], want);
    assert_eq!(texts["slash"], want);
    assert_eq!(
        texts["open"],
        "Text before the broken tag, about the trade talks."
    );
    // unbounded (attributes²) these pages cost about 20 s of CPU; bounded, well under a second
    assert!(took < Duration::from_secs(8), "{took:?}");
}

#[test]
fn html_script_and_style_bodies_are_not_text() {
    let w = Workdir::new();
    w.write(
        "s.html",
        "<html><head><title>Title</title><script>var x = \"<p>Not article text at all</p>\";</script><style>p { color: red }</style></head>\
         <body><p>The real article text about the minister.</p><script>document.write('<p>injected paragraph text</p>')</script>\
         <noscript><p>Please enable JavaScript to view</p></noscript></body></html>",
    );
    let r = w.export(&["s.html"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let t = &w.texts("out")["s"];
    assert_eq!(t, "The real article text about the minister.");
}

#[test]
fn html_without_body_is_an_empty_article() {
    let w = Workdir::new();
    w.write(
        "nobody.html",
        "<html><head><title>Only a title</title></head></html>",
    );
    w.write("nothing.html", "");
    let r = w.export(&["nobody.html", "nothing.html"], "out", &[]);
    assert_eq!(r.code(), 3);
    assert_eq!(
        r.errors(),
        [
            "error: nobody.html: article \"nobody\": article has no text",
            "error: nothing.html: article \"nothing\": article has no text",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Output safety

#[test]
fn out_refuses_a_foreign_directory_unless_forced() {
    let w = Workdir::new();
    w.write("mine/notes.txt", "precious");
    w.write("a.txt", "Some article text.");
    let r = w.export(&["a.txt"], "mine", &[]);
    assert_eq!(r.code(), 2);
    assert_eq!(
        r.errors(),
        ["error: mine: --out is a non-empty directory that is not a newsfacts output; refusing to replace it (use --force)"]
    );
    assert_eq!(
        std::fs::read_to_string(w.join("mine/notes.txt"))
            .ok()
            .as_deref(),
        Some("precious")
    );
    let r = w.export(&["a.txt"], "mine", &["--force"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(!w.join("mine/notes.txt").exists());
    assert_eq!(w.texts("mine").len(), 1);
    // a previous newsfacts output is replaced without --force; a file is never replaced
    let r = w.export(&["a.txt"], "mine", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    w.write("afile", "data");
    let r = w.export(&["a.txt"], "afile", &["--force"]);
    assert_eq!(r.code(), 2);
    assert_eq!(
        r.errors(),
        ["error: afile: --out exists and is not a directory"]
    );
    assert!(w.leftovers(".").is_empty());
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A tmpfs mounted on `dir` for the life of the value (root only).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|e| e.to_string())?;
        if o.status.success() {
            Ok(Tmpfs(dir.to_path_buf()))
        } else {
            Err(String::from_utf8_lossy(&o.stderr).trim().to_string())
        }
    }
    fn remount_ro(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn read_only_output_parent_keeps_previous_output() {
    let w = Workdir::new();
    w.write("a.txt", GOOD);
    let r = w.export(&["a.txt"], "ro/out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let before = snapshot(&w.join("ro/out"));
    let expected;
    let _mount = if is_root() {
        // root ignores permission bits: use a read-only filesystem instead
        let fs = match Tmpfs::mount(&w.join("ro"), "4m") {
            Ok(fs) => fs,
            Err(e) => {
                eprintln!("SKIPPED read_only_output_parent_keeps_previous_output: cannot mount a tmpfs as root ({e})");
                return;
            }
        };
        let r = w.export(&["a.txt"], "ro/out", &[]);
        assert_eq!(r.code(), 0, "{}", r.stderr);
        assert!(fs.remount_ro(), "remount ro");
        expected = "Read-only file system (os error 30)";
        Some(fs)
    } else {
        let mut p = std::fs::metadata(w.join("ro")).expect("ro").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut p, 0o555);
        std::fs::set_permissions(w.join("ro"), p).expect("chmod");
        expected = "Permission denied (os error 13)";
        None
    };
    let before = if _mount.is_some() {
        snapshot(&w.join("ro/out"))
    } else {
        before
    };
    let r = w.export(&["a.txt"], "ro/out", &[]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    let errs = r.errors();
    assert_eq!(errs.len(), 1, "{}", r.stderr);
    // the error names --out and its directory, never the hidden staging directory
    assert_eq!(
        errs[0],
        format!("error: ro/out: cannot create the new output in ro: {expected}; previous output left intact")
    );
    assert_intact(&w, "ro/out", &before);
    assert!(w.leftovers("ro").is_empty());
    // no previous output: none is claimed
    let r = w.export(&["a.txt"], "ro/new", &[]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    assert_eq!(
        r.errors(),
        [format!(
            "error: ro/new: cannot create the new output in ro: {expected}; no output written"
        )]
    );
    if _mount.is_none() {
        let mut p = std::fs::metadata(w.join("ro")).expect("ro").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut p, 0o755);
        let _ = std::fs::set_permissions(w.join("ro"), p);
    }
}

#[test]
fn disk_full_keeps_previous_output() {
    let w = Workdir::new();
    let fs = match Tmpfs::mount(&w.join("small"), "1m") {
        Ok(fs) => fs,
        Err(e) => {
            eprintln!("SKIPPED disk_full_keeps_previous_output: cannot mount a 1 MB tmpfs ({e})");
            return;
        }
    };
    w.write("a.txt", GOOD);
    let r = w.export(&["a.txt"], "small/out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let before = snapshot(&w.join("small/out"));
    // ~1.2 MB of text cannot fit (it is stored in CSV, JSON and Parquet)
    w.write("big.txt", normal_mb());
    let r = w.export(&["big.txt"], "small/out", &["--force"]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    let errs = r.errors();
    assert_eq!(errs.len(), 1, "{}", r.stderr);
    // `small/out: cannot write csv/articles.csv: No space …`: --out and the file's place in it
    assert!(
        errs[0].starts_with("error: small/out: cannot write ")
            && !errs[0].contains(".tmp-")
            && errs[0]
                .ends_with(": No space left on device (os error 28); previous output left intact"),
        "{}",
        errs[0]
    );
    assert_intact(&w, "small/out", &before);
    assert!(w.leftovers("small").is_empty());
    drop(fs);
}

#[test]
fn sigint_leaves_no_partial_output() {
    let w = Workdir::new();
    let before = previous_output(&w, "out");
    // enough articles for a few seconds of work
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(w.join("many.jsonl")).expect("create"));
    for i in 0..20_000 {
        let body: Vec<String> = (0..25)
            .map(|j| format!("Sentence {j} of article {i} says the minister met officials in Paris on Tuesday."))
            .collect();
        writeln!(f, "{{\"id\":\"a{i:05}\",\"text\":\"{}\"}}", body.join(" ")).expect("write");
    }
    drop(f);
    for (name, out, left) in [
        ("replace", "out", "previous output left intact"),
        ("fresh", "fresh", "no output written"),
    ] {
        let child = Command::new(BIN)
            .args(["export", "many.jsonl", "--out", out, "-q", "--threads", "1"])
            .arg("--force")
            .current_dir(w.path())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // wait until the staging directory exists, i.e. the export is under way
        let t = Instant::now();
        while w.leftovers(".").is_empty() && t.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(200));
        let killed = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        let o = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(130), "{name}: {stderr}");
        assert!(
            stderr
                .lines()
                .any(|l| l == format!("error: interrupted; {left}")),
            "{name}: {stderr}"
        );
        assert!(
            w.leftovers(".").is_empty(),
            "{name}: {:?}",
            w.leftovers(".")
        );
    }
    assert_intact(&w, "out", &before);
    assert!(!w.join("fresh").exists());
}

#[test]
fn all_articles_rejected_keeps_previous_output() {
    let w = Workdir::new();
    let before = previous_output(&w, "out");
    w.write("bad.jsonl", "{\"id\":\"a\"}\nnot json\n");
    let r = w.export(&["bad.jsonl"], "out", &["--force"]);
    assert_eq!(r.code(), 3);
    assert_eq!(r.errors().len(), 2);
    assert!(r.stderr.contains("0 articles, 2 skipped"));
    assert!(r.stderr.contains(
        "no article could be exported, output not written (previous output left intact)"
    ));
    // with no previous output, the summary does not claim one
    let r = w.export(&["bad.jsonl"], "fresh", &[]);
    assert_eq!(r.code(), 3);
    assert!(
        r.stderr
            .contains("no article could be exported, no output written")
            && !r.stderr.contains("intact"),
        "{}",
        r.stderr
    );
    assert!(!w.join("fresh").exists());
    assert_intact(&w, "out", &before);
    assert!(w.leftovers(".").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet safety

#[test]
fn csv_safe_neutralizes_formula_prefixes_and_default_keeps_data() {
    let w = Workdir::new();
    let line = |id: &str, title: &str| {
        serde_json::json!({"id": id, "text": format!("Article {id} text."), "title": title})
            .to_string()
    };
    let lines = [
        line("=1+1", "=HYPERLINK(\"http://evil.example\",\"click\")"),
        line("+cmd", "+SUM(A1)"),
        line("-2", "-2+3"),
        line("@at", "@SUM(A1:A2)"),
        line("plain", "\tTabbed"),
        line("cr", "\rCarriage"),
        line("ok", "A normal title"),
    ];
    w.write("f.jsonl", lines.join("\n"));
    let r = w.export(&["f.jsonl"], "raw", &["--format", "csv,json"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let r = w.export(
        &["f.jsonl"],
        "safe",
        &["--format", "csv,json", "--csv-safe"],
    );
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let cells = |out: &str| -> Vec<(String, String)> {
        let text = std::fs::read_to_string(w.join(out).join("csv/articles.csv")).expect("csv");
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        rd.records()
            .map(|r| {
                let r = r.expect("record");
                (r[0].to_string(), r[1].to_string())
            })
            .collect()
    };
    let raw = cells("raw");
    let safe = cells("safe");
    let want_raw: Vec<(String, String)> = [
        ("=1+1", "=HYPERLINK(\"http://evil.example\",\"click\")"),
        ("+cmd", "+SUM(A1)"),
        ("-2", "-2+3"),
        ("@at", "@SUM(A1:A2)"),
        ("plain", "\tTabbed"),
        ("cr", "\rCarriage"),
        ("ok", "A normal title"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let mut sorted_raw = raw.clone();
    sorted_raw.sort();
    let mut want_sorted = want_raw.clone();
    want_sorted.sort();
    assert_eq!(sorted_raw, want_sorted, "default CSV keeps the data as is");
    for (id, title) in &safe {
        let orig = want_raw
            .iter()
            .find(|(a, _)| format!("'{a}") == *id || a == id)
            .expect("row");
        let neut = |s: &str| {
            if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{s}")
            } else {
                s.to_string()
            }
        };
        assert_eq!(*id, neut(&orig.0));
        assert_eq!(*title, neut(&orig.1));
    }
    assert!(safe.iter().any(|(id, _)| id == "'=1+1"));
    // JSON is never altered
    let titles: HashSet<String> = w
        .table::<Article>("safe")
        .into_iter()
        .map(|r| r.title.unwrap_or_default())
        .collect();
    assert!(titles.contains("=HYPERLINK(\"http://evil.example\",\"click\")"));
}
