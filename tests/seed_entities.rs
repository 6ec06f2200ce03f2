//! End-to-end people / organization / place quality on the bundled seed article, against the
//! expert reading in `tests/gold/seed_entities.json` (issue 3 targets):
//! every gold person exactly once with the right name and role, no spurious person; every gold
//! organization but at most one, no spurious or duplicated organization; every gold place, no
//! spurious place; portfolio words inside titles never become organization mentions. (Pronoun and
//! role-noun links are not published in `mentions`; they are tested in `extract::coref`.)

mod common;

use common::{project, Workdir};
use serde_json::Value;

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

fn fold(s: &str) -> String {
    s.replace('’', "'").to_lowercase()
}

/// The names a gold record accepts: its name and aliases.
fn accepted(g: &Value) -> Vec<String> {
    let mut v = vec![fold(&s(g, "name").unwrap_or_default())];
    if let Some(a) = g.get("aliases").and_then(Value::as_array) {
        v.extend(a.iter().filter_map(Value::as_str).map(fold));
    }
    v
}

fn list<'a>(gold: &'a Value, key: &str) -> Vec<&'a Value> {
    gold.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

/// For each gold record, the predicted rows (indices) whose name it accepts; plus unmatched rows.
fn pair(
    rows: &[Value],
    gold: &[&Value],
    optional: &[&Value],
) -> (Vec<Vec<usize>>, Vec<Vec<usize>>, Vec<String>) {
    let mut hits = vec![Vec::new(); gold.len()];
    let mut opt = vec![Vec::new(); optional.len()];
    let mut spurious = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let name = fold(&s(r, "name").unwrap_or_default());
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
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(project().join("tests/gold/seed_entities.json")).unwrap(),
    )
    .unwrap();
    let wd = Workdir::new();
    wd.export_seed("out");
    let people = wd.table("out", "people");
    let orgs = wd.table("out", "organizations");
    let places = wd.table("out", "places");
    let mentions = wd.table("out", "mentions");
    let mut problems: Vec<String> = Vec::new();

    // people: each exactly once, with an accepted role; nothing else
    let gp = list(&gold, "people");
    let go = list(&gold, "optional_people");
    let (hits, opt, spurious) = pair(&people, &gp, &go);
    for (g, h) in gp.iter().zip(&hits) {
        let name = s(g, "name").unwrap_or_default();
        match h.len() {
            1 => {
                let row = &people[h[0]];
                let roles: Vec<String> = g
                    .get("roles")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).map(fold).collect())
                    .unwrap_or_default();
                let role = s(row, "role").map(|r| fold(&r));
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
            problems.push(format!("person {:?}: {} rows", s(g, "name"), h.len()));
        }
    }
    for n in spurious {
        problems.push(format!("spurious person {n:?}"));
    }

    // organizations: all but at most one, none spurious, none twice; kinds where given
    let gorg = list(&gold, "organizations");
    let gorg_opt = list(&gold, "optional_organizations");
    let (hits, opt, spurious) = pair(&orgs, &gorg, &gorg_opt);
    let missing: Vec<String> = gorg
        .iter()
        .zip(&hits)
        .filter(|(_, h)| h.is_empty())
        .filter_map(|(g, _)| s(g, "name"))
        .collect();
    if missing.len() > 1 {
        problems.push(format!(
            "organizations missing (at most one allowed): {missing:?}"
        ));
    }
    for (g, h) in gorg.iter().zip(&hits).chain(gorg_opt.iter().zip(&opt)) {
        if h.len() > 1 {
            problems.push(format!("organization {:?}: {} rows", s(g, "name"), h.len()));
        }
        if let (Some(&i), Some(kind)) = (h.first(), s(g, "org_kind")) {
            if s(&orgs[i], "org_kind").as_deref() != Some(kind.as_str()) {
                problems.push(format!(
                    "organization {:?}: org_kind {:?}, expected {kind}",
                    s(g, "name"),
                    s(&orgs[i], "org_kind")
                ));
            }
        }
        if let (Some(&i), Some(c)) = (h.first(), s(g, "country")) {
            if s(&orgs[i], "country").as_deref() != Some(c.as_str()) {
                problems.push(format!(
                    "organization {:?}: country {:?}, expected {c}",
                    s(g, "name"),
                    s(&orgs[i], "country")
                ));
            }
        }
    }
    for n in spurious {
        problems.push(format!("spurious organization {n:?}"));
    }

    // places: all, none spurious, none twice; kinds where given
    let gpl = list(&gold, "places");
    let gpl_opt = list(&gold, "optional_places");
    let (hits, opt, spurious) = pair(&places, &gpl, &gpl_opt);
    for (g, h) in gpl.iter().zip(&hits).chain(gpl_opt.iter().zip(&opt)) {
        if h.len() > 1 {
            problems.push(format!("place {:?}: {} rows", s(g, "name"), h.len()));
        }
        if let (Some(&i), Some(kind)) = (h.first(), s(g, "place_kind")) {
            if s(&places[i], "place_kind").as_deref() != Some(kind.as_str()) {
                problems.push(format!(
                    "place {:?}: place_kind {:?}, expected {kind}",
                    s(g, "name"),
                    s(&places[i], "place_kind")
                ));
            }
        }
    }
    for (g, h) in gpl.iter().zip(&hits) {
        if h.is_empty() {
            problems.push(format!("place {:?}: missing", s(g, "name")));
        }
    }
    for n in spurious {
        problems.push(format!("spurious place {n:?}"));
    }

    // portfolio words inside titles are never organization mentions
    for m in &mentions {
        let text = s(m, "text").unwrap_or_default();
        if s(m, "entity_kind").as_deref() == Some("organization")
            && matches!(text.as_str(), "Commerce" | "State" | "Defense")
        {
            problems.push(format!("title word {text:?} is an organization mention"));
        }
    }
    assert!(
        problems.is_empty(),
        "seed entities differ from the gold reading:\n  {}",
        problems.join("\n  ")
    );
}
