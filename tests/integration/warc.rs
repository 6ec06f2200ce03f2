//! WARC input end to end: the built binary on small WARC files the tests write themselves
//! (plain, one gzip member per record as CC-NEWS writes them, and one member for the whole
//! file), read back as typed rows and checked against the dataset invariants and against the
//! same pages given as `.html` files.

use std::io::Write;

use crate::harness::tables::{Article, Dataset};
use crate::harness::{data_snapshot, invariants, Workdir};

/// Three invented news pages: (record uuid, URL, HTML).
fn pages() -> Vec<(&'static str, &'static str, String)> {
    let page = |title: &str, date: &str, paras: &[&str]| {
        let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} - Valley Courier</title>\n\
             <meta property=\"og:site_name\" content=\"Valley Courier\">\n\
             <meta property=\"article:published_time\" content=\"{date}T09:00:00Z\">\n\
             <link rel=\"canonical\" href=\"https://courier.example/canonical/{date}\"></head>\n\
             <body><nav><a href=\"/\">Home</a> <a href=\"/sport\">Sport</a></nav>\n\
             <article><h1>{title}</h1>\n{body}</article>\n\
             <footer>Copyright Valley Courier. All rights reserved.</footer></body></html>\n"
        )
    };
    vec![
        (
            "5c1d3e2a-0001-4a7b-9c1e-1a2b3c4d5e01",
            "https://courier.example/sport/harriers-win",
            page(
                "Harriers win the regional final",
                "2024-04-12",
                &[
                    "The Dunmore Harriers beat the Kelby Rovers 3-1 in the regional final on Saturday, coach Mara Velden said.",
                    "\u{201c}We played with patience and it paid off,\u{201d} Velden told reporters after the match in Dunmore.",
                    "The Harriers will meet the winner of the northern league in the national semi-final next month.",
                ],
            ),
        ),
        (
            "5c1d3e2a-0002-4a7b-9c1e-1a2b3c4d5e02",
            "https://courier.example/business/mill-expands",
            page(
                "Textile mill to hire 200 workers",
                "2024-04-15",
                &[
                    "Orvane Textiles will open a second mill in Brackwater and hire 200 workers, chief executive Tomas Relling announced on Monday.",
                    "Relling said the company had signed a ten-year lease with the Brackwater Port Authority.",
                    "Local union leader Ines Carrow welcomed the plan but said wages would be watched closely.",
                ],
            ),
        ),
        (
            "5c1d3e2a-0003-4a7b-9c1e-1a2b3c4d5e03",
            "https://courier.example/health/clinic-opens",
            page(
                "New clinic opens in Feldham",
                "2024-04-18",
                &[
                    "A community health clinic opened in Feldham on Thursday, the regional health board said.",
                    "Dr. Anika Sorell, who will lead the clinic, said it would offer vaccinations and dental care.",
                    "\u{201c}Families here have waited a long time for this,\u{201d} Sorell said.",
                ],
            ),
        ),
    ]
}

/// One WARC record.
fn record(kind: &str, uuid: &str, uri: &str, date: &str, content: &[u8]) -> Vec<u8> {
    let mut v = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{uuid}>\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    v.extend_from_slice(content);
    v.extend_from_slice(b"\r\n\r\n");
    v
}

