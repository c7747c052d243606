//! Call policies as the VM enforces them: the per-process stack of
//! layers, the checks at call sites, applies, fun calls, spawns and name
//! uses, and what a violation does.
//!
//! Every check starts by testing the process's flags byte, so a process
//! without a policy pays one byte test per checked call. A static call
//! site then compares the id of the stack it last permitted with the
//! process's stack id. Only a miss reaches [`check_site`], which judges
//! the call against every layer and caches the id when all permit it.
//! Stacks are immutable and their ids never reused, so a cached id is
//! always a valid "permitted" bit. Calls chosen at run time (apply, fun
//! calls, spawns) are judged each time.

use std::io::Write;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

use cordon_guards::{self as guards, Action, Caller, Class, Value, Verdict, learn::Learned};

use crate::atom::{self, Atom};
use crate::code::Module;
use crate::exception::{Class as ExceptionClass, Exception};
use crate::fun::{self, Export, FunEntry};
use crate::heap::{self, Heap};
use crate::instr::SiteId;
use crate::map;
use crate::process::Process;
use crate::term::{HeaderTag, Term};

pub type Stack = guards::Stack<Atom>;
pub type Policy = guards::Policy<Atom>;
pub type Mfa = guards::Mfa<Atom>;

impl guards::AtomName for Atom {
    fn name(&self) -> &str {
        Atom::name(*self)
    }
}

/// Deepest nesting of a specification term that is converted; deeper
/// parts become [`Value::Other`] and make the specification invalid.
const MAX_SPEC_DEPTH: usize = 16;

impl Process {
    /// Replaces the process's policy stack and the flags byte and stack id
    /// derived from it.
    pub fn set_policy(&mut self, stack: Option<Arc<Stack>>) {
        self.policy_flags = stack.as_ref().map_or(0, |s| s.flags());
        self.policy_id = stack.as_ref().map_or(0, |s| s.id());
        self.policy = stack;
    }
}

/// Returns the MFA of `export`.
pub fn export_mfa(export: &Export) -> Mfa {
    Mfa {
        module: export.module,
        function: export.function,
        arity: export.arity,
    }
}

/// Returns the MFA that policies judge for a local fun: the generated
/// function that implements it, with its full arity.
pub fn closure_mfa(entry: &FunEntry) -> Mfa {
    Mfa {
        module: entry.module,
        function: entry.function,
        arity: entry.arity,
    }
}

/// Returns the MFA of a BIF by name, for violations named after the BIF
/// a process called.
pub fn bif_mfa(function: &str, arity: u32) -> Mfa {
    Mfa {
        module: atom::ERLANG,
        function: Atom::from_static(function),
        arity,
    }
}

/// The call, name use or spawn a check judged, for the violation's name
/// and for `--learn`.
#[derive(Clone, Copy, Debug)]
enum Subject {
    Call(Mfa, Class),
    Name(Atom, Mfa),
    Spawn(Mfa),
    Remote(Mfa),
}

impl Subject {
    fn mfa(self) -> Mfa {
        match self {
            Subject::Call(mfa, _) => mfa,
            Subject::Name(_, bif) | Subject::Spawn(bif) | Subject::Remote(bif) => bif,
        }
    }
}

/// Judges the static call at `site` of `module`, the slow path of a call
/// site whose cached stack id differs from the process's. Caches the id
/// when every layer permits the call. `args_in_x` is set for the call
/// instructions, whose arguments are in x(0) and up.
#[cold]
#[inline(never)]
pub fn check_site(
    proc: &mut Process,
    module: &Module,
    site: SiteId,
    export: &Export,
    args_in_x: bool,
) -> Result<(), Exception> {
    // A `bif` op takes its arguments from its own operands, so x(0) does
    // not contain them there.
    if (args_in_x && is_tightening(proc, export)) || module.is_vm_code() {
        return Ok(());
    }
    let mfa = export_mfa(export);
    let caller = Caller::Static(Some(module.name));
    let Some(stack) = &proc.policy else {
        return Ok(());
    };
    let verdict = stack.check_call(&mfa, export.class, caller);
    if verdict.is_clean() {
        if let Some(slot) = module.sites.get(site.0 as usize) {
            slot.store(stack.id(), Ordering::Relaxed);
        }
        return Ok(());
    }
    enforce(proc, verdict, Subject::Call(mfa, export.class))
}

