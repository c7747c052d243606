//! Compiled regular expressions for the `re` module, shared by all
//! processes of all VMs in the host process.
//!
//! A compiled pattern is exposed to Erlang as plain data that can be sent,
//! stored and compared: `{re_pattern, Groups, Unicode, UseCrlf, Binary}`,
//! as in OTP, where `Binary` holds the pattern source and its compile
//! settings ([`encode`]). [`lookup`] turns such a binary, or a source and
//! settings, into a PCRE2 program through a bounded cache, so a pattern
//! that is used again is not recompiled. Callers treat a binary that
//! [`decode`] rejects as an invalid argument.

pub mod engine;
mod latin1;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

pub use engine::{CompileError, CompileSpec, Regex};

/// First bytes of every encoded pattern, with the format version.
const MAGIC: &[u8; 4] = b"CRE1";
const HEADER_LEN: usize = MAGIC.len() + 4 + 1 + 1;

/// Compile options that an encoded pattern may carry.
const ENCODABLE_OPTIONS: u32 = engine::PCRE2_ANCHORED
    | engine::PCRE2_CASELESS
    | engine::PCRE2_DOLLAR_ENDONLY
    | engine::PCRE2_DOTALL
    | engine::PCRE2_DUPNAMES
    | engine::PCRE2_EXTENDED
    | engine::PCRE2_FIRSTLINE
    | engine::PCRE2_MULTILINE
    | engine::PCRE2_NEVER_UTF
    | engine::PCRE2_NO_AUTO_CAPTURE
    | engine::PCRE2_NO_START_OPTIMIZE
    | engine::PCRE2_UCP
    | engine::PCRE2_UNGREEDY
    | engine::PCRE2_UTF;

/// Cache bounds. When either would be exceeded the cache is emptied,
/// which costs only recompilation.
const CACHE_MAX_ENTRIES: usize = 512;
const CACHE_MAX_BYTES: usize = 8 << 20;

/// Encodes a pattern source and its settings as the binary inside a
/// `re_pattern` tuple: the magic, the options (little-endian), the newline
/// and `\R` conventions, then the source bytes.
pub fn encode(pattern: &[u8], spec: &CompileSpec) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + pattern.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&spec.options.to_le_bytes());
    // Newline and bsr conventions are small PCRE2 constants (at most 6).
    out.push(spec.newline as u8);
    out.push(spec.bsr as u8);
    out.extend_from_slice(pattern);
    out
}

/// Splits an encoded pattern into its settings and source, or returns
/// `None` when the binary was not made by [`encode`].
pub fn decode(encoded: &[u8]) -> Option<(CompileSpec, &[u8])> {
    if encoded.len() < HEADER_LEN || &encoded[..MAGIC.len()] != MAGIC {
        return None;
    }
    let options = u32::from_le_bytes(encoded[4..8].try_into().ok()?);
    let newline = u32::from(encoded[8]);
    let bsr = u32::from(encoded[9]);
    let newline_ok = newline == 0
        || [
            engine::PCRE2_NEWLINE_CR,
            engine::PCRE2_NEWLINE_LF,
            engine::PCRE2_NEWLINE_CRLF,
            engine::PCRE2_NEWLINE_ANY,
            engine::PCRE2_NEWLINE_ANYCRLF,
            engine::PCRE2_NEWLINE_NUL,
        ]
        .contains(&newline);
    let bsr_ok = bsr == 0 || bsr == engine::PCRE2_BSR_ANYCRLF || bsr == engine::PCRE2_BSR_UNICODE;
    if options & !ENCODABLE_OPTIONS != 0 || !newline_ok || !bsr_ok {
        return None;
    }
    let spec = CompileSpec {
        options,
        newline,
        bsr,
    };
    Some((spec, &encoded[HEADER_LEN..]))
}

struct Cache {
    programs: HashMap<(CompileSpec, Vec<u8>), Arc<Regex>>,
    bytes: usize,
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| {
    Mutex::new(Cache {
        programs: HashMap::new(),
        bytes: 0,
    })
});

/// Returns the compiled program of `pattern` under `spec`, compiling it
/// on a cache miss. Compile errors are not cached.
pub fn lookup(pattern: &[u8], spec: &CompileSpec) -> Result<Arc<Regex>, CompileError> {
    let key = (*spec, pattern.to_vec());
    if let Some(found) = lock_cache().programs.get(&key) {
        return Ok(found.clone());
    }
    // Compiling outside the lock lets other schedulers match meanwhile; two
    // that miss on the same pattern both compile it, and one copy is kept.
    let regex = Arc::new(Regex::compile(pattern, spec)?);
    let mut cache = lock_cache();
    if cache.programs.len() >= CACHE_MAX_ENTRIES || cache.bytes + pattern.len() > CACHE_MAX_BYTES {
        cache.programs.clear();
        cache.bytes = 0;
    }
    if pattern.len() <= CACHE_MAX_BYTES {
        cache.bytes += pattern.len();
        cache.programs.insert(key, regex.clone());
    }
    Ok(regex)
}

fn lock_cache() -> std::sync::MutexGuard<'static, Cache> {
    // The cache holds no invariant a panicking holder could break halfway.
    CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        let spec = CompileSpec {
            options: engine::PCRE2_CASELESS | engine::PCRE2_UTF,
            newline: engine::PCRE2_NEWLINE_CRLF,
            bsr: engine::PCRE2_BSR_ANYCRLF,
        };
        let encoded = encode(b"a(b)c", &spec);
        assert_eq!(decode(&encoded), Some((spec, &b"a(b)c"[..])));
    }

    #[test]
    fn decode_rejects_foreign_binaries() {
        assert_eq!(decode(b""), None);
        assert_eq!(decode(b"ERCP0000000000"), None);
        let mut encoded = encode(b"a", &CompileSpec::default());
        encoded[8] = 99;
        assert_eq!(decode(&encoded), None);
        let mut encoded = encode(b"a", &CompileSpec::default());
        // PCRE2_AUTO_CALLOUT, which `re` never sets.
        encoded[4] |= 0x04;
        assert_eq!(decode(&encoded), None);
    }

    #[test]
    fn lookup_reuses_programs() {
        let spec = CompileSpec::default();
        let first = lookup(b"cache(d)?", &spec).unwrap();
        let second = lookup(b"cache(d)?", &spec).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(first.capture_count(), 1);
    }
}
