//! End-to-end people / organization / place quality on the bundled seed article, against the
//! expert reading in `tests/gold/seed_entities.json` (issue 3 targets):
//! every gold person exactly once with the right name and role, no spurious person; every gold
//! organization but at most one, no spurious or duplicated organization; every gold place, no
//! spurious place; portfolio words inside titles never become organization mentions. (Pronoun and
//! role-noun links are not published in `mentions`; they are tested in `extract::coref`.)

use serde::Deserialize;

use crate::harness::{invariants, read_gold, Workdir};

/// `tests/gold/seed_entities.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    #[serde(rename = "_comment")]
    _comment: String,
    people: Vec<GoldEntity>,
    optional_people: Vec<GoldEntity>,
    organizations: Vec<GoldEntity>,
    optional_organizations: Vec<GoldEntity>,
    places: Vec<GoldEntity>,
    optional_places: Vec<GoldEntity>,
}

/// One gold person, organization or place.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldEntity {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    /// The roles a person's row may have (any, when empty).
    #[serde(default)]
    roles: Vec<String>,
    org_kind: Option<String>,
    country: Option<String>,
    place_kind: Option<String>,
}

fn fold(s: &str) -> String {
    s.replace('’', "'").to_lowercase()
}

/// The names a gold record accepts: its name and aliases.
fn accepted(g: &GoldEntity) -> Vec<String> {
    let mut v = vec![fold(&g.name)];
    v.extend(g.aliases.iter().map(|a| fold(a)));
    v
}

/// For each gold record, the predicted rows (indices) whose name it accepts; plus unmatched rows.
fn pair<'a>(
    names: impl Iterator<Item = &'a str>,
    gold: &[GoldEntity],
    optional: &[GoldEntity],
) -> (Vec<Vec<usize>>, Vec<Vec<usize>>, Vec<String>) {
    let mut hits = vec![Vec::new(); gold.len()];
    let mut opt = vec![Vec::new(); optional.len()];
    let mut spurious = Vec::new();
    for (i, name) in names.enumerate() {
        let name = fold(name);
        if let Some(g) = gold.iter().position(|g| accepted(g).contains(&name)) {
            hits[g].push(i);
        } else if let Some(o) = optional.iter().position(|g| accepted(g).contains(&name)) {
            opt[o].push(i);
        } else {
            spurious.push(name);
        }
    }
    (hits, opt, spurious)
}

#[test]
fn seed_people_organizations_and_places_match_the_expert_reading() {
    let gold: Gold = read_gold("tests/gold/seed_entities.json");
    let wd = Workdir::new();
    wd.export_seed("out", &[]);
    let d = wd.dataset("out");
    invariants::check(&d);
    let (people, orgs, places) = (&d.people, &d.organizations, &d.places);
    let mut problems: Vec<String> = Vec::new();

    // people: each exactly once, with an accepted role; nothing else
    let (gp, go) = (&gold.people, &gold.optional_people);
    let (hits, opt, spurious) = pair(people.iter().map(|p| p.name.as_str()), gp, go);
    for (g, h) in gp.iter().zip(&hits) {
        let name = &g.name;
        match h.len() {
            1 => {
                let row = &people[h[0]];
                let roles: Vec<String> = g.roles.iter().map(|r| fold(r)).collect();
                let role = row.role.as_deref().map(fold);
                if !roles.is_empty() && !role.as_ref().is_some_and(|r| roles.contains(r)) {
                    problems.push(format!(
                        "person {name}: role {role:?}, expected one of {roles:?}"
                    ));
                }
            }
            0 => problems.push(format!("person {name}: missing")),
            n => problems.push(format!("person {name}: {n} rows")),
        }
    }
    for (g, h) in go.iter().zip(&opt) {
        if h.len() > 1 {
            problems.push(format!("person {:?}: {} rows", g.name, h.len()));
        }
    }
    for n in spurious {
        problems.push(format!("spurious person {n:?}"));
    }

    // organizations: all but at most one, none spurious, none twice; kinds where given
    let (gorg, gorg_opt) = (&gold.organizations, &gold.optional_organizations);
    let (hits, opt, spurious) = pair(orgs.iter().map(|o| o.name.as_str()), gorg, gorg_opt);
    let missing: Vec<&str> = gorg
        .iter()
        .zip(&hits)
        .filter(|(_, h)| h.is_empty())
        .map(|(g, _)| g.name.as_str())
        .collect();
    if missing.len() > 1 {
        problems.push(format!(
            "organizations missing (at most one allowed): {missing:?}"
        ));
    }
    for (g, h) in gorg.iter().zip(&hits).chain(gorg_opt.iter().zip(&opt)) {
        if h.len() > 1 {
            problems.push(format!("organization {:?}: {} rows", g.name, h.len()));
        }
        if let (Some(&i), Some(kind)) = (h.first(), &g.org_kind) {
            if orgs[i].org_kind != *kind {
                problems.push(format!(
                    "organization {:?}: org_kind {:?}, expected {kind}",
                    g.name, orgs[i].org_kind
                ));
            }
        }
        if let (Some(&i), Some(c)) = (h.first(), &g.country) {
            if orgs[i].country.as_deref() != Some(c.as_str()) {
                problems.push(format!(
                    "organization {:?}: country {:?}, expected {c}",
                    g.name, orgs[i].country
                ));
            }
        }
    }
    for n in spurious {
        problems.push(format!("spurious organization {n:?}"));
    }

    // places: all, none spurious, none twice; kinds where given
    let (gpl, gpl_opt) = (&gold.places, &gold.optional_places);
    let (hits, opt, spurious) = pair(places.iter().map(|p| p.name.as_str()), gpl, gpl_opt);
    for (g, h) in gpl.iter().zip(&hits).chain(gpl_opt.iter().zip(&opt)) {
        if h.len() > 1 {
            problems.push(format!("place {:?}: {} rows", g.name, h.len()));
        }
        if let (Some(&i), Some(kind)) = (h.first(), &g.place_kind) {
            if places[i].place_kind != *kind {
                problems.push(format!(
                    "place {:?}: place_kind {:?}, expected {kind}",
                    g.name, places[i].place_kind
                ));
            }
        }
    }
    for (g, h) in gpl.iter().zip(&hits) {
        if h.is_empty() {
            problems.push(format!("place {:?}: missing", g.name));
        }
    }
    for n in spurious {
        problems.push(format!("spurious place {n:?}"));
    }

    // portfolio words inside titles are never organization mentions
    for m in &d.mentions {
        if m.entity_kind == "organization"
            && matches!(m.text.as_str(), "Commerce" | "State" | "Defense")
        {
            problems.push(format!(
                "title word {:?} is an organization mention",
                m.text
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "seed entities differ from the gold reading:\n  {}",
        problems.join("\n  ")
    );
}
