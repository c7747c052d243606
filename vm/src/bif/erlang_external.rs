//! BIFs over the external term format and checksums:
//! `term_to_binary/1,2`, `term_to_iovec/1,2`, `binary_to_term/1,2`,
//! `external_size/1,2`, `phash/2`, `phash2/1,2`, `md5/1`, `crc32/1,2`,
//! `crc32_combine/3`, `adler32/1,2` and `adler32_combine/3`.

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use md5::{Digest, Md5};

use crate::atom::Atom;
use crate::bits::iolist;
use crate::etf::{self, ExtTerm, MinorVersion};
use crate::etf_heap;
use crate::exception::{BifResult, Exception};
use crate::fun;
use crate::heap;
use crate::phash;
use crate::process::Process;
use crate::term::{HeaderTag, Term};

// ---- term_to_binary ----

/// The tag of a compressed term: `131, 80, UncompressedSize:32, Zlib`.
const COMPRESSED_TAG: u8 = 80;

/// Options of `term_to_binary/2` and `term_to_iovec/2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct EncodeOptions {
    minor_version: MinorVersion,
    /// zlib level 0 to 9, 0 meaning no compression.
    compression: u32,
}

/// The zlib level of the bare `compressed` option (zlib's default).
const DEFAULT_COMPRESSION: u32 = 6;

fn minor_version(t: Term) -> Result<MinorVersion, Exception> {
    match t.as_small() {
        Some(0) => Ok(MinorVersion::V0),
        Some(1) => Ok(MinorVersion::V1),
        Some(2) => Ok(MinorVersion::V2),
        _ => Err(Exception::badarg()),
    }
}

/// Parses `term_to_binary/2` options: `compressed`, `{compressed, 0..9}`,
/// `{minor_version, 0..2}` and `deterministic`. Later options override
/// earlier ones.
fn encode_options(mut list: Term) -> Result<EncodeOptions, Exception> {
    // OTP 25 writes minor version 1 unless an option selects another.
    let mut options = EncodeOptions {
        minor_version: MinorVersion::V1,
        compression: 0,
    };
    while list.is_cons() {
        let option = list.head();
        if option == Term::atom(Atom::from_static("compressed")) {
            options.compression = DEFAULT_COMPRESSION;
        } else if option == Term::atom(Atom::from_static("deterministic")) {
            // Equal maps always encode alike here, which is what the
            // option requests. OTP also sorts the keys of maps over 32
            // keys for it, so those encode in another order than OTP's.
        } else if option.tuple_arity() == Some(2) {
            let value = option.element(1);
            match option.element(0).as_atom().map(Atom::name) {
                Some("compressed") => {
                    options.compression = value
                        .as_small()
                        .filter(|l| (0..=9).contains(l))
                        .ok_or_else(Exception::badarg)?
                        as u32;
                }
                Some("minor_version") => options.minor_version = minor_version(value)?,
                _ => return Err(Exception::badarg()),
            }
        } else {
            return Err(Exception::badarg());
        }
        list = list.tail();
    }
    if !list.is_nil() {
        return Err(Exception::badarg());
    }
    Ok(options)
}

/// Nesting depth up to which terms are encoded on the calling thread. The
/// encoder and `etf_heap::describe` recurse once per level, and the `etf`
/// tests check that this depth fits a 2 MiB thread stack.
const INLINE_DEPTH: usize = 1_000;

/// Stack reserved per nesting level, plus a fixed part, for terms encoded
/// on a thread of their own. This is an estimate, at least twice what the
/// `etf` tests measure for the recursive traits of `ExtTerm`.
const STACK_PER_LEVEL: usize = 4 << 10;
const STACK_BASE: usize = 1 << 20;

/// Deepest term encoded: 100,000 levels reserve 400 MiB of stack. Deeper
/// terms raise `system_limit`.
///
/// NOTE: OTP 25 has no such limit; its encoder keeps its own stack.
const MAX_DEPTH: usize = 100_000;

