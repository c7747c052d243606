//! The code server: loaded modules, the export table, BIF lookup and the
//! code path.
//!
//! Modules get a slot number when loaded; a [`CodePtr`] names a slot and an
//! instruction index. Slots are written once and read without locks.
//! Export entries are created on first mention (by an import, an apply or
//! a `fun M:F/A`) and are never freed, so instructions and fun objects can
//! hold `&'static Export`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicPtr, AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

use crate::atom::Atom;
use crate::bif::BifDef;
use crate::fun::{Export, FunEntry};
use crate::instr::{Instr, Label};
use crate::term::{CodePtr, Term};

/// Maximum number of module versions loaded over a VM's life.
pub const MAX_MODULE_SLOTS: usize = 1 << 16;

/// A function of a loaded module.
#[derive(Debug, Clone, Copy)]
pub struct FunctionInfo {
    pub name: Atom,
    pub arity: u32,
    /// Index of the function's `func_info` instruction.
    pub start: Label,
    /// Index of the first instruction of the body.
    pub entry: Label,
}

/// A loaded module version.
#[derive(Debug)]
pub struct Module {
    pub name: Atom,
    /// Where the code came from: a file path, or `(cordon)/NAME.beam` for
    /// a module Cordon carries.
    pub origin: String,
    pub slot: u32,
    pub code: Box<[Instr]>,
    /// Functions sorted by `start`.
    pub functions: Box<[FunctionInfo]>,
    pub exports: Box<[(Atom, u32, Label)]>,
    /// `(instruction index, line, file index)` sorted by instruction index:
    /// the source line of the code from each index on.
    pub lines: Box<[(Label, u32, u32)]>,
    pub files: Box<[String]>,
    /// Owns the literal terms the code refers to; never collected.
    pub literals: crate::heap::Heap,
    pub strings: Box<[u8]>,
    pub funs: Box<[&'static FunEntry]>,
    /// The `Attr` chunk as a term list, or `[]`.
    pub attributes: Term,
    /// The `CInf` chunk as a term list, or `[]`.
    pub compile_info: Term,
    pub md5: [u8; 16],
    /// Entry of the `on_load` function, if the module has one.
    pub on_load: Option<Label>,
    /// One slot per checked call site ([`crate::instr::SiteId`]): the id of
    /// the last policy stack that permitted the call, or 0.
    pub sites: Box<[AtomicU64]>,
}

// SAFETY: a module is immutable after loading; its terms point only into
// its own literal fragment.
unsafe impl Sync for Module {}
// SAFETY: as above.
unsafe impl Send for Module {}

impl Module {
    /// Returns whether this module is part of the VM: one of [`VM_CODE`] as
    /// Cordon carries it. Its own static calls are the VM's work, so
    /// policies do not judge them. The calls it makes on behalf of Erlang
    /// code, such as init's entry calls and every apply or fun call, are
    /// judged like any other.
    pub fn is_vm_code(&self) -> bool {
        VM_CODE.contains(&self.name.name())
            && self
                .origin
                .strip_prefix("(cordon)/")
                .and_then(|f| f.strip_suffix(".beam"))
                == Some(self.name.name())
    }

    /// Returns the function containing instruction `index`.
    pub fn function_at(&self, index: Label) -> Option<&FunctionInfo> {
        let pos = self.functions.partition_point(|f| f.start <= index);
        pos.checked_sub(1).map(|p| &self.functions[p])
    }

    /// Returns the source file and line of instruction `index`, if known.
    pub fn line_at(&self, index: Label) -> Option<(&str, u32)> {
        let pos = self.lines.partition_point(|&(at, _, _)| at <= index);
        let &(at, line, file) = self.lines.get(pos.checked_sub(1)?)?;
        let function = self.function_at(index)?;
        if at < function.start || line == 0 {
            return None;
        }
        Some((self.files.get(file as usize)?.as_str(), line))
    }

