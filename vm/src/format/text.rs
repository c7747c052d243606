//! Character data for the formatter: reading `~s` arguments, escaping
//! strings as `io_lib:write_string/2` does, the printable-list tests and
//! the width of a string as `io_lib:chars_length/1` counts it.
//!
//! Text is a `Vec<u32>` of code points rather than a `String`, because
//! `~ts` and `~tc` pass through integers that are not Unicode scalar
//! values (surrogates, values above 0x10FFFF) exactly as OTP does.

use crate::term::Term;

/// Appends the characters of `text`.
pub fn push_str(out: &mut Vec<u32>, text: &str) {
    out.extend(text.chars().map(u32::from));
}

/// Returns `text` as a Rust string, replacing values that are not Unicode
/// scalar values with U+FFFD. For tests and diagnostics.
pub fn to_string(text: &[u32]) -> String {
    text.iter()
        .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
        .collect()
}

/// Returns the code point in `t` when it is an integer in `0..=u32::MAX`.
fn char_value(t: Term) -> Option<u32> {
    t.as_small().and_then(|c| u32::try_from(c).ok())
}

/// Flattens the argument of `~s`: a deep list of integers in `0..=255` and
/// binaries (as bytes), which may also end in a binary tail. Returns
/// `None` for anything else, where OTP raises badarg.
pub fn latin1_chars(t: Term) -> Option<Vec<u32>> {
    flatten_chardata(
        t,
        |c| char_value(c).filter(|&c| c <= 255),
        |bytes, out| {
            out.extend(bytes.iter().map(|&b| u32::from(b)));
        },
    )
}

/// Flattens the argument of `~ts`: a deep list of non-negative integers
/// and binaries, with each binary decoded as UTF-8, or taken byte by byte
/// when it is not valid UTF-8.
///
/// NOTE: integers above `u32::MAX` are rejected, where OTP passes them on
/// to the output unchanged.
pub fn unicode_chars(t: Term) -> Option<Vec<u32>> {
    flatten_chardata(t, char_value, push_utf8_or_bytes)
}

/// Appends the characters of `bytes` decoded as UTF-8, or the bytes
/// themselves when they are not valid UTF-8.
pub fn push_utf8_or_bytes(bytes: &[u8], out: &mut Vec<u32>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => push_str(out, text),
        Err(_) => out.extend(bytes.iter().map(|&b| u32::from(b))),
    }
}

/// Walks a deep list of characters and binaries without recursion.
fn flatten_chardata(
    t: Term,
    char_of: impl Fn(Term) -> Option<u32>,
    push_binary: impl Fn(&[u8], &mut Vec<u32>),
) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut pending = vec![t];
    while let Some(mut item) = pending.pop() {
        if item.is_nil() {
            continue;
        }
        if !item.is_list() {
            let bytes = crate::bits::binary_bytes(item)?;
            push_binary(&bytes, &mut out);
            continue;
        }
        while item.is_cons() {
            let head = item.head();
            if let Some(c) = char_of(head) {
                out.push(c);
            } else if head.is_list() {
                // Finish the nested list before the rest of this one.
                pending.push(item.tail());
                item = head;
                continue;
            } else {
                let bytes = crate::bits::binary_bytes(head)?;
                push_binary(&bytes, &mut out);
            }
            item = item.tail();
        }
        if !item.is_nil() {
            // An improper tail may only be a binary.
            let bytes = crate::bits::binary_bytes(item)?;
            push_binary(&bytes, &mut out);
        }
    }
    Some(out)
}

/// Returns the characters of a flat list of integers, or `None` when `t`
/// is not a proper list of integers in `0..=u32::MAX`.
pub fn flat_chars(t: Term) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut list = t;
    while list.is_cons() {
        out.push(char_value(list.head())?);
        list = list.tail();
    }
    list.is_nil().then_some(out)
}

// ---- printable lists ----

/// Returns `true` for the characters `io_lib:printable_latin1_list/1`
/// accepts: `\s..~`, `\240..\377` and the escapes `\n \r \t \v \b \f \e`.
pub fn is_printable_latin1(c: u32) -> bool {
    matches!(c, 0x20..=0x7E | 0xA0..=0xFF | 0x08..=0x0D | 0x1B)
}

