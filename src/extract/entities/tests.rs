//! Tests of mention detection.

use super::lists::extend_to_known_orgs;
use super::*;
use crate::lexicon::Lexicon;

#[test]
fn credit_lead_end_is_the_earliest_end_of_any_phrase() {
    // the automaton must give what a search for each lowercase phrase in the lowercased
    // sentence gives: the smallest (first occurrence + phrase length)
    let lx = lex();
    let phrases: Vec<&str> = {
        let nf = Lexicon::parse(
            "name_filters",
            include_str!("../../../lexicons/entities/name_filters.tsv"),
        );
        nf.words_of_kind("credit_lead").collect()
    };
    assert!(lx.credit_lead.is_some() && !phrases.is_empty());
    let slow = |s: &str| {
        let lower = s.to_ascii_lowercase();
        phrases
            .iter()
            .filter_map(|c| lower.find(c).map(|i| i + c.len()))
            .min()
    };
    let fast = |s: &str| {
        lx.credit_lead
            .as_ref()
            .and_then(|a| a.find(s))
            .map(|m| m.end())
    };
    let mut cases: Vec<String> = vec![
        "No credit here at all.".into(),
        String::new(),
        "Édition — ÉCRIT PAR personne.".into(),
    ];
    for (i, p) in phrases.iter().enumerate() {
        let other = phrases.get((i + 1) % phrases.len()).copied().unwrap_or("");
        cases.push(format!("Text {p} Ann Example."));
        cases.push(format!(
            "{} Ann Example, {other} Bo Sample",
            p.to_uppercase()
        ));
        cases.push(format!("Über {other}{p} x"));
    }
    for c in &cases {
        assert_eq!(fast(c), slow(c), "{c:?}");
    }
}

fn mentions(text: &str) -> Vec<(String, &'static str, Option<String>, &'static str)> {
    let mut doc = Document::segmented("t", text);
    detect(&mut doc, lex(), ner());
    doc.mentions
        .iter()
        .map(|m| {
            (
                doc.slice(m.span).to_string(),
                m.kind.as_str(),
                m.title.map(|t| doc.slice(t).to_string()),
                m.form.as_str(),
            )
        })
        .collect()
}

fn names(text: &str) -> Vec<(String, &'static str, Option<String>)> {
    mentions(text)
        .into_iter()
        .filter(|m| m.3 != "pronoun" && m.3 != "role_noun")
        .map(|m| (m.0, m.1, m.2))
        .collect()
}

#[test]
fn titles_are_kept_out_of_names() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "A dinner where Commerce Secretary Maria Lopez will sit down with him.",
            "Maria Lopez",
            "Commerce Secretary",
        ),
        (
            "He met Deputy Secretary of State Anna Petrova in March.",
            "Anna Petrova",
            "Deputy Secretary of State",
        ),
        (
            "He met with national security adviser David Miller on Monday.",
            "David Miller",
            "national security adviser",
        ),
        (
            "On Tuesday, new Chinese Ambassador Zhang Wei arrived in the U.S.",
            "Zhang Wei",
            "Chinese Ambassador",
        ),
        (
            "The U.S. wants to lift the sanctions on Gen. Chen Jian soon.",
            "Chen Jian",
            "Gen.",
        ),
    ];
    for (text, name, title) in cases {
        let ms = names(text);
        let m = ms.iter().find(|m| m.1 == "person");
        assert_eq!(
            m.map(|m| (m.0.as_str(), m.2.as_deref())),
            Some((*name, Some(*title))),
            "{text}: {ms:?}"
        );
        assert!(
            !ms.iter().any(|m| m.1 == "organization"),
            "{text}: title word as organization {ms:?}"
        );
    }
}

/// Each case: (text, a phrase that must not be part of any person's name).
fn assert_not_people(cases: &[(&str, &str)]) {
    for (text, not_person) in cases {
        let ms = names(text);
        assert!(
            !ms.iter()
                .any(|m| m.1 == "person" && m.0.contains(not_person)),
            "{text}: {ms:?}"
        );
    }
}

#[test]
fn non_people_the_tagger_may_take_for_people() {
    // (text, a phrase that must not be a person)
    let cases = [
        ("Markets were mixed. Tokyo's Nikkei rose 0.3 per cent to 20,100.", "Nikkei"),
        ("The city hired Peter Brown Inc. to build it.", "Peter Brown"),
        ("The fund is managed by Adam Jones International, a consultancy.", "Adam Jones"),
        ("The park hosts offices of companies including Arnold Tremblay, Pauline Ricard and Dow Chemical.", "Arnold Tremblay"),
        ("Rallies were held in Dover, Leeds, Milton, Preston and York on Saturday.", "Milton"),
        ("The bill was tabled by the minister. Bill C-48 would ban tankers.", "Bill"),
        ("Mary Smith sits on a bench in the park. ( Jane Doe / Toronto Star ) The city said it would act.", "Mary Smith"),
        ("Jane Roe / The Canadian Press Paul Martin walks to the House of Commons on Tuesday.", "Paul Martin"),
        ("The council voted on Monday after a long and heated debate about the budget, the transit plan, the new library and the police. It was close. Lisa Ray is a Toronto-based reporter.", "Lisa Ray"),
    ];
    assert_not_people(&cases);
    // a function word glued to a surname at a sentence start is not part of the name
    let ms = names("John McCallum spoke on Monday. Unlike McCallum, the minister stayed silent.");
    assert!(!ms.iter().any(|m| m.0.starts_with("Unlike")), "{ms:?}");
}

