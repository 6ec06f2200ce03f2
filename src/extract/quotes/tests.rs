//! Table-driven tests of the quotes stage, run through [`extract`] with the built-in knowledge.

use super::marks::{is_double, is_single, marks};
use super::*;
use crate::document::{Entity, EntityIdx, EntityKind, Mention, MentionForm, Quote, Speaker};
use crate::knowledge::Knowledge;
use crate::text::english::*;
use crate::text::{SentenceIdx, Span};

/// The built-in quotes knowledge.
fn k() -> &'static QuoteKnowledge {
    match Knowledge::builtin() {
        Ok(k) => &k.quotes,
        Err(e) => panic!("{e}"),
    }
}

/// The built-in entity lexicons.
fn lx() -> &'static EntityLexicons {
    match Knowledge::builtin() {
        Ok(k) => &k.entities,
        Err(e) => panic!("{e}"),
    }
}

/// Builds a document with person/org mentions for every listed name (each name its own
/// entity, every occurrence linked).
fn doc_with(text: &str, names: &[(&str, EntityKind)]) -> Document {
    let mut d = Document::segmented("t", text);
    for (ei, (name, kind)) in names.iter().enumerate() {
        d.entities.push(Entity {
            name: name.to_string(),
            ..Entity::new(*kind)
        });
        let mut from = 0;
        while let Some(p) = text[from..].find(name) {
            let s = from + p;
            let e = s + name.len();
            let sent = d.sentence_at(s).unwrap_or(0);
            d.mentions.push(Mention {
                span: Span::new(s, e),
                kind: *kind,
                form: MentionForm::FullName,
                title: None,
                entity: Some(EntityIdx(ei)),
                sentence: SentenceIdx(sent),
            });
            from = e;
        }
    }
    // in text order, as coreference leaves them
    d.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    d
}

/// (quote text, kind, speaker name or unnamed phrase or "")
fn run(text: &str, names: &[(&str, EntityKind)]) -> Vec<(String, &'static str, String)> {
    let mut d = doc_with(text, names);
    extract(&mut d, k(), lx());
    d.quotes
        .iter()
        .map(|q| {
            let who = match &q.speaker {
                Speaker::Person(e) | Speaker::Organization(e) => d.entities[e.get()].name.clone(),
                Speaker::Unnamed(s) => format!("~{}", d.slice(*s)),
                Speaker::Unknown => String::new(),
            };
            (d.slice(q.span).to_string(), q.kind.as_str(), who)
        })
        .collect()
}

/// A table of cases: (text, named entities, expected (quote, kind, speaker) rows).
type Case<'a> = (
    &'a str,
    &'a [(&'a str, EntityKind)],
    &'a [(&'a str, &'a str, &'a str)],
);

/// Runs every case of a table and compares the quotes with the expected rows.
fn check_table(cases: &[Case]) {
    for (text, names, want) in cases {
        let got = run(text, names);
        let want: Vec<(String, &str, String)> = want
            .iter()
            .map(|(a, b, c)| (a.to_string(), *b, c.to_string()))
            .collect();
        assert_eq!(got, want, "text {text:?}");
    }
}

const P: EntityKind = EntityKind::Person;
const O: EntityKind = EntityKind::Organization;

#[test]
fn direct_quotes_with_mixed_marks() {
    let got = run(
        "“This moment is an opportunity but a fragile one,\" said Daniel Ortiz, a former official. “Beijing will try.\"",
        &[("Daniel Ortiz", P)],
    );
    assert_eq!(
        got,
        vec![
            (
                "This moment is an opportunity but a fragile one".into(),
                "direct",
                "Daniel Ortiz".into()
            ),
            ("Beijing will try.".into(), "direct", "Daniel Ortiz".into()),
        ]
    );
}

