//! Erlang exceptions raised by guest code and BIFs.
//!
//! An [`Exception`] carries the class and the reason term as OTP raises
//! them. Reasons that need heap data (such as `{badmatch, V}`) are built on
//! the raising process's heap before the exception is returned, so an
//! exception is always two words and cheap to move.

use crate::atom::{self, Atom};
use crate::heap::{self, Alloc};
use crate::term::Term;

/// The class of an exception, as `try ... catch Class:Reason` sees it.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Class {
    Error,
    Exit,
    Throw,
}

impl Class {
    pub fn atom(self) -> Atom {
        match self {
            Class::Error => atom::ERROR,
            Class::Exit => atom::EXIT,
            Class::Throw => atom::THROW,
        }
    }

    pub fn from_atom(a: Atom) -> Option<Class> {
        match a {
            atom::ERROR => Some(Class::Error),
            atom::EXIT => Some(Class::Exit),
            atom::THROW => Some(Class::Throw),
            _ => None,
        }
    }
}

/// A raised exception.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Exception {
    pub class: Class,
    pub reason: Term,
    /// A stacktrace supplied by `erlang:raise/3`, or `NONE` to build one
    /// from the raising process's stack.
    pub stacktrace: Term,
    /// Arguments of the failing BIF call for the stacktrace's top entry,
    /// or `NONE`.
    pub args: Term,
}

/// Result of a BIF or a runtime helper.
pub type BifResult = Result<Term, Exception>;

impl Exception {
    #[cold]
    pub fn new(class: Class, reason: Term) -> Exception {
        Exception {
            class,
            reason,
            stacktrace: Term::NONE,
            args: Term::NONE,
        }
    }

    #[cold]
    pub fn error(reason: Term) -> Exception {
        Exception::new(Class::Error, reason)
    }

    #[cold]
    pub fn badarg() -> Exception {
        Exception::error(Term::atom(atom::BADARG))
    }

    #[cold]
    pub fn badarith() -> Exception {
        Exception::error(Term::atom(atom::BADARITH))
    }

    #[cold]
    pub fn system_limit() -> Exception {
        Exception::error(Term::atom(atom::SYSTEM_LIMIT))
    }

    /// Builds `error:{Tag, Value}`, the shape of badmatch, case_clause and
    /// their kin.
    #[cold]
    pub fn error_tuple(heap: &mut impl Alloc, tag: Atom, value: Term) -> Exception {
        Exception::error(heap::tuple(heap, &[Term::atom(tag), value]))
    }
}
