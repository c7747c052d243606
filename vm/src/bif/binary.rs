//! BIFs on binaries: the binary BIFs of `erlang` (sizes, slicing, and
//! conversions to and from lists, atoms and numbers) and the functions of
//! OTP's `binary` module.
//!
//! Each BIF body takes the allocator instead of the process, so tests run
//! them on a bare heap; the `entry` module wraps them as [`BifFn`]s. Error
//! reasons follow OTP 25: `badarg` for invalid arguments, `system_limit`
//! for atoms that are too long and results over the binary size limit.
//!
//! [`BifFn`]: crate::bif::BifFn

use std::borrow::Cow;

use num_bigint::{BigInt, BigUint, Sign};

use crate::atom::{self, Atom};
use crate::bignum;
use crate::bits::{self, MAX_BINARY_BITS, iolist, search};
use crate::exception::{BifResult, Exception};
use crate::heap::{self, Alloc};
use crate::process::Process;
use crate::term::Term;

crate::bif_table![
    ("erlang", "byte_size", 1, entry::byte_size, guard),
    ("erlang", "bit_size", 1, entry::bit_size, guard),
    ("erlang", "binary_part", 2, entry::binary_part_2, guard),
    ("erlang", "binary_part", 3, entry::binary_part_3, guard),
    ("erlang", "binary_to_list", 1, entry::binary_to_list_1),
    ("erlang", "binary_to_list", 3, entry::binary_to_list_3),
    ("erlang", "list_to_binary", 1, entry::list_to_binary),
    ("erlang", "iolist_to_binary", 1, entry::iolist_to_binary),
    ("erlang", "iolist_size", 1, entry::iolist_size),
    ("erlang", "bitstring_to_list", 1, entry::bitstring_to_list),
    ("erlang", "list_to_bitstring", 1, entry::list_to_bitstring),
    ("erlang", "split_binary", 2, entry::split_binary),
    ("erlang", "binary_to_atom", 1, entry::binary_to_atom_1),
    ("erlang", "binary_to_atom", 2, entry::binary_to_atom_2),
    (
        "erlang",
        "binary_to_existing_atom",
        1,
        entry::binary_to_existing_atom_1
    ),
    (
        "erlang",
        "binary_to_existing_atom",
        2,
        entry::binary_to_existing_atom_2
    ),
    ("erlang", "atom_to_binary", 1, entry::atom_to_binary_1),
    ("erlang", "atom_to_binary", 2, entry::atom_to_binary_2),
    ("erlang", "binary_to_integer", 1, entry::binary_to_integer_1),
    ("erlang", "binary_to_integer", 2, entry::binary_to_integer_2),
    ("erlang", "integer_to_binary", 1, entry::integer_to_binary_1),
    ("erlang", "integer_to_binary", 2, entry::integer_to_binary_2),
    ("erlang", "binary_to_float", 1, entry::binary_to_float),
    ("binary", "split", 2, entry::split_2),
    ("binary", "split", 3, entry::split_3),
    ("binary", "match", 2, entry::match_2),
    ("binary", "match", 3, entry::match_3),
    ("binary", "matches", 2, entry::matches_2),
    ("binary", "matches", 3, entry::matches_3),
    ("binary", "part", 2, entry::binary_part_2),
    ("binary", "part", 3, entry::binary_part_3),
    ("binary", "copy", 1, entry::copy_1),
    ("binary", "copy", 2, entry::copy_2),
    ("binary", "first", 1, entry::first),
    ("binary", "last", 1, entry::last),
    ("binary", "at", 2, entry::at),
    ("binary", "bin_to_list", 1, entry::bin_to_list_1),
    ("binary", "bin_to_list", 2, entry::bin_to_list_2),
    ("binary", "bin_to_list", 3, entry::bin_to_list_3),
    ("binary", "list_to_bin", 1, entry::list_to_binary),
    ("binary", "decode_unsigned", 1, entry::decode_unsigned_1),
    ("binary", "decode_unsigned", 2, entry::decode_unsigned_2),
    ("binary", "encode_unsigned", 1, entry::encode_unsigned_1),
    ("binary", "encode_unsigned", 2, entry::encode_unsigned_2),
    ("binary", "replace", 3, entry::replace_3),
    ("binary", "replace", 4, entry::replace_4),
    (
        "binary",
        "longest_common_prefix",
        1,
        entry::longest_common_prefix
    ),
    (
        "binary",
        "longest_common_suffix",
        1,
        entry::longest_common_suffix
    ),
    ("binary", "compile_pattern", 1, entry::compile_pattern),
];

/// Declares, in module `entry`, a [`crate::bif::BifFn`] for each named
/// BIF body that runs it on the calling process's heap.
macro_rules! process_entries {
    ($($name:ident),* $(,)?) => {
        mod entry {
            use super::{BifResult, Process, Term};
            $(
                pub fn $name(proc: &mut Process, args: &[Term]) -> BifResult {
                    super::$name(&mut proc.heap, args)
                }
            )*
        }
    };
}

process_entries![
    byte_size,
    bit_size,
    binary_part_2,
    binary_part_3,
    binary_to_list_1,
    binary_to_list_3,
    list_to_binary,
    iolist_to_binary,
    iolist_size,
    bitstring_to_list,
    list_to_bitstring,
    split_binary,
    binary_to_atom_1,
    binary_to_atom_2,
    binary_to_existing_atom_1,
    binary_to_existing_atom_2,
    atom_to_binary_1,
    atom_to_binary_2,
    binary_to_integer_1,
    binary_to_integer_2,
    integer_to_binary_1,
    integer_to_binary_2,
    binary_to_float,
    split_2,
    split_3,
    match_2,
    match_3,
    matches_2,
    matches_3,
    copy_1,
    copy_2,
    first,
    last,
    at,
    bin_to_list_1,
    bin_to_list_2,
    bin_to_list_3,
    decode_unsigned_1,
    decode_unsigned_2,
    encode_unsigned_1,
    encode_unsigned_2,
    replace_3,
    replace_4,
    longest_common_prefix,
    longest_common_suffix,
    compile_pattern,
];

// ---- argument helpers ----

/// Returns the bytes of a binary argument, or raises badarg.
fn binary_arg<'a>(term: Term) -> Result<Cow<'a, [u8]>, Exception> {
    bits::binary_bytes(term).ok_or_else(Exception::badarg)
}

/// Returns the bit size of a bitstring argument, or raises badarg.
fn bitstring_arg(term: Term) -> Result<u64, Exception> {
    bits::bit_size(term).ok_or_else(Exception::badarg)
}

/// Returns a non-negative small integer argument, or raises badarg.
fn count_arg(term: Term) -> Result<u64, Exception> {
    term.as_small()
        .and_then(|v| u64::try_from(v).ok())
        .ok_or_else(Exception::badarg)
}

/// Returns `true` when `term` is the atom `name`.
fn is_atom(term: Term, name: &str) -> bool {
    term.as_atom().is_some_and(|a| a.name() == name)
}

/// Returns the atom `name` as a term.
fn atom_term(name: &str) -> Result<Term, Exception> {
    Atom::intern(name)
        .map(Term::atom)
        .map_err(|_| Exception::system_limit())
}

/// Returns the elements of a proper list argument, or raises badarg.
fn list_arg(term: Term) -> Result<Vec<Term>, Exception> {
    crate::bif::list_to_vec(term).ok_or_else(Exception::badarg)
}

/// Resolves `Start` and `Length` on a binary of `size` bytes to the byte
/// range `(from, count)`. A negative length counts back from `Start`, as
/// in `binary_part(<<1,2,3>>, {3,-2})`, which is `<<2,3>>`.
fn part_range(size: u64, start: Term, length: Term) -> Result<(u64, u64), Exception> {
    let start = start.as_small().ok_or_else(Exception::badarg)?;
    let length = length.as_small().ok_or_else(Exception::badarg)?;
    // Both values are small integers (60 bits), so the sum cannot overflow.
    let (from, count) = if length >= 0 {
        (start, length)
    } else {
        (start + length, -length)
    };
    if start < 0 || from < 0 || (from + count) as u64 > size {
        return Err(Exception::badarg());
    }
    Ok((from as u64, count as u64))
}

/// Returns the elements of a 2-tuple.
fn pair(term: Term) -> Option<(Term, Term)> {
    match term.tuple_arity() {
        Some(2) => {
            let e = term.tuple_elements();
            Some((e[0], e[1]))
        }
        _ => None,
    }
}

/// Resolves a `{Start, Length}` tuple with [`part_range`].
fn part_tuple(size: u64, part: Term) -> Result<(u64, u64), Exception> {
    let (start, length) = pair(part).ok_or_else(Exception::badarg)?;
    part_range(size, start, length)
}

// ---- erlang: sizes and slices ----

fn byte_size(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bits = bitstring_arg(args[0])?;
    Ok(Term::small_unchecked(bits.div_ceil(8) as i64))
}

fn bit_size(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bits = bitstring_arg(args[0])?;
    Ok(bignum::from_u64(heap, bits))
}

/// Returns `count` bytes of the bitstring `term` from byte `from`.
fn byte_slice(heap: &mut impl Alloc, term: Term, from: u64, count: u64) -> Term {
    bits::slice_bitstring(heap, term, from * 8, count * 8)
}