    pub fn exported(&self, function: Atom, arity: u32) -> Option<Label> {
        self.exports
            .iter()
            .find(|&&(f, a, _)| f == function && a == arity)
            .map(|&(_, _, l)| l)
    }
}

/// The modules of OTP 25's `erts/ebin`, which erl loads at boot and for
/// which `code:which/1` returns `preloaded`.
const ERTS_PRELOADED: &[&str] = &[
    "atomics",
    "counters",
    "erl_init",
    "erl_prim_loader",
    "erl_tracer",
    "erlang",
    "erts_code_purger",
    "erts_dirty_process_signal_handler",
    "erts_internal",
    "erts_literal_area_collector",
    "init",
    "persistent_term",
    "prim_buffer",
    "prim_eval",
    "prim_file",
    "prim_inet",
    "prim_net",
    "prim_socket",
    "prim_zip",
    "socket_registry",
    "zlib",
];

/// Loaded modules, exports and where to find more.
pub struct CodeServer {
    slots: Box<[AtomicPtr<Module>]>,
    slot_count: AtomicU32,
    current: RwLock<HashMap<Atom, u32>>,
    exports: Mutex<HashMap<(Atom, Atom, u32), &'static Export>>,
    bifs: HashMap<(Atom, Atom, u32), BifDef>,
    /// OTP's preloaded modules that Cordon implements with BIFs alone,
    /// such as `erlang`.
    native_modules: HashSet<Atom>,
    paths: RwLock<Vec<PathBuf>>,
    /// Serialises loading, so two processes calling into the same missing
    /// module load it once.
    load_lock: Mutex<()>,
    /// Modules that the code path does not have, remembered so repeated
    /// calls to them fail fast with `undef`.
    missing: Mutex<HashMap<Atom, ()>>,
    /// Binaries of modules that Cordon itself carries, by name.
    preloaded: HashMap<&'static str, &'static [u8]>,
    /// One more than the highest X register any loaded instruction names.
    x_registers_used: AtomicU32,
}

impl std::fmt::Debug for CodeServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeServer").finish_non_exhaustive()
    }
}

/// Failure to load a module.
#[derive(Debug)]
pub enum LoadFailure {
    /// No file for the module on the code path.
    NotFound(Atom),
    /// The file exists but could not be read.
    Io(PathBuf, std::io::Error),
    /// The file is not a valid module.
    Invalid(String),
    /// The module has an `on_load` function and a restricted process's
    /// call would have loaded it.
    OnLoadRestricted(Atom),
}

/// Why `erlang:load_module/2` did not load a binary.
#[derive(Debug)]
pub enum LoadModuleFailure {
    /// The binary is not a valid module, or defines another module.
    BadFile(String),
    /// The module has an `on_load` function.
    OnLoad,
}

impl std::fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadFailure::NotFound(m) => write!(f, "module '{m}' not found on the code path"),
            LoadFailure::Io(path, e) => write!(f, "reading {}: {e}", path.display()),
            LoadFailure::Invalid(msg) => f.write_str(msg),
            LoadFailure::OnLoadRestricted(m) => write!(
                f,
                "module '{m}' has an on_load function, which a process with a call \
                 policy may not trigger; load it from an unrestricted process first"
            ),
        }
    }
}

/// Carried modules loaded in place of OTP's modules of the same name,
/// because OTP's depend on services Cordon does not run: `logger` needs
/// ETS and the logger server.
pub const REPLACES_OTP: &[&str] = &["logger"];

/// Carried modules that do the VM's own work in the calling process:
/// `init` runs the entry calls, and `cordon_file_client` carries out the
/// `file` BIFs on an open file's I/O server. They are found before the
/// code path, so a module of the same name there cannot take their place.
pub const VM_CODE: &[&str] = &["init", "cordon_file_client"];