/// Judges a call to `export` whose target was chosen at run time: apply,
/// an export fun, a BIF's trap. The export caches the id of the last
/// stack that permitted it, as a call site does, because without a
/// trusted caller the verdict depends on the stack and the MFA alone.
#[inline]
pub fn check_export(proc: &mut Process, export: &Export) -> Result<(), Exception> {
    if export.permitted.load(Ordering::Relaxed) == proc.policy_id {
        return Ok(());
    }
    judge_export(proc, export)
}

#[cold]
#[inline(never)]
fn judge_export(proc: &mut Process, export: &Export) -> Result<(), Exception> {
    if is_tightening(proc, export) {
        return Ok(());
    }
    let mfa = export_mfa(export);
    let Some(stack) = &proc.policy else {
        return Ok(());
    };
    let verdict = stack.check_call(&mfa, export.class, Caller::Dynamic);
    if verdict.is_clean() {
        export.permitted.store(stack.id(), Ordering::Relaxed);
        return Ok(());
    }
    enforce(proc, verdict, Subject::Call(mfa, export.class))
}

/// Returns whether the call about to run is `process_flag(policy, _)`,
/// which every policy permits because it can only add a layer. Its
/// arguments are in x(0) and x(1) at every call path that reaches here.
fn is_tightening(proc: &Process, export: &Export) -> bool {
    export.module == atom::ERLANG
        && export.function == atom::PROCESS_FLAG
        && export.arity == 2
        && proc.x[0] == Term::atom(atom::POLICY)
}

/// Judges a call of the local fun implemented by `entry`, which caches
/// the id of the last stack that permitted it.
#[inline]
pub fn check_closure(proc: &mut Process, entry: &FunEntry) -> Result<(), Exception> {
    if entry.permitted.load(Ordering::Relaxed) == proc.policy_id {
        return Ok(());
    }
    judge_closure(proc, entry)
}

#[cold]
#[inline(never)]
fn judge_closure(proc: &mut Process, entry: &FunEntry) -> Result<(), Exception> {
    let mfa = closure_mfa(entry);
    let Some(stack) = &proc.policy else {
        return Ok(());
    };
    let verdict = stack.check_call(&mfa, Class::Ordinary, Caller::Dynamic);
    if verdict.is_clean() {
        entry.permitted.store(stack.id(), Ordering::Relaxed);
        return Ok(());
    }
    enforce(proc, verdict, Subject::Call(mfa, Class::Ordinary))
}

/// Judges a BIF call that would hand the process pids it was not given,
/// such as `binary_to_term/1` decoding a pid or `process_info/2` of
/// another process, as a [`Class::Forge`] call of `bif`.
pub fn check_forge(proc: &mut Process, bif: Mfa) -> Result<(), Exception> {
    check_as(proc, bif, Class::Forge)
}

/// Judges a BIF call that would change what another process runs or
/// reads, such as `group_leader/2` on another process, as a
/// [`Class::GlobalChange`] call of `bif`, which no layer permits.
pub fn check_global_change(proc: &mut Process, bif: Mfa) -> Result<(), Exception> {
    check_as(proc, bif, Class::GlobalChange)
}

fn check_as(proc: &mut Process, bif: Mfa, class: Class) -> Result<(), Exception> {
    let Some(stack) = &proc.policy else {
        return Ok(());
    };
    let verdict = stack.check_call(&bif, class, Caller::Dynamic);
    enforce(proc, verdict, Subject::Call(bif, class))
}

