//! ETS: the table registry, table ownership and the owner's exit.
//!
//! A [`Table`] lives in the VM's [`Registry`], found by its id (the
//! number of the reference `ets:new/2` returns) or by its name. The
//! registry's lock is held only to find, add or remove a table, never
//! while a table is read, so operations on different tables wait for each
//! other only during that lookup. Each table has its own reader-writer lock around its
//! [`store::Store`]; deleting a table takes that lock and marks the table
//! deleted, so an operation that found the table before the delete sees
//! the mark and raises badarg.
//!
//! The owner's exit deletes its tables, unless a table names a live heir,
//! which then owns the table and receives
//! `{'ETS-TRANSFER', Tab, FromPid, HeirData}`.

pub mod match_spec;
pub mod store;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::atom::Atom;
use crate::copy;
use crate::heap::{self, Alloc, Fragment};
use crate::process::{ProcessId, Signal};
use crate::term::Term;
use crate::vm::Vm;

pub use store::{Kind, Object, Store};

/// Access rights of processes other than a table's owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Protection {
    Private = 0,
    Protected = 1,
    Public = 2,
}

impl Protection {
    pub fn name(self) -> &'static str {
        match self {
            Protection::Private => "private",
            Protection::Protected => "protected",
            Protection::Public => "public",
        }
    }

    fn from_u8(n: u8) -> Protection {
        match n {
            0 => Protection::Private,
            1 => Protection::Protected,
            _ => Protection::Public,
        }
    }
}

/// Kind of access an operation needs, for the access check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Options OTP uses to tune its locking; Cordon records them for
/// `ets:info/2` only.
#[derive(Clone, Copy, Debug)]
pub struct Tuning {
    pub read_concurrency: bool,
    /// `true`, `false` or `auto`.
    pub write_concurrency: Atom,
    pub compressed: bool,
    pub decentralized_counters: bool,
}

/// The process that inherits a table when its owner exits, and the term
/// it receives.
pub struct Heir {
    pub pid: ProcessId,
    pub data: Object,
}

/// The parts of a table that change rarely.
pub struct Meta {
    pub name: Atom,
    pub named: bool,
    pub heir: Option<Heir>,
    /// `safe_fixtable/2` counts by process.
    pub fixations: HashMap<ProcessId, u64>,
    /// When the table was first fixed, for `ets:info/2`: nanoseconds of
    /// monotonic time and microseconds since the Unix epoch.
    pub fixed_since: Option<(i64, u64)>,
}

/// The objects of a table and whether the table was deleted.
pub struct Data {
    pub store: Store,
    pub deleted: bool,
}

pub struct Table {
    pub id: u64,
    pub tuning: Tuning,
    owner: AtomicU64,
    protection: AtomicU8,
    pub meta: Mutex<Meta>,
    data: RwLock<Data>,
}

impl Table {
    pub fn new(
        id: u64,
        owner: ProcessId,
        store: Store,
        protection: Protection,
        tuning: Tuning,
        meta: Meta,
    ) -> Table {
        Table {
            id,
            tuning,
            owner: AtomicU64::new(owner),
            protection: AtomicU8::new(protection as u8),
            meta: Mutex::new(meta),
            data: RwLock::new(Data {
                store,
                deleted: false,
            }),
        }
    }

    pub fn owner(&self) -> ProcessId {
        self.owner.load(Ordering::Acquire)
    }

    pub fn protection(&self) -> Protection {
        Protection::from_u8(self.protection.load(Ordering::Acquire))
    }

    pub fn set_protection(&self, p: Protection) {
        self.protection.store(p as u8, Ordering::Release);
    }

    /// Returns whether `pid` may perform `access` on this table.
    pub fn permits(&self, pid: ProcessId, access: Access) -> bool {
        match (self.protection(), access) {
            (Protection::Public, _) | (Protection::Protected, Access::Read) => true,
            _ => self.owner() == pid,
        }
    }

    pub fn meta(&self) -> std::sync::MutexGuard<'_, Meta> {
        self.meta.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Locks the table for reading; `None` once it is deleted.
    pub fn read(&self) -> Option<RwLockReadGuard<'_, Data>> {
        let data = self.data.read().unwrap_or_else(|e| e.into_inner());
        (!data.deleted).then_some(data)
    }

    /// Locks the table for writing; `None` once it is deleted.
    pub fn write(&self) -> Option<RwLockWriteGuard<'_, Data>> {
        let data = self.data.write().unwrap_or_else(|e| e.into_inner());
        (!data.deleted).then_some(data)
    }

    /// Returns the table's id as Erlang code sees it: the name of a named
    /// table, otherwise a reference.
    pub fn id_term(&self, heap: &mut impl Alloc) -> Term {
        let meta = self.meta();
        if meta.named {
            Term::atom(meta.name)
        } else {
            heap::reference(heap, self.id)
        }
    }
}

// PERF: every ets call looks its table up here, and ahash's hashing of
// these integer keys is several times cheaper than std's SipHash
// (callgrind, perf/programs/ets_heavy.erl).
#[derive(Default)]
struct Tables {
    by_id: HashMap<u64, Arc<Table>, ahash::RandomState>,
    by_name: HashMap<Atom, Arc<Table>, ahash::RandomState>,
    by_owner: HashMap<ProcessId, Vec<u64>, ahash::RandomState>,
}

