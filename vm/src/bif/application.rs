//! Application environment variables: `application:get_env/1,2,3`,
//! `get_all_env/0,1`, `set_env/1,2,3,4` and `unset_env/2,3`, kept in one
//! VM-wide table instead of OTP's application controller and its ETS table.
//!
//! Cordon starts no applications, so no process belongs to one: the forms
//! without an application name return `undefined` and `[]`, as OTP does
//! for a process outside every application. Values live in fragments the
//! table owns and are copied into the reader's heap, so replacing a value
//! frees its fragment at once.

use std::sync::Mutex;

use super::list_to_vec;
use crate::atom::{self, Atom};
use crate::compare;
use crate::copy;
use crate::exception::{BifResult, Exception};
use crate::heap::{self, Fragment};
use crate::policy;
use crate::process::Process;
use crate::term::Term;

/// The environment of every application, in the order keys were first set.
#[derive(Default)]
pub struct AppEnv {
    entries: Mutex<Vec<EnvEntry>>,
}

struct EnvEntry {
    application: Term,
    key: Term,
    value: Term,
    _fragment: Fragment,
}

// SAFETY: an entry's terms point only into its own fragment, which the
// table owns and never mutates after storing.
unsafe impl Send for EnvEntry {}

impl std::fmt::Debug for AppEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppEnv").finish_non_exhaustive()
    }
}

impl AppEnv {
    fn set(&self, application: Term, key: Term, value: Term) {
        let size = copy::size_of(application) + copy::size_of(key) + copy::size_of(value);
        let mut fragment = Fragment::with_capacity(size);
        let entry = EnvEntry {
            application: copy::copy(&mut fragment, application),
            key: copy::copy(&mut fragment, key),
            value: copy::copy(&mut fragment, value),
            _fragment: fragment,
        };
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.iter().position(|e| matches(e, application, key)) {
            Some(i) => entries[i] = entry,
            None => entries.push(entry),
        }
    }

    fn unset(&self, application: Term, key: Term) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|e| !matches(e, application, key));
    }

    /// Copies the value of `key` into `heap`.
    fn get(&self, application: Term, key: Term, heap: &mut crate::heap::Heap) -> Option<Term> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries.iter().find(|e| matches(e, application, key))?;
        Some(copy::copy(heap, entry.value))
    }

    /// Copies every `{Key, Value}` of `application` into `heap`.
    fn all(&self, application: Term, heap: &mut crate::heap::Heap) -> Vec<Term> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .filter(|e| compare::exact_eq(e.application, application))
            .map(|e| {
                let key = copy::copy(heap, e.key);
                let value = copy::copy(heap, e.value);
                heap::tuple(heap, &[key, value])
            })
            .collect()
    }
}

fn matches(entry: &EnvEntry, application: Term, key: Term) -> bool {
    compare::exact_eq(entry.application, application) && compare::exact_eq(entry.key, key)
}

fn mfa(function: &'static str, arity: u32) -> policy::Mfa {
    policy::Mfa {
        module: Atom::from_static("application"),
        function: Atom::from_static(function),
        arity,
    }
}

/// Judges a change of the environment, which every process reads.
fn check_change(proc: &mut Process, function: &'static str, arity: u32) -> Result<(), Exception> {
    if proc.policy_flags == 0 {
        return Ok(());
    }
    policy::check_global_change(proc, mfa(function, arity))
}

/// Judges reading a value that holds pids, references or funs another
/// process stored, as pid forging.
fn check_read(
    proc: &mut Process,
    value: Term,
    function: &'static str,
    arity: u32,
) -> Result<(), Exception> {
    if proc.policy_flags != 0 && policy::holds_capability(value) {
        policy::check_forge(proc, mfa(function, arity))?;
    }
    Ok(())
}

fn get_env_1(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::atom(atom::UNDEFINED))
}

fn get_env_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let vm = proc.vm.clone();
    match vm.app_env.get(args[0], args[1], &mut proc.heap) {
        Some(value) => {
            check_read(proc, value, "get_env", 2)?;
            Ok(heap::tuple(&mut proc.heap, &[Term::atom(atom::OK), value]))
        }
        None => Ok(Term::atom(atom::UNDEFINED)),
    }
}

fn get_env_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let vm = proc.vm.clone();
    match vm.app_env.get(args[0], args[1], &mut proc.heap) {
        Some(value) => {
            check_read(proc, value, "get_env", 3)?;
            Ok(value)
        }
        None => Ok(args[2]),
    }
}

