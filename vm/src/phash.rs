//! The portable term hashes `erlang:phash2/1,2` and `erlang:phash/2`,
//! producing the values of OTP 25.
//!
//! Both follow the algorithms of OTP's `make_hash2` and `make_hash`: the
//! hash depends only on the value of a term, never on where or how it is
//! stored. `phash2` mixes 32-bit words with Bob Jenkins' `lookup2` mix
//! function and hashes binaries with his block hash, while `phash`
//! multiplies by large primes byte by byte. Atoms are hashed by OTP's
//! atom-table hash of their name. The expected values in the tests were
//! printed by `erl`.
//!
//! Cordon pids are `<0.N.0>`, but an OTP pid has a 15-bit number, so pids
//! hash by `N mod 2^15`. That matches OTP for `N < 32768`.

use crate::atom::Atom;
use crate::bignum::{self, IntView};
use crate::compare;
use crate::fun;
use crate::heap;
use crate::map;
use crate::term::{HeaderTag, Term};

/// Returns `erlang:phash2(Term)`: a hash in `0..2^27`.
pub fn phash2(t: Term) -> u32 {
    make_hash2(t) & ((1 << 27) - 1)
}

/// Returns `erlang:phash2(Term, Range)`: a hash in `0..Range`. The BIF
/// accepts ranges `1..=2^32`, and a range of 0 is treated as 2^32.
pub fn phash2_range(t: Term, range: u64) -> u32 {
    let hash = make_hash2(t);
    if range == 0 || range >= 1 << 32 {
        hash
    } else {
        (u64::from(hash) % range) as u32
    }
}

/// Returns `erlang:phash(Term, Range)`: a hash in `1..=Range`. The BIF
/// accepts ranges `1..=2^32`, and a range of 0 is treated as 2^32.
pub fn phash_exact(t: Term, range: u64) -> u64 {
    let hash = u64::from(make_hash(t));
    if range == 0 || range >= 1 << 32 {
        hash + 1
    } else {
        hash % range + 1
    }
}

/// Returns [`phash_exact`] as a `u32`.
///
/// NOTE: with a range of 2^32, the one hash whose result is 2^32 comes
/// back as 2^32 - 1 here. The BIF should use [`phash_exact`].
pub fn phash(t: Term, range: u64) -> u32 {
    phash_exact(t, range).min(u64::from(u32::MAX)) as u32
}

/// Returns the hash OTP's atom table computes for an atom name: `hashpjw`
/// over the UTF-8 bytes, where a two-byte sequence for a character below
/// 256 counts as that character's Latin-1 byte.
pub fn atom_hash(name: &str) -> u32 {
    let bytes = name.as_bytes();
    let mut h: u32 = 0;
    let mut i = 0;
    while i < bytes.len() {
        let mut v = bytes[i];
        i += 1;
        if i < bytes.len() && (v & 0xFE) == 0xC2 && (bytes[i] & 0xC0) == 0x80 {
            v = (v << 6) | (bytes[i] & 0x3F);
            i += 1;
        }
        h = (h << 4).wrapping_add(u32::from(v));
        let g = h & 0xF000_0000;
        if g != 0 {
            h ^= g >> 24;
            h ^= g;
        }
    }
    h
}

fn atom_term_hash(t: Term) -> u32 {
    t.as_atom().map_or(0, |a: Atom| atom_hash(a.name()))
}

/// Returns the 15-bit number OTP would give a Cordon pid.
fn pid_number(t: Term) -> u32 {
    (t.as_pid().unwrap_or(0) & 0x7FFF) as u32
}

/// Returns the bytes of a bitstring and the number of bits in its final
/// partial byte. The partial byte, when there is one, comes last with its
/// bits right-aligned.
fn bitstring_parts(t: Term) -> (Vec<u8>, u32) {
    let Some(bits) = heap::bitstring(t) else {
        return (Vec::new(), 0);
    };
    let mut bytes = compare::aligned_bytes(&bits).into_owned();
    let trailing = (bits.bit_size % 8) as u32;
    if trailing > 0
        && let Some(last) = bytes.last_mut()
    {
        *last >>= 8 - trailing;
    }
    (bytes, trailing)
}

// ---- phash2 ----