/// Returns whether `t` contains a pid, a port or a reference (which may
/// be a process alias), counting the creator pid that every local fun
/// carries.
pub fn holds_capability(t: Term) -> bool {
    let mut pending = vec![t];
    while let Some(t) = pending.pop() {
        if t.is_pid() || t.is_port() || t.is_reference() {
            return true;
        }
        if t.is_cons() {
            pending.push(t.head());
            pending.push(t.tail());
            continue;
        }
        match t.boxed_tag() {
            Some(HeaderTag::Fun) => return true,
            Some(HeaderTag::Tuple) => {
                let n = t.tuple_arity().unwrap_or(0);
                pending.extend((0..n).map(|i| t.element(i)));
            }
            Some(HeaderTag::Map) => {
                for (k, v) in map::iter(t) {
                    pending.push(k);
                    pending.push(v);
                }
            }
            _ => {}
        }
    }
    false
}

/// Judges a use of the registered name `name` by the BIF `bif`.
pub fn check_name(proc: &mut Process, name: Atom, bif: Mfa) -> Result<(), Exception> {
    let Some(stack) = proc.policy.clone() else {
        return Ok(());
    };
    let verdict = stack.check_name(name);
    enforce(proc, verdict, Subject::Name(name, bif))
}

/// Judges a send to or a spawn on another node by the BIF `bif`.
pub fn check_remote(proc: &mut Process, bif: Mfa) -> Result<(), Exception> {
    let Some(stack) = proc.policy.clone() else {
        return Ok(());
    };
    let verdict = stack.check_remote();
    enforce(proc, verdict, Subject::Remote(bif))
}

/// The first call of a spawned process.
#[derive(Clone, Copy, Debug)]
pub enum Start {
    /// `module:function` applied to the argument list.
    Mfa(Atom, Atom, Term),
    /// A fun of arity 0.
    Fun(Term),
}

/// Judges a spawn by the BIF `bif` and returns the stack the child starts
/// with: the parent's inherited layers plus `layers`. The child's initial
/// call is judged against that stack here, in the parent, so a denied
/// spawn fails in the caller and no child is created.
pub fn prepare_spawn(
    proc: &mut Process,
    bif: Mfa,
    start: Start,
    layers: Vec<Policy>,
) -> Result<Option<Arc<Stack>>, Exception> {
    if let Some(stack) = proc.policy.clone() {
        let verdict = stack.check_spawn();
        enforce(proc, verdict, Subject::Spawn(bif))?;
    }
    let child = Stack::for_child(proc.policy.as_ref(), layers);
    let Some(stack) = &child else {
        return Ok(None);
    };
    let (mfa, class) = match start {
        Start::Mfa(m, f, args) => {
            let arity = crate::bif::list_length(args).unwrap_or(0) as u32;
            let export = proc.vm.code.export(m, f, arity);
            (export_mfa(export), export.class)
        }
        Start::Fun(f) => match f.boxed_tag() {
            Some(HeaderTag::Fun) => (closure_mfa(fun::closure_entry(f)), Class::Ordinary),
            Some(HeaderTag::Export) => {
                let export = fun::export_of(f);
                (export_mfa(export), export.class)
            }
            _ => return Err(Exception::badarg()),
        },
    };
    let verdict = stack.check_call(&mfa, class, Caller::Dynamic);
    enforce(proc, verdict, Subject::Call(mfa, class))?;
    Ok(child)
}

