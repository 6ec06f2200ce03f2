use super::*;

fn toks(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

#[test]
fn empty_and_odd_input_never_panics() {
    let m = NerModel::embedded().unwrap();
    assert!(m.tag_document(&[]).is_empty());
    let huge = "A".repeat(100_000);
    let doc = vec![
        vec![],
        vec![""],
        vec![huge.as_str(), "ß", "İstanbul", "\u{200b}", "😀", "ǅ"],
        vec!["’", "“", "U.S.", "—", "1996-08-22"],
    ];
    let out = m.tag_document(&doc);
    assert_eq!(out.len(), doc.len());
    for (spans, sent) in out.iter().zip(&doc) {
        for s in spans {
            assert!(s.start < s.end && s.end <= sent.len());
        }
    }
}

#[test]
fn bytes_round_trip_and_reject_garbage() {
    let m = NerModel::embedded().unwrap();
    let b = m.to_bytes();
    let m2 = NerModel::from_bytes(&b).expect("round trip");
    assert_eq!(m2.to_bytes(), b);
    assert!(NerModel::from_bytes(b"").is_err());
    assert!(NerModel::from_bytes(MAGIC).is_err());
    assert!(NerModel::from_bytes(&b[..b.len() / 2]).is_err());
    let mut extra = b.clone();
    extra.push(0);
    assert!(NerModel::from_bytes(&extra).is_err());
}

#[test]
fn embedded_model_is_real() {
    let m = NerModel::embedded().unwrap();
    assert!(m.num_features() > 10_000, "models/ner.bin did not load");
}

#[test]
fn viterbi_output_is_well_formed_bilou() {
    // Arbitrary emissions must still decode to a legal sequence.
    let mut em = Vec::new();
    for i in 0..9 {
        let mut e = [0f32; NT];
        for (t, x) in e.iter_mut().enumerate() {
            *x = ((i * 7 + t * 13) % 11) as f32;
        }
        em.push(e);
    }
    let trans = [[0f32; NT]; NT + 1];
    let (mut bp, mut out) = (Vec::new(), Vec::new());
    viterbi(&em, &trans, &mut bp, &mut out);
    let mut prev = None;
    for &t in &out {
        assert!(allowed(prev, usize::from(t)));
        prev = Some(usize::from(t));
    }
    assert!(allowed_end(usize::from(out[8])));
}

fn spans_text(sent: &[&str], spans: &[NerSpan]) -> Vec<(String, &'static str)> {
    spans
        .iter()
        .map(|s| (sent[s.start..s.end].join(" "), s.label.as_str()))
        .collect()
}

#[test]
fn tags_ordinary_news_prose() {
    let m = NerModel::embedded().unwrap();
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "Commerce Secretary Laura Benton met Zhou Minghao in Washington .",
            &[
                ("Laura Benton", "PER"),
                ("Zhou Minghao", "PER"),
                ("Washington", "LOC"),
            ],
        ),
        ("However , the talks ended without a deal .", &[]),
        (
            "Then the minister left for Paris on Tuesday .",
            &[("Paris", "LOC")],
        ),
        (
            "Shares of Apple Inc. fell 3 % in New York after the Federal Reserve raised rates .",
            &[
                ("Apple Inc.", "ORG"),
                ("New York", "LOC"),
                ("Federal Reserve", "ORG"),
            ],
        ),
        (
            "China ’s foreign ministry said it did n’t agree .",
            &[("China", "LOC")],
        ),
    ];
    for (s, want) in cases {
        let sent = toks(s);
        let got = m.tag_document(std::slice::from_ref(&sent));
        let got = spans_text(&sent, &got[0]);
        let want: Vec<(String, &str)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
        assert_eq!(got, want, "{s}");
    }
}

#[test]
fn curly_and_straight_apostrophes_agree() {
    let m = NerModel::embedded().unwrap();
    let a = toks("Beijing ’s envoy met Peter Caldwell ’s deputy in Tokyo .");
    let b = toks("Beijing 's envoy met Peter Caldwell 's deputy in Tokyo .");
    assert_eq!(m.tag_document(&[a]), m.tag_document(&[b]));
}

fn train_path() -> std::path::PathBuf {
    std::env::var_os("NER_TRAIN")
        .map(Into::into)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/corpora/conll2003/train.txt")
        })
}