/// `binary_part/2` and `binary:part/2`. The subject may be a bitstring;
/// the part must lie within its whole bytes.
fn binary_part_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let size = bitstring_arg(args[0])? / 8;
    let (from, count) = part_tuple(size, args[1])?;
    Ok(byte_slice(heap, args[0], from, count))
}

fn binary_part_3(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let size = bitstring_arg(args[0])? / 8;
    let (from, count) = part_range(size, args[1], args[2])?;
    Ok(byte_slice(heap, args[0], from, count))
}

fn split_binary(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bits = bitstring_arg(args[0])?;
    let position = count_arg(args[1])?;
    if position > bits / 8 {
        return Err(Exception::badarg());
    }
    let split = position * 8;
    let head = bits::slice_bitstring(heap, args[0], 0, split);
    let tail = bits::slice_bitstring(heap, args[0], split, bits - split);
    Ok(heap::tuple(heap, &[head, tail]))
}

// ---- erlang: lists ----

fn binary_to_list_1(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bytes = binary_arg(args[0])?;
    Ok(heap::byte_list(heap, &bytes))
}

/// `binary_to_list(Bin, Start, Stop)`: bytes `Start..=Stop`, 1-based.
/// As in OTP 25, `Bin` may be a bitstring whose whole bytes cover the
/// range.
fn binary_to_list_3(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let (bytes, bit_size) = bits::bitstring_bytes(args[0]).ok_or_else(Exception::badarg)?;
    let start = count_arg(args[1])?;
    let stop = count_arg(args[2])?;
    if start < 1 || start > stop || stop > bit_size / 8 {
        return Err(Exception::badarg());
    }
    Ok(heap::byte_list(
        heap,
        &bytes[start as usize - 1..stop as usize],
    ))
}

/// `list_to_binary/1` and `binary:list_to_bin/1`: an iolist that is a
/// list, not a binary.
fn list_to_binary(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    if !args[0].is_list() {
        return Err(Exception::badarg());
    }
    iolist::iolist_to_binary(heap, args[0])
}

fn iolist_to_binary(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    iolist::iolist_to_binary(heap, args[0])
}

fn iolist_size(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let size = iolist::iolist_size(args[0])?;
    Ok(bignum::from_u64(heap, size))
}

/// `bitstring_to_list/1`: the whole bytes, then the remaining bits as a
/// bitstring when there are any.
fn bitstring_to_list(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let (bytes, bit_size) = bits::bitstring_bytes(args[0]).ok_or_else(Exception::badarg)?;
    let whole = bit_size / 8;
    let mut list = Term::NIL;
    if bit_size % 8 != 0 {
        let rest = bits::slice_bitstring(heap, args[0], whole * 8, bit_size % 8);
        list = heap::cons(heap, rest, Term::NIL);
    }
    for &b in bytes[..whole as usize].iter().rev() {
        list = heap::cons(heap, Term::small_unchecked(b as i64), list);
    }
    Ok(list)
}

fn list_to_bitstring(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    if !args[0].is_list() {
        return Err(Exception::badarg());
    }
    iolist::bitstring_list_to_bitstring(heap, args[0])
}

// ---- erlang: atoms ----

/// Returns whether an encoding argument (`latin1`, `unicode`, `utf8`)
/// selects UTF-8.
fn utf8_encoding(term: Term) -> Result<bool, Exception> {
    match term.as_atom() {
        Some(atom::LATIN1) => Ok(false),
        Some(atom::UNICODE | atom::UTF8) => Ok(true),
        _ => Err(Exception::badarg()),
    }
}

/// Decodes an atom name from a binary: each byte is a character in
/// latin1, and the bytes must be valid UTF-8 otherwise.
fn atom_name(binary: Term, utf8: bool) -> Result<String, Exception> {
    let bytes = binary_arg(binary)?;
    if utf8 {
        String::from_utf8(bytes.into_owned()).map_err(|_| Exception::badarg())
    } else {
        Ok(bytes.iter().map(|&b| b as char).collect())
    }
}

/// Interns an atom; a name over 255 characters, or a full atom table,
/// raises `system_limit`, as OTP does.
fn make_atom(binary: Term, utf8: bool) -> BifResult {
    let name = atom_name(binary, utf8)?;
    Atom::intern(&name)
        .map(Term::atom)
        .map_err(|_| Exception::system_limit())
}

fn binary_to_atom_1(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    make_atom(args[0], true)
}

fn binary_to_atom_2(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    make_atom(args[0], utf8_encoding(args[1])?)
}

fn existing_atom(binary: Term, utf8: bool) -> BifResult {
    let name = atom_name(binary, utf8)?;
    Atom::lookup(&name)
        .map(Term::atom)
        .ok_or_else(Exception::badarg)
}

fn binary_to_existing_atom_1(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    existing_atom(args[0], true)
}

fn binary_to_existing_atom_2(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    existing_atom(args[0], utf8_encoding(args[1])?)
}

/// Encodes an atom's name; latin1 raises badarg for characters above 255.
fn atom_binary(heap: &mut impl Alloc, atom: Term, utf8: bool) -> BifResult {
    let name = atom.as_atom().ok_or_else(Exception::badarg)?.name();
    if utf8 {
        return Ok(heap::binary(heap, name.as_bytes()));
    }
    let latin1: Option<Vec<u8>> = name.chars().map(|c| u8::try_from(c).ok()).collect();
    let bytes = latin1.ok_or_else(Exception::badarg)?;
    Ok(heap::binary(heap, &bytes))
}

fn atom_to_binary_1(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    atom_binary(heap, args[0], true)
}

fn atom_to_binary_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let utf8 = utf8_encoding(args[1])?;
    atom_binary(heap, args[0], utf8)
}

// ---- erlang: numbers ----

/// Returns a base argument in 2..=36, or raises badarg.
fn base_arg(term: Term) -> Result<u32, Exception> {
    match term.as_small() {
        Some(b @ 2..=36) => Ok(b as u32),
        _ => Err(Exception::badarg()),
    }
}

/// Parses an optional sign and one or more digits of `base`, either case,
/// with nothing else around them.
fn parse_integer(text: &[u8], base: u32) -> Option<BigInt> {
    let (sign, digits) = match text.first() {
        Some(b'-') => (Sign::Minus, &text[1..]),
        Some(b'+') => (Sign::Plus, &text[1..]),
        _ => (Sign::Plus, text),
    };
    if digits.is_empty() {
        return None;
    }
    let values: Option<Vec<u8>> = digits
        .iter()
        .map(|&c| {
            let v = (c as char).to_digit(36)?;
            (v < base).then_some(v as u8)
        })
        .collect();
    BigInt::from_radix_be(sign, &values?, base)
}

fn binary_to_integer(heap: &mut impl Alloc, binary: Term, base: u32) -> BifResult {
    let text = binary_arg(binary)?;
    let value = parse_integer(&text, base).ok_or_else(Exception::badarg)?;
    Ok(bignum::from_bigint(heap, &value))
}

fn binary_to_integer_1(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    binary_to_integer(heap, args[0], 10)
}

fn binary_to_integer_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let base = base_arg(args[1])?;
    binary_to_integer(heap, args[0], base)
}

/// Formats an integer in `base` with upper-case letters, as OTP does.
fn integer_to_binary(heap: &mut impl Alloc, integer: Term, base: u32) -> BifResult {
    let value = bignum::to_bigint(integer).ok_or_else(Exception::badarg)?;
    let text = value.to_str_radix(base).to_ascii_uppercase();
    Ok(heap::binary(heap, text.as_bytes()))
}

fn integer_to_binary_1(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    integer_to_binary(heap, args[0], 10)
}

fn integer_to_binary_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let base = base_arg(args[1])?;
    integer_to_binary(heap, args[0], base)
}

