//! Binary matching: match contexts and the operations of the `bs_*`
//! match instructions.
//!
//! A match context (HeaderTag::MatchCtx, arity 3) stores the current bit
//! offset (word 0), the end bit offset (word 1), both absolute within the
//! underlying bytes, and the binary being matched (word 2). Contexts made
//! here store the heap or reference-counted binary under any sub-binary,
//! so sub-binaries cut from a context point at it directly.
//!
//! Every operation takes the context as a term and checks it. An operation
//! that does not match (too few bits left, an invalid code point, a term
//! that is not a context) returns `None` or `false` and leaves the context
//! as it was. The interpreter then jumps to the fail label.

use num_bigint::{BigInt, Sign};

use super::{BitWriter, extract_bits, f16_bits_to_f64, is_little, read_uint, slice_original};
use crate::bignum::{from_bigint, from_i64, from_u64};
use crate::heap::{self, Alloc};
use crate::instr::{BS_SIGNED, UtfWidth};
use crate::term::{HeaderTag, Term};

/// The state of a match context, read from its words.
struct Cursor<'a> {
    ctx: Term,
    bytes: &'a [u8],
    offset: u64,
    end: u64,
    /// The heap or reference-counted binary `bytes` belong to.
    original: Term,
}

impl Cursor<'_> {
    fn remaining(&self) -> u64 {
        self.end.saturating_sub(self.offset)
    }

    /// Moves the context `bits` bits on. The caller has checked that they
    /// remain.
    fn advance(&self, bits: u64) {
        self.ctx.set_word(0, self.offset + bits);
    }
}

fn cursor<'a>(ctx: Term) -> Option<Cursor<'a>> {
    if ctx.boxed_tag() != Some(HeaderTag::MatchCtx) {
        return None;
    }
    let binary = ctx.element(2);
    let original = match binary.boxed_tag()? {
        HeaderTag::SubBin => binary.element(2),
        _ => binary,
    };
    let slice = heap::bitstring(original)?;
    let offset = ctx.word(0);
    let end = ctx.word(1);
    if end > slice.bytes.len() as u64 * 8 {
        return None;
    }
    Some(Cursor {
        ctx,
        bytes: slice.bytes,
        offset,
        end,
        original,
    })
}

/// Returns the size in bits of a match segment of `size` units of `unit`
/// bits, or `None` when `size` is not a non-negative small integer or the
/// product overflows. OTP fails the match in all those cases, for
/// `<<X:S>>` with `S` negative, a float, an atom or a bignum.
pub fn segment_bits(size: Term, unit: u32) -> Option<u64> {
    let n = u64::try_from(size.as_small()?).ok()?;
    n.checked_mul(unit as u64)
}

/// Starts matching `term` (`bs_start_match4`): a new context for a
/// bitstring, the same context for a match context, as OTP reuses it, and
/// `None` for any other term.
pub fn start_match(heap: &mut impl Alloc, term: Term) -> Option<Term> {
    if term.is_match_context() {
        return Some(term);
    }
    let slice = heap::bitstring(term)?;
    let (original, start) = match term.boxed_tag()? {
        HeaderTag::SubBin => (term.element(2), term.word(1)),
        _ => (term, 0),
    };
    let (ctx, body) = heap::alloc_boxed(heap, HeaderTag::MatchCtx, 3);
    // SAFETY: the body has three words.
    unsafe {
        *body = start;
        *body.add(1) = start + slice.bit_size;
        *body.add(2) = original.raw();
    }
    Some(ctx)
}

/// Returns the number of bits left to match, or 0 for a term that is not
/// a match context.
pub fn remaining_bits(ctx: Term) -> u64 {
    cursor(ctx).map_or(0, |c| c.remaining())
}

/// Reads an integer of `bits` bits (`bs_get_integer2`), signed when
/// `flags` has `BS_SIGNED`, little-endian when it has `BS_LITTLE` or
/// `BS_NATIVE` on a little-endian machine.
///
/// A little-endian field of a size that is not a multiple of 8 has its
/// low bytes first and the remaining high bits last, mirroring
/// construction.
pub fn get_integer(heap: &mut impl Alloc, ctx: Term, bits: u64, flags: u32) -> Option<Term> {
    let c = cursor(ctx)?;
    if c.remaining() < bits {
        return None;
    }
    let little = is_little(flags);
    let signed = flags & BS_SIGNED != 0;
    let value = if bits <= 64 {
        let raw = if little {
            read_little(c.bytes, c.offset, bits as u32)
        } else {
            read_uint(c.bytes, c.offset, bits as u32)
        };
        let negative = signed && bits > 0 && (raw >> (bits - 1)) & 1 == 1;
        if negative {
            // Sign-extend from `bits` to 64 bits.
            let extended = if bits == 64 {
                raw
            } else {
                raw | (u64::MAX << bits)
            };
            from_i64(heap, extended as i64)
        } else {
            from_u64(heap, raw)
        }
    } else {
        let magnitude = read_wide(c.bytes, c.offset, bits, little);
        let mut value = BigInt::from_bytes_be(Sign::Plus, &magnitude);
        if signed && value.bit(bits - 1) {
            value -= BigInt::from(1) << bits;
        }
        from_bigint(heap, &value)
    };
    c.advance(bits);
    Some(value)
}