#[test]
fn events_pets_works_characters_and_captions_are_not_people() {
    // (text, a phrase that must not be a person)
    let cases = [
        ("Doyle won the Harold Benson Invitational eight times.", "Harold Benson"),
        ("Ken Marsh, 68, walks his terrier Bella near his home. Bella is nine.", "Bella"),
        ("Her new cookbook, Weeknight Suppers ($50, Penfold) is out.", "Weeknight Suppers"),
        ("The mayor cited a 48% Satisfaction Score on Sunday.", "Satisfaction Score"),
        ("They honoured those killed in the 1837 Harbour Rebellion in the city.", "Harbour Rebellion"),
        ("Then one night, running from Rufus (Tom Baxter) and Nell (Rita Dorne), Max spots a sword.", "Rufus"),
        ("\"Do we want more Corinne Bateses?\" said Mia Lund. Corinne Bates died in May.", "Corinne Bateses"),
        ("Porter Hugh Bellamy, right, and Walt Nortley, steward, are shown in 1958. The railway hired porters for decades.", "Hugh Bellamy"),
    ];
    assert_not_people(&cases);
}

#[test]
fn institution_appositive_makes_an_organization() {
    let text = "The study is conducted by Dorset Hall, a non-profit, multi-service agency that \
                serves the city. Researchers at Dorset Hall said it began in 2018.";
    let ms = names(text);
    assert!(
        !ms.iter().any(|m| m.1 == "person" && m.0.contains("Dorset")),
        "{ms:?}"
    );
}

#[test]
fn employer_nouns_make_a_lone_word_an_organization() {
    // (text, the word, its kind everywhere in the article)
    let cases = [
        // "X engineers": a company, wherever the word stands alone
        (
            "Hartwell said on Monday that its app would return. In a memo, Hartwell told \
             workers the tool was blocked. Hartwell engineers could still write code, said \
             Mara Quint, an analyst. Hartwell did not comment.",
            "Hartwell",
            "organization",
        ),
        // without the cue the tagger's person stays
        (
            "Hartwell said on Monday that its app would return. In a memo, Hartwell told \
             workers the tool was blocked. The engineers could still write code, said \
             Mara Quint, an analyst. Hartwell did not comment.",
            "Hartwell",
            "person",
        ),
        // the surname of a full name in the article is a person's
        (
            "Tom Hartwell said on Monday that its app would return. In a memo, Hartwell \
             told workers the tool was blocked. Hartwell engineers could still write code, \
             said Mara Quint, an analyst. Hartwell did not comment.",
            "Hartwell",
            "person",
        ),
    ];
    for (text, word, kind) in cases {
        let ms = names(text);
        let kinds: Vec<&str> = ms.iter().filter(|m| m.0 == word).map(|m| m.1).collect();
        assert!(!kinds.is_empty(), "{word} not found in {ms:?}");
        assert!(
            kinds.iter().all(|k| *k == kind),
            "{word}: {kinds:?} in {text:?}"
        );
    }
}

#[test]
fn a_name_found_whole_elsewhere_extends_its_tail() {
    let words = [
        "According",
        "to",
        "Harbour",
        "Works",
        "’s",
        "database",
        ",",
        "Harbour",
        "Works",
        "said",
        "Glenn",
        "Harbour",
        "Works",
        "late",
    ];
    let cand = |start, end, kind| Cand {
        start,
        end,
        kind,
        title: None,
        sentence: 0,
        drop: false,
    };
    let mut cands = vec![
        cand(3, 4, EntityKind::Place),
        cand(7, 9, EntityKind::Organization),
        cand(10, 12, EntityKind::Person),
        cand(12, 13, EntityKind::Place),
    ];
    extend_to_known_orgs(&mut cands, &words);
    let got: Vec<(usize, usize, EntityKind)> =
        cands.iter().map(|c| (c.start, c.end, c.kind)).collect();
    assert_eq!(
        got,
        vec![
            // the tagger's "Works" after "Harbour": the organization
            (2, 4, EntityKind::Organization),
            (7, 9, EntityKind::Organization),
            (10, 12, EntityKind::Person),
            // "Works" right after another candidate ("Glenn Harbour") stays apart
            (12, 13, EntityKind::Place),
        ]
    );
}

#[test]
fn possessives_and_multiword_names() {
    let ms = names("China’s Foreign Ministry said it would respond.");
    assert!(ms.iter().any(|m| m.0 == "China"), "{ms:?}");
    assert!(!ms.iter().any(|m| m.0.contains('’')), "{ms:?}");
    let ms = names(
        "He met a delegation from the American Chamber of Commerce in China earlier this month.",
    );
    assert!(
        ms.iter()
            .any(|m| m.0 == "American Chamber of Commerce in China" && m.1 == "organization"),
        "{ms:?}"
    );
}

#[test]
fn acronym_in_parentheses_is_a_mention() {
    let ms = names("An analysis by the Federal Bureau of Investigation (FBI) was leaked.");
    assert!(
        ms.iter().any(|m| m.0 == "FBI" && m.1 == "organization"),
        "{ms:?}"
    );
}

#[test]
fn pronouns_and_role_nouns_are_candidates() {
    let ms = mentions("Lopez said she was ready. The secretary listened.");
    assert!(
        ms.iter().any(|m| m.0 == "she" && m.3 == "pronoun"),
        "{ms:?}"
    );
    assert!(
        ms.iter()
            .any(|m| m.0 == "The secretary" && m.3 == "role_noun"),
        "{ms:?}"
    );
}

#[test]
fn empty_and_odd_input_do_not_panic() {
    for t in ["", " ", "’s", "the", "Mr.", "( )", "THE"] {
        let mut doc = Document::segmented("t", t);
        detect(&mut doc, lex(), ner());
    }
}
