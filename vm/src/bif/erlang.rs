//! The operators and guard BIFs of `erlang`: arithmetic, comparison and
//! boolean operators, type tests, and the term accessors allowed in guards.
//!
//! The compiler calls these through `bif` and `gc_bif` instructions, and
//! `apply` and funs such as `fun erlang:'+'/2` reach them as ordinary BIFs.
//! Each raises what OTP 25 raises: operators raise badarith on non-numbers,
//! and the named BIFs (`abs/1`, `float/1`, `element/2`, ...) raise badarg.

use std::cmp::Ordering;

use crate::arith;
use crate::atom;
use crate::compare;
use crate::exception::{BifResult, Exception};
use crate::fun;
use crate::heap;
use crate::process::Process;
use crate::term::{HeaderTag, Term};

// ---- arithmetic operators ----

fn add(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::add(&mut proc.heap, args[0], args[1])
}

fn sub(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::sub(&mut proc.heap, args[0], args[1])
}

fn mul(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::mul(&mut proc.heap, args[0], args[1])
}

fn fdiv(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::div(&mut proc.heap, args[0], args[1])
}

fn int_div(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::int_div(&mut proc.heap, args[0], args[1])
}

fn rem(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::rem(&mut proc.heap, args[0], args[1])
}

fn band(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::band(&mut proc.heap, args[0], args[1])
}

fn bor(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::bor(&mut proc.heap, args[0], args[1])
}

fn bxor(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::bxor(&mut proc.heap, args[0], args[1])
}

fn bsl(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::bsl(&mut proc.heap, args[0], args[1])
}

fn bsr(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::bsr(&mut proc.heap, args[0], args[1])
}

fn bnot(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::bnot(&mut proc.heap, args[0])
}

fn negate(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::neg(&mut proc.heap, args[0])
}

/// Unary plus, as compiled code computes it: `+(-0.0)` is `0.0`.
///
/// NOTE: OTP 25 has two behaviours here. Compiled `+X` (a `gc_bif`)
/// computes `X + 0`, while `erlang:apply(erlang, '+', [-0.0])` calls a C
/// function that returns `-0.0` unchanged. The interpreter runs `gc_bif`
/// through this table, so this follows compiled code.
fn plus(proc: &mut Process, args: &[Term]) -> BifResult {
    arith::plus(&mut proc.heap, args[0])
}

// ---- comparison operators ----

fn equal(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(compare::eq(args[0], args[1])))
}

fn not_equal(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(!compare::eq(args[0], args[1])))
}

fn exact_equal(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(compare::exact_eq(args[0], args[1])))
}

fn exact_not_equal(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(!compare::exact_eq(args[0], args[1])))
}

fn less(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(
        compare::compare(args[0], args[1]) == Ordering::Less,
    ))
}

fn greater(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(
        compare::compare(args[0], args[1]) == Ordering::Greater,
    ))
}

fn less_or_equal(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(
        compare::compare(args[0], args[1]) != Ordering::Greater,
    ))
}

fn greater_or_equal(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(
        compare::compare(args[0], args[1]) != Ordering::Less,
    ))
}

/// Returns the smaller term, or the first when they compare equal.
fn min(_: &mut Process, args: &[Term]) -> BifResult {
    if compare::compare(args[0], args[1]) == Ordering::Greater {
        Ok(args[1])
    } else {
        Ok(args[0])
    }
}

/// Returns the larger term, or the first when they compare equal.
fn max(_: &mut Process, args: &[Term]) -> BifResult {
    if compare::compare(args[0], args[1]) == Ordering::Less {
        Ok(args[1])
    } else {
        Ok(args[0])
    }
}

// ---- boolean operators ----

fn expect_boolean(t: Term) -> Result<bool, Exception> {
    match t.as_atom() {
        Some(atom::TRUE) => Ok(true),
        Some(atom::FALSE) => Ok(false),
        _ => Err(Exception::badarg()),
    }
}

fn and(_: &mut Process, args: &[Term]) -> BifResult {
    let (a, b) = (expect_boolean(args[0])?, expect_boolean(args[1])?);
    Ok(Term::boolean(a && b))
}

