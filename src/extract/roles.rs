//! Stage placeholder: filled in by its own change.
use crate::document::Document;

pub fn extract(_doc: &mut Document) {}
