//! Fun entries and export entries: what closures and `fun M:F/A` terms
//! point at.
//!
//! Both live outside process heaps for as long as the VM runs, as in OTP,
//! so heap objects can hold raw pointers to them.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::atom::Atom;
use crate::heap::{self, Alloc};
use crate::term::{CodePtr, HeaderTag, Term};

/// One lambda of a loaded module, from its FunT chunk.
#[derive(Debug)]
pub struct FunEntry {
    pub module: Atom,
    /// The generated name of the function implementing the lambda, such as
    /// `'-main/0-fun-0-'`.
    pub function: Atom,
    /// Arity of the implementing function: the fun's own arity plus the
    /// number of free variables.
    pub arity: u32,
    pub num_free: u32,
    pub index: u32,
    pub old_uniq: u32,
    /// Entry point of the implementing function.
    pub code: CodePtr,
    /// Id of the last policy stack that permitted calls of this fun, or 0.
    pub permitted: AtomicU64,
}

impl FunEntry {
    /// Returns the arity a caller of the fun passes.
    pub fn fun_arity(&self) -> u32 {
        self.arity - self.num_free
    }
}

/// A function that can be called from other modules: an `M:F/A` with the
/// current address of its code.
#[derive(Debug)]
pub struct Export {
    pub module: Atom,
    pub function: Atom,
    pub arity: u32,
    /// The native implementation, when this MFA is a BIF. A BIF takes
    /// precedence over Erlang code of the same name, as in OTP.
    pub bif: Option<crate::bif::BifFn>,
    /// The class that call policies give calls to this function.
    pub class: cordon_guards::Class,
    /// Id of the last policy stack that permitted a call of this function
    /// chosen at run time (apply, an export fun), or 0.
    pub permitted: AtomicU64,
    /// Packed [`CodePtr`] of the current code (`module << 32 | index`), or
    /// [`Export::NOT_LOADED`] while no loaded module defines it.
    address: AtomicU64,
}

impl Export {
    pub const NOT_LOADED: u64 = u64::MAX;

    pub fn new(module: Atom, function: Atom, arity: u32, bif: Option<crate::bif::BifFn>) -> Export {
        Export {
            module,
            function,
            arity,
            bif,
            class: cordon_guards::classify(module.name(), function.name(), arity),
            permitted: AtomicU64::new(0),
            address: AtomicU64::new(Export::NOT_LOADED),
        }
    }

    /// Returns the code this export currently runs, if loaded.
    #[inline]
    pub fn code(&self) -> Option<CodePtr> {
        let packed = self.address.load(Ordering::Acquire);
        if packed == Export::NOT_LOADED {
            None
        } else {
            Some(CodePtr {
                module: (packed >> 32) as u32,
                index: packed as u32,
            })
        }
    }

    /// Points the export at new code, or at nothing with `None`.
    pub fn set_code(&self, code: Option<CodePtr>) {
        let packed = match code {
            Some(c) => ((c.module as u64) << 32) | c.index as u64,
            None => Export::NOT_LOADED,
        };
        self.address.store(packed, Ordering::Release);
    }
}

/// Builds a closure term over `entry` with the captured values `env`.
pub fn make_closure(
    heap: &mut impl Alloc,
    entry: &'static FunEntry,
    creator: Term,
    env: &[Term],
) -> Term {
    let (term, body) = heap::alloc_boxed(heap, HeaderTag::Fun, 2 + env.len());
    // SAFETY: the body has `2 + env.len()` words.
    unsafe {
        *body = entry as *const FunEntry as u64;
        *body.add(1) = creator.raw();
        for (i, v) in env.iter().enumerate() {
            *body.add(2 + i) = v.raw();
        }
    }
    term
}

/// Builds an export fun term `fun M:F/A`.
pub fn make_export_fun(heap: &mut impl Alloc, export: &'static Export) -> Term {
    let (term, body) = heap::alloc_boxed(heap, HeaderTag::Export, 1);
    // SAFETY: the body has one word.
    unsafe { *body = export as *const Export as u64 };
    term
}

/// Returns the fun entry of a closure term.
pub fn closure_entry(fun: Term) -> &'static FunEntry {
    debug_assert_eq!(fun.boxed_tag(), Some(HeaderTag::Fun));
    // SAFETY: word 0 of a Fun object is a pointer to a FunEntry, which is
    // never freed.
    unsafe { &*(fun.word(0) as *const FunEntry) }
}

/// Returns the captured values of a closure term.
pub fn closure_env<'a>(fun: Term) -> &'a [Term] {
    debug_assert_eq!(fun.boxed_tag(), Some(HeaderTag::Fun));
    let arity = fun.header().arity();
    // SAFETY: words 2.. of a Fun object are its environment terms. The
    // caller must not hold the slice across a garbage collection.
    unsafe { std::slice::from_raw_parts(fun.ptr().add(3) as *const Term, arity - 2) }
}

/// Returns the pid of the process that created a closure.
pub fn closure_creator(fun: Term) -> Term {
    fun.element(1)
}

/// Returns the export entry of an export fun term.
pub fn export_of(fun: Term) -> &'static Export {
    debug_assert_eq!(fun.boxed_tag(), Some(HeaderTag::Export));
    // SAFETY: word 0 of an Export object points at an Export, which is
    // never freed.
    unsafe { &*(fun.word(0) as *const Export) }
}
