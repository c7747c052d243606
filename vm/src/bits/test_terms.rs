//! Test support: reads terms written in Erlang syntax and writes terms the
//! way `io:format("~w", [T])` does, so tests can state inputs and expected
//! outputs exactly as `erl` prints them.
//!
//! The reader covers the literals tests need: integers of any size, floats,
//! atoms, strings (as lists), lists, tuples, and binaries whose segments are
//! strings, integers and a trailing `Value:Size` for bitstrings.

use num_bigint::BigInt;

use super::BitWriter;
use crate::atom::Atom;
use crate::bignum::{from_bigint, to_bigint};
use crate::heap::{self, Alloc};
use crate::term::Term;

/// Builds the term written as `text`.
///
/// # Panics
/// Panics on text outside the supported syntax, naming the position.
pub(crate) fn parse(heap: &mut impl Alloc, text: &str) -> Term {
    let mut reader = Reader {
        text: text.as_bytes(),
        pos: 0,
    };
    let term = reader.term(heap);
    reader.skip_space();
    assert_eq!(reader.pos, text.len(), "trailing text in {text:?}");
    term
}

/// Builds the term at the start of `text` and returns it with the number
/// of bytes it took.
pub(crate) fn parse_prefix(heap: &mut impl Alloc, text: &str) -> (Term, usize) {
    let mut reader = Reader {
        text: text.as_bytes(),
        pos: 0,
    };
    let term = reader.term(heap);
    (term, reader.pos)
}

/// Formats `term` as `~w` does.
pub(crate) fn show(term: Term) -> String {
    let mut out = String::new();
    write_term(&mut out, term);
    out
}

struct Reader<'a> {
    text: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while self
            .text
            .get(self.pos)
            .is_some_and(|c| c.is_ascii_whitespace())
        {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> u8 {
        self.skip_space();
        self.text.get(self.pos).copied().unwrap_or(0)
    }

    fn expect(&mut self, token: &str) {
        self.skip_space();
        assert!(
            self.text[self.pos..].starts_with(token.as_bytes()),
            "expected {token:?} at byte {} of {:?}",
            self.pos,
            String::from_utf8_lossy(self.text)
        );
        self.pos += token.len();
    }

    fn term(&mut self, heap: &mut impl Alloc) -> Term {
        match self.peek() {
            b'[' => self.list(heap),
            b'{' => {
                self.expect("{");
                let items = self.sequence(heap, b'}');
                self.expect("}");
                heap::tuple(heap, &items)
            }
            b'<' => self.binary(heap),
            b'"' => {
                let s = self.string();
                heap::char_list(heap, &s)
            }
            b'\'' => {
                self.pos += 1;
                let start = self.pos;
                while self.text[self.pos] != b'\'' {
                    self.pos += 1;
                }
                let name = std::str::from_utf8(&self.text[start..self.pos]).expect("utf-8");
                self.pos += 1;
                Term::atom(Atom::from_static(name))
            }
            c if c == b'-' || c.is_ascii_digit() => self.number(heap),
            c if c.is_ascii_lowercase() => {
                let start = self.pos;
                while self
                    .text
                    .get(self.pos)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'@')
                {
                    self.pos += 1;
                }
                let name = std::str::from_utf8(&self.text[start..self.pos]).expect("ascii");
                Term::atom(Atom::from_static(name))
            }
            c => panic!("unexpected {:?} at byte {}", c as char, self.pos),
        }
    }

    fn sequence(&mut self, heap: &mut impl Alloc, close: u8) -> Vec<Term> {
        let mut items = Vec::new();
        if self.peek() == close {
            return items;
        }
        loop {
            items.push(self.term(heap));
            if self.peek() == b',' {
                self.pos += 1;
            } else {
                return items;
            }
        }
    }

    fn list(&mut self, heap: &mut impl Alloc) -> Term {
        self.expect("[");
        let items = self.sequence(heap, b']');
        let tail = if self.peek() == b'|' {
            self.pos += 1;
            self.term(heap)
        } else {
            Term::NIL
        };
        self.expect("]");
        heap::list_with_tail(heap, &items, tail)
    }

    fn string(&mut self) -> String {
        self.expect("\"");
        let start = self.pos;
        while self.text[self.pos] != b'"' {
            self.pos += 1;
        }
        let s = std::str::from_utf8(&self.text[start..self.pos]).expect("utf-8");
        self.pos += 1;
        s.to_owned()
    }

    fn integer_text(&mut self) -> String {
        self.skip_space();
        let start = self.pos;
        if self.text[self.pos] == b'-' {
            self.pos += 1;
        }
        while self.text.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        String::from_utf8(self.text[start..self.pos].to_vec()).expect("ascii")
    }

    fn number(&mut self, heap: &mut impl Alloc) -> Term {
        let start = self.pos;
        let digits = self.integer_text();
        let is_float = self.text.get(self.pos) == Some(&b'.')
            && self.text.get(self.pos + 1).is_some_and(u8::is_ascii_digit);
        if !is_float {
            let v: BigInt = digits.parse().expect("integer");
            return from_bigint(heap, &v);
        }
        self.pos += 1;
        while self
            .text
            .get(self.pos)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'+')
        {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.text[start..self.pos]).expect("ascii");
        heap::float(heap, text.parse().expect("float"))
    }

    fn binary(&mut self, heap: &mut impl Alloc) -> Term {
        self.expect("<<");
        let mut writer = BitWriter::new();
        if self.peek() != b'>' {
            loop {
                if self.peek() == b'"' {
                    let s = self.string();
                    writer.push_bytes(s.as_bytes());
                } else {
                    let value: i64 = self.integer_text().parse().expect("byte");
                    let bits = if self.peek() == b':' {
                        self.pos += 1;
                        self.integer_text().parse().expect("size")
                    } else {
                        8
                    };
                    writer.push_uint(value as u64 & ((1u64 << bits) - 1), bits as u32);
                }
                if self.peek() == b',' {
                    self.pos += 1;
                } else {
                    break;
                }
            }
        }
        self.expect(">>");
        writer.into_term(heap)
    }
}