#[test]
fn table_of_attributions() {
    let cases: &[Case] = &[
        (
            "Norland’s Interior Ministry said in an emailed reply to questions, “Norland and its neighbours keep working channels open.\"",
            &[("Interior Ministry", O)],
            &[("Norland and its neighbours keep working channels open.", "direct", "Interior Ministry")],
        ),
        (
            "“They think the plan is weak,\" said the U.S. official.",
            &[],
            &[("They think the plan is weak", "direct", "~the U.S. official")],
        ),
        (
            "The talks stalled because of the storm, a U.S. official said.",
            &[],
            &[("The talks stalled because of the storm", "indirect", "~a U.S. official")],
        ),
        (
            "Ann Lee said that the demand is under discussion, though other officials later said it isn’t so.",
            &[("Ann Lee", P)],
            &[
                ("the demand is under discussion", "indirect", "Ann Lee"),
                ("it isn’t so", "indirect", "~other officials"),
            ],
        ),
        (
            "According to people familiar with the matter, the secretary listened to the concerns.",
            &[],
            &[("the secretary listened to the concerns", "indirect", "~people familiar with the matter")],
        ),
        (
            "Ann Lee told the group that she is interested in moving forward.",
            &[("Ann Lee", P)],
            &[("she is interested in moving forward", "indirect", "Ann Lee")],
        ),
        (
            "Ann Lee met the minister.\n“We will talk,\" she said.",
            &[("Ann Lee", P)],
            &[("We will talk", "direct", "Ann Lee")],
        ),
        (
            "The meetings would represent a “thaw\" in contacts as described by Joe Smith—set in motion by diplomacy.",
            &[("Joe Smith", P)],
            &[("thaw", "partial", "Joe Smith")],
        ),
        (
            "The plan is a “disaster” for the town.",
            &[],
            &[],
        ),
        (
            "His week so far has been \"tiring and wonderful,\" she said.",
            &[],
            &[("His week so far has been \"tiring and wonderful", "partial", "")],
        ),
        (
            "Odera hid behind the shed, he said.",
            &[],
            &[("Odera hid behind the shed", "indirect", "")],
        ),
        (
            "Kim Ho, the board's chair, said she understands the frustrations.",
            &[("Kim Ho", P)],
            &[("she understands the frustrations", "indirect", "Kim Ho")],
        ),
    ];
    check_table(cases);
}

#[test]
fn stray_mark_does_not_shift_other_quotes() {
    let text = "He said the 5\" pipe broke.\n“It broke,” Ann Lee said.\n“Then it was fixed,” Ann Lee said.";
    let got = run(text, &[("Ann Lee", P)]);
    let direct: Vec<&str> = got
        .iter()
        .filter(|q| q.1 == "direct")
        .map(|q| q.0.as_str())
        .collect();
    assert_eq!(direct, vec!["It broke", "Then it was fixed"]);
}

#[test]
fn multi_paragraph_quote_continues() {
    let text = "“The first part of it,\" said Ann Lee. “And then more\n“The rest of it.”";
    let got = run(text, &[("Ann Lee", P)]);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.iter().all(|q| q.2 == "Ann Lee"), "{got:?}");
    assert_eq!(got[2].0, "The rest of it.");
}

#[test]
fn nested_single_quotes_stay_inside() {
    let got = run(
        "“My coach told me, ‘Play every game like it’s the last,’ and I did,\" Ann Lee said.",
        &[("Ann Lee", P)],
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].0.starts_with("My coach told me, ‘Play"));
}

#[test]
fn repeated_paragraph_yields_one_quote() {
    let p = "The meetings would represent a “thaw” in contacts as described by Joe Smith.";
    let got = run(&format!("{p}\n{p}"), &[("Joe Smith", P)]);
    assert_eq!(got.len(), 1, "{got:?}");
}

#[test]
fn pronoun_falls_back_to_recent_subject() {
    let got = run(
        "Mary Ng, a director, agreed with Bo Li's approach.\n“It is important,” she wrote.",
        &[("Mary Ng", P), ("Bo Li", P)],
    );
    assert_eq!(
        got,
        vec![("It is important".into(), "direct", "Mary Ng".into())]
    );
}