fn or(_: &mut Process, args: &[Term]) -> BifResult {
    let (a, b) = (expect_boolean(args[0])?, expect_boolean(args[1])?);
    Ok(Term::boolean(a || b))
}

fn xor(_: &mut Process, args: &[Term]) -> BifResult {
    let (a, b) = (expect_boolean(args[0])?, expect_boolean(args[1])?);
    Ok(Term::boolean(a != b))
}

fn not(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(!expect_boolean(args[0])?))
}

// ---- numeric guard BIFs ----

/// Runs a numeric conversion as a named BIF: non-numbers and results that
/// do not fit (`float(1 bsl 1100)`) raise badarg rather than badarith.
fn numeric(proc: &mut Process, arg: Term, f: fn(&mut heap::Heap, Term) -> BifResult) -> BifResult {
    if !arg.is_number() {
        return Err(Exception::badarg());
    }
    f(&mut proc.heap, arg).map_err(|_| Exception::badarg())
}

fn abs(proc: &mut Process, args: &[Term]) -> BifResult {
    numeric(proc, args[0], arith::abs)
}

fn float(proc: &mut Process, args: &[Term]) -> BifResult {
    numeric(proc, args[0], arith::float_of)
}

fn trunc(proc: &mut Process, args: &[Term]) -> BifResult {
    numeric(proc, args[0], arith::trunc)
}

fn round(proc: &mut Process, args: &[Term]) -> BifResult {
    numeric(proc, args[0], arith::round)
}

fn ceil(proc: &mut Process, args: &[Term]) -> BifResult {
    numeric(proc, args[0], arith::ceil)
}

fn floor(proc: &mut Process, args: &[Term]) -> BifResult {
    numeric(proc, args[0], arith::floor)
}

// ---- term accessors ----

/// Returns the length of a proper list, raising badarg on anything else.
fn length(proc: &mut Process, args: &[Term]) -> BifResult {
    let n = super::list_length(args[0]).ok_or_else(Exception::badarg)?;
    proc.reductions += (n / 16) as u64;
    Ok(Term::small_unchecked(n as i64))
}

fn hd(_: &mut Process, args: &[Term]) -> BifResult {
    if args[0].is_cons() {
        Ok(args[0].head())
    } else {
        Err(Exception::badarg())
    }
}

fn tl(_: &mut Process, args: &[Term]) -> BifResult {
    if args[0].is_cons() {
        Ok(args[0].tail())
    } else {
        Err(Exception::badarg())
    }
}

/// Returns the 0-based position named by a 1-based index term, when it
/// is within `1..=arity`.
pub(crate) fn tuple_index(index: Term, arity: usize) -> Option<usize> {
    let i = index.as_small()?;
    (1..=arity as i64).contains(&i).then(|| (i - 1) as usize)
}

fn element(_: &mut Process, args: &[Term]) -> BifResult {
    let arity = args[1].tuple_arity().ok_or_else(Exception::badarg)?;
    let i = tuple_index(args[0], arity).ok_or_else(Exception::badarg)?;
    Ok(args[1].element(i))
}

fn tuple_size(_: &mut Process, args: &[Term]) -> BifResult {
    let arity = args[0].tuple_arity().ok_or_else(Exception::badarg)?;
    Ok(Term::small_unchecked(arity as i64))
}

/// Returns the arity of a tuple or the number of whole bytes of a
/// bitstring.
fn size(_: &mut Process, args: &[Term]) -> BifResult {
    if let Some(arity) = args[0].tuple_arity() {
        return Ok(Term::small_unchecked(arity as i64));
    }
    let bits = heap::bitstring(args[0]).ok_or_else(Exception::badarg)?;
    Ok(Term::small_unchecked((bits.bit_size / 8) as i64))
}

// ---- type tests ----

fn is_atom(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_atom()))
}

fn is_binary(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(
        heap::bitstring(args[0]).is_some_and(|b| b.is_binary()),
    ))
}

fn is_bitstring(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_bitstring()))
}

fn is_boolean(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(expect_boolean(args[0]).is_ok()))
}

fn is_float(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_float()))
}

fn is_integer(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_integer()))
}

fn is_number(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_number()))
}

fn is_list(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_list()))
}

