//! `erlang:memory/0,1`: bytes the VM uses, by OTP's categories.
//!
//! Cordon counts process heaps and stacks, the reference-counted binaries
//! processes refer to, ETS objects and loaded code from its own data
//! structures. The atom table and the rest of `system` are estimates.

use super::list_to_vec;
use crate::atom::Atom;
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::process::Process;
use crate::term::Term;

const WORD_BYTES: usize = 8;

/// Estimated bytes per atom: the table entry and a short name.
const ATOM_ENTRY_BYTES: usize = 48;

/// Granularity in which the atom table is assumed to grow, so `atom`
/// exceeds `atom_used` as in OTP.
const ATOM_BLOCK_BYTES: usize = 64 * 1024;

/// Estimated bytes of VM data outside the other categories: schedulers,
/// the code server's tables, timers and I/O buffers.
const OTHER_SYSTEM_BYTES: usize = 1024 * 1024;

/// The keys of `erlang:memory/0`, in OTP's order.
const KEYS: [&str; 9] = [
    "total",
    "processes",
    "processes_used",
    "system",
    "atom",
    "atom_used",
    "binary",
    "code",
    "ets",
];

/// Memory use in bytes, one field per key of [`KEYS`] except the sums.
#[derive(Default)]
struct Usage {
    processes: usize,
    processes_used: usize,
    atom: usize,
    atom_used: usize,
    binary: usize,
    code: usize,
    ets: usize,
}

impl Usage {
    fn system(&self) -> usize {
        self.atom + self.binary + self.code + self.ets + OTHER_SYSTEM_BYTES
    }

    fn get(&self, key: &str) -> Option<usize> {
        Some(match key {
            "total" => self.processes + self.system(),
            "processes" => self.processes,
            "processes_used" => self.processes_used,
            "system" => self.system(),
            "atom" => self.atom,
            "atom_used" => self.atom_used,
            "binary" => self.binary,
            "code" => self.code,
            "ets" => self.ets,
            _ => return None,
        })
    }
}

/// Adds the memory of one process to `usage`: allocated and used bytes
/// for `processes` and `processes_used`, binary data for `binary`.
fn add_process(usage: &mut Usage, proc: &Process) {
    let fixed = std::mem::size_of::<Process>()
        + proc.stack.capacity() * WORD_BYTES
        + proc.dictionary.capacity() * 2 * WORD_BYTES;
    let used =
        fixed + (proc.heap.used_words() + proc.heap.old_words() + proc.stack.len()) * WORD_BYTES;
    usage.processes += fixed + proc.heap.allocated_words() * WORD_BYTES;
    usage.processes_used += used;
    usage.binary += proc.heap.refc_binary_bytes();
}

fn measure(proc: &Process) -> Usage {
    let mut usage = Usage::default();
    add_process(&mut usage, proc);
    for id in proc.vm.process_ids() {
        if id == proc.id {
            continue;
        }
        let Some(cell) = proc.vm.process(id) else {
            continue;
        };
        // NOTE: a process that another scheduler thread is running at
        // this moment holds its lock and is left out of the sums.
        if let Ok(guard) = cell.process.try_lock() {
            if let Some(other) = guard.as_deref() {
                add_process(&mut usage, other);
            }
        }
    }

    usage.atom_used = Atom::count() * ATOM_ENTRY_BYTES;
    usage.atom = usage.atom_used.div_ceil(ATOM_BLOCK_BYTES) * ATOM_BLOCK_BYTES;

    for name in proc.vm.code.loaded_modules() {
        if let Some(module) = proc.vm.code.current(name) {
            usage.code += std::mem::size_of_val(&*module.code)
                + module.literals.allocated_words() * WORD_BYTES
                + module.strings.len();
        }
    }

    for table in proc.vm.ets.all() {
        if let Some(data) = table.read() {
            usage.ets += (data.store.words() + super::ets_table::TABLE_OVERHEAD_WORDS) * WORD_BYTES;
        }
    }
    usage
}

fn memory_0(proc: &mut Process, _: &[Term]) -> BifResult {
    let usage = measure(proc);
    let mut items = Vec::with_capacity(KEYS.len());
    for key in KEYS {
        let value = usage.get(key).unwrap_or(0);
        let value = crate::bignum::from_u64(&mut proc.heap, value as u64);
        items.push(heap::tuple(
            &mut proc.heap,
            &[Term::atom(Atom::from_static(key)), value],
        ));
    }
    Ok(heap::list(&mut proc.heap, &items))
}

/// `erlang:memory/1`: one key gives its value, a list of keys gives
/// `{Key, Value}` pairs in the list's order. An unknown key raises badarg.
fn memory_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let usage = measure(proc);
    let value_of = |key: Term| -> Result<usize, Exception> {
        let name = key.as_atom().ok_or_else(Exception::badarg)?;
        usage.get(name.name()).ok_or_else(Exception::badarg)
    };
    if args[0].is_atom() {
        let value = value_of(args[0])?;
        return Ok(crate::bignum::from_u64(&mut proc.heap, value as u64));
    }
    let keys = list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    let mut items = Vec::with_capacity(keys.len());
    for key in keys {
        let value = value_of(key)?;
        let value = crate::bignum::from_u64(&mut proc.heap, value as u64);
        items.push(heap::tuple(&mut proc.heap, &[key, value]));
    }
    Ok(heap::list(&mut proc.heap, &items))
}

crate::bif_table![
    ("erlang", "memory", 0, memory_0),
    ("erlang", "memory", 1, memory_1),
];