/// Reads `count` (at most 64) bits laid out little-endian: whole bytes
/// from least significant up, then the top `count % 8` bits.
fn read_little(bytes: &[u8], offset: u64, count: u32) -> u64 {
    let whole = count / 8;
    let mut value = 0u64;
    for i in 0..whole {
        value |= read_uint(bytes, offset + 8 * i as u64, 8) << (8 * i);
    }
    let rest = count % 8;
    if rest > 0 {
        value |= read_uint(bytes, offset + 8 * whole as u64, rest) << (8 * whole);
    }
    value
}

/// Reads an unsigned field of more than 64 bits and returns its magnitude
/// as big-endian bytes.
fn read_wide(bytes: &[u8], offset: u64, bits: u64, little: bool) -> Vec<u8> {
    let rest = bits % 8;
    if little {
        let mut le = extract_bits(bytes, offset, bits);
        if rest > 0
            && let Some(last) = le.last_mut()
        {
            *last >>= 8 - rest;
        }
        le.reverse();
        le
    } else {
        // Leading zero bits right-align the field in whole bytes.
        let mut writer = BitWriter::with_capacity(bits.div_ceil(8) as usize);
        writer.push_uint(0, ((8 - rest) % 8) as u32);
        writer.push_bits(bytes, offset, bits);
        writer.into_bytes()
    }
}

/// Reads a float of 16, 32 or 64 bits (`bs_get_float2`). Other sizes, and
/// bits that encode an infinity or a NaN, do not match, as in OTP.
pub fn get_float(heap: &mut impl Alloc, ctx: Term, bits: u64, flags: u32) -> Option<Term> {
    let c = cursor(ctx)?;
    if !matches!(bits, 16 | 32 | 64) || c.remaining() < bits {
        return None;
    }
    let raw = if is_little(flags) {
        read_little(c.bytes, c.offset, bits as u32)
    } else {
        read_uint(c.bytes, c.offset, bits as u32)
    };
    let value = match bits {
        16 => f16_bits_to_f64(raw as u16),
        32 => f32::from_bits(raw as u32) as f64,
        _ => f64::from_bits(raw),
    };
    if !value.is_finite() {
        return None;
    }
    c.advance(bits);
    Some(heap::float(heap, value))
}

/// Takes the next `bits` bits as a bitstring (`bs_get_binary2`).
pub fn get_binary(heap: &mut impl Alloc, ctx: Term, bits: u64) -> Option<Term> {
    let c = cursor(ctx)?;
    if c.remaining() < bits {
        return None;
    }
    let value = slice_original(heap, c.original, c.offset, bits);
    c.advance(bits);
    Some(value)
}

/// Takes all remaining bits (`bs_get_binary2` with size `all`), which
/// must be a multiple of `unit`.
pub fn get_binary_all(heap: &mut impl Alloc, ctx: Term, unit: u32) -> Option<Term> {
    let c = cursor(ctx)?;
    let bits = c.remaining();
    if bits % unit.max(1) as u64 != 0 {
        return None;
    }
    let value = slice_original(heap, c.original, c.offset, bits);
    c.advance(bits);
    Some(value)
}

/// Skips `bits` bits (`bs_skip_bits2`).
pub fn skip_bits(ctx: Term, bits: u64) -> bool {
    match cursor(ctx) {
        Some(c) if c.remaining() >= bits => {
            c.advance(bits);
            true
        }
        _ => false,
    }
}

/// Skips all remaining bits, which must be a multiple of `unit`.
pub fn skip_all(ctx: Term, unit: u32) -> bool {
    match cursor(ctx) {
        Some(c) if c.remaining() % unit.max(1) as u64 == 0 => {
            c.advance(c.remaining());
            true
        }
        _ => false,
    }
}

/// Returns `true` when exactly `bits` bits remain (`bs_test_tail2`).
pub fn test_tail(ctx: Term, bits: u64) -> bool {
    cursor(ctx).is_some_and(|c| c.remaining() == bits)
}

/// Returns `true` when the remaining bits are a multiple of `unit`
/// (`bs_test_unit`).
pub fn test_unit(ctx: Term, unit: u32) -> bool {
    cursor(ctx).is_some_and(|c| c.remaining() % unit.max(1) as u64 == 0)
}

/// Matches the first `bits` bits of `bytes` (`bs_match_string`) and moves
/// past them on success.
pub fn match_string(ctx: Term, bytes: &[u8], bits: u64) -> bool {
    let Some(c) = cursor(ctx) else {
        return false;
    };
    if c.remaining() < bits || (bytes.len() as u64) * 8 < bits {
        return false;
    }
    let whole = (bits / 8) as usize;
    let rest = (bits % 8) as u32;
    let equal = if c.offset % 8 == 0 {
        let start = (c.offset / 8) as usize;
        let head_equal = c.bytes.get(start..start + whole) == Some(&bytes[..whole]);
        head_equal
            && (rest == 0
                || read_uint(c.bytes, c.offset + whole as u64 * 8, rest)
                    == (bytes[whole] >> (8 - rest)) as u64)
    } else {
        let found = extract_bits(c.bytes, c.offset, bits);
        let expected = extract_bits(bytes, 0, bits);
        found == expected
    };
    if equal {
        c.advance(bits);
    }
    equal
}

