use super::*;
use std::io::Write;

/// An HTTP response with `headers` (one per line, without line ends) and `body`.
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

/// One WARC record of `kind` with `content`, its header fields written as WARC writers do.
fn record(kind: &str, id: &str, uri: &str, content: &[u8]) -> Vec<u8> {
    let mut v = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2024-03-05T06:07:08Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    v.extend_from_slice(content);
    v.extend_from_slice(b"\r\n\r\n");
    v
}

fn page(n: usize) -> Vec<u8> {
    format!("<html><head><title>Report {n}</title></head><body><article><p>The regional court in Tarvel ruled on Tuesday that the harbour authority must publish its accounts, report number {n}.</p></article></body></html>").into_bytes()
}

fn response(n: usize) -> Vec<u8> {
    let content = http(
        "200 OK",
        &["Content-Type: text/html; charset=utf-8"],
        &page(n),
    );
    record(
        "response",
        &format!("{n:04}"),
        &format!("https://news.example/{n}"),
        &content,
    )
}

/// `data` as one gzip member (the test helper of every WARC test module).
pub(super) fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Each record its own gzip member, as CC-NEWS writes them.
fn per_record(records: &[Vec<u8>]) -> Vec<u8> {
    records.iter().flat_map(|r| gz(r)).collect()
}

/// Reads `input`: one line per item (`ok ID URL DATE` or `error: …`), and the warnings.
fn read(input: &[u8], max_bytes: usize) -> (Vec<String>, Vec<String>, Stats) {
    let mut r = Reader::new(input, Path::new("t.warc"), max_bytes);
    let items = r
        .by_ref()
        .map(|item| match item {
            Ok(a) => format!(
                "ok {} {} {}",
                a.meta.id,
                a.meta.url.unwrap_or_default(),
                a.meta.crawl_date.map(|d| d.to_string()).unwrap_or_default()
            ),
            Err(e) => format!("error: {e}"),
        })
        .collect();
    let warnings = r.take_warnings().iter().map(|w| w.to_string()).collect();
    (items, warnings, r.stats().clone())
}

#[test]
fn response_records_become_articles_and_other_records_are_counted() {
    let mut input = record("warcinfo", "info", "", b"software: test\r\n");
    input.extend(record(
        "request",
        "q1",
        "https://news.example/1",
        b"GET /1 HTTP/1.1\r\n\r\n",
    ));
    input.extend(response(1));
    input.extend(record(
        "metadata",
        "m1",
        "https://news.example/1",
        b"fetchTimeMs: 5\r\n",
    ));
    input.extend(response(2));
    let (items, warnings, stats) = read(&input, 1 << 20);
    assert_eq!(
        items,
        [
            "ok urn:uuid:0001 https://news.example/1 2024-03-05",
            "ok urn:uuid:0002 https://news.example/2 2024-03-05"
        ]
    );
    assert_eq!(
        warnings,
        ["t.warc: 5 WARC records read, 2 articles; skipped: 1 warcinfo, 1 request, 1 metadata"]
    );
    assert_eq!((stats.records, stats.articles, stats.skipped()), (5, 2, 3));
    let mut r = Reader::new(&input[..], Path::new("t.warc"), 1 << 20);
    let first = r.find_map(Result::ok).unwrap();
    assert_eq!(first.kind, TextKind::Html);
    assert_eq!(first.text.as_bytes(), page(1));
}

#[test]
fn plain_per_record_gzip_whole_gzip_and_blocks_read_alike() {
    let records: Vec<Vec<u8>> = (1..=4).map(response).collect();
    let plain: Vec<u8> = records.concat();
    let expected = read(&plain, 1 << 20).0;
    assert_eq!(expected.len(), 4);
    assert_eq!(read(&per_record(&records), 1 << 20).0, expected);
    assert_eq!(read(&gz(&plain), 1 << 20).0, expected);
    // gzip members cut through records (as block-gzip tools write them), also inside the
    // `WARC/1.` line and the blank lines between records
    for size in [3, 5, 6, 7, 13, 97] {
        let blocks: Vec<u8> = plain.chunks(size).flat_map(gz).collect();
        assert_eq!(read(&blocks, 1 << 20).0, expected, "blocks of {size}");
    }
}