/// Multiples of the golden ratio constant, `HCONST * {1..19} mod 2^32`.
const HCONST: u32 = 0x9e37_79b9;
const HCONST_2: u32 = 0x3c6e_f372;
const HCONST_3: u32 = 0xdaa6_6d2b;
const HCONST_4: u32 = 0x78dd_e6e4;
const HCONST_5: u32 = 0x1715_609d;
const HCONST_6: u32 = 0xb54c_da56;
const HCONST_7: u32 = 0x5384_540f;
const HCONST_9: u32 = 0x8ff3_4781;
const HCONST_10: u32 = 0x2e2a_c13a;
const HCONST_11: u32 = 0xcc62_3af3;
const HCONST_12: u32 = 0x6a99_b4ac;
const HCONST_13: u32 = 0x08d1_2e65;
const HCONST_14: u32 = 0xa708_a81e;
const HCONST_15: u32 = 0x4540_21d7;
const HCONST_16: u32 = 0xe377_9b90;
const HCONST_19: u32 = 0xbe1e_08bb;

/// Hash of `[]` when it is hashed first, as OTP special-cases it.
const NIL_FIRST_HASH: u32 = 3_468_870_702;
/// OTP's type code for `[]`, mixed in when `[]` is not hashed first.
const NIL_DEF: u32 = 2;

/// Bob Jenkins' `lookup2` mix of three 32-bit words.
fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 13);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 8);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 13);
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 12);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 16);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 5);
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 3);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 10);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 15);
}

/// Mixes two words into `hash`, each offset by `constant`.
fn hash_words(hash: &mut u32, x: u32, y: u32, constant: u32) {
    let mut a = constant.wrapping_add(x);
    let mut b = constant.wrapping_add(y);
    mix(&mut a, &mut b, hash);
}

fn hash_word(hash: &mut u32, x: u32, constant: u32) {
    hash_words(hash, x, 0, constant);
}

/// Bob Jenkins' block hash of `bytes`, starting from `initial`.
fn block_hash(bytes: &[u8], initial: u32) -> u32 {
    let word = |k: &[u8]| u32::from_le_bytes([k[0], k[1], k[2], k[3]]);
    let (mut a, mut b, mut c) = (HCONST, HCONST, initial);
    let mut chunks = bytes.chunks_exact(12);
    for k in &mut chunks {
        a = a.wrapping_add(word(&k[0..4]));
        b = b.wrapping_add(word(&k[4..8]));
        c = c.wrapping_add(word(&k[8..12]));
        mix(&mut a, &mut b, &mut c);
    }
    let k = chunks.remainder();
    // The length is truncated to 32 bits, as in OTP.
    c = c.wrapping_add(bytes.len() as u32);
    // The low byte of `c` is reserved for the length, so the last bytes
    // fill `c` from its second byte up.
    for (i, &byte) in k.iter().enumerate() {
        let value = u32::from(byte);
        match i {
            0..=3 => a = a.wrapping_add(value << (8 * i)),
            4..=7 => b = b.wrapping_add(value << (8 * (i - 4))),
            _ => c = c.wrapping_add(value << (8 * (i - 7))),
        }
    }
    mix(&mut a, &mut b, &mut c);
    c
}

/// Pending work of `make_hash2`.
enum Hash2Work {
    Term(Term),
    /// The end of one key-value pair of a map.
    MapPair,
    /// The end of a map: restores the hash and pair accumulator saved when
    /// the map was entered.
    MapEnd {
        saved_hash: u32,
        saved_pairs: u32,
    },
}

/// Computes OTP's `make_hash2`: the full 32-bit `phash2` value.
pub fn make_hash2(t: Term) -> u32 {
    let mut hash: u32 = 0;
    // XOR of the hashes of the finished pairs of the innermost map.
    let mut pairs: u32 = 0;
    let mut stack = vec![Hash2Work::Term(t)];
    while let Some(work) = stack.pop() {
        let t = match work {
            Hash2Work::Term(t) => t,
            Hash2Work::MapPair => {
                pairs ^= hash;
                hash = 0;
                continue;
            }
            Hash2Work::MapEnd {
                saved_hash,
                saved_pairs,
            } => {
                hash = saved_hash;
                hash_word(&mut hash, pairs, HCONST_19);
                pairs = saved_pairs;
                continue;
            }
        };
        hash2_term(t, &mut hash, &mut pairs, &mut stack);
    }
    hash
}