impl Tables {
    fn disown(&mut self, owner: ProcessId, id: u64) {
        if let Some(ids) = self.by_owner.get_mut(&owner) {
            ids.retain(|&i| i != id);
            if ids.is_empty() {
                self.by_owner.remove(&owner);
            }
        }
    }
}

/// Every live table of one VM.
#[derive(Default)]
pub struct Registry {
    tables: RwLock<Tables>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry").finish_non_exhaustive()
    }
}

impl Registry {
    fn read(&self) -> RwLockReadGuard<'_, Tables> {
        self.tables.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Tables> {
        self.tables.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds `table`; returns `None` when it is named and the name is
    /// taken.
    pub fn insert(&self, table: Table) -> Option<Arc<Table>> {
        let table = Arc::new(table);
        let (named, name) = {
            let meta = table.meta();
            (meta.named, meta.name)
        };
        let mut tables = self.write();
        if named {
            if tables.by_name.contains_key(&name) {
                return None;
            }
            tables.by_name.insert(name, table.clone());
        }
        tables.by_id.insert(table.id, table.clone());
        tables
            .by_owner
            .entry(table.owner())
            .or_default()
            .push(table.id);
        Some(table)
    }

    pub fn by_id(&self, id: u64) -> Option<Arc<Table>> {
        self.read().by_id.get(&id).cloned()
    }

    pub fn by_name(&self, name: Atom) -> Option<Arc<Table>> {
        self.read().by_name.get(&name).cloned()
    }

    /// Returns every live table.
    pub fn all(&self) -> Vec<Arc<Table>> {
        let mut tables: Vec<_> = self.read().by_id.values().cloned().collect();
        tables.sort_by_key(|t| t.id);
        tables
    }

    /// Deletes `table`; returns `false` when it was deleted already.
    pub fn delete(&self, table: &Table) -> bool {
        {
            let mut tables = self.write();
            if tables.by_id.remove(&table.id).is_none() {
                return false;
            }
            let meta = table.meta();
            if meta.named {
                tables.by_name.remove(&meta.name);
            }
            tables.disown(table.owner(), table.id);
        }
        let cleared = {
            let mut data = table.data.write().unwrap_or_else(|e| e.into_inner());
            data.deleted = true;
            data.store.clear().1
        };
        drop(cleared);
        table.meta().heir = None;
        true
    }

    /// Renames `table` to `name`; returns `false` when another named
    /// table has that name. An unnamed table only records the name.
    pub fn rename(&self, table: &Arc<Table>, name: Atom) -> bool {
        let mut tables = self.write();
        let mut meta = table.meta();
        if meta.named {
            if meta.name == name {
                return true;
            }
            if tables.by_name.contains_key(&name) {
                return false;
            }
            tables.by_name.remove(&meta.name);
            tables.by_name.insert(name, table.clone());
        }
        meta.name = name;
        true
    }

    /// Makes `to` the owner of `table`.
    pub fn set_owner(&self, table: &Table, to: ProcessId) {
        let mut tables = self.write();
        tables.disown(table.owner(), table.id);
        table.owner.store(to, Ordering::Release);
        tables.by_owner.entry(to).or_default().push(table.id);
    }

    /// Hands each table of the exited process `pid` to its heir, or
    /// deletes it.
    pub fn process_exited(&self, vm: &Vm, pid: ProcessId) {
        let owned: Vec<Arc<Table>> = {
            let tables = self.read();
            let Some(ids) = tables.by_owner.get(&pid) else {
                return;
            };
            ids.iter()
                .filter_map(|id| tables.by_id.get(id).cloned())
                .collect()
        };
        for table in owned {
            if !self.pass_to_heir(vm, &table, pid) {
                self.delete(&table);
            }
        }
    }

    /// Gives `table` to its heir, if it has a live one other than `from`.
    fn pass_to_heir(&self, vm: &Vm, table: &Table, from: ProcessId) -> bool {
        let (heir, data) = {
            let meta = table.meta();
            match &meta.heir {
                Some(h) if h.pid != from && vm.process(h.pid).is_some() => (h.pid, h.data.term()),
                _ => return false,
            }
        };
        self.set_owner(table, heir);
        // The heir may exit between the check and this send. Its exit
        // handling either sees it as the owner already, or it left the
        // process table first and the send fails.
        if send_transfer(vm, table, heir, from, data) {
            true
        } else {
            self.set_owner(table, from);
            false
        }
    }
}

/// Sends `{'ETS-TRANSFER', Tab, From, Data}` to `to`; returns `false`
/// when `to` does not exist.
pub fn send_transfer(vm: &Vm, table: &Table, to: ProcessId, from: ProcessId, data: Term) -> bool {
    let mut fragment = Fragment::with_capacity(5 + 3 + copy::size_of(data));
    let data = copy::copy(&mut fragment, data);
    let tab = table.id_term(&mut fragment);
    let term = heap::tuple(
        &mut fragment,
        &[
            Term::atom(Atom::from_static("ETS-TRANSFER")),
            tab,
            Term::pid(from),
            data,
        ],
    );
    vm.send_signal(
        to,
        Signal::Message {
            term,
            fragment: Some(fragment),
        },
    )
}
