//! Native term formatting for the `io_lib` module Cordon carries, which
//! replaces OTP's when no OTP installation is on the code path.
//!
//! - `cordon_native:format(Format, Args)`: `io_lib:format/2`.
//! - `cordon_native:write(Term, Depth, Encoding)`: `io_lib:write/2,3`.
//! - `cordon_native:print(Term, Column, LineLength, Depth)`:
//!   `io_lib:print/4`.
//! - `cordon_native:write_atom(Atom, Encoding)`: `io_lib:write_atom/1`
//!   and `io_lib:write_atom_as_latin1/1`.
//! - `cordon_native:chars_length(Chars)`: `io_lib:chars_length/1`.
//!
//! Each returns a flat list of characters and raises badarg on invalid
//! arguments; `io_lib` turns that into OTP's exceptions.

use crate::atom::{self, Atom};
use crate::exception::{BifResult, Exception};
use crate::format::{self, pretty, text};
use crate::heap;
use crate::print;
use crate::process::Process;
use crate::term::Term;

/// Builds a list of characters on the process heap, charging one
/// reduction per 16 characters.
fn char_list(proc: &mut Process, chars: &[u32]) -> Term {
    proc.reductions += (chars.len() / 16) as u64;
    let mut list = Term::NIL;
    for &c in chars.iter().rev() {
        list = heap::cons(&mut proc.heap, Term::small_unchecked(i64::from(c)), list);
    }
    list
}

/// Returns `true` for `unicode`, `false` for `latin1`.
fn encoding_arg(t: Term) -> Result<bool, Exception> {
    match t.as_atom() {
        Some(atom::LATIN1) => Ok(false),
        Some(a) if a == Atom::from_static("unicode") || a == Atom::from_static("utf8") => Ok(true),
        _ => Err(Exception::badarg()),
    }
}

fn integer_arg(t: Term) -> Result<i64, Exception> {
    t.as_small().ok_or_else(Exception::badarg)
}

fn format_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let chars = format::format(args[0], args[1]).map_err(|_| Exception::badarg())?;
    Ok(char_list(proc, &chars))
}

fn write_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let depth = integer_arg(args[1])?;
    let unicode = encoding_arg(args[2])?;
    let mut chars = Vec::new();
    format::write(&mut chars, args[0], depth, unicode);
    Ok(char_list(proc, &chars))
}

fn print_4(proc: &mut Process, args: &[Term]) -> BifResult {
    let options = pretty::Options {
        column: integer_arg(args[1])?,
        line_length: integer_arg(args[2])?,
        depth: integer_arg(args[3])?,
        unicode: false,
        strings: true,
    };
    if options.line_length < 0 {
        return Err(Exception::badarg());
    }
    let mut chars = Vec::new();
    pretty::print(&mut chars, args[0], &options);
    Ok(char_list(proc, &chars))
}

fn write_atom_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let atom = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let unicode = encoding_arg(args[1])?;
    let mut written = String::new();
    if unicode {
        print::write_atom_unicode(&mut written, atom.name());
    } else {
        print::write_atom(&mut written, atom.name());
    }
    let mut chars = Vec::new();
    text::push_str(&mut chars, &written);
    Ok(char_list(proc, &chars))
}

/// `io_lib:chars_length/1`: `iolist_size/1` of an iolist, else the number
/// of grapheme clusters of the characters.
fn chars_length_1(proc: &mut Process, args: &[Term]) -> BifResult {
    if let Ok(size) = crate::bits::iolist::iolist_size(args[0]) {
        return Ok(crate::bignum::from_u64(&mut proc.heap, size));
    }
    let chars = text::unicode_chars(args[0]).ok_or_else(Exception::badarg)?;
    let length = text::grapheme_count(&chars) as u64;
    Ok(crate::bignum::from_u64(&mut proc.heap, length))
}

crate::bif_table![
    ("cordon_native", "format", 2, format_2),
    ("cordon_native", "write", 3, write_3),
    ("cordon_native", "print", 4, print_4),
    ("cordon_native", "write_atom", 2, write_atom_2),
    ("cordon_native", "chars_length", 1, chars_length_1),
];

#[cfg(test)]
mod tests {
    use super::super::erlang::test_support::check;
    use super::*;

    #[test]
    fn format_returns_characters() {
        check(
            format_2,
            "format",
            &[
                (&["[126,119,33]", "[{a,1}]"], "[123,97,44,49,125,33]"),
                (&["[126,100]", "[1]"], "error:badarg"),
                (&["[126,119]", "[]"], "error:badarg"),
                (&["[97]", "[x]"], "error:badarg"),
                (&["abc", "[]"], "[97,98,99]"),
            ],
        );
    }

    #[test]
    fn write_and_print_take_options() {
        check(
            write_3,
            "write",
            &[
                (&["[1,2,3]", "2", "latin1"], "[91,49,124,46,46,46,93]"),
                (&["x", "-1", "foo"], "error:badarg"),
            ],
        );
        check(
            print_4,
            "print",
            &[
                (&["[104,105]", "1", "80", "-1"], "[34,104,105,34]"),
                (&["x", "1", "-1", "-1"], "error:badarg"),
            ],
        );
        check(
            write_atom_2,
            "write_atom",
            &[(&["'a b'", "latin1"], "[39,97,32,98,39]")],
        );
        check(
            chars_length_1,
            "chars_length",
            &[
                (&["[97,<<98,99>>]"], "3"),
                (&["[101,769,256]"], "2"),
                (&["foo"], "error:badarg"),
            ],
        );
    }
}
