//! `atomics` and `counters`: arrays of 64-bit integers that every process
//! holding their reference reads and updates in place, without copying.
//!
//! An array is named by a reference term, and the VM keeps a table from
//! the reference's number to the array. `counters:new/2` returns
//! `{atomics, Ref}` or `{write_concurrency, Ref}`, the shapes OTP 25's
//! counters module uses, so the tuple prints and matches as under erl.
//! Every update is one atomic read-modify-write on a `u64` cell. Signed
//! arrays store the two's complement of the value, so additions wrap
//! around at 64 bits for both kinds.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use super::list_to_vec;
use crate::atom::{self, Atom};
use crate::bignum::{self, IntView};
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::map;
use crate::process::Process;
use crate::term::Term;

/// One array of atomic cells.
struct AtomicArray {
    cells: Box<[AtomicU64]>,
    /// Whether values read as `i64` (the default) or as `u64`.
    signed: bool,
}

impl AtomicArray {
    /// Returns the cell at one-based index `index`, as the BIFs take it.
    fn cell(&self, index: Term) -> Result<&AtomicU64, Exception> {
        let i = index.as_small().ok_or_else(Exception::badarg)?;
        if i < 1 || i as u64 > self.cells.len() as u64 {
            return Err(Exception::badarg());
        }
        Ok(&self.cells[i as usize - 1])
    }

    /// Returns the stored bits of `value`, which must be within the
    /// array's range.
    fn bits_of_value(&self, value: Term) -> Result<u64, Exception> {
        let v = small_int128(value).ok_or_else(Exception::badarg)?;
        let in_range = if self.signed {
            (i64::MIN as i128..=i64::MAX as i128).contains(&v)
        } else {
            (0..=u64::MAX as i128).contains(&v)
        };
        if !in_range {
            return Err(Exception::badarg());
        }
        Ok(v as u64)
    }

    /// Returns the term for stored bits.
    fn value_term(&self, proc: &mut Process, bits: u64) -> Term {
        if self.signed {
            bignum::from_i64(&mut proc.heap, bits as i64)
        } else {
            bignum::from_u64(&mut proc.heap, bits)
        }
    }

    fn info(&self, proc: &mut Process, with_range: bool) -> Term {
        let size = self.cells.len() as u64;
        let memory = size * 8 + std::mem::size_of::<AtomicArray>() as u64;
        let mut pairs = vec![
            (
                Term::atom(Atom::from_static("size")),
                bignum::from_u64(&mut proc.heap, size),
            ),
            (
                Term::atom(Atom::from_static("memory")),
                bignum::from_u64(&mut proc.heap, memory),
            ),
        ];
        if with_range {
            let (min, max) = if self.signed {
                (
                    bignum::from_i64(&mut proc.heap, i64::MIN),
                    bignum::from_i64(&mut proc.heap, i64::MAX),
                )
            } else {
                (
                    Term::small_unchecked(0),
                    bignum::from_u64(&mut proc.heap, u64::MAX),
                )
            };
            pairs.push((Term::atom(Atom::from_static("min")), min));
            pairs.push((Term::atom(Atom::from_static("max")), max));
        }
        let mut result = map::new_empty(&mut proc.heap);
        for (key, value) in pairs {
            result = map::put(&mut proc.heap, result, key, value);
        }
        result
    }
}

/// The arrays of one VM, by the number of the reference naming each.
// NOTE: an array lives until the VM stops, even after every process has
// dropped its reference, because references are plain terms that the
// collector does not report when they die.
#[derive(Default)]
pub struct AtomicArrays {
    arrays: RwLock<HashMap<u64, Arc<AtomicArray>>>,
}

impl std::fmt::Debug for AtomicArrays {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AtomicArrays").finish_non_exhaustive()
    }
}

/// Returns the value of an integer term that fits in 128 bits.
fn small_int128(t: Term) -> Option<i128> {
    match bignum::int_view(t)? {
        IntView::Small(v) => Some(i128::from(v)),
        IntView::Big(negative, limbs) => {
            let magnitude = match limbs {
                [low] => i128::from(*low),
                _ => return None,
            };
            Some(if negative { -magnitude } else { magnitude })
        }
    }
}

/// Returns the bits an increment adds. OTP accepts any integer from -2^63
/// to 2^64 - 1 and adds it modulo 2^64.
fn increment_bits(incr: Term) -> Result<u64, Exception> {
    let v = small_int128(incr).ok_or_else(Exception::badarg)?;
    if !(i64::MIN as i128..=u64::MAX as i128).contains(&v) {
        return Err(Exception::badarg());
    }
    Ok(v as u64)
}