fn get_all_env_0(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::NIL)
}

fn get_all_env_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let vm = proc.vm.clone();
    let pairs = vm.app_env.all(args[0], &mut proc.heap);
    let list = heap::list(&mut proc.heap, &pairs);
    check_read(proc, list, "get_all_env", 1)?;
    Ok(list)
}

/// Reads the options of set_env/4 and unset_env/3: a list of `{timeout,
/// T}` and `{persistent, Bool}`, or a timeout alone. Neither changes what
/// a VM without an application controller does.
fn check_env_options(options: Term) -> Result<(), Exception> {
    if options == Term::atom(Atom::from_static("infinity")) {
        return Ok(());
    }
    if options.as_small().is_some_and(|t| t >= 0) {
        return Ok(());
    }
    let items = list_to_vec(options).ok_or_else(Exception::badarg)?;
    for o in items {
        let valid = o.tuple_arity() == Some(2)
            && match o.element(0).as_atom().map(|a| a.name()) {
                Some("timeout") => {
                    o.element(1) == Term::atom(Atom::from_static("infinity"))
                        || o.element(1).as_small().is_some_and(|t| t >= 0)
                }
                Some("persistent") => o
                    .element(1)
                    .as_atom()
                    .is_some_and(|a| a == atom::TRUE || a == atom::FALSE),
                _ => false,
            };
        if !valid {
            return Err(Exception::badarg());
        }
    }
    Ok(())
}

fn set_env_3(proc: &mut Process, args: &[Term]) -> BifResult {
    check_change(proc, "set_env", 3)?;
    proc.vm.app_env.set(args[0], args[1], args[2]);
    Ok(Term::atom(atom::OK))
}

fn set_env_4(proc: &mut Process, args: &[Term]) -> BifResult {
    check_env_options(args[3])?;
    check_change(proc, "set_env", 4)?;
    proc.vm.app_env.set(args[0], args[1], args[2]);
    Ok(Term::atom(atom::OK))
}

/// Sets every `{Application, [{Key, Value}]}` of `config`, after checking
/// that all of it is well formed, so a bad entry changes nothing.
fn set_config(proc: &mut Process, config: Term, arity: u32) -> BifResult {
    let applications = list_to_vec(config).ok_or_else(Exception::badarg)?;
    let mut pairs = Vec::new();
    for app in applications {
        if app.tuple_arity() != Some(2) || !app.element(0).is_atom() {
            return Err(Exception::badarg());
        }
        let env = list_to_vec(app.element(1)).ok_or_else(Exception::badarg)?;
        for kv in env {
            if kv.tuple_arity() != Some(2) || !kv.element(0).is_atom() {
                return Err(Exception::badarg());
            }
            pairs.push((app.element(0), kv.element(0), kv.element(1)));
        }
    }
    check_change(proc, "set_env", arity)?;
    for (app, key, value) in pairs {
        proc.vm.app_env.set(app, key, value);
    }
    Ok(Term::atom(atom::OK))
}

fn set_env_1(proc: &mut Process, args: &[Term]) -> BifResult {
    set_config(proc, args[0], 1)
}

fn set_env_2(proc: &mut Process, args: &[Term]) -> BifResult {
    check_env_options(args[1])?;
    set_config(proc, args[0], 2)
}

fn unset_env_2(proc: &mut Process, args: &[Term]) -> BifResult {
    check_change(proc, "unset_env", 2)?;
    proc.vm.app_env.unset(args[0], args[1]);
    Ok(Term::atom(atom::OK))
}

fn unset_env_3(proc: &mut Process, args: &[Term]) -> BifResult {
    check_env_options(args[2])?;
    check_change(proc, "unset_env", 3)?;
    proc.vm.app_env.unset(args[0], args[1]);
    Ok(Term::atom(atom::OK))
}

crate::bif_table![
    ("application", "get_env", 1, get_env_1),
    ("application", "get_env", 2, get_env_2),
    ("application", "get_env", 3, get_env_3),
    ("application", "get_all_env", 0, get_all_env_0),
    ("application", "get_all_env", 1, get_all_env_1),
    ("application", "set_env", 1, set_env_1),
    ("application", "set_env", 2, set_env_2),
    ("application", "set_env", 3, set_env_3),
    ("application", "set_env", 4, set_env_4),
    ("application", "unset_env", 2, unset_env_2),
    ("application", "unset_env", 3, unset_env_3),
];
