//! Per-process call policies for the Cordon Erlang VM: seccomp-style
//! filters over `Module:Function/Arity`.
//!
//! A process carries a [`Stack`] of [`Policy`] layers and a flags byte
//! ([`flags`]) derived from it. The VM tests the flags byte before every
//! checked call, so a process without a policy pays one byte test. A
//! checked call must pass every layer; layers are only ever added, so a
//! process can tighten its own policy but never loosen it.
//!
//! The crate has no notion of terms or processes. It is generic over
//! the VM's atom type through [`AtomName`], takes specifications as
//! [`Value`] trees (built from an Erlang map or read from a policy file by
//! [`file::parse`]), and returns [`Verdict`]s that the VM enforces.

pub mod always;
pub mod audit;
pub mod file;
pub mod learn;
mod pattern;
mod policy;
mod stack;
mod value;

pub use always::{Class, classify};
pub use pattern::Pattern;
pub use policy::{Names, Policy, SpecError};
pub use stack::{Stack, Verdict};
pub use value::Value;

use std::fmt::Debug;
use std::hash::Hash;

/// The VM's atom type, as far as policies need it.
pub trait AtomName: Copy + Eq + Hash + Debug {
    /// Returns the atom's text.
    fn name(&self) -> &str;
}

/// Bits of the per-process flags byte.
pub mod flags {
    /// E: at least one policy layer is active.
    pub const ACTIVE: u8 = 1 << 0;
    /// M: at least one layer is an allowlist.
    pub const ALLOWLIST: u8 = 1 << 1;
    /// S: at least one layer forbids spawning.
    pub const NO_SPAWN: u8 = 1 << 2;
    /// I: at least one layer passes to children.
    pub const INHERIT: u8 = 1 << 3;
}

/// A called function: module, function name and arity.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Mfa<A> {
    pub module: A,
    pub function: A,
    pub arity: u32,
}

impl<A: AtomName> std::fmt::Display for Mfa<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}/{}",
            file::quote_atom(self.module.name()),
            file::quote_atom(self.function.name()),
            self.arity
        )
    }
}

/// Whether a layer lists what is permitted or what is forbidden.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Allow,
    Deny,
}

/// The response to a violation, ordered from the least to the most
/// restrictive, so that `max` picks the action that wins across layers.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Action {
    /// The call goes through and is recorded.
    Log,
    /// The caller gets `error:{policy_violation, {M, F, A}}`.
    Error,
    /// The process ends with reason `{policy_violation, {M, F, A}}`.
    Kill,
}

impl Action {
    /// Returns the name used in specifications and audit records.
    pub fn name(self) -> &'static str {
        match self {
            Action::Log => "log",
            Action::Error => "error",
            Action::Kill => "kill",
        }
    }
}

/// Who makes a call, which decides whether trusted modules apply.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Caller<A> {
    /// A static external call (`M:F(...)` with literal `M` and `F`) made
    /// by code of module `A`. `None` for code that may never be trusted.
    Static(Option<A>),
    /// A call whose target was chosen at run time: apply, a fun call, a
    /// spawn's initial call. Trusted modules never apply.
    Dynamic,
}

impl AtomName for &'static str {
    fn name(&self) -> &str {
        self
    }
}