/// Allocates an array of `size` cells and returns the reference naming it.
fn new_array(proc: &mut Process, size: Term, signed: bool) -> BifResult {
    let size = size
        .as_small()
        .filter(|&n| n >= 1)
        .ok_or_else(Exception::badarg)? as u64;
    let mut cells = Vec::new();
    // OTP 25 aborts the whole VM when this allocation fails; a failed
    // request here is the caller's error alone.
    if usize::try_from(size)
        .ok()
        .and_then(|n| cells.try_reserve_exact(n).ok())
        .is_none()
    {
        return Err(Exception::error(Term::atom(atom::SYSTEM_LIMIT)));
    }
    cells.resize_with(size as usize, || AtomicU64::new(0));
    let array = Arc::new(AtomicArray {
        cells: cells.into_boxed_slice(),
        signed,
    });
    let number = proc.vm.unique();
    proc.vm
        .atomic_arrays
        .arrays
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .insert(number, array);
    Ok(heap::reference(&mut proc.heap, number))
}

/// Returns the array that the reference `r` names.
fn array_of(proc: &Process, r: Term) -> Result<Arc<AtomicArray>, Exception> {
    let number = heap::reference_number(r).ok_or_else(Exception::badarg)?;
    proc.vm
        .atomic_arrays
        .arrays
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&number)
        .cloned()
        .ok_or_else(Exception::badarg)
}

// ---- atomics ----

fn atomics_new(proc: &mut Process, args: &[Term]) -> BifResult {
    let options = list_to_vec(args[1]).ok_or_else(Exception::badarg)?;
    let mut signed = true;
    for option in options {
        if option.tuple_arity() != Some(2)
            || option.element(0) != Term::atom(Atom::from_static("signed"))
        {
            return Err(Exception::badarg());
        }
        signed = match option.element(1) {
            t if t == Term::atom(atom::TRUE) => true,
            t if t == Term::atom(atom::FALSE) => false,
            _ => return Err(Exception::badarg()),
        };
    }
    new_array(proc, args[0], signed)
}

fn atomics_put(proc: &mut Process, args: &[Term]) -> BifResult {
    let array = array_of(proc, args[0])?;
    let bits = array.bits_of_value(args[2])?;
    array.cell(args[1])?.store(bits, Ordering::SeqCst);
    Ok(Term::atom(atom::OK))
}

fn atomics_get(proc: &mut Process, args: &[Term]) -> BifResult {
    let array = array_of(proc, args[0])?;
    let bits = array.cell(args[1])?.load(Ordering::SeqCst);
    Ok(array.value_term(proc, bits))
}

/// Adds `incr` (negated when `subtract`) and returns the new bits.
fn add_bits(
    array: &AtomicArray,
    index: Term,
    incr: Term,
    subtract: bool,
) -> Result<u64, Exception> {
    let cell = array.cell(index)?;
    let mut delta = increment_bits(incr)?;
    if subtract {
        delta = delta.wrapping_neg();
    }
    Ok(cell.fetch_add(delta, Ordering::SeqCst).wrapping_add(delta))
}

fn atomics_add(proc: &mut Process, args: &[Term]) -> BifResult {
    let array = array_of(proc, args[0])?;
    add_bits(&array, args[1], args[2], false)?;
    Ok(Term::atom(atom::OK))
}

fn atomics_add_get(proc: &mut Process, args: &[Term]) -> BifResult {
    let array = array_of(proc, args[0])?;
    let bits = add_bits(&array, args[1], args[2], false)?;
    Ok(array.value_term(proc, bits))
}

fn atomics_sub(proc: &mut Process, args: &[Term]) -> BifResult {
    let array = array_of(proc, args[0])?;
    add_bits(&array, args[1], args[2], true)?;
    Ok(Term::atom(atom::OK))
}

fn atomics_sub_get(proc: &mut Process, args: &[Term]) -> BifResult {
    let array = array_of(proc, args[0])?;
    let bits = add_bits(&array, args[1], args[2], true)?;
    Ok(array.value_term(proc, bits))
}

fn atomics_exchange(proc: &mut Process, args: &[Term]) -> BifResult {
    let array = array_of(proc, args[0])?;
    let bits = array.bits_of_value(args[2])?;
    let old = array.cell(args[1])?.swap(bits, Ordering::SeqCst);
    Ok(array.value_term(proc, old))
}