/// Carries out `verdict`: records it, then lets the call through, raises
/// in the caller, or ends the process.
fn enforce(proc: &mut Process, verdict: Verdict, subject: Subject) -> Result<(), Exception> {
    if verdict.learn {
        proc.vm.policy_log.learn(subject);
    }
    let Some(action) = verdict.action else {
        return Ok(());
    };
    let mfa = subject.mfa();
    proc.vm.policy_log.record(proc, mfa, action, verdict.layer);
    if action == Action::Log {
        return Ok(());
    }
    let m = heap::tuple(
        &mut proc.heap,
        &[
            Term::atom(mfa.module),
            Term::atom(mfa.function),
            Term::small_unchecked(mfa.arity as i64),
        ],
    );
    let reason = heap::tuple(&mut proc.heap, &[Term::atom(atom::POLICY_VIOLATION), m]);
    if action == Action::Kill {
        proc.pending_exit = Some(reason);
        return Err(Exception::new(ExceptionClass::Exit, reason));
    }
    Err(Exception::error(reason))
}

/// The destinations of violations and learned calls: the `--audit` file
/// or standard error, and the `--learn` record.
#[derive(Default)]
pub struct PolicyLog {
    audit: Mutex<Option<Box<dyn Write + Send>>>,
    learned: Mutex<Learned<Atom>>,
}

impl std::fmt::Debug for PolicyLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicyLog").finish_non_exhaustive()
    }
}

impl PolicyLog {
    /// Sends audit records to `out` instead of standard error.
    pub fn set_audit(&self, out: Box<dyn Write + Send>) {
        *self.audit.lock().unwrap_or_else(|e| e.into_inner()) = Some(out);
    }

    fn record(&self, proc: &Process, mfa: Mfa, action: Action, layer: usize) {
        let pid = crate::bif::erlang_code::pid_text(proc.id);
        let mfa = mfa.to_string();
        let mut audit = self.audit.lock().unwrap_or_else(|e| e.into_inner());
        match audit.as_mut() {
            Some(out) => {
                let record = guards::audit::Record {
                    time: jiff::Timestamp::now(),
                    pid: &pid,
                    mfa: &mfa,
                    action,
                    layer,
                };
                let line = record.to_json_line();
                if let Err(e) = writeln!(out, "{line}").and_then(|_| out.flush()) {
                    log::error!("writing the audit record {line} failed: {e}");
                }
            }
            // Without an audit file, a logged call goes to standard error,
            // because nothing else would show it. The other actions raise
            // or end the process, which shows them.
            None if action == Action::Log => {
                drop(audit);
                let line = format!(
                    "cordon: policy violation: {pid} called {mfa}, action log (layer {layer})\n"
                );
                proc.vm.write_stderr(line.as_bytes());
            }
            None => log::info!(
                "policy violation: {pid} called {mfa}, action {} (layer {layer})",
                action.name()
            ),
        }
    }

    fn learn(&self, subject: Subject) {
        let mut learned = self.learned.lock().unwrap_or_else(|e| e.into_inner());
        match subject {
            Subject::Call(mfa, Class::GlobalChange) => learned.record_global_change(mfa),
            Subject::Call(mfa, Class::VmInternal) => learned.record_internal_call(mfa),
            Subject::Call(mfa, _) => learned.record_call(mfa),
            Subject::Name(name, _) => learned.record_name(name),
            Subject::Spawn(_) => learned.record_spawn(),
            Subject::Remote(_) => learned.record_remote(),
        }
    }

    /// Returns the policy file that permits what learning layers saw.
    pub fn learned_policy(&self) -> String {
        self.learned
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .render()
    }
}

// ---- specifications as terms ----

/// Converts a specification term to the form guards parses.
pub fn term_to_value(t: Term) -> Value<Atom> {
    to_value(t, 0)
}

fn to_value(t: Term, depth: usize) -> Value<Atom> {
    if depth > MAX_SPEC_DEPTH {
        return Value::Other("...".to_string());
    }
    if let Some(a) = t.as_atom() {
        return Value::Atom(a);
    }
    if let Some(n) = t.as_small() {
        return Value::Integer(n);
    }
    if t.is_nil() || t.is_cons() {
        if let Some(items) = crate::bif::list_to_vec(t) {
            return Value::List(items.into_iter().map(|i| to_value(i, depth + 1)).collect());
        }
    }
    if let Some(n) = t.tuple_arity() {
        return Value::Tuple((0..n).map(|i| to_value(t.element(i), depth + 1)).collect());
    }
    if t.is_map() {
        return Value::Map(
            map::iter(t)
                .map(|(k, v)| (to_value(k, depth + 1), to_value(v, depth + 1)))
                .collect(),
        );
    }
    Value::Other(crate::print::term_to_string(t))
}