/// Parses Erlang float syntax: an optional sign, digits, a point, digits,
/// and an optional exponent. `1`, `1.`, `.5` and `1e3` are not floats,
/// and neither is a value that overflows.
fn parse_float(text: &[u8]) -> Option<f64> {
    fn digits(text: &[u8], at: usize) -> usize {
        text[at..].iter().take_while(|c| c.is_ascii_digit()).count()
    }
    let mut at = usize::from(matches!(text.first(), Some(b'+' | b'-')));
    let integral = digits(text, at);
    at += integral;
    if integral == 0 || text.get(at) != Some(&b'.') {
        return None;
    }
    at += 1;
    let fraction = digits(text, at);
    if fraction == 0 {
        return None;
    }
    at += fraction;
    if matches!(text.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(text.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exponent = digits(text, at);
        if exponent == 0 {
            return None;
        }
        at += exponent;
    }
    if at != text.len() {
        return None;
    }
    // The text is ASCII by construction, and Rust's parser rounds
    // correctly, as OTP's strtod-based one does.
    let value: f64 = std::str::from_utf8(text).ok()?.parse().ok()?;
    value.is_finite().then_some(value)
}

fn binary_to_float(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let text = binary_arg(args[0])?;
    let value = parse_float(&text).ok_or_else(Exception::badarg)?;
    Ok(heap::float(heap, value))
}

// ---- binary: searching ----

/// Returns the patterns of a `binary` search: one non-empty binary, a
/// non-empty list of them, or what `compile_pattern/1` returned, which is
/// the same term.
fn patterns_arg<'a>(term: Term) -> Result<Vec<Cow<'a, [u8]>>, Exception> {
    let terms = if term.is_cons() {
        list_arg(term)?
    } else {
        vec![term]
    };
    let mut patterns = Vec::with_capacity(terms.len());
    for t in terms {
        let bytes = binary_arg(t)?;
        if bytes.is_empty() {
            return Err(Exception::badarg());
        }
        patterns.push(bytes);
    }
    Ok(patterns)
}

/// Options of `binary:split/3`, `match/3`, `matches/3` and `replace/4`.
#[derive(Default)]
struct SearchOptions {
    /// The byte range searched, from `{scope, {Start, Length}}`.
    scope: Option<(u64, u64)>,
    global: bool,
    trim: bool,
    trim_all: bool,
    /// Offsets in the replacement where the matched part is inserted.
    insert_replaced: Option<Vec<u64>>,
}

/// The option set of one function. Any option outside it raises badarg.
#[derive(Clone, Copy)]
enum OptionSet {
    Match,
    Split,
    Replace,
}

fn search_options(
    term: Term,
    subject_size: u64,
    allowed: OptionSet,
) -> Result<SearchOptions, Exception> {
    let mut options = SearchOptions::default();
    for option in option_list(term, allowed)? {
        let split = matches!(allowed, OptionSet::Split);
        let replace = matches!(allowed, OptionSet::Replace);
        if (split || replace) && is_atom(option, "global") {
            options.global = true;
        } else if split && is_atom(option, "trim") {
            options.trim = true;
        } else if split && is_atom(option, "trim_all") {
            options.trim_all = true;
        } else if let Some((key, value)) = pair(option) {
            if is_atom(key, "scope") {
                options.scope = Some(part_tuple(subject_size, value)?);
            } else if replace && is_atom(key, "insert_replaced") {
                let positions = if value.is_list() {
                    list_arg(value)?
                } else {
                    vec![value]
                };
                let positions: Result<Vec<u64>, Exception> =
                    positions.into_iter().map(count_arg).collect();
                options.insert_replaced = Some(positions?);
            } else {
                return Err(Exception::badarg());
            }
        } else {
            return Err(Exception::badarg());
        }
    }
    Ok(options)
}

/// Returns the elements of an option list. OTP 25's C implementations of
/// `split/3`, `match/3` and `matches/3` stop at the first non-list tail
/// and ignore it, so `[global|trim]` means `[global]`. Its `replace/4` is
/// written in Erlang and takes only a proper list.
fn option_list(term: Term, allowed: OptionSet) -> Result<Vec<Term>, Exception> {
    if matches!(allowed, OptionSet::Replace) || !term.is_list() {
        return list_arg(term);
    }
    let mut items = Vec::new();
    let mut rest = term;
    while rest.is_cons() {
        items.push(rest.head());
        rest = rest.tail();
    }
    Ok(items)
}

/// Runs a search and returns the matches as byte ranges.
fn find(
    subject: &[u8],
    patterns: &[Cow<[u8]>],
    options: &SearchOptions,
    all: bool,
) -> Vec<(usize, usize)> {
    let (from, count) = options.scope.unwrap_or((0, subject.len() as u64));
    let (start, end) = (from as usize, (from + count) as usize);
    let patterns: Vec<&[u8]> = patterns.iter().map(|p| p.as_ref()).collect();
    if all {
        search::find_all(&patterns, subject, start, end)
    } else {
        search::find_first(&patterns, subject, start, end)
            .into_iter()
            .collect()
    }
}

fn match_tuple(heap: &mut impl Alloc, (start, len): (usize, usize)) -> Term {
    let start = bignum::from_u64(heap, start as u64);
    let len = bignum::from_u64(heap, len as u64);
    heap::tuple(heap, &[start, len])
}

fn binary_match(heap: &mut impl Alloc, args: &[Term], options: Term) -> BifResult {
    let subject = binary_arg(args[0])?;
    let patterns = patterns_arg(args[1])?;
    let options = search_options(options, subject.len() as u64, OptionSet::Match)?;
    match find(&subject, &patterns, &options, false).first() {
        Some(&found) => Ok(match_tuple(heap, found)),
        None => atom_term("nomatch"),
    }
}

fn match_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    binary_match(heap, args, Term::NIL)
}

fn match_3(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    binary_match(heap, args, args[2])
}

fn binary_matches(heap: &mut impl Alloc, args: &[Term], options: Term) -> BifResult {
    let subject = binary_arg(args[0])?;
    let patterns = patterns_arg(args[1])?;
    let options = search_options(options, subject.len() as u64, OptionSet::Match)?;
    let found = find(&subject, &patterns, &options, true);
    let tuples: Vec<Term> = found.into_iter().map(|m| match_tuple(heap, m)).collect();
    Ok(heap::list(heap, &tuples))
}

fn matches_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    binary_matches(heap, args, Term::NIL)
}

fn matches_3(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    binary_matches(heap, args, args[2])
}

/// `binary:split/3`: returns the parts between matches. The scope limits
/// only where matches are found, not the parts. `trim` drops trailing
/// empty parts and `trim_all` drops every empty part.
fn binary_split(heap: &mut impl Alloc, args: &[Term], options: Term) -> BifResult {
    let subject = binary_arg(args[0])?;
    let patterns = patterns_arg(args[1])?;
    let size = subject.len();
    let options = search_options(options, size as u64, OptionSet::Split)?;
    let found = find(&subject, &patterns, &options, options.global);
    let mut parts: Vec<(usize, usize)> = Vec::with_capacity(found.len() + 1);
    let mut next = 0;
    for (start, len) in found {
        parts.push((next, start - next));
        next = start + len;
    }
    parts.push((next, size - next));
    if options.trim_all {
        parts.retain(|&(_, len)| len > 0);
    } else if options.trim {
        while parts.last().is_some_and(|&(_, len)| len == 0) {
            parts.pop();
        }
    }
    let terms: Vec<Term> = parts
        .into_iter()
        .map(|(from, len)| byte_slice(heap, args[0], from as u64, len as u64))
        .collect();
    Ok(heap::list(heap, &terms))
}

fn split_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    binary_split(heap, args, Term::NIL)
}

fn split_3(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    binary_split(heap, args, args[2])
}

/// `binary:replace/4`: each match (the first, or all with `global`) is
/// replaced by the replacement, with the matched part inserted at each
/// `insert_replaced` offset. OTP 25 accepts only a binary replacement.
fn binary_replace(heap: &mut impl Alloc, args: &[Term], options: Term) -> BifResult {
    let subject = binary_arg(args[0])?;
    let patterns = patterns_arg(args[1])?;
    let replacement = binary_arg(args[2])?;
    let options = search_options(options, subject.len() as u64, OptionSet::Replace)?;
    let mut inserts = options.insert_replaced.clone().unwrap_or_default();
    inserts.sort_unstable();
    if inserts
        .last()
        .is_some_and(|&p| p > replacement.len() as u64)
    {
        return Err(Exception::badarg());
    }

    // Size the result first, so an oversized one raises before allocating.
    let found = find(&subject, &patterns, &options, options.global);
    let mut total = subject.len() as u64;
    for &(_, len) in &found {
        total = (len as u64)
            .checked_mul(inserts.len() as u64)
            .and_then(|inserted| inserted.checked_add(replacement.len() as u64))
            .and_then(|replaced| (total - len as u64).checked_add(replaced))
            .ok_or_else(Exception::system_limit)?;
    }
    if total > MAX_BINARY_BITS / 8 {
        return Err(Exception::system_limit());
    }

    let mut out = bits::try_byte_vec(total)?;
    let mut next = 0;
    for (start, len) in found {
        out.extend_from_slice(&subject[next..start]);
        let matched = &subject[start..start + len];
        let mut copied = 0;
        for &position in &inserts {
            let position = position as usize;
            out.extend_from_slice(&replacement[copied..position]);
            out.extend_from_slice(matched);
            copied = position;
        }
        out.extend_from_slice(&replacement[copied..]);
        next = start + len;
    }
    out.extend_from_slice(&subject[next..]);
    let bit_size = out.len() as u64 * 8;
    Ok(bits::make_bitstring(heap, out, bit_size))
}

fn replace_3(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    binary_replace(heap, args, Term::NIL)
}

fn replace_4(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    binary_replace(heap, args, args[3])
}

/// `binary:compile_pattern/1`: validates the pattern and returns it as it
/// is, since the search functions take patterns directly.
// NOTE: OTP returns an opaque `{bm, Ref}` or `{ac, Ref}` tuple, so code
// that inspects that shape gets a different term here.
fn compile_pattern(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    patterns_arg(args[0])?;
    Ok(args[0])
}

/// Returns the binaries of a non-empty list argument.
fn binaries_arg<'a>(term: Term) -> Result<Vec<Cow<'a, [u8]>>, Exception> {
    let items = list_arg(term)?;
    if items.is_empty() {
        return Err(Exception::badarg());
    }
    items.into_iter().map(binary_arg).collect()
}

fn longest_common_prefix(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let binaries = binaries_arg(args[0])?;
    let mut common = binaries[0].len();
    for other in &binaries[1..] {
        common = binaries[0]
            .iter()
            .zip(other.iter())
            .take(common)
            .take_while(|(a, b)| a == b)
            .count();
    }
    Ok(Term::small_unchecked(common as i64))
}

fn longest_common_suffix(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let binaries = binaries_arg(args[0])?;
    let mut common = binaries[0].len();
    for other in &binaries[1..] {
        common = binaries[0]
            .iter()
            .rev()
            .zip(other.iter().rev())
            .take(common)
            .take_while(|(a, b)| a == b)
            .count();
    }
    Ok(Term::small_unchecked(common as i64))
}

