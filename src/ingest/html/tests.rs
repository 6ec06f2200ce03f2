use super::*;
use super::{classify::*, lines::*, meta::*, sanitize::*};

fn para(n: usize, seed: &str) -> String {
    (0..n)
        .map(|i| format!("<p>{seed} sentence number {i} talks about the council budget, the vote, and what residents said about it afterwards.</p>"))
        .collect()
}

#[test]
fn metadata_from_json_ld_wins() {
    let html = r#"<html lang="en-GB"><head>
        <title>Page title - The Daily Example</title>
        <meta property="og:title" content="OG title">
        <meta property="og:site_name" content="The Daily Example">
        <meta property="article:published_time" content="2020-01-02T10:00:00Z">
        <link rel="canonical" href="https://example.org/a">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
          "headline":"LD headline","datePublished":"2019-11-19T08:00:00-05:00",
          "author":[{"@type":"Person","name":"Jane Roe"},{"@type":"Person","name":"John Doe"}],
          "publisher":{"@type":"Organization","name":"Example News"},"url":"https://example.org/ld"}</script>
        </head><body><article>"#
        .to_string()
        + &para(5, "Body")
        + "</article></body></html>";
    let a = extract(&html);
    assert_eq!(a.title.as_deref(), Some("LD headline"));
    assert_eq!(a.published.as_deref(), Some("2019-11-19"));
    assert_eq!(a.authors, vec!["Jane Roe", "John Doe"]);
    assert_eq!(a.publisher.as_deref(), Some("Example News"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(a.language.as_deref(), Some("en"));
}

#[test]
fn date_published_is_read_from_every_json_ld_type_that_carries_it() {
    let page = |ld: &str, head: &str| {
        format!(
            "<html><head>{head}<script type=\"application/ld+json\">{ld}</script></head><body><article>{}</article></body></html>",
            para(4, "Body")
        )
    };
    let cases = [
        // a fact-check page: only a ClaimReview carries the date
        (
            r#"{"@context":"https://schema.org","@type":"ClaimReview","datePublished":"2022-06-01","claimReviewed":"A claim","author":{"@type":"Organization","name":"Check Desk"}}"#,
            "2022-06-01",
        ),
        (
            r#"{"@type":"ReportageNewsArticle","headline":"H","datePublished":"2021-09-14T07:30:00+02:00"}"#,
            "2021-09-14",
        ),
        (
            r#"{"@type":"BlogPosting","datePublished":"2020-02-29"}"#,
            "2020-02-29",
        ),
        // @graph: the article object has no date, the WebPage does
        (
            r#"{"@context":"https://schema.org","@graph":[{"@type":"Organization","name":"O"},{"@type":"WebPage","datePublished":"2019-12-31T23:00:00Z"},{"@type":"NewsArticle","headline":"H"}]}"#,
            "2019-12-31",
        ),
        // a top-level array: the first object that carries one, in page order
        (
            r#"[{"@type":"BreadcrumbList","itemListElement":[]},{"@type":"VideoObject","uploadDate":"2018-01-01","datePublished":"2018-01-02"},{"@type":"WebSite","datePublished":"2001-01-01"}]"#,
            "2018-01-02",
        ),
        // an article object's own date wins over other objects'
        (
            r#"[{"@type":"WebPage","datePublished":"2017-05-05"},{"@type":"NewsArticle","datePublished":"2017-05-04"}]"#,
            "2017-05-04",
        ),
        // mainEntity of a page
        (
            r#"{"@type":"WebPage","mainEntity":{"@type":"ClaimReview","datePublished":"2016-03-03"}}"#,
            "2016-03-03",
        ),
    ];
    for (ld, want) in cases {
        assert_eq!(
            extract(&page(ld, "")).published.as_deref(),
            Some(want),
            "{ld}"
        );
    }
    // a JSON-LD date comes before the <meta> dates; without one, <meta> is read
    let meta = r#"<meta property="article:published_time" content="2015-01-01">"#;
    let claim = r#"{"@type":"ClaimReview","datePublished":"2015-02-02"}"#;
    assert_eq!(
        extract(&page(claim, meta)).published.as_deref(),
        Some("2015-02-02")
    );
    let none = r#"{"@type":"Organization","name":"O"}"#;
    assert_eq!(
        extract(&page(none, meta)).published.as_deref(),
        Some("2015-01-01")
    );
    // a date that is not one is skipped for the next
    let bad = r#"[{"@type":"ClaimReview","datePublished":"soon"},{"@type":"WebPage","datePublished":"2014-04-04"}]"#;
    assert_eq!(
        extract(&page(bad, "")).published.as_deref(),
        Some("2014-04-04")
    );
}

#[test]
fn metadata_falls_back_to_open_graph_and_title() {
    let html = r#"<html><head>
        <title>Storm closes schools | Coastal Herald</title>
        <meta property="og:site_name" content="Coastal Herald">
        <meta property="og:url" content="https://example.org/og">
        <meta name="author" content="By Sam Poe">
        <meta name="pubdate" content="March 3, 2021">
        </head><body><p>Short.</p></body></html>"#;
    let a = extract(html);
    assert_eq!(a.title.as_deref(), Some("Storm closes schools"));
    assert_eq!(a.publisher.as_deref(), Some("Coastal Herald"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/og"));
    assert_eq!(a.published.as_deref(), Some("2021-03-03"));
    assert_eq!(a.authors, vec!["Sam Poe"]);
    assert_eq!(clean_author("JANE ROE, AP Auto Writer"), "JANE ROE");
    assert_eq!(
        clean_author("Jane Roe | Example Media for Example.com"),
        "Jane Roe"
    );
    assert_eq!(clean_author("Roe, Jane"), "Roe, Jane");
    assert_eq!(a.language, None);
}

#[test]
fn time_element_is_last_resort_date() {
    let a = extract(r#"<body><time datetime="2018-07-04">July 4</time><p>x</p></body>"#);
    assert_eq!(a.published.as_deref(), Some("2018-07-04"));
}

#[test]
fn title_keeps_separator_not_naming_site() {
    let sites = vec![alnum_key("Site")];
    assert_eq!(trim_site_suffix("Left - right", &sites), "Left - right");
    assert_eq!(trim_site_suffix("Left - Site", &sites), "Left");
}

#[test]
fn dates_normalize() {
    for (raw, want) in [
        ("2019-11-19T08:00:00Z", Some("2019-11-19")),
        ("2019/1/9", None),
        ("20191119", Some("2019-11-19")),
        ("Tue, 19 Nov 2019 10:00:00 GMT", Some("2019-11-19")),
        ("November 19, 2019", Some("2019-11-19")),
        ("yesterday", None),
    ] {
        assert_eq!(normalize_date(raw).as_deref(), want, "{raw}");
    }
}

#[test]
fn boilerplate_is_removed() {
    let html = format!(
        r##"<html><body>
        <nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
        <div id="main"><div class="story-body">
          <div class="byline">By Jane Roe</div>
          <figure><img src="a.jpg"><figcaption>A caption that should not appear in the body text.</figcaption></figure>
          {}
          <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
          <p>Advertisement</p>
          {}
          <ul class="related-links"><li><a href="/x">Another story about the budget and how it was voted on</a></li></ul>
        </div></div>
        <div class="sidebar"><p>Most read: a list of stories, with commas, long enough to look like a paragraph somewhere.</p></div>
        <footer><p>Copyright 2024 Example Media, all rights reserved, with commas, and more commas.</p></footer>
        </body></html>"##,
        para(4, "First"),
        para(3, "Second")
    );
    let a = extract(&html);
    let lines: Vec<&str> = a.body.lines().collect();
    assert_eq!(lines.len(), 7, "{}", a.body);
    assert!(lines[0].starts_with("First sentence number 0"));
    assert!(lines[6].starts_with("Second sentence number 2"));
    for bad in [
        "cookies",
        "caption",
        "Share",
        "Advertisement",
        "Another story",
        "Most read",
        "Copyright",
        "Jane Roe",
    ] {
        assert!(!a.body.contains(bad), "{bad} leaked: {}", a.body);
    }
}

#[test]
fn json_ld_article_body_pins_container() {
    let body = para(4, "Pinned");
    let ld_text: String = (0..4)
        .map(|i| format!("Pinned sentence number {i} talks about the council budget, the vote, and what residents said about it afterwards. "))
        .collect();
    let html = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{ld_text}"}}</script></head>
        <body><div class="comments-list">{}</div><div class="x">{body}</div></body></html>"#,
        para(12, "Comment")
    );
    let a = extract(&html);
    assert!(a.body.starts_with("Pinned sentence number 0"), "{}", a.body);
    assert!(!a.body.contains("Comment"));
}

#[test]
fn partial_json_ld_body_does_not_cut_the_article() {
    // A lead-in as articleBody (no ellipsis) must not shrink the body to that lead-in.
    let ld_text = "Lead sentence number 0 talks about the council budget, the vote, and what residents said about it afterwards. ".repeat(2);
    let html = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{ld_text}"}}</script></head>
        <body><div class="story">{}{}</div></body></html>"#,
        para(1, "Lead"),
        para(9, "Rest")
    );
    let a = extract(&html);
    assert!(a.body.contains("Rest sentence number 8"), "{}", a.body);
}

#[test]
fn json_ld_body_used_when_dom_has_none() {
    let ld_text =
        "Only in JSON-LD, this is the article text that the page renders with scripts. ".repeat(6);
    let html = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{ld_text}"}}</script></head><body><div id="app"></div></body></html>"#
    );
    assert_eq!(extract(&html).body, collapse_ws(&ld_text));
}

#[test]
fn scripts_and_styles_never_leak() {
    let huge = "var x = 'not text';".repeat(100_000);
    let html = format!("<html><head><style>p {{ color: red }}</style></head><body><script>{huge}</script>{}<script>more()</script></body></html>", para(3, "Real"));
    let a = extract(&html);
    assert!(a.body.starts_with("Real sentence"));
    assert!(!a.body.contains("var x") && !a.body.contains("color") && !a.body.contains("more()"));
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 10_000;
    let html = format!(
        "{}{}{}",
        "<div>".repeat(depth),
        para(3, "Deep"),
        "</div>".repeat(depth)
    );
    let a = extract(&html);
    assert!(
        a.body.contains("Deep sentence number 2"),
        "{}",
        a.body.len()
    );
    let unclosed = "<div><span><p><b>".repeat(5_000);
    let _ = extract(&unclosed);
}

#[test]
fn no_body_and_junk_inputs() {
    assert_eq!(extract(""), HtmlArticle::default());
    let a = extract("Just some text without any markup at all, with commas, and more words here.");
    assert!(a.body.contains("Just some text"));
    let junk: String = (0..20_000u32)
        .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('x'))
        .collect();
    let _ = extract(&junk);
    let _ = extract("<html><head><title>t</title></head></html>");
    let _ = extract("<<<>>><!-- <script> </p></div></body><table><td><tr>");
    let _ = extract(
        r#"<script type="application/ld+json">{"@type": ["NewsArticle"], "headline": {"x": [[[[</script>"#,
    );
}

