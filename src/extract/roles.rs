//! Stage 3: affiliations (person → organization and/or place, with a role and the evidence span).
//!
//! * Appositives after a name: "Lin Hua, director of the China program at the Halverson Center," →
//!   Halverson Center, role "director of the China program"; "Evan Moreland, a former … official
//!   in the Obama administration and now a professor at Brackley University" → Brackley
//!   University, role "professor" (each organization takes the role phrase of its own conjunct);
//!   "Zhou Lan, China’s top foreign-affairs official," → place China, role "top foreign-affairs official".
//! * Title phrases: "Chinese Ambassador Tang Weiming" → place China, role "Chinese Ambassador".
//!
//! The phrases are read by `coref::phrases`, which coreference also uses for
//! people's roles; this stage writes `doc.affiliations` and nothing else.

use crate::document::Document;
use crate::extract::coref::phrases;
use crate::extract::entities::Lex;

/// Fills `doc.affiliations`, in order of their evidence spans.
pub fn extract(doc: &mut Document, lx: &Lex) {
    let mut out = phrases::scan(doc, lx).affiliations;
    out.sort_by_key(|a| (a.span.start, a.span.end));
    doc.affiliations = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::entities::lex;
    use crate::extract::{coref, entities};

    fn run(text: &str) -> Document {
        let mut doc = Document::segmented("t", text);
        entities::detect(&mut doc, lex(), entities::ner());
        coref::resolve(&mut doc, lex());
        extract(&mut doc, lex());
        doc
    }

    #[allow(clippy::type_complexity)] // person, organization, role, evidence of each row
    fn affs(doc: &Document) -> Vec<(String, Option<String>, Option<String>, Option<String>)> {
        doc.affiliations
            .iter()
            .map(|a| {
                (
                    doc.entities[a.person].name.clone(),
                    a.org.map(|o| doc.entities[o].name.clone()),
                    a.place.map(|p| doc.entities[p].name.clone()),
                    a.role.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn appositives_give_organization_and_role() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "“It is fragile,” said Evan Moreland, a former senior national-security official in the Obama administration and now a professor at Brackley University.",
                "Evan Moreland",
                "Brackley University",
                "professor",
            ),
            (
                "“China wants sincerity,” said Lin Hua, director of the China program at the Halverson Center, a Washington think tank.",
                "Lin Hua",
                "Halverson Center",
                "director of the China program",
            ),
        ];
        for (text, person, org, role) in cases {
            let doc = run(text);
            let a = affs(&doc);
            assert!(
                a.iter().any(|x| x.0 == *person
                    && x.1.as_deref() == Some(*org)
                    && x.3.as_deref() == Some(*role)),
                "{text}: {a:?}"
            );
        }
    }

    #[test]
    fn title_and_possessive_places() {
        let doc = run("China is big. On Tuesday, new Chinese Ambassador Tang Weiming arrived. Carter and Zhou Lan, China’s top foreign-affairs official, met in Lisbon.");
        let a = affs(&doc);
        assert!(
            a.iter()
                .any(|x| x.0 == "Tang Weiming" && x.2.as_deref() == Some("China")),
            "{a:?}"
        );
        assert!(
            a.iter().any(|x| x.0 == "Zhou Lan"
                && x.2.as_deref() == Some("China")
                && x.3.as_deref() == Some("top foreign-affairs official")),
            "{a:?}"
        );
    }
}
