//! Flattening iolists and bitstring lists into binaries.
//!
//! An iolist is a binary, or a possibly improper list whose elements are
//! bytes (integers 0..=255), binaries and iolists, and whose tail is `[]`
//! or a binary. A bitstring list is the same with bitstrings in place of
//! binaries. Traversal keeps the pending tails in a vector, so nesting
//! depth costs heap memory, not Rust stack.
//!
//! NOTE: traversal runs to completion without counting reductions, unlike
//! OTP, which yields inside long iolists. A huge iolist keeps its
//! scheduler thread busy until it is done.

use super::{BitWriter, MAX_BINARY_BITS, try_byte_vec};
use crate::exception::{BifResult, Exception};
use crate::heap::{self, Alloc};
use crate::term::Term;

/// A leaf of an iolist: a byte or a bitstring term.
enum Piece {
    Byte(u8),
    Bits(Term),
}

/// Visits the leaves of `term` in order. Bitstrings whose size is not a
/// whole number of bytes are accepted only when `bitstrings` is set.
/// Raises badarg for any other element or tail.
fn walk(
    term: Term,
    bitstrings: bool,
    mut visit: impl FnMut(Piece) -> Result<(), Exception>,
) -> Result<(), Exception> {
    let leaf_ok = |t: Term| heap::bitstring(t).is_some_and(|s| bitstrings || s.is_binary());
    let mut pending: Vec<Term> = Vec::new();
    let mut current = term;
    loop {
        if current.is_cons() {
            let head = current.head();
            let tail = current.tail();
            if let Some(v) = head.as_small() {
                let byte = u8::try_from(v).map_err(|_| Exception::badarg())?;
                visit(Piece::Byte(byte))?;
            } else if head.is_cons() {
                pending.push(tail);
                current = head;
                continue;
            } else if head.is_nil() {
                // An empty list contributes nothing.
            } else if leaf_ok(head) {
                visit(Piece::Bits(head))?;
            } else {
                return Err(Exception::badarg());
            }
            current = tail;
            continue;
        }
        if current.is_nil() {
            // The end of a list.
        } else if leaf_ok(current) {
            visit(Piece::Bits(current))?;
        } else {
            return Err(Exception::badarg());
        }
        match pending.pop() {
            Some(tail) => current = tail,
            None => return Ok(()),
        }
    }
}

/// Returns the total size in bits of an iolist or bitstring list.
fn size_bits(term: Term, bitstrings: bool) -> Result<u64, Exception> {
    let mut total: u64 = 0;
    walk(term, bitstrings, |piece| {
        let bits = match piece {
            Piece::Byte(_) => 8,
            Piece::Bits(t) => super::bit_size(t).unwrap_or(0),
        };
        total = total
            .checked_add(bits)
            .ok_or_else(Exception::system_limit)?;
        Ok(())
    })?;
    Ok(total)
}

/// Returns the size in bytes of an iolist (`erlang:iolist_size/1`).
pub fn iolist_size(term: Term) -> Result<u64, Exception> {
    Ok(size_bits(term, false)? / 8)
}

/// Writes the bits of an iolist or bitstring list into a buffer of the
/// exact size, raising `system_limit` above [`MAX_BINARY_BITS`].
fn flatten(term: Term, bitstrings: bool) -> Result<BitWriter, Exception> {
    let bits = size_bits(term, bitstrings)?;
    if bits > MAX_BINARY_BITS {
        return Err(Exception::system_limit());
    }
    let mut writer = BitWriter::from_vec(try_byte_vec(bits.div_ceil(8))?);
    walk(term, bitstrings, |piece| {
        match piece {
            Piece::Byte(b) => writer.push_uint(b as u64, 8),
            Piece::Bits(t) => {
                if let Some(slice) = heap::bitstring(t) {
                    writer.push_bits(slice.bytes, slice.bit_offset, slice.bit_size);
                }
            }
        }
        Ok(())
    })?;
    Ok(writer)
}

/// Returns the bytes of an iolist.
pub fn iolist_bytes(term: Term) -> Result<Vec<u8>, Exception> {
    Ok(flatten(term, false)?.into_bytes())
}