/// Training twice gives byte-identical models (needs the CoNLL corpus).
#[test]
#[ignore]
fn training_is_deterministic() {
    let p = train_path();
    let a = train(&p, 1, 7).expect("train").to_bytes();
    let b = train(&p, 1, 7).expect("train").to_bytes();
    assert_eq!(a, b);
}

/// Regenerates `models/ner.bin`; see the module docs.
#[test]
#[ignore]
fn retrain() {
    let m = train(&train_path(), 12, 2026).expect("train");
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner.bin");
    std::fs::write(&out, m.to_bytes()).expect("write model");
    eprintln!("wrote {} ({} features)", out.display(), m.num_features());
}

#[test]
fn viterbi_tables_match_bilou_rules() {
    for t in 0..NT {
        let prevs: Vec<usize> = (0..NT).filter(|&p| allowed(Some(p), t)).collect();
        if OPENERS.contains(&t) {
            assert_eq!(prevs, CLOSERS.to_vec(), "tag {t}");
            assert!(allowed(None, t));
        } else {
            let (l, _) = tag_parts(t).expect("entity tag");
            assert_eq!(prevs, vec![tag(l, K_B), tag(l, K_I)], "tag {t}");
            assert!(!allowed(None, t));
        }
    }
    for &c in &CLOSERS {
        assert!(allowed_end(c));
    }
}

#[test]
fn corrupted_model_bytes_never_panic() {
    // A small model exercises every field of the format; mutate every byte.
    let mut trans = [[0f32; NT]; NT + 1];
    trans[NT][TAG_O] = 0.5;
    let feats: Vec<(u64, [f32; NT])> = (1..6u64)
        .map(|k| {
            let mut w = [0f32; NT];
            w[(k as usize * 3) % NT] = k as f32;
            w[0] = -0.25;
            (k.wrapping_mul(0x9e37_79b9_7f4a_7c15), w)
        })
        .collect();
    let mut feats = feats;
    feats.sort_by_key(|f| f.0);
    let b = NerModel::from_parts(trans, feats, Lexicons::builtin().unwrap()).to_bytes();
    assert!(NerModel::from_bytes(&b).is_ok());
    let sent = toks("Mr. Smith flew to Paris .");
    for i in 0..b.len() {
        for x in [0x01u8, 0x80, 0xff] {
            let mut c = b.clone();
            c[i] ^= x;
            if let Ok(m) = NerModel::from_bytes(&c) {
                assert_eq!(m.tag_document(std::slice::from_ref(&sent)).len(), 1);
            }
        }
        assert!(NerModel::from_bytes(&b[..i]).is_err());
    }
}

#[test]
fn random_tokens_give_valid_spans() {
    let palette: Vec<char> = "aZ9.-'’“”\"ßİǅ中😀\u{0301}\u{200b} ,;:()&/$%"
        .chars()
        .collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut owned: Vec<Vec<String>> = Vec::new();
    for _ in 0..200 {
        let n = (next() % 12) as usize;
        let sent = (0..n)
            .map(|_| {
                let len = (next() % 6) as usize;
                (0..len)
                    .map(|_| palette[(next() % palette.len() as u64) as usize])
                    .collect()
            })
            .collect();
        owned.push(sent);
    }
    let doc: Vec<Vec<&str>> = owned
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let out = NerModel::embedded().unwrap().tag_document(&doc);
    assert_eq!(out.len(), doc.len());
    for (spans, sent) in out.iter().zip(&doc) {
        let mut last_end = 0;
        for s in spans {
            assert!(s.start >= last_end && s.start < s.end && s.end <= sent.len());
            last_end = s.end;
        }
    }
}

/// Documents exercising every feature kind: headline casing modes, gazetteer words, multi-word
/// places, organisation words ahead, document history, one- and two-token sentences.
fn feature_docs() -> Vec<Vec<Vec<&'static str>>> {
    vec![
        vec![
            toks("FLOODS HIT NORTHERN TOWNS AFTER STORM"),
            toks("Heavy Rain Forces Evacuations In Coastal Region"),
            toks("Maria Lindqvist , a spokeswoman for the Harbor Development Authority , said on Tuesday that New York and Los Angeles would send help ."),
            toks("Lindqvist said the authority ’s board met in New York ."),
            toks("Ok"),
            toks("“ Yes ,” she said"),
            toks("The U.S. Department of Commerce and Acme Holdings Inc. agreed on 1,200 jobs in 2024-05 ."),
            toks("İstanbul ß ǅ 😀 --"),
        ],
        vec![toks("Lindqvist met Lindqvist in Paris and paris .")],
    ]
}

