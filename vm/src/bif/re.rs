//! The native functions of OTP's `re` module: `version/0`, `compile/1,2`,
//! `run/2,3`, `internal_run/4` and `inspect/2`, on the PCRE2 engine of
//! [`crate::regex`]. OTP's own `re.beam` supplies the rest (`replace`,
//! `split`) on top of these.
//!
//! As OTP 25's C implementation does, the BIFs hand work to Erlang code in
//! `re.beam` by trapping: `run` with `global` continues in `re:grun/3`,
//! which loops over `re:internal_run/4`; a Unicode run whose subject or
//! pattern is not a binary (or that wants `list` values) continues in
//! `re:urun/3`; a Unicode compile of a list pattern continues in
//! `re:ucompile/2`. Those functions convert to UTF-8 binaries and call
//! back here.
//!
//! Differences from OTP 25 that a program can see: compile error messages
//! and offsets are PCRE2's (OTP 25 bundles PCRE 8.44), `version/0` names
//! the PCRE2 release, the binary inside a `re_pattern` tuple holds the
//! pattern source rather than PCRE's compiled code, and a match runs to
//! completion without yielding to other processes.

use crate::atom::Atom;
use crate::bits::{self, iolist};
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::process::{Process, Trap};
use crate::regex::engine::{self, MatchError, MatchLimits};
use crate::regex::{self, CompileSpec, Regex};
use crate::term::Term;

use super::re_capture::CaptureSpec;

crate::bif_table![
    ("re", "version", 0, version_0),
    ("re", "compile", 1, compile_1),
    ("re", "compile", 2, compile_2),
    ("re", "run", 2, run_2),
    ("re", "run", 3, run_3),
    ("re", "internal_run", 4, internal_run_4),
    ("re", "inspect", 2, inspect_2),
];

/// An option list parsed as OTP's `parse_options` does: compile settings,
/// match settings, and which kinds of option were present.
#[derive(Default)]
struct Options {
    compile: CompileSpec,
    match_options: u32,
    /// An option only `compile` accepts was given.
    has_compile_only: bool,
    /// An option only `run` accepts was given.
    has_run_only: bool,
    unicode: bool,
    global: bool,
    report_errors: bool,
    offset: usize,
    /// `(ValueSpec, Type)` of the last capture option.
    capture: Option<(Term, Term)>,
    limits: MatchLimits,
}

/// Parses a non-negative integer that fits a C int, as OTP requires of
/// offsets and limits.
fn c_int(term: Term) -> Option<u32> {
    let value = term.as_small()?;
    (0..=i64::from(i32::MAX))
        .contains(&value)
        .then_some(value as u32)
}

fn parse_options(mut list: Term) -> Result<Options, Exception> {
    let mut options = Options::default();
    while list.is_cons() {
        parse_option(&mut options, list.head()).ok_or_else(Exception::badarg)?;
        list = list.tail();
    }
    if !list.is_nil() {
        return Err(Exception::badarg());
    }
    Ok(options)
}

fn parse_option(options: &mut Options, item: Term) -> Option<()> {
    if item.is_tuple() {
        return parse_tuple_option(options, item);
    }
    let compile_only = match item.as_atom()?.name() {
        "anchored" => {
            options.compile.options |= engine::PCRE2_ANCHORED;
            options.match_options |= engine::PCRE2_ANCHORED;
            return Some(());
        }
        "bsr_anycrlf" => {
            options.compile.bsr = engine::PCRE2_BSR_ANYCRLF;
            return Some(());
        }
        "bsr_unicode" => {
            options.compile.bsr = engine::PCRE2_BSR_UNICODE;
            return Some(());
        }
        "notempty" => return run_only(options, engine::PCRE2_NOTEMPTY),
        "notempty_atstart" => return run_only(options, engine::PCRE2_NOTEMPTY_ATSTART),
        "notbol" => return run_only(options, engine::PCRE2_NOTBOL),
        "noteol" => return run_only(options, engine::PCRE2_NOTEOL),
        "report_errors" => {
            options.report_errors = true;
            return run_only(options, 0);
        }
        "global" => {
            options.global = true;
            return run_only(options, 0);
        }
        "unicode" => {
            options.unicode = true;
            engine::PCRE2_UTF
        }
        "no_start_optimize" => engine::PCRE2_NO_START_OPTIMIZE,
        "caseless" => engine::PCRE2_CASELESS,
        "dollar_endonly" => engine::PCRE2_DOLLAR_ENDONLY,
        "dotall" => engine::PCRE2_DOTALL,
        "extended" => engine::PCRE2_EXTENDED,
        "firstline" => engine::PCRE2_FIRSTLINE,
        "multiline" => engine::PCRE2_MULTILINE,
        "no_auto_capture" => engine::PCRE2_NO_AUTO_CAPTURE,
        "dupnames" => engine::PCRE2_DUPNAMES,
        "ungreedy" => engine::PCRE2_UNGREEDY,
        "ucp" => engine::PCRE2_UCP,
        "never_utf" => engine::PCRE2_NEVER_UTF,
        _ => return None,
    };
    options.compile.options |= compile_only;
    options.has_compile_only = true;
    Some(())
}