/// Mixes the outer layer of `t` into `hash` and queues its parts.
fn hash2_term(t: Term, hash: &mut u32, pairs: &mut u32, stack: &mut Vec<Hash2Work>) {
    if let Some(v) = t.as_small() {
        hash2_small(hash, v);
    } else if t.is_atom() {
        let value = atom_term_hash(t);
        if *hash == 0 {
            *hash = value;
        } else {
            hash_word(hash, value, HCONST_3);
        }
    } else if t.is_nil() {
        if *hash == 0 {
            *hash = NIL_FIRST_HASH;
        } else {
            hash_word(hash, NIL_DEF, HCONST_2);
        }
    } else if t.is_pid() {
        hash_word(hash, pid_number(t), HCONST_5);
    } else if let Some(n) = t.as_port() {
        hash_words(hash, n as u32, (n >> 32) as u32, HCONST_6);
    } else if t.is_cons() {
        hash2_list(t, hash, stack);
    } else if t.is_boxed() {
        hash2_boxed(t, hash, pairs, stack);
    }
}

fn hash2_small(hash: &mut u32, v: i64) {
    if (-(1 << 27)..(1 << 27)).contains(&v) {
        // Negative values are mixed twice: once negated, once as is.
        if v < 0 {
            hash_word(hash, v.wrapping_neg() as u32, HCONST);
        }
        hash_word(hash, v as u32, HCONST);
    } else {
        let constant = if v < 0 { HCONST_10 } else { HCONST_11 };
        let magnitude = v.unsigned_abs();
        hash_words(hash, magnitude as u32, (magnitude >> 32) as u32, constant);
    }
}

/// Hashes the byte-sized elements at the front of a list four at a time,
/// then queues the first other element and the rest of the list.
fn hash2_list(t: Term, hash: &mut u32, stack: &mut Vec<Hash2Work>) {
    let mut cell = t;
    let mut count = 0;
    let mut packed: u32 = 0;
    while let Some(byte) = cell.head().as_small().filter(|b| (0..256).contains(b)) {
        packed = (packed << 8).wrapping_add(byte as u32);
        if count == 3 {
            hash_word(hash, packed, HCONST_4);
            count = 0;
            packed = 0;
        } else {
            count += 1;
        }
        let tail = cell.tail();
        if !tail.is_cons() {
            if count > 0 {
                hash_word(hash, packed, HCONST_4);
            }
            stack.push(Hash2Work::Term(tail));
            return;
        }
        cell = tail;
    }
    if count > 0 {
        hash_word(hash, packed, HCONST_4);
    }
    stack.push(Hash2Work::Term(cell.tail()));
    stack.push(Hash2Work::Term(cell.head()));
}

fn hash2_boxed(t: Term, hash: &mut u32, pairs: &mut u32, stack: &mut Vec<Hash2Work>) {
    match t.boxed_tag() {
        Some(HeaderTag::Tuple) => {
            let elements = t.tuple_elements();
            hash_word(hash, elements.len() as u32, HCONST_9);
            stack.extend(elements.iter().rev().map(|&e| Hash2Work::Term(e)));
        }
        Some(HeaderTag::Map) => {
            let size = map::size(t);
            hash_word(hash, size as u32, HCONST_16);
            if size == 0 {
                return;
            }
            // Each pair is hashed from zero and the pair hashes are
            // combined with XOR, so the order of the pairs does not matter.
            stack.push(Hash2Work::MapEnd {
                saved_hash: *hash,
                saved_pairs: *pairs,
            });
            for (key, value) in map::iter(t) {
                stack.push(Hash2Work::MapPair);
                stack.push(Hash2Work::Term(value));
                stack.push(Hash2Work::Term(key));
            }
            *hash = 0;
            *pairs = 0;
        }
        Some(HeaderTag::PosBig | HeaderTag::NegBig) => {
            if let Some(IntView::Big(negative, limbs)) = bignum::int_view(t) {
                let constant = if negative { HCONST_10 } else { HCONST_11 };
                for &limb in limbs {
                    hash_words(hash, limb as u32, (limb >> 32) as u32, constant);
                }
            }
        }
        Some(HeaderTag::Float) => {
            let f = t.as_float().unwrap_or(0.0);
            // -0.0 hashes as 0.0, since the two are equal.
            let bits = if f == 0.0 { 0 } else { f.to_bits() };
            hash_words(hash, (bits >> 32) as u32, bits as u32, HCONST_12);
        }
        Some(HeaderTag::HeapBin | HeaderTag::RefcBin | HeaderTag::SubBin) => {
            let (bytes, trailing) = bitstring_parts(t);
            let whole = bytes.len() - usize::from(trailing > 0);
            let initial = HCONST_13.wrapping_add(*hash);
            if bytes.is_empty() {
                *hash = initial;
                return;
            }
            *hash = block_hash(&bytes[..whole], initial);
            if trailing > 0 {
                hash_words(hash, trailing, u32::from(bytes[whole]), HCONST_15);
            }
        }
        Some(HeaderTag::Ref) => {
            hash_word(hash, compare::ref_numbers(t)[0], HCONST_7);
        }
        Some(HeaderTag::Fun) => {
            let entry = fun::closure_entry(t);
            let env = fun::closure_env(t);
            let module = atom_hash(entry.module.name());
            hash_words(hash, env.len() as u32, module, HCONST);
            hash_words(hash, entry.index, entry.old_uniq, HCONST);
            stack.extend(env.iter().rev().map(|&e| Hash2Work::Term(e)));
        }
        Some(HeaderTag::Export) => {
            let export = fun::export_of(t);
            let module = atom_hash(export.module.name());
            hash_words(hash, export.arity, module, HCONST);
            hash_word(hash, atom_hash(export.function.name()), HCONST_14);
        }
        Some(HeaderTag::MatchCtx) | None => {}
    }
}

