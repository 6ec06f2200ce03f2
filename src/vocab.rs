//! The closed vocabularies of the data model, each one enum.
//!
//! Every vocabulary that a table publishes (or that a lexicon file's class column uses) is declared
//! here once with [`vocab!`](crate::vocab!): the enum, `ALL` (every value in declaration order),
//! `NAMES` (their published strings, usable in `const` context so `schema.rs` takes its enum
//! constraints from them), `as_str`, `Display` and `FromStr`. A string that is not in the
//! vocabulary is an [`UnknownValue`] error naming the vocabulary, never a default.

use std::fmt;

/// A string that is not a value of a closed vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    vocabulary: &'static str,
    value: String,
}

impl UnknownValue {
    /// The error for `value`, which is not in `vocabulary`.
    pub fn new(vocabulary: &'static str, value: &str) -> UnknownValue {
        UnknownValue {
            vocabulary,
            value: value.to_string(),
        }
    }

    /// The vocabulary's name (the enum's name, e.g. `OrgKind`).
    pub fn vocabulary(&self) -> &'static str {
        self.vocabulary
    }

    /// The string that was not recognized.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a {} value", self.value, self.vocabulary)
    }
}

impl std::error::Error for UnknownValue {}

/// Declares a closed vocabulary: a `Copy` enum with `ALL`, `NAMES`, `as_str`, `Display` and
/// `FromStr` (whose error is [`UnknownValue`]).
///
/// ```
/// newsfacts::vocab! {
///     /// Traffic lights.
///     pub enum Light {
///         /// Stop.
///         Red => "red",
///         /// Go.
///         Green => "green",
///     }
/// }
/// assert_eq!(Light::ALL, [Light::Red, Light::Green]);
/// assert_eq!(Light::NAMES, ["red", "green"]);
/// assert_eq!("green".parse::<Light>(), Ok(Light::Green));
/// assert!("blue".parse::<Light>().is_err());
/// ```
#[macro_export]
macro_rules! vocab {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The published string of every value, in the order of `ALL`.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The published string of this value.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocab::UnknownValue;

            fn from_str(s: &str) -> Result<$name, $crate::vocab::UnknownValue> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::vocab::UnknownValue::new(stringify!($name), s)),
                }
            }
        }
    };
}

vocab! {
    /// What an entity is.
    pub enum EntityKind {
        /// A named person.
        Person => "person",
        /// A company, agency, party, team, newspaper, …
        Organization => "organization",
        /// A country, city, region or other place.
        Place => "place",
    }
}

vocab! {
    /// How a mention refers to its entity.
    pub enum MentionForm {
        /// The full name ("Maria Lopez", "World Bank", "Nairobi").
        FullName => "full_name",
        /// A person's surname alone, or a shortened organization name.
        Surname => "surname",
        /// A person's given name alone.
        GivenName => "given_name",
        /// An acronym ("FBI").
        Acronym => "acronym",
        /// A title plus surname ("Commerce Minister Wang").
        Title => "title",
        /// A role noun phrase ("the secretary").
        RoleNoun => "role_noun",
        /// A personal pronoun ("she").
        Pronoun => "pronoun",
        /// A demonym or adjectival form ("Chinese").
        Demonym => "demonym",
    }
}

vocab! {
    /// The kind of an organization, from the words of its name (`lexicons/entities/org_kinds.tsv`)
    /// or the list of well-known organizations.
    pub enum OrgKind {
        /// An executive body: ministry, department, agency, regulator, city hall ("Treasury
        /// Department", "Food Safety Agency").
        Government => "government",
        /// A legislature or one of its chambers or committees ("Senate", "House Judiciary
        /// Committee", "State Assembly").
        Legislature => "legislature",
        /// A court or tribunal ("Supreme Court", "Ontario Superior Court").
        Court => "court",
        /// A police force or law-enforcement office ("Metropolitan Police", "Police Department").
        Police => "police",
        /// An armed force or military unit ("Army", "Coast Guard").
        Military => "military",
        /// A company or other business ("Northwind Corp.", "Harbor Holdings").
        Company => "company",
        /// A sports club, team, league or governing body ("Riverside FC", "National Football League").
        Sports => "sports",
        /// A newspaper, broadcaster, news agency or magazine ("Daily Herald", "Evening News").
        Media => "media",
        /// A university, school or research institute ("Lakeside University").
        Academic => "academic",
        /// A non-governmental organization: charity, union, association, foundation ("Red Cross").
        Ngo => "ngo",
        /// An international or intergovernmental organization ("United Nations").
        International => "international",
        /// A political party or party body ("Labour Party", "Democratic National Committee").
        PoliticalParty => "political_party",
        /// A church, diocese, mosque or other religious body ("Catholic Church").
        Religious => "religious",
        /// Anything else, or a name without a kind word.
        Other => "other",
    }
}