impl CodeServer {
    pub fn new(bifs: &[&[BifDef]], preloaded: &[(&'static str, &'static [u8])]) -> CodeServer {
        let slots = (0..MAX_MODULE_SLOTS)
            .map(|_| AtomicPtr::new(std::ptr::null_mut()))
            .collect();
        let mut table = HashMap::new();
        let mut native_modules = HashSet::new();
        for group in bifs {
            for def in group.iter() {
                let key = (
                    Atom::from_static(def.module),
                    Atom::from_static(def.function),
                    def.arity,
                );
                if ERTS_PRELOADED.contains(&def.module) {
                    native_modules.insert(key.0);
                }
                table.insert(key, *def);
            }
        }
        CodeServer {
            slots,
            slot_count: AtomicU32::new(0),
            current: RwLock::new(HashMap::new()),
            exports: Mutex::new(HashMap::new()),
            bifs: table,
            native_modules,
            paths: RwLock::new(Vec::new()),
            load_lock: Mutex::new(()),
            missing: Mutex::new(HashMap::new()),
            preloaded: preloaded.iter().copied().collect(),
            x_registers_used: AtomicU32::new(0),
        }
    }

    /// Returns the module in `slot`.
    ///
    /// # Panics
    /// Panics when no module was ever loaded into `slot`, which would mean
    /// a code pointer was forged.
    #[inline]
    pub fn module(&self, slot: u32) -> &'static Module {
        let ptr = self.slots[slot as usize].load(Ordering::Acquire);
        assert!(
            !ptr.is_null(),
            "code pointer names empty module slot {slot}"
        );
        // SAFETY: non-null slots hold modules leaked by `install`, which
        // are never freed.
        unsafe { &*ptr }
    }

    /// Returns the current version of a module, if loaded.
    pub fn current(&self, name: Atom) -> Option<&'static Module> {
        let slot = *self
            .current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&name)?;
        Some(self.module(slot))
    }

    /// Makes `name` no longer current, as `code:delete/1` does, and returns
    /// whether it was. Processes running its code go on running it; a
    /// later call to one of its functions loads it again from the code
    /// path.
    pub fn delete(&self, name: Atom) -> bool {
        let Some(slot) = self
            .current
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&name)
        else {
            return false;
        };
        for &(f, a, _) in self.module(slot).exports.iter() {
            self.export(name, f, a).set_code(None);
        }
        log::debug!("deleted module {name} from slot {slot}");
        true
    }

    /// Returns whether `name` is one of OTP's preloaded modules that
    /// Cordon implements natively, such as `erlang`.
    pub fn is_native_module(&self, name: Atom) -> bool {
        self.native_modules.contains(&name)
    }

    pub fn loaded_modules(&self) -> Vec<Atom> {
        let mut names: Vec<Atom> = self
            .current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .copied()
            .collect();
        names.sort_by_key(|a| a.name());
        names
    }

    /// Returns the BIF implementing `m:f/a`, if any.
    pub fn bif(&self, module: Atom, function: Atom, arity: u32) -> Option<&BifDef> {
        self.bifs.get(&(module, function, arity))
    }

    /// Returns the export entry for `m:f/a`, creating it if needed.
    pub fn export(&self, module: Atom, function: Atom, arity: u32) -> &'static Export {
        let mut exports = self.exports.lock().unwrap_or_else(|e| e.into_inner());
        exports.entry((module, function, arity)).or_insert_with(|| {
            let bif = self.bifs.get(&(module, function, arity)).map(|d| d.f);
            Box::leak(Box::new(Export::new(module, function, arity, bif)))
        })
    }

    /// Returns one more than the highest X register that any loaded
    /// instruction names. Code can read no register at or above it.
    pub fn x_registers_used(&self) -> usize {
        self.x_registers_used.load(Ordering::Acquire) as usize
    }

    /// Records that loaded code names X registers below `count`.
    pub fn note_x_registers(&self, count: usize) {
        self.x_registers_used
            .fetch_max(count as u32, Ordering::AcqRel);
    }

    /// Reserves the slot for a module being loaded.
    pub fn reserve_slot(&self) -> Option<u32> {
        let slot = self.slot_count.fetch_add(1, Ordering::AcqRel);
        if slot as usize >= MAX_MODULE_SLOTS {
            return None;
        }
        Some(slot)
    }

    /// Makes a translated module current: fills its slot and points its
    /// exports at its code.
    pub fn install(&self, module: Module) -> &'static Module {
        let slot = module.slot;
        let module: &'static Module = Box::leak(Box::new(module));
        self.slots[slot as usize].store(module as *const Module as *mut Module, Ordering::Release);
        // Exports of the previous version that the new one no longer has
        // stop pointing at old code.
        if let Some(old) = self.current(module.name) {
            for &(f, a, _) in old.exports.iter() {
                if module.exported(f, a).is_none() {
                    self.export(module.name, f, a).set_code(None);
                }
            }
        }
        for &(f, a, label) in module.exports.iter() {
            self.export(module.name, f, a).set_code(Some(CodePtr {
                module: slot,
                index: label,
            }));
        }
        self.current
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(module.name, slot);
        self.missing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&module.name);
        log::debug!("loaded module {} into slot {slot}", module.name);
        module
    }

    // ---- code path ----

    pub fn add_path_front(&self, dir: PathBuf) {
        self.paths
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(0, dir);
    }

    pub fn add_path_back(&self, dir: PathBuf) {
        self.paths
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(dir);
    }

    /// Removes the first directory of the code path for which `matches`
    /// is true, and returns whether there was one.
    pub fn remove_path(&self, matches: impl Fn(&Path) -> bool) -> bool {
        let mut paths = self.paths.write().unwrap_or_else(|e| e.into_inner());
        match paths.iter().position(|p| matches(p)) {
            Some(index) => {
                paths.remove(index);
                true
            }
            None => false,
        }
    }

    /// Replaces the first directory for which `matches` is true by `dir`,
    /// and returns whether there was one.
    pub fn replace_path(&self, matches: impl Fn(&Path) -> bool, dir: PathBuf) -> bool {
        let mut paths = self.paths.write().unwrap_or_else(|e| e.into_inner());
        match paths.iter_mut().find(|p| matches(p)) {
            Some(slot) => {
                *slot = dir;
                true
            }
            None => false,
        }
    }

    /// Replaces the whole code path.
    pub fn set_paths(&self, dirs: Vec<PathBuf>) {
        *self.paths.write().unwrap_or_else(|e| e.into_inner()) = dirs;
    }

    pub fn paths(&self) -> Vec<PathBuf> {
        self.paths.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Finds the object code of `module`: a `.beam` file on the code path,
    /// or a module Cordon carries. A carried module in [`REPLACES_OTP`] or
    /// [`VM_CODE`] comes before the code path.
    pub fn find_object_code(&self, module: Atom) -> Result<(Vec<u8>, String), LoadFailure> {
        let file_name = format!("{}.beam", module.name());
        if REPLACES_OTP.contains(&module.name()) || VM_CODE.contains(&module.name()) {
            if let Some(bytes) = self.preloaded.get(module.name()) {
                return Ok((bytes.to_vec(), format!("(cordon)/{file_name}")));
            }
        }
        for dir in self.paths() {
            let path = dir.join(&file_name);
            if path.is_file() {
                return std::fs::read(&path)
                    .map(|bytes| (bytes, path.display().to_string()))
                    .map_err(|e| LoadFailure::Io(path, e));
            }
        }
        if let Some(bytes) = self.preloaded.get(module.name()) {
            return Ok((bytes.to_vec(), format!("(cordon)/{file_name}")));
        }
        Err(LoadFailure::NotFound(module))
    }

    /// Loads `module` from the code path unless it is loaded already.
    pub fn ensure_loaded(&self, module: Atom) -> Result<&'static Module, LoadFailure> {
        self.ensure_loaded_for(module, false)
    }

    /// Loads `module` from the code path unless it is loaded. For a
    /// `restricted` process, a module with an `on_load` function is left
    /// unloaded: OTP runs that function in a process of the code server,
    /// which has no policy, so loading it would run code unrestricted.
    // TODO: on_load functions are never run yet; run them in the process
    // that triggers the load, under its policy, and drop this refusal.
    pub fn ensure_loaded_for(
        &self,
        module: Atom,
        restricted: bool,
    ) -> Result<&'static Module, LoadFailure> {
        if let Some(m) = self.current(module) {
            return Ok(m);
        }
        if self
            .missing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(&module)
        {
            return Err(LoadFailure::NotFound(module));
        }
        let _guard = self.load_lock.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(m) = self.current(module) {
            return Ok(m);
        }
        let (bytes, origin) = match self.find_object_code(module) {
            Ok(found) => found,
            Err(e) => {
                if matches!(e, LoadFailure::NotFound(_)) {
                    self.missing
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(module, ());
                }
                return Err(e);
            }
        };
        // Checked before translation, which takes a module slot for good,
        // so repeated refused calls cannot use the slots up.
        if restricted && crate::load::has_on_load(&bytes, &origin) {
            return Err(LoadFailure::OnLoadRestricted(module));
        }
        let loaded = match crate::load::load(self, &bytes, &origin) {
            Ok(loaded) => loaded,
            Err(e) => {
                log::warn!("loading module {module} failed: {e}");
                // Later calls fail fast instead of loading and warning again.
                self.missing
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(module, ());
                return Err(LoadFailure::Invalid(e.to_string()));
            }
        };
        if loaded.name != module {
            return Err(LoadFailure::Invalid(format!(
                "{origin} defines module '{}', expected '{module}'",
                loaded.name
            )));
        }
        Ok(self.install(loaded))
    }

    /// Loads a module from a binary, replacing the current version.
    pub fn load_binary(&self, bytes: &[u8], origin: &str) -> Result<&'static Module, LoadFailure> {
        let _guard = self.load_lock.lock().unwrap_or_else(|e| e.into_inner());
        let loaded = crate::load::load(self, bytes, origin)
            .map_err(|e| LoadFailure::Invalid(e.to_string()))?;
        Ok(self.install(loaded))
    }

    /// Loads the module `expected` from a binary for `erlang:load_module/2`.
    /// Unlike [`CodeServer::load_binary`], it installs nothing when the
    /// binary defines another module or has an `on_load` function, which
    /// Cordon does not run.
    pub fn load_module_binary(
        &self,
        expected: Atom,
        bytes: &[u8],
        origin: &str,
    ) -> Result<&'static Module, LoadModuleFailure> {
        let _guard = self.load_lock.lock().unwrap_or_else(|e| e.into_inner());
        // NOTE: a rejected binary keeps the module slot that translating it
        // reserved.
        let loaded = crate::load::load(self, bytes, origin)
            .map_err(|e| LoadModuleFailure::BadFile(e.to_string()))?;
        if loaded.name != expected {
            return Err(LoadModuleFailure::BadFile(format!(
                "{origin}: module name in object code is '{}', expected '{expected}'",
                loaded.name
            )));
        }
        if loaded.on_load.is_some() {
            return Err(LoadModuleFailure::OnLoad);
        }
        Ok(self.install(loaded))
    }

    /// Returns the directory OTP is installed in: the root of the `erl` on
    /// the PATH, else `/usr/lib/erlang`, if either exists.
    pub fn find_otp_root() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&path) {
                let erl = dir.join("erl");
                if let Ok(real) = std::fs::canonicalize(&erl) {
                    // erl lives in ROOT/bin/erl, usually behind a symlink.
                    if let Some(root) = real.parent().and_then(Path::parent) {
                        if root.join("lib").is_dir() {
                            return Some(root.to_path_buf());
                        }
                    }
                }
            }
        }
        let default = PathBuf::from("/usr/lib/erlang");
        default.join("lib").is_dir().then_some(default)
    }

    /// Adds the `ebin` directories of an OTP installation to the end of the
    /// code path, in the order erl uses: kernel and stdlib first.
    pub fn add_otp_paths(&self, root: &Path) {
        let Ok(entries) = std::fs::read_dir(root.join("lib")) else {
            return;
        };
        // erts's ebin contains OTP's preloaded modules (erlang, init, prim_*),
        // whose work Cordon does natively; loading them would shadow that.
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with("erts-"))
            .map(|e| e.path().join("ebin"))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort_by_key(|p| {
            let name = p
                .parent()
                .and_then(|d| d.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let rank = if name.starts_with("kernel-") {
                0
            } else if name.starts_with("stdlib-") {
                1
            } else {
                2
            };
            (rank, name)
        });
        for dir in dirs {
            self.add_path_back(dir);
        }
    }
}