fn run_only(options: &mut Options, match_option: u32) -> Option<()> {
    options.match_options |= match_option;
    options.has_run_only = true;
    Some(())
}

fn parse_tuple_option(options: &mut Options, item: Term) -> Option<()> {
    let arity = item.tuple_arity()?;
    if arity == 0 {
        return None;
    }
    let key = item.element(0).as_atom()?.name();
    match (key, arity) {
        ("capture", 3) => options.capture = Some((item.element(1), item.element(2))),
        ("capture", 2) => {
            let index = Term::atom(Atom::from_static("index"));
            options.capture = Some((item.element(1), index));
        }
        ("offset", 2) => options.offset = c_int(item.element(1))? as usize,
        ("match_limit", 2) => options.limits.match_limit = Some(c_int(item.element(1))?),
        ("match_limit_recursion", 2) => options.limits.depth_limit = Some(c_int(item.element(1))?),
        ("newline", 2) => {
            options.compile.newline = match item.element(1).as_atom()?.name() {
                "cr" => engine::PCRE2_NEWLINE_CR,
                "crlf" => engine::PCRE2_NEWLINE_CRLF,
                "lf" => engine::PCRE2_NEWLINE_LF,
                "nul" => engine::PCRE2_NEWLINE_NUL,
                "anycrlf" => engine::PCRE2_NEWLINE_ANYCRLF,
                "any" => engine::PCRE2_NEWLINE_ANY,
                _ => return None,
            };
            return Some(());
        }
        _ => return None,
    }
    options.has_run_only = true;
    Some(())
}

fn is_binary(term: Term) -> bool {
    heap::bitstring(term).is_some_and(|slice| slice.is_binary())
}

/// Returns the bytes of a binary or iolist argument, or raises badarg.
fn iodata_bytes(term: Term) -> Result<Vec<u8>, Exception> {
    if let Some(bytes) = bits::binary_bytes(term) {
        return Ok(bytes.into_owned());
    }
    iolist::iolist_bytes(term).map_err(|_| Exception::badarg())
}

/// Continues the current call in Erlang code: `re:Function(Args...)`.
fn trap(proc: &mut Process, function: &str, args: &[Term]) -> BifResult {
    proc.x[..args.len()].copy_from_slice(args);
    proc.x_written = proc.x_written.max(args.len());
    let export = proc.vm.code.export(
        Atom::from_static("re"),
        Atom::from_static(function),
        args.len() as u32,
    );
    proc.trap = Some(Trap::Call(export));
    Ok(Term::NONE)
}

fn atom(name: &str) -> Term {
    Term::atom(Atom::from_static(name))
}

/// Builds `{re_pattern, Groups, Unicode, UseCrlf, Binary}` for a pattern
/// that compiled.
fn pattern_tuple(proc: &mut Process, regex: &Regex, source: &[u8], spec: &CompileSpec) -> Term {
    let unicode = spec.options & engine::PCRE2_UTF != 0;
    let crlf = matches!(
        regex.newline(),
        engine::PCRE2_NEWLINE_ANY | engine::PCRE2_NEWLINE_CRLF | engine::PCRE2_NEWLINE_ANYCRLF
    );
    let encoded = heap::binary(&mut proc.heap, &regex::encode(source, spec));
    heap::tuple(
        &mut proc.heap,
        &[
            atom("re_pattern"),
            Term::small_unchecked(regex.capture_count() as i64),
            Term::small_unchecked(i64::from(unicode)),
            Term::small_unchecked(i64::from(crlf)),
            encoded,
        ],
    )
}

