//! Text normalisation for matching: traditional → simplified (OpenCC's character table, see
//! [`crate::t2s`]), full-width → half-width, ASCII lowercased. Every step maps one char to one
//! char, so a span found in the normalised text is the same span of the original text; `origin`
//! still records the mapping so that a future many-to-one step cannot silently break offsets.

/// A normalised text and the way back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalised text that the lexicon is matched against.
    pub text: String,
    /// For each char of `text`, the index of the original char it came from.
    pub origin: Vec<usize>,
    /// Number of chars in the original text.
    pub original_len: usize,
}

impl Normalized {
    /// Maps a char range of the normalised text back to a char range of the original.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.origin.get(start).copied().unwrap_or(self.original_len);
        let e = if end == 0 { 0 } else { self.origin.get(end - 1).map_or(self.original_len, |&i| i + 1) };
        (s.min(self.original_len), e.max(s).min(self.original_len))
    }
}

/// Folds one char: full-width ASCII to half-width, the ideographic space to a space, ASCII
/// letters to lowercase. Chinese characters pass through (script is handled by `t2s`).
pub fn fold_width(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Normalises `original` for matching.
pub fn normalize(original: &str) -> Normalized {
    // Most text is simplified already: the per-char table lookups only when a char may change.
    let simplified = if crate::t2s::may_change_any(original) { std::borrow::Cow::Owned(crate::t2s::to_simplified(original)) } else { std::borrow::Cow::Borrowed(original) };
    let mut text = String::with_capacity(simplified.len());
    let mut origin = Vec::with_capacity(original.len() / 2);
    for (i, c) in simplified.chars().enumerate() {
        text.push(fold_width(c));
        origin.push(i);
    }
    let original_len = original.chars().count();
    Normalized { text, origin, original_len }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_becomes_simplified() {
        assert_eq!(normalize("質量很差，發貨太慢，顏色不一樣").text, "质量很差,发货太慢,颜色不一样");
    }

    #[test]
    fn full_width_and_case_fold() {
        assert_eq!(normalize("ＡＢＣ１２３！　ok").text, "abc123! ok");
    }

    #[test]
    fn offsets_survive_emoji_and_line_breaks() {
        let s = "😀好\n評😡色差";
        let n = normalize(s);
        assert_eq!(n.text.chars().count(), s.chars().count());
        let start = n.text.chars().position(|c| c == '色').unwrap();
        let (a, b) = n.to_original(start, start + 2);
        assert_eq!(crate::model::char_slice(s, a, b), Some("色差"));
    }

    #[test]
    fn empty_text() {
        let n = normalize("");
        assert_eq!((n.text.as_str(), n.original_len), ("", 0));
        assert_eq!(n.to_original(0, 0), (0, 0));
    }
}