// ---- binary: bytes ----

fn copy_1(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bytes = binary_arg(args[0])?;
    Ok(heap::binary(heap, &bytes))
}

fn copy_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bytes = binary_arg(args[0])?;
    let times = count_arg(args[1])?;
    let total = (bytes.len() as u64)
        .checked_mul(times)
        .filter(|&t| t <= MAX_BINARY_BITS / 8)
        .ok_or_else(Exception::system_limit)?;
    let mut out = bits::try_byte_vec(total)?;
    if !bytes.is_empty() {
        for _ in 0..times {
            out.extend_from_slice(&bytes);
        }
    }
    Ok(bits::make_bitstring(heap, out, total * 8))
}

fn first(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bytes = binary_arg(args[0])?;
    let b = bytes.first().ok_or_else(Exception::badarg)?;
    Ok(Term::small_unchecked(*b as i64))
}

fn last(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bytes = binary_arg(args[0])?;
    let b = bytes.last().ok_or_else(Exception::badarg)?;
    Ok(Term::small_unchecked(*b as i64))
}

/// `binary:at/2`, with a 0-based position.
fn at(_heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bytes = binary_arg(args[0])?;
    let position = count_arg(args[1])?;
    let b = usize::try_from(position)
        .ok()
        .and_then(|p| bytes.get(p))
        .ok_or_else(Exception::badarg)?;
    Ok(Term::small_unchecked(*b as i64))
}

fn bin_to_list_1(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    binary_to_list_1(heap, args)
}

fn bin_to_list_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bytes = binary_arg(args[0])?;
    let (from, count) = part_tuple(bytes.len() as u64, args[1])?;
    Ok(heap::byte_list(
        heap,
        &bytes[from as usize..(from + count) as usize],
    ))
}

/// `binary:bin_to_list(Bin, Start, Length)`, with a 0-based start.
fn bin_to_list_3(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let bytes = binary_arg(args[0])?;
    let (from, count) = part_range(bytes.len() as u64, args[1], args[2])?;
    Ok(heap::byte_list(
        heap,
        &bytes[from as usize..(from + count) as usize],
    ))
}

/// Returns whether an endianness argument (`big` or `little`) is `little`.
fn little_arg(term: Term) -> Result<bool, Exception> {
    match term.as_atom() {
        Some(atom::BIG) => Ok(false),
        Some(atom::LITTLE) => Ok(true),
        _ => Err(Exception::badarg()),
    }
}

fn decode_unsigned(heap: &mut impl Alloc, binary: Term, little: bool) -> BifResult {
    let bytes = binary_arg(binary)?;
    let value = if little {
        BigUint::from_bytes_le(&bytes)
    } else {
        BigUint::from_bytes_be(&bytes)
    };
    Ok(bignum::from_bigint(heap, &BigInt::from(value)))
}

fn decode_unsigned_1(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    decode_unsigned(heap, args[0], false)
}

fn decode_unsigned_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let little = little_arg(args[1])?;
    decode_unsigned(heap, args[0], little)
}

/// Encodes a non-negative integer in as few bytes as possible, and zero
/// as `<<0>>`.
fn encode_unsigned(heap: &mut impl Alloc, integer: Term, little: bool) -> BifResult {
    let value = bignum::to_bigint(integer).ok_or_else(Exception::badarg)?;
    if value.sign() == Sign::Minus {
        return Err(Exception::badarg());
    }
    let (_, mut bytes) = value.to_bytes_be();
    if little {
        bytes.reverse();
    }
    Ok(heap::binary(heap, &bytes))
}

fn encode_unsigned_1(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    encode_unsigned(heap, args[0], false)
}

