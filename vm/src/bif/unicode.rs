//! The `unicode` conversions: `characters_to_binary/1,2,3`,
//! `characters_to_list/1,2` and `bin_is_7bit/1`.
//!
//! OTP 25 converts in two ways, and both are reproduced here because their
//! `{error, Converted, Rest}` and `{incomplete, Converted, Rest}` results
//! differ in the shape of `Rest`:
//!
//! - The C BIFs `characters_to_binary/2` and `characters_to_list/2` handle
//!   `latin1`, `unicode` and `utf8` input. They check the shape of the
//!   whole input first (badarg), then convert to UTF-8, carrying a UTF-8
//!   sequence split across binaries into the next binary. See
//!   [`NativeConverter`].
//! - `unicode.erl` handles UTF-16 and UTF-32 input, and any output other
//!   than UTF-8, with `ml_map/3`, which raises badarg only when it reaches
//!   an invalid element. See [`MlConverter`].
//!
//! OTP's C BIFs yield and resume on long inputs. These run to completion,
//! so they give the results OTP gives when it does not yield in between.
//! Rests are built as new binaries where OTP makes sub-binaries; they are
//! equal terms.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::rc::Rc;

use crate::atom::{self, Atom};
use crate::bits;
use crate::exception::{BifResult, Exception};
use crate::heap::{self, Alloc};
use crate::process::Process;
use crate::term::{HeaderTag, Term};

// ---- encodings ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endian {
    Big,
    Little,
}

/// A character encoding argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Latin1,
    /// `unicode` or `utf8`.
    Utf8,
    Utf16(Endian),
    Utf32(Endian),
}

fn parse_encoding(t: Term) -> Option<Encoding> {
    if let Some(a) = t.as_atom() {
        return match a {
            atom::LATIN1 => Some(Encoding::Latin1),
            atom::UNICODE | atom::UTF8 => Some(Encoding::Utf8),
            atom::UTF16 => Some(Encoding::Utf16(Endian::Big)),
            atom::UTF32 => Some(Encoding::Utf32(Endian::Big)),
            _ => None,
        };
    }
    if t.tuple_arity() != Some(2) {
        return None;
    }
    let endian = match t.element(1).as_atom()? {
        atom::BIG => Endian::Big,
        atom::LITTLE => Endian::Little,
        _ => return None,
    };
    match t.element(0).as_atom()? {
        atom::UTF16 => Some(Encoding::Utf16(endian)),
        atom::UTF32 => Some(Encoding::Utf32(endian)),
        _ => None,
    }
}

/// Returns the bytes of a binary term (a bitstring of whole bytes).
fn binary_bytes<'a>(t: Term) -> Option<Cow<'a, [u8]>> {
    bits::binary_bytes(t)
}

fn is_binary(t: Term) -> bool {
    heap::bitstring(t).is_some_and(|b| b.is_binary())
}

