//! A safe wrapper over the PCRE2 library that `pcre2-sys` bundles: compile
//! a pattern once, then match it from any number of threads.
//!
//! Every `unsafe` call into PCRE2 is in this file. A [`Regex`] owns its
//! `pcre2_code` and frees it on drop; match data and match contexts live
//! only for one [`Regex::find`] call. PCRE2 documents compiled patterns,
//! JIT-compiled code included, as safe to share between threads once
//! compiled, which is what makes [`Regex`] `Send` and `Sync`.

use std::ptr::{self, NonNull};

use pcre2_sys as ffi;

pub use ffi::{
    PCRE2_ANCHORED, PCRE2_BSR_ANYCRLF, PCRE2_BSR_UNICODE, PCRE2_CASELESS, PCRE2_DOLLAR_ENDONLY,
    PCRE2_DOTALL, PCRE2_DUPNAMES, PCRE2_EXTENDED, PCRE2_FIRSTLINE, PCRE2_MULTILINE,
    PCRE2_NEVER_UTF, PCRE2_NEWLINE_ANY, PCRE2_NEWLINE_ANYCRLF, PCRE2_NEWLINE_CR,
    PCRE2_NEWLINE_CRLF, PCRE2_NEWLINE_LF, PCRE2_NEWLINE_NUL, PCRE2_NO_AUTO_CAPTURE,
    PCRE2_NO_START_OPTIMIZE, PCRE2_NO_UTF_CHECK, PCRE2_NOTBOL, PCRE2_NOTEMPTY,
    PCRE2_NOTEMPTY_ATSTART, PCRE2_NOTEOL, PCRE2_UCP, PCRE2_UNGREEDY, PCRE2_UTF,
};

/// Backtracking memory one match may use, in KiB. PCRE2's own default is
/// 20 GB, which would let one pathological match exhaust the host; a match
/// that needs more fails as if it had hit the recursion limit.
const HEAP_LIMIT_KIB: u32 = 256 * 1024;

/// Compile-time settings of a pattern: PCRE2 option bits and the newline
/// and `\R` conventions (0 for PCRE2's defaults, LF and Unicode).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CompileSpec {
    pub options: u32,
    pub newline: u32,
    pub bsr: u32,
}

/// A compile error: PCRE2's message and the byte offset in the pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub message: String,
    pub offset: usize,
}

/// One entry of a pattern's name table: a group name and its number.
/// PCRE2 sorts the table by name; duplicate names are adjacent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedGroup {
    pub name: Vec<u8>,
    pub group: usize,
}

/// Limits of one match. `None` keeps PCRE2's default of 10,000,000.
#[derive(Copy, Clone, Debug, Default)]
pub struct MatchLimits {
    pub match_limit: Option<u32>,
    pub depth_limit: Option<u32>,
}

/// The reason a match ended without a result.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum MatchError {
    /// The match limit was exceeded.
    MatchLimit,
    /// The depth limit or the backtracking memory limit was exceeded.
    DepthLimit,
    /// The subject is not valid UTF-8 for a UTF pattern.
    BadUtf,
    /// The start offset is past the subject or inside a UTF-8 character.
    BadOffset,
    /// Any other PCRE2 error code.
    Other(i32),
}

/// Byte ranges of a successful match: element 0 is the whole match, the
/// others the groups up to the highest one set. `None` is an unset group.
pub type Captures = Vec<Option<(usize, usize)>>;

/// A compiled pattern.
#[derive(Debug)]
pub struct Regex {
    code: NonNull<ffi::pcre2_code_8>,
    capture_count: usize,
    names: Vec<NamedGroup>,
    dupnames: bool,
    newline: u32,
}

// SAFETY: PCRE2 documents a compiled pattern as immutable and usable by
// several threads at once; all per-match state lives in match data that
// `find` creates for each call.
unsafe impl Send for Regex {}
// SAFETY: as for `Send`; no method mutates the pattern after `compile`.
unsafe impl Sync for Regex {}

impl Drop for Regex {
    fn drop(&mut self) {
        // SAFETY: `code` came from `pcre2_compile_8` and is freed only here.
        unsafe { ffi::pcre2_code_free_8(self.code.as_ptr()) }
    }
}

