//! Input handling end to end: what a directory walk skips (and says it skipped), files that are
//! not text and files with many bad lines, the language of each article and what it means for
//! extraction, and the news-please and NewsAPI input formats. Every article here is invented.

use std::collections::BTreeMap;

use crate::harness::tables::Article;
use crate::harness::{invariants, Run, Workdir};

/// The `warning: ...` lines on stderr.
fn warnings(r: &Run) -> Vec<&str> {
    r.stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect()
}

/// One JSONL line of newsfacts' own format.
fn line(id: &str, text: &str, language: Option<&str>) -> String {
    let mut v = serde_json::json!({"id": id, "text": text});
    if let Some(l) = language {
        v["language"] = l.into();
    }
    format!("{v}\n")
}

/// Invented English articles, one per domain, each with a named speaker and an event.
const ENGLISH: &[(&str, &str)] = &[
    ("en-sports", "Harbor City beat the Redwood Rovers 3-1 on Saturday, and the win lifted them to the top of the table. \"We kept the ball well and they could not find a way through,\" said coach Tamsin Okafor, whose side had lost two of their previous three games."),
    ("en-business", "Shares of Brindle Foods fell 8 percent on Tuesday after the company said its quarterly profit would miss forecasts because of higher costs for grain. Chief executive Daniel Vorst told analysts that prices would rise again in the spring."),
    ("en-courts", "A federal judge on Monday blocked the state from enforcing a new law that would have required voters to show two forms of identification. Judge Miriam Castellane wrote that the plaintiffs were likely to succeed with their claim that the rule placed an undue burden on elderly voters."),
    ("en-health", "Health officials in Marlow County said on Friday that cases of measles had doubled since March, and they urged parents to check whether their children were vaccinated. \"This is preventable,\" said Dr. Ilse Brandvold, the county health director."),
    ("en-disaster", "The flood waters began to recede on Thursday, but thousands of residents were still unable to return to their homes in the Tavish valley. Rescue teams said they had found two more bodies, which brought the death toll from the storm to eleven, according to Mayor Oren Pelletier."),
];

/// Invented German, Spanish and French articles, with the language each is in.
const OTHER: &[(&str, &str, &str)] = &[
    ("de-sports", "de", "Der FC Nordtal hat am Samstag das Spitzenspiel gegen Grünhausen mit 2:1 gewonnen. Trainer Anselm Wirbach sagte nach dem Spiel, seine Mannschaft habe in der zweiten Halbzeit endlich den Mut gefunden, der ihr zuletzt gefehlt habe. Die Gäste waren zunächst durch einen Kopfball in Führung gegangen."),
    ("de-courts", "de", "Das Landgericht hat den früheren Geschäftsführer einer Baufirma wegen Betrugs zu drei Jahren Haft verurteilt. Nach Überzeugung der Richter hatte der Angeklagte über Jahre Rechnungen gefälscht und dabei mehr als eine Million Euro erschlichen. Die Verteidigung kündigte an, in Revision zu gehen."),
    ("es-business", "es", "La empresa de telecomunicaciones Veloxa anunció el martes la compra de su rival Ondanet por 1.200 millones de euros. El consejero delegado, Martín Olarreta, afirmó que la operación permitirá ampliar la red de fibra óptica en las zonas rurales del país durante los próximos dos años."),
    ("es-disaster", "es", "Las lluvias torrenciales provocaron el desbordamiento del río en la madrugada del jueves y obligaron a evacuar a más de tres mil vecinos. Los servicios de emergencia informaron de dos personas desaparecidas y de numerosos daños en carreteras y puentes de la comarca."),
    ("fr-health", "fr", "Le ministère de la Santé a annoncé lundi une nouvelle campagne de vaccination contre la grippe pour les personnes âgées de plus de soixante-cinq ans. Selon la directrice de l'agence régionale, Hélène Varambon, les pharmacies pourront administrer les doses dès la semaine prochaine."),
    ("fr-courts", "fr", "La cour d'appel a confirmé jeudi la condamnation de l'ancien maire pour prise illégale d'intérêts. Il avait attribué plusieurs marchés publics à une société dirigée par son beau-frère. Son avocat a déclaré qu'il envisageait de se pourvoir en cassation."),
];