/// Returns `true` when `t` is a proper list of printable latin1
/// characters. The empty list is printable.
pub fn is_printable_latin1_list(t: Term) -> bool {
    let mut list = t;
    while list.is_cons() {
        if !char_value(list.head()).is_some_and(is_printable_latin1) {
            return false;
        }
        list = list.tail();
    }
    list.is_nil()
}

// ---- escaping ----

/// The escaping of characters above 255 by `write_string`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// Kept as they are, as `io_lib:write_string/2` does.
    Unicode,
    /// Written as `\x{HEX}`, as `io_lib:write_string_as_latin1/2` does.
    Latin1,
}

/// Appends `chars` in quotes, escaped as `io_lib:write_string/2` does.
pub fn write_string(out: &mut Vec<u32>, chars: &[u32], quote: char, escape: Escape) {
    let quote = u32::from(quote);
    out.push(quote);
    for &c in chars {
        push_escaped(out, c, quote, escape);
    }
    out.push(quote);
}

/// Appends one character of a quoted string or atom.
fn push_escaped(out: &mut Vec<u32>, c: u32, quote: u32, escape: Escape) {
    let escaped = match c {
        _ if c == quote => {
            out.extend([u32::from('\\'), c]);
            return;
        }
        0x5C => "\\\\",
        0x20..=0x7E => {
            out.push(c);
            return;
        }
        0x0A => "\\n",
        0x0D => "\\r",
        0x09 => "\\t",
        0x0B => "\\v",
        0x08 => "\\b",
        0x0C => "\\f",
        0x1B => "\\e",
        0x7F => "\\d",
        _ if c < 0xA0 => {
            let octal = format!("\\{}{}{}", c >> 6, (c >> 3) & 7, c & 7);
            push_str(out, &octal);
            return;
        }
        _ if escape == Escape::Unicode || c <= 0xFF => {
            out.push(c);
            return;
        }
        _ => {
            push_str(out, &format!("\\x{{{c:X}}}"));
            return;
        }
    };
    push_str(out, escaped);
}

// ---- widths ----

/// Returns the width of `text` as `io_lib:chars_length/1` counts it: the
/// number of characters when all are at most 255 (as `iolist_size/1`
/// succeeds then), else the number of grapheme clusters, as
/// `string:length/1` counts them.
pub fn chars_length(text: &[u32]) -> usize {
    if text.iter().all(|&c| c <= 255) {
        text.len()
    } else {
        grapheme_count(text)
    }
}

/// Returns the number of grapheme clusters in `text`.
pub fn grapheme_count(text: &[u32]) -> usize {
    grapheme_starts(text).count()
}

/// Returns the first `count` grapheme clusters of `text`, as
/// `string:slice(Text, 0, Count)` does.
pub fn grapheme_prefix(text: &[u32], count: usize) -> &[u32] {
    match grapheme_starts(text).nth(count) {
        Some(end) => &text[..end],
        None => text,
    }
}

/// Returns the indices where grapheme clusters start.
///
/// NOTE: this approximates Unicode's extended grapheme clusters with the
/// rules that matter most for text: CR LF, combining marks in the main
/// combining blocks, variation selectors, emoji modifiers and tags, zero
/// width joiner sequences and regional indicator pairs. Hangul jamo
/// sequences and the marks of Indic scripts count as one cluster per
/// code point here, where `string:length/1` joins them.
fn grapheme_starts(text: &[u32]) -> impl Iterator<Item = usize> + '_ {
    let mut index = 0;
    std::iter::from_fn(move || {
        if index >= text.len() {
            return None;
        }
        let start = index;
        let first = text[index];
        index += 1;
        if first == 0x0D && text.get(index) == Some(&0x0A) {
            index += 1;
            return Some(start);
        }
        if is_control(first) {
            return Some(start);
        }
        let mut previous = first;
        let mut regional_pair = is_regional_indicator(first);
        while let Some(&next) = text.get(index) {
            let joins = is_extend(next)
                || previous == 0x200D && !is_control(next)
                || regional_pair && is_regional_indicator(next);
            if !joins {
                break;
            }
            if is_regional_indicator(next) {
                regional_pair = false;
            }
            previous = next;
            index += 1;
        }
        Some(start)
    })
}

