//! Bit syntax: building bitstrings (`bs_create_bin`), matching them with a
//! match context (`bs_start_match4`, `bs_get_*`, `bs_skip_*`, ...), and the
//! byte-level helpers the binary BIFs share.
//!
//! Bits are numbered from the most significant bit of the first byte, as
//! Erlang numbers them. Every bitstring read here goes through
//! [`heap::bitstring`], which gives the underlying bytes and the bit offset
//! of the first bit, so sub-binaries at any bit offset are handled alike.

use std::borrow::Cow;
use std::sync::Arc;

use crate::exception::Exception;
use crate::heap::{self, Alloc, BinaryData, HEAP_BINARY_MAX};
use crate::term::{HeaderTag, Term};

mod construct;
mod float16;
pub mod iolist;
mod matching;
pub mod search;
#[cfg(test)]
pub(crate) mod test_terms;

pub use construct::{SegmentValue, create_bin};
pub use float16::{f16_bits_to_f64, f64_to_f16_bits};
pub use matching::{
    get_binary, get_binary_all, get_float, get_integer, get_position, get_tail, get_utf, get_utf8,
    get_utf16, get_utf32, match_string, remaining_bits, segment_bits, set_position, skip_all,
    skip_bits, skip_utf, start_match, test_tail, test_unit,
};

/// Largest bitstring, in bits, that construction builds: 4 GiB.
///
/// Larger requests raise `system_limit` instead of exhausting memory. OTP 25
/// itself has no cap below the address space: `<<1:(1 bsl 40)>>` makes it
/// try to allocate 128 GiB and abort the node.
pub const MAX_BINARY_BITS: u64 = 1 << 35;

/// Sub-binaries of at most this many bytes are copied into a heap binary,
/// which then takes no more words than a SubBin object would (2 + 2 words
/// against 4) and does not keep a large binary alive.
const COPY_SLICE_MAX_BYTES: u64 = 16;

/// Returns the bit size of a bitstring term, or `None` for other terms.
pub fn bit_size(term: Term) -> Option<u64> {
    heap::bitstring(term).map(|s| s.bit_size)
}

/// Returns the bytes of a binary term (a bitstring whose size is a whole
/// number of bytes), borrowed when byte-aligned and copied otherwise.
///
/// The result must not be held across a garbage collection.
pub fn binary_bytes<'a>(term: Term) -> Option<Cow<'a, [u8]>> {
    let slice = heap::bitstring(term)?;
    if !slice.is_binary() {
        return None;
    }
    Some(match slice.as_bytes() {
        Some(bytes) => Cow::Borrowed(bytes),
        None => Cow::Owned(extract_bits(slice.bytes, slice.bit_offset, slice.bit_size)),
    })
}

/// Returns the bits of a bitstring term as bytes, the last one padded with
/// zero bits, together with the bit size.
pub fn bitstring_bytes<'a>(term: Term) -> Option<(Cow<'a, [u8]>, u64)> {
    let slice = heap::bitstring(term)?;
    let whole_bytes = slice.bit_offset % 8 == 0 && slice.bit_size % 8 == 0;
    let bytes = if whole_bytes {
        let start = (slice.bit_offset / 8) as usize;
        Cow::Borrowed(&slice.bytes[start..start + (slice.bit_size / 8) as usize])
    } else {
        Cow::Owned(extract_bits(slice.bytes, slice.bit_offset, slice.bit_size))
    };
    Some((bytes, slice.bit_size))
}