#[test]
fn table_of_speaker_resolution() {
    let cases: &[Case] = &[
        // a pronoun skips a person of the other sex
        (
            "John Li met Mary Ng.\n“We will win,” she said.",
            &[("John Li", P), ("Mary Ng", P)],
            &[("We will win", "direct", "Mary Ng")],
        ),
        // "they": the plural subject before it
        (
            "Republican senators are eager to leave, and they say they want a deal soon.",
            &[],
            &[("they want a deal soon", "indirect", "~Republican senators")],
        ),
        // an honorific and a surname no mention holds
        (
            "Mary Ng arrived.\nMs. Ng said the plan works well.",
            &[("Mary Ng", P)],
            &[("the plan works well", "indirect", "Mary Ng")],
        ),
        // a document without its author: the speaker just before
        (
            "The group Acme said its director was among those killed. A statement said the group was “deeply troubled” by the news.",
            &[("Acme", O)],
            &[
                ("its director was among those killed", "indirect", "Acme"),
                ("the group was “deeply troubled” by the news", "partial", "Acme"),
            ],
        ),
        // a person opening the clause, then appositives with their own commas
        (
            "Ann Lee, the co-founder of Acme, a company based in Halifax, says the deal is done.",
            &[("Ann Lee", P), ("Acme", O)],
            &[("the deal is done", "indirect", "Ann Lee")],
        ),
        // existential "there" opens the reported clause
        (
            "Ann Lee says there are many reasons for the delays.",
            &[("Ann Lee", P)],
            &[("there are many reasons for the delays", "indirect", "Ann Lee")],
        ),
        // "according to X" stops at a later cue with its own clause
        (
            "According to Acme, the target is met in most cases, but Ann Lee says the union disagrees.",
            &[("Ann Lee", P), ("Acme", O)],
            &[
                ("the target is met in most cases", "indirect", "Acme"),
                ("the union disagrees", "indirect", "Ann Lee"),
            ],
        ),
        // a bare name introduced with an appositive
        (
            "Sela, a resident of the village, was at work when she heard the siren.\n“I hid,” she said.",
            &[],
            &[("I hid", "direct", "~Sela")],
        ),
        // the subject of a reporting verb over the sentence's first name
        (
            "Leaders like John Li envisioned a “city of gardens,” Mary Ng writes in her book.\n“Norland was never a garden city,” she writes.",
            &[("John Li", P), ("Mary Ng", P)],
            &[
                (
                    "Leaders like John Li envisioned a “city of gardens",
                    "partial",
                    "Mary Ng",
                ),
                ("Norland was never a garden city", "direct", "Mary Ng"),
            ],
        ),
    ];
    check_table(cases);
}

#[test]
fn table_of_continuations_and_role_phrases() {
    let cases: &[Case] = &[
        // a paragraph break inside a sentence: the next paragraph goes on in lower case and
        // closes the quotation; its speaker holds for the part left open before it
        (
            "“Who may join the plan is up to the board.\nbased on the advice of the staff,” said Lena Ortiz in an email.\n“Families may join the sessions.”",
            &[("Lena Ortiz", P)],
            &[
                ("Who may join the plan is up to the board.", "direct", "Lena Ortiz"),
                ("based on the advice of the staff", "direct", "Lena Ortiz"),
                ("Families may join the sessions.", "direct", "Lena Ortiz"),
            ],
        ),
        // a multi-paragraph quotation named only at its end
        (
            "“The first part of it\n“The rest of it,” said Ann Lee.",
            &[("Ann Lee", P)],
            &[
                ("The first part of it", "direct", "Ann Lee"),
                ("The rest of it", "direct", "Ann Lee"),
            ],
        ),
        // coordinate adjectives with a comma inside the speaker phrase
        (
            "Rolf Adler is wary of the market.\n“No carmaker makes money here,” the tall, bearded professor said. “Not with these cars.”",
            &[("Rolf Adler", P)],
            &[
                ("No carmaker makes money here", "direct", "Rolf Adler"),
                ("Not with these cars.", "direct", "Rolf Adler"),
            ],
        ),
        // "X was quoted as saying": the passive subject speaks
        (
            "Mayor Tom Reed issued a release.\n“The books shocked me,” he was quoted as saying in the release. “The debt is too high.”",
            &[("Tom Reed", P)],
            &[
                ("The books shocked me", "direct", "Tom Reed"),
                ("The debt is too high.", "direct", "Tom Reed"),
            ],
        ),
        // an organization's staff is an unnamed group, not the organization
        (
            "“Many reasons explain the low numbers,” Dunmore staff wrote in a report.",
            &[("Dunmore", O)],
            &[("Many reasons explain the low numbers", "direct", "~Dunmore staff")],
        ),
        // "the Ohio Republican": the politician just named
        (
            "Senate leader Jan Cobb blamed the media.\n“The media attacked them,” the Ohio Republican said.",
            &[("Jan Cobb", P)],
            &[("The media attacked them", "direct", "Jan Cobb")],
        ),
        // "the commission": the last organization whose name holds "commission" …
        (
            "The Harbour Commission opened an inquiry. Ann Lee runs Acme Corp.\n“Oversight must improve,” the commission said.",
            &[("Harbour Commission", O), ("Acme Corp", O), ("Ann Lee", P)],
            &[("Oversight must improve", "direct", "Harbour Commission")],
        ),
        // … else an unnamed source as written, while "the company" takes the last one
        (
            "Ann Lee runs Acme Corp.\n“Oversight must improve,” the commission said.\n“Sales grew,” the company said.",
            &[("Acme Corp", O), ("Ann Lee", P)],
            &[
                ("Oversight must improve", "direct", "~the commission"),
                ("Sales grew", "direct", "Acme Corp"),
            ],
        ),
        // a rare census given name says nothing of the speaker's sex
        (
            "Ann Lee met Mei Tran on Monday.\n“We agreed on a plan,” he said.",
            &[("Ann Lee", P), ("Mei Tran", P)],
            &[("We agreed on a plan", "direct", "Mei Tran")],
        ),
        // nor does the first word of a name written family name first
        (
            "Ann Lee met Kim Sun-ok on Monday.\n“We agreed on a plan,” he said.",
            &[("Ann Lee", P), ("Kim Sun-ok", P)],
            &[("We agreed on a plan", "direct", "Kim Sun-ok")],
        ),
        // a name after a preposition is not the subject a pronoun continues
        (
            "Tom Reed came to the city in 2016.\nUnlike Bo Park, he has not found work.\n“My studies come later,” he said.",
            &[("Tom Reed", P), ("Bo Park", P)],
            &[("My studies come later", "direct", "Tom Reed")],
        ),
        // a bare name introduced with an appositive, before a quotation of several sentences
        (
            "Tala, a nurse from the coast, was at home when she heard the water.\n“I heard a roar. I opened the door. The sea was gone. I ran,” she said.",
            &[],
            &[("I heard a roar. I opened the door. The sea was gone. I ran", "direct", "~Tala")],
        ),
    ];
    check_table(cases);
}

