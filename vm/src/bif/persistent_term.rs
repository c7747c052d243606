//! `persistent_term`: terms stored once for the whole VM and read by any
//! process without copying.
//!
//! Each stored value lives in a fragment owned by the table, outside every
//! process heap, so the collector leaves pointers to it alone, just as it
//! does for literals.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::atom::{self, Atom};
use crate::compare;
use crate::copy;
use crate::exception::{BifResult, Exception};
use crate::heap::{self, Fragment};
use crate::process::Process;
use crate::term::Term;

/// Stored keys and values, bucketed by the key's hash.
#[derive(Default)]
pub struct PersistentTerms {
    buckets: Mutex<HashMap<u32, Vec<Entry>>>,
    /// Fragments of replaced or erased values. OTP frees them after every
    /// process has dropped its references; Cordon does not yet track that,
    /// so they stay allocated.
    retired: Mutex<Vec<Fragment>>,
}

struct Entry {
    key: Term,
    value: Term,
    fragment: Fragment,
}

// SAFETY: entries point only into their own fragments, which the table
// owns and never mutates after storing.
unsafe impl Send for Entry {}

impl std::fmt::Debug for PersistentTerms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersistentTerms").finish_non_exhaustive()
    }
}

impl PersistentTerms {
    fn get(&self, key: Term) -> Option<Term> {
        let buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = buckets.get(&crate::phash::phash2(key))?;
        bucket
            .iter()
            .find(|e| compare::exact_eq(e.key, key))
            .map(|e| e.value)
    }

    fn put(&self, key: Term, value: Term) {
        let mut fragment = Fragment::with_capacity(copy::size_of(key) + copy::size_of(value));
        let key_copy = copy::copy(&mut fragment, key);
        let value_copy = copy::copy(&mut fragment, value);
        let entry = Entry {
            key: key_copy,
            value: value_copy,
            fragment,
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = buckets.entry(crate::phash::phash2(key)).or_default();
        if let Some(i) = bucket.iter().position(|e| compare::exact_eq(e.key, key)) {
            let old = std::mem::replace(&mut bucket[i], entry);
            self.retire(old.fragment);
        } else {
            bucket.push(entry);
        }
    }

    fn erase(&self, key: Term) -> bool {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let Some(bucket) = buckets.get_mut(&crate::phash::phash2(key)) else {
            return false;
        };
        match bucket.iter().position(|e| compare::exact_eq(e.key, key)) {
            Some(i) => {
                let old = bucket.remove(i);
                self.retire(old.fragment);
                true
            }
            None => false,
        }
    }

    fn retire(&self, fragment: Fragment) {
        self.retired
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(fragment);
    }

    fn all(&self) -> Vec<(Term, Term)> {
        let buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        buckets
            .values()
            .flat_map(|b| b.iter().map(|e| (e.key, e.value)))
            .collect()
    }
}

/// Judges a stored value that contains pids as pid forging by
/// persistent_term:get/`arity`, because another process stored them.
fn check_stored_pids(proc: &mut Process, value: Term, arity: u32) -> Result<(), Exception> {
    if proc.policy_flags != 0 && crate::policy::holds_capability(value) {
        let bif = crate::policy::Mfa {
            module: Atom::from_static("persistent_term"),
            function: Atom::from_static("get"),
            arity,
        };
        crate::policy::check_forge(proc, bif)?;
    }
    Ok(())
}

fn get_1(proc: &mut Process, args: &[Term]) -> BifResult {
    match proc.vm.persistent_terms.get(args[0]) {
        Some(v) => {
            check_stored_pids(proc, v, 1)?;
            Ok(v)
        }
        None => Err(Exception::badarg()),
    }
}

fn get_2(proc: &mut Process, args: &[Term]) -> BifResult {
    match proc.vm.persistent_terms.get(args[0]) {
        Some(v) => {
            check_stored_pids(proc, v, 2)?;
            Ok(v)
        }
        None => Ok(args[1]),
    }
}

fn get_0(proc: &mut Process, _: &[Term]) -> BifResult {
    let pairs = proc.vm.persistent_terms.all();
    let mut items = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        items.push(heap::tuple(&mut proc.heap, &[k, v]));
    }
    Ok(heap::list(&mut proc.heap, &items))
}

fn put(proc: &mut Process, args: &[Term]) -> BifResult {
    proc.vm.persistent_terms.put(args[0], args[1]);
    Ok(Term::atom(atom::OK))
}

fn erase(proc: &mut Process, args: &[Term]) -> BifResult {
    Ok(Term::boolean(proc.vm.persistent_terms.erase(args[0])))
}

fn info(proc: &mut Process, _: &[Term]) -> BifResult {
    let count = proc.vm.persistent_terms.all().len() as i64;
    let count_key = Term::atom(crate::atom::Atom::from_static("count"));
    let memory_key = Term::atom(atom::MEMORY);
    let pairs = [
        (count_key, Term::small_unchecked(count)),
        (memory_key, Term::small_unchecked(0)),
    ];
    Ok(crate::map::from_pairs(&mut proc.heap, &pairs))
}

crate::bif_table![
    ("persistent_term", "get", 1, get_1),
    ("persistent_term", "get", 2, get_2),
    ("persistent_term", "get", 0, get_0),
    ("persistent_term", "put", 2, put),
    ("persistent_term", "erase", 1, erase),
    ("persistent_term", "info", 0, info),
];
