//! Counting a document's lexical tokens before it is parsed, so that a huge document is
//! refused for the price of one pass over its bytes (as GraphQL Armor's `maxTokens` does
//! with graphql-js). The parser (pest) allocates a node per token and recurses per
//! nesting level: far too expensive to be the first thing a hostile megabyte meets.
//!
//! This is a counter, not a validator: it follows the GraphQL lexical grammar closely
//! enough that every valid document is counted exactly (punctuators, names, numbers,
//! strings and block strings; whitespace, commas and comments are ignored), and any
//! byte sequence is counted in linear time without allocating. Malformed input is left
//! to the parser, which only ever sees documents under the limit.

/// Counts tokens, stopping as soon as there are more than `max`: returns `Err(count)`
/// with the count so far (at least `max + 1`) in that case.
pub fn count_tokens(text: &str, max: usize) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut count = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            // Ignored: whitespace, line terminators, commas, the byte order mark's bytes.
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            0xEF if bytes[i..].starts_with(&[0xEF, 0xBB, 0xBF]) => {
                i += 3;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'"' => i = skip_string(bytes, i),
            b'.' if bytes[i..].starts_with(b"...") => i += 3,
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'+' | b'-'))
                {
                    i += 1;
                }
            }
            // Punctuators, and any other byte (the parser will reject it): one token each.
            _ => i += 1,
        }
        count += 1;
        if count > max {
            return Err(count);
        }
    }
    Ok(count)
}

/// The index just past the string (or block string) starting at `start`, or the end of
/// the input for an unterminated one.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    if bytes[start..].starts_with(b"\"\"\"") {
        let mut i = start + 3;
        while i < bytes.len() {
            if bytes[i..].starts_with(b"\\\"\"\"") {
                i += 4;
            } else if bytes[i..].starts_with(b"\"\"\"") {
                return i + 3;
            } else {
                i += 1;
            }
        }
        return bytes.len();
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            // A line terminator ends an (invalid) single-line string: the parser reports it.
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::count_tokens;

    fn count(text: &str) -> usize {
        count_tokens(text, usize::MAX).unwrap()
    }

    #[test]
    fn every_kind_of_token_counts_once() {
        assert_eq!(count("{ a }"), 3);
        assert_eq!(
            count(
                "query Q($v: [ID!]! = [\"x\"]) { f(a: -1.5e3, b: $v) @skip(if: false) { ...F } }"
            ),
            39
        );
        assert_eq!(count("{ a(s: \"\"\"block \\\"\"\" still\"\"\") }"), 8);
    }

    #[test]
    fn whitespace_commas_and_comments_are_free() {
        assert_eq!(count("  ,,, # a comment { { {\n { a }  "), 3);
    }

    #[test]
    fn escaped_quotes_stay_inside_their_string() {
        assert_eq!(count(r#"{ a(s: "x\"y") }"#), 8);
    }

    #[test]
    fn counting_stops_past_the_limit() {
        let doc = "{ a ".repeat(100_000);
        assert_eq!(count_tokens(&doc, 10), Err(11));
    }

    #[test]
    fn unterminated_strings_end_at_the_input() {
        assert_eq!(count("{ a(s: \"open"), 6);
        assert_eq!(count("\"\"\"open"), 1);
    }
}
