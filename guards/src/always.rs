//! Functions that policies treat specially, by name: the pure ones that are
//! never checked, and the ones that change loaded code, which a restricted
//! process may never call.

/// The treatment policies give calls to a function.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Class {
    /// Never checked: guard BIFs and what the compiler emits for operators
    /// and raising. None of them reaches another process or the outside
    /// world.
    Pure,
    /// Checked against the patterns of every layer.
    Ordinary,
    /// Creates or finds pids and ports the process was not given. Checked
    /// like [`Class::Ordinary`], except that trusted modules get no
    /// exemption, because a trusted module that turns its caller's string
    /// into a pid would hand a restricted process any process it names.
    /// A layer that limits registered names also rejects these calls,
    /// whatever its patterns list: a forged pid reaches the processes
    /// those names were kept from.
    Forge,
    /// Changes what other processes run or read: loaded code, the code
    /// path, persistent terms, another process's group leader. Code or a
    /// fun a restricted process put there would run unrestricted in the
    /// other processes, so every layer rejects these calls, whatever its
    /// patterns list.
    GlobalChange,
    /// Functions of the VM's own carried Erlang code: init's runner of the
    /// command line's calls, and the client side of files opened without
    /// `raw`. This code carries out the boot and BIFs in the calling
    /// process, and its own static calls are not checked. Only the VM
    /// enters them, after judging the BIF or entry call that led there,
    /// so every layer rejects a call to them from Erlang code, trusted
    /// modules' calls included.
    VmInternal,
}

/// `erlang` functions that are never checked: type tests, arithmetic,
/// comparisons, boolean operators, term accessors, `self/0`, `node/0,1`,
/// the raising BIFs, `++`, `--` and `setelement/3` (emitted for record
/// updates), and `send/2,3`, whose destination is checked by name instead.
pub const PURE_ERLANG: &[(&str, u32)] = &[
    ("is_atom", 1),
    ("is_binary", 1),
    ("is_bitstring", 1),
    ("is_boolean", 1),
    ("is_float", 1),
    ("is_function", 1),
    ("is_function", 2),
    ("is_integer", 1),
    ("is_list", 1),
    ("is_map", 1),
    ("is_number", 1),
    ("is_pid", 1),
    ("is_port", 1),
    ("is_record", 2),
    ("is_record", 3),
    ("is_reference", 1),
    ("is_tuple", 1),
    ("+", 1),
    ("+", 2),
    ("-", 1),
    ("-", 2),
    ("*", 2),
    ("/", 2),
    ("div", 2),
    ("rem", 2),
    ("band", 2),
    ("bor", 2),
    ("bxor", 2),
    ("bsl", 2),
    ("bsr", 2),
    ("bnot", 1),
    ("abs", 1),
    ("float", 1),
    ("trunc", 1),
    ("round", 1),
    ("ceil", 1),
    ("floor", 1),
    ("max", 2),
    ("min", 2),
    ("==", 2),
    ("/=", 2),
    ("=<", 2),
    ("<", 2),
    (">=", 2),
    (">", 2),
    ("=:=", 2),
    ("=/=", 2),
    ("and", 2),
    ("or", 2),
    ("xor", 2),
    ("not", 1),
    ("element", 2),
    ("hd", 1),
    ("tl", 1),
    ("length", 1),
    ("tuple_size", 1),
    ("byte_size", 1),
    ("bit_size", 1),
    ("size", 1),
    ("map_size", 1),
    ("map_get", 2),
    ("is_map_key", 2),
    ("binary_part", 2),
    ("binary_part", 3),
    ("self", 0),
    ("node", 0),
    ("node", 1),
    ("error", 1),
    ("error", 2),
    ("error", 3),
    ("throw", 1),
    ("exit", 1),
    ("raise", 3),
    ("++", 2),
    ("--", 2),
    ("setelement", 3),
    ("send", 2),
    ("send", 3),
    ("send_nosuspend", 2),
    ("send_nosuspend", 3),
    ("!", 2),
];

/// Functions that create or list pids and ports, or list terms other
/// processes stored.
pub const FORGE: &[(&str, &str, u32)] = &[
    ("persistent_term", "get", 0),
    ("erlang", "list_to_pid", 1),
    ("erlang", "list_to_port", 1),
    ("erlang", "processes", 0),
    ("erlang", "ports", 0),
    // Returns every ETS table, named or not; a table reference is a
    // capability like a pid.
    ("ets", "all", 0),
];