/// Builds `{ErrorString, Offset}`.
fn compile_error_term(proc: &mut Process, error: &regex::CompileError) -> Term {
    let message = heap::char_list(&mut proc.heap, &error.message);
    let offset = Term::small_unchecked(error.offset as i64);
    heap::tuple(&mut proc.heap, &[message, offset])
}

/// Reads a `re_pattern` tuple, or returns `None` when `term` is not one
/// that [`pattern_tuple`] could have built.
fn precompiled(term: Term) -> Option<(CompileSpec, Vec<u8>, bool)> {
    if term.tuple_arity()? != 5 || term.element(0).as_atom()?.name() != "re_pattern" {
        return None;
    }
    let unicode = term.element(2).as_small()?;
    term.element(1).as_small()?;
    term.element(3).as_small()?;
    let encoded = bits::binary_bytes(term.element(4))?;
    let (spec, source) = regex::decode(&encoded)?;
    Some((spec, source.to_vec(), unicode != 0))
}

fn version_0(proc: &mut Process, _args: &[Term]) -> BifResult {
    Ok(heap::binary(&mut proc.heap, engine::version().as_bytes()))
}

fn compile_1(proc: &mut Process, args: &[Term]) -> BifResult {
    compile(proc, args[0], Term::NIL)
}

fn compile_2(proc: &mut Process, args: &[Term]) -> BifResult {
    compile(proc, args[0], args[1])
}

fn compile(proc: &mut Process, pattern: Term, option_list: Term) -> BifResult {
    let options = parse_options(option_list)?;
    if options.has_run_only {
        return Err(Exception::badarg());
    }
    if options.unicode && !is_binary(pattern) {
        return trap(proc, "ucompile", &[pattern, option_list]);
    }
    let source = iodata_bytes(pattern)?;
    match regex::lookup(&source, &options.compile) {
        Ok(regex) => {
            let tuple = pattern_tuple(proc, &regex, &source, &options.compile);
            Ok(heap::tuple(&mut proc.heap, &[atom("ok"), tuple]))
        }
        Err(error) => {
            let detail = compile_error_term(proc, &error);
            Ok(heap::tuple(&mut proc.heap, &[atom("error"), detail]))
        }
    }
}

fn run_2(proc: &mut Process, args: &[Term]) -> BifResult {
    run(proc, args[0], args[1], Term::NIL)
}

fn run_3(proc: &mut Process, args: &[Term]) -> BifResult {
    run(proc, args[0], args[1], args[2])
}

/// `re:internal_run/4`, which `re:grun/3` calls once per match. The fourth
/// argument tells OTP whether the subject's UTF-8 was already checked;
/// Cordon lets PCRE2 check it on every call, since skipping the check on
/// invalid input is undefined behaviour in PCRE2.
fn internal_run_4(proc: &mut Process, args: &[Term]) -> BifResult {
    if args[3]
        .as_atom()
        .is_none_or(|a| a.name() != "true" && a.name() != "false")
    {
        return Err(Exception::badarg());
    }
    run(proc, args[0], args[1], args[2])
}