/// Appends the UTF-8 encoding of a code point the caller checked.
fn push_utf8(out: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// Decodes a UTF-8 buffer this module produced, which is always valid.
fn code_points(utf8: &[u8]) -> Vec<Term> {
    String::from_utf8_lossy(utf8)
        .chars()
        .map(|c| Term::small_unchecked(i64::from(u32::from(c))))
        .collect()
}

/// The end state of a conversion.
enum Outcome {
    Complete,
    /// `{error, Converted, Rest}`.
    Error(Term),
    /// `{incomplete, Converted, Rest}`.
    Incomplete(Term),
}

/// Builds the result of `characters_to_binary`: the binary, or a tagged
/// tuple around it.
fn binary_result(heap: &mut impl Alloc, utf8_or_encoded: &[u8], outcome: Outcome) -> Term {
    let converted = heap::binary(heap, utf8_or_encoded);
    tag_result(heap, converted, outcome)
}

/// Builds the result of `characters_to_list` from UTF-8 output.
fn list_result(heap: &mut impl Alloc, utf8: &[u8], outcome: Outcome) -> Term {
    let converted = heap::list(heap, &code_points(utf8));
    tag_result(heap, converted, outcome)
}

fn tag_result(heap: &mut impl Alloc, converted: Term, outcome: Outcome) -> Term {
    match outcome {
        Outcome::Complete => converted,
        Outcome::Error(rest) => heap::tuple(heap, &[Term::atom(atom::ERROR), converted, rest]),
        Outcome::Incomplete(rest) => {
            heap::tuple(heap, &[Term::atom(atom::INCOMPLETE), converted, rest])
        }
    }
}

// ---- the C conversion: latin1, unicode and utf8 input ----

/// Checks the shape of the input as OTP's `utf8_need` does before
/// converting: a binary, or a possibly deep list of integers, binaries and
/// lists whose tails are `[]` or binaries. A bitstring that is not a whole
/// number of bytes, or any other term, makes it invalid.
///
/// OTP stops checking at the first bignum element, in input order, and
/// leaves it to the conversion to report it in an error tuple, so
/// `[97, 1 bsl 70, foo]` is an error result rather than badarg.
fn native_shape_ok(subject: Term) -> bool {
    if subject.is_nil() || is_binary(subject) {
        return true;
    }
    if !subject.is_cons() {
        return false;
    }
    // Tails of the enclosing lists, innermost last.
    let mut pending = vec![subject];
    while let Some(mut t) = pending.pop() {
        while t.is_cons() {
            let head = t.head();
            if head.is_cons() {
                pending.push(t.tail());
                t = head;
                continue;
            }
            if head.is_bignum() {
                return true;
            }
            if !(head.is_small() || head.is_nil() || is_binary(head)) {
                return false;
            }
            t = t.tail();
        }
        if !(t.is_nil() || is_binary(t)) {
            return false;
        }
    }
    true
}

/// Returns the length of the UTF-8 sequence a lead byte starts, or `None`
/// for a continuation byte or a byte that starts none.
fn utf8_length(lead: u8) -> Option<usize> {
    match lead {
        0x00..=0x7F => Some(1),
        _ if lead & 0xE0 == 0xC0 => Some(2),
        _ if lead & 0xF0 == 0xE0 => Some(3),
        _ if lead & 0xF8 == 0xF0 => Some(4),
        _ => None,
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Checks one complete multi-byte sequence as OTP's `copy_utf8_bin` does:
/// continuation bytes, overlong forms, surrogates and code points above
/// U+10FFFF are rejected.
fn valid_sequence(s: &[u8]) -> bool {
    match s.len() {
        1 => true,
        2 => is_continuation(s[1]) && s[0] >= 0xC2,
        3 => {
            is_continuation(s[1])
                && is_continuation(s[2])
                && !(s[0] == 0xE0 && s[1] < 0xA0)
                && !(s[0] & 0x0F == 0x0D && s[1] & 0x20 != 0)
        }
        4 => {
            is_continuation(s[1])
                && is_continuation(s[2])
                && is_continuation(s[3])
                && !(s[0] == 0xF0 && s[1] < 0x90)
                && !(s[0] & 0x07 > 4 || (s[0] & 0x07 == 4 && s[1] & 0x3F > 0x0F))
        }
        _ => false,
    }
}

/// Returns `true` when `leftover`, the bytes that ended the input, could
/// begin a valid sequence (OTP's `check_leftovers`): the conversion is then
/// incomplete rather than in error.
fn leftover_is_prefix(leftover: &[u8]) -> bool {
    let Some(&lead) = leftover.first() else {
        return false;
    };
    let size = leftover.len();
    let cont = |i: usize| leftover.get(i).copied().is_some_and(is_continuation);
    if lead & 0xE0 == 0xC0 {
        true
    } else if lead & 0xF0 == 0xE0 {
        size < 2 || (size < 3 && cont(1))
    } else if lead & 0xF8 == 0xF0 {
        size < 2 || (size < 3 && cont(1)) || (size < 4 && cont(1) && cont(2))
    } else {
        false
    }
}

/// OTP's C conversion to UTF-8 (`do_build_utf8`), run to completion.
struct NativeConverter {
    latin1: bool,
    out: Vec<u8>,
    /// The start of a UTF-8 sequence that a binary ended in, waiting for
    /// the next binary to complete it.
    leftover: Vec<u8>,
}

impl NativeConverter {
    fn new(latin1: bool) -> NativeConverter {
        NativeConverter {
            latin1,
            out: Vec::new(),
            leftover: Vec::new(),
        }
    }

    /// Appends a character given as an integer element; returns `false`
    /// for one that is invalid in the input encoding.
    fn push_char(&mut self, value: i64) -> bool {
        let Ok(code) = u32::try_from(value) else {
            return false;
        };
        if self.latin1 && code > 255 {
            return false;
        }
        match char::from_u32(code) {
            Some(c) => {
                push_utf8(&mut self.out, c);
                true
            }
            None => false,
        }
    }

    /// Copies UTF-8 bytes to the output. Returns the offset of the first
    /// invalid sequence, if any. A sequence cut short by the end of `bytes`
    /// is kept as leftover.
    fn copy_utf8(&mut self, bytes: &[u8]) -> Result<(), usize> {
        let mut pos = 0;
        if let Some(&lead) = self.leftover.first() {
            let need = utf8_length(lead).unwrap_or(1);
            let from_source = need.saturating_sub(self.leftover.len());
            if bytes.len() < from_source {
                self.leftover.extend_from_slice(bytes);
                return Ok(());
            }
            let mut sequence = self.leftover.clone();
            sequence.extend_from_slice(&bytes[..from_source]);
            if !valid_sequence(&sequence) {
                // The whole binary is the rest; the leftover stays as it
                // was and is reported in front of it.
                return Err(0);
            }
            self.out.extend_from_slice(&sequence);
            self.leftover.clear();
            pos = from_source;
        }
        while pos < bytes.len() {
            let need = utf8_length(bytes[pos]).ok_or(pos)?;
            if bytes.len() - pos < need {
                self.leftover = bytes[pos..].to_vec();
                break;
            }
            let sequence = &bytes[pos..pos + need];
            if !valid_sequence(sequence) {
                return Err(pos);
            }
            self.out.extend_from_slice(sequence);
            pos += need;
        }
        Ok(())
    }

    /// Converts one binary. Returns the rest of it from the first invalid
    /// byte on, as a new binary, when it has one.
    fn binary(&mut self, heap: &mut impl Alloc, binary: Term) -> Option<Term> {
        let bytes = binary_bytes(binary)?;
        if self.latin1 {
            for &b in bytes.iter() {
                push_utf8(&mut self.out, char::from(b));
            }
            return None;
        }
        let offset = self.copy_utf8(&bytes).err()?;
        let rest = bytes[offset..].to_vec();
        Some(heap::binary(heap, &rest))
    }

    /// Converts `subject`, which passed [`native_shape_ok`]. Returns the
    /// rest of the input from the first invalid element on, nested in the
    /// tails of the enclosing lists, when there is one.
    fn run(&mut self, heap: &mut impl Alloc, subject: Term) -> Option<Term> {
        if subject.is_nil() {
            return None;
        }
        if !subject.is_cons() {
            return self.binary(heap, subject);
        }
        // Tails of the enclosing lists still to convert, innermost last.
        let mut pending: Vec<Term> = vec![subject];
        let mut failed_at = None;
        'lists: while let Some(mut cell) = pending.pop() {
            while cell.is_cons() {
                let head = cell.head();
                if let Some(value) = head.as_small() {
                    // An integer cannot complete a sequence a binary began.
                    if !self.leftover.is_empty() || !self.push_char(value) {
                        failed_at = Some(cell);
                        break 'lists;
                    }
                } else if head.is_cons() {
                    pending.push(cell.tail());
                    pending.push(head);
                    continue 'lists;
                } else if head.is_nil() {
                    // An empty list contributes nothing.
                } else if is_binary(head) {
                    if let Some(rest) = self.binary(heap, head) {
                        failed_at = Some(heap::cons(heap, rest, cell.tail()));
                        break 'lists;
                    }
                } else {
                    // A bignum, which the shape check let through.
                    failed_at = Some(cell);
                    break 'lists;
                }
                cell = cell.tail();
            }
            if !cell.is_nil() {
                // An improper tail, which the shape check allows only as a
                // binary.
                if let Some(rest) = self.binary(heap, cell) {
                    failed_at = Some(rest);
                    break 'lists;
                }
            }
        }
        let mut rest = failed_at?;
        while let Some(tail) = pending.pop() {
            rest = heap::cons(heap, rest, tail);
        }
        Some(rest)
    }

    /// Runs the conversion and classifies the result as OTP's
    /// `build_utf8_return` does.
    fn convert(mut self, heap: &mut impl Alloc, subject: Term) -> (Vec<u8>, Outcome) {
        let failure = self.run(heap, subject);
        let outcome = match failure {
            Some(rest) => {
                if self.leftover.is_empty() {
                    Outcome::Error(rest)
                } else {
                    let leftover = heap::binary(heap, &self.leftover);
                    let rest = heap::list(heap, &[leftover, rest]);
                    Outcome::Error(rest)
                }
            }
            None if !self.leftover.is_empty() => {
                let leftover = heap::binary(heap, &self.leftover);
                if leftover_is_prefix(&self.leftover) {
                    Outcome::Incomplete(leftover)
                } else {
                    Outcome::Error(leftover)
                }
            }
            None => Outcome::Complete,
        };
        (self.out, outcome)
    }
}

/// `unicode:characters_to_binary(Data, latin1 | unicode | utf8)`.
fn native_to_binary(heap: &mut impl Alloc, data: Term, latin1: bool) -> BifResult {
    // A list of one binary converts as that binary.
    let subject = if data.is_cons() && is_binary(data.head()) && data.tail().is_nil() {
        data.head()
    } else {
        data
    };
    if !native_shape_ok(subject) {
        return Err(Exception::badarg());
    }
    if let Some(bytes) = binary_bytes(subject) {
        let unchanged = if latin1 {
            bytes.is_ascii()
        } else {
            std::str::from_utf8(&bytes).is_ok()
        };
        if unchanged {
            return Ok(subject);
        }
    }
    let (out, outcome) = NativeConverter::new(latin1).convert(heap, subject);
    Ok(binary_result(heap, &out, outcome))
}

/// `unicode:characters_to_list(Data, latin1 | unicode | utf8)`.
fn native_to_list(heap: &mut impl Alloc, data: Term, latin1: bool) -> BifResult {
    if !native_shape_ok(data) {
        return Err(Exception::badarg());
    }
    let (out, outcome) = NativeConverter::new(latin1).convert(heap, data);
    Ok(list_result(heap, &out, outcome))
}

// ---- the Erlang conversion of unicode.erl: other encodings ----

/// The end state of the conversion of one binary.
enum Decoded {
    Complete,
    /// The bytes from `at` on begin a character that needs `missing` more
    /// bytes.
    Incomplete {
        at: usize,
        missing: usize,
    },
    /// The bytes from `at` on do not begin a valid character.
    Invalid {
        at: usize,
    },
}

/// Returns how many bytes a truncated character at the end of the input
/// still needs, or `None` when `tail` is not the start of one. The rules
/// are those of `cbv/2` in `unicode.erl`, clause by clause.
fn missing_bytes(encoding: Encoding, tail: &[u8]) -> Option<usize> {
    let cont = |b: u8| b & 0xC0 == 0x80;
    match encoding {
        Encoding::Latin1 => None,
        Encoding::Utf8 => match *tail {
            [a] if a & 0xE0 == 0xC0 => Some(1),
            [a, ref rest @ ..] if a & 0xF0 == 0xE0 => match *rest {
                [] => Some(2),
                [b] if cont(b) => Some(1),
                _ => None,
            },
            [a, ref rest @ ..] if a & 0xF8 == 0xF0 => match *rest {
                [] => Some(3),
                [b] if cont(b) => Some(2),
                [b, c] if cont(b) && cont(c) => Some(1),
                _ => None,
            },
            _ => None,
        },
        Encoding::Utf16(Endian::Big) => {
            let high_surrogate = |b: u8| b >> 2 == 54;
            match *tail {
                [a] if a <= 215 || a >= 224 => Some(1),
                [a] if high_surrogate(a) => Some(3),
                [a, _] if high_surrogate(a) => Some(2),
                [a, _, c] if high_surrogate(a) && c >> 2 == 55 => Some(1),
                _ => None,
            }
        }
        Encoding::Utf16(Endian::Little) => match *tail {
            [_] => Some(1),
            [_, b] if b >> 2 == 54 => Some(2),
            [_, b, _] if b >> 2 == 54 => Some(1),
            _ => None,
        },
        Encoding::Utf32(Endian::Big) => match *tail {
            [0] => Some(3),
            [0, x] if x <= 16 => Some(2),
            [0, x, y] if x <= 16 && (x > 0 || y <= 215 || y >= 224) => Some(1),
            _ => None,
        },
        Encoding::Utf32(Endian::Little) => match *tail {
            [_] => Some(3),
            [_, _] => Some(2),
            [x, 255, 0] if x == 254 || x == 255 => None,
            [_, y, x] if x <= 16 && (x > 0 || y <= 215 || y >= 224) => Some(1),
            _ => None,
        },
    }
}

/// Decodes the character at the start of `bytes`, returning it and its
/// length, as an Erlang binary match on the encoding does.
fn decode_one(encoding: Encoding, bytes: &[u8]) -> Option<(u32, usize)> {
    let unit = |i: usize, endian: Endian| -> Option<u32> {
        let pair = [*bytes.get(i)?, *bytes.get(i + 1)?];
        Some(u32::from(match endian {
            Endian::Big => u16::from_be_bytes(pair),
            Endian::Little => u16::from_le_bytes(pair),
        }))
    };
    match encoding {
        Encoding::Latin1 => bytes.first().map(|&b| (u32::from(b), 1)),
        Encoding::Utf8 => {
            let need = utf8_length(*bytes.first()?)?;
            let sequence = bytes.get(..need)?;
            let c = std::str::from_utf8(sequence).ok()?.chars().next()?;
            Some((u32::from(c), need))
        }
        Encoding::Utf16(endian) => {
            let first = unit(0, endian)?;
            match first {
                0xD800..=0xDBFF => {
                    let second = unit(2, endian)?;
                    if (0xDC00..=0xDFFF).contains(&second) {
                        Some((0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00), 4))
                    } else {
                        None
                    }
                }
                0xDC00..=0xDFFF => None,
                _ => Some((first, 2)),
            }
        }
        Encoding::Utf32(endian) => {
            let word: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
            let value = match endian {
                Endian::Big => u32::from_be_bytes(word),
                Endian::Little => u32::from_le_bytes(word),
            };
            char::from_u32(value).map(|_| (value, 4))
        }
    }
}

/// Appends a code point in an output encoding; returns `false` when the
/// encoding cannot represent it.
fn encode_one(encoding: Encoding, code: u32, out: &mut Vec<u8>) -> bool {
    if encoding == Encoding::Latin1 {
        return match u8::try_from(code) {
            Ok(b) => {
                out.push(b);
                true
            }
            Err(_) => false,
        };
    }
    let Some(c) = char::from_u32(code) else {
        return false;
    };
    match encoding {
        Encoding::Latin1 => unreachable!("handled above"),
        Encoding::Utf8 => push_utf8(out, c),
        Encoding::Utf16(endian) => {
            let mut units = [0u16; 2];
            for &unit in c.encode_utf16(&mut units).iter() {
                out.extend_from_slice(&match endian {
                    Endian::Big => unit.to_be_bytes(),
                    Endian::Little => unit.to_le_bytes(),
                });
            }
        }
        Encoding::Utf32(endian) => out.extend_from_slice(&match endian {
            Endian::Big => code.to_be_bytes(),
            Endian::Little => code.to_le_bytes(),
        }),
    }
    true
}

/// A piece of a binary the conversion splits or joins: `unicode.erl`
/// cuts binaries over 8192 bytes and glues a truncated character to the
/// start of the next binary.
#[derive(Clone)]
struct Slice {
    data: Rc<[u8]>,
    start: usize,
    end: usize,
}

impl Slice {
    fn new(data: Vec<u8>) -> Slice {
        let end = data.len();
        Slice {
            data: data.into(),
            start: 0,
            end,
        }
    }

    fn bytes(&self) -> &[u8] {
        &self.data[self.start..self.end]
    }

    fn split_at(&self, at: usize) -> (Slice, Slice) {
        let mid = self.start + at;
        let mut first = self.clone();
        first.end = mid;
        let mut second = self.clone();
        second.start = mid;
        (first, second)
    }
}

/// An element of a list being converted: a term from the input, or a
/// binary the conversion made.
enum Piece {
    Term(Term),
    Bytes(Slice),
}

/// One list being walked: the pieces the conversion put in front of it,
/// then the rest of the input list.
struct Level {
    front: VecDeque<Piece>,
    tail: Term,
}

impl Level {
    fn of(list: Term) -> Level {
        Level {
            front: VecDeque::new(),
            tail: list,
        }
    }

    /// Builds the list term of what is left of this level.
    fn remaining(&self, heap: &mut impl Alloc) -> Term {
        let mut items = Vec::with_capacity(self.front.len());
        for piece in &self.front {
            items.push(match piece {
                Piece::Term(t) => *t,
                Piece::Bytes(slice) => heap::binary(heap, slice.bytes()),
            });
        }
        heap::list_with_tail(heap, &items, self.tail)
    }
}

/// Binaries above this size are cut in two before conversion, as
/// `ml_map/3` does; the cut shows in the shape of error rests.
const CHUNK_BYTES: usize = 8192;

/// The `ml_map/3` conversion of `unicode.erl`, with its fun for
/// `characters_to_binary_int/3`.
struct MlConverter {
    input: Encoding,
    output: Encoding,
    /// Decode with the `_chk` functions, which stop at code points above
    /// 255 because the output is Latin-1.
    check_latin1: bool,
    /// Largest integer element converted.
    limit: u64,
    out: Vec<u8>,
    /// A truncated character carried to the next element, and how many
    /// bytes it still needs.
    incomplete: Option<(Vec<u8>, usize)>,
}

/// The end state of an `ml_map/3` conversion.
enum MlOutcome {
    Complete,
    Error(Term),
    /// The input ended inside a character: these bytes.
    Incomplete(Vec<u8>),
}

impl MlConverter {
    fn new(input: Encoding, output: Encoding) -> MlConverter {
        let limit = if output == Encoding::Latin1 || input == Encoding::Latin1 {
            255
        } else {
            0x10_FFFF
        };
        MlConverter {
            input,
            output,
            check_latin1: output == Encoding::Latin1,
            limit,
            out: Vec::new(),
            incomplete: None,
        }
    }

    /// Converts one binary, the `is_binary(Part)` clause of the fun.
    fn binary(&mut self, bytes: &[u8]) -> Result<Decoded, Exception> {
        let mut pos = 0;
        let mut decoded_any = false;
        while pos < bytes.len() {
            let rest = &bytes[pos..];
            match decode_one(self.input, rest) {
                Some((code, _)) if self.check_latin1 && code > 255 => {
                    return Ok(Decoded::Invalid { at: pos });
                }
                Some((code, length)) => {
                    encode_one(self.output, code, &mut self.out);
                    decoded_any = true;
                    pos += length;
                }
                None => {
                    return Ok(match missing_bytes(self.input, rest) {
                        // OTP 25's do_i_utf32_*_chk/1 has no clause for an
                        // incomplete result after a decoded character, so
                        // that case fails with case_clause, seen as badarg.
                        Some(_)
                            if decoded_any
                                && self.check_latin1
                                && matches!(self.input, Encoding::Utf32(_)) =>
                        {
                            return Err(Exception::badarg());
                        }
                        Some(missing) => Decoded::Incomplete { at: pos, missing },
                        None => Decoded::Invalid { at: pos },
                    });
                }
            }
        }
        Ok(Decoded::Complete)
    }

    /// Converts an integer element, the `is_integer(Part)` clauses of the
    /// fun. Returns `Ok(false)` when the character cannot be converted.
    fn integer(&mut self, t: Term) -> Result<bool, Exception> {
        let value = t.as_small();
        let within_limit = match value {
            Some(v) => v <= self.limit as i64,
            None => t.boxed_tag() == Some(HeaderTag::NegBig),
        };
        if !within_limit {
            return Ok(false);
        }
        let code = value.and_then(|v| u32::try_from(v).ok());
        match code {
            Some(code) => Ok(encode_one(self.output, code, &mut self.out)),
            // list_to_binary/1 of a negative integer raises badarg.
            None if self.output == Encoding::Latin1 => Err(Exception::badarg()),
            None => Ok(false),
        }
    }

    /// Builds an error rest and wraps it in the tails of the enclosing
    /// lists, innermost first.
    fn unwind(heap: &mut impl Alloc, mut rest: Term, levels: &[Level]) -> MlOutcome {
        for level in levels.iter().rev() {
            let tail = level.remaining(heap);
            rest = heap::cons(heap, rest, tail);
        }
        MlOutcome::Error(rest)
    }

    /// Returns the bytes of a binary piece.
    fn piece_bytes(piece: &Piece) -> Option<Cow<'_, [u8]>> {
        match piece {
            Piece::Term(t) => binary_bytes(*t),
            Piece::Bytes(slice) => Some(Cow::Borrowed(slice.bytes())),
        }
    }

    fn to_slice(piece: Piece, bytes: &[u8]) -> Slice {
        match piece {
            Piece::Bytes(slice) => slice,
            Piece::Term(_) => Slice::new(bytes.to_vec()),
        }
    }

    /// Runs `ml_map(Data, Fun, <<>>)`.
    fn run(&mut self, heap: &mut impl Alloc, data: Term) -> Result<MlOutcome, Exception> {
        let mut parents: Vec<Level> = Vec::new();
        let mut level = Level::of(data);
        loop {
            let element = if let Some(piece) = level.front.pop_front() {
                piece
            } else if level.tail.is_cons() {
                let head = level.tail.head();
                level.tail = level.tail.tail();
                Piece::Term(head)
            } else if level.tail.is_nil() {
                match parents.pop() {
                    Some(parent) => {
                        level = parent;
                        continue;
                    }
                    None => break,
                }
            } else {
                // A binary on its own: the whole input or an improper tail.
                let bare = level.tail;
                let bytes = binary_bytes(bare)
                    .ok_or_else(Exception::badarg)?
                    .into_owned();
                level.tail = Term::NIL;
                if let Some((pending, missing)) = self.incomplete.take() {
                    if bytes.len() >= missing {
                        level.front.push_back(Piece::Bytes(Slice::new(pending)));
                        level.front.push_back(Piece::Term(bare));
                    } else {
                        let mut joined = pending;
                        joined.extend_from_slice(&bytes);
                        self.incomplete = Some((joined, missing - bytes.len()));
                    }
                    continue;
                }
                if bytes.len() > CHUNK_BYTES {
                    let (first, second) = Slice::new(bytes).split_at(CHUNK_BYTES);
                    level.front.push_back(Piece::Bytes(first));
                    level.front.push_back(Piece::Bytes(second));
                    continue;
                }
                match self.binary(&bytes)? {
                    Decoded::Complete => {}
                    Decoded::Incomplete { at, missing } => {
                        self.incomplete = Some((bytes[at..].to_vec(), missing));
                    }
                    Decoded::Invalid { at } => {
                        let rest = heap::binary(heap, &bytes[at..]);
                        return Ok(Self::unwind(heap, rest, &parents));
                    }
                }
                continue;
            };

            let term = match &element {
                Piece::Term(t) => Some(*t),
                Piece::Bytes(_) => None,
            };
            if let Some(t) = term.filter(|t| t.is_integer()) {
                if let Some((pending, _)) = &self.incomplete {
                    // An integer after a truncated character: the rest is
                    // the truncated bytes, then this element and its tail.
                    let pending = heap::binary(heap, pending);
                    let tail = level.remaining(heap);
                    let whole = heap::cons(heap, t, tail);
                    let rest = heap::cons(heap, pending, whole);
                    return Ok(Self::unwind(heap, rest, &parents));
                }
                if !self.integer(t)? {
                    let bad = heap::cons(heap, t, Term::NIL);
                    let tail = level.remaining(heap);
                    let rest = heap::cons(heap, bad, tail);
                    return Ok(Self::unwind(heap, rest, &parents));
                }
                continue;
            }
            if let Some(list) = term.filter(|t| t.is_list()) {
                parents.push(std::mem::replace(&mut level, Level::of(list)));
                continue;
            }
            let bytes = Self::piece_bytes(&element)
                .ok_or_else(Exception::badarg)?
                .into_owned();
            if let Some((pending, missing)) = self.incomplete.take() {
                if bytes.len() >= missing {
                    let mut joined = pending;
                    joined.extend_from_slice(&bytes[..missing]);
                    let trailing = Self::to_slice(element, &bytes).split_at(missing).1;
                    level.front.push_front(Piece::Bytes(trailing));
                    level.front.push_front(Piece::Bytes(Slice::new(joined)));
                } else {
                    let mut joined = pending;
                    joined.extend_from_slice(&bytes);
                    self.incomplete = Some((joined, missing - bytes.len()));
                }
                continue;
            }
            if bytes.len() > CHUNK_BYTES {
                let (first, second) = Self::to_slice(element, &bytes).split_at(CHUNK_BYTES);
                level.front.push_front(Piece::Bytes(second));
                level.front.push_front(Piece::Bytes(first));
                continue;
            }
            match self.binary(&bytes)? {
                Decoded::Complete => {}
                Decoded::Incomplete { at, missing } => {
                    self.incomplete = Some((bytes[at..].to_vec(), missing));
                }
                Decoded::Invalid { at } => {
                    let bad = heap::binary(heap, &bytes[at..]);
                    let tail = level.remaining(heap);
                    let rest = heap::cons(heap, bad, tail);
                    return Ok(Self::unwind(heap, rest, &parents));
                }
            }
        }
        Ok(match self.incomplete.take() {
            Some((pending, _)) => MlOutcome::Incomplete(pending),
            None => MlOutcome::Complete,
        })
    }

    /// Converts and returns the output bytes and the outcome.
    fn convert(
        mut self,
        heap: &mut impl Alloc,
        data: Term,
    ) -> Result<(Vec<u8>, Outcome), Exception> {
        let outcome = match self.run(heap, data)? {
            MlOutcome::Complete => Outcome::Complete,
            MlOutcome::Error(rest) => Outcome::Error(rest),
            MlOutcome::Incomplete(pending) => Outcome::Incomplete(heap::binary(heap, &pending)),
        };
        Ok((self.out, outcome))
    }
}

