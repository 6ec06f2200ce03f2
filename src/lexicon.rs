//! Knowledge as data: the loader for the sourced lexicon files under `lexicons/`.
//!
//! Every lexicon is a UTF-8 text file embedded in the binary with `include_str!`. Lines starting
//! with `#` are the header; the header must name the `source:` and the `licence:` of the list.
//! Other lines are records with tab-separated columns. Blank lines are ignored.

/// One parsed lexicon: its records, each a vector of tab-separated columns.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// The lexicon's name (its file name without extension).
    pub name: &'static str,
    /// The records, each a vector of tab-separated, trimmed columns.
    pub rows: Vec<Vec<&'static str>>,
    /// The 1-based line number of each record in `rows`.
    pub lines: Vec<usize>,
}

impl Lexicon {
    /// Parses an embedded lexicon. Header presence is enforced by a test over the `lexicons/`
    /// folder, so parsing itself never fails.
    pub fn parse(name: &'static str, text: &'static str) -> Lexicon {
        let (lines, rows) = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
            .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
            .unzip();
        Lexicon { name, rows, lines }
    }

    /// Every record with its 1-based line number, for loaders that report bad rows.
    pub fn records(&self) -> impl Iterator<Item = (usize, &[&'static str])> + '_ {
        self.lines
            .iter()
            .copied()
            .zip(self.rows.iter().map(Vec::as_slice))
    }

    /// The first column of every record.
    pub fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rows.iter().filter_map(|r| r.first().copied())
    }

    /// Records whose second column equals `kind`, first column only.
    pub fn words_of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'static str> + 'a {
        self.rows
            .iter()
            .filter(move |r| r.get(1).copied() == Some(kind))
            .filter_map(|r| r.first().copied())
    }
}

/// What a lexicon file's header lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// No `# source:` line.
    NoSource,
    /// No `# licence:` (or `# license:`) line.
    NoLicence,
}

impl std::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            HeaderError::NoSource => "header has no '# source:' line",
            HeaderError::NoLicence => "header has no '# licence:' line",
        })
    }
}

impl std::error::Error for HeaderError {}

/// Checks that a lexicon file's header names its source and its licence.
pub fn check_header(text: &str) -> Result<(), HeaderError> {
    let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
    let has = |key: &str| {
        header.iter().any(|l| {
            l.trim_start_matches('#')
                .trim_start()
                .to_ascii_lowercase()
                .starts_with(key)
        })
    };
    if !has("source:") {
        return Err(HeaderError::NoSource);
    }
    if !has("licence:") && !has("license:") {
        return Err(HeaderError::NoLicence);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lexicon_file_names_source_and_licence() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        let mut stack = vec![dir];
        let mut seen = 0;
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "tsv" || x == "txt") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    if let Err(why) = check_header(&text) {
                        panic!("{}: {why}", p.display());
                    }
                    seen += 1;
                }
            }
        }
        assert!(seen > 0);
    }

    #[test]
    fn header_check_rejects_missing_licence() {
        assert_eq!(
            check_header("# source: x\nfoo\n"),
            Err(HeaderError::NoLicence)
        );
        assert_eq!(
            check_header("# licence: CC0\nfoo\n"),
            Err(HeaderError::NoSource)
        );
        assert!(check_header("# source: x\n# licence: CC0\nfoo\n").is_ok());
    }
}