fn is_tuple(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_tuple()))
}

fn is_map(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_map()))
}

fn is_pid(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_pid()))
}

fn is_port(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_port()))
}

fn is_reference(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_reference()))
}

fn is_function_1(_: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_function()))
}

/// Returns the arity callers pass to a fun, or `None` for other terms.
pub(crate) fn fun_arity(f: Term) -> Option<u32> {
    match f.boxed_tag()? {
        HeaderTag::Fun => Some(fun::closure_entry(f).fun_arity()),
        HeaderTag::Export => Some(fun::export_of(f).arity),
        _ => None,
    }
}

/// `is_function(Term, Arity)`: the arity must be a non-negative integer,
/// whatever the term is. A bignum arity is valid but matches no fun.
fn is_function_2(_: &mut Process, args: &[Term]) -> BifResult {
    let arity = args[1];
    let expected = match arity.as_small() {
        Some(a) if a >= 0 => Some(a),
        Some(_) => return Err(Exception::badarg()),
        None if arity.boxed_tag() == Some(HeaderTag::PosBig) => None,
        None => return Err(Exception::badarg()),
    };
    let matches = match (fun_arity(args[0]), expected) {
        (Some(actual), Some(expected)) => i64::from(actual) == expected,
        _ => false,
    };
    Ok(Term::boolean(matches))
}

/// `is_record(Term, Tag)`: the tag must be an atom.
fn is_record_2(_: &mut Process, args: &[Term]) -> BifResult {
    if !args[1].is_atom() {
        return Err(Exception::badarg());
    }
    let tagged = args[0]
        .tuple_arity()
        .is_some_and(|arity| arity >= 1 && args[0].element(0) == args[1]);
    Ok(Term::boolean(tagged))
}

/// `is_record(Term, Tag, Size)`: the tag must be an atom and the size a
/// small integer.
fn is_record_3(_: &mut Process, args: &[Term]) -> BifResult {
    let size = args[2].as_small().ok_or_else(Exception::badarg)?;
    if !args[1].is_atom() {
        return Err(Exception::badarg());
    }
    let tagged = args[0]
        .tuple_arity()
        .is_some_and(|arity| arity >= 1 && arity as i64 == size && args[0].element(0) == args[1]);
    Ok(Term::boolean(tagged))
}

crate::bif_table![
    ("erlang", "+", 2, add, guard),
    ("erlang", "-", 2, sub, guard),
    ("erlang", "*", 2, mul, guard),
    ("erlang", "/", 2, fdiv, guard),
    ("erlang", "div", 2, int_div, guard),
    ("erlang", "rem", 2, rem, guard),
    ("erlang", "band", 2, band, guard),
    ("erlang", "bor", 2, bor, guard),
    ("erlang", "bxor", 2, bxor, guard),
    ("erlang", "bsl", 2, bsl, guard),
    ("erlang", "bsr", 2, bsr, guard),
    ("erlang", "bnot", 1, bnot, guard),
    ("erlang", "-", 1, negate, guard),
    ("erlang", "+", 1, plus, guard),
    ("erlang", "==", 2, equal, guard),
    ("erlang", "/=", 2, not_equal, guard),
    ("erlang", "=:=", 2, exact_equal, guard),
    ("erlang", "=/=", 2, exact_not_equal, guard),
    ("erlang", "<", 2, less, guard),
    ("erlang", ">", 2, greater, guard),
    ("erlang", "=<", 2, less_or_equal, guard),
    ("erlang", ">=", 2, greater_or_equal, guard),
    ("erlang", "and", 2, and, guard),
    ("erlang", "or", 2, or, guard),
    ("erlang", "xor", 2, xor, guard),
    ("erlang", "not", 1, not, guard),
    ("erlang", "min", 2, min, guard),
    ("erlang", "max", 2, max, guard),
    ("erlang", "abs", 1, abs, guard),
    ("erlang", "float", 1, float, guard),
    ("erlang", "trunc", 1, trunc, guard),
    ("erlang", "round", 1, round, guard),
    ("erlang", "ceil", 1, ceil, guard),
    ("erlang", "floor", 1, floor, guard),
    ("erlang", "length", 1, length, guard),
    ("erlang", "hd", 1, hd, guard),
    ("erlang", "tl", 1, tl, guard),
    ("erlang", "element", 2, element, guard),
    ("erlang", "tuple_size", 1, tuple_size, guard),
    ("erlang", "size", 1, size, guard),
    ("erlang", "is_atom", 1, is_atom, guard),
    ("erlang", "is_binary", 1, is_binary, guard),
    ("erlang", "is_bitstring", 1, is_bitstring, guard),
    ("erlang", "is_boolean", 1, is_boolean, guard),
    ("erlang", "is_float", 1, is_float, guard),
    ("erlang", "is_function", 1, is_function_1, guard),
    ("erlang", "is_function", 2, is_function_2, guard),
    ("erlang", "is_integer", 1, is_integer, guard),
    ("erlang", "is_list", 1, is_list, guard),
    ("erlang", "is_map", 1, is_map, guard),
    ("erlang", "is_number", 1, is_number, guard),
    ("erlang", "is_pid", 1, is_pid, guard),
    ("erlang", "is_port", 1, is_port, guard),
    ("erlang", "is_record", 2, is_record_2, guard),
    ("erlang", "is_record", 3, is_record_3, guard),
    ("erlang", "is_reference", 1, is_reference, guard),
    ("erlang", "is_tuple", 1, is_tuple, guard),
];

