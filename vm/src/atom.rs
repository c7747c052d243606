//! The global atom table.
//!
//! Atoms are interned once per VM and never freed, as in OTP. An [`Atom`] is
//! the index of its name in the table. The atoms the VM itself names are
//! interned first, in the order of the [`predefined_atoms!`] list, so each
//! has a constant index.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

/// An interned atom: an index into the global atom table.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Atom(u32);

/// Maximum number of atoms, as in OTP's default `+t` limit.
pub const MAX_ATOMS: usize = 1_048_576;

/// Atoms kept free for names the VM itself interns (error reasons, report
/// fields), so a program that fills the table cannot make them fail.
const RESERVED_FOR_VM: usize = 4096;
/// Maximum length of an atom name in characters, as in OTP.
pub const MAX_ATOM_CHARS: usize = 255;

struct AtomTable {
    names: Vec<&'static str>,
    index: HashMap<&'static str, u32>,
}

macro_rules! predefined_atoms {
    ($($name:ident = $text:literal,)*) => {
        const PREDEFINED: &[&str] = &[$($text,)*];
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u32)]
        enum Predefined { $($name,)* }
        $(pub const $name: Atom = Atom(Predefined::$name as u32);)*
    };
}

predefined_atoms! {
    FALSE = "false",
    TRUE = "true",
    OK = "ok",
    ERROR = "error",
    EXIT = "exit",
    THROW = "throw",
    UNDEFINED = "undefined",
    NORMAL = "normal",
    KILL = "kill",
    KILLED = "killed",
    NOPROC = "noproc",
    NOCONNECTION = "noconnection",
    BADARG = "badarg",
    BADARITH = "badarith",
    BADMATCH = "badmatch",
    BADFUN = "badfun",
    BADARITY = "badarity",
    BADKEY = "badkey",
    BADMAP = "badmap",
    BADRECORD = "badrecord",
    FUNCTION_CLAUSE = "function_clause",
    CASE_CLAUSE = "case_clause",
    IF_CLAUSE = "if_clause",
    TRY_CLAUSE = "try_clause",
    UNDEF = "undef",
    NOCATCH = "nocatch",
    SYSTEM_LIMIT = "system_limit",
    TIMEOUT_VALUE = "timeout_value",
    BAD_RECEIVE_TIMEOUT = "bad_receive_timeout",
    ERLANG = "erlang",
    INFINITY = "infinity",
    EXIT_UPPER = "EXIT",
    DOWN = "DOWN",
    PROCESS = "process",
    TRAP_EXIT = "trap_exit",
    TIMEOUT = "timeout",
    NONODE = "nonode@nohost",
    LINE = "line",
    FILE = "file",
    ERROR_INFO = "error_info",
    MODULE = "module",
    MODULE_INFO = "module_info",
    EXPORTS = "exports",
    ATTRIBUTES = "attributes",
    COMPILE = "compile",
    MD5 = "md5",
    FUNCTIONS = "functions",
    NIF = "nif",
    APPLY = "apply",
    ALL = "all",
    LATIN1 = "latin1",
    UNICODE = "unicode",
    UTF8 = "utf8",
    UTF16 = "utf16",
    UTF32 = "utf32",
    BIG = "big",
    LITTLE = "little",
    INCOMPLETE = "incomplete",
    POLICY = "policy",
    PROCESS_FLAG = "process_flag",
    POLICY_VIOLATION = "policy_violation",
    LINK = "link",
    MONITOR = "monitor",
    PRIORITY = "priority",
    MESSAGE_QUEUE_LEN = "message_queue_len",
    MESSAGES = "messages",
    REGISTERED_NAME = "registered_name",
    DICTIONARY = "dictionary",
    LINKS = "links",
    MONITORS = "monitors",
    STATUS = "status",
    HEAP_SIZE = "heap_size",
    TOTAL_HEAP_SIZE = "total_heap_size",
    STACK_SIZE = "stack_size",
    REDUCTIONS = "reductions",
    GROUP_LEADER = "group_leader",
    CURRENT_FUNCTION = "current_function",
    INIT = "init",
    INITIAL_CALL = "initial_call",
    MEMORY = "memory",
    RUNNING = "running",
    RUNNABLE = "runnable",
    WAITING = "waiting",
    EXITING = "exiting",
    SPAWN = "spawn",
    SPAWN_LINK = "spawn_link",
    SPAWN_MONITOR = "spawn_monitor",
    SPAWN_OPT = "spawn_opt",
    LOG = "log",
    MODE = "mode",
    ALLOW = "allow",
    DENY = "deny",
    MFAS = "mfas",
    INHERIT = "inherit",
    NAMES = "names",
    TRUSTED = "trusted",
    ON_VIOLATION = "on_violation",
    UNDERSCORE = "_",
    NATIVE = "native",
    SECOND = "second",
    MILLISECOND = "millisecond",
    MICROSECOND = "microsecond",
    NANOSECOND = "nanosecond",
    PERF_COUNTER = "perf_counter",
    SECONDS = "seconds",
    MILLI_SECONDS = "milli_seconds",
    MICRO_SECONDS = "micro_seconds",
    NANO_SECONDS = "nano_seconds",
    ASYNC = "async",
    INFO = "info",
    ABS = "abs",
    MIN_HEAP_SIZE = "min_heap_size",
    FULLSWEEP_AFTER = "fullsweep_after",
    MESSAGE_QUEUE_DATA = "message_queue_data",
    ARITY = "arity",
    NAME = "name",
    ENV = "env",
    TYPE = "type",
    LOCAL = "local",
    EXTERNAL = "external",
    INDEX = "index",
    NEW_INDEX = "new_index",
    UNIQ = "uniq",
    NEW_UNIQ = "new_uniq",
    PID = "pid",
    OPTIONS = "options",
    SHORT = "short",
    DECIMALS = "decimals",
    SCIENTIFIC = "scientific",
    COMPACT = "compact",
    ENCODING = "encoding",
    START_TIMER = "start_timer",
    CONTINUE = "continue",
    CALL = "call",
}