/// Returns the nesting depth of `term` as the recursive encoder counts it:
/// tuple elements, list elements, map keys and values and fun environments
/// each add a level, list tails do not. Stops counting above `limit`.
fn nesting_depth(term: Term, limit: usize) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(term, 0usize)];
    while let Some((t, depth)) = pending.pop() {
        deepest = deepest.max(depth);
        if deepest > limit {
            break;
        }
        if t.is_cons() {
            let mut cell = t;
            while cell.is_cons() {
                pending.push((cell.head(), depth + 1));
                cell = cell.tail();
            }
            pending.push((cell, depth));
            continue;
        }
        match t.boxed_tag() {
            Some(HeaderTag::Tuple) => {
                pending.extend(t.tuple_elements().iter().map(|&e| (e, depth + 1)));
            }
            Some(HeaderTag::Map) => {
                for (k, v) in crate::map::iter(t) {
                    pending.push((k, depth + 1));
                    pending.push((v, depth + 1));
                }
            }
            Some(HeaderTag::Fun) => {
                pending.extend(fun::closure_env(t).iter().map(|&e| (e, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
}

fn encode_on_this_thread(term: Term, minor: MinorVersion) -> Vec<u8> {
    let mut out = Vec::new();
    etf::encode_with(&etf_heap::describe(term), minor, &mut out);
    out
}

/// Encodes `term` with the version byte, uncompressed. Terms nested deeper
/// than [`INLINE_DEPTH`] are encoded on a scoped thread with a stack sized
/// for their depth, while this thread waits, so the heap is not used by two
/// threads at once.
fn encode_plain(term: Term, minor: MinorVersion) -> Result<Vec<u8>, Exception> {
    let depth = nesting_depth(term, MAX_DEPTH);
    if depth <= INLINE_DEPTH {
        return Ok(encode_on_this_thread(term, minor));
    }
    if depth > MAX_DEPTH {
        return Err(Exception::system_limit());
    }
    let stack = STACK_BASE + depth * STACK_PER_LEVEL;
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("term_to_binary".into())
            .stack_size(stack)
            .spawn_scoped(scope, move || encode_on_this_thread(term, minor))
            .ok()
            .and_then(|handle| handle.join().ok())
    })
    .ok_or_else(Exception::system_limit)
}

/// Compresses an encoded term (version byte first) when that makes it
/// smaller, as OTP does: the zlib stream must fit in the uncompressed
/// size less 5 bytes, so the compressed term is never longer.
///
/// NOTE: the zlib stream comes from flate2's Rust backend, whose bytes can
/// differ from the system zlib OTP links; both decompress to the same term.
fn compress(encoded: Vec<u8>, level: u32) -> Vec<u8> {
    let body = &encoded[1..];
    let Some(limit) = body.len().checked_sub(5).filter(|&l| l > 0) else {
        return encoded;
    };
    let Ok(size) = u32::try_from(body.len()) else {
        return encoded;
    };
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::new(level));
    let stream = match encoder.write_all(body).and_then(|()| encoder.finish()) {
        Ok(stream) => stream,
        Err(_) => return encoded,
    };
    if stream.len() > limit {
        return encoded;
    }
    let mut out = Vec::with_capacity(6 + stream.len());
    out.push(etf::VERSION);
    out.push(COMPRESSED_TAG);
    out.extend_from_slice(&size.to_be_bytes());
    out.extend_from_slice(&stream);
    out
}

fn term_to_bytes(term: Term, options: EncodeOptions) -> Result<Vec<u8>, Exception> {
    let encoded = encode_plain(term, options.minor_version)?;
    if options.compression == 0 {
        Ok(encoded)
    } else {
        Ok(compress(encoded, options.compression))
    }
}

fn term_to_binary_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let options = encode_options(Term::NIL)?;
    let bytes = term_to_bytes(args[0], options)?;
    Ok(heap::binary(&mut proc.heap, &bytes))
}

fn term_to_binary_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let options = encode_options(args[1])?;
    let bytes = term_to_bytes(args[0], options)?;
    Ok(heap::binary(&mut proc.heap, &bytes))
}

