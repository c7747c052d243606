//! PCRE2 character tables for ISO-8859-1, which OTP's `re` uses in place
//! of PCRE2's ASCII-only defaults.
//!
//! The tables decide `\w`, `\d`, `\s`, the POSIX classes and caseless
//! matching for code points below 256, in UTF mode too. The classes below
//! are those of glibc's ISO-8859-1 locale, checked byte by byte against
//! OTP 25's `re`: letters are 0xAA, 0xB5, 0xBA and 0xC0 to 0xFF except
//! 0xD7 and 0xF7, NBSP (0xA0) is printable punctuation, and 0xDF, 0xFF,
//! 0xAA, 0xB5 and 0xBA have no case partner.

use std::sync::LazyLock;

/// Offsets and sizes of PCRE2's table layout (`pcre2_internal.h`).
const LOWER_CASE: usize = 0;
const FLIP_CASE: usize = 256;
const CLASS_BITS: usize = 512;
const CLASS_BITS_LENGTH: usize = 320;
const CHAR_TYPES: usize = CLASS_BITS + CLASS_BITS_LENGTH;
const TABLES_LENGTH: usize = CHAR_TYPES + 256;

/// Offsets of the class bitmaps within the class bits.
const CBIT_SPACE: usize = 0;
const CBIT_XDIGIT: usize = 32;
const CBIT_DIGIT: usize = 64;
const CBIT_UPPER: usize = 96;
const CBIT_LOWER: usize = 128;
const CBIT_WORD: usize = 160;
const CBIT_GRAPH: usize = 192;
const CBIT_PRINT: usize = 224;
const CBIT_PUNCT: usize = 256;
const CBIT_CNTRL: usize = 288;

/// Bits of the character type table.
const CTYPE_SPACE: u8 = 0x01;
const CTYPE_LETTER: u8 = 0x02;
const CTYPE_LOWER: u8 = 0x04;
const CTYPE_DIGIT: u8 = 0x08;
const CTYPE_WORD: u8 = 0x10;

fn is_upper(c: u8) -> bool {
    c.is_ascii_uppercase() || ((0xC0..=0xDE).contains(&c) && c != 0xD7)
}

fn is_lower(c: u8) -> bool {
    c.is_ascii_lowercase() || matches!(c, 0xAA | 0xB5 | 0xBA) || (c >= 0xDF && c != 0xF7)
}

fn is_alpha(c: u8) -> bool {
    is_upper(c) || is_lower(c)
}

fn is_alnum(c: u8) -> bool {
    is_alpha(c) || c.is_ascii_digit()
}

fn is_space(c: u8) -> bool {
    matches!(c, 9..=13 | b' ')
}

fn is_graph(c: u8) -> bool {
    (0x21..=0x7E).contains(&c) || c >= 0xA0
}

fn is_print(c: u8) -> bool {
    c == b' ' || is_graph(c)
}

fn is_cntrl(c: u8) -> bool {
    c < 0x20 || (0x7F..=0x9F).contains(&c)
}

fn to_lower(c: u8) -> u8 {
    if is_upper(c) { c + 0x20 } else { c }
}

/// The case partner of a letter: only letters whose other case is also in
/// ISO-8859-1 have one.
fn flip_case(c: u8) -> u8 {
    if is_upper(c) {
        c + 0x20
    } else if c.is_ascii_lowercase() || ((0xE0..=0xFE).contains(&c) && c != 0xF7) {
        c - 0x20
    } else {
        c
    }
}

fn build() -> [u8; TABLES_LENGTH] {
    let mut tables = [0u8; TABLES_LENGTH];
    for c in 0..=255u8 {
        let i = usize::from(c);
        tables[LOWER_CASE + i] = to_lower(c);
        tables[FLIP_CASE + i] = flip_case(c);
        let classes = [
            (CBIT_DIGIT, c.is_ascii_digit()),
            (CBIT_UPPER, is_upper(c)),
            (CBIT_LOWER, is_lower(c)),
            (CBIT_WORD, is_alnum(c) || c == b'_'),
            (CBIT_SPACE, is_space(c)),
            (CBIT_XDIGIT, c.is_ascii_hexdigit()),
            (CBIT_GRAPH, is_graph(c)),
            (CBIT_PRINT, is_print(c)),
            (CBIT_PUNCT, is_graph(c) && !is_alnum(c)),
            (CBIT_CNTRL, is_cntrl(c)),
        ];
        for (offset, member) in classes {
            if member {
                tables[CLASS_BITS + offset + i / 8] |= 1 << (i % 8);
            }
        }
        let mut types = 0;
        if is_space(c) {
            types |= CTYPE_SPACE;
        }
        if is_alpha(c) {
            types |= CTYPE_LETTER;
        }
        if is_lower(c) {
            types |= CTYPE_LOWER;
        }
        if c.is_ascii_digit() {
            types |= CTYPE_DIGIT;
        }
        if is_alnum(c) || c == b'_' {
            types |= CTYPE_WORD;
        }
        tables[CHAR_TYPES + i] = types;
    }
    tables
}

/// The tables, built once. PCRE2 keeps a pointer to them in every pattern
/// compiled with them, so they live for the whole program.
pub static TABLES: LazyLock<[u8; TABLES_LENGTH]> = LazyLock::new(build);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_part_matches_c_locale() {
        let tables = &*TABLES;
        assert_eq!(tables[LOWER_CASE + usize::from(b'A')], b'a');
        assert_eq!(tables[FLIP_CASE + usize::from(b'a')], b'A');
        assert_eq!(tables[CHAR_TYPES + usize::from(b'_')], CTYPE_WORD);
        assert_eq!(tables[CHAR_TYPES + usize::from(b'\t')], CTYPE_SPACE);
    }

    #[test]
    fn latin1_letters_have_cases() {
        let tables = &*TABLES;
        assert_eq!(tables[FLIP_CASE + 0xC9], 0xE9);
        assert_eq!(tables[FLIP_CASE + 0xE9], 0xC9);
        assert_eq!(tables[FLIP_CASE + 0xDF], 0xDF);
        assert_eq!(tables[FLIP_CASE + 0xF7], 0xF7);
        assert_ne!(tables[CHAR_TYPES + 0xB5] & CTYPE_WORD, 0);
        assert_eq!(tables[CHAR_TYPES + 0xD7] & CTYPE_WORD, 0);
    }

    #[test]
    fn punctuation_excludes_letters() {
        let punct = |c: usize| tables_bit(CBIT_PUNCT, c);
        assert!(punct(0xA0));
        assert!(punct(0xD7));
        assert!(!punct(0xAA));
        assert!(!punct(0xE9));
    }

    fn tables_bit(offset: usize, c: usize) -> bool {
        TABLES[CLASS_BITS + offset + c / 8] & (1 << (c % 8)) != 0
    }
}
