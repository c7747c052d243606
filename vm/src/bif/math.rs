//! The `math` module: C's libm functions on floats, as OTP 25 exposes them.
//! OTP 25 has no `math:tau/0` (it arrived in OTP 26), so neither does this.
//!
//! Arguments may be integers or floats; any other term raises badarg. A
//! bignum too large for a float, and a result that is NaN or infinite
//! (`math:sqrt(-1)`, `math:log(0)`, `math:exp(1000)`), raise badarith.
//! The functions are the system libm's, as in OTP, so results agree with
//! OTP on the same C library bit for bit.

use crate::arith;
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::process::Process;
use crate::term::Term;

// SAFETY: these are the C99 functions of the system math library, which
// std links on every supported target. They take and return plain doubles,
// read no memory and are thread-safe.
unsafe extern "C" {
    safe fn sin(x: f64) -> f64;
    safe fn cos(x: f64) -> f64;
    safe fn tan(x: f64) -> f64;
    safe fn asin(x: f64) -> f64;
    safe fn acos(x: f64) -> f64;
    safe fn atan(x: f64) -> f64;
    safe fn atan2(y: f64, x: f64) -> f64;
    safe fn sinh(x: f64) -> f64;
    safe fn cosh(x: f64) -> f64;
    safe fn tanh(x: f64) -> f64;
    safe fn asinh(x: f64) -> f64;
    safe fn acosh(x: f64) -> f64;
    safe fn atanh(x: f64) -> f64;
    safe fn exp(x: f64) -> f64;
    safe fn log(x: f64) -> f64;
    safe fn log2(x: f64) -> f64;
    safe fn log10(x: f64) -> f64;
    safe fn pow(x: f64, y: f64) -> f64;
    safe fn sqrt(x: f64) -> f64;
    safe fn erf(x: f64) -> f64;
    safe fn erfc(x: f64) -> f64;
    safe fn ceil(x: f64) -> f64;
    safe fn floor(x: f64) -> f64;
    safe fn fmod(x: f64, y: f64) -> f64;
}

/// Converts an argument to a float: badarg for non-numbers, badarith for
/// a bignum beyond the float range.
fn argument(t: Term) -> Result<f64, Exception> {
    if let Some(f) = t.as_float() {
        return Ok(f);
    }
    if let Some(i) = t.as_small() {
        return Ok(i as f64);
    }
    if !t.is_bignum() {
        return Err(Exception::badarg());
    }
    arith::to_f64(t)
        .filter(|f| f.is_finite())
        .ok_or_else(Exception::badarith)
}

fn float_result(proc: &mut Process, value: f64) -> BifResult {
    if value.is_finite() {
        Ok(heap::float(&mut proc.heap, value))
    } else {
        Err(Exception::badarith())
    }
}

fn unary(proc: &mut Process, args: &[Term], f: extern "C" fn(f64) -> f64) -> BifResult {
    let x = argument(args[0])?;
    float_result(proc, f(x))
}

fn binary(proc: &mut Process, args: &[Term], f: extern "C" fn(f64, f64) -> f64) -> BifResult {
    let x = argument(args[0])?;
    let y = argument(args[1])?;
    float_result(proc, f(x, y))
}

/// Declares BIFs that apply a libm function to their arguments:
/// `name => function` for each.
macro_rules! libm_bifs {
    ($kind:ident: $($name:ident => $f:ident),* $(,)?) => {
        $(
            fn $name(proc: &mut Process, args: &[Term]) -> BifResult {
                $kind(proc, args, $f)
            }
        )*
    };
}

libm_bifs! { unary:
    math_sin => sin,
    math_cos => cos,
    math_tan => tan,
    math_asin => asin,
    math_acos => acos,
    math_atan => atan,
    math_sinh => sinh,
    math_cosh => cosh,
    math_tanh => tanh,
    math_asinh => asinh,
    math_acosh => acosh,
    math_atanh => atanh,
    math_exp => exp,
    math_log => log,
    math_log2 => log2,
    math_log10 => log10,
    math_sqrt => sqrt,
    math_erf => erf,
    math_erfc => erfc,
    math_ceil => ceil,
    math_floor => floor,
}

libm_bifs! { binary:
    math_atan2 => atan2,
    math_pow => pow,
    math_fmod => fmod,
}

fn pi(proc: &mut Process, _: &[Term]) -> BifResult {
    Ok(heap::float(&mut proc.heap, std::f64::consts::PI))
}

crate::bif_table![
    ("math", "sin", 1, math_sin),
    ("math", "cos", 1, math_cos),
    ("math", "tan", 1, math_tan),
    ("math", "asin", 1, math_asin),
    ("math", "acos", 1, math_acos),
    ("math", "atan", 1, math_atan),
    ("math", "atan2", 2, math_atan2),
    ("math", "sinh", 1, math_sinh),
    ("math", "cosh", 1, math_cosh),
    ("math", "tanh", 1, math_tanh),
    ("math", "asinh", 1, math_asinh),
    ("math", "acosh", 1, math_acosh),
    ("math", "atanh", 1, math_atanh),
    ("math", "exp", 1, math_exp),
    ("math", "log", 1, math_log),
    ("math", "log2", 1, math_log2),
    ("math", "log10", 1, math_log10),
    ("math", "pow", 2, math_pow),
    ("math", "sqrt", 1, math_sqrt),
    ("math", "erf", 1, math_erf),
    ("math", "erfc", 1, math_erfc),
    ("math", "ceil", 1, math_ceil),
    ("math", "floor", 1, math_floor),
    ("math", "fmod", 2, math_fmod),
    ("math", "pi", 0, pi),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libm_values() {
        assert_eq!(sqrt(4.0), 2.0);
        assert!(sqrt(-1.0).is_nan());
        assert_eq!(log(0.0), f64::NEG_INFINITY);
        assert_eq!(erf(0.0), 0.0);
        assert_eq!(erfc(0.0), 1.0);
        assert_eq!(fmod(7.0, 3.0), 1.0);
        assert_eq!(floor(-1.5), -2.0);
    }
}

#[cfg(test)]
mod bif_tests {
    use super::super::erlang::test_support::check;
    use super::*;

    // Expected outputs were printed by Erlang/OTP 25 (erts 13.1.5).

    #[test]
    fn domain_errors_raise_badarith() {
        check(
            math_sqrt,
            "sqrt",
            &[
                (&["4"], "2.0"),
                (&["-1"], "error:badarith"),
                (&["a"], "error:badarg"),
            ],
        );
        check(
            math_log,
            "log",
            &[(&["0"], "error:badarith"), (&["1.0"], "0.0")],
        );
        check(
            math_exp,
            "exp",
            &[(&["1000"], "error:badarith"), (&["0"], "1.0")],
        );
        check(
            math_pow,
            "pow",
            &[
                (&["2", "10"], "1024.0"),
                (&["0", "-1"], "error:badarith"),
                (&["-8", "0.5"], "error:badarith"),
            ],
        );
        check(math_acos, "acos", &[(&["2"], "error:badarith")]);
        check(math_floor, "floor", &[(&["-1.5"], "-2.0"), (&["3"], "3.0")]);
        check(
            math_fmod,
            "fmod",
            &[(&["7", "0"], "error:badarith"), (&["7.5", "2"], "1.5")],
        );
        check(math_erf, "erf", &[(&["0"], "0.0")]);
    }

    #[test]
    fn constants() {
        check(pi, "pi", &[(&[], "3.141592653589793")]);
    }
}