fn http(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut v = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for h in headers {
        v.extend_from_slice(h.as_bytes());
        v.extend_from_slice(b"\r\n");
    }
    v.extend_from_slice(b"\r\n");
    v.extend_from_slice(body);
    v
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

/// The records of a small crawl: warcinfo, then per page a request, its response (the first
/// gzip-compressed, the second chunked) and a metadata record.
fn crawl() -> Vec<Vec<u8>> {
    let mut records = vec![record(
        "warcinfo",
        "5c1d3e2a-0000-4a7b-9c1e-000000000000",
        "",
        "2024-04-19T00:00:00Z",
        b"software: newsfacts-test\r\nformat: WARC File Format 1.0\r\n",
    )];
    for (i, (uuid, uri, html)) in pages().into_iter().enumerate() {
        let date = format!("2024-04-{}T10:11:12Z", 19 + i);
        let request = b"GET / HTTP/1.1\r\nHost: courier.example\r\n\r\n";
        records.push(record("request", &format!("{uuid}-q"), uri, &date, request));
        let ct = "Content-Type: text/html; charset=UTF-8";
        let content = match i {
            0 => http(
                "200 OK",
                &[ct, "Content-Encoding: gzip"],
                &gz(html.as_bytes()),
            ),
            1 => {
                let bytes = html.as_bytes();
                let mut chunked = Vec::new();
                for part in bytes.chunks(100) {
                    chunked.extend(format!("{:x}\r\n", part.len()).bytes());
                    chunked.extend_from_slice(part);
                    chunked.extend_from_slice(b"\r\n");
                }
                chunked.extend_from_slice(b"0\r\n\r\n");
                http("200 OK", &[ct, "Transfer-Encoding: chunked"], &chunked)
            }
            _ => http("200 OK", &[ct], html.as_bytes()),
        };
        records.push(record("response", uuid, uri, &date, &content));
        records.push(record(
            "metadata",
            &format!("{uuid}-m"),
            uri,
            &date,
            b"fetchTimeMs: 120\r\n",
        ));
    }
    records
}

fn export_ok(w: &Workdir, input: &str, out: &str) -> Dataset {
    let r = w.export(&[input], out, &["--threads", "2"]);
    assert_eq!(r.code(), 0, "{input}: {}", r.stderr);
    assert!(r.errors().is_empty(), "{}", r.stderr);
    let d = w.dataset(out);
    invariants::check(&d);
    d
}

#[test]
fn warc_plain_per_record_gzip_and_whole_gzip_give_the_same_dataset() {
    let w = Workdir::new();
    let records = crawl();
    w.write("plain.warc", records.concat());
    w.write(
        "cc.warc.gz",
        records.iter().flat_map(|r| gz(r)).collect::<Vec<u8>>(),
    );
    w.write("whole.warc.gz", gz(&records.concat()));
    let d = export_ok(&w, "plain.warc", "o-plain");
    let arts: Vec<&Article> = d.articles.iter().collect();
    assert_eq!(arts.len(), 3);
    let ids: Vec<&str> = arts.iter().map(|a| a.article_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "urn:uuid:5c1d3e2a-0001-4a7b-9c1e-1a2b3c4d5e01",
            "urn:uuid:5c1d3e2a-0002-4a7b-9c1e-1a2b3c4d5e02",
            "urn:uuid:5c1d3e2a-0003-4a7b-9c1e-1a2b3c4d5e03"
        ]
    );
    let a = arts[1];
    // the URL fetched, not the page's canonical link; the crawl date is not the publication date
    assert_eq!(
        a.url.as_deref(),
        Some("https://courier.example/business/mill-expands")
    );
    assert_eq!(a.crawl_date.as_deref(), Some("2024-04-20"));
    assert_eq!(a.published.as_deref(), Some("2024-04-15"));
    assert_eq!(a.title.as_deref(), Some("Textile mill to hire 200 workers"));
    assert_eq!(a.source.as_deref(), Some("Valley Courier"));
    assert!(
        a.text
            .starts_with("Orvane Textiles will open a second mill"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("All rights reserved"));
    assert!(
        d.people.iter().any(|p| p.name == "Tomas Relling"),
        "{:?}",
        d.people
    );
    assert!(d.quotes.iter().any(|q| q.article_id.ends_with("e03")));
    // the three framings of the same records give byte-identical output
    export_ok(&w, "cc.warc.gz", "o-cc");
    export_ok(&w, "whole.warc.gz", "o-whole");
    let plain = data_snapshot(&w.join("o-plain"));
    assert_eq!(plain, data_snapshot(&w.join("o-cc")));
    assert_eq!(plain, data_snapshot(&w.join("o-whole")));
}

#[test]
fn warc_pages_extract_like_the_same_html_files() {
    let w = Workdir::new();
    w.write(
        "crawl/cc.warc.gz",
        crawl().iter().flat_map(|r| gz(r)).collect::<Vec<u8>>(),
    );
    for (uuid, _, html) in pages() {
        w.write(&format!("html/{uuid}.html"), html);
    }
    // a directory walk finds the WARC file
    let warc = export_ok(&w, "crawl", "o-warc");
    let html = export_ok(&w, "html", "o-html");
    assert_eq!(warc.articles.len(), 3);
    for (a, b) in warc.articles.iter().zip(&html.articles) {
        assert_eq!(a.article_id, format!("urn:uuid:{}", b.article_id));
        assert_eq!(
            (&a.text, &a.title, &a.published),
            (&b.text, &b.title, &b.published)
        );
        assert_eq!(b.crawl_date, None);
        assert!(b.url.as_deref().is_some_and(|u| u.contains("/canonical/")));
    }
    let names = |d: &Dataset| d.people.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&warc), names(&html));
    assert_eq!(warc.events.len(), html.events.len());
    assert_eq!(warc.quotes.len(), html.quotes.len());
}