/// `term_to_iovec/1,2`: the encoded term as a list of binaries.
///
/// NOTE: OTP 25 returns large binaries inside the term as separate list
/// elements that share the original data. This returns one binary with
/// the same bytes.
fn term_to_iovec(proc: &mut Process, term: Term, options: Term) -> BifResult {
    let options = encode_options(options)?;
    let bytes = term_to_bytes(term, options)?;
    let binary = heap::binary(&mut proc.heap, &bytes);
    Ok(heap::cons(&mut proc.heap, binary, Term::NIL))
}

fn term_to_iovec_1(proc: &mut Process, args: &[Term]) -> BifResult {
    term_to_iovec(proc, args[0], Term::NIL)
}

fn term_to_iovec_2(proc: &mut Process, args: &[Term]) -> BifResult {
    term_to_iovec(proc, args[0], args[1])
}

/// `external_size/1,2`: the size of the uncompressed encoding. The only
/// option OTP 25 accepts here is `{minor_version, 0 | 1}`.
fn external_size(term: Term, mut list: Term) -> BifResult {
    let mut minor = MinorVersion::V1;
    while list.is_cons() {
        let option = list.head();
        let is_minor = option.tuple_arity() == Some(2)
            && option.element(0).as_atom().map(Atom::name) == Some("minor_version");
        minor = match is_minor.then(|| minor_version(option.element(1))) {
            Some(Ok(v @ (MinorVersion::V0 | MinorVersion::V1))) => v,
            _ => return Err(Exception::badarg()),
        };
        list = list.tail();
    }
    if !list.is_nil() {
        return Err(Exception::badarg());
    }
    let size = encode_plain(term, minor)?.len();
    Ok(Term::small_unchecked(size as i64))
}

fn external_size_1(_: &mut Process, args: &[Term]) -> BifResult {
    external_size(args[0], Term::NIL)
}

fn external_size_2(_: &mut Process, args: &[Term]) -> BifResult {
    external_size(args[0], args[1])
}

// ---- binary_to_term ----

/// Options of `binary_to_term/2`.
#[derive(Clone, Copy, Debug, Default)]
struct DecodeOptions {
    /// Reject terms that would create atoms.
    safe: bool,
    /// Return `{Term, BytesUsed}`.
    used: bool,
}

fn decode_options(mut list: Term) -> Result<DecodeOptions, Exception> {
    let mut options = DecodeOptions::default();
    while list.is_cons() {
        match list.head().as_atom().map(Atom::name) {
            Some("safe") => options.safe = true,
            Some("used") => options.used = true,
            _ => return Err(Exception::badarg()),
        }
        list = list.tail();
    }
    if !list.is_nil() {
        return Err(Exception::badarg());
    }
    Ok(options)
}

/// Returns `true` when building `term` would intern no new atom: every atom
/// in it, node names and fun modules included, exists already.
///
/// NOTE: OTP's `safe` also rejects references to export entries that do
/// not exist yet; this only checks that their atoms exist.
/// Returns whether a decoded term contains a pid, a port or a reference
/// (which may be a process alias), counting the creator pid that every
/// local fun carries.
fn holds_capability(term: &ExtTerm) -> bool {
    let mut pending = vec![term];
    while let Some(t) = pending.pop() {
        match t {
            ExtTerm::Pid(_) | ExtTerm::Port(_) | ExtTerm::Reference(_) | ExtTerm::LocalFun(_) => {
                return true;
            }
            ExtTerm::Tuple(elements) => pending.extend(elements),
            ExtTerm::List(elements, tail) => {
                pending.extend(elements);
                pending.push(tail);
            }
            ExtTerm::Map(pairs) => {
                for (k, v) in pairs {
                    pending.push(k);
                    pending.push(v);
                }
            }
            _ => {}
        }
    }
    false
}

