//! Construction of bitstrings from segments, as OTP 25's `bs_create_bin`
//! does it.
//!
//! Construction runs in two passes. The first validates every segment and
//! adds up the size, so errors are raised and the size limit is checked
//! before anything is allocated. The second writes the bits into one
//! buffer of exactly that size.

use num_traits::ToPrimitive;

use super::{BitWriter, check_bits_limit, f64_to_f16_bits, is_little, try_byte_vec};
use crate::atom;
use crate::bignum::to_bigint;
use crate::exception::{BifResult, Exception};
use crate::heap::{self, Alloc};
use crate::instr::BinSegmentKind;
use crate::term::Term;

/// One segment of `bs_create_bin` with its operands read.
#[derive(Debug, Clone, Copy)]
pub struct SegmentValue<'a> {
    pub kind: BinSegmentKind,
    pub unit: u32,
    /// Field flags: `BS_LITTLE`, `BS_SIGNED`, `BS_NATIVE`.
    pub flags: u32,
    pub value: Term,
    /// A small integer count of units, or the atom `all` for a binary
    /// segment that takes the whole value. The utf types have no size and
    /// ignore it, and so does `String`, whose size is `string`'s length.
    pub size: Term,
    /// The bytes of a `String` segment, from the module's string table.
    pub string: &'a [u8],
}

/// Builds the bitstring described by `segments`.
///
/// Raises `error:badarg` for a value of the wrong type or a negative or
/// non-integer size. It also raises badarg for a float size other than
/// 16, 32 or 64, a binary shorter than its segment or not a multiple of
/// its unit, and an invalid code point. Raises `error:system_limit` when the result would exceed
/// [`super::MAX_BINARY_BITS`] or a size is a bignum, as OTP 25 does for
/// `<<1:(1 bsl 59)>>`.
///
/// `Append` and `PrivateAppend` segments concatenate the accumulator to
/// the rest like a `binary` segment of size `all`.
// TODO: append in place when the accumulator is a writable binary with
// spare capacity, so loops that grow a binary one segment at a time stop
// copying the whole accumulator on every step.
pub fn create_bin(heap: &mut impl Alloc, segments: &[SegmentValue]) -> BifResult {
    let mut total: u64 = 0;
    for segment in segments {
        let bits = segment_size(segment)?;
        total = total
            .checked_add(bits)
            .ok_or_else(Exception::system_limit)?;
        check_bits_limit(total)?;
    }
    let mut writer = BitWriter::from_vec(try_byte_vec(total.div_ceil(8))?);
    for segment in segments {
        write_segment(&mut writer, segment)?;
    }
    debug_assert_eq!(writer.bit_len(), total);
    Ok(writer.into_term(heap))
}

/// Returns the size in bits of a segment whose size is `size` units of
/// `unit` bits.
fn construct_bits(size: Term, unit: u32) -> Result<u64, Exception> {
    if let Some(n) = size.as_small() {
        if n < 0 {
            return Err(Exception::badarg());
        }
        let bits = (n as u64)
            .checked_mul(unit as u64)
            .ok_or_else(Exception::system_limit)?;
        check_bits_limit(bits)?;
        return Ok(bits);
    }
    if size.is_bignum() {
        let positive = to_bigint(size).is_some_and(|v| v.sign() == num_bigint::Sign::Plus);
        return Err(if positive {
            Exception::system_limit()
        } else {
            Exception::badarg()
        });
    }
    Err(Exception::badarg())
}