// ---- phash ----

const FUNNY_NUMBER1: u32 = 268_440_163;
const FUNNY_NUMBER2: u32 = 268_439_161;
const FUNNY_NUMBER3: u32 = 268_435_459;
const FUNNY_NUMBER4: u32 = 268_436_141;
const FUNNY_NUMBER5: u32 = 268_438_633;
const FUNNY_NUMBER6: u32 = 268_437_017;
const FUNNY_NUMBER8: u32 = 268_437_511;
const FUNNY_NUMBER9: u32 = 268_439_627;
const FUNNY_NUMBER10: u32 = 268_440_479;
const FUNNY_NUMBER11: u32 = 268_440_577;
const FUNNY_NUMBER12: u32 = 268_440_581;
const FUNNY_NUMBER13: u32 = 268_440_593;
const FUNNY_NUMBER14: u32 = 268_440_611;

/// Pending work of `make_hash`.
enum HashWork {
    Term(Term),
    /// The end of a list: its final tail has been hashed.
    ListEnd,
    /// The end of a tuple of this arity.
    TupleEnd(u32),
}

/// Folds the four bytes of `x` into `hash`, least significant first.
fn step_bytes(hash: u32, x: u32, prime: u32) -> u32 {
    x.to_le_bytes().iter().fold(hash, |h, &b| {
        h.wrapping_mul(prime).wrapping_add(u32::from(b))
    })
}

/// Computes OTP's `make_hash`: the value behind `phash/2`.
pub fn make_hash(t: Term) -> u32 {
    let mut hash: u32 = 0;
    let mut stack = vec![HashWork::Term(t)];
    while let Some(work) = stack.pop() {
        match work {
            HashWork::Term(t) => hash = hash1_term(t, hash, &mut stack),
            HashWork::ListEnd => hash = hash.wrapping_mul(FUNNY_NUMBER8),
            HashWork::TupleEnd(arity) => {
                hash = hash.wrapping_mul(FUNNY_NUMBER9).wrapping_add(arity);
            }
        }
    }
    hash
}