/// Runs `check` on every sentence of [`feature_docs`] after its training features are in `ws`
/// (`doc.features`), then records tags for the sentence so that later ones have document
/// history, as tagging gives them.
fn each_sentence_features(
    tag_of: impl Fn(usize) -> u8,
    mut check: impl FnMut(&mut DocState, usize, &mut Workspace),
) {
    for sentences in feature_docs() {
        let mut doc = DocState::new(
            sentences.iter().map(|s| s.as_slice()),
            Lexicons::builtin().unwrap(),
        );
        let mut ws = Workspace::default();
        for si in 0..doc.len() {
            doc.features(si, &mut ws);
            check(&mut doc, si, &mut ws);
            let tags: Vec<u8> = (0..doc.sentence(si).unwrap().0.len())
                .map(&tag_of)
                .collect();
            doc.record(si, &tags, &mut ws.types);
        }
    }
}

#[test]
fn tagging_features_partition_sentence_features() {
    // The tagger gets each token's features in parts (tagging_features, the cached word rows,
    // the cached token-class rows); together they must be exactly the training features.
    each_sentence_features(
        |i| (i % NT) as u8,
        |doc, si, ws| {
            let all: Vec<Vec<u64>> = ws
                .offs
                .windows(2)
                .map(|w| ws.feats[w[0] as usize..w[1] as usize].to_vec())
                .collect();
            doc.tagging_features(si, ws);
            let toks = doc.sentence(si).unwrap().0;
            let pad = features::pad_keys();
            let words: Vec<features::WordKeys> = toks.iter().map(features::word_keys).collect();
            assert_eq!(all.len(), toks.len());
            assert_eq!(ws.classes.len(), toks.len());
            assert_eq!(ws.shapes.len(), toks.len());
            for (i, want) in all.iter().enumerate() {
                let mut got = ws.feats[ws.offs[i] as usize..ws.offs[i + 1] as usize].to_vec();
                ws.classes[i].keys(&mut got);
                ws.shapes[i].keys(&mut got);
                got.extend(words[i].own);
                got.push(i.checked_sub(1).map_or(pad[0], |j| words[j].wm1));
                got.push(i.checked_sub(2).map_or(pad[1], |j| words[j].wm2));
                got.push(words.get(i + 1).map_or(pad[2], |w| w.wp1));
                got.push(words.get(i + 2).map_or(pad[3], |w| w.wp2));
                let mut want = want.clone();
                want.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, want, "sentence {si}, token {i}");
            }
        },
    );
}

#[test]
fn cached_tagging_matches_direct_scoring() {
    // Reference: score every feature of `sentence_features` straight from the table.
    let m = NerModel::embedded().unwrap();
    let reference = |sentences: &[Vec<&str>]| -> Vec<Vec<NerSpan>> {
        let mut doc = DocState::new(
            sentences.iter().map(|s| s.as_slice()),
            Lexicons::builtin().unwrap(),
        );
        let mut ws = Workspace::default();
        let mut out = Vec::new();
        for si in 0..doc.len() {
            doc.features(si, &mut ws);
            ws.em.clear();
            for w in ws.offs.windows(2) {
                let mut acc = [0i32; NT];
                for &f in &ws.feats[w[0] as usize..w[1] as usize] {
                    add_row(&mut acc, &m.row(f));
                }
                ws.em.push(acc.map(|x| x as f32 * m.scale));
            }
            viterbi(&ws.em, &m.trans, &mut ws.bp, &mut ws.tags);
            doc.record(si, &ws.tags, &mut ws.types);
            let mut spans = Vec::new();
            tags_to_spans(&ws.tags, &mut spans);
            out.push(spans);
        }
        out
    };
    // twice: with a cold and with a warm cache
    for _ in 0..2 {
        for sentences in feature_docs() {
            assert_eq!(m.tag_document(&sentences), reference(&sentences));
        }
    }
}

#[test]
fn token_features_are_bounded() {
    // The tagger sums one token's weights in i16; MAX_TOKEN_FEATURES bounds the summands.
    each_sentence_features(
        |_| 1,
        |_, _, ws| {
            for w in ws.offs.windows(2) {
                assert!((w[1] - w[0]) as usize <= MAX_TOKEN_FEATURES);
            }
        },
    );
    assert!(MAX_TOKEN_FEATURES * 128 <= i16::MAX as usize);
}