vocab! {
    /// The kind of a place.
    pub enum PlaceKind {
        /// A sovereign country.
        Country => "country",
        /// A city or town.
        City => "city",
        /// A state, province, region or other subdivision.
        Region => "region",
        /// Anything else (a river, a building, a continent).
        Other => "other",
    }
}

vocab! {
    /// How a quote is given.
    pub enum QuoteKind {
        /// Whole sentences in quotation marks.
        Direct => "direct",
        /// A quoted fragment inside the writer's own sentence.
        Partial => "partial",
        /// Reported speech without quotation marks.
        Indirect => "indirect",
    }
}

vocab! {
    /// Whether an event happened.
    pub enum Modality {
        /// It happened (or is happening).
        Occurred => "occurred",
        /// It is planned or expected.
        Planned => "planned",
        /// It is possible, proposed or conditional.
        Hypothetical => "hypothetical",
        /// It did not happen.
        Negated => "negated",
        /// It was planned and called off.
        Cancelled => "cancelled",
    }
}

vocab! {
    /// The TIMEX3 type of a time expression (`time_expressions.timex_type`), spelled as TIMEX3
    /// spells it.
    pub enum TimexType {
        /// A calendar date or period: "May 4", "last week", "2013", "the 1990s", "currently".
        Date => "DATE",
        /// A time of day, with or without its day: "3 p.m.", "Friday morning", "tonight".
        Time => "TIME",
        /// A length of time: "three days", "the past two weeks", "a decade".
        Duration => "DURATION",
        /// A recurring time: "every week", "weekly", "twice a year".
        Set => "SET",
    }
}

vocab! {
    /// A TIMEX3 `mod` (`time_expressions.mod`), spelled as TIMEX3 spells it.
    pub enum TimexMod {
        /// The start of the period: "early May", "the beginning of the year".
        Start => "START",
        /// Its middle: "mid-March", "the middle of the season".
        Mid => "MID",
        /// Its end: "late 2012", "the end of this month".
        End => "END",
        /// About: "about two years", "around 3 p.m.".
        Approx => "APPROX",
        /// Less than: "less than a week", "nearly five months", "almost a decade".
        LessThan => "LESS_THAN",
        /// More than: "more than a year", "over a decade".
        MoreThan => "MORE_THAN",
        /// At most: "up to three days", "at most a month".
        EqualOrLess => "EQUAL_OR_LESS",
        /// At least: "at least two weeks".
        EqualOrMore => "EQUAL_OR_MORE",
    }
}

vocab! {
    /// How a time expression's value was obtained (`time_expressions.resolution`).
    pub enum TimexResolution {
        /// The text gives the value in full ("March 3, 2021", "in 2018", "three days").
        Absolute => "absolute",
        /// The value is relative to the publication date and was computed from it ("last
        /// Tuesday", "next month", "Jan. 14" without a year).
        Published => "published",
        /// The value is relative and the article has no publication date: the calendar fields
        /// that need one are `X` in `value` ("XXXX-05-10", "XXXX-WXX-2") or `value` is null.
        Unresolved => "unresolved",
    }
}

vocab! {
    /// What `quotes.speaker_id` refers to.
    pub enum SpeakerKind {
        /// A row of `people` ("Maria Lopez said", or "she said" with Maria Lopez its antecedent).
        Person => "person",
        /// A row of `organizations` ("Acme Corp. said in a statement").
        Organization => "organization",
        /// A speaker in the text that has no row: a described source or group ("a U.S.
        /// official", "prosecutors", "analysts"), a pronoun or role noun whose antecedent has
        /// no row, or a name that was not linked to a row; `speaker_text` holds the phrase.
        Unnamed => "unnamed",
        /// No speaker in the text (a quotation with no attribution).
        Unattributed => "none",
    }
}

