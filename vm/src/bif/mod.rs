//! Built-in functions: the native implementations of `erlang` and of the
//! other modules OTP implements natively.
//!
//! Each family of BIFs lives in its own file and lists itself in a `BIFS`
//! table of [`BifDef`]s. The loader resolves an import to a BIF when no
//! Erlang code defines that MFA, and `erlang:apply` finds BIFs the same way.

pub mod application;
pub mod atomics;
pub mod binary;
pub mod code;
pub mod docs;
pub mod erlang;
pub mod erlang_code;
pub mod erlang_external;
pub mod erlang_float_format;
pub mod erlang_numbers;
pub mod erlang_terms;
pub mod ets;
pub mod ets_select;
pub mod ets_table;
pub mod file;
pub mod file_info;
pub mod file_io;
pub mod format;
pub mod lists;
pub mod maps;
pub mod math;
pub mod md5_context;
pub mod memory;
pub mod monitors;
pub mod persistent_term;
pub mod process;
pub mod process_info;
pub mod re;
mod re_capture;
pub mod string;
pub mod system;
pub mod unicode;

use crate::exception::BifResult;
use crate::process::Process;
use crate::term::Term;

/// Native implementation of one `M:F/A`. `args` has exactly `A` terms.
pub type BifFn = fn(&mut Process, &[Term]) -> BifResult;

/// A BIF: its MFA, implementation and whether it may appear in guards.
#[derive(Copy, Clone, Debug)]
pub struct BifDef {
    pub module: &'static str,
    pub function: &'static str,
    pub arity: u32,
    pub f: BifFn,
    /// `true` for BIFs allowed in guards (they have no side effects).
    pub guard: bool,
}

/// Declares a table of BIFs: `bifs![("erlang", "abs", 1, abs, guard), ...]`.
#[macro_export]
macro_rules! bif_table {
    ($(($m:literal, $f:literal, $a:literal, $fun:path $(, $guard:ident)?)),* $(,)?) => {
        pub const BIFS: &[$crate::bif::BifDef] = &[$(
            $crate::bif::BifDef {
                module: $m,
                function: $f,
                arity: $a,
                f: $fun,
                guard: $crate::bif_table!(@guard $($guard)?),
            },
        )*];
    };
    (@guard guard) => { true };
    (@guard) => { false };
}

/// Returns the elements of a proper list, or `None` for anything else.
pub fn list_to_vec(mut list: Term) -> Option<Vec<Term>> {
    let mut items = Vec::new();
    while list.is_cons() {
        items.push(list.head());
        list = list.tail();
    }
    list.is_nil().then_some(items)
}

/// Returns the length of a proper list, or `None` for anything else.
pub fn list_length(mut list: Term) -> Option<usize> {
    let mut n = 0;
    while list.is_cons() {
        n += 1;
        list = list.tail();
    }
    list.is_nil().then_some(n)
}

/// Returns the characters of a string argument, a flat list of code
/// points, or `None` for anything else.
pub fn string_arg(t: Term) -> Option<String> {
    let chars = list_to_vec(t)?;
    chars
        .iter()
        .map(|c| {
            c.as_small()
                .and_then(|c| u32::try_from(c).ok())
                .and_then(char::from_u32)
        })
        .collect()
}

/// Returns the atom in `t`, or raises badarg.
pub fn expect_atom(t: Term) -> Result<crate::atom::Atom, crate::exception::Exception> {
    t.as_atom().ok_or_else(crate::exception::Exception::badarg)
}

/// Returns every BIF table in the crate, for the code server.
pub fn all() -> Vec<&'static [BifDef]> {
    vec![
        erlang::BIFS,
        erlang_code::BIFS,
        erlang_external::BIFS,
        erlang_numbers::BIFS,
        erlang_terms::BIFS,
        lists::BIFS,
        math::BIFS,
        unicode::BIFS,
        process::BIFS,
        monitors::BIFS,
        process_info::BIFS,
        system::BIFS,
        binary::BIFS,
        maps::BIFS,
        code::BIFS,
        string::BIFS,
        persistent_term::BIFS,
        atomics::BIFS,
        format::BIFS,
        application::BIFS,
        file::BIFS,
        file_info::BIFS,
        file_io::BIFS,
        ets::BIFS,
        ets_table::BIFS,
        ets_select::BIFS,
        re::BIFS,
        memory::BIFS,
        md5_context::BIFS,
    ]
}