/// `compare_exchange(Ref, Ix, Expected, Desired)`: `ok` when the cell
/// contained `Expected` and now contains `Desired`, else the value it contains.
fn atomics_compare_exchange(proc: &mut Process, args: &[Term]) -> BifResult {
    let array = array_of(proc, args[0])?;
    let cell = array.cell(args[1])?;
    let expected = array.bits_of_value(args[2])?;
    let desired = array.bits_of_value(args[3])?;
    match cell.compare_exchange(expected, desired, Ordering::SeqCst, Ordering::SeqCst) {
        Ok(_) => Ok(Term::atom(atom::OK)),
        Err(actual) => Ok(array.value_term(proc, actual)),
    }
}

fn atomics_info(proc: &mut Process, args: &[Term]) -> BifResult {
    let array = array_of(proc, args[0])?;
    Ok(array.info(proc, true))
}

// ---- counters ----

/// Returns the array of a counters reference, `{atomics, Ref}` or
/// `{write_concurrency, Ref}`, and whether it is the first kind.
fn counters_of(proc: &Process, counters: Term) -> Result<(Arc<AtomicArray>, bool), Exception> {
    if counters.tuple_arity() != Some(2) {
        return Err(Exception::badarg());
    }
    let kind = counters.element(0);
    let atomics_kind = if kind == Term::atom(Atom::from_static("atomics")) {
        true
    } else if kind == Term::atom(Atom::from_static("write_concurrency")) {
        false
    } else {
        return Err(Exception::badarg());
    };
    let array = array_of(proc, counters.element(1))?;
    // Counters are always signed; an unsigned atomics array wrapped in the
    // tuple by hand is not a counters reference.
    if !array.signed {
        return Err(Exception::badarg());
    }
    Ok((array, atomics_kind))
}

/// `counters:new(Size, Options)`, with the options `atomics` and
/// `write_concurrency`; the last one given decides the kind.
fn counters_new(proc: &mut Process, args: &[Term]) -> BifResult {
    let options = list_to_vec(args[1]).ok_or_else(Exception::badarg)?;
    let mut kind = Term::atom(Atom::from_static("atomics"));
    for option in options {
        if option != Term::atom(Atom::from_static("atomics"))
            && option != Term::atom(Atom::from_static("write_concurrency"))
        {
            return Err(Exception::badarg());
        }
        kind = option;
    }
    let reference = new_array(proc, args[0], true)?;
    Ok(heap::tuple(&mut proc.heap, &[kind, reference]))
}

fn counters_get(proc: &mut Process, args: &[Term]) -> BifResult {
    let (array, _) = counters_of(proc, args[0])?;
    let bits = array.cell(args[1])?.load(Ordering::SeqCst);
    Ok(array.value_term(proc, bits))
}

fn counters_add(proc: &mut Process, args: &[Term]) -> BifResult {
    let (array, _) = counters_of(proc, args[0])?;
    add_bits(&array, args[1], args[2], false)?;
    Ok(Term::atom(atom::OK))
}

fn counters_sub(proc: &mut Process, args: &[Term]) -> BifResult {
    let (array, _) = counters_of(proc, args[0])?;
    add_bits(&array, args[1], args[2], true)?;
    Ok(Term::atom(atom::OK))
}

fn counters_put(proc: &mut Process, args: &[Term]) -> BifResult {
    let (array, _) = counters_of(proc, args[0])?;
    let bits = array.bits_of_value(args[2])?;
    array.cell(args[1])?.store(bits, Ordering::SeqCst);
    Ok(Term::atom(atom::OK))
}

/// `counters:info/1`: OTP reports the range only for the `atomics` kind.
fn counters_info(proc: &mut Process, args: &[Term]) -> BifResult {
    let (array, atomics_kind) = counters_of(proc, args[0])?;
    Ok(array.info(proc, atomics_kind))
}

crate::bif_table![
    ("atomics", "new", 2, atomics_new),
    ("atomics", "put", 3, atomics_put),
    ("atomics", "get", 2, atomics_get),
    ("atomics", "add", 3, atomics_add),
    ("atomics", "add_get", 3, atomics_add_get),
    ("atomics", "sub", 3, atomics_sub),
    ("atomics", "sub_get", 3, atomics_sub_get),
    ("atomics", "exchange", 3, atomics_exchange),
    ("atomics", "compare_exchange", 4, atomics_compare_exchange),
    ("atomics", "info", 1, atomics_info),
    ("counters", "new", 2, counters_new),
    ("counters", "get", 2, counters_get),
    ("counters", "add", 3, counters_add),
    ("counters", "sub", 3, counters_sub),
    ("counters", "put", 3, counters_put),
    ("counters", "info", 1, counters_info),
];