/// `in_list` compares ignoring ASCII case, which equals lowercasing only for lowercase lists.
#[test]
fn lists_are_lowercase() {
    let lists: &[&[&str]] = &[
        BOUNDARY,
        ADVERBS,
        BE,
        ADJUNCT,
        DETS,
        HEAD_STOP,
        NOMINAL_BEFORE,
        TRIM,
        OBJECT_PREPOSITIONS,
        PERSON_PRONOUNS,
        OTHER_PRONOUNS,
        CONJ,
        k().honorifics(),
        k().time_words(),
        k().generic_org_heads(),
        k().own_body_heads(),
    ];
    let seconds: Vec<&str> = k()
        .cue_words()
        .filter_map(|(_, (p, _))| p.map(|(w, _)| w))
        .collect();
    for w in lists.iter().flat_map(|l| l.iter()).chain(seconds.iter()) {
        assert!(
            w.is_ascii() && w.len() <= 32 && *w == w.to_ascii_lowercase(),
            "{w:?}"
        );
    }
    for (s, want) in [("The", true), ("THAT", true), ("thé", false), ("th", false)] {
        assert_eq!(in_list(s, &["the", "that"]), want, "{s:?}");
    }
}

/// The cue words all have a letter shape, so `find_cues` can skip most words unhashed.
#[test]
fn cue_word_shapes_are_used() {
    assert!(k().cue_shapes().is_some());
}

/// `marks` gives what a char-by-char scan with neighbours gives.
#[test]
fn marks_match_char_scan() {
    let text = "He said \"yes\" — ‘no’, «oui» „ja“ and 'it's' \u{2019}90s; é\"日本\" x' '\"";
    for s in [text, "", "\"", "'a", "a'", "“”‘’"] {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let want: Vec<_> = chars
            .iter()
            .enumerate()
            .filter(|(_, &(_, c))| is_double(c) || is_single(c))
            .map(|(i, &(b, c))| {
                let prev = i.checked_sub(1).and_then(|j| chars.get(j)).map(|x| x.1);
                (b, c, prev, chars.get(i + 1).map(|x| x.1))
            })
            .collect();
        assert_eq!(marks(s), want, "{s:?}");
    }
}

#[test]
fn long_input_is_fast_and_total() {
    let unit = "“A quote,” she said. \"stray He said that things happen, officials said.\n";
    let text = unit.repeat(5000);
    let t = std::time::Instant::now();
    let mut d = Document::segmented("t", &text);
    extract(&mut d, k(), lx());
    assert!(t.elapsed().as_secs_f64() < 2.0);
    assert!(!d.quotes.is_empty());
}

#[test]
fn a_place_is_never_a_speaker() {
    // a capital speaking for its government: an unnamed source, kept as written
    let got = run(
        "\u{201c}The tariffs will stay,\u{201d} Kestria said on Monday.",
        &[("Kestria", EntityKind::Place)],
    );
    assert_eq!(
        got,
        vec![(
            "The tariffs will stay".to_string(),
            "direct",
            "~Kestria".to_string()
        )]
    );
    // an organization stays an organization
    let mut d = doc_with(
        "\u{201c}Sales rose,\u{201d} Harbor Mills said.",
        &[("Harbor Mills", EntityKind::Organization)],
    );
    extract(&mut d, k(), lx());
    assert!(matches!(
        d.quotes[..],
        [Quote {
            speaker: Speaker::Organization(_),
            ..
        }]
    ));
}
