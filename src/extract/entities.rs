//! Stage placeholder: mention detection lands with the trained tagger.
use crate::document::Document;

pub fn detect(_doc: &mut Document) {}