#[test]
fn nesting_is_limited_before_parsing() {
    let deep = format!(
        "{}<p>deep text</p>{}",
        "<div>".repeat(1000),
        "</div>".repeat(1000)
    );
    let limited = limit_nesting(&deep, 256);
    assert_eq!(limited.matches("<div>").count(), 256);
    assert_eq!(limited.matches("</div>").count(), 256);
    assert!(limited.contains("<p>deep text</p>"));
    let shallow = "<div><script>if (a <div) {}</script><p>x</p></div>";
    assert!(matches!(
        limit_nesting(shallow, 1),
        std::borrow::Cow::Borrowed(_)
    ));
    // 100,000 levels: the parser sees at most MAX_NESTING of them.
    let a = extract(&format!(
        "{}<p>still here, after all that nesting, with a comma.</p>",
        "<div>".repeat(100_000)
    ));
    assert_eq!(a.body, "still here, after all that nesting, with a comma.");
}

#[test]
fn tags_are_scanned_like_the_tokenizer() {
    // (tag from its name, end of the tag, first attribute past a limit of 2)
    let cases: &[(&str, Option<usize>, Option<usize>)] = &[
        ("<div>", Some(4), None),
        ("<div a b>", Some(8), None),
        ("<div a b c>", Some(10), Some(9)),
        ("<div title=\"x > y\" a=1 b='>'>", Some(28), Some(23)),
        ("<div a=\"never closed>", None, None),
        ("<div/a/b/c/>", Some(11), Some(9)),
        ("<div a=\"1\"b=\"2\"c>", Some(16), Some(15)),
        ("<div =a b c", None, Some(10)),
        ("<div a = 1 b = '2' c = \"3\">", Some(26), Some(19)),
        ("<di\u{e9}v a>", Some(8), None),
    ];
    for &(tag, end, overflow) in cases {
        let t = scan_tag(tag.as_bytes(), 2, 2);
        assert_eq!((t.end, t.overflow), (end, overflow), "{tag}");
    }
    // past MAX_ATTRIBUTES the attributes are cut, in start and end tags, closed or not
    let attrs: Vec<String> = (0..MAX_ATTRIBUTES + 10)
        .map(|i| format!("a{i}=\"v\""))
        .collect();
    let attrs = attrs.join(" ");
    let page = format!("<div {attrs}>text</div {attrs}><p {attrs}");
    let limited = limit_nesting(&page, 256);
    let last = format!("a{}=", MAX_ATTRIBUTES - 1);
    let cut = format!("a{}=", MAX_ATTRIBUTES);
    assert_eq!(limited.matches(last.as_str()).count(), 3);
    assert_eq!(limited.matches(cut.as_str()).count(), 0);
    assert!(limited.contains("\" >text</div "), "{limited}");
    assert!(limited.ends_with("=\"v\" "), "{limited}");
    let a = extract(&format!(
        "<body><div {attrs}><p>Kept text, after all those attributes, with a comma.</p></div></body>"
    ));
    assert_eq!(
        a.body,
        "Kept text, after all those attributes, with a comma."
    );
}