static TABLE: LazyLock<RwLock<AtomTable>> = LazyLock::new(|| {
    let mut table = AtomTable {
        names: Vec::with_capacity(4096),
        index: HashMap::with_capacity(4096),
    };
    for name in PREDEFINED {
        let index = table.names.len() as u32;
        table.names.push(name);
        table.index.insert(name, index);
    }
    RwLock::new(table)
});

/// Error from interning an atom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtomError {
    /// The name has more than [`MAX_ATOM_CHARS`] characters.
    TooLong(usize),
    /// The table contains [`MAX_ATOMS`] atoms already.
    TableFull,
}

impl std::fmt::Display for AtomError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AtomError::TooLong(n) => write!(
                f,
                "atom name has {n} characters, more than the limit of {MAX_ATOM_CHARS}"
            ),
            AtomError::TableFull => write!(f, "atom table is full ({MAX_ATOMS} atoms)"),
        }
    }
}

impl std::error::Error for AtomError {}

impl Atom {
    #[inline(always)]
    pub const fn index(self) -> u32 {
        self.0
    }

    /// Rebuilds an atom from its index.
    ///
    /// The index must come from [`Atom::index`]; an index past the end of
    /// the table makes [`Atom::name`] panic.
    #[inline(always)]
    pub const fn from_index(index: u32) -> Atom {
        Atom(index)
    }

    /// Interns `name`, returning the existing atom when there is one.
    pub fn intern(name: &str) -> Result<Atom, AtomError> {
        Atom::intern_with_limit(name, MAX_ATOMS - RESERVED_FOR_VM)
    }

    fn intern_with_limit(name: &str, limit: usize) -> Result<Atom, AtomError> {
        if let Some(atom) = Atom::lookup(name) {
            return Ok(atom);
        }
        let chars = name.chars().count();
        if chars > MAX_ATOM_CHARS {
            return Err(AtomError::TooLong(chars));
        }
        let mut table = TABLE.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&index) = table.index.get(name) {
            return Ok(Atom(index));
        }
        if table.names.len() >= limit {
            return Err(AtomError::TableFull);
        }
        let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
        let index = table.names.len() as u32;
        table.names.push(leaked);
        table.index.insert(leaked, index);
        Ok(Atom(index))
    }

    /// Interns a name the VM itself supplies, which is always valid.
    ///
    /// # Panics
    /// Panics when the name is longer than [`MAX_ATOM_CHARS`] or the table
    /// is full, which VM-supplied names never cause in practice.
    pub fn from_static(name: &str) -> Atom {
        Atom::intern_with_limit(name, MAX_ATOMS)
            .unwrap_or_else(|e| panic!("interning VM atom {name:?}: {e}"))
    }

    /// Returns the existing atom named `name`, without interning it.
    pub fn lookup(name: &str) -> Option<Atom> {
        let table = TABLE.read().unwrap_or_else(|e| e.into_inner());
        table.index.get(name).map(|&i| Atom(i))
    }

    /// Returns the atom's name.
    pub fn name(self) -> &'static str {
        let table = TABLE.read().unwrap_or_else(|e| e.into_inner());
        table.names[self.0 as usize]
    }

    /// Returns the number of atoms interned so far.
    pub fn count() -> usize {
        TABLE.read().unwrap_or_else(|e| e.into_inner()).names.len()
    }
}

impl std::fmt::Debug for Atom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "'{}'", self.name())
    }
}

impl std::fmt::Display for Atom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_atoms_have_fixed_indices() {
        assert_eq!(Atom::from_static("false"), FALSE);
        assert_eq!(Atom::from_static("true"), TRUE);
        assert_eq!(CALL.name(), "call");
    }

    #[test]
    fn intern_is_idempotent() {
        let a = Atom::from_static("some_new_atom_for_test");
        let b = Atom::intern("some_new_atom_for_test").expect("valid");
        assert_eq!(a, b);
        assert_eq!(a.name(), "some_new_atom_for_test");
    }

    #[test]
    fn intern_rejects_long_names() {
        let long = "x".repeat(256);
        assert_eq!(Atom::intern(&long), Err(AtomError::TooLong(256)));
        assert!(Atom::intern(&"é".repeat(255)).is_ok());
    }
}