fn hash1_term(t: Term, hash: u32, stack: &mut Vec<HashWork>) -> u32 {
    if let Some(v) = t.as_small() {
        let magnitude = v.unsigned_abs();
        let mut h = step_bytes(hash, magnitude as u32, FUNNY_NUMBER2);
        if magnitude >> 32 != 0 {
            h = step_bytes(h, (magnitude >> 32) as u32, FUNNY_NUMBER2);
        }
        let sign = if v < 0 { FUNNY_NUMBER4 } else { FUNNY_NUMBER3 };
        return h.wrapping_mul(sign);
    }
    if t.is_atom() {
        return hash
            .wrapping_mul(FUNNY_NUMBER1)
            .wrapping_add(atom_term_hash(t));
    }
    if t.is_nil() {
        return hash.wrapping_mul(FUNNY_NUMBER3).wrapping_add(1);
    }
    if t.is_pid() {
        return step_bytes(hash, pid_number(t), FUNNY_NUMBER5).wrapping_mul(FUNNY_NUMBER6);
    }
    if let Some(n) = t.as_port() {
        let mut h = hash;
        if n >> 32 != 0 {
            h = step_bytes(h, (n >> 32) as u32, FUNNY_NUMBER11);
        }
        return step_bytes(h, n as u32, FUNNY_NUMBER9).wrapping_mul(FUNNY_NUMBER10);
    }
    if t.is_cons() {
        return hash1_list(t, hash, stack);
    }
    if t.is_boxed() {
        return hash1_boxed(t, hash, stack);
    }
    hash
}

/// Hashes the byte-sized elements at the front of a list, then queues the
/// first other element and the rest of the list. The final tail of every
/// list is hashed like any term and then multiplied in.
fn hash1_list(t: Term, hash: u32, stack: &mut Vec<HashWork>) -> u32 {
    let mut h = hash;
    let mut cell = t;
    while let Some(byte) = cell.head().as_small().filter(|b| (0..256).contains(b)) {
        h = h.wrapping_mul(FUNNY_NUMBER2).wrapping_add(byte as u32);
        let tail = cell.tail();
        if !tail.is_cons() {
            stack.push(HashWork::ListEnd);
            stack.push(HashWork::Term(tail));
            return h;
        }
        cell = tail;
    }
    let tail = cell.tail();
    if tail.is_cons() {
        stack.push(HashWork::Term(tail));
    } else {
        stack.push(HashWork::ListEnd);
        stack.push(HashWork::Term(tail));
    }
    stack.push(HashWork::Term(cell.head()));
    h
}

