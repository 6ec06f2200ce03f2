//! The errors of the NER tagger: a model file that cannot be read ([`ModelError`]) and training
//! data that cannot be used ([`TrainError`]).

use std::fmt;
use std::path::{Path, PathBuf};

/// Why [`NerModel::from_bytes`](super::NerModel::from_bytes) rejected a model file. Byte
/// positions are offsets into the model file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// The file does not start with the model's magic bytes.
    BadMagic,
    /// The model was trained with other name lexicons than the ones built in.
    Fingerprint {
        /// The fingerprint stored in the model.
        model: u64,
        /// The fingerprint of the built-in `lexicons/names`.
        lexicons: u64,
    },
    /// The model has another number of tags than this build.
    TagCount {
        /// The number of tags in the model.
        found: usize,
        /// The number this build uses.
        expected: usize,
    },
    /// The feature count is larger than the file could hold.
    TooManyFeatures(usize),
    /// Feature keys must be strictly ascending; the one ending at this byte is not.
    KeysNotAscending(usize),
    /// A tag mask (ending at this byte) that names no tag or an unknown one.
    BadTagMask(usize),
    /// Bytes left over after the last feature.
    TrailingBytes(usize),
    /// The file ends at this byte, in the middle of a value.
    Truncated(usize),
    /// A weight (ending at this byte) that is NaN or infinite.
    NonFiniteWeight(usize),
    /// The built-in knowledge (the name lists the model's features read) does not load.
    Knowledge(crate::knowledge::KnowledgeError),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Knowledge(e) => write!(f, "the built-in knowledge: {e}"),
            ModelError::BadMagic => f.write_str("not a newsfacts NER model (bad magic)"),
            ModelError::Fingerprint { model, lexicons } => write!(
                f,
                "NER model was trained with different lexicons (fingerprint {model:016x}, \
                 lexicons/names gives {lexicons:016x}): retrain it"
            ),
            ModelError::TagCount { found, expected } => {
                write!(f, "NER model has {found} tags, expected {expected}")
            }
            ModelError::TooManyFeatures(n) => write!(
                f,
                "NER model claims {n} features, more than the file can hold"
            ),
            ModelError::KeysNotAscending(at) => write!(
                f,
                "NER model: feature keys not strictly ascending at byte {at}"
            ),
            ModelError::BadTagMask(at) => write!(f, "NER model: bad tag mask at byte {at}"),
            ModelError::TrailingBytes(n) => write!(f, "NER model: {n} trailing bytes"),
            ModelError::Truncated(at) => write!(f, "NER model truncated at byte {at}"),
            ModelError::NonFiniteWeight(at) => {
                write!(f, "NER model: non-finite weight at byte {at}")
            }
        }
    }
}

impl std::error::Error for ModelError {}

/// Why [`train`](super::train) could not use its CoNLL file.
#[derive(Debug)]
#[non_exhaustive]
pub enum TrainError {
    /// The file cannot be read (or is not UTF-8).
    Read {
        /// The CoNLL file.
        path: PathBuf,
        /// The underlying failure.
        source: std::io::Error,
    },
    /// A token line without a tag column.
    NoTagColumn {
        /// The CoNLL file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
    },
    /// The file holds no sentence.
    NoSentences {
        /// The CoNLL file.
        path: PathBuf,
    },
    /// The built-in knowledge (the name lists the features read) does not load.
    Knowledge(crate::knowledge::KnowledgeError),
}

impl TrainError {
    /// The CoNLL file concerned, if the error is about it.
    pub fn path(&self) -> Option<&Path> {
        match self {
            TrainError::Read { path, .. }
            | TrainError::NoTagColumn { path, .. }
            | TrainError::NoSentences { path } => Some(path),
            TrainError::Knowledge(_) => None,
        }
    }
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::Read { path, source } => write!(f, "{}: {source}", path.display()),
            TrainError::NoTagColumn { path, line } => {
                write!(f, "{}:{line}: no tag column", path.display())
            }
            TrainError::NoSentences { path } => write!(f, "{}: no sentences", path.display()),
            TrainError::Knowledge(e) => write!(f, "the built-in knowledge: {e}"),
        }
    }
}

impl std::error::Error for TrainError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TrainError::Read { source, .. } => Some(source),
            TrainError::Knowledge(e) => Some(e),
            _ => None,
        }
    }
}

/// The CLI's error for a failed training run: a read error on the CoNLL file, with the message
/// the CLI has always printed (the [`TrainError`]'s own text) and the [`TrainError`] as source.
impl From<TrainError> for crate::Error {
    fn from(e: TrainError) -> crate::Error {
        match e.path().map(Path::to_path_buf) {
            Some(path) => {
                crate::Error::at(crate::ErrorKind::Read, &path, e.to_string()).with_source(e)
            }
            None => crate::Error::new(crate::ErrorKind::Internal, e.to_string()).with_source(e),
        }
    }
}

/// The message alone, for callers that still report a training failure as text.
impl From<TrainError> for String {
    fn from(e: TrainError) -> String {
        e.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn messages_are_the_ones_users_see() {
        assert_eq!(
            ModelError::Truncated(12).to_string(),
            "NER model truncated at byte 12"
        );
        assert_eq!(
            ModelError::TagCount {
                found: 3,
                expected: 17
            }
            .to_string(),
            "NER model has 3 tags, expected 17"
        );
        let e = TrainError::NoTagColumn {
            path: PathBuf::from("x.conll"),
            line: 4,
        };
        assert_eq!(e.to_string(), "x.conll:4: no tag column");
    }

    #[test]
    fn a_read_failure_keeps_its_io_error() {
        let e = TrainError::Read {
            path: PathBuf::from("x.conll"),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        };
        assert_eq!(e.to_string(), "x.conll: gone");
        let e = crate::Error::from(e);
        assert_eq!(e.to_string(), "x.conll: x.conll: gone");
        let io = e
            .source()
            .and_then(|s| s.downcast_ref::<TrainError>())
            .and_then(|t| t.source())
            .and_then(|s| s.downcast_ref::<std::io::Error>());
        assert_eq!(
            io.map(std::io::Error::kind),
            Some(std::io::ErrorKind::NotFound)
        );
    }
}