/// Validates a segment and returns its size in bits.
fn segment_size(segment: &SegmentValue) -> Result<u64, Exception> {
    let value = segment.value;
    match segment.kind {
        BinSegmentKind::Integer => {
            if !value.is_integer() {
                return Err(Exception::badarg());
            }
            construct_bits(segment.size, segment.unit)
        }
        BinSegmentKind::Float => {
            float_value(value)?;
            let bits = construct_bits(segment.size, segment.unit)?;
            if matches!(bits, 16 | 32 | 64) {
                Ok(bits)
            } else {
                Err(Exception::badarg())
            }
        }
        BinSegmentKind::Binary => {
            let available = super::bit_size(value).ok_or_else(Exception::badarg)?;
            if segment.size == Term::atom(atom::ALL) {
                whole_binary_bits(available, segment.unit)
            } else {
                let bits = construct_bits(segment.size, segment.unit)?;
                if bits > available {
                    return Err(Exception::badarg());
                }
                Ok(bits)
            }
        }
        BinSegmentKind::Append | BinSegmentKind::PrivateAppend => {
            let available = super::bit_size(value).ok_or_else(Exception::badarg)?;
            whole_binary_bits(available, segment.unit)
        }
        BinSegmentKind::Utf8 => {
            let c = code_point(value)?;
            Ok(8 * c.len_utf8() as u64)
        }
        BinSegmentKind::Utf16 => {
            let c = code_point(value)?;
            Ok(16 * c.len_utf16() as u64)
        }
        BinSegmentKind::Utf32 => {
            code_point(value)?;
            Ok(32)
        }
        BinSegmentKind::String => (segment.string.len() as u64)
            .checked_mul(8)
            .ok_or_else(Exception::system_limit),
    }
}

/// Returns the size of a whole-binary segment, which must be a multiple
/// of the segment's unit.
fn whole_binary_bits(available: u64, unit: u32) -> Result<u64, Exception> {
    // A unit of 0 never comes from the compiler; it is read as 1 so that
    // a hand-made module cannot divide by zero.
    if !available.is_multiple_of(unit.max(1) as u64) {
        return Err(Exception::badarg());
    }
    Ok(available)
}

/// Returns the float a float segment stores: a float term, or an integer
/// converted to the nearest float. Integers beyond the float range raise
/// badarg, as `<<(1 bsl 1024):64/float>>` does in OTP 25.
fn float_value(value: Term) -> Result<f64, Exception> {
    if let Some(f) = value.as_float() {
        return Ok(f);
    }
    if let Some(i) = value.as_small() {
        return Ok(i as f64);
    }
    let f = to_bigint(value)
        .and_then(|v| v.to_f64())
        .ok_or_else(Exception::badarg)?;
    if f.is_finite() {
        Ok(f)
    } else {
        Err(Exception::badarg())
    }
}

/// Returns the character a utf segment encodes: a code point in
/// 0..=0x10FFFF outside the surrogate range.
fn code_point(value: Term) -> Result<char, Exception> {
    value
        .as_small()
        .and_then(|v| u32::try_from(v).ok())
        .and_then(char::from_u32)
        .ok_or_else(Exception::badarg)
}

fn write_segment(writer: &mut BitWriter, segment: &SegmentValue) -> Result<(), Exception> {
    let value = segment.value;
    let little = is_little(segment.flags);
    match segment.kind {
        BinSegmentKind::Integer => {
            let bits = construct_bits(segment.size, segment.unit)?;
            write_integer(writer, value, bits, little);
        }
        BinSegmentKind::Float => {
            let f = float_value(value)?;
            let bits = construct_bits(segment.size, segment.unit)?;
            let be_bytes: Vec<u8> = match bits {
                16 => f64_to_f16_bits(f).to_be_bytes().to_vec(),
                32 => (f as f32).to_be_bytes().to_vec(),
                _ => f.to_be_bytes().to_vec(),
            };
            write_ordered(writer, &be_bytes, little);
        }
        BinSegmentKind::Binary => {
            let bits = if segment.size == Term::atom(atom::ALL) {
                super::bit_size(value).unwrap_or(0)
            } else {
                construct_bits(segment.size, segment.unit)?
            };
            write_bitstring(writer, value, bits);
        }
        BinSegmentKind::Append | BinSegmentKind::PrivateAppend => {
            let bits = super::bit_size(value).unwrap_or(0);
            write_bitstring(writer, value, bits);
        }
        BinSegmentKind::Utf8 => {
            let c = code_point(value)?;
            let mut buf = [0u8; 4];
            writer.push_bytes(c.encode_utf8(&mut buf).as_bytes());
        }
        BinSegmentKind::Utf16 => {
            let c = code_point(value)?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units).iter() {
                write_ordered(writer, &unit.to_be_bytes(), little);
            }
        }
        BinSegmentKind::Utf32 => {
            let c = code_point(value)?;
            write_ordered(writer, &(c as u32).to_be_bytes(), little);
        }
        BinSegmentKind::String => writer.push_bytes(segment.string),
    }
    Ok(())
}