#[test]
fn non_200_non_html_and_non_http_responses_are_skipped_and_counted() {
    let redirect = http("301 Moved Permanently", &["Location: /x"], b"");
    let image = http("200 OK", &["Content-Type: image/jpeg"], b"\xff\xd8");
    let mut input = record("response", "r1", "https://a.example/", &redirect);
    input.extend(record("response", "r2", "https://a.example/p.jpg", &image));
    input.extend(record(
        "response",
        "r3",
        "dns:a.example",
        b"20240305 a.example. 300 IN A 10.0.0.1",
    ));
    // no Content-Type: the record's identified payload type decides
    let bare = http("200 OK", &[], &page(4));
    let rec = String::from_utf8(record("response", "r4", "https://a.example/4", &bare)).unwrap();
    let rec = rec.replace(
        "Content-Length",
        "WARC-Identified-Payload-Type: text/html\r\nContent-Length",
    );
    input.extend(rec.as_bytes());
    let (items, warnings, stats) = read(&input, 1 << 20);
    assert_eq!(items, ["ok urn:uuid:r4 https://a.example/4 2024-03-05"]);
    assert_eq!((stats.not_ok, stats.not_html, stats.not_http), (1, 1, 1));
    assert_eq!(
        warnings,
        ["t.warc: 4 WARC records read, 1 articles; skipped: 1 responses that are not HTTP, 1 HTTP status other than 200, 1 not HTML"]
    );
}

#[test]
fn bodies_are_dechunked_decompressed_and_transcoded() {
    let html = "<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\u{e9} owners in Brenmoor said \u{201c}we will reopen\u{201d}.</p></body></html>";
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(html);
    let z = gz(&cp1252);
    let mut chunked = format!("{:x}\r\n", z.len()).into_bytes();
    chunked.extend_from_slice(&z);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let content = http(
        "200 OK",
        &[
            "Content-Type: text/html",
            "Content-Encoding: gzip",
            "Transfer-Encoding: chunked",
        ],
        &chunked,
    );
    let input = record("response", "c1", "https://b.example/c", &content);
    let mut r = Reader::new(&input[..], Path::new("t.warc"), 1 << 20);
    let a = r.next().unwrap().unwrap();
    assert_eq!(a.text, html);
    assert!(r.next().is_none());
    assert!(r.take_warnings().is_empty(), "nothing skipped, no summary");
}

#[test]
fn brotli_is_skipped_with_a_warning_naming_the_record() {
    let content = http(
        "200 OK",
        &["Content-Type: text/html", "Content-Encoding: br"],
        b"\x1b\x00\x00",
    );
    let mut input = record("response", "b1", "https://c.example/", &content);
    input.extend(response(2));
    let (items, warnings, stats) = read(&input, 1 << 20);
    assert_eq!(
        items,
        ["ok urn:uuid:0002 https://news.example/2 2024-03-05"]
    );
    assert_eq!(stats.unsupported_coding, 1);
    assert_eq!(
        warnings,
        [
            "t.warc (byte 0): article \"urn:uuid:b1\": HTTP body uses the \"br\" encoding, which newsfacts does not decode; record skipped",
            "t.warc: 2 WARC records read, 1 articles; skipped: 1 undecodable content coding",
        ]
    );
}