// ---- the BIFs ----

/// Returns `true` for a binary whose bytes are all below 128.
fn is_7bit(t: Term) -> bool {
    binary_bytes(t).is_some_and(|b| b.is_ascii())
}

/// `characters_to_binary(Data, In, Out)` for encodings already parsed:
/// `characters_to_binary_int/3` of `unicode.erl`.
fn to_binary(heap: &mut impl Alloc, data: Term, input: Encoding, output: Encoding) -> BifResult {
    if output == Encoding::Utf8 && matches!(input, Encoding::Latin1 | Encoding::Utf8) {
        return native_to_binary(heap, data, input == Encoding::Latin1);
    }
    let (out, outcome) = MlConverter::new(input, output).convert(heap, data)?;
    Ok(binary_result(heap, &out, outcome))
}

/// `characters_to_list(Data, In)`.
fn to_list(heap: &mut impl Alloc, data: Term, input: Encoding) -> BifResult {
    if matches!(input, Encoding::Latin1 | Encoding::Utf8) {
        return native_to_list(heap, data, input == Encoding::Latin1);
    }
    // unicode.erl converts to a UTF-8 binary first, then to a list.
    let (out, outcome) = MlConverter::new(input, Encoding::Utf8).convert(heap, data)?;
    Ok(list_result(heap, &out, outcome))
}