impl Regex {
    /// Compiles `pattern`, then JIT-compiles it when the platform allows.
    pub fn compile(pattern: &[u8], spec: &CompileSpec) -> Result<Regex, CompileError> {
        let mut error_code: i32 = 0;
        let mut error_offset: usize = 0;
        // SAFETY: a null general context selects malloc and free.
        let context = unsafe { ffi::pcre2_compile_context_create_8(ptr::null_mut()) };
        if context.is_null() {
            return Err(CompileError {
                message: "failed to allocate a compile context".into(),
                offset: 0,
            });
        }
        // SAFETY: `context` is a live compile context; PCRE2 rejects
        // values it does not know, and the callers pass only its constants.
        // The tables are static, so they outlive every pattern.
        unsafe {
            ffi::pcre2_set_character_tables_8(context, super::latin1::TABLES.as_ptr());
            if spec.newline != 0 {
                ffi::pcre2_set_newline_8(context, spec.newline);
            }
            if spec.bsr != 0 {
                ffi::pcre2_set_bsr_8(context, spec.bsr);
            }
        }
        // SAFETY: the pattern pointer and length describe a live slice,
        // the out-pointers are valid locals, and the context is freed
        // after use and never touched again.
        let code = unsafe {
            let code = ffi::pcre2_compile_8(
                pattern.as_ptr(),
                pattern.len(),
                spec.options,
                &mut error_code,
                &mut error_offset,
                context,
            );
            ffi::pcre2_compile_context_free_8(context);
            code
        };
        let Some(code) = NonNull::new(code) else {
            return Err(CompileError {
                message: error_message(error_code),
                offset: error_offset,
            });
        };
        // SAFETY: `code` is a freshly compiled pattern. A JIT failure
        // (no executable memory, unsupported CPU) leaves the interpreter
        // in use, so its result is deliberately ignored.
        unsafe {
            ffi::pcre2_jit_compile_8(code.as_ptr(), ffi::PCRE2_JIT_COMPLETE);
        }
        let mut regex = Regex {
            code,
            capture_count: 0,
            names: Vec::new(),
            dupnames: false,
            newline: 0,
        };
        regex.capture_count = regex.info_u32(ffi::PCRE2_INFO_CAPTURECOUNT) as usize;
        regex.dupnames = regex.info_u32(ffi::PCRE2_INFO_ALLOPTIONS) & PCRE2_DUPNAMES != 0;
        regex.newline = regex.info_u32(ffi::PCRE2_INFO_NEWLINE);
        regex.names = regex.read_name_table();
        Ok(regex)
    }

    /// Returns the number of capturing groups.
    pub fn capture_count(&self) -> usize {
        self.capture_count
    }

    /// Returns the name table in PCRE2's order (sorted by name).
    pub fn names(&self) -> &[NamedGroup] {
        &self.names
    }

    /// Returns `true` when the pattern was compiled with duplicate names.
    pub fn dupnames(&self) -> bool {
        self.dupnames
    }

    /// Returns the newline convention in effect (a `PCRE2_NEWLINE_*`).
    pub fn newline(&self) -> u32 {
        self.newline
    }

    fn info_u32(&self, what: u32) -> u32 {
        let mut value: u32 = 0;
        // SAFETY: every item this is called with stores a uint32_t.
        unsafe {
            ffi::pcre2_pattern_info_8(self.code.as_ptr(), what, (&mut value as *mut u32).cast());
        }
        value
    }

    fn read_name_table(&self) -> Vec<NamedGroup> {
        let count = self.info_u32(ffi::PCRE2_INFO_NAMECOUNT) as usize;
        if count == 0 {
            return Vec::new();
        }
        let entry_size = self.info_u32(ffi::PCRE2_INFO_NAMEENTRYSIZE) as usize;
        let mut table: *const u8 = ptr::null();
        // SAFETY: PCRE2_INFO_NAMETABLE stores a pointer into the pattern,
        // valid while the pattern lives.
        unsafe {
            ffi::pcre2_pattern_info_8(
                self.code.as_ptr(),
                ffi::PCRE2_INFO_NAMETABLE,
                (&mut table as *mut *const u8).cast(),
            );
        }
        if table.is_null() || entry_size < 3 {
            return Vec::new();
        }
        // SAFETY: the table has `count` entries of `entry_size` bytes each.
        let bytes = unsafe { std::slice::from_raw_parts(table, count * entry_size) };
        bytes
            .chunks_exact(entry_size)
            .map(|entry| {
                // Each entry is a big-endian group number, then the name
                // padded with NULs.
                let group = usize::from(entry[0]) << 8 | usize::from(entry[1]);
                let name = &entry[2..];
                let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
                NamedGroup {
                    name: name[..end].to_vec(),
                    group,
                }
            })
            .collect()
    }