/// Reads a UTF-8, UTF-16 or UTF-32 encoded code point (`bs_get_utf8`,
/// `bs_get_utf16`, `bs_get_utf32`).
///
/// Overlong UTF-8 forms, surrogates (lone or encoded directly) and values
/// above 0x10FFFF do not match.
pub fn get_utf(ctx: Term, width: UtfWidth, flags: u32) -> Option<Term> {
    let c = cursor(ctx)?;
    let (code_point, bits) = match width {
        UtfWidth::Utf8 => decode_utf8(&c)?,
        UtfWidth::Utf16 => decode_utf16(&c, is_little(flags))?,
        UtfWidth::Utf32 => {
            if c.remaining() < 32 {
                return None;
            }
            let raw = read_unit(&c, 0, 32, is_little(flags));
            (char::from_u32(raw as u32)?, 32)
        }
    };
    c.advance(bits);
    Some(Term::small_unchecked(code_point as i64))
}

/// Reads a UTF-8 encoded code point; `flags` has no meaning for UTF-8.
pub fn get_utf8(ctx: Term, _flags: u32) -> Option<Term> {
    get_utf(ctx, UtfWidth::Utf8, 0)
}

pub fn get_utf16(ctx: Term, flags: u32) -> Option<Term> {
    get_utf(ctx, UtfWidth::Utf16, flags)
}

pub fn get_utf32(ctx: Term, flags: u32) -> Option<Term> {
    get_utf(ctx, UtfWidth::Utf32, flags)
}

/// Skips a code point (`bs_skip_utf*`), with the checks of [`get_utf`].
pub fn skip_utf(ctx: Term, width: UtfWidth, flags: u32) -> bool {
    get_utf(ctx, width, flags).is_some()
}

/// Reads a `bits`-bit unit `at` bits past the current offset.
fn read_unit(c: &Cursor, at: u64, bits: u32, little: bool) -> u64 {
    if little {
        read_little(c.bytes, c.offset + at, bits)
    } else {
        read_uint(c.bytes, c.offset + at, bits)
    }
}

fn decode_utf8(c: &Cursor) -> Option<(char, u64)> {
    if c.remaining() < 8 {
        return None;
    }
    let lead = read_uint(c.bytes, c.offset, 8) as u8;
    let len: usize = match lead {
        0x00..=0x7F => 1,
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let bits = len as u64 * 8;
    if c.remaining() < bits {
        return None;
    }
    let encoded = extract_bits(c.bytes, c.offset, bits);
    // `from_utf8` rejects overlong forms, surrogates and values above
    // 0x10FFFF, exactly the sequences OTP's matcher rejects.
    let text = std::str::from_utf8(&encoded).ok()?;
    Some((text.chars().next()?, bits))
}

fn decode_utf16(c: &Cursor, little: bool) -> Option<(char, u64)> {
    if c.remaining() < 16 {
        return None;
    }
    let first = read_unit(c, 0, 16, little) as u32;
    match first {
        0xD800..=0xDBFF => {
            if c.remaining() < 32 {
                return None;
            }
            let second = read_unit(c, 16, 16, little) as u32;
            if !(0xDC00..=0xDFFF).contains(&second) {
                return None;
            }
            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            Some((char::from_u32(value)?, 32))
        }
        0xDC00..=0xDFFF => None,
        _ => Some((char::from_u32(first)?, 16)),
    }
}

/// Returns the remaining bits as a bitstring (`bs_get_tail`), without
/// moving the context. A term that is not a match context gives `<<>>`.
pub fn get_tail(heap: &mut impl Alloc, ctx: Term) -> Term {
    match cursor(ctx) {
        Some(c) => slice_original(heap, c.original, c.offset, c.remaining()),
        None => heap::binary(heap, &[]),
    }
}

/// Returns the current position as a small integer (`bs_get_position`),
/// for a later [`set_position`] on the same context.
pub fn get_position(ctx: Term) -> Term {
    let offset = cursor(ctx).map_or(0, |c| c.offset);
    Term::small(offset as i64).unwrap_or(Term::small_unchecked(0))
}

/// Moves the context back to a position from [`get_position`]
/// (`bs_set_position`). Positions past the end of the context are
/// ignored.
pub fn set_position(ctx: Term, position: Term) {
    let Some(c) = cursor(ctx) else {
        return;
    };
    if let Some(p) = position.as_small().and_then(|p| u64::try_from(p).ok())
        && p <= c.end
    {
        ctx.set_word(0, p);
    }
}

#[cfg(test)]
#[path = "matching_tests.rs"]
mod tests;
