//! The event stage's reading of its lexicon: the cue bits it tests, the type families that
//! merge, and the role of a participant written after a trigger.

use crate::knowledge::events::{CueKind, TRIGGER_BIT};
use crate::vocab::{EventType, ParticipantRole};

pub(super) const FUTURE: u16 = CueKind::Future.bit();
pub(super) const PAST: u16 = CueKind::Past.bit();
pub(super) const PRESENT: u16 = CueKind::Present.bit();
pub(super) const PLANNED: u16 = CueKind::Planned.bit();
pub(super) const HYPO: u16 = CueKind::Hypothetical.bit();
pub(super) const NEG: u16 = CueKind::Negation.bit();
pub(super) const CANCEL: u16 = CueKind::Cancel.bit();
pub(super) const SUPPORT: u16 = CueKind::Support.bit();
pub(super) const DET: u16 = CueKind::Determiner.bit();
pub(super) const CLAUSE: u16 = CueKind::Clause.bit();
pub(super) const STOP: u16 = CueKind::Stop.bit();
pub(super) const BY: u16 = CueKind::By.bit();
pub(super) const PLACEPREP: u16 = CueKind::Placeprep.bit();
/// Not a cue: the word is a trigger form (a key of `EventLexicon::triggers`), so one look-up per
/// token serves both maps.
pub(super) const TRIGGER: u16 = TRIGGER_BIT;

/// The family of a type: meeting and talks, visit and travel; otherwise the type itself.
pub(super) fn family(ty: EventType) -> EventType {
    match ty {
        EventType::Meeting | EventType::Talks => EventType::Meeting,
        EventType::Visit | EventType::Travel => EventType::Travel,
        t => t,
    }
}

/// Role of a participant written after the trigger.
pub(super) fn object_role(ty: EventType, subject_role: ParticipantRole) -> ParticipantRole {
    use EventType as T;
    if subject_role == ParticipantRole::Host {
        return ParticipantRole::Attendee;
    }
    match ty {
        T::Summit => ParticipantRole::Attendee,
        T::Sanction
        | T::Ban
        | T::Investigation
        | T::MilitaryAction
        | T::Attack
        | T::Arrest
        | T::Appointment
        | T::Resignation
        | T::Lawsuit
        | T::Threat
        | T::Cancellation
        | T::Election => ParticipantRole::Target,
        _ => ParticipantRole::Counterpart,
    }
}