    /// Matches from byte `offset` of `subject` with `PCRE2_*` match
    /// `options`. Returns `Ok(None)` when there is no match.
    pub fn find(
        &self,
        subject: &[u8],
        offset: usize,
        options: u32,
        limits: &MatchLimits,
    ) -> Result<Option<Captures>, MatchError> {
        // The JIT ignores the depth limit, so a caller who sets one gets
        // the interpreter, which honours it.
        let options = if limits.depth_limit.is_some() {
            options | ffi::PCRE2_NO_JIT
        } else {
            options
        };
        let result = self.find_once(subject, offset, options, limits);
        if result == Err(MatchError::Other(ffi::PCRE2_ERROR_JIT_STACKLIMIT)) {
            // The JIT stack is small and fixed; the interpreter grows its
            // backtracking memory on the heap up to `HEAP_LIMIT_KIB`.
            return self.find_once(subject, offset, options | ffi::PCRE2_NO_JIT, limits);
        }
        result
    }

    fn find_once(
        &self,
        subject: &[u8],
        offset: usize,
        options: u32,
        limits: &MatchLimits,
    ) -> Result<Option<Captures>, MatchError> {
        let matcher =
            Matcher::new(self, limits).ok_or(MatchError::Other(ffi::PCRE2_ERROR_NOMEMORY))?;
        // SAFETY: the subject pointer and length describe a live slice;
        // the match data was created for this pattern and the context is
        // live. PCRE2 checks `offset` against the length itself.
        let rc = unsafe {
            ffi::pcre2_match_8(
                self.code.as_ptr(),
                subject.as_ptr(),
                subject.len(),
                offset,
                options,
                matcher.data,
                matcher.context,
            )
        };
        if rc == ffi::PCRE2_ERROR_NOMATCH {
            return Ok(None);
        }
        if rc < 0 {
            return Err(match_error(rc));
        }
        // A match data block from the pattern always has room for every
        // group, so `rc` is never 0 here; it counts the pairs set.
        let pairs = (rc as usize).max(1);
        // SAFETY: the ovector has `capture_count + 1` pairs, at least
        // `pairs`, and stays valid until the match data is freed.
        let ovector = unsafe {
            let pointer = ffi::pcre2_get_ovector_pointer_8(matcher.data);
            std::slice::from_raw_parts(pointer, pairs * 2)
        };
        let captures = ovector
            .chunks_exact(2)
            .map(|pair| {
                if pair[0] == ffi::PCRE2_UNSET {
                    None
                } else {
                    // `\K` in a lookahead can end a match before its start;
                    // the length is then taken as zero.
                    Some((pair[0], pair[1].saturating_sub(pair[0])))
                }
            })
            .collect();
        Ok(Some(captures))
    }
}

/// The match data and match context of one match, freed on drop.
struct Matcher {
    data: *mut ffi::pcre2_match_data_8,
    context: *mut ffi::pcre2_match_context_8,
}

impl Matcher {
    fn new(regex: &Regex, limits: &MatchLimits) -> Option<Matcher> {
        // SAFETY: the pattern is live; a null general context selects
        // malloc and free.
        let data = unsafe {
            ffi::pcre2_match_data_create_from_pattern_8(regex.code.as_ptr(), ptr::null_mut())
        };
        // SAFETY: as above.
        let context = unsafe { ffi::pcre2_match_context_create_8(ptr::null_mut()) };
        let matcher = Matcher { data, context };
        if data.is_null() || context.is_null() {
            return None;
        }
        // SAFETY: `context` is a live match context.
        unsafe {
            ffi::pcre2_set_heap_limit_8(context, HEAP_LIMIT_KIB);
            if let Some(limit) = limits.match_limit {
                ffi::pcre2_set_match_limit_8(context, limit);
            }
            if let Some(limit) = limits.depth_limit {
                ffi::pcre2_set_depth_limit_8(context, limit);
            }
        }
        Some(matcher)
    }
}

impl Drop for Matcher {
    fn drop(&mut self) {
        // SAFETY: both pointers came from their create functions (or are
        // null, which the free functions accept) and are freed only here.
        unsafe {
            ffi::pcre2_match_data_free_8(self.data);
            ffi::pcre2_match_context_free_8(self.context);
        }
    }
}

fn match_error(rc: i32) -> MatchError {
    match rc {
        ffi::PCRE2_ERROR_MATCHLIMIT => MatchError::MatchLimit,
        ffi::PCRE2_ERROR_DEPTHLIMIT | ffi::PCRE2_ERROR_HEAPLIMIT => MatchError::DepthLimit,
        ffi::PCRE2_ERROR_BADOFFSET | ffi::PCRE2_ERROR_BADUTFOFFSET => MatchError::BadOffset,
        // PCRE2 numbers its 21 UTF-8 validity errors from -3 down to -23.
        -23..=-3 => MatchError::BadUtf,
        _ => MatchError::Other(rc),
    }
}