fn is_control(c: u32) -> bool {
    c < 0x20 || (0x7F..0xA0).contains(&c)
}

fn is_regional_indicator(c: u32) -> bool {
    (0x1F1E6..=0x1F1FF).contains(&c)
}

/// Returns `true` for characters that extend the cluster before them.
fn is_extend(c: u32) -> bool {
    matches!(
        c,
        0x0300..=0x036F
            | 0x0483..=0x0489
            | 0x0591..=0x05BD
            | 0x0610..=0x061A
            | 0x064B..=0x065F
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x200C..=0x200D
            | 0x20D0..=0x20FF
            | 0x302A..=0x302F
            | 0x3099..=0x309A
            | 0xFE00..=0xFE0F
            | 0xFE20..=0xFE2F
            | 0x1F3FB..=0x1F3FF
            | 0xE0020..=0xE007F
            | 0xE0100..=0xE01EF
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Heap;
    use crate::print::test_syntax::parse;

    fn chars(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    #[test]
    fn latin1_chars_flatten_iolists() {
        let mut heap = Heap::default();
        let deep = parse(&mut heap, "[97,[98,<<99,100>>],[],101|<<102>>]");
        assert_eq!(latin1_chars(deep), Some(chars("abcdef")));
        let wide = parse(&mut heap, "[256]");
        assert_eq!(latin1_chars(wide), None);
        let atom_tail = parse(&mut heap, "[97|b]");
        assert_eq!(latin1_chars(atom_tail), None);
        let bits = parse(&mut heap, "<<1:3>>");
        assert_eq!(latin1_chars(bits), None);
    }

    #[test]
    fn unicode_chars_decode_binaries() {
        let mut heap = Heap::default();
        let utf8 = parse(&mut heap, "[<<195,169>>,8364]");
        assert_eq!(unicode_chars(utf8), Some(vec![0xE9, 8364]));
        let invalid = parse(&mut heap, "<<255,97>>");
        assert_eq!(unicode_chars(invalid), Some(vec![255, 97]));
        let negative = parse(&mut heap, "[-1]");
        assert_eq!(unicode_chars(negative), None);
    }

    #[test]
    fn strings_escape_like_io_lib() {
        let cases: &[(&str, Escape, &str)] = &[
            ("say \"hi\"", Escape::Unicode, "\"say \\\"hi\\\"\""),
            ("a\\b\n\t", Escape::Unicode, "\"a\\\\b\\n\\t\""),
            (
                "\u{7f}\u{1}\u{9f}\u{a0}\u{ff}",
                Escape::Latin1,
                "\"\\d\\001\\237\u{a0}\u{ff}\"",
            ),
            ("\u{20ac}", Escape::Latin1, "\"\\x{20AC}\""),
            ("\u{20ac}", Escape::Unicode, "\"\u{20ac}\""),
        ];
        for &(input, escape, expected) in cases {
            let mut out = Vec::new();
            write_string(&mut out, &chars(input), '"', escape);
            assert_eq!(to_string(&out), expected, "{input:?}");
        }
    }

    #[test]
    fn lengths_count_graphemes_beyond_latin1() {
        assert_eq!(chars_length(&chars("\r\nab")), 4);
        assert_eq!(chars_length(&[0x65, 0x301, 0x61]), 2);
        assert_eq!(chars_length(&[0x65, 0x301, 0x61, 0x100]), 3);
        assert_eq!(grapheme_prefix(&chars("\r\nab"), 2), &chars("\r\na")[..]);
        assert_eq!(grapheme_count(&[0x1F1EB, 0x1F1F7, 0x1F1E9]), 2);
        assert_eq!(grapheme_count(&[0x1F468, 0x200D, 0x1F469]), 1);
    }
}