fn encode_unsigned_2(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let little = little_arg(args[1])?;
    encode_unsigned(heap, args[0], little)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bits::test_terms::{parse, show};
    use crate::heap::Heap;

    type Body = fn(&mut Heap, &[Term]) -> BifResult;

    /// Cases: the MFA, its body, the arguments and the result, all as
    /// OTP 25 printed them with `~w` (`error:Reason` for exceptions,
    /// `float:F` for floats).
    #[rustfmt::skip]
    const CASES: &[(&str, Body, &str, &str)] = &[
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3>>,{1,2}]", "<<2,3>>"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3>>,{3,-2}]", "<<2,3>>"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3>>,{3,0}]", "<<>>"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3>>,{4,0}]", "error:badarg"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3>>,{0,-1}]", "error:badarg"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3:4>>,{0,1}]", "<<1>>"),
        ("erlang:binary_part/3", binary_part_3, "[<<1,2,3>>,1,1]", "<<2>>"),
        ("erlang:binary_to_list/1", binary_to_list_1, "[<<1,2:3>>]", "error:badarg"),
        ("erlang:binary_to_list/3", binary_to_list_3, "[<<1,2,3>>,2,3]", "[2,3]"),
        ("erlang:binary_to_list/3", binary_to_list_3, "[<<1,2,3>>,3,2]", "error:badarg"),
        ("erlang:binary_to_list/3", binary_to_list_3, "[<<1,2,3>>,0,2]", "error:badarg"),
        ("erlang:binary_to_list/3", binary_to_list_3, "[<<1,2,3>>,1,4]", "error:badarg"),
        ("erlang:binary_to_list/3", binary_to_list_3, "[<<1,2,3>>,2,2]", "[2]"),
        ("erlang:list_to_binary/1", list_to_binary, "[[1,<<2>>,[3|<<4>>]]]", "<<1,2,3,4>>"),
        ("erlang:list_to_binary/1", list_to_binary, "[[1,<<2:3>>]]", "error:badarg"),
        ("erlang:list_to_binary/1", list_to_binary, "[<<1>>]", "error:badarg"),
        ("erlang:list_to_binary/1", list_to_binary, "[[256]]", "error:badarg"),
        ("erlang:list_to_binary/1", list_to_binary, "[[-1]]", "error:badarg"),
        ("erlang:list_to_binary/1", list_to_binary, "[[1|2]]", "error:badarg"),
        ("erlang:iolist_to_binary/1", iolist_to_binary, "[<<1,2>>]", "<<1,2>>"),
        ("erlang:iolist_to_binary/1", iolist_to_binary, "[<<1,2:3>>]", "error:badarg"),
        ("erlang:iolist_size/1", iolist_size, "[[1,<<2,3>>,[[[4]]]|<<5>>]]", "5"),
        ("erlang:iolist_size/1", iolist_size, "[<<1:3>>]", "error:badarg"),
        ("erlang:iolist_size/1", iolist_size, "[foo]", "error:badarg"),
        ("erlang:bitstring_to_list/1", bitstring_to_list, "[<<1,2,3:3>>]", "[1,2,<<3:3>>]"),
        ("erlang:bitstring_to_list/1", bitstring_to_list, "[<<>>]", "[]"),
        ("erlang:list_to_bitstring/1", list_to_bitstring, "[[<<1:1>>,<<1:7>>,2|<<3:2>>]]", "<<129,2,3:2>>"),
        ("erlang:list_to_bitstring/1", list_to_bitstring, "[[1|2]]", "error:badarg"),
        ("erlang:split_binary/2", split_binary, "[<<1,2,3>>,1]", "{<<1>>,<<2,3>>}"),
        ("erlang:split_binary/2", split_binary, "[<<1,2,3>>,3]", "{<<1,2,3>>,<<>>}"),
        ("erlang:split_binary/2", split_binary, "[<<1,2,3>>,4]", "error:badarg"),
        ("erlang:split_binary/2", split_binary, "[<<1,2,3:2>>,1]", "{<<1>>,<<2,3:2>>}"),
        ("erlang:binary_to_atom/1", binary_to_atom_1, "[<<97,98,99>>]", "abc"),
        ("erlang:binary_to_atom/2", binary_to_atom_2, "[<<195>>,utf8]", "error:badarg"),
        ("erlang:binary_to_atom/2", binary_to_atom_2, "[<<97>>,foo]", "error:badarg"),
        ("erlang:binary_to_atom/2", binary_to_atom_2, "[<<1:3>>,utf8]", "error:badarg"),
        ("erlang:atom_to_binary/2", atom_to_binary_2, "[a,foo]", "error:badarg"),
        ("erlang:atom_to_binary/2", atom_to_binary_2, "[[97],utf8]", "error:badarg"),
        ("erlang:binary_to_existing_atom/2", binary_to_existing_atom_2, "[<<111,107>>,utf8]", "ok"),
        ("erlang:binary_to_existing_atom/2", binary_to_existing_atom_2, "[<<122,122,122,113,113,113,120,120,95,110,111,110,101,120,105,115,116>>,utf8]", "error:badarg"),
        ("erlang:binary_to_existing_atom/1", binary_to_existing_atom_1, "[<<111,107>>]", "ok"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<49,50,51>>]", "123"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<45,49,50,51>>]", "-123"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<43,49,50,51>>]", "123"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<>>]", "error:badarg"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<45>>]", "error:badarg"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<32,49>>]", "error:badarg"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<49,32>>]", "error:badarg"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<49,95,48,48,48>>]", "error:badarg"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<49,50,51,52,53,54,55,56,57,48,49,50,51,52,53,54,55,56,57,48,49,50,51,52,53,54,55,56,57,48>>]", "123456789012345678901234567890"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<45,102,102>>,16]", "-255"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<70,70>>,16]", "255"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<122,122>>,36]", "1295"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<49,50>>,37]", "error:badarg"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<49,50>>,1]", "error:badarg"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<49,57>>,8]", "error:badarg"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<49,0>>]", "error:badarg"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<48,48,48,49>>]", "1"),
        ("erlang:integer_to_binary/1", integer_to_binary_1, "[123]", "<<49,50,51>>"),
        ("erlang:integer_to_binary/1", integer_to_binary_1, "[-123]", "<<45,49,50,51>>"),
        ("erlang:integer_to_binary/2", integer_to_binary_2, "[255,16]", "<<70,70>>"),
        ("erlang:integer_to_binary/2", integer_to_binary_2, "[-255,36]", "<<45,55,51>>"),
        ("erlang:integer_to_binary/1", integer_to_binary_1, "[1267650600228229401496703205376]", "<<49,50,54,55,54,53,48,54,48,48,50,50,56,50,50,57,52,48,49,52,57,54,55,48,51,50,48,53,51,55,54>>"),
        ("erlang:integer_to_binary/2", integer_to_binary_2, "[1267650600228229401496703205376,2]", "<<49,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48>>"),
        ("erlang:integer_to_binary/2", integer_to_binary_2, "[1,37]", "error:badarg"),
        ("erlang:integer_to_binary/1", integer_to_binary_1, "[1.0]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53>>]", "float:1.5"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<46,53>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53,101,51>>]", "float:1.5e3"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53,69,43,51>>]", "float:1.5e3"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53,101,45,51>>]", "float:0.0015"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<45,49,46,53>>]", "float:-1.5"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<43,49,46,53>>]", "float:1.5"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,101,51>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53,101>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53,101,52,48,48>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53,101,45,52,48,48>>]", "float:0.0"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<32,49,46,53>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53,32>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,95,48,46,53>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<48,49,46,53,48>>]", "float:1.5"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53,101,48,51>>]", "float:1.5e3"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<110,97,110>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53,101,51,46,48>>]", "error:badarg"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3:4>>,{2,1}]", "error:badarg"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3:4>>,{1,1}]", "<<2>>"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3:4>>,{2,0}]", "<<>>"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3>>,{1180591620717411303424,0}]", "error:badarg"),
        ("erlang:split_binary/2", split_binary, "[<<1,2,3:2>>,3]", "error:badarg"),
        ("erlang:split_binary/2", split_binary, "[<<1,2,3:2>>,2]", "{<<1,2>>,<<3:2>>}"),
        ("binary:split/2", split_2, "[<<97,44,98,44,44,99,44>>,<<44>>]", "[<<97>>,<<98,44,44,99,44>>]"),
        ("binary:split/3", split_3, "[<<97,44,98,44,44,99,44>>,<<44>>,[global]]", "[<<97>>,<<98>>,<<>>,<<99>>,<<>>]"),
        ("binary:split/3", split_3, "[<<97,44,98,44,44,99,44>>,<<44>>,[global,trim]]", "[<<97>>,<<98>>,<<>>,<<99>>]"),
        ("binary:split/3", split_3, "[<<44,97,44,98,44,44,99,44,44>>,<<44>>,[global,trim_all]]", "[<<97>>,<<98>>,<<99>>]"),
        ("binary:split/3", split_3, "[<<44,97,44,98,44,44,99,44,44>>,<<44>>,[trim_all]]", "[<<97,44,98,44,44,99,44,44>>]"),
        ("binary:split/3", split_3, "[<<44,97,44,98,44,44,99,44,44>>,<<44>>,[trim]]", "[<<>>,<<97,44,98,44,44,99,44,44>>]"),
        ("binary:split/3", split_3, "[<<44,44>>,<<44>>,[global,trim]]", "[]"),
        ("binary:split/3", split_3, "[<<>>,<<44>>,[global,trim]]", "[]"),
        ("binary:split/3", split_3, "[<<>>,<<44>>,[]]", "[<<>>]"),
        ("binary:split/3", split_3, "[<<>>,<<44>>,[trim_all]]", "[]"),
        ("binary:split/2", split_2, "[<<97,98,99>>,<<>>]", "error:badarg"),
        ("binary:split/2", split_2, "[<<97,98,99>>,[]]", "error:badarg"),
        ("binary:split/3", split_3, "[<<97,45,98,95,99>>,[<<45>>,<<95>>],[global]]", "[<<97>>,<<98>>,<<99>>]"),
        ("binary:split/3", split_3, "[<<97,98,99,97,98,99>>,[<<98,99>>,<<98>>],[global]]", "[<<97>>,<<97>>,<<>>]"),
        ("binary:split/3", split_3, "[<<97,98,99,97,98,99>>,[<<98>>,<<98,99>>],[global]]", "[<<97>>,<<97>>,<<>>]"),
        ("binary:split/3", split_3, "[<<97,44,98,44,99>>,<<44>>,[global,{scope,{2,3}}]]", "[<<97,44,98>>,<<99>>]"),
        ("binary:split/3", split_3, "[<<97,44,98,44,99>>,<<44>>,[{scope,{2,-2}}]]", "[<<97>>,<<98,44,99>>]"),
        ("binary:split/3", split_3, "[<<97,44,98,44,99>>,<<44>>,[foo]]", "error:badarg"),
        ("binary:split/2", split_2, "[<<1:3>>,<<44>>]", "error:badarg"),
        ("binary:split/2", split_2, "[<<97,44,98>>,<<1:3>>]", "error:badarg"),
        ("binary:match/2", match_2, "[<<97,98,99,100,101>>,<<99,100>>]", "{2,2}"),
        ("binary:match/2", match_2, "[<<97,98,99,100,101>>,[<<99,100>>,<<98,99,100>>,<<99>>]]", "{1,3}"),
        ("binary:match/2", match_2, "[<<97,98,99,100,101>>,[<<99>>,<<99,100,101>>]]", "{2,3}"),
        ("binary:match/2", match_2, "[<<97,98,99,100,101>>,<<120>>]", "nomatch"),
        ("binary:match/3", match_3, "[<<97,98,99,100,101>>,<<99>>,[{scope,{3,2}}]]", "nomatch"),
        ("binary:match/3", match_3, "[<<97,98,99,100,101>>,<<99>>,[{scope,{5,-4}}]]", "{2,1}"),
        ("binary:match/3", match_3, "[<<97,98,99,100,101>>,<<99>>,[{scope,{6,0}}]]", "error:badarg"),
        ("binary:match/3", match_3, "[<<97,98,99,100,101>>,<<99>>,[{scope,{5,1}}]]", "error:badarg"),
        ("binary:match/3", match_3, "[<<97,98,99,100,101>>,<<99>>,[]]", "{2,1}"),
        ("binary:match/3", match_3, "[<<97,98,99,100,101>>,<<99>>,[global]]", "error:badarg"),
        ("binary:matches/2", matches_2, "[<<97,97,97,97>>,<<97,97>>]", "[{0,2},{2,2}]"),
        ("binary:matches/2", matches_2, "[<<97,98,99,97,98,99>>,[<<97>>,<<97,98>>,<<98,99,97>>]]", "[{0,2},{3,2}]"),
        ("binary:matches/2", matches_2, "[<<97,98,99,97,98,99>>,<<120>>]", "[]"),
        ("binary:part/2", binary_part_2, "[<<1,2,3>>,{1,2}]", "<<2,3>>"),
        ("binary:part/3", binary_part_3, "[<<1,2,3>>,3,-3]", "<<1,2,3>>"),
        ("binary:part/3", binary_part_3, "[<<1,2,3>>,3,1]", "error:badarg"),
        ("binary:copy/1", copy_1, "[<<1,2>>]", "<<1,2>>"),
        ("binary:copy/2", copy_2, "[<<1,2>>,3]", "<<1,2,1,2,1,2>>"),
        ("binary:copy/2", copy_2, "[<<1,2>>,0]", "<<>>"),
        ("binary:copy/2", copy_2, "[<<1,2>>,-1]", "error:badarg"),
        ("binary:copy/2", copy_2, "[<<1:2>>,2]", "error:badarg"),
        ("binary:first/1", first, "[<<5,6>>]", "5"),
        ("binary:first/1", first, "[<<>>]", "error:badarg"),
        ("binary:last/1", last, "[<<5,6>>]", "6"),
        ("binary:last/1", last, "[<<>>]", "error:badarg"),
        ("binary:at/2", at, "[<<5,6>>,1]", "6"),
        ("binary:at/2", at, "[<<5,6>>,2]", "error:badarg"),
        ("binary:at/2", at, "[<<5,6>>,-1]", "error:badarg"),
        ("binary:bin_to_list/1", bin_to_list_1, "[<<1,2,3>>]", "[1,2,3]"),
        ("binary:bin_to_list/2", bin_to_list_2, "[<<1,2,3>>,{1,2}]", "[2,3]"),
        ("binary:bin_to_list/2", bin_to_list_2, "[<<1,2,3>>,{3,-2}]", "[2,3]"),
        ("binary:bin_to_list/3", bin_to_list_3, "[<<1,2,3>>,1,5]", "error:badarg"),
        ("binary:bin_to_list/1", bin_to_list_1, "[<<1,2,3:3>>]", "error:badarg"),
        ("binary:list_to_bin/1", list_to_binary, "[[1,[2],<<3>>]]", "<<1,2,3>>"),
        ("binary:list_to_bin/1", list_to_binary, "[<<1>>]", "error:badarg"),
        ("binary:decode_unsigned/1", decode_unsigned_1, "[<<1,2>>]", "258"),
        ("binary:decode_unsigned/2", decode_unsigned_2, "[<<1,2>>,little]", "513"),
        ("binary:decode_unsigned/1", decode_unsigned_1, "[<<>>]", "0"),
        ("binary:decode_unsigned/1", decode_unsigned_1, "[<<1,2,3,4,5,6,7,8,9,10>>]", "4759477275222530853130"),
        ("binary:decode_unsigned/1", decode_unsigned_1, "[<<1:3>>]", "error:badarg"),
        ("binary:decode_unsigned/2", decode_unsigned_2, "[<<1>>,foo]", "error:badarg"),
        ("binary:encode_unsigned/1", encode_unsigned_1, "[258]", "<<1,2>>"),
        ("binary:encode_unsigned/2", encode_unsigned_2, "[258,little]", "<<2,1>>"),
        ("binary:encode_unsigned/1", encode_unsigned_1, "[0]", "<<0>>"),
        ("binary:encode_unsigned/1", encode_unsigned_1, "[-1]", "error:badarg"),
        ("binary:encode_unsigned/1", encode_unsigned_1, "[1208925819614629174706176]", "<<1,0,0,0,0,0,0,0,0,0,0>>"),
        ("binary:encode_unsigned/2", encode_unsigned_2, "[1208925819614629174706176,little]", "<<0,0,0,0,0,0,0,0,0,0,1>>"),
        ("binary:replace/3", replace_3, "[<<97,44,98,44,99>>,<<44>>,<<59,59>>]", "<<97,59,59,98,44,99>>"),
        ("binary:replace/4", replace_4, "[<<97,44,98,44,99>>,<<44>>,<<59,59>>,[global]]", "<<97,59,59,98,59,59,99>>"),
        ("binary:replace/4", replace_4, "[<<97,98,99,98>>,<<98>>,<<91,93>>,[global,{insert_replaced,1}]]", "<<97,91,98,93,99,91,98,93>>"),
        ("binary:replace/4", replace_4, "[<<97,98,99,98>>,<<98>>,<<91,93>>,[global,{insert_replaced,[0,1,2]}]]", "<<97,98,91,98,93,98,99,98,91,98,93,98>>"),
        ("binary:replace/4", replace_4, "[<<97,98,99,98>>,<<98>>,<<91,93>>,[global,{insert_replaced,3}]]", "error:badarg"),
        ("binary:replace/4", replace_4, "[<<97,98,99,98>>,[<<98>>,<<99>>],<<>>,[global]]", "<<97>>"),
        ("binary:replace/4", replace_4, "[<<97,98,99,98>>,<<98>>,<<120>>,[global,{scope,{2,2}}]]", "<<97,98,99,120>>"),
        ("binary:replace/3", replace_3, "[<<97,98,99,98>>,<<98>>,foo]", "error:badarg"),
        ("binary:longest_common_prefix/1", longest_common_prefix, "[[<<97,98,99>>,<<97,98,100>>,<<97,98>>]]", "2"),
        ("binary:longest_common_prefix/1", longest_common_prefix, "[[<<97,98,99>>]]", "3"),
        ("binary:longest_common_prefix/1", longest_common_prefix, "[[]]", "error:badarg"),
        ("binary:longest_common_prefix/1", longest_common_prefix, "[[<<97,98,99>>,foo]]", "error:badarg"),
        ("binary:longest_common_suffix/1", longest_common_suffix, "[[<<97,98,99>>,<<120,98,99>>,<<99>>]]", "1"),
        ("binary:longest_common_suffix/1", longest_common_suffix, "[[<<97,98,99>>,<<97,98,100>>]]", "0"),
        ("binary:compile_pattern/1", compile_pattern, "[[]]", "error:badarg"),
        ("erlang:byte_size/1", byte_size, "[<<1,2,3:4>>]", "3"),
        ("erlang:byte_size/1", byte_size, "[<<>>]", "0"),
        ("erlang:byte_size/1", byte_size, "[foo]", "error:badarg"),
        ("erlang:bit_size/1", bit_size, "[<<1,2,3:4>>]", "20"),
        ("erlang:bit_size/1", bit_size, "[[]]", "error:badarg"),
        ("erlang:binary_to_list/1", binary_to_list_1, "[<<>>]", "[]"),
        ("erlang:binary_to_list/1", binary_to_list_1, "[foo]", "error:badarg"),
        ("erlang:bitstring_to_list/1", bitstring_to_list, "[<<1:1>>]", "[<<1:1>>]"),
        ("erlang:list_to_bitstring/1", list_to_bitstring, "[<<1>>]", "error:badarg"),
        ("erlang:list_to_bitstring/1", list_to_bitstring, "[[]]", "<<>>"),
        ("erlang:iolist_to_binary/1", iolist_to_binary, "[[]]", "<<>>"),
        ("erlang:iolist_size/1", iolist_size, "[[]]", "0"),
        ("erlang:split_binary/2", split_binary, "[<<1,2,3>>,0]", "{<<>>,<<1,2,3>>}"),
        ("erlang:split_binary/2", split_binary, "[<<1,2,3>>,-1]", "error:badarg"),
        ("erlang:split_binary/2", split_binary, "[foo,0]", "error:badarg"),
        ("erlang:binary_to_atom/2", binary_to_atom_2, "[<<97>>,latin1]", "a"),
        ("erlang:binary_to_atom/2", binary_to_atom_2, "[<<>>,utf8]", "''"),
        ("erlang:binary_to_atom/2", binary_to_atom_2, "[<<255>>,utf8]", "error:badarg"),
        ("erlang:binary_to_atom/2", binary_to_atom_2, "[foo,utf8]", "error:badarg"),
        ("erlang:atom_to_binary/1", atom_to_binary_1, "[abc]", "<<97,98,99>>"),
        ("erlang:atom_to_binary/2", atom_to_binary_2, "[abc,latin1]", "<<97,98,99>>"),
        ("erlang:atom_to_binary/2", atom_to_binary_2, "['',utf8]", "<<>>"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<48>>]", "0"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<45,48>>]", "0"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<49,49,53,50,57,50,49,53,48,52,54,48,54,56,52,54,57,55,54>>]", "1152921504606846976"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<45,49,49,53,50,57,50,49,53,48,52,54,48,54,56,52,54,57,55,54>>]", "-1152921504606846976"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[<<53,55,54,52,54,48,55,53,50,51,48,51,52,50,51,52,56,55>>]", "576460752303423487"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<49,122>>,36]", "71"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<49,90>>,36]", "71"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<49,48>>,2]", "2"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<49,50>>,2]", "error:badarg"),
        ("erlang:binary_to_integer/1", binary_to_integer_1, "[foo]", "error:badarg"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<49>>,foo]", "error:badarg"),
        ("erlang:integer_to_binary/1", integer_to_binary_1, "[0]", "<<48>>"),
        ("erlang:integer_to_binary/1", integer_to_binary_1, "[-576460752303423489]", "<<45,53,55,54,52,54,48,55,53,50,51,48,51,52,50,51,52,56,57>>"),
        ("erlang:integer_to_binary/2", integer_to_binary_2, "[255,2]", "<<49,49,49,49,49,49,49,49>>"),
        ("erlang:integer_to_binary/2", integer_to_binary_2, "[35,36]", "<<90>>"),
        ("erlang:integer_to_binary/2", integer_to_binary_2, "[1,1]", "error:badarg"),
        ("erlang:integer_to_binary/2", integer_to_binary_2, "[foo,10]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<45,48,46,48>>]", "float:-0.0"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,48,101,45,53>>]", "float:1.0e-5"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,55,57,55,54,57,51,49,51,52,56,54,50,51,49,53,55,101,51,48,56>>]", "float:1.7976931348623157e308"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,56,101,51,48,56>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,53,101,43>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<49,46,46,53>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[<<45,46,53>>]", "error:badarg"),
        ("erlang:binary_to_float/1", binary_to_float, "[foo]", "error:badarg"),
        ("binary:split/3", split_3, "[<<97,32,98,32,32,99>>,<<32>>,[global,trim_all]]", "[<<97>>,<<98>>,<<99>>]"),
        ("binary:split/2", split_2, "[<<97,88,98,89,99>>,[<<88>>,<<89>>]]", "[<<97>>,<<98,89,99>>]"),
        ("binary:split/3", split_3, "[<<97,98,99>>,<<97,98,99>>,[global]]", "[<<>>,<<>>]"),
        ("binary:split/3", split_3, "[<<97,98,99>>,<<97,98,99>>,[global,trim]]", "[]"),
        ("binary:split/2", split_2, "[<<97,98,99>>,<<97,98,99,100>>]", "[<<97,98,99>>]"),
        ("binary:split/2", split_2, "[<<97,98,99>>,foo]", "error:badarg"),
        ("binary:split/2", split_2, "[<<97,98,99>>,[<<97>>,foo]]", "error:badarg"),
        ("binary:split/3", split_3, "[<<97,98,99>>,<<98>>,foo]", "error:badarg"),
        ("binary:split/3", split_3, "[<<97,98,99>>,<<98>>,[global|trim]]", "[<<97>>,<<99>>]"),
        ("binary:split/3", split_3, "[<<97,44,98,44,99,44,100>>,<<44>>,[{scope,{1,3}},global]]", "[<<97>>,<<98>>,<<99,44,100>>]"),
        ("binary:split/3", split_3, "[<<97,44,98,44,99,44,100>>,<<44>>,[{scope,{0,8}}]]", "error:badarg"),
        ("binary:split/3", split_3, "[<<97,44,98,44,99,44,100>>,<<44>>,[{scope,{-1,2}}]]", "error:badarg"),
        ("binary:split/3", split_3, "[<<97,44,98,44,99,44,100>>,<<44>>,[{scope,1}]]", "error:badarg"),
        ("binary:matches/3", matches_3, "[<<97,98,99,97,98,99>>,<<98,99>>,[{scope,{2,4}}]]", "[{4,2}]"),
        ("binary:matches/3", matches_3, "[<<97,98,99,97,98,99>>,<<98,99>>,[{scope,{6,-6}}]]", "[{1,2},{4,2}]"),
        ("binary:matches/3", matches_3, "[<<97,98,99,97,98,99>>,<<98,99>>,[{scope,{0,7}}]]", "error:badarg"),
        ("binary:matches/2", matches_2, "[<<97,98,99,97,98,99>>,[<<97,98,99>>,<<98,99,97>>]]", "[{0,3},{3,3}]"),
        ("binary:matches/2", matches_2, "[<<>>,<<97>>]", "[]"),
        ("binary:match/2", match_2, "[<<>>,<<97>>]", "nomatch"),
        ("binary:match/2", match_2, "[<<97,98,99>>,[]]", "error:badarg"),
        ("binary:match/2", match_2, "[<<97,98,99>>,<<>>]", "error:badarg"),
        ("binary:match/3", match_3, "[<<97,98,99>>,<<98>>,foo]", "error:badarg"),
        ("binary:part/2", binary_part_2, "[<<1,2,3>>,{0,0}]", "<<>>"),
        ("binary:part/2", binary_part_2, "[<<1,2,3>>,{3,0}]", "<<>>"),
        ("binary:part/3", binary_part_3, "[<<1,2,3>>,0,4]", "error:badarg"),
        ("binary:part/3", binary_part_3, "[<<1,2,3>>,1.0,1]", "error:badarg"),
        ("binary:copy/2", copy_2, "[<<>>,5]", "<<>>"),
        ("binary:copy/2", copy_2, "[<<1>>,foo]", "error:badarg"),
        ("binary:at/2", at, "[<<5,6>>,0]", "5"),
        ("binary:at/2", at, "[<<5,6>>,foo]", "error:badarg"),
        ("binary:bin_to_list/3", bin_to_list_3, "[<<1,2,3>>,0,0]", "[]"),
        ("binary:bin_to_list/3", bin_to_list_3, "[<<1,2,3>>,3,-3]", "[1,2,3]"),
        ("binary:bin_to_list/2", bin_to_list_2, "[<<1,2,3>>,{4,-1}]", "error:badarg"),
        ("binary:decode_unsigned/1", decode_unsigned_1, "[<<0,0,1>>]", "1"),
        ("binary:decode_unsigned/2", decode_unsigned_2, "[<<1,0,0>>,little]", "1"),
        ("binary:decode_unsigned/1", decode_unsigned_1, "[<<255,255,255,255,255,255,255,255>>]", "18446744073709551615"),
        ("binary:encode_unsigned/1", encode_unsigned_1, "[255]", "<<255>>"),
        ("binary:encode_unsigned/2", encode_unsigned_2, "[256,little]", "<<0,1>>"),
        ("binary:encode_unsigned/1", encode_unsigned_1, "[1.0]", "error:badarg"),
        ("binary:encode_unsigned/2", encode_unsigned_2, "[1,foo]", "error:badarg"),
        ("binary:replace/4", replace_4, "[<<97,97,97>>,<<97>>,<<98,98>>,[global]]", "<<98,98,98,98,98,98>>"),
        ("binary:replace/4", replace_4, "[<<97,97,97>>,<<97>>,<<>>,[global]]", "<<>>"),
        ("binary:replace/4", replace_4, "[<<97,98,99>>,<<120>>,<<121>>,[global]]", "<<97,98,99>>"),
        ("binary:replace/4", replace_4, "[<<97,98,99>>,<<120>>,<<121>>,[{insert_replaced,5}]]", "error:badarg"),
        ("binary:replace/4", replace_4, "[<<97,98,99>>,<<98>>,<<121,122>>,[{insert_replaced,[2,0,2]}]]", "<<97,98,121,122,98,98,99>>"),
        ("binary:replace/4", replace_4, "[<<97,98,99>>,<<98>>,<<121,122>>,[{insert_replaced,-1}]]", "error:badarg"),
        ("binary:replace/4", replace_4, "[<<97,98,99>>,<<98>>,<<121,122>>,[trim]]", "error:badarg"),
        ("binary:replace/4", replace_4, "[<<97,98,99,97,98,99>>,[<<97>>,<<98,99>>],<<45>>,[global,{scope,{1,4}}]]", "<<97,45,45,98,99>>"),
        ("binary:longest_common_prefix/1", longest_common_prefix, "[[<<>>,<<97,98,99>>]]", "0"),
        ("binary:longest_common_prefix/1", longest_common_prefix, "[[<<97,98,99>>,<<97,98,99>>]]", "3"),
        ("binary:longest_common_prefix/1", longest_common_prefix, "[<<97,98,99>>]", "error:badarg"),
        ("binary:longest_common_prefix/1", longest_common_prefix, "[[<<97,98,99>>|<<120>>]]", "error:badarg"),
        ("binary:longest_common_suffix/1", longest_common_suffix, "[[<<97,98,99>>,<<97,98,99>>,<<122,98,99>>]]", "2"),
        ("binary:longest_common_suffix/1", longest_common_suffix, "[[]]", "error:badarg"),
        ("binary:compile_pattern/1", compile_pattern, "[foo]", "error:badarg"),
        ("binary:split/3", split_3, "[<<97,32,98,32,99>>,<<32>>,[global|trim]]", "[<<97>>,<<98>>,<<99>>]"),
        ("binary:split/3", split_3, "[<<97,32,98,32,99>>,<<32>>,[global|foo]]", "[<<97>>,<<98>>,<<99>>]"),
        ("binary:split/3", split_3, "[<<97,32,98,32,99>>,<<32>>,[trim|global]]", "[<<97>>,<<98,32,99>>]"),
        ("binary:split/3", split_3, "[<<97,32,98,32,99>>,<<32>>,global]", "error:badarg"),
        ("binary:split/3", split_3, "[<<97,32,98,32,99>>,<<32>>,[global,foo]]", "error:badarg"),
        ("binary:match/3", match_3, "[<<97,32,98,32,99>>,<<32>>,[{scope,{2,3}}|foo]]", "{3,1}"),
        ("binary:match/3", match_3, "[<<97,32,98,32,99>>,<<32>>,foo]", "error:badarg"),
        ("binary:match/3", match_3, "[<<97,32,98,32,99>>,<<32>>,{scope,{2,3}}]", "error:badarg"),
        ("binary:matches/3", matches_3, "[<<97,32,98,32,99>>,<<32>>,[{scope,{2,3}}|foo]]", "[{3,1}]"),
        ("binary:matches/3", matches_3, "[<<97,32,98,32,99>>,<<32>>,foo]", "error:badarg"),
        ("binary:replace/4", replace_4, "[<<97,32,98,32,99>>,<<32>>,<<95>>,[global|foo]]", "error:badarg"),
        ("binary:replace/4", replace_4, "[<<97,32,98,32,99>>,<<32>>,<<95>>,foo]", "error:badarg"),
        ("binary:replace/4", replace_4, "[<<97,32,98,32,99>>,<<32>>,<<95>>,[global,{insert_replaced,[1|2]}]]", "error:badarg"),
        ("binary:replace/4", replace_4, "[<<97,32,98,32,99>>,<<32>>,<<95>>,[global,{insert_replaced,[1,foo]}]]", "error:badarg"),
        ("binary:split/2", split_2, "[<<97,32,98,32,99>>,[<<32>>|<<98>>]]", "error:badarg"),
        ("binary:match/2", match_2, "[<<97,32,98,32,99>>,[<<32>>|<<98>>]]", "error:badarg"),
        ("binary:longest_common_prefix/1", longest_common_prefix, "[[<<97,98>>,<<97,99>>|foo]]", "error:badarg"),
        ("erlang:binary_to_list/3", binary_to_list_3, "[<<1,2,3:4>>,1,2]", "[1,2]"),
        ("binary:part/2", binary_part_2, "[<<1,2,3:4>>,{0,2}]", "<<1,2>>"),
        ("binary:at/2", at, "[<<1,2,3:4>>,0]", "error:badarg"),
        ("binary:first/1", first, "[<<1,2,3:4>>]", "error:badarg"),
        ("binary:bin_to_list/3", bin_to_list_3, "[<<1,2,3>>,3,-1]", "[3]"),
        ("erlang:list_to_bitstring/1", list_to_bitstring, "[[<<1:3>>|<<1:5>>]]", "<<33>>"),
        ("erlang:list_to_bitstring/1", list_to_bitstring, "[[[<<1:3>>],<<1:5>>]]", "<<33>>"),
        ("erlang:iolist_to_binary/1", iolist_to_binary, "[[[[[]|<<>>]|<<1>>]]]", "<<1>>"),
        ("binary:decode_unsigned/1", decode_unsigned_1, "[<<1,2,3:4>>]", "error:badarg"),
        ("binary:longest_common_prefix/1", longest_common_prefix, "[[<<1,2,3:4>>]]", "error:badarg"),
        ("binary:match/2", match_2, "[<<1,2,3:4>>,<<1>>]", "error:badarg"),
        ("binary:encode_unsigned/1", encode_unsigned_1, "[576460752303423488]", "<<8,0,0,0,0,0,0,0>>"),
        ("erlang:byte_size/1", byte_size, "[<<1:1>>]", "1"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3>>,{-1,1}]", "error:badarg"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3>>,{1,1,1}]", "error:badarg"),
        ("erlang:binary_part/2", binary_part_2, "[<<1,2,3>>,foo]", "error:badarg"),
        ("erlang:split_binary/2", split_binary, "[<<1,2,3>>,1.0]", "error:badarg"),
        ("erlang:integer_to_binary/2", integer_to_binary_2, "[-10,2]", "<<45,49,48,49,48>>"),
        ("erlang:binary_to_integer/2", binary_to_integer_2, "[<<45,48,48,49,48>>,2]", "-2"),
        ("binary:replace/4", replace_4, "[<<97,98,99>>,<<98>>,<<120,121>>,[{insert_replaced,[0,0]}]]", "<<97,98,98,120,121,99>>"),
        ("binary:replace/4", replace_4, "[<<97,98,99>>,<<98>>,<<120,121>>,[{insert_replaced,[]}]]", "<<97,120,121,99>>"),
        ("binary:replace/4", replace_4, "[<<97,98,99>>,<<98>>,<<120,121>>,[{insert_replaced,2},{insert_replaced,0}]]", "<<97,98,120,121,99>>"),
        ("binary:replace/4", replace_4, "[<<97,98,99>>,<<98>>,<<120,121>>,[{scope,{0,1}}]]", "<<97,98,99>>"),
        ("binary:split/3", split_3, "[<<97,98,99>>,<<98>>,[{scope,{0,1}},{scope,{0,3}}]]", "[<<97>>,<<99>>]"),
        ("erlang:atom_to_binary/1", atom_to_binary_1, "[true]", "<<116,114,117,101>>"),
    ];

    fn call(heap: &mut Heap, body: Body, args: &str) -> Result<Term, String> {
        let args = parse(heap, args);
        let args = crate::bif::list_to_vec(args).expect("argument list");
        body(heap, &args).map_err(|e| format!("error:{}", show(e.reason)))
    }

    #[test]
    fn results_match_otp() {
        let mut heap = Heap::default();
        for &(mfa, body, args, expected) in CASES {
            let result = call(&mut heap, body, args);
            if let Some(float) = expected.strip_prefix("float:") {
                let expected: f64 = float.parse().expect("float");
                let found = result.ok().and_then(|t| t.as_float());
                assert_eq!(
                    found.map(f64::to_bits),
                    Some(expected.to_bits()),
                    "{mfa} {args}"
                );
            } else {
                let text = result.map(show).unwrap_or_else(|e| e);
                assert_eq!(text, expected, "{mfa} {args}");
            }
        }
    }

    #[test]
    fn table_lists_each_bif_once() {
        let mut seen = std::collections::HashSet::new();
        for def in BIFS {
            assert!(
                seen.insert((def.module, def.function, def.arity)),
                "{def:?}"
            );
        }
        for &(mfa, ..) in CASES {
            let (module, rest) = mfa.split_once(':').expect("module");
            let (function, arity) = rest.split_once('/').expect("arity");
            let arity: u32 = arity.parse().expect("arity");
            assert!(
                seen.contains(&(module, function, arity)),
                "{mfa} not in BIFS"
            );
        }
        let guards: Vec<_> = BIFS
            .iter()
            .filter(|d| d.guard)
            .map(|d| (d.function, d.arity))
            .collect();
        assert_eq!(
            guards,
            [
                ("byte_size", 1),
                ("bit_size", 1),
                ("binary_part", 2),
                ("binary_part", 3)
            ]
        );
    }

    /// Atom names beyond ASCII, checked against OTP 25 by name.
    #[test]
    fn binary_to_atom_non_ascii() {
        let mut heap = Heap::default();
        let name =
            |t: Result<Term, String>| t.map(|t| t.as_atom().expect("atom").name().to_string());

        let latin1 = call(&mut heap, binary_to_atom_2, "[<<195,169>>,latin1]");
        assert_eq!(name(latin1), Ok("Ã©".into()));
        let utf8 = call(&mut heap, binary_to_atom_2, "[<<195,169>>,utf8]");
        assert_eq!(name(utf8), Ok("é".into()));
        let high = call(&mut heap, binary_to_atom_2, "[<<255>>,latin1]");
        assert_eq!(name(high), Ok("ÿ".into()));

        // The 255-character limit counts characters, not bytes.
        let max_utf8 = format!("[<<{}>>,utf8]", vec!["195,169"; 255].join(","));
        let max_atom = call(&mut heap, binary_to_atom_2, &max_utf8);
        assert_eq!(name(max_atom), Ok("é".repeat(255)));
        let long_utf8 = format!("[<<{}>>,utf8]", vec!["195,169"; 256].join(","));
        let too_long = call(&mut heap, binary_to_atom_2, &long_utf8);
        assert_eq!(name(too_long), Err("error:system_limit".into()));
        let long_latin1 = format!("[<<{}>>,latin1]", vec!["233"; 256].join(","));
        let too_long = call(&mut heap, binary_to_atom_2, &long_latin1);
        assert_eq!(name(too_long), Err("error:system_limit".into()));
    }

    #[test]
    fn atom_to_binary_non_ascii() {
        let mut heap = Heap::default();
        let e_acute = Term::atom(Atom::from_static("é"));
        let wide = Term::atom(Atom::from_static("\u{12C}"));
        let latin1 = Term::atom(atom::LATIN1);
        let utf8 = Term::atom(atom::UTF8);

        let encoded = atom_to_binary_2(&mut heap, &[e_acute, latin1]);
        assert_eq!(encoded.map(show), Ok("<<233>>".into()));
        let encoded = atom_to_binary_2(&mut heap, &[e_acute, utf8]);
        assert_eq!(encoded.map(show), Ok("<<195,169>>".into()));
        let encoded = atom_to_binary_2(&mut heap, &[wide, latin1]);
        assert_eq!(encoded, Err(Exception::badarg()));
        let encoded = atom_to_binary_2(&mut heap, &[wide, utf8]);
        assert_eq!(encoded.map(show), Ok("<<196,172>>".into()));
    }

    #[test]
    fn integers_round_trip_in_every_base() {
        let mut heap = Heap::default();
        for text in [
            "0",
            "-1",
            "576460752303423488",
            "-1267650600228229401496703205376",
        ] {
            let value = parse(&mut heap, text);
            for base in 2..=36 {
                let base = Term::small_unchecked(base);
                let binary = integer_to_binary_2(&mut heap, &[value, base]).expect("format");
                let back = binary_to_integer_2(&mut heap, &[binary, base]).expect("parse");
                assert_eq!(show(back), text, "base {base:?}");
            }
        }
    }

    #[test]
    fn oversized_results_raise_system_limit() {
        let mut heap = Heap::default();
        let one = parse(&mut heap, "<<1>>");
        let huge = Term::small_unchecked(1 << 40);
        assert_eq!(
            copy_2(&mut heap, &[one, huge]),
            Err(Exception::system_limit())
        );
        // 1 MiB of "a", each replaced by 5 KiB: 5 GiB, over the 4 GiB cap.
        let subject = heap::binary(&mut heap, &vec![b'a'; 1 << 20]);
        let pattern = parse(&mut heap, "<<\"a\">>");
        let replacement = heap::binary(&mut heap, &vec![b'b'; 5 << 10]);
        let global = parse(&mut heap, "[global]");
        assert_eq!(
            replace_4(&mut heap, &[subject, pattern, replacement, global]),
            Err(Exception::system_limit())
        );
    }

    #[test]
    fn unaligned_sub_binaries_are_read_correctly() {
        let mut heap = Heap::default();
        let source = parse(&mut heap, "<<1:3,\"a,bb,c\",0:5>>");
        let subject = bits::slice_bitstring(&mut heap, source, 3, 6 * 8);
        assert_eq!(show(subject), "<<97,44,98,98,44,99>>");
        let comma = parse(&mut heap, "<<\",\">>");
        let global = parse(&mut heap, "[global]");
        let parts = split_3(&mut heap, &[subject, comma, global]).expect("split");
        assert_eq!(show(parts), "[<<97>>,<<98,98>>,<<99>>]");
        let middle = binary_part_3(
            &mut heap,
            &[subject, Term::small_unchecked(2), Term::small_unchecked(2)],
        );
        assert_eq!(middle.map(show), Ok("<<98,98>>".into()));
        assert_eq!(
            show(binary_to_list_1(&mut heap, &[subject]).expect("list")),
            "[97,44,98,98,44,99]"
        );
        let bits = bits::slice_bitstring(&mut heap, source, 3, 6 * 8 + 2);
        let list = bitstring_to_list(&mut heap, &[bits]).expect("bitstring list");
        assert_eq!(show(list), "[97,44,98,98,44,99,<<0:2>>]");
    }
}