/// Builds the binary of an iolist (`erlang:iolist_to_binary/1`). A binary
/// is returned as it is.
pub fn iolist_to_binary(heap: &mut impl Alloc, term: Term) -> BifResult {
    if heap::bitstring(term).is_some_and(|s| s.is_binary()) {
        return Ok(term);
    }
    Ok(flatten(term, false)?.into_term(heap))
}

/// Builds the bitstring of a bitstring list (`erlang:list_to_bitstring/1`).
pub fn bitstring_list_to_bitstring(heap: &mut impl Alloc, term: Term) -> BifResult {
    Ok(flatten(term, true)?.into_term(heap))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bits::test_terms::{parse, show};
    use crate::heap::Heap;

    fn to_binary(heap: &mut Heap, text: &str) -> String {
        let term = parse(heap, text);
        match iolist_to_binary(heap, term) {
            Ok(t) => show(t),
            Err(e) => format!("error:{}", show(e.reason)),
        }
    }

    /// Expected values from OTP 25's `iolist_to_binary/1`.
    #[test]
    fn iolists_flatten_like_otp() {
        let mut heap = Heap::default();
        let cases = [
            ("[1,<<2>>,[3|<<4>>]]", "<<1,2,3,4>>"),
            ("<<1,2>>", "<<1,2>>"),
            ("[[],[[]],<<>>]", "<<>>"),
            ("[1,<<2:3>>]", "error:badarg"),
            ("<<1,2:3>>", "error:badarg"),
            ("[256]", "error:badarg"),
            ("[-1]", "error:badarg"),
            ("[1|2]", "error:badarg"),
            ("[foo]", "error:badarg"),
            ("foo", "error:badarg"),
            ("[[1|<<2>>]|<<3>>]", "<<1,2,3>>"),
        ];
        for (input, expected) in cases {
            assert_eq!(to_binary(&mut heap, input), expected, "{input}");
        }
    }

    #[test]
    fn sizes_count_bytes() {
        let mut heap = Heap::default();
        let term = parse(&mut heap, "[1,<<2,3>>,[[[4]]]|<<5>>]");
        assert_eq!(iolist_size(term), Ok(5));
        let bits = parse(&mut heap, "<<1:3>>");
        assert!(iolist_size(bits).is_err());
    }

    #[test]
    fn bitstring_lists_join_bits() {
        let mut heap = Heap::default();
        let term = parse(&mut heap, "[<<1:1>>,<<1:7>>,2|<<3:2>>]");
        let joined = bitstring_list_to_bitstring(&mut heap, term).expect("bitstring list");
        assert_eq!(show(joined), "<<129,2,3:2>>");
    }

    #[test]
    fn deep_nesting_uses_no_stack() {
        let mut heap = Heap::default();
        let mut term = heap::binary(&mut heap, b"x");
        for _ in 0..1_000_000 {
            term = heap::cons(&mut heap, term, Term::NIL);
        }
        let flat = iolist_to_binary(&mut heap, term).expect("nested iolist");
        assert_eq!(show(flat), "<<120>>");
        let mut tails = Term::NIL;
        for _ in 0..1_000_000 {
            tails = heap::cons(&mut heap, Term::NIL, tails);
            tails = heap::cons(&mut heap, tails, Term::NIL);
        }
        assert_eq!(iolist_size(tails), Ok(0));
    }

    #[test]
    fn shared_binaries_hit_the_limit() {
        let mut heap = Heap::default();
        let chunk = vec![0u8; 1 << 20];
        let big = heap::binary(&mut heap, &chunk);
        // 5000 references to one 1 MiB binary: 5 GiB, over the 4 GiB cap.
        let mut list = Term::NIL;
        for _ in 0..5000 {
            list = heap::cons(&mut heap, big, list);
        }
        assert_eq!(iolist_size(list), Ok(5000 << 20));
        assert_eq!(
            iolist_to_binary(&mut heap, list).map(show),
            Err(Exception::system_limit())
        );
    }
}
