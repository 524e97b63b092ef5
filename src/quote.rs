//! Quoting what a user typed or uploaded inside a sentence: short, on one line, every character visible.

/// `text` in double quotes, at most `max_chars` characters of it (then "…"), with control and other
/// invisible characters escaped, so a 1 MB cell or a binary byte never floods or garbles a message.
pub fn quote(text: &str, max_chars: usize) -> String {
    format!("\"{}\"", shorten(text, max_chars))
}

/// At most `max_chars` characters of `text` (then "…"), with quotes, backslashes, control and invisible
/// characters escaped.
pub fn shorten(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max_chars {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || is_invisible(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

/// Spaces and marks that print as nothing or as a plain space, so the reader could not tell them apart.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{ad}' | '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{2060}')
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn short_escaped_and_cut() {
        assert_eq!(quote("abc", 10), "\"abc\"");
        assert_eq!(quote("a\u{0}b\n", 10), "\"a\\u{0}b\\u{a}\"");
        assert_eq!(quote("say \"hi\"", 20), "\"say \\\"hi\\\"\"");
        assert_eq!(quote(&"x".repeat(1_000_000), 5), "\"xxxxx…\"");
        assert_eq!(quote("\u{a0}", 5), "\"\\u{a0}\"");
    }
}