#[test]
fn tables_are_read_row_by_row() {
    let rows: String = (1..=8).map(|i| format!("<tr><td>{i}</td><td><a href=\"/d{i}\">Rider {i}</a></td><td>{}</td><td>3</td><td>12</td></tr>", 2400 - i)).collect();
    let html = format!(
        "<body><div class=\"article-body\">{}<table>{rows}</table></div></body>",
        para(3, "Intro")
    );
    let a = extract(&html);
    assert!(a.body.contains("\n1 Rider 1 2399 3 12\n"), "{}", a.body);
}

#[test]
fn embedded_posts_survive_social_wrappers() {
    let html = format!(
        "<body><article>{}<div class=\"social-embed\"><blockquote class=\"tweet\"><p>Quoted post text that the article relies on.</p></blockquote></div>{}</article></body>",
        para(3, "Before"),
        para(3, "After")
    );
    let a = extract(&html);
    assert!(a.body.contains("Quoted post text"), "{}", a.body);
}

#[test]
fn stamps_and_sign_offs_are_dropped() {
    for (line, stamp) in [
        ("Updated at 1:23 p.m.", true),
        ("Published November 20th, 2019 - 07:29 GMT", true),
        ("SiteName August 08, 2018", true),
        ("— Jane Roe (@janeroe) November 18, 2019", false),
        (
            "The council met on November 18, 2019 to vote on the budget.",
            false,
        ),
    ] {
        assert_eq!(is_timestamp(line), stamp, "{line}");
    }
    assert!(is_sign_off(
        "Have a tip? Jane Roe may be reached at jroe@example.org."
    ));
    assert!(!is_sign_off(
        "The mayor said she would follow the council's advice."
    ));
    let html = format!(
        "<body><article>{}<p>Jane Roe can be reached at jroe@example.org. Follow her on Twitter.</p></article></body>",
        para(4, "Body")
    );
    assert!(extract(&html).body.ends_with("afterwards."));
}

#[test]
fn class_tokens_split_camel_case() {
    assert_eq!(
        class_tokens("articleBody related-links"),
        vec!["article", "body", "related", "links"]
    );
    assert!(ClassHint::of("share-bar").prunable());
    assert!(!ClassHint::of("article-body").prunable());
    assert!(ClassHint::of("article-related").prunable());
}