/// Builds `value` as a term on `heap`.
pub fn value_to_term(heap: &mut Heap, value: &Value<Atom>) -> Term {
    match value {
        Value::Atom(a) => Term::atom(*a),
        Value::Integer(n) => crate::bignum::from_i64(heap, *n),
        Value::List(items) => {
            let terms: Vec<Term> = items.iter().map(|i| value_to_term(heap, i)).collect();
            heap::list(heap, &terms)
        }
        Value::Tuple(items) => {
            let terms: Vec<Term> = items.iter().map(|i| value_to_term(heap, i)).collect();
            heap::tuple(heap, &terms)
        }
        Value::Map(pairs) => {
            let terms: Vec<(Term, Term)> = pairs
                .iter()
                .map(|(k, v)| (value_to_term(heap, k), value_to_term(heap, v)))
                .collect();
            map::from_pairs(heap, &terms)
        }
        Value::Other(_) => Term::atom(atom::UNDEFINED),
    }
}

/// Returns an error when this build cannot enforce policies.
pub fn ensure_enforced() -> Result<(), String> {
    if cfg!(feature = "no-policy-checks") {
        return Err("this build of cordon has no call-policy checks (feature \
                    no-policy-checks, for benchmarks); build without it to use policies"
            .to_string());
    }
    Ok(())
}

/// Parses a specification term, or raises badarg; `notsup` in a build
/// without policy checks.
pub fn parse_spec(spec: Term) -> Result<Policy, Exception> {
    if let Err(message) = ensure_enforced() {
        log::error!("{message}");
        return Err(Exception::error(Term::atom(Atom::from_static("notsup"))));
    }
    Policy::from_map(&term_to_value(spec)).map_err(|e| {
        log::debug!("{e}");
        Exception::badarg()
    })
}

/// Returns the layers of `stack` as a list of specification maps, oldest
/// first; `[]` without a stack.
pub fn layers_term(heap: &mut Heap, stack: Option<&Stack>) -> Term {
    let Some(stack) = stack else {
        return Term::NIL;
    };
    let mut maps = Vec::with_capacity(stack.layers().len());
    for layer in stack.layers() {
        let value = layer.to_value(&mut |s| Atom::from_static(s));
        maps.push(value_to_term(heap, &value));
    }
    heap::list(heap, &maps)
}

/// Reads a policy file: `{Key, Value}.` terms with the keys of a
/// specification map. Errors name the file and, where it applies, the
/// line.
pub fn read_policy_file(path: &std::path::Path) -> Result<Policy, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the policy file {shown}: {e}"))?;
    let terms = guards::file::parse(&text).map_err(|e| format!("policy file {shown}: {e}"))?;
    let mut pairs = Vec::with_capacity(terms.len());
    for term in terms {
        let mut intern = |name: &String| {
            Atom::intern(name).map_err(|e| format!("policy file {shown}: atom {name:?}: {e}"))
        };
        match term.try_map_atoms(&mut intern)? {
            Value::Tuple(mut kv) if kv.len() == 2 => {
                let value = kv.pop().expect("a pair has two elements");
                let key = kv.pop().expect("a pair has two elements");
                pairs.push((key, value));
            }
            other => {
                return Err(format!(
                    "policy file {shown}: expected {{Key, Value}} terms such as {{mode, allow}}, found {other}"
                ));
            }
        }
    }
    Policy::from_pairs(&pairs).map_err(|e| format!("policy file {shown}: {e}"))
}
