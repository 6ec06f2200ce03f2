//! Stage placeholder: filled in by its own change.
use crate::document::Document;

pub fn resolve(_doc: &mut Document) {}