fn characters_to_binary_1(proc: &mut Process, args: &[Term]) -> BifResult {
    native_to_binary(&mut proc.heap, args[0], false)
}

fn characters_to_binary_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let input = parse_encoding(args[1]).ok_or_else(Exception::badarg)?;
    to_binary(&mut proc.heap, args[0], input, Encoding::Utf8)
}

/// `characters_to_binary(Data, In, Out)`. A binary that needs no
/// conversion is returned as it is: any binary from Latin-1 to Latin-1,
/// and a 7-bit binary between Latin-1 and UTF-8, before the encodings are
/// even checked, as in `unicode.erl`.
fn characters_to_binary_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let (data, input, output) = (args[0], args[1], args[2]);
    let name = |t: Term| t.as_atom().map(Atom::name);
    let unchanged = match (name(input), name(output)) {
        (Some("latin1"), Some("latin1")) => is_binary(data),
        (Some("latin1"), Some("utf8" | "unicode")) | (Some("utf8" | "unicode"), Some("latin1")) => {
            is_7bit(data)
        }
        _ => false,
    };
    if unchanged {
        return Ok(data);
    }
    let input = parse_encoding(input).ok_or_else(Exception::badarg)?;
    let output = parse_encoding(output).ok_or_else(Exception::badarg)?;
    to_binary(&mut proc.heap, data, input, output)
}