fn hash1_boxed(t: Term, hash: u32, stack: &mut Vec<HashWork>) -> u32 {
    match t.boxed_tag() {
        Some(HeaderTag::Tuple) => {
            let elements = t.tuple_elements();
            stack.push(HashWork::TupleEnd(elements.len() as u32));
            stack.extend(elements.iter().rev().map(|&e| HashWork::Term(e)));
            hash
        }
        Some(HeaderTag::Map) => hash
            .wrapping_mul(FUNNY_NUMBER13)
            .wrapping_add(FUNNY_NUMBER14)
            .wrapping_add(make_hash2(t)),
        Some(HeaderTag::PosBig | HeaderTag::NegBig) => {
            let Some(IntView::Big(negative, limbs)) = bignum::int_view(t) else {
                return hash;
            };
            let mut h = hash;
            if let Some((&top, lower)) = limbs.split_last() {
                for &limb in lower {
                    for byte in limb.to_le_bytes() {
                        h = h.wrapping_mul(FUNNY_NUMBER2).wrapping_add(u32::from(byte));
                    }
                }
                // The top digit contributes 4 bytes when it fits in 32 bits.
                let width = if top >> 32 == 0 { 4 } else { 8 };
                for &byte in &top.to_le_bytes()[..width] {
                    h = h.wrapping_mul(FUNNY_NUMBER2).wrapping_add(u32::from(byte));
                }
            }
            let sign = if negative {
                FUNNY_NUMBER4
            } else {
                FUNNY_NUMBER3
            };
            h.wrapping_mul(sign)
        }
        Some(HeaderTag::Float) => {
            let f = t.as_float().unwrap_or(0.0);
            let bits = if f == 0.0 { 0 } else { f.to_bits() };
            let folded = (bits as u32) ^ ((bits >> 32) as u32);
            hash.wrapping_mul(FUNNY_NUMBER6).wrapping_add(folded)
        }
        Some(HeaderTag::HeapBin | HeaderTag::RefcBin | HeaderTag::SubBin) => {
            let (bytes, trailing) = bitstring_parts(t);
            let whole = bytes.len() - usize::from(trailing > 0);
            let mut h = bytes[..whole].iter().fold(hash, |h, &b| {
                h.wrapping_mul(FUNNY_NUMBER1).wrapping_add(u32::from(b))
            });
            if trailing > 0 {
                h = h
                    .wrapping_mul(FUNNY_NUMBER1)
                    .wrapping_add(u32::from(bytes[whole]))
                    .wrapping_mul(FUNNY_NUMBER12)
                    .wrapping_add(trailing);
            }
            h.wrapping_mul(FUNNY_NUMBER4).wrapping_add(whole as u32)
        }
        Some(HeaderTag::Ref) => {
            let n0 = compare::ref_numbers(t)[0];
            step_bytes(hash, n0, FUNNY_NUMBER9).wrapping_mul(FUNNY_NUMBER10)
        }
        Some(HeaderTag::Fun) => {
            let entry = fun::closure_entry(t);
            let env = fun::closure_env(t);
            let h = hash
                .wrapping_mul(FUNNY_NUMBER10)
                .wrapping_add(env.len() as u32)
                .wrapping_mul(FUNNY_NUMBER1)
                .wrapping_add(atom_hash(entry.module.name()))
                .wrapping_mul(FUNNY_NUMBER2)
                .wrapping_add(entry.index)
                .wrapping_mul(FUNNY_NUMBER2)
                .wrapping_add(entry.old_uniq);
            stack.extend(env.iter().rev().map(|&e| HashWork::Term(e)));
            h
        }
        Some(HeaderTag::Export) => {
            let export = fun::export_of(t);
            hash.wrapping_mul(FUNNY_NUMBER11)
                .wrapping_add(export.arity)
                .wrapping_mul(FUNNY_NUMBER1)
                .wrapping_add(atom_hash(export.module.name()))
                .wrapping_mul(FUNNY_NUMBER1)
                .wrapping_add(atom_hash(export.function.name()))
        }
        Some(HeaderTag::MatchCtx) | None => hash,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Heap;
    use crate::print::test_syntax::{make_closure, make_export_fun, make_ref, parse};

    /// Terms with `erlang:phash2(T, 1 bsl 32)` and `erlang:phash(T, 1 bsl 32)`
    /// from `erl` (OTP 25).
    const HASHES: &[(&str, u32, u32)] = &[
        ("a", 97, 98),
        ("b", 98, 99),
        ("ok", 1883, 1884),
        ("'hello world'", 18131988, 18131989),
        ("''", 0, 1),
        ("'\\x{e9}'", 233, 234),
        ("'\\x{100}'", 3264, 3265),
        ("'\\x{1F600}'", 1026304, 1026305),
        (
            "a_very_long_atom_name_exceeding_things",
            262833731,
            262833732,
        ),
        ("0", 3175731469, 1),
        ("1", 539485162, 2788898428),
        ("-1", 1117813597, 1680185270),
        ("42", 701417368, 1169616943),
        ("255", 715823293, 2499495046),
        ("256", 3929335767, 1920229268),
        ("134217727", 4273352567, 1192343453),
        ("134217728", 2562491755, 2147483673),
        ("-134217728", 874979335, 2147489129),
        ("-134217729", 1418916782, 3827674398),
        ("2147483648", 2832818325, 385),
        ("4294967295", 2108319181, 3339827845),
        ("4294967296", 2108323275, 2788898428),
        ("1099511627776", 282329375, 1920229268),
        ("-1099511627776", 2464100025, 3765867550),
        ("576460752303423487", 1638133000, 3114282913),
        ("-576460752303423488", 2316875190, 2147489129),
        ("576460752303423488", 2442888721, 2147483673),
        ("-576460752303423489", 2855034599, 3227238398),
        ("9223372036854775808", 710941318, 385),
        ("18446744073709551616", 2519041713, 2788898428),
        ("18446744073709551621", 3215545257, 2153028131),
        ("-18446744073709551616", 2563594619, 1680185270),
        ("1267650600228229401496703205376", 528873168, 1672701873),
        ("-1267650600228229401496703193031", 897730178, 2860978120),
        (
            "1606938044258990275541962092341162602522202993782792835301376",
            2573322433,
            1920229268,
        ),
        ("0.0", 423528920, 1),
        ("-0.0", 423528920, 1),
        ("1.0", 3029937084, 1072693249),
        ("-1.0", 1043224280, 3220176897),
        ("0.5", 4216441325, 1071644673),
        ("3.14159", 1211968432, 2954012568),
        ("1.0e300", 387524106, 4130836897),
        ("-1.0e-300", 2634745468, 1130208583),
        ("[]", 3468870702, 2),
        ("[a]", 1634476877, 2953390077),
        ("[a,b]", 3632954310, 667932113),
        ("\"abc\"", 519996486, 3654580166),
        ("\"abcd\"", 1752753207, 1938728202),
        ("\"abcde\"", 2487089008, 721934915),
        ("\"abcdefgh\"", 914094510, 766997084),
        ("[1,2,3|4]", 236899641, 1388611539),
        ("[256]", 1684221134, 1015129879),
        ("[1,256,2]", 2041018903, 1141882800),
        ("[-1]", 3800508964, 3981341153),
        ("[a|b]", 2356411656, 4159696708),
        ("[[]]", 499070068, 2952798237),
        ("[[],[]]", 67164138, 3758123100),
        ("[97,300,98,99,100]", 3497311408, 556712095),
        ("[1.0]", 2837698332, 3467642888),
        ("[a|1.0]", 2785182213, 1377563728),
        ("{}", 221703996, 1),
        ("{a}", 2853905094, 268840045),
        ("{a,b}", 1980325998, 1904799770),
        ("{1,2,3}", 2847307263, 4267354534),
        ("{{}}", 2165044361, 2),
        ("{[],{}}", 2690571559, 1628009980),
        ("{1.0}", 2441227506, 3142582274),
        ("{0.0}", 688441152, 2),
        ("<<>>", 147926629, 1),
        ("<<1>>", 881997586, 268436143),
        ("<<\"abc\">>", 1306188027, 1972007566),
        ("<<\"hello world!\">>", 965223795, 625310646),
        ("<<\"hello world!!\">>", 2552201628, 3968928950),
        ("<<1:1>>", 3994547237, 808817679),
        ("<<3:2>>", 1285188273, 2158016894),
        ("<<\"ab\",5:3>>", 2364529197, 419146526),
        ("<<0:7>>", 1055790816, 1879052988),
        (
            "<<\"0123456789abcdefghijklmnopqrstuvwxyz\">>",
            3446931917,
            90574971,
        ),
        ("#{}", 844985373, 1113425985),
        ("#{a => 1}", 1401795262, 1670235874),
        ("#{a => 1,b => 2}", 1982682855, 2251123467),
        ("#{1 => a,1.0 => b}", 2632281952, 2900722564),
        ("#{[] => {}}", 3777468445, 4045909057),
        ("#{a => #{b => []},[] => [a]}", 3906710253, 4175150865),
        ("{#{x => y},#{}}", 3581624186, 653077001),
        ("<0.0.0>", 2858162279, 1),
        ("<0.1.0>", 2870503209, 3341103954),
        ("<0.100.0>", 734762325, 3397913509),
        ("<0.32767.0>", 3447426037, 290111367),
        ("#Port<0.0>", 2167609773, 1),
        ("#Port<0.5>", 2004953508, 3777324194),
    ];

    #[test]
    fn hashes_match_erl() {
        let mut heap = Heap::default();
        for &(text, full_hash2, full_hash) in HASHES {
            let t = parse(&mut heap, text);
            assert_eq!(make_hash2(t), full_hash2, "phash2 of {text}");
            assert_eq!(
                phash2(t),
                full_hash2 & ((1 << 27) - 1),
                "phash2/1 of {text}"
            );
            assert_eq!(phash2_range(t, 1 << 32), full_hash2, "phash2/2 of {text}");
            assert_eq!(
                phash2_range(t, 1000),
                full_hash2 % 1000,
                "phash2/2 of {text}"
            );
            assert_eq!(phash(t, 1 << 32), full_hash, "phash of {text}");
        }
    }

    #[test]
    fn ranges_follow_otp() {
        let mut heap = Heap::default();
        let t = parse(&mut heap, "a_very_long_atom_name_exceeding_things");
        // erl: phash2(T) = 128616003, phash2(T, 1000) = 731, phash(T, 1000)
        // is phash(T, 2^32) rem 1000 + 1.
        assert_eq!(phash2(t), 128616003);
        assert_eq!(phash2_range(t, 1000), 731);
        assert_eq!(phash2_range(t, 1), 0);
        assert_eq!(phash(t, 1000), 262833731 % 1000 + 1);
        assert_eq!(phash(t, 1), 1);
        assert_eq!(phash_exact(t, 1 << 32), 262833732);
        assert_eq!(phash_exact(t, 0), 262833732);
    }

    #[test]
    fn pids_in_tuples_hash_like_erl() {
        let mut heap = Heap::default();
        let t = heap::tuple(
            &mut heap,
            &[Term::pid(7), Term::atom(Atom::from_static("x"))],
        );
        assert_eq!(make_hash2(t), 1153942790);
        assert_eq!(make_hash(t), 646815585);
        // Only the low 15 bits of a pid number count, as for OTP pids.
        assert_eq!(
            make_hash2(Term::pid(32768 + 100)),
            make_hash2(Term::pid(100))
        );
    }

    #[test]
    fn large_maps_hash_like_erl() {
        let mut heap = Heap::default();
        let pairs: Vec<(Term, Term)> = (1..=40)
            .map(|i| (Term::small_unchecked(i), Term::small_unchecked(i)))
            .collect();
        let m = map::from_pairs(&mut heap, &pairs);
        assert!(!map::is_flat(m));
        assert_eq!(phash2(m), 55048502);
    }

    #[test]
    fn unaligned_bitstrings_hash_like_aligned() {
        let mut heap = Heap::default();
        let text = b"hello world, more than twelve bytes";
        // The bytes of <<1:3, Text/binary>>, so Text starts at bit 3.
        let mut shifted = vec![0u8; text.len() + 1];
        shifted[0] = 0b0010_0000;
        for (i, &b) in text.iter().enumerate() {
            shifted[i] |= b >> 3;
            shifted[i + 1] |= b << 5;
        }
        let original = heap::binary(&mut heap, &shifted);
        // erl: [phash2(B) || B <- [Text, <<"hello worl">>, <<"hello worl",3:3>>]]
        let expected = [(280, 70661762), (80, 91835510), (83, 118326838)];
        for (bits, hash) in expected {
            let sub = heap::sub_binary(&mut heap, original, 3, bits);
            assert_eq!(phash2(sub), hash, "{bits} bits at offset 3");
        }
    }

    #[test]
    fn funs_hash_like_erl() {
        let mut heap = Heap::default();
        // erl: module h2 with three funs of uniq 1939456; the third
        // captures the first.
        let f1 = make_closure(&mut heap, "h2", 0, 1939456, &[]);
        let f2 = make_closure(&mut heap, "h2", 1, 1939456, &[]);
        let f3 = make_closure(&mut heap, "h2", 2, 1939456, &[f1]);
        assert_eq!(phash2(f1), 7320561);
        assert_eq!(phash2(f2), 99256045);
        assert_eq!(phash2(f3), 57088908);
        let foo = make_closure(&mut heap, "Foo", 0, 33264260, &[]);
        assert_eq!(phash2(foo), 60023000);
        let main = make_export_fun(&mut heap, "Foo", "main", 0);
        assert_eq!(phash2(main), 21694398);
        let map = make_export_fun(&mut heap, "lists", "map", 2);
        assert_eq!(make_hash2(map), 840287883);
        assert_eq!(phash(map, 1 << 32), 904024396);
        let plus = make_export_fun(&mut heap, "erlang", "+", 2);
        assert_eq!(make_hash2(plus), 835314699);
        assert_eq!(phash(plus, 1 << 32), 4148409907);
    }

    #[test]
    fn references_hash_their_low_number() {
        let mut heap = Heap::default();
        // erl: list_to_ref("#Ref<0.1.2.3>") and list_to_ref("#Ref<0.0.0.0>").
        let r = make_ref(&mut heap, (1 << 50) | (2 << 18) | 3, 0);
        assert_eq!(phash2(r), 75004615);
        assert_eq!(phash(r, 1 << 32), 3125387976);
        let zero = make_ref(&mut heap, 0, 0);
        assert_eq!(phash2(zero), 83047960);
        assert_eq!(phash(zero, 1 << 32), 1);
    }

    #[test]
    fn long_lists_hash_without_recursion() {
        let mut heap = Heap::default();
        let mut list = Term::NIL;
        for i in 0..1_000_000 {
            let element = heap::tuple(&mut heap, &[Term::small_unchecked(i % 300)]);
            list = heap::cons(&mut heap, element, list);
        }
        let first = phash2(list);
        assert_eq!(phash2(list), first);
        let _ = phash(list, 1 << 32);
    }
}