/// Helpers for the BIF tests: a process on a VM whose code server has every
/// BIF, and calls written with Erlang terms as `erl` prints them.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::bif::BifFn;
    use crate::bits::test_terms::{parse, show};
    use crate::code::CodeServer;
    use crate::process::Process;
    use crate::term::Term;
    use crate::vm::Vm;

    pub(crate) fn process() -> Box<Process> {
        let code = CodeServer::new(&crate::bif::all(), &[]);
        Process::new(1, Vm::new(code), Term::NIL)
    }

    /// Calls `f` with arguments in Erlang syntax. Returns the result as
    /// `~w` prints it, or `Class:Reason` for an exception.
    pub(crate) fn call(proc: &mut Process, f: BifFn, args: &[&str]) -> String {
        let terms: Vec<Term> = args.iter().map(|a| parse(&mut proc.heap, a)).collect();
        match f(proc, &terms) {
            Ok(t) => show(t),
            Err(e) => format!("{}:{}", e.class.atom(), show(e.reason)),
        }
    }

    /// Checks `f` on a table of `(arguments, expected output)` cases.
    pub(crate) fn check(f: BifFn, name: &str, cases: &[(&[&str], &str)]) {
        let mut proc = process();
        for (args, expected) in cases {
            assert_eq!(
                call(&mut proc, f, args),
                *expected,
                "{name}({})",
                args.join(", ")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::check;
    use super::*;

    // Expected outputs were printed by Erlang/OTP 25 (erts 13.1.5) calling
    // each BIF through erlang:apply/3.

    #[test]
    fn named_numeric_bifs_raise_badarg() {
        for f in [abs, float, trunc, round, ceil, floor] {
            check(f, "numeric", &[(&["foo"], "error:badarg")]);
        }
        check(
            float,
            "float",
            &[(&["1180591620717411303424"], "1.1805916207174113e21")],
        );
    }

    #[test]
    fn unary_plus() {
        check(
            plus,
            "'+'",
            &[
                (&["1.5"], "1.5"),
                (&["7"], "7"),
                (&["-0.0"], "0.0"),
                (&["a"], "error:badarith"),
            ],
        );
    }

    #[test]
    fn boolean_operators() {
        check(
            and,
            "'and'",
            &[
                (&["true", "false"], "false"),
                (&["true", "1"], "error:badarg"),
                (&["1", "true"], "error:badarg"),
            ],
        );
        check(
            or,
            "'or'",
            &[
                (&["false", "true"], "true"),
                (&["false", "x"], "error:badarg"),
            ],
        );
        check(
            xor,
            "'xor'",
            &[(&["true", "false"], "true"), (&["true", "true"], "false")],
        );
        check(
            not,
            "'not'",
            &[(&["false"], "true"), (&["1"], "error:badarg")],
        );
    }

    #[test]
    fn min_max_return_first_when_equal() {
        check(
            min,
            "min",
            &[
                (&["1", "1.0"], "1"),
                (&["1.0", "1"], "1.0"),
                (&["2", "1"], "1"),
            ],
        );
        check(
            max,
            "max",
            &[
                (&["1", "1.0"], "1"),
                (&["1.0", "1"], "1.0"),
                (&["a", "1"], "a"),
            ],
        );
    }

    #[test]
    fn comparisons() {
        check(
            equal,
            "'=='",
            &[(&["1", "1.0"], "true"), (&["a", "b"], "false")],
        );
        check(
            exact_equal,
            "'=:='",
            &[(&["1", "1.0"], "false"), (&["{a,[1]}", "{a,[1]}"], "true")],
        );
        check(
            less,
            "'<'",
            &[(&["1", "a"], "true"), (&["{b}", "{a,a}"], "true")],
        );
        check(greater_or_equal, "'>='", &[(&["1.0", "1"], "true")]);
    }

    #[test]
    fn term_accessors() {
        check(
            length,
            "length",
            &[
                (&["[1,2,3]"], "3"),
                (&["[1|2]"], "error:badarg"),
                (&["[]"], "0"),
            ],
        );
        check(hd, "hd", &[(&["[1,2]"], "1"), (&["[]"], "error:badarg")]);
        check(tl, "tl", &[(&["[1,2]"], "[2]"), (&["[]"], "error:badarg")]);
        check(
            element,
            "element",
            &[
                (&["2", "{a,b}"], "b"),
                (&["0", "{a}"], "error:badarg"),
                (&["1.0", "{a}"], "error:badarg"),
                (&["1", "x"], "error:badarg"),
            ],
        );
        check(
            tuple_size,
            "tuple_size",
            &[(&["{a,b}"], "2"), (&["[]"], "error:badarg")],
        );
        check(
            size,
            "size",
            &[
                (&["<<1:9>>"], "1"),
                (&["{}"], "0"),
                (&["[]"], "error:badarg"),
            ],
        );
    }

    #[test]
    fn type_tests() {
        check(
            is_binary,
            "is_binary",
            &[(&["<<1>>"], "true"), (&["<<1:7>>"], "false")],
        );
        check(
            is_bitstring,
            "is_bitstring",
            &[(&["<<1:7>>"], "true"), (&["[]"], "false")],
        );
        check(
            is_boolean,
            "is_boolean",
            &[(&["true"], "true"), (&["ok"], "false")],
        );
        check(
            is_integer,
            "is_integer",
            &[(&["1180591620717411303424"], "true"), (&["1.0"], "false")],
        );
        check(
            is_number,
            "is_number",
            &[(&["1.0"], "true"), (&["a"], "false")],
        );
        check(
            is_list,
            "is_list",
            &[
                (&["[]"], "true"),
                (&["[a|b]"], "true"),
                (&["<<>>"], "false"),
            ],
        );
    }

    #[test]
    fn is_function_2_checks_arity_argument() {
        check(
            is_function_2,
            "is_function",
            &[
                (&["x", "-1"], "error:badarg"),
                (&["x", "a"], "error:badarg"),
                (&["x", "1"], "false"),
                (&["x", "1180591620717411303424"], "false"),
                (&["x", "-1180591620717411303424"], "error:badarg"),
            ],
        );
    }

    #[test]
    fn is_record_checks_tag_and_size() {
        check(
            is_record_2,
            "is_record",
            &[
                (&["{a,b}", "a"], "true"),
                (&["{a,b}", "1"], "error:badarg"),
                (&["{}", "a"], "false"),
                (&["x", "1"], "error:badarg"),
            ],
        );
        check(
            is_record_3,
            "is_record",
            &[
                (&["{a,b}", "a", "2"], "true"),
                (&["{a,b}", "a", "x"], "error:badarg"),
                (&["{a,b}", "1", "2"], "error:badarg"),
                (&["x", "1", "2"], "error:badarg"),
                (&["{a,b}", "a", "-1"], "false"),
                (&["{a,b}", "a", "1180591620717411303424"], "error:badarg"),
            ],
        );
    }
}