fn run(proc: &mut Process, subject: Term, pattern: Term, option_list: Term) -> BifResult {
    let mut options = parse_options(option_list)?;
    let wants_list = options
        .capture
        .is_some_and(|(_, kind)| kind.as_atom().is_some_and(|a| a.name() == "list"));
    let (regex, source_subject) = if let Some((stored, source, unicode)) = precompiled(pattern) {
        if options.has_compile_only {
            return Err(Exception::badarg());
        }
        if unicode && (!is_binary(subject) || (wants_list && !options.global)) {
            return trap(proc, "urun", &[subject, pattern, option_list]);
        }
        if options.global {
            let state = heap::tuple(&mut proc.heap, &[option_list, atom("false")]);
            return trap(proc, "grun", &[subject, pattern, state]);
        }
        // PCRE 8 let run/3 override the newline and `\R` conventions of a
        // compiled pattern; the source is at hand, so compile that variant.
        let mut spec = stored;
        if options.compile.newline != 0 {
            spec.newline = options.compile.newline;
        }
        if options.compile.bsr != 0 {
            spec.bsr = options.compile.bsr;
        }
        let regex = regex::lookup(&source, &spec).map_err(|_| Exception::badarg())?;
        (regex, subject)
    } else {
        if !is_binary(pattern) && !pattern.is_cons() && !pattern.is_nil() {
            return Err(Exception::badarg());
        }
        if options.unicode
            && (!is_binary(pattern) || !is_binary(subject) || (wants_list && !options.global))
        {
            return trap(proc, "urun", &[subject, pattern, option_list]);
        }
        let source = iodata_bytes(pattern)?;
        let regex = match regex::lookup(&source, &options.compile) {
            Ok(regex) => regex,
            Err(error) if options.report_errors => {
                let detail = compile_error_term(proc, &error);
                let detail = heap::tuple(&mut proc.heap, &[atom("compile"), detail]);
                return Ok(heap::tuple(&mut proc.heap, &[atom("error"), detail]));
            }
            Err(_) => return Err(Exception::badarg()),
        };
        if options.global {
            let compiled = pattern_tuple(proc, &regex, &source, &options.compile);
            let clean = Term::boolean(options.has_compile_only);
            let state = heap::tuple(&mut proc.heap, &[option_list, clean, pattern]);
            return trap(proc, "grun", &[subject, compiled, state]);
        }
        (regex, subject)
    };
    let capture = match options.capture.take() {
        Some((values, kind)) => CaptureSpec::parse(values, kind, &regex)?,
        None => CaptureSpec::default(),
    };
    execute(proc, &regex, source_subject, &options, &capture)
}

/// Matches once and builds the result. The subject's bytes are borrowed
/// from its binary when it is one; nothing here can collect garbage.
fn execute(
    proc: &mut Process,
    regex: &Regex,
    subject: Term,
    options: &Options,
    capture: &CaptureSpec,
) -> BifResult {
    let (bytes, binary_term) = match bits::binary_bytes(subject) {
        Some(bytes) => (bytes, Some(subject)),
        None => (
            std::borrow::Cow::Owned(
                iolist::iolist_bytes(subject).map_err(|_| Exception::badarg())?,
            ),
            None,
        ),
    };
    if options.offset > bytes.len() {
        return Err(Exception::badarg());
    }
    match regex.find(
        &bytes,
        options.offset,
        options.match_options,
        &options.limits,
    ) {
        Ok(Some(captures)) => Ok(capture.result(&mut proc.heap, &captures, &bytes, binary_term)),
        Ok(None) => Ok(atom("nomatch")),
        Err(MatchError::MatchLimit) if options.report_errors => Ok(heap::tuple(
            &mut proc.heap,
            &[atom("error"), atom("match_limit")],
        )),
        Err(MatchError::DepthLimit) if options.report_errors => Ok(heap::tuple(
            &mut proc.heap,
            &[atom("error"), atom("match_limit_recursion")],
        )),
        Err(MatchError::MatchLimit | MatchError::DepthLimit) => Ok(atom("nomatch")),
        Err(MatchError::BadUtf | MatchError::BadOffset | MatchError::Other(_)) => {
            Err(Exception::badarg())
        }
    }
}

fn inspect_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let (spec, source, _) = precompiled(args[0]).ok_or_else(Exception::badarg)?;
    if args[1].as_atom().is_none_or(|a| a.name() != "namelist") {
        return Err(Exception::badarg());
    }
    let regex = regex::lookup(&source, &spec).map_err(|_| Exception::badarg())?;
    let mut names: Vec<&[u8]> = regex.names().iter().map(|n| n.name.as_slice()).collect();
    // Duplicate names are adjacent in PCRE2's sorted name table.
    names.dedup();
    let binaries: Vec<Term> = names
        .into_iter()
        .map(|name| heap::binary(&mut proc.heap, name))
        .collect();
    let list = heap::list(&mut proc.heap, &binaries);
    Ok(heap::tuple(&mut proc.heap, &[atom("namelist"), list]))
}