#[test]
fn errors_name_the_record_offset_and_reading_goes_on() {
    let good = response(1);
    let mut input = good.clone();
    let second_at = input.len();
    // no Content-Length
    input.extend(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:x>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n");
    let third_at = input.len();
    input.extend(b"some junk line\r\nmore junk\r\n");
    input.extend(response(3));
    let (items, _, stats) = read(&input, 1 << 20);
    assert_eq!(
        items,
        [
            "ok urn:uuid:0001 https://news.example/1 2024-03-05".to_string(),
            format!("error: t.warc (byte {second_at}): WARC record header has no Content-Length"),
            "ok urn:uuid:0003 https://news.example/3 2024-03-05".to_string(),
        ]
    );
    assert_eq!(stats.errors, 1);
    // junk before the first record is reported once, at its offset
    let mut input = b"some junk line\r\nmore junk\r\n".to_vec();
    input.extend(response(3));
    let (items, _, _) = read(&input, 1 << 20);
    assert_eq!(
        items,
        [
            "error: t.warc (byte 0): skipped 27 bytes that are not a WARC record (no line starting with `WARC/1.`)",
            "ok urn:uuid:0003 https://news.example/3 2024-03-05",
        ]
    );
    // junk right after a record may as well be the rest of its content (a wrong
    // Content-Length): the record is not trusted
    let mut input = good.clone();
    input.extend(b"some junk line\r\nmore junk\r\n");
    input.extend(response(3));
    let (items, _, _) = read(&input, 1 << 20);
    assert_eq!(items.len(), 2);
    assert!(items[0]
        .starts_with("error: t.warc (byte 0): WARC record is not followed by the next record"));
    let _ = third_at;
}

#[test]
fn a_wrong_content_length_is_an_error_not_a_truncated_article() {
    let good = response(1);
    let text = String::from_utf8(good.clone()).unwrap();
    let len = http(
        "200 OK",
        &["Content-Type: text/html; charset=utf-8"],
        &page(1),
    )
    .len();
    let short = text.replace(
        &format!("Content-Length: {len}"),
        &format!("Content-Length: {}", len - 20),
    );
    let mut input = short.into_bytes();
    input.extend(response(2));
    let (items, _, _) = read(&input, 1 << 20);
    assert_eq!(
        items,
        [
            format!("error: t.warc (byte 0): WARC record is not followed by the next record: is its Content-Length {} wrong?", len - 20),
            "ok urn:uuid:0002 https://news.example/2 2024-03-05".to_string(),
        ]
    );
    // too long, in per-record gzip: the member ends first; the next member is read
    let long = text.replace(
        &format!("Content-Length: {len}"),
        &format!("Content-Length: {}", len + 500),
    );
    let input = per_record(&[long.into_bytes(), response(2)]);
    let (items, _, _) = read(&input, 1 << 20);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(
        items[0].starts_with("error: t.warc (byte 0): WARC record is cut off after"),
        "{items:?}"
    );
    assert_eq!(
        items[1],
        "ok urn:uuid:0002 https://news.example/2 2024-03-05"
    );
}

#[test]
fn a_damaged_gzip_member_is_skipped_to_the_next() {
    let (a, mut b, c) = (gz(&response(1)), gz(&response(2)), gz(&response(3)));
    let mid = b.len() / 2;
    b[mid] ^= 0x55;
    let at = a.len();
    let input = [a, b, c].concat();
    let (items, _, _) = read(&input, 1 << 20);
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(
        items[0],
        "ok urn:uuid:0001 https://news.example/1 2024-03-05"
    );
    // one error for the member, whether the garbage or the checksum shows the damage first
    assert!(
        items[1].starts_with(&format!("error: t.warc (byte {at}): ")),
        "{items:?}"
    );
    assert_eq!(
        items[2],
        "ok urn:uuid:0003 https://news.example/3 2024-03-05"
    );
    // a wrong checksum alone: the member's record is not trusted
    let (a, mut b, c) = (gz(&response(1)), gz(&response(2)), gz(&response(3)));
    let crc = b.len() - 8;
    b[crc] ^= 1;
    let input = [a, b, c].concat();
    let (items, _, _) = read(&input, 1 << 20);
    assert_eq!(
        items[1],
        format!("error: t.warc (byte {at}): damaged gzip member, skipped to the next one: corrupt gzip stream does not have a matching checksum")
    );
    assert_eq!(items.len(), 3, "{items:?}");
}

#[test]
fn records_above_the_limit_are_read_past_and_reported() {
    // page 1000 is a few bytes longer than page 2, which just fits
    let content = http(
        "200 OK",
        &["Content-Type: text/html; charset=utf-8"],
        &page(2),
    );
    let limit = content.len();
    let mut input = response(1000);
    input.extend(response(2));
    let (items, _, _) = read(&input, limit);
    assert_eq!(
        items,
        [
            format!("error: t.warc (byte 0): page \"urn:uuid:1000\" is {} bytes, above --max-article-bytes {limit}", limit + 6),
            "ok urn:uuid:0002 https://news.example/2 2024-03-05".to_string(),
        ]
    );
    // a large response that is no page is skipped as such, not reported as too large
    let video = http("200 OK", &["Content-Type: video/mp4"], &vec![0u8; 5000]);
    let moved = http("302 Found", &["Location: /x"], &vec![b' '; 5000]);
    let mut input = record("response", "v", "https://d.example/v.mp4", &video);
    input.extend(record("response", "m", "https://d.example/m", &moved));
    let (items, _, stats) = read(&input, 1000);
    assert!(items.is_empty(), "{items:?}");
    assert_eq!((stats.not_html, stats.not_ok), (1, 1));
    // a gzip bomb in the HTTP body stops at the limit
    let bomb = gz(&vec![b'<'; 1 << 20]);
    let content = http(
        "200 OK",
        &["Content-Type: text/html", "Content-Encoding: gzip"],
        &bomb,
    );
    let input = record("response", "z", "https://d.example/", &content);
    let (items, _, _) = read(&input, 64 * 1024);
    assert_eq!(
        items,
        ["error: t.warc (byte 0): page \"urn:uuid:z\" is above --max-article-bytes 65536"]
    );
}

#[test]
fn content_length_is_not_trusted_for_allocation() {
    // claims 2^60 bytes: nothing is reserved, the input just ends
    let input = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:h>\r\nContent-Length: 1152921504606846976\r\n\r\nHTTP/1.1 200 OK\r\n\r\n";
    let (items, _, _) = read(input, usize::MAX);
    assert_eq!(
        items,
        ["error: t.warc (byte 0): WARC record is cut off after 19 of its 1152921504606846976 content bytes (Content-Length)"]
    );
}

#[test]
fn ids_dates_and_header_bytes_are_checked() {
    let content = http("200 OK", &["Content-Type: text/html"], &page(1));
    let rec = |id: &str, date: &str, uri: &[u8]| {
        let mut v = format!("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: {id}\r\nWARC-Date: {date}\r\nWARC-Target-URI: ").into_bytes();
        v.extend_from_slice(uri);
        v.extend(format!("\r\nContent-Length: {}\r\n\r\n", content.len()).bytes());
        v.extend_from_slice(&content);
        v.extend_from_slice(b"\r\n\r\n");
        v
    };
    let input = [
        rec(
            "<urn:uuid:ok>",
            "2023-11-30T23:59:59.123456Z",
            b"https://e.example/caf\xe9",
        ),
        rec("<>", "2023-11-30T00:00:00Z", b"https://e.example/"),
        rec("<urn:uuid:d>", "yesterday", b"https://e.example/"),
    ]
    .concat();
    let (items, _, _) = read(&input, 1 << 20);
    assert_eq!(
        items[0],
        "ok urn:uuid:ok https://e.example/caf%E9 2023-11-30"
    );
    assert!(items[1].ends_with(": article id is empty"), "{items:?}");
    assert!(
        items[2].ends_with("article \"urn:uuid:d\": WARC-Date is not an ISO date: \"yesterday\""),
        "{items:?}"
    );
}

#[test]
fn empty_truncated_and_foreign_inputs_end_without_panic() {
    assert_eq!(read(b"", 100).0, Vec::<String>::new());
    let one = response(1);
    for cut in [5, 40, one.len() / 2, one.len() - 3] {
        let (items, _, _) = read(&one[..cut], 1 << 20);
        assert!(items.len() <= 1, "{cut}: {items:?}");
        assert!(
            items
                .iter()
                .all(|i| i.starts_with("error: ") || cut >= one.len() - 4),
            "{cut}: {items:?}"
        );
    }
    let z = gz(&one);
    for cut in [2, 10, z.len() / 2, z.len() - 4] {
        let (items, _, _) = read(&z[..cut], 1 << 20);
        assert!(
            items.iter().all(|i| i.starts_with("error: ")),
            "{cut}: {items:?}"
        );
    }
    let (items, _, _) = read(b"{\"id\": \"a\", \"text\": \"not a warc\"}\n", 100);
    assert_eq!(
        items,
        ["error: t.warc (byte 0): skipped 34 bytes that are not a WARC record (no line starting with `WARC/1.`)"]
    );
}

#[test]
fn header_blocks_are_bounded_and_must_end() {
    let mut input = b"WARC/1.0\r\nWARC-Type: response\r\nX-Filler: ".to_vec();
    input.extend(vec![b'a'; MAX_WARC_HEADER + 10]);
    input.extend(b"\r\nContent-Length: 0\r\n\r\n");
    input.extend(response(2));
    let (items, _, _) = read(&input, 1 << 20);
    assert_eq!(
        items,
        [
            "error: t.warc (byte 0): WARC record header is longer than 65536 bytes",
            "ok urn:uuid:0002 https://news.example/2 2024-03-05",
        ]
    );
    let (items, _, _) = read(b"WARC/1.0\r\nWARC-Type: response\r\n", 1 << 20);
    assert_eq!(
        items,
        ["error: t.warc (byte 0): WARC record header is cut off (no blank line before the end)"]
    );
}
