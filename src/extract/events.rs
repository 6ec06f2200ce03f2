//! Stage placeholder: filled in by its own change.
use crate::document::Document;

pub fn extract(_doc: &mut Document) {}

/// The event vocabulary as a Markdown section of the data dictionary.
pub fn vocabulary_markdown() -> String {
    String::new()
}