/// Returns `bit_size` bits of the bitstring `term` starting `bit_offset`
/// bits into it. The caller has checked that the range lies within `term`.
///
/// The result is `term` itself when the range covers it, a copy when small
/// (see [`COPY_SLICE_MAX_BYTES`]), and otherwise a SubBin that points at the
/// underlying heap or reference-counted binary with an absolute offset, so
/// chains of sub-binaries never form.
pub fn slice_bitstring(heap: &mut impl Alloc, term: Term, bit_offset: u64, bit_size: u64) -> Term {
    let (original, base) = match term.boxed_tag() {
        Some(HeaderTag::SubBin) => (term.element(2), term.word(1)),
        _ => (term, 0),
    };
    let whole = heap::bitstring(term).map(|s| s.bit_size);
    if bit_offset == 0 && whole == Some(bit_size) {
        return term;
    }
    slice_original(heap, original, base + bit_offset, bit_size)
}

/// Like [`slice_bitstring`], for an `original` heap or reference-counted
/// binary and an offset counted from its first bit.
pub(crate) fn slice_original(
    heap: &mut impl Alloc,
    original: Term,
    bit_offset: u64,
    bit_size: u64,
) -> Term {
    if bit_size.is_multiple_of(8)
        && bit_size / 8 <= COPY_SLICE_MAX_BYTES
        && let Some(slice) = heap::bitstring(original)
    {
        let bytes = extract_bits(slice.bytes, bit_offset, bit_size);
        return heap::binary(heap, &bytes);
    }
    if bit_offset == 0 && heap::bitstring(original).map(|s| s.bit_size) == Some(bit_size) {
        return original;
    }
    heap::sub_binary(heap, original, bit_offset, bit_size)
}

/// Builds a bitstring term from `bytes` holding `bit_size` bits, the bits
/// past `bit_size` in the last byte being zero.
///
/// Binaries of up to [`HEAP_BINARY_MAX`] bytes go on the heap and larger
/// ones become reference-counted without another copy. A bitstring whose
/// size is not a whole number of bytes becomes a SubBin over a binary that
/// contains its bytes.
pub fn make_bitstring(heap: &mut impl Alloc, bytes: Vec<u8>, bit_size: u64) -> Term {
    debug_assert_eq!(bytes.len() as u64, bit_size.div_ceil(8));
    let binary = if bytes.len() <= HEAP_BINARY_MAX {
        heap::binary(heap, &bytes)
    } else {
        let data = BinaryData {
            bytes: bytes.into_boxed_slice(),
        };
        heap::refc_binary(heap, Arc::new(data))
    };
    if bit_size.is_multiple_of(8) {
        binary
    } else {
        heap::sub_binary(heap, binary, 0, bit_size)
    }
}

/// Raises `system_limit` unless a bitstring of `bits` bits may be built.
pub fn check_bits_limit(bits: u64) -> Result<(), Exception> {
    if bits > MAX_BINARY_BITS {
        Err(Exception::system_limit())
    } else {
        Ok(())
    }
}

/// Allocates an empty byte vector with room for `bytes` bytes, raising
/// `system_limit` when the allocator cannot provide it.
pub fn try_byte_vec(bytes: u64) -> Result<Vec<u8>, Exception> {
    let len = usize::try_from(bytes).map_err(|_| Exception::system_limit())?;
    let mut v = Vec::new();
    v.try_reserve_exact(len)
        .map_err(|_| Exception::system_limit())?;
    Ok(v)
}

// ---- bit-level copying ----

/// Reads up to eight bits starting at bit `pos` of `src`, returned in the
/// top `count` bits of a byte with the rest zero. Bits past the end of
/// `src` read as zero.
#[inline]
fn read_byte(src: &[u8], pos: u64, count: u32) -> u8 {
    debug_assert!((1..=8).contains(&count));
    let index = (pos / 8) as usize;
    let shift = (pos % 8) as u32;
    let high = src.get(index).copied().unwrap_or(0) << shift;
    let low = if shift == 0 {
        0
    } else {
        src.get(index + 1).copied().unwrap_or(0) >> (8 - shift)
    };
    (high | low) & top_mask(count)
}

/// Returns a byte with its top `count` bits set.
#[inline]
fn top_mask(count: u32) -> u8 {
    !(0xFFu8.checked_shr(count).unwrap_or(0))
}