vocab! {
    /// The type of an event (`events.event_type`); each value has its row (definition, trigger
    /// examples, CAMEO and ACE mappings) in `lexicons/event_types.tsv`, in this order.
    pub enum EventType {
        /// A face-to-face encounter of named parties (a meeting, dinner, sit-down, hosting).
        Meeting => "meeting",
        /// Negotiations or discussions between parties, possibly over several sessions.
        Talks => "talks",
        /// A trip by a party to a place or party where it is received (state visit, delegation sent).
        Visit => "visit",
        /// Movement of a person to a place without a host event: travel, arrival, departure.
        Travel => "travel",
        /// A multi-party gathering: summit, conference, forum, congress.
        Summit => "summit",
        /// A formal public statement: issued a statement, announced, declared; a dated "said".
        Statement => "statement",
        /// Parties sign or reach an agreement, deal, treaty or accord.
        Agreement => "agreement",
        /// Punitive economic or diplomatic measures: sanctions, tariffs, embargo.
        Sanction => "sanction",
        /// A prohibition or restriction by an authority on an activity, product or company.
        Ban => "ban",
        /// An official investigation, inquiry, probe, raid or analysis.
        Investigation => "investigation",
        /// Use of armed force other than a discrete attack: shoot-down, invasion, deployment, strike.
        MilitaryAction => "military_action",
        /// A violent attack on people or property: bombing, shooting, assault.
        Attack => "attack",
        /// Detention or arrest of a person.
        Arrest => "arrest",
        /// A person takes or is given a post.
        Appointment => "appointment",
        /// A person leaves a post: resigned, stepped down, fired.
        Resignation => "resignation",
        /// An election or vote.
        Election => "election",
        /// A commercial transaction: purchase, sale, acquisition, investment deal.
        Trade => "trade",
        /// A public demonstration, rally, strike or boycott by a group.
        Protest => "protest",
        /// A legal action: lawsuit, sued, charged, indicted, convicted.
        Lawsuit => "lawsuit",
        /// Calling off something that is not itself an event in this vocabulary (a contract, a licence). Cancelled events keep their own type with modality cancelled.
        Cancellation => "cancellation",
        /// Giving of economic, military or humanitarian assistance.
        Aid => "aid",
        /// An explicit threat of force or of punitive measures.
        Threat => "threat",
    }
}

vocab! {
    /// The role of an event participant (`event_participants.role`).
    pub enum ParticipantRole {
        /// Does or initiates the happening (written before a verb trigger, or "by X").
        Agent => "agent",
        /// The other party of a meeting, talks, trip, agreement or trade.
        Counterpart => "counterpart",
        /// Undergoes the happening (sanctioned, banned, attacked, arrested, appointed, …).
        Target => "target",
        /// Takes part in a summit, or is received by a host.
        Attendee => "attendee",
        /// Hosts a meeting.
        Host => "host",
    }
}

crate::vocab! {
    /// Sex of a given name's more frequent use, or of a pronoun (`lexicons/names/given_names.tsv`,
    /// `lexicons/entities/pronouns.tsv`), and of a person entity (set by coreference).
    pub enum Gender {
        /// Male.
        M => "M",
        /// Female.
        F => "F",
    }
}

vocab! {
    /// How `articles.language` was decided (`ingest::language`).
    pub enum LanguageBasis {
        /// Identified from the text (an English function-word test, else `whatlang`).
        Detected => "detected",
        /// The text was too short or too mixed to tell; the language the input declared.
        Declared => "declared",
        /// The text was too short or too mixed to tell and the input declared none: English.
        Assumed => "assumed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_round_trips_through_its_strings() {
        fn check<T>(all: &[T], names: &[&str])
        where
            T: Copy + PartialEq + fmt::Debug + std::str::FromStr + fmt::Display,
            <T as std::str::FromStr>::Err: fmt::Debug,
        {
            assert_eq!(all.len(), names.len());
            for (v, n) in all.iter().zip(names) {
                assert_eq!(v.to_string(), *n);
                assert_eq!(n.parse::<T>().unwrap(), *v);
            }
            let mut sorted = names.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "duplicate name");
        }
        check(EntityKind::ALL, EntityKind::NAMES);
        check(MentionForm::ALL, MentionForm::NAMES);
        check(OrgKind::ALL, OrgKind::NAMES);
        check(PlaceKind::ALL, PlaceKind::NAMES);
        check(QuoteKind::ALL, QuoteKind::NAMES);
        check(Modality::ALL, Modality::NAMES);
        check(SpeakerKind::ALL, SpeakerKind::NAMES);
        check(EventType::ALL, EventType::NAMES);
        check(ParticipantRole::ALL, ParticipantRole::NAMES);
        check(LanguageBasis::ALL, LanguageBasis::NAMES);
        check(TimexType::ALL, TimexType::NAMES);
        check(TimexMod::ALL, TimexMod::NAMES);
        check(TimexResolution::ALL, TimexResolution::NAMES);
    }

    #[test]
    fn an_unknown_string_names_the_vocabulary() {
        let e = "charity".parse::<OrgKind>().unwrap_err();
        assert_eq!(e.vocabulary(), "OrgKind");
        assert_eq!(e.value(), "charity");
        assert_eq!(e.to_string(), "\"charity\" is not a OrgKind value");
    }
}