fn uses_only_existing_atoms(term: &ExtTerm) -> bool {
    let exists = |name: &str| Atom::lookup(name).is_some();
    let mut pending = vec![term];
    while let Some(t) = pending.pop() {
        let ok = match t {
            ExtTerm::Atom(name) => exists(name),
            ExtTerm::Tuple(elements) => {
                pending.extend(elements);
                true
            }
            ExtTerm::List(elements, tail) => {
                pending.extend(elements);
                pending.push(tail);
                true
            }
            ExtTerm::Map(pairs) => {
                for (k, v) in pairs {
                    pending.push(k);
                    pending.push(v);
                }
                true
            }
            ExtTerm::Pid(pid) => exists(&pid.node),
            ExtTerm::Port(port) => exists(&port.node),
            ExtTerm::Reference(r) => exists(&r.node),
            ExtTerm::ExportFun {
                module, function, ..
            } => exists(module) && exists(function),
            ExtTerm::LocalFun(f) => {
                pending.extend(&f.free_vars);
                exists(&f.module) && exists(&f.pid.node)
            }
            ExtTerm::Integer(_)
            | ExtTerm::BigInteger(_)
            | ExtTerm::Float(_)
            | ExtTerm::Nil
            | ExtTerm::Binary(_)
            | ExtTerm::BitBinary { .. } => true,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Decodes the external term at the start of a binary; bytes after it are
/// ignored, as in OTP.
///
/// NOTE: terms nested deeper than the decoder's default limit of 1,000
/// levels raise badarg, although OTP decodes them.
/// Decodes `binary` for binary_to_term/`arity`.
fn binary_to_term(
    proc: &mut Process,
    binary: Term,
    options: DecodeOptions,
    arity: u32,
) -> BifResult {
    let bytes = crate::bits::binary_bytes(binary).ok_or_else(Exception::badarg)?;
    let (ext, used) = etf::decode_versioned(&bytes).map_err(|_| Exception::badarg())?;
    drop(bytes);
    if options.safe && !uses_only_existing_atoms(&ext) {
        return Err(Exception::badarg());
    }
    if proc.policy_flags != 0 && holds_capability(&ext) {
        let bif = crate::policy::bif_mfa("binary_to_term", arity);
        crate::policy::check_forge(proc, bif)?;
    }
    let vm = proc.vm.clone();
    let term = etf_heap::build(&vm.code, &mut proc.heap, &ext).map_err(|_| Exception::badarg())?;
    if options.used {
        let used = Term::small_unchecked(used as i64);
        Ok(heap::tuple(&mut proc.heap, &[term, used]))
    } else {
        Ok(term)
    }
}

fn binary_to_term_1(proc: &mut Process, args: &[Term]) -> BifResult {
    binary_to_term(proc, args[0], DecodeOptions::default(), 1)
}

fn binary_to_term_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let options = decode_options(args[1])?;
    binary_to_term(proc, args[0], options, 2)
}

// ---- hashes ----

fn phash_2(_: &mut Process, args: &[Term]) -> BifResult {
    let range = hash_range(args[1])?;
    Ok(Term::small_unchecked(i64::from(phash::phash(
        args[0], range,
    ))))
}

fn phash2_1(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::small_unchecked(i64::from(phash::phash2(args[0]))))
}

fn phash2_2(_: &mut Process, args: &[Term]) -> BifResult {
    let range = hash_range(args[1])?;
    Ok(Term::small_unchecked(i64::from(phash::phash2_range(
        args[0], range,
    ))))
}

/// Returns a hash range argument: an integer in `1..=2^32`.
fn hash_range(t: Term) -> Result<u64, Exception> {
    t.as_small()
        .filter(|&r| (1..=1 << 32).contains(&r))
        .map(|r| r as u64)
        .ok_or_else(Exception::badarg)
}

/// `erlang:iolist_to_iovec/1`: the bytes of the iodata as a list of one
/// binary, or `[]` when there are none. OTP 25 may also return several
/// binaries, so callers can rely only on the concatenation.
fn iolist_to_iovec(proc: &mut Process, args: &[Term]) -> BifResult {
    let bytes = iolist::iolist_bytes(args[0])?;
    if bytes.is_empty() {
        return Ok(Term::NIL);
    }
    let binary = heap::binary(&mut proc.heap, &bytes);
    Ok(heap::list(&mut proc.heap, &[binary]))
}

fn md5(proc: &mut Process, args: &[Term]) -> BifResult {
    let bytes = iolist::iolist_bytes(args[0])?;
    let digest = Md5::digest(&bytes);
    Ok(heap::binary(&mut proc.heap, &digest))
}

/// CRC-32 as zlib computes it (reflected polynomial 0xEDB88320).
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

/// Continues the CRC-32 `crc` over `bytes`, like zlib's `crc32()`.
pub(crate) fn crc32_update(crc: u32, bytes: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in bytes {
        c = CRC_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

fn gf2_matrix_times(matrix: &[u32; 32], mut vector: u32) -> u32 {
    let mut sum = 0;
    let mut i = 0;
    while vector != 0 {
        if vector & 1 != 0 {
            sum ^= matrix[i];
        }
        vector >>= 1;
        i += 1;
    }
    sum
}

fn gf2_matrix_square(matrix: &[u32; 32]) -> [u32; 32] {
    let mut square = [0u32; 32];
    for (n, row) in square.iter_mut().enumerate() {
        *row = gf2_matrix_times(matrix, matrix[n]);
    }
    square
}

/// Returns the CRC-32 of two blocks joined, from the CRC-32 of each and the
/// length of the second, like zlib's `crc32_combine()`.
pub(crate) fn crc32_combine(mut crc1: u32, crc2: u32, mut len2: u64) -> u32 {
    if len2 == 0 {
        return crc1;
    }
    // The operator for one zero bit, then for two and four zero bits.
    let mut odd = [0u32; 32];
    odd[0] = 0xEDB8_8320;
    for (n, row) in odd.iter_mut().enumerate().skip(1) {
        *row = 1 << (n - 1);
    }
    let mut even = gf2_matrix_square(&odd);
    odd = gf2_matrix_square(&even);
    // Apply len2 zero bytes to crc1, squaring the operator per bit of len2.
    loop {
        even = gf2_matrix_square(&odd);
        if len2 & 1 != 0 {
            crc1 = gf2_matrix_times(&even, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
        odd = gf2_matrix_square(&even);
        if len2 & 1 != 0 {
            crc1 = gf2_matrix_times(&odd, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
    }
    crc1 ^ crc2
}

/// The modulus of Adler-32.
const ADLER_BASE: u32 = 65_521;

/// Continues the Adler-32 checksum `adler` over `bytes`, like zlib's
/// `adler32()`.
pub(crate) fn adler32_update(adler: u32, bytes: &[u8]) -> u32 {
    let mut a = adler & 0xFFFF;
    let mut b = adler >> 16;
    // 5552 bytes is the most zlib sums before b can overflow 32 bits.
    for chunk in bytes.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= ADLER_BASE;
        b %= ADLER_BASE;
    }
    (b << 16) | a
}

/// Returns the Adler-32 of two blocks joined, like zlib's
/// `adler32_combine()`.
pub(crate) fn adler32_combine(adler1: u32, adler2: u32, len2: u64) -> u32 {
    let rem = (len2 % u64::from(ADLER_BASE)) as u32;
    let mut sum1 = adler1 & 0xFFFF;
    let mut sum2 = (rem * sum1) % ADLER_BASE;
    sum1 += (adler2 & 0xFFFF) + ADLER_BASE - 1;
    sum2 += ((adler1 >> 16) & 0xFFFF) + ((adler2 >> 16) & 0xFFFF) + ADLER_BASE - rem;
    if sum1 >= ADLER_BASE {
        sum1 -= ADLER_BASE;
    }
    if sum1 >= ADLER_BASE {
        sum1 -= ADLER_BASE;
    }
    if sum2 >= ADLER_BASE << 1 {
        sum2 -= ADLER_BASE << 1;
    }
    if sum2 >= ADLER_BASE {
        sum2 -= ADLER_BASE;
    }
    sum1 | (sum2 << 16)
}

/// Returns a checksum argument: an integer in `0..2^32`.
fn expect_u32(t: Term) -> Result<u32, Exception> {
    t.as_small()
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(Exception::badarg)
}

/// Returns a length argument: a non-negative integer below 2^64.
fn expect_u64(t: Term) -> Result<u64, Exception> {
    if let Some(v) = t.as_small() {
        return u64::try_from(v).map_err(|_| Exception::badarg());
    }
    crate::bignum::to_bigint(t)
        .and_then(|b| u64::try_from(b).ok())
        .ok_or_else(Exception::badarg)
}

fn checksum_term(value: u32) -> Term {
    Term::small_unchecked(i64::from(value))
}

fn crc32_1(_: &mut Process, args: &[Term]) -> BifResult {
    let bytes = iolist::iolist_bytes(args[0])?;
    Ok(checksum_term(crc32_update(0, &bytes)))
}

fn crc32_2(_: &mut Process, args: &[Term]) -> BifResult {
    let crc = expect_u32(args[0])?;
    let bytes = iolist::iolist_bytes(args[1])?;
    Ok(checksum_term(crc32_update(crc, &bytes)))
}

fn crc32_combine_3(_: &mut Process, args: &[Term]) -> BifResult {
    let (crc1, crc2) = (expect_u32(args[0])?, expect_u32(args[1])?);
    let len2 = expect_u64(args[2])?;
    Ok(checksum_term(crc32_combine(crc1, crc2, len2)))
}

fn adler32_1(_: &mut Process, args: &[Term]) -> BifResult {
    let bytes = iolist::iolist_bytes(args[0])?;
    Ok(checksum_term(adler32_update(1, &bytes)))
}

fn adler32_2(_: &mut Process, args: &[Term]) -> BifResult {
    let adler = expect_u32(args[0])?;
    let bytes = iolist::iolist_bytes(args[1])?;
    Ok(checksum_term(adler32_update(adler, &bytes)))
}

fn adler32_combine_3(_: &mut Process, args: &[Term]) -> BifResult {
    let (adler1, adler2) = (expect_u32(args[0])?, expect_u32(args[1])?);
    let len2 = expect_u64(args[2])?;
    Ok(checksum_term(adler32_combine(adler1, adler2, len2)))
}

crate::bif_table![
    ("erlang", "term_to_binary", 1, term_to_binary_1),
    ("erlang", "term_to_binary", 2, term_to_binary_2),
    ("erlang", "term_to_iovec", 1, term_to_iovec_1),
    ("erlang", "term_to_iovec", 2, term_to_iovec_2),
    ("erlang", "binary_to_term", 1, binary_to_term_1),
    ("erlang", "binary_to_term", 2, binary_to_term_2),
    ("erlang", "external_size", 1, external_size_1),
    ("erlang", "external_size", 2, external_size_2),
    ("erlang", "phash", 2, phash_2),
    ("erlang", "phash2", 1, phash2_1),
    ("erlang", "phash2", 2, phash2_2),
    ("erlang", "md5", 1, md5),
    ("erlang", "iolist_to_iovec", 1, iolist_to_iovec),
    ("erlang", "crc32", 1, crc32_1),
    ("erlang", "crc32", 2, crc32_2),
    ("erlang", "crc32_combine", 3, crc32_combine_3),
    ("erlang", "adler32", 1, adler32_1),
    ("erlang", "adler32", 2, adler32_2),
    ("erlang", "adler32_combine", 3, adler32_combine_3),
];

#[cfg(test)]
mod tests {
    use super::super::erlang::test_support::{call, check, process};
    use super::*;

    // Expected values were returned by Erlang/OTP 25 (erts 13.1.5).

    #[test]
    fn term_to_binary_bytes_match_otp() {
        check(
            term_to_binary_1,
            "term_to_binary",
            &[
                (&["a"], "<<131,100,0,1,97>>"),
                (
                    &[
                        "{a,[1,2|x],<<1,2>>,<<5:3>>,1.5,-1,300,1180591620717411303424,-1180591620717411303424,\"abc\",[],{},2147483648,-2147483649}",
                    ],
                    "<<131,104,14,100,0,1,97,108,0,0,0,2,97,1,97,2,100,0,1,120,109,0,0,0,2,1,2,77,0,0,0,1,3,160,\
                     70,63,248,0,0,0,0,0,0,98,255,255,255,255,98,0,0,1,44,110,9,0,0,0,0,0,0,0,0,0,64,110,9,1,0,0,\
                     0,0,0,0,0,0,64,107,0,3,97,98,99,106,104,0,110,4,0,0,0,0,128,110,4,1,1,0,0,128>>",
                ),
            ],
        );
        check(
            term_to_binary_2,
            "term_to_binary",
            &[
                (&["a", "[compressed]"], "<<131,100,0,1,97>>"),
                (&["a", "[deterministic]"], "<<131,100,0,1,97>>"),
                (&["a", "[{minor_version,2}]"], "<<131,119,1,97>>"),
                (
                    &["1.5", "[{minor_version,0}]"],
                    "<<131,99,49,46,53,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,101,43,48,48,0,0,0,0,0>>",
                ),
                (&["a", "[{compressed,10}]"], "error:badarg"),
                (&["a", "[{compressed,-1}]"], "error:badarg"),
                (&["a", "[{compressed,0}]"], "<<131,100,0,1,97>>"),
                (&["a", "[{minor_version,3}]"], "error:badarg"),
                (&["a", "[{minor_version,-1}]"], "error:badarg"),
                (&["a", "[bad]"], "error:badarg"),
                (&["a", "[local]"], "error:badarg"),
                (&["a", "[{minor_version,1}|x]"], "error:badarg"),
                (&["a", "x"], "error:badarg"),
                (
                    &["a", "[deterministic,{deterministic,true}]"],
                    "error:badarg",
                ),
            ],
        );
    }

    #[test]
    fn compressed_term_round_trips() {
        let mut proc = process();
        let list = format!("[{}]", vec!["0"; 100].join(","));
        let compressed = call(&mut proc, term_to_binary_2, &[&list, "[compressed]"]);
        // OTP's zlib writes <<131,80,0,0,0,103,120,156,203,102,72,97,160,3,
        // 0,0,82,232,0,208>>; another zlib may choose other bytes.
        assert!(
            compressed.starts_with("<<131,80,0,0,0,103,120,156,"),
            "{compressed}"
        );
        let decoded = call(&mut proc, binary_to_term_1, &[&compressed]);
        assert_eq!(decoded, list);
        let otp = "<<131,80,0,0,0,103,120,156,203,102,72,97,160,3,0,0,82,232,0,208>>";
        assert_eq!(call(&mut proc, binary_to_term_1, &[otp]), list);
        let uncompressed = call(
            &mut proc,
            term_to_binary_2,
            &[&list, "[compressed,{compressed,0}]"],
        );
        assert!(
            uncompressed.starts_with("<<131,107,0,100,"),
            "{uncompressed}"
        );
    }

    #[test]
    fn deep_terms_encode_on_a_larger_stack() {
        let mut proc = process();
        let mut term = Term::NIL;
        for _ in 0..20_000 {
            term = heap::tuple(&mut proc.heap, &[term]);
        }
        let options = encode_options(Term::NIL).expect("no options");
        let bytes = term_to_bytes(term, options).expect("within the depth limit");
        // Each level is SMALL_TUPLE_EXT, arity 1: two bytes.
        assert_eq!(bytes.len(), 1 + 2 * 20_000 + 1);
        assert_eq!(&bytes[..3], &[131, 104, 1]);
        assert_eq!(nesting_depth(term, MAX_DEPTH), 20_000);
    }

    #[test]
    fn nesting_depth_counts_heads_not_tails() {
        let mut proc = process();
        let long: Vec<Term> = (0..5_000).map(Term::small_unchecked).collect();
        let flat = heap::list(&mut proc.heap, &long);
        assert_eq!(nesting_depth(flat, MAX_DEPTH), 1);
        let mut iolist = Term::NIL;
        for _ in 0..3 {
            iolist = heap::list(&mut proc.heap, &[iolist, Term::small_unchecked(1)]);
        }
        assert_eq!(nesting_depth(iolist, MAX_DEPTH), 3);
    }

    #[test]
    fn binary_to_term_options() {
        check(
            binary_to_term_1,
            "binary_to_term",
            &[
                (&["<<131,97,1,0>>"], "1"),
                (&["<<131,97>>"], "error:badarg"),
                (&["<<131,100,1,0,97>>"], "error:badarg"),
                (&["<<1:7>>"], "error:badarg"),
                (&["<<131,97,1,1:7>>"], "error:badarg"),
                (&["{}"], "error:badarg"),
            ],
        );
        check(
            binary_to_term_2,
            "binary_to_term",
            &[
                (&["<<131,97,1,0>>", "[used]"], "{1,3}"),
                (&["<<131,97,1,2>>", "[safe]"], "1"),
                (&["<<131,97,1>>", "[used|x]"], "error:badarg"),
                (&["<<131,97,1>>", "x"], "error:badarg"),
                (&["<<131,97,1>>", "[bad]"], "error:badarg"),
                (&["<<131,100,0,3,122,122,113>>", "[bad]"], "error:badarg"),
                (
                    &[
                        "<<131,119,12,110,111,95,115,117,99,104,95,97,116,111,109>>",
                        "[safe]",
                    ],
                    "error:badarg",
                ),
                (
                    &["<<131,104,2,100,0,1,97,100,0,2,111,107>>", "[safe]"],
                    "{a,ok}",
                ),
            ],
        );
    }

    #[test]
    fn external_size_options() {
        check(
            external_size_1,
            "external_size",
            &[(&["a"], "5"), (&["\"abc\""], "7")],
        );
        check(
            external_size_2,
            "external_size",
            &[
                (&["a", "[{minor_version,0}]"], "5"),
                (&["1.5", "[{minor_version,0}]"], "33"),
                (&["1.5", "[{minor_version,1}]"], "10"),
                (&["a", "[{minor_version,2}]"], "error:badarg"),
                (&["a", "[compressed]"], "error:badarg"),
                (&["a", "[deterministic]"], "error:badarg"),
                (&["a", "x"], "error:badarg"),
            ],
        );
    }

    #[test]
    fn checksum_bifs() {
        check(
            md5,
            "md5",
            &[
                (
                    &["\"abc\""],
                    "<<144,1,80,152,60,210,79,176,214,150,63,125,40,225,127,114>>",
                ),
                (&["x"], "error:badarg"),
            ],
        );
        check(crc32_1, "crc32", &[(&["[<<\"ab\">>,99]"], "891568578")]);
        check(
            crc32_2,
            "crc32",
            &[
                (&["123", "\"abc\""], "1837155955"),
                (&["-1", "\"a\""], "error:badarg"),
                (&["4294967296", "\"a\""], "error:badarg"),
            ],
        );
        check(
            crc32_combine_3,
            "crc32_combine",
            &[(&["1", "2", "3"], "29518389")],
        );
        check(adler32_1, "adler32", &[(&["\"abc\""], "38600999")]);
        check(
            adler32_2,
            "adler32",
            &[(&["123", "<<\"abc\">>"], "62587297")],
        );
        check(
            adler32_combine_3,
            "adler32_combine",
            &[(&["1", "2", "3"], "2")],
        );
    }

    #[test]
    fn crc32_matches_otp() {
        assert_eq!(crc32_update(0, b"abc"), 891_568_578);
        assert_eq!(crc32_update(123, b"abc"), 1_837_155_955);
        assert_eq!(crc32_update(0, b""), 0);
    }

    #[test]
    fn crc32_combine_matches_otp() {
        assert_eq!(crc32_combine(1, 2, 3), 29_518_389);
        let whole = crc32_update(0, b"hello world");
        let joined = crc32_combine(crc32_update(0, b"hello "), crc32_update(0, b"world"), 5);
        assert_eq!(joined, whole);
    }

    #[test]
    fn adler32_matches_otp() {
        assert_eq!(adler32_update(1, b"abc"), 38_600_999);
        assert_eq!(adler32_update(123, b"abc"), 62_587_297);
        assert_eq!(adler32_combine(1, 2, 3), 2);
        let long = vec![0xFFu8; 100_000];
        let whole = adler32_update(1, &long);
        let joined = adler32_combine(
            adler32_update(1, &long[..40_000]),
            adler32_update(1, &long[40_000..]),
            60_000,
        );
        assert_eq!(joined, whole);
    }
}