/// Writes whole bytes given in big-endian order, reversed for a
/// little-endian field.
fn write_ordered(writer: &mut BitWriter, be_bytes: &[u8], little: bool) {
    if little {
        for &b in be_bytes.iter().rev() {
            writer.push_uint(b as u64, 8);
        }
    } else {
        writer.push_bytes(be_bytes);
    }
}

fn write_bitstring(writer: &mut BitWriter, value: Term, bits: u64) {
    if let Some(slice) = heap::bitstring(value) {
        writer.push_bits(slice.bytes, slice.bit_offset, bits);
    }
}

/// Writes the low `bits` bits of the integer `value` in two's complement.
///
/// A little-endian field of a size that is not a multiple of 8 stores the
/// low bytes first and the remaining high bits last, as OTP does:
/// `<<16#123456:20/little>>` is `<<16#56,16#34,2:4>>`.
fn write_integer(writer: &mut BitWriter, value: Term, bits: u64, little: bool) {
    if let Some(v) = value.as_small()
        && bits <= 64
    {
        let count = bits as u32;
        let truncated = match count {
            64 => v as u64,
            _ => (v as u64) & ((1u64 << count) - 1),
        };
        if little {
            write_little(writer, &truncated.to_le_bytes(), bits);
        } else {
            writer.push_uint(truncated, count);
        }
        return;
    }

    let (le, negative) = match value.as_small() {
        Some(v) => (v.to_le_bytes().to_vec(), v < 0),
        None => match to_bigint(value) {
            Some(v) => (v.to_signed_bytes_le(), v.sign() == num_bigint::Sign::Minus),
            None => return,
        },
    };
    let fill = if negative { 0xFF } else { 0x00 };
    let have = le.len() as u64 * 8;
    if bits <= have {
        let le = &le[..bits.div_ceil(8) as usize];
        if little {
            write_little(writer, le, bits);
        } else {
            let be: Vec<u8> = le.iter().rev().copied().collect();
            // The top byte holds only `bits % 8` meaningful bits, in its
            // low end, so the field starts that many bits short of a byte
            // into it.
            let skip = (8 - bits % 8) % 8;
            writer.push_bits(&be, skip, bits);
        }
    } else if little {
        writer.push_bytes(&le);
        push_fill(writer, fill, bits - have);
    } else {
        push_fill(writer, fill, bits - have);
        let be: Vec<u8> = le.iter().rev().copied().collect();
        writer.push_bytes(&be);
    }
}

/// Writes `bits` bits from little-endian bytes: whole low bytes first,
/// then the low `bits % 8` bits of the next byte.
fn write_little(writer: &mut BitWriter, le: &[u8], bits: u64) {
    let whole = (bits / 8) as usize;
    writer.push_bytes(&le[..whole]);
    let rest = (bits % 8) as u32;
    if rest > 0 {
        writer.push_uint(le[whole] as u64, rest);
    }
}

/// Writes `bits` copies of the bit in `fill` (0x00 or 0xFF), the sign
/// extension of an integer wider than its value.
fn push_fill(writer: &mut BitWriter, fill: u8, bits: u64) {
    let chunk = [fill; 4096];
    let mut left = bits;
    while left > 0 {
        let step = left.min(chunk.len() as u64 * 8);
        writer.push_bits(&chunk, 0, step);
        left -= step;
    }
}

#[cfg(test)]
#[path = "construct_tests.rs"]
mod tests;