fn characters_to_list_1(proc: &mut Process, args: &[Term]) -> BifResult {
    native_to_list(&mut proc.heap, args[0], false)
}

fn characters_to_list_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let input = parse_encoding(args[1]).ok_or_else(Exception::badarg)?;
    to_list(&mut proc.heap, args[0], input)
}

fn bin_is_7bit(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(is_7bit(args[0])))
}

crate::bif_table![
    ("unicode", "characters_to_binary", 1, characters_to_binary_1),
    ("unicode", "characters_to_binary", 2, characters_to_binary_2),
    ("unicode", "characters_to_binary", 3, characters_to_binary_3),
    ("unicode", "characters_to_list", 1, characters_to_list_1),
    ("unicode", "characters_to_list", 2, characters_to_list_2),
    ("unicode", "bin_is_7bit", 1, bin_is_7bit),
];

#[cfg(test)]
mod tests {
    use super::super::erlang::test_support::check;
    use super::*;

    // Expected outputs were printed by Erlang/OTP 25 (erts 13.1.5) with
    // io:format("~w").

    #[test]
    fn c_conversion_results() {
        check(
            characters_to_binary_1,
            "characters_to_binary",
            &[
                (
                    &["[<<97,98>>,99,[100,<<195,169>>]]"],
                    "<<97,98,99,100,195,169>>",
                ),
                (&["<<255>>"], "{error,<<>>,<<255>>}"),
                (&["[<<255>>]"], "{error,<<>>,<<255>>}"),
                (
                    &["[<<97,98,255,99,100>>,[101,102]]"],
                    "{error,<<97,98>>,[<<255,99,100>>,[101,102]]}",
                ),
                (&["[97,55296,98]"], "{error,<<97>>,[55296,98]}"),
                (&["[97,[55296,98],99]"], "{error,<<97>>,[[55296,98],99]}"),
                (
                    &["[97,[98,[55296]],99]"],
                    "{error,<<97,98>>,[[[55296]],99]}",
                ),
                (&["[97,-1]"], "{error,<<97>>,[-1]}"),
                (&["[97,1114112]"], "{error,<<97>>,[1114112]}"),
                (&["[97,foo]"], "error:badarg"),
                (&["[97|foo]"], "error:badarg"),
                (&["[97|<<98,99>>]"], "<<97,98,99>>"),
                (&["<<97,233>>"], "{incomplete,<<97>>,<<233>>}"),
                (&["[<<97,195>>,<<169>>]"], "<<97,195,169>>"),
                (&["[<<97,195>>,[120]]"], "{error,<<97>>,[<<195>>,[[120]]]}"),
                (
                    &["[97,<<240,159>>,98]"],
                    "{error,<<97>>,[<<240,159>>,[98]]}",
                ),
                (
                    &["[<<120>>,[<<240,159>>]]"],
                    "{incomplete,<<120>>,<<240,159>>}",
                ),
                (&["[<<240>>,<<159>>,5]"], "{error,<<>>,[<<240,159>>,[5]]}"),
                (&["[<<195>>,<<65>>,5]"], "{error,<<>>,[<<195>>,[<<65>>,5]]}"),
                (&["<<226,65>>"], "{error,<<>>,<<226,65>>}"),
                (&["<<237,160>>"], "{incomplete,<<>>,<<237,160>>}"),
                (&["<<192>>"], "{incomplete,<<>>,<<192>>}"),
                (&["<<248>>"], "{error,<<>>,<<248>>}"),
                (&["<<237,160,128>>"], "{error,<<>>,<<237,160,128>>}"),
                (&["<<192,128>>"], "{error,<<>>,<<192,128>>}"),
                (&["<<244,144,128,128>>"], "{error,<<>>,<<244,144,128,128>>}"),
                (&["[\"a\"|<<255>>]"], "{error,<<97>>,<<255>>}"),
                (
                    &["[[97,55296]|<<122>>]"],
                    "{error,<<97>>,[[55296]|<<122>>]}",
                ),
                (
                    &["[97,1180591620717411303424,foo]"],
                    "{error,<<97>>,[1180591620717411303424,foo]}",
                ),
                (&["[97,1.5]"], "error:badarg"),
                (&["[97|1180591620717411303424]"], "error:badarg"),
                (
                    &["[97,[1180591620717411303424],98]"],
                    "{error,<<97>>,[[1180591620717411303424],98]}",
                ),
                (&["[55296,foo]"], "error:badarg"),
                (&["[<<97>>,<<1:7>>]"], "error:badarg"),
                (&["256"], "error:badarg"),
                (&["[[],<<>>,[[]]]"], "<<>>"),
            ],
        );
        check(
            characters_to_binary_2,
            "characters_to_binary",
            &[
                (
                    &["[<<97,98>>,99,[100,<<195,169>>]]", "latin1"],
                    "<<97,98,99,100,195,131,194,169>>",
                ),
                (&["[256]", "latin1"], "{error,<<>>,[256]}"),
                (
                    &["[<<195>>,1180591620717411303424]", "latin1"],
                    "{error,<<195,131>>,[1180591620717411303424]}",
                ),
                (&["<<97>>", "foo"], "error:badarg"),
            ],
        );
        check(
            characters_to_list_1,
            "characters_to_list",
            &[
                (&["[<<97,98>>,99,[100,<<195,169>>]]"], "[97,98,99,100,233]"),
                (&["[<<255>>]"], "{error,[],[<<255>>]}"),
                (&["<<97,98,255,99,100>>"], "{error,[97,98],<<255,99,100>>}"),
                (&["<<97,195>>"], "{incomplete,[97],<<195>>}"),
                (&["<<1:7>>"], "error:badarg"),
            ],
        );
    }