#[test]
fn warc_damage_is_reported_by_file_and_offset_and_the_rest_is_read() {
    let w = Workdir::new();
    let mut members: Vec<Vec<u8>> = crawl().iter().map(|r| gz(r)).collect();
    // members: 0 warcinfo, then (request, response, metadata) per page; damage page 2's response
    let damaged = 5;
    let at: usize = members[..damaged].iter().map(Vec::len).sum();
    let mid = members[damaged].len() / 2;
    members[damaged][mid] ^= 0x5a;
    // a brotli page and a redirect, added at the end: 12 records, whose headers all read (the
    // damage is in the middle of its member, past the record header)
    let br = http(
        "200 OK",
        &["Content-Type: text/html", "Content-Encoding: br"],
        b"\x0b\x02\x80",
    );
    members.push(gz(&record(
        "response",
        "b-1",
        "https://courier.example/br",
        "2024-04-22T00:00:00Z",
        &br,
    )));
    let moved = http(
        "301 Moved Permanently",
        &["Location: https://courier.example/"],
        b"",
    );
    members.push(gz(&record(
        "response",
        "r-1",
        "https://courier.example/old",
        "2024-04-22T00:00:00Z",
        &moved,
    )));
    w.write("cc.warc.gz", members.concat());
    let r = w.export(&["cc.warc.gz"], "out", &[]);
    assert_eq!(r.code(), 1, "{}", r.stderr);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(
        errors[0].starts_with(&format!("error: cc.warc.gz (byte {at}): ")),
        "{}",
        r.stderr
    );
    let warnings: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    let brotli = format!(
        "warning: cc.warc.gz (byte {}): article \"urn:uuid:b-1\": HTTP body uses the \"br\" encoding, which newsfacts does not decode; record skipped",
        members[..members.len() - 2].iter().map(Vec::len).sum::<usize>()
    );
    assert_eq!(
        warnings,
        [
            brotli.as_str(),
            "warning: cc.warc.gz: 12 WARC records read, 2 articles; skipped: 1 warcinfo, 3 request, 3 metadata, 1 HTTP status other than 200, 1 undecodable content coding; records 1 with errors",
        ],
        "{}",
        r.stderr
    );
    let d = w.dataset("out");
    invariants::check(&d);
    let ids: Vec<&str> = d.articles.iter().map(|a| a.article_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "urn:uuid:5c1d3e2a-0001-4a7b-9c1e-1a2b3c4d5e01",
            "urn:uuid:5c1d3e2a-0003-4a7b-9c1e-1a2b3c4d5e03"
        ]
    );
}

#[test]
fn warc_pages_in_legacy_charsets_are_transcoded() {
    let w = Workdir::new();
    let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><title>Caf\u{e9} owners fined</title></head><body><article><p>The owners of the Caf\u{e9} Lindqvist in Ostrava were fined on Friday, the municipal court said. \u{201c}We will appeal,\u{201d} owner Pavel Brescu said after the hearing.</p></article></body></html>";
    let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(html);
    assert!(!lossy);
    // declared in the page only; the same bytes declared by HTTP as ISO-8859-1 (= windows-1252)
    let content = http("200 OK", &["Content-Type: text/html"], &cp1252);
    let content2 = http(
        "200 OK",
        &["Content-Type: text/html; charset=ISO-8859-1"],
        &cp1252,
    );
    let mut input = record(
        "response",
        "l-1",
        "https://tribune.example/1",
        "2024-05-01T08:00:00Z",
        &content,
    );
    input.extend(record(
        "response",
        "l-2",
        "https://tribune.example/2",
        "2024-05-01T08:00:00Z",
        &content2,
    ));
    w.write("legacy.warc", input);
    let d = export_ok(&w, "legacy.warc", "out");
    assert_eq!(d.articles.len(), 2);
    for a in &d.articles {
        assert_eq!(a.title.as_deref(), Some("Caf\u{e9} owners fined"));
        assert!(
            a.text.contains("\u{201c}We will appeal,\u{201d}"),
            "{}",
            a.text
        );
    }
}