/// Functions that load, replace, purge or delete code, change where code
/// is loaded from, or change persistent terms, which every process reads.
pub const GLOBAL_CHANGE: &[(&str, &str, u32)] = &[
    ("persistent_term", "put", 2),
    ("persistent_term", "erase", 1),
    ("erlang", "load_module", 2),
    ("erlang", "prepare_loading", 2),
    ("erlang", "finish_loading", 1),
    ("erlang", "purge_module", 1),
    ("erlang", "delete_module", 1),
    ("erlang", "load_nif", 2),
    ("code", "load_file", 1),
    ("code", "load_abs", 1),
    ("code", "load_binary", 3),
    ("code", "atomic_load", 1),
    ("code", "prepare_loading", 1),
    ("code", "finish_loading", 1),
    ("code", "purge", 1),
    ("code", "soft_purge", 1),
    ("code", "delete", 1),
    ("code", "add_path", 1),
    ("code", "add_patha", 1),
    ("code", "add_pathz", 1),
    ("code", "add_paths", 1),
    ("code", "add_pathsa", 1),
    ("code", "add_pathsz", 1),
    ("code", "set_path", 1),
    ("code", "replace_path", 2),
    ("code", "del_path", 1),
];

/// Modules of the VM's own carried code all of whose functions are
/// [`Class::VmInternal`].
pub const VM_INTERNAL_MODULES: &[&str] = &["cordon_file_client"];

/// Single [`Class::VmInternal`] functions of carried modules that also have
/// functions Erlang code may call (init's are BIFs such as `init:stop/0`).
pub const VM_INTERNAL: &[(&str, &str, u32)] = &[("init", "do_boot", 3), ("init", "idle", 0)];

/// Returns how policies treat `module:function/arity`.
pub fn classify(module: &str, function: &str, arity: u32) -> Class {
    if module == "erlang" && PURE_ERLANG.contains(&(function, arity)) {
        Class::Pure
    } else if GLOBAL_CHANGE.contains(&(module, function, arity)) {
        Class::GlobalChange
    } else if FORGE.contains(&(module, function, arity)) {
        Class::Forge
    } else if VM_INTERNAL_MODULES.contains(&module)
        || VM_INTERNAL.contains(&(module, function, arity))
    {
        Class::VmInternal
    } else {
        Class::Ordinary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_bifs_are_pure() {
        assert_eq!(classify("erlang", "is_atom", 1), Class::Pure);
        assert_eq!(classify("erlang", "element", 2), Class::Pure);
        assert_eq!(classify("erlang", "self", 0), Class::Pure);
    }

    #[test]
    fn sends_judged_by_destination() {
        // Their destination is checked as a name or a node, not their MFA.
        assert_eq!(classify("erlang", "send", 2), Class::Pure);
        assert_eq!(classify("erlang", "send_nosuspend", 2), Class::Pure);
        assert_eq!(classify("erlang", "send_nosuspend", 3), Class::Pure);
    }

    #[test]
    fn other_bifs_are_ordinary() {
        assert_eq!(classify("erlang", "whereis", 1), Class::Ordinary);
        assert_eq!(classify("erlang", "is_atom", 2), Class::Ordinary);
        assert_eq!(classify("lists", "reverse", 1), Class::Ordinary);
        assert_eq!(classify("os", "cmd", 1), Class::Ordinary);
    }

    #[test]
    fn pid_makers_forge() {
        assert_eq!(classify("erlang", "list_to_pid", 1), Class::Forge);
        assert_eq!(classify("erlang", "processes", 0), Class::Forge);
        assert_eq!(classify("ets", "all", 0), Class::Forge);
    }

    #[test]
    fn vm_code_is_internal() {
        assert_eq!(
            classify("cordon_file_client", "consult", 1),
            Class::VmInternal
        );
        assert_eq!(
            classify("cordon_file_client", "module_info", 0),
            Class::VmInternal
        );
        assert_eq!(classify("init", "do_boot", 3), Class::VmInternal);
        assert_eq!(classify("init", "stop", 0), Class::Ordinary);
    }

    #[test]
    fn loading_changes_code() {
        assert_eq!(classify("code", "load_binary", 3), Class::GlobalChange);
        assert_eq!(classify("erlang", "purge_module", 1), Class::GlobalChange);
    }
}
