//! Short, escaped quotations of user input for error sentences.
//!
//! A message may quote what it refuses, but never whole: a 1 MB cell or a binary file must not become a
//! 1 MB banner, and control or invisible characters (line breaks, bidi overrides, zero-width spaces) must
//! be shown, not obeyed.

/// Longest quotation, in characters of the escaped result (without the final "…").
pub const MAX_CHARS: usize = 40;

/// `text` escaped (`\n`, `\t`, `\"`, `\u{202e}`, …) and cut to at most `max_chars` characters, with "…"
/// appended when something was cut. No quotes are added around it.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let piece = escaped(c);
        let width = piece.chars().count();
        if used + width > max_chars {
            out.push('…');
            return out;
        }
        out.push_str(&piece);
        used += width;
    }
    out
}

/// [`excerpt`] with [`MAX_CHARS`], in double quotes: `"abc"`.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", excerpt(text, MAX_CHARS))
}

fn escaped(c: char) -> String {
    match c {
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        '"' => "\\\"".into(),
        '\\' => "\\\\".into(),
        c if is_invisible(c) => format!("\\u{{{:x}}}", c as u32),
        c => c.into(),
    }
}

/// Characters a reader could not see or that would change how the rest of the line is shown.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c as u32,
            0xad                      // soft hyphen
            | 0x034f                  // combining grapheme joiner
            | 0x061c                  // Arabic letter mark
            | 0x115f | 0x1160 | 0x3164 | 0xffa0 // Hangul fillers
            | 0x180e                  // Mongolian vowel separator
            | 0x200b..=0x200f         // zero-width space/joiners, LRM/RLM
            | 0x202a..=0x202e         // bidi embeddings and overrides
            | 0x2060..=0x206f         // word joiner, invisible operators, bidi isolates
            | 0xfe00..=0xfe0f         // variation selectors
            | 0xfeff                  // byte-order mark
            | 0xfff9..=0xfffb         // interlinear annotation
            | 0xe000..=0xf8ff         // private use
            | 0xe0000..=0xe007f       // tags
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept() {
        assert_eq!(quoted("abc"), "\"abc\"");
        assert_eq!(excerpt("", 10), "");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let long = "x".repeat(1_000_000);
        let q = excerpt(&long, MAX_CHARS);
        assert_eq!(q.chars().count(), MAX_CHARS + 1);
        assert!(q.ends_with('…'));
        assert_eq!(excerpt(&"y".repeat(MAX_CHARS), MAX_CHARS), "y".repeat(MAX_CHARS));
    }

    #[test]
    fn control_and_invisible_characters_are_escaped() {
        assert_eq!(excerpt("a\nb\t\"c\"\\", 40), "a\\nb\\t\\\"c\\\"\\\\");
        assert_eq!(excerpt("\u{0}\u{7f}\u{202e}x\u{feff}\u{a0}", 40), "\\u{0}\\u{7f}\\u{202e}x\\u{feff}\\u{a0}");
        assert_eq!(excerpt("é→字", 40), "é→字");
        // An escape that would not fit is not split.
        assert_eq!(excerpt("ab\u{202e}", 4), "ab…");
    }
}