/// Rows per article id in every table but `articles`.
fn rows_per_article(w: &Workdir, out: &str) -> BTreeMap<String, usize> {
    let mut n = BTreeMap::new();
    for (table, records) in w.dataset(out).records() {
        if table == "articles" {
            continue;
        }
        for r in records {
            let id = r["article_id"].as_str().unwrap().to_string();
            *n.entry(id).or_insert(0) += 1;
        }
    }
    n
}

fn articles(w: &Workdir, out: &str) -> BTreeMap<String, Article> {
    w.table::<Article>(out)
        .into_iter()
        .map(|a| (a.article_id.clone(), a))
        .collect()
}

#[test]
fn non_english_articles_are_exported_without_extraction() {
    let w = Workdir::new();
    let mut jsonl = String::new();
    for (id, text) in ENGLISH {
        jsonl.push_str(&line(id, text, None));
    }
    for (id, _, text) in OTHER {
        // declared English, wrongly: the text decides
        jsonl.push_str(&line(id, text, Some("en")));
    }
    w.write("mixed.jsonl", &jsonl);
    let r = w.export(&["mixed.jsonl"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    invariants::check(&w.dataset("out"));
    let a = articles(&w, "out");
    assert_eq!(a.len(), ENGLISH.len() + OTHER.len());
    let rows = rows_per_article(&w, "out");
    for (id, _) in ENGLISH {
        let art = &a[*id];
        assert_eq!(
            (art.language.as_str(), art.language_basis.as_str()),
            ("en", "detected")
        );
        assert!(rows.get(*id).copied().unwrap_or(0) > 0, "{id}: no rows");
    }
    let mut expected_warnings = Vec::new();
    for (i, (id, lang, _)) in OTHER.iter().enumerate() {
        let art = &a[*id];
        assert_eq!(
            (art.language.as_str(), art.language_basis.as_str()),
            (*lang, "detected"),
            "{id}"
        );
        assert_eq!(art.declared_language.as_deref(), Some("en"));
        assert_eq!(rows.get(*id), None, "{id}: rows of a non-English article");
        expected_warnings.push(format!(
            "warning: mixed.jsonl:{}: article \"{id}\": language {lang} (detected): exported without entities, quotes or events (--all-languages extracts them anyway)",
            ENGLISH.len() + i + 1
        ));
    }
    assert_eq!(warnings(&r), expected_warnings);

    // --all-languages: every article extracted, no warning; the English ones' rows unchanged
    let r = w.export(&["mixed.jsonl"], "all", &["--all-languages"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(warnings(&r).is_empty(), "{}", r.stderr);
    let all_rows = rows_per_article(&w, "all");
    assert!(OTHER.iter().any(|(id, _, _)| all_rows.contains_key(*id)));
    for (id, _) in ENGLISH {
        assert_eq!(all_rows.get(*id), rows.get(*id), "{id}");
    }
    let english = |d: crate::harness::tables::Dataset| {
        let mut d = d;
        d.people.retain(|p| p.article_id.starts_with("en-"));
        d.quotes.retain(|q| q.article_id.starts_with("en-"));
        d.events.retain(|e| e.article_id.starts_with("en-"));
        (d.people, d.quotes, d.events)
    };
    assert_eq!(english(w.dataset("out")), english(w.dataset("all")));
}

#[test]
fn short_articles_take_the_declared_language_else_english_is_assumed() {
    let w = Workdir::new();
    let jsonl = [
        line(
            "de-short",
            "Die Regierung hat am Montag neue Regeln für den Wohnungsbau beschlossen.",
            Some("de-AT"),
        ),
        line(
            "es-short",
            "El alcalde inauguró ayer el nuevo puente sobre el río.",
            None,
        ),
        line(
            "fr-short",
            "Le gouvernement a présenté mercredi son projet de budget.",
            Some("fre"),
        ),
        line(
            "en-short",
            "The council approved the budget on Tuesday.",
            None,
        ),
    ]
    .concat();
    w.write("short.jsonl", jsonl);
    let r = w.export(&["short.jsonl"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let a = articles(&w, "out");
    let got: Vec<(&str, &str, Option<&str>)> = ["de-short", "es-short", "fr-short", "en-short"]
        .iter()
        .map(|id| {
            let x = &a[*id];
            (
                x.language.as_str(),
                x.language_basis.as_str(),
                x.declared_language.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("de", "declared", Some("de-AT")),
            // too short to tell and nothing declared: English, and the column says so
            ("en", "assumed", None),
            ("fr", "declared", Some("fre")),
            ("en", "assumed", None),
        ]
    );
    assert_eq!(warnings(&r).len(), 2, "{}", r.stderr);
    assert!(warnings(&r)[0].contains("article \"de-short\": language de (declared)"));
}

#[test]
fn language_warnings_past_twenty_are_counted_unless_verbose() {
    let w = Workdir::new();
    let (_, _, text) = OTHER[0];
    let jsonl: String = (0..25)
        .map(|i| line(&format!("de{i:02}"), text, None))
        .collect();
    w.write("de.jsonl", jsonl);
    let r = w.export(&["de.jsonl"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let ws = warnings(&r);
    assert_eq!(ws.len(), 21, "{}", r.stderr);
    assert_eq!(
        ws[20],
        "warning: 5 more articles not in English exported without entities, quotes or events (-v lists each)"
    );
    let r = w.export(&["de.jsonl"], "out2", &["-v"]);
    assert_eq!(warnings(&r).len(), 25, "{}", r.stderr);
}

#[test]
fn directory_walks_count_skipped_files_and_list_them_with_verbose() {
    let w = Workdir::new();
    w.write("in/a.txt", ENGLISH[0].1);
    w.write("in/a.meta.json", "{\"title\": \"Cup win\"}");
    w.write("in/orphan.meta.json", "{\"title\": \"No text\"}");
    w.write("in/scan.pdf", "%PDF-1.4");
    w.write("in/sub/table.csv", "a,b\n1,2\n");
    w.write("in/sub/b.jsonl", line("b", ENGLISH[1].1, None));
    let r = w.export(&["in"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(
        warnings(&r),
        ["warning: in: 3 files skipped: not an input (.txt, .jsonl[.gz], .ndjson[.gz], .json, .html[.gz], .htm[.gz], .warc[.gz]) (-v lists them)"]
    );
    assert_eq!(articles(&w, "out").len(), 2);
    let r = w.export(&["in"], "out", &["-v"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(
        warnings(&r)[1..],
        [
            "warning: in/orphan.meta.json: skipped: a .meta.json sidecar without its .txt",
            "warning: in/scan.pdf: skipped: not an input (.txt, .jsonl[.gz], .ndjson[.gz], .json, .html[.gz], .htm[.gz], .warc[.gz])",
            "warning: in/sub/table.csv: skipped: not an input (.txt, .jsonl[.gz], .ndjson[.gz], .json, .html[.gz], .htm[.gz], .warc[.gz])",
        ]
    );
    // a walk does not read a newsfacts output back, and says so
    let r = w.export(&["."], "out2", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(articles(&w, "out2").len(), 2);
    let r = w.export(&["."], "out3", &["-v"]);
    let ws = warnings(&r);
    assert!(
        ws.contains(&"warning: ./out: skipped: a newsfacts output directory"),
        "{ws:?}"
    );
    assert!(
        ws.contains(&"warning: ./out2: skipped: a newsfacts output directory"),
        "{ws:?}"
    );
}

/// Deterministic bytes that look like compressed data, with a newline now and then.
fn binary(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if i % 97 == 0 {
                b'\n'
            } else {
                (x >> 32) as u8
            }
        })
        .collect()
}

#[test]
fn a_binary_file_named_jsonl_is_one_error() {
    let w = Workdir::new();
    w.write("junk.jsonl", binary(200_000));
    w.write("good.jsonl", line("good", ENGLISH[2].1, None));
    let r = w.export(&["junk.jsonl", "good.jsonl"], "out", &[]);
    assert_ne!(r.code(), 0, "{}", r.stderr);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(
        errors[0].starts_with("error: junk.jsonl:1 (byte 0): not a text file: "),
        "{}",
        errors[0]
    );
    assert!(errors[0].ends_with(" of the first 4096 bytes are NUL or invalid UTF-8 (binary data, or text in another encoding than UTF-8); file skipped"));
    assert_eq!(articles(&w, "out").len(), 1);
    // the same bytes as .json
    w.write("junk.json", binary(200_000));
    let r = w.export(&["junk.json", "good.jsonl"], "out2", &[]);
    assert_eq!(r.errors().len(), 1, "{}", r.stderr);
    assert!(r.errors()[0].starts_with("error: junk.json (byte 0): not a text file: "));
}

#[test]
fn repeated_errors_of_a_file_are_capped() {
    let w = Workdir::new();
    let mut jsonl = line("ok", ENGLISH[3].1, None);
    for i in 0..50 {
        jsonl.push_str(&format!("{{\"id\": \"bad{i}\", \"txt\": \"typo\"}}\n"));
    }
    w.write("typos.jsonl", jsonl);
    let r = w.export(&["typos.jsonl"], "out", &[]);
    assert_ne!(r.code(), 0);
    let errors = r.errors();
    assert_eq!(errors.len(), 21, "{}", r.stderr);
    assert_eq!(
        errors[0],
        "error: typos.jsonl:2: article \"bad0\": missing `text`"
    );
    assert_eq!(
        errors[19],
        "error: typos.jsonl:21: article \"bad19\": missing `text`"
    );
    assert_eq!(
        errors[20],
        "error: typos.jsonl: 30 more errors in this file not shown (-v shows every error)"
    );
    // all 50 are counted as skipped
    assert!(r.stderr.contains("1 articles, 50 skipped"), "{}", r.stderr);
    let r = w.export(&["typos.jsonl"], "out", &["-v"]);
    assert_eq!(r.errors().len(), 50, "{}", r.stderr);
}

#[test]
fn news_please_files_and_lines_are_read() {
    let w = Workdir::new();
    let article = |url: &str, title: &str, text: &str, date: &str| {
        serde_json::json!({
            "authors": ["Mara Quell"], "date_download": "2021-03-05 09:00:00",
            "date_modify": null, "date_publish": date, "description": "Summary.",
            "filename": "x.json", "image_url": null, "language": "en", "localpath": null,
            "maintext": text, "source_domain": "news.example.org", "title": title,
            "title_page": null, "title_rss": null, "url": url,
        })
    };
    let a = article(
        "https://news.example.org/2021/03/harbor-fire",
        "Harbor fire",
        ENGLISH[4].1,
        "2021-03-04 18:30:00",
    );
    w.write(
        "np/harbor-fire.json",
        serde_json::to_string_pretty(&a).unwrap(),
    );
    let b = article(
        "https://news.example.org/cup",
        "Cup",
        ENGLISH[0].1,
        "2021-03-06 10:00:00",
    );
    w.write("np/dump.jsonl", format!("{b}\n"));
    let r = w.export(&["np"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(warnings(&r).is_empty(), "{}", r.stderr);
    invariants::check(&w.dataset("out"));
    let got = articles(&w, "out");
    let id = newsfacts::ingest::url_id("https://news.example.org/2021/03/harbor-fire");
    let fire = &got[&id];
    assert_eq!(fire.title.as_deref(), Some("Harbor fire"));
    assert_eq!(fire.source.as_deref(), Some("news.example.org"));
    assert_eq!(fire.authors.as_deref(), Some("Mara Quell"));
    assert_eq!(fire.published.as_deref(), Some("2021-03-04"));
    assert_eq!(
        fire.url.as_deref(),
        Some("https://news.example.org/2021/03/harbor-fire")
    );
    assert!(got.contains_key(&newsfacts::ingest::url_id("https://news.example.org/cup")));
    // the same article twice (same URL): the id repeats and the copy is reported
    w.write("np2/a.json", serde_json::to_string(&a).unwrap());
    w.write("np2/b.jsonl", format!("{a}\n"));
    let r = w.export(&["np2"], "out2", &[]);
    assert_ne!(r.code(), 0);
    assert!(
        r.errors()[0].contains("duplicate article id"),
        "{}",
        r.stderr
    );
}

#[test]
fn newsapi_responses_are_read_and_cut_content_is_flagged() {
    let w = Workdir::new();
    let cut = "Health officials in Marlow County said on Friday that cases of measles had doubled since March, and they urged parents to check whether their children were vaccinated. Most of the new… [+2311 chars]";
    let response = serde_json::json!({
        "status": "ok", "totalResults": 2,
        "articles": [
            {"source": {"id": null, "name": "Example Wire"}, "author": "Ben Quorra",
             "title": "Measles cases double", "description": "d",
             "url": "https://wire.example/measles", "urlToImage": null,
             "publishedAt": "2024-02-03T08:00:00Z", "content": cut},
            {"source": {"id": "ew", "name": "Example Wire"}, "author": null,
             "title": "Flood recedes", "description": null,
             "url": "https://wire.example/flood", "urlToImage": null,
             "publishedAt": "2024-02-04T09:00:00Z", "content": ENGLISH[4].1},
        ]
    });
    w.write("top.json", serde_json::to_string_pretty(&response).unwrap());
    let r = w.export(&["top.json"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let ws = warnings(&r);
    assert_eq!(ws.len(), 1, "{}", r.stderr);
    assert!(ws[0].starts_with("warning: top.json:"), "{}", ws[0]);
    assert!(ws[0].ends_with(": 1 article (from this line on) with NewsAPI `content` cut at 200 characters; the `[+N chars]` marker is removed, the rest of the article is missing"));
    let got = articles(&w, "out");
    let m = &got[&newsfacts::ingest::url_id("https://wire.example/measles")];
    assert!(m.text.ends_with("Most of the new…"), "{}", m.text);
    assert_eq!(m.source.as_deref(), Some("Example Wire"));
    assert_eq!(m.authors.as_deref(), Some("Ben Quorra"));
    assert_eq!(m.published.as_deref(), Some("2024-02-03"));
    let f = &got[&newsfacts::ingest::url_id("https://wire.example/flood")];
    assert_eq!(f.authors, None);
    assert_eq!(f.text, ENGLISH[4].1);
    invariants::check(&w.dataset("out"));

    // other JSON in a walked folder is skipped with a warning; named, it is an error
    w.write("dir/top.json", serde_json::to_string(&response).unwrap());
    w.write(
        "dir/ground-truth.json",
        "{\"p1\": {\"articleBody\": \"x\", \"url\": \"u\"}}",
    );
    let r = w.export(&["dir"], "out2", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(
        warnings(&r).iter().any(|l| l
            .starts_with("warning: dir/ground-truth.json: skipped: JSON that holds no article")),
        "{}",
        r.stderr
    );
    let r = w.export(&["dir/ground-truth.json"], "out3", &[]);
    assert_ne!(r.code(), 0);
    assert!(r.errors()[0].starts_with("error: dir/ground-truth.json: JSON that holds no article"));
    // a NewsAPI error response names its message
    w.write(
        "err.json",
        "{\"status\": \"error\", \"code\": \"rateLimited\", \"message\": \"Too many requests.\"}",
    );
    let r = w.export(&["err.json"], "out4", &[]);
    assert_eq!(
        r.errors(),
        ["error: err.json: NewsAPI error response: Too many requests."]
    );
}

#[test]
fn html_pages_take_their_date_from_any_json_ld_type() {
    let w = Workdir::new();
    let body: String = ENGLISH.iter().map(|(_, t)| format!("<p>{t}</p>")).collect();
    let page = format!(
        "<html lang=\"en\"><head><title>Check</title><script type=\"application/ld+json\">{{\"@context\": \"https://schema.org\", \"@type\": \"ClaimReview\", \"datePublished\": \"2022-06-01\", \"claimReviewed\": \"A claim\"}}</script></head><body><article>{body}</article></body></html>"
    );
    w.write("check.html", page);
    let r = w.export(&["check.html"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let a = &articles(&w, "out")["check"];
    assert_eq!(a.published.as_deref(), Some("2022-06-01"));
    assert_eq!(a.declared_language.as_deref(), Some("en"));
    assert_eq!(a.language_basis, "detected");
}

#[test]
fn unknown_fields_warn_with_file_line_and_field_in_jsonl_and_sidecars() {
    let w = Workdir::new();
    let (_, text) = ENGLISH[1];
    let jsonl = [
        format!(
            "{}\n",
            serde_json::json!({"id": "u1", "text": text, "publised": "2024-01-02"})
        ),
        format!(
            "{}\n",
            serde_json::json!({"id": "u2", "text": text, "publised": "2024-01-03", "outlet": "X"})
        ),
    ]
    .concat();
    w.write("in/typo.jsonl", jsonl);
    w.write("in/s.txt", text);
    w.write(
        "in/s.meta.json",
        "{\n  \"title\": \"T\",\n  \"titel\": \"typo\"\n}\n",
    );
    let r = w.export(&["in"], "out", &[]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(
        warnings(&r),
        [
            "warning: in/s.meta.json:3: unknown field `titel` ignored",
            "warning: in/typo.jsonl:1: unknown field `publised` ignored (here and on 1 more line)",
            "warning: in/typo.jsonl:2: unknown field `outlet` ignored",
        ]
    );
    let a = articles(&w, "out");
    assert_eq!(a["u1"].published, None);
    assert_eq!(a["s"].title.as_deref(), Some("T"));
}