/// Returns `bit_size` bits of `src` starting at bit `bit_offset`, packed
/// from the first bit of the result, the last byte padded with zero bits.
pub fn extract_bits(src: &[u8], bit_offset: u64, bit_size: u64) -> Vec<u8> {
    let mut writer = BitWriter::with_capacity(bit_size.div_ceil(8) as usize);
    writer.push_bits(src, bit_offset, bit_size);
    writer.into_bytes()
}

/// Reads `count` (at most 64) bits starting at bit `pos` of `src` as a
/// big-endian unsigned number.
pub fn read_uint(src: &[u8], pos: u64, count: u32) -> u64 {
    debug_assert!(count <= 64);
    let mut value = 0u64;
    let mut done = 0u32;
    while done < count {
        let take = (count - done).min(8);
        let byte = read_byte(src, pos + done as u64, take) >> (8 - take);
        value = (value << take) | byte as u64;
        done += take;
    }
    value
}

/// A growable bitstring: bytes plus a length in bits. The bits past the
/// length in the last byte are always zero.
#[derive(Debug, Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    bits: u64,
}

impl BitWriter {
    pub fn new() -> BitWriter {
        BitWriter::default()
    }

    pub fn with_capacity(bytes: usize) -> BitWriter {
        BitWriter {
            bytes: Vec::with_capacity(bytes),
            bits: 0,
        }
    }

    /// Wraps a vector allocated by the caller (with [`try_byte_vec`], say),
    /// which must be empty.
    pub fn from_vec(bytes: Vec<u8>) -> BitWriter {
        debug_assert!(bytes.is_empty());
        BitWriter { bytes, bits: 0 }
    }