/// Returns PCRE2's text for an error code.
fn error_message(code: i32) -> String {
    let mut buffer = [0u8; 256];
    // SAFETY: the buffer is writable for its whole length, which is passed.
    let length = unsafe { ffi::pcre2_get_error_message_8(code, buffer.as_mut_ptr(), buffer.len()) };
    if length < 0 {
        return format!("unknown error ({code})");
    }
    String::from_utf8_lossy(&buffer[..length as usize]).into_owned()
}

/// Returns the PCRE2 version string, such as `10.46 2025-08-27`.
pub fn version() -> String {
    let mut buffer = [0u8; 64];
    // SAFETY: PCRE2_CONFIG_VERSION writes at most 24 code units, with a
    // terminating NUL, into the buffer.
    let length =
        unsafe { ffi::pcre2_config_8(ffi::PCRE2_CONFIG_VERSION, buffer.as_mut_ptr().cast()) };
    let length = usize::try_from(length).unwrap_or(0).saturating_sub(1);
    String::from_utf8_lossy(&buffer[..length.min(buffer.len())]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(pattern: &str, options: u32) -> Regex {
        let spec = CompileSpec {
            options,
            ..CompileSpec::default()
        };
        Regex::compile(pattern.as_bytes(), &spec).unwrap()
    }

    #[test]
    fn find_reports_groups_up_to_last_set() {
        let regex = compile("(a)(x)?(b)?", 0);
        let found = regex.find(b"zab", 0, 0, &MatchLimits::default()).unwrap();
        assert_eq!(
            found,
            Some(vec![Some((1, 2)), Some((1, 1)), None, Some((2, 1))])
        );
        let found = regex.find(b"za", 0, 0, &MatchLimits::default()).unwrap();
        assert_eq!(found, Some(vec![Some((1, 1)), Some((1, 1))]));
    }

    #[test]
    fn latin1_letters_are_word_characters() {
        let regex = compile("^\\w+$", PCRE2_CASELESS);
        let found = regex
            .find(b"caf\xe9", 0, 0, &MatchLimits::default())
            .unwrap();
        assert_eq!(found, Some(vec![Some((0, 4))]));
        let regex = compile("\\xe9", PCRE2_CASELESS);
        let found = regex.find(b"\xc9", 0, 0, &MatchLimits::default()).unwrap();
        assert_eq!(found, Some(vec![Some((0, 1))]));
    }

    #[test]
    fn find_returns_none_without_match() {
        let regex = compile("q", 0);
        assert_eq!(regex.find(b"abc", 0, 0, &MatchLimits::default()), Ok(None));
    }

    #[test]
    fn compile_error_has_offset() {
        let error = Regex::compile(b"ab(", &CompileSpec::default()).unwrap_err();
        assert_eq!(error.offset, 3);
        assert!(!error.message.is_empty());
    }

    #[test]
    fn name_table_is_sorted() {
        let regex = compile("(?<z>a)(?<b>c)", 0);
        let names: Vec<_> = regex
            .names()
            .iter()
            .map(|n| (n.name.clone(), n.group))
            .collect();
        assert_eq!(names, vec![(b"b".to_vec(), 2), (b"z".to_vec(), 1)]);
    }

    #[test]
    fn match_limit_is_reported() {
        let regex = compile("^(a+)+$", 0);
        let limits = MatchLimits {
            match_limit: Some(1000),
            depth_limit: None,
        };
        let subject = b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
        assert_eq!(
            regex.find(subject, 0, 0, &limits),
            Err(MatchError::MatchLimit)
        );
    }

    #[test]
    fn depth_limit_is_reported() {
        let regex = compile("^(a+)+$", 0);
        let limits = MatchLimits {
            match_limit: None,
            depth_limit: Some(5),
        };
        let subject = b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
        assert_eq!(
            regex.find(subject, 0, 0, &limits),
            Err(MatchError::DepthLimit)
        );
    }

    #[test]
    fn invalid_utf8_subject_is_rejected() {
        let regex = compile("a", PCRE2_UTF);
        assert_eq!(
            regex.find(b"\xff", 0, 0, &MatchLimits::default()),
            Err(MatchError::BadUtf)
        );
    }

    #[test]
    fn offset_past_end_is_rejected() {
        let regex = compile("a", 0);
        assert_eq!(
            regex.find(b"a", 2, 0, &MatchLimits::default()),
            Err(MatchError::BadOffset)
        );
    }

    #[test]
    fn version_names_pcre2() {
        assert!(version().starts_with("10."));
    }
}