fn write_term(out: &mut String, term: Term) {
    use std::fmt::Write;
    if term.is_integer() {
        let v = to_bigint(term).expect("integer");
        write!(out, "{v}").expect("string write");
    } else if let Some(f) = term.as_float() {
        write!(out, "{f:?}").expect("string write");
    } else if let Some(a) = term.as_atom() {
        write_atom(out, a.name());
    } else if term.is_list() {
        write_list(out, term);
    } else if term.is_bitstring() {
        let (bytes, bits) = super::bitstring_bytes(term).expect("bitstring");
        let whole = (bits / 8) as usize;
        let parts: Vec<String> = bytes[..whole].iter().map(u8::to_string).collect();
        out.push_str("<<");
        out.push_str(&parts.join(","));
        let rest = bits % 8;
        if rest > 0 {
            if whole > 0 {
                out.push(',');
            }
            let value = bytes[whole] >> (8 - rest);
            write!(out, "{value}:{rest}").expect("string write");
        }
        out.push_str(">>");
    } else if term.is_tuple() {
        out.push('{');
        for (i, e) in term.tuple_elements().iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_term(out, *e);
        }
        out.push('}');
    } else {
        write!(out, "{term:?}").expect("string write");
    }
}

fn write_list(out: &mut String, list: Term) {
    out.push('[');
    let mut cur = list;
    let mut first = true;
    while cur.is_cons() {
        if !first {
            out.push(',');
        }
        first = false;
        write_term(out, cur.head());
        cur = cur.tail();
    }
    if !cur.is_nil() {
        out.push('|');
        write_term(out, cur);
    }
    out.push(']');
}

fn write_atom(out: &mut String, name: &str) {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@');
    if plain {
        out.push_str(name);
    } else {
        out.push('\'');
        out.push_str(name);
        out.push('\'');
    }
}

#[test]
fn parse_and_show_round_trip() {
    let mut heap = crate::heap::Heap::default();
    for text in [
        "[1,2,{a,'B c',<<>>}|x]",
        "<<1,2,3:3>>",
        "<<5:4>>",
        "123456789012345678901234567890",
        "-1",
        "{}",
        "[]",
    ] {
        let t = parse(&mut heap, text);
        assert_eq!(show(t), text);
    }
    assert_eq!(show(parse(&mut heap, "<<\"ab\",1>>")), "<<97,98,1>>");
    assert_eq!(show(parse(&mut heap, "\"ab\"")), "[97,98]");
}
