//! The writers: JSON Lines beside the JSON arrays, and `articles.duplicate_of` (near-duplicate
//! articles, `src/dedup.rs`) on invented wire stories.

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::tables::Article;
use crate::harness::{data_snapshot, invariants, Workdir};

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

/// An invented wire story (courts).
const STORY: &str = "A jury in Kessler County on Tuesday found former water district manager Dorian Achterberg guilty of diverting $2.3 million in public funds to a shell company he controlled, ending a three-week trial that drew residents to the courthouse every morning.
The verdict came after nine hours of deliberation. Achterberg, 58, showed no reaction as the clerk read the six counts of theft and two counts of falsifying records. Judge Helena Ruiz-Okafor set sentencing for March 14 and allowed him to remain free on bond.
Prosecutors said Achterberg approved invoices from Clearbrook Supply for pipe and valves that were never delivered, then moved the payments into accounts held by his brother-in-law. \"This was not a paperwork error, it was a plan,\" deputy district attorney Samuel Oyelaran told jurors in his closing argument.
Defense attorney Priya Vandermeer argued that the district's board had signed off on every purchase and that her client was being blamed for the failures of others. She said she would appeal.
The Kessler County Water District serves about 40,000 customers. Its board has since hired an outside auditor and adopted new rules requiring two signatures on any payment above $10,000.";

/// A different story on the same topic, a month later.
const FOLLOW_UP: &str = "Dorian Achterberg, the former Kessler County water district manager convicted of theft in January, was sentenced on Thursday to six years in state prison and ordered to repay the district $2.3 million.
Judge Helena Ruiz-Okafor rejected a request for probation, saying the scheme had lasted more than four years and had raised water bills for families who could least afford it. \"Every one of those invoices was a choice,\" she said from the bench.
Achterberg apologized to the district's customers in a brief statement and asked the court to consider his years of service. His attorney, Priya Vandermeer, said an appeal of the conviction had already been filed with the state court of appeals.
The district's new general manager, Lorena Baptiste, said the repayment order would be difficult to collect and that the board was pursuing a separate civil claim against Clearbrook Supply and its owners.";

/// An unrelated story (sports).
const MATCH: &str = "The Harbor City Gulls beat the Inland Rovers 3-1 on Saturday to move within two points of the league lead, with striker Tomasz Delacroix scoring twice in the second half.
Delacroix, who missed five weeks with a knee injury, opened the scoring in the 52nd minute with a low shot from the edge of the area and added a header from a corner twelve minutes later.
Rovers goalkeeper Anselm Kivuli kept his side in the match with a string of saves before the break. \"We gave them too much space after halftime,\" Rovers coach Marguerite Oduya said.
The Gulls host the league leaders, Northgate Athletic, next Sunday.";

/// The story as a syndication partner printed it: its own byline, a longer dateline.
fn copy_with_byline(story: &str) -> String {
    format!(
        "By Tamsin Wexley, Northwire Staff\nMARLOW FALLS, Oregon (Northwire) — {story}\nCopyright Northwire Media Group."
    )
}

fn record(id: &str, text: &str) -> String {
    let mut s = serde_json::json!({"id": id, "text": text, "published": "2024-01-16"}).to_string();
    s.push('\n');
    s
}

/// The articles of the duplicate tests: (id, text). The copy `wire-a` has the smallest id of
/// the story's three versions, so it is the one the others point to, although the input lists
/// it last.
fn wire_articles() -> Vec<(&'static str, String)> {
    vec![
        ("wire-c", format!("MARLOW FALLS, Ore. — {STORY}")),
        ("wire-b", copy_with_byline(STORY)),
        ("wire-followup", FOLLOW_UP.to_string()),
        ("sports-1", MATCH.to_string()),
        ("sports-2", format!("{MATCH}\nReporting by Ilse Marchetti.")),
        ("wire-a", STORY.to_string()),
    ]
}

fn duplicates(w: &Workdir, out: &str) -> BTreeMap<String, Option<String>> {
    w.table::<Article>(out)
        .into_iter()
        .map(|a| (a.article_id, a.duplicate_of))
        .collect()
}