    /// Returns the number of bits written.
    pub fn bit_len(&self) -> u64 {
        self.bits
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Builds the bitstring term of the bits written.
    pub fn into_term(self, heap: &mut impl Alloc) -> Term {
        let bits = self.bits;
        make_bitstring(heap, self.bytes, bits)
    }

    /// Appends the top `count` (1 to 8) bits of `byte`, whose other bits
    /// are zero.
    #[inline]
    fn push_partial(&mut self, byte: u8, count: u32) {
        let used = (self.bits % 8) as u32;
        if used == 0 {
            self.bytes.push(byte);
        } else {
            if let Some(last) = self.bytes.last_mut() {
                *last |= byte >> used;
            }
            if count > 8 - used {
                self.bytes.push(byte << (8 - used));
            }
        }
        self.bits += count as u64;
    }

    /// Appends `count` bits of `src` starting at bit `offset`.
    pub fn push_bits(&mut self, src: &[u8], offset: u64, count: u64) {
        let mut pos = offset;
        let mut left = count;
        if self.bits.is_multiple_of(8) && pos.is_multiple_of(8) {
            let start = (pos / 8) as usize;
            let whole = (left / 8) as usize;
            let end = (start + whole).min(src.len());
            self.bytes.extend_from_slice(&src[start.min(end)..end]);
            // Bits past the end of `src` read as zero, as in `read_byte`.
            let expected = self.bytes.len() + whole - (end - start.min(end));
            self.bytes.resize(expected, 0);
            self.bits += whole as u64 * 8;
            pos += whole as u64 * 8;
            left -= whole as u64 * 8;
        }
        while left >= 8 {
            self.push_partial(read_byte(src, pos, 8), 8);
            pos += 8;
            left -= 8;
        }
        if left > 0 {
            let count = left as u32;
            self.push_partial(read_byte(src, pos, count), count);
        }
    }

    pub fn push_bytes(&mut self, bytes: &[u8]) {
        self.push_bits(bytes, 0, bytes.len() as u64 * 8);
    }

    /// Appends the low `count` (at most 64) bits of `value`, most
    /// significant first.
    pub fn push_uint(&mut self, value: u64, count: u32) {
        debug_assert!(count <= 64);
        let count = count.min(64);
        if count == 0 {
            return;
        }
        let aligned = value << (64 - count);
        self.push_bits(&aligned.to_be_bytes(), 0, count as u64);
    }
}

/// Returns `true` when `flags` select little-endian: `BS_LITTLE`, or
/// `BS_NATIVE` on a little-endian machine.
#[inline]
pub(crate) fn is_little(flags: u32) -> bool {
    use crate::instr::{BS_LITTLE, BS_NATIVE};
    flags & BS_LITTLE != 0 || (flags & BS_NATIVE != 0 && cfg!(target_endian = "little"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Heap;

    #[test]
    fn writer_packs_unaligned_bits() {
        let mut w = BitWriter::new();
        w.push_uint(0b101, 3);
        w.push_bytes(&[0xFF, 0x00]);
        w.push_uint(1, 1);
        assert_eq!(w.bit_len(), 20);
        assert_eq!(w.into_bytes(), vec![0b1011_1111, 0b1110_0000, 0b0001_0000]);
    }

    #[test]
    fn extract_reads_at_any_offset() {
        let src = [0b1100_1010, 0b0101_0011, 0xFF];
        assert_eq!(extract_bits(&src, 0, 24), src.to_vec());
        assert_eq!(extract_bits(&src, 3, 8), vec![0b0101_0010]);
        assert_eq!(extract_bits(&src, 3, 5), vec![0b0101_0000]);
        assert_eq!(extract_bits(&src, 12, 12), vec![0x3F, 0xF0]);
        assert!(extract_bits(&src, 24, 0).is_empty());
    }

    #[test]
    fn read_uint_is_big_endian() {
        let src = [0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0, 0x11];
        assert_eq!(read_uint(&src, 0, 16), 0x1234);
        assert_eq!(read_uint(&src, 4, 8), 0x23);
        assert_eq!(read_uint(&src, 0, 64), 0x1234_5678_9ABC_DEF0);
        assert_eq!(read_uint(&src, 4, 64), 0x2345_6789_ABCD_EF01);
        assert_eq!(read_uint(&src, 0, 0), 0);
    }

    #[test]
    fn slices_point_at_original() {
        let mut heap = Heap::default();
        let bytes: Vec<u8> = (0..100).collect();
        let bin = heap::binary(&mut heap, &bytes);
        let outer = slice_bitstring(&mut heap, bin, 8, 640);
        assert_eq!(outer.boxed_tag(), Some(HeaderTag::SubBin));
        let inner = slice_bitstring(&mut heap, outer, 8 * 30, 8 * 40);
        assert_eq!(inner.boxed_tag(), Some(HeaderTag::SubBin));
        assert_eq!(inner.element(2), bin);
        assert_eq!(binary_bytes(inner).as_deref(), Some(&bytes[31..71]));
        let small = slice_bitstring(&mut heap, outer, 4, 16);
        assert_eq!(small.boxed_tag(), Some(HeaderTag::HeapBin));
        assert_eq!(binary_bytes(small).as_deref(), Some(&[0x10, 0x20][..]));
        assert_eq!(slice_bitstring(&mut heap, bin, 0, 800), bin);
    }

    #[test]
    fn make_bitstring_sizes() {
        let mut heap = Heap::default();
        let small = make_bitstring(&mut heap, vec![1; 64], 512);
        assert_eq!(small.boxed_tag(), Some(HeaderTag::HeapBin));
        let large = make_bitstring(&mut heap, vec![2; 65], 520);
        assert_eq!(large.boxed_tag(), Some(HeaderTag::RefcBin));
        let bits = make_bitstring(&mut heap, vec![0xF0], 4);
        assert_eq!(bits.boxed_tag(), Some(HeaderTag::SubBin));
        assert_eq!(bit_size(bits), Some(4));
        assert_eq!(
            bitstring_bytes(bits).map(|(b, n)| (b.into_owned(), n)),
            Some((vec![0xF0], 4))
        );
    }
}