    #[test]
    fn erlang_conversion_results() {
        check(
            characters_to_binary_3,
            "characters_to_binary",
            &[
                (&["<<226,130,172>>", "unicode", "utf16"], "<<32,172>>"),
                (
                    &["<<226,130,172>>", "unicode", "{utf16,little}"],
                    "<<172,32>>",
                ),
                (
                    &["<<240,159,152,128>>", "unicode", "utf16"],
                    "<<216,61,222,0>>",
                ),
                (
                    &["<<240,159,152,128>>", "unicode", "utf32"],
                    "<<0,1,246,0>>",
                ),
                (
                    &["<<226,130,172>>", "unicode", "latin1"],
                    "{error,<<>>,<<226,130,172>>}",
                ),
                (
                    &["[97,55296,98]", "unicode", "latin1"],
                    "{error,<<97>>,[[55296],98]}",
                ),
                (
                    &["[97,[98,[55296]],99]", "unicode", "utf16"],
                    "{error,<<0,97,0,98>>,[[[[55296]]],99]}",
                ),
                (&["[97,-1]", "unicode", "latin1"], "error:badarg"),
                (&["[97,-1]", "unicode", "utf16"], "{error,<<0,97>>,[[-1]]}"),
                (
                    &["[[97,55296]|<<122>>]", "unicode", "utf32"],
                    "{error,<<0,0,0,97>>,[[[55296]]|<<122>>]}",
                ),
                (
                    &["[<<97,98,255>>|<<122>>]", "unicode", "utf16"],
                    "{error,<<0,97,0,98>>,[<<255>>|<<122>>]}",
                ),
                (
                    &["[<<97,195>>,[120]]", "unicode", "utf16"],
                    "{error,<<0,97>>,[[<<195>>,120]]}",
                ),
                (
                    &["[97,<<240,159>>,98]", "unicode", "utf32"],
                    "{error,<<0,0,0,97>>,[<<240,159>>,98]}",
                ),
                (
                    &["[97,1180591620717411303424]", "unicode", "utf16"],
                    "{error,<<0,97>>,[[1180591620717411303424]]}",
                ),
                (&["[97,foo]", "unicode", "utf16"], "error:badarg"),
                (
                    &["[1114112,foo]", "unicode", "utf16"],
                    "{error,<<>>,[[1114112],foo]}",
                ),
                (&["<<97,98,99>>", "latin1", "latin1"], "<<97,98,99>>"),
                (&["[\"abc\"]", "latin1", "latin1"], "<<97,98,99>>"),
                (&["[256]", "latin1", "latin1"], "{error,<<>>,[[256]]}"),
                (
                    &["<<97,98,200>>", "unicode", "latin1"],
                    "{incomplete,<<97,98>>,<<200>>}",
                ),
                (
                    &["<<97,98,195,169,120>>", "unicode", "latin1"],
                    "<<97,98,233,120>>",
                ),
                (
                    &["<<97,98,226,130,172,120>>", "unicode", "latin1"],
                    "{error,<<97,98>>,<<226,130,172,120>>}",
                ),
                (&["<<97>>", "foo", "latin1"], "error:badarg"),
                (&["<<97>>", "latin1", "foo"], "error:badarg"),
                (&["<<97>>", "unicode", "foo"], "error:badarg"),
                (
                    &["[<<97,98,195>>,169]", "unicode", "utf16"],
                    "{error,<<0,97,0,98>>,[<<195>>,169]}",
                ),
                (
                    &["[<<97,98,195>>|<<169,122>>]", "unicode", "utf16"],
                    "<<0,97,0,98,0,233,0,122>>",
                ),
                (
                    &["[<<97,98,226>>|<<130>>]", "unicode", "utf16"],
                    "{incomplete,<<0,97,0,98>>,<<226,130>>}",
                ),
                (
                    &[
                        "[[<<97,98,226>>],[[<<130>>]],[<<172>>]]",
                        "unicode",
                        "utf32",
                    ],
                    "<<0,0,0,97,0,0,0,98,0,0,32,172>>",
                ),
                (
                    &["[[<<97,98,226>>],[[<<130>>]],5]", "unicode", "utf32"],
                    "{error,<<0,0,0,97,0,0,0,98>>,[<<226,130>>,5]}",
                ),
                (
                    &["[<<97,98>>,55296,\"x\"]", "unicode", "{utf32,little}"],
                    "{error,<<97,0,0,0,98,0,0,0>>,[[55296],[120]]}",
                ),
                (&["<<97,98,200>>", "latin1", "unicode"], "<<97,98,195,136>>"),
                (&["<<97,98>>", "unicode", "latin1"], "<<97,98>>"),
            ],
        );
        check(
            characters_to_binary_2,
            "characters_to_binary",
            &[
                (
                    &["<<0,97,216,0>>", "utf16"],
                    "{incomplete,<<97>>,<<216,0>>}",
                ),
                (
                    &["<<0,97,216,0,0,98>>", "utf16"],
                    "{error,<<97>>,<<216,0,0,98>>}",
                ),
                (&["<<0,97,220,0>>", "utf16"], "{error,<<97>>,<<220,0>>}"),
                (
                    &["[<<0,97,216>>,<<0,220>>,<<0>>]", "utf16"],
                    "<<97,240,144,128,128>>",
                ),
                (&["[<<0>>|<<0,0,97>>]", "utf32"], "<<97>>"),
            ],
        );
        check(
            characters_to_binary_3,
            "characters_to_binary",
            &[
                (&["<<0,0,0,97,0,0>>", "utf32", "latin1"], "error:badarg"),
                (&["<<0,0>>", "utf32", "latin1"], "{incomplete,<<>>,<<0,0>>}"),
                (
                    &["<<0,0,0,97,0,0>>", "{utf32,little}", "latin1"],
                    "{error,<<>>,<<0,0,0,97,0,0>>}",
                ),
            ],
        );
        check(
            characters_to_list_2,
            "characters_to_list",
            &[
                (&["<<0,97,0,98>>", "utf16"], "[97,98]"),
                (&["[<<0,97>>,300,-1]", "utf16"], "{error,[97,300],[[-1]]}"),
                (&["<<0,97,216>>", "utf16"], "{incomplete,[97],<<216>>}"),
                (&["<<97>>", "foo"], "error:badarg"),
            ],
        );
    }

    #[test]
    fn long_binaries_are_cut_like_otp() {
        // A bad byte in the first 8192 bytes of a longer binary leaves the
        // remainder as a separate list element, as ml_map/3 cuts it there.
        let mut proc = super::super::erlang::test_support::process();
        let mut bytes = vec![b'a'; 10_000];
        bytes[10] = 255;
        let binary = heap::binary(&mut proc.heap, &bytes);
        let output = Term::atom(atom::UTF16);
        let input = Term::atom(atom::UNICODE);
        let result = characters_to_binary_3(&mut proc, &[binary, input, output]).expect("a result");
        let rest = result.element(2);
        assert_eq!(super::super::list_length(rest), Some(2));
        assert_eq!(
            heap::bitstring(rest.head()).map(|b| b.bit_size),
            Some((8192 - 10) * 8)
        );
    }

    #[test]
    fn bin_is_7bit_results() {
        check(
            bin_is_7bit,
            "bin_is_7bit",
            &[
                (&["<<97,98,99>>"], "true"),
                (&["<<97,98,200>>"], "false"),
                (&["<<1:7>>"], "false"),
                (&["\"abc\""], "false"),
            ],
        );
    }
}