#[test]
fn syndicated_copies_point_to_the_smallest_id_and_other_stories_do_not() {
    let w = Workdir::new();
    let input: String = wire_articles().iter().map(|(i, t)| record(i, t)).collect();
    let input = w.write("wire.jsonl", input);
    let o = w.export(&[input.to_str().unwrap()], "o", &[]);
    assert!(o.success(), "{}", o.stderr);
    let got = duplicates(&w, "o");
    let some = |s: &str| Some(s.to_string());
    let want: BTreeMap<String, Option<String>> = [
        ("sports-1", None),
        ("sports-2", some("sports-1")),
        ("wire-a", None),
        ("wire-b", some("wire-a")),
        ("wire-c", some("wire-a")),
        ("wire-followup", None),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(got, want);
    invariants::check(&w.dataset("o"));
    // the other formats carry the column too
    let csv = std::fs::read_to_string(w.join("o/csv/articles.csv")).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",duplicate_of"));
    assert!(csv.contains(",wire-a\r\n"));
}

#[test]
fn duplicates_do_not_depend_on_input_order_threads_or_batches() {
    let w = Workdir::new();
    let arts = wire_articles();
    let forward: String = arts.iter().map(|(i, t)| record(i, t)).collect();
    let backward: String = arts.iter().rev().map(|(i, t)| record(i, t)).collect();
    let mut sorted = arts.clone();
    sorted.sort();
    let sorted: String = sorted.iter().map(|(i, t)| record(i, t)).collect();
    let inputs = [
        w.write("forward.jsonl", forward),
        w.write("backward.jsonl", backward),
        w.write("sorted.jsonl", sorted),
    ];
    let mut snaps = Vec::new();
    for (n, input) in inputs.iter().enumerate() {
        for (threads, batch) in [("1", "256"), ("2", "1"), ("2", "2")] {
            let out = format!("o{n}-{threads}-{batch}");
            let o = w.export(
                &[input.to_str().unwrap()],
                &out,
                &["--threads", threads, "--batch", batch],
            );
            assert!(o.success(), "{}", o.stderr);
            snaps.push((out.clone(), data_snapshot(&w.join(&out))));
        }
    }
    for (name, s) in &snaps[1..] {
        assert!(s == &snaps[0].1, "{name} differs from {}", snaps[0].0);
    }
    assert_eq!(
        duplicates(&w, &snaps[0].0)
            .values()
            .filter(|d| d.is_some())
            .count(),
        3
    );
}

#[test]
fn a_shard_marks_only_copies_of_its_own_articles() {
    // many copies, so that some pairs fall into one shard and some across shards
    let w = Workdir::new();
    let mut input = String::new();
    for i in 0..24 {
        let text = match i % 3 {
            0 => format!("MARLOW FALLS, Ore. — {STORY}"),
            1 => copy_with_byline(STORY),
            _ => format!("{MATCH}\nEdition {i}."),
        };
        input.push_str(&record(&format!("n{i:02}"), &text));
    }
    let input = w.write("many.jsonl", input);
    let input = input.to_str().unwrap();
    assert!(w.export(&[input], "single", &[]).success());
    let single = duplicates(&w, "single");
    assert_eq!(single["n00"], None);
    assert_eq!(single["n02"], None);
    assert_eq!(single.values().filter(|d| d.is_some()).count(), 22);
    let mut seen = 0;
    for i in 1..=3 {
        let out = format!("shard{i}");
        assert!(w
            .export(&[input], &out, &["--shard", &format!("{i}/3")])
            .success());
        let shard = duplicates(&w, &out);
        seen += shard.len();
        for (id, dup) in &shard {
            // within the shard: the smallest id of the shard's copies of the same story
            let story = |x: &str| {
                let n: usize = x[1..].parse().unwrap();
                n % 3 == 2
            };
            let first = shard
                .keys()
                .find(|k| story(k) == story(id))
                .expect("the article itself");
            let want = (first != id).then(|| first.clone());
            assert_eq!(dup, &want, "{out}: {id}");
        }
    }
    assert_eq!(seen, 24);
}

#[test]
fn a_thousand_copies_all_point_to_the_first() {
    // the same wire story in every feed: each copy costs a bounded number of comparisons
    let w = Workdir::new();
    let mut input = String::new();
    for i in (0..1000).rev() {
        input.push_str(&record(&format!("feed-{i:04}"), &copy_with_byline(STORY)));
    }
    let input = w.write("feeds.jsonl", input);
    let o = w.export(&[input.to_str().unwrap()], "o", &["--format", "json"]);
    assert!(o.success(), "{}", o.stderr);
    let got = duplicates(&w, "o");
    assert_eq!(got.len(), 1000);
    assert_eq!(got["feed-0000"], None);
    for (id, dup) in &got {
        if id != "feed-0000" {
            assert_eq!(dup.as_deref(), Some("feed-0000"), "{id}");
        }
    }
}
