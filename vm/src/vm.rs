//! State shared by every process of one VM: the code server, the process
//! table, registered names, the run queue and timers.

use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::atom::Atom;
use crate::code::CodeServer;
use crate::heap::Fragment;
use crate::process::{ProcessCell, ProcessId, RunState, Signal};
use crate::term::Term;

/// The action a timer takes when it fires.
#[derive(Debug)]
pub enum TimerAction {
    /// Ends a `receive ... after` wait of a process.
    ReceiveTimeout { pid: ProcessId },
    /// Sends a message, for `erlang:send_after` and `erlang:start_timer`.
    Send {
        to: TimerTarget,
        term: Term,
        fragment: Option<Fragment>,
    },
}

// SAFETY: the message term points only into its own fragment.
unsafe impl Send for TimerAction {}

#[derive(Debug, Clone, Copy)]
pub enum TimerTarget {
    Pid(ProcessId),
    Name(Atom),
}

#[derive(Debug)]
struct Timer {
    deadline: Instant,
    id: u64,
    action: TimerAction,
}

impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        self.deadline == other.deadline && self.id == other.id
    }
}
impl Eq for Timer {}
impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timer {
    // Reversed, so the max-heap pops the earliest deadline first.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .deadline
            .cmp(&self.deadline)
            .then(other.id.cmp(&self.id))
    }
}

#[derive(Default)]
struct Timers {
    heap: BinaryHeap<Timer>,
    /// Deadlines of timers not yet fired or cancelled, by id.
    active: HashMap<u64, Instant>,
}

/// The streams the VM writes standard output and standard error to.
pub struct Output {
    pub stdout: Mutex<Box<dyn Write + Send>>,
    pub stderr: Mutex<Box<dyn Write + Send>>,
}

/// Returns the `{M, F, A}` of an entry call that the entry process's
/// policy denied, given its exit reason `{{policy_violation, MFA},
/// Stacktrace}` with the boot runner on top of the stacktrace.
fn denied_entry_call(reason: Term) -> Option<String> {
    if reason.tuple_arity() != Some(2) {
        return None;
    }
    let (violation, trace) = (reason.element(0), reason.element(1));
    if violation.tuple_arity() != Some(2)
        || violation.element(0) != Term::atom(crate::atom::POLICY_VIOLATION)
        || !trace.is_cons()
    {
        return None;
    }
    let top = trace.head();
    if top.tuple_arity() != Some(4) || top.element(0) != Term::atom(crate::atom::INIT) {
        return None;
    }
    let mut text = String::new();
    crate::print::write_term_readable(&mut text, violation.element(1));
    Some(text)
}

/// The state one VM's processes share.
pub struct Vm {
    pub code: CodeServer,
    processes: RwLock<HashMap<ProcessId, Arc<ProcessCell>, ahash::RandomState>>,
    next_pid: AtomicU64,
    registry: Mutex<HashMap<Atom, ProcessId>>,
    /// Active process aliases: reference number to owner.
    aliases: Mutex<HashMap<u64, ProcessId>>,
    run_queue: Mutex<VecDeque<Arc<ProcessCell>>>,
    wakeup: Condvar,
    /// Set while the scheduler waits on `wakeup`, so senders signal the
    /// condition variable only when someone sleeps on it.
    sleeping: AtomicBool,
    timers: Mutex<Timers>,
    next_unique: AtomicU64,
    /// When the VM started, the origin of `erlang:monotonic_time`.
    pub start: Instant,
    /// Exit status requested by `halt`, once requested.
    halt: Mutex<Option<i32>>,
    /// The entry process, whose end stops the scheduler.
    main: Mutex<Option<ProcessId>>,
    /// Exit status of the entry process once it has ended.
    main_done: Mutex<Option<i32>>,
    pub output: Output,
    pub persistent_terms: crate::bif::persistent_term::PersistentTerms,
    pub atomic_arrays: crate::bif::atomics::AtomicArrays,
    pub app_env: crate::bif::application::AppEnv,
    pub ets: crate::ets::Registry,
    pub policy_log: crate::policy::PolicyLog,
}

impl std::fmt::Debug for Vm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vm").finish_non_exhaustive()
    }
}

impl Vm {
    pub fn new(code: CodeServer) -> Arc<Vm> {
        Arc::new(Vm {
            code,
            processes: RwLock::new(HashMap::default()),
            // Low numbers are left free, as OTP's init and system
            // processes occupy them there.
            next_pid: AtomicU64::new(80),
            registry: Mutex::new(HashMap::new()),
            aliases: Mutex::new(HashMap::new()),
            run_queue: Mutex::new(VecDeque::new()),
            wakeup: Condvar::new(),
            sleeping: AtomicBool::new(false),
            timers: Mutex::new(Timers::default()),
            next_unique: AtomicU64::new(1),
            start: Instant::now(),
            halt: Mutex::new(None),
            main: Mutex::new(None),
            main_done: Mutex::new(None),
            output: Output {
                stdout: Mutex::new(Box::new(std::io::BufWriter::new(std::io::stdout()))),
                stderr: Mutex::new(Box::new(std::io::stderr())),
            },
            persistent_terms: Default::default(),
            atomic_arrays: Default::default(),
            app_env: Default::default(),
            ets: Default::default(),
            policy_log: Default::default(),
        })
    }

    pub fn new_pid(&self) -> ProcessId {
        self.next_pid.fetch_add(1, Ordering::Relaxed)
    }

    /// Returns a number unique within this VM, for references and timers.
    pub fn unique(&self) -> u64 {
        self.next_unique.fetch_add(1, Ordering::Relaxed)
    }

    // ---- processes ----

    pub fn insert_process(&self, cell: Arc<ProcessCell>) {
        self.processes
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(cell.id, cell);
    }

    pub fn remove_process(&self, id: ProcessId) {
        self.processes
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
    }

    pub fn process(&self, id: ProcessId) -> Option<Arc<ProcessCell>> {
        self.processes
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .cloned()
    }

    pub fn process_ids(&self) -> Vec<ProcessId> {
        let mut ids: Vec<ProcessId> = self
            .processes
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .copied()
            .collect();
        ids.sort_unstable();
        ids
    }

    pub fn process_count(&self) -> usize {
        self.processes
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    /// Delivers a signal; returns `false` when the process does not exist.
    pub fn send_signal(&self, to: ProcessId, signal: Signal) -> bool {
        let Some(cell) = self.process(to) else {
            return false;
        };
        if cell.inbox.send_signal(signal) {
            self.enqueue(cell);
        }
        true
    }

    /// Puts a runnable process on the run queue.
    pub fn enqueue(&self, cell: Arc<ProcessCell>) {
        debug_assert_eq!(cell.inbox.state(), RunState::Runnable);
        self.run_queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(cell);
        // PERF: Condvar::notify_one makes a system call even when no thread
        // waits. In a perf profile of examples/ring.erl, that system call
        // took about a tenth of the run time.
        if self.sleeping.load(Ordering::Acquire) {
            self.wakeup.notify_one();
        }
    }

    /// Takes the next runnable process, firing due timers first. Waits when
    /// nothing is runnable but a timer is pending; returns `None` when
    /// nothing is runnable and no timer can ever make something runnable.
    pub fn next_runnable(&self) -> Option<Arc<ProcessCell>> {
        loop {
            let next_deadline = self.fire_timers();
            let mut queue = self.run_queue.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(cell) = queue.pop_front() {
                return Some(cell);
            }
            if self.halt_requested().is_some()
                || self
                    .main_done
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .is_some()
            {
                return None;
            }
            match next_deadline {
                Some(deadline) => {
                    let wait = deadline.saturating_duration_since(Instant::now());
                    self.sleeping.store(true, Ordering::Release);
                    let _ = self
                        .wakeup
                        .wait_timeout(queue, wait.max(Duration::from_micros(50)));
                    self.sleeping.store(false, Ordering::Release);
                }
                None => return None,
            }
        }
    }

    // ---- registered names ----

    /// Registers `name` for `pid`; returns `false` when the name is taken.
    pub fn register(&self, name: Atom, pid: ProcessId) -> bool {
        let mut registry = self.registry.lock().unwrap_or_else(|e| e.into_inner());
        if registry.contains_key(&name) {
            return false;
        }
        registry.insert(name, pid);
        true
    }

    pub fn unregister(&self, name: Atom) -> Option<ProcessId> {
        self.registry
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&name)
    }

    /// Returns the name `pid` is registered under, if any.
    pub fn name_of(&self, pid: ProcessId) -> Option<Atom> {
        self.registry
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|&(_, &p)| p == pid)
            .map(|(&name, _)| name)
    }

    /// Removes every name registered for `pid`.
    pub fn unregister_pid(&self, pid: ProcessId) {
        self.registry
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, &mut p| p != pid);
    }

    pub fn whereis(&self, name: Atom) -> Option<ProcessId> {
        self.registry
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&name)
            .copied()
    }

    pub fn registered(&self) -> Vec<Atom> {
        self.registry
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .copied()
            .collect()
    }

    // ---- process aliases ----

    /// Records `reference` as an active alias of `owner`.
    pub fn add_alias(&self, reference: u64, owner: ProcessId) {
        self.aliases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(reference, owner);
    }

    pub fn remove_alias(&self, reference: u64) {
        self.aliases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&reference);
    }

    /// Returns the process whose active alias is the reference term
    /// `reference`. Only references this VM made can be aliases, and those
    /// have a zero second word.
    pub fn alias_owner(&self, reference: Term) -> Option<(u64, ProcessId)> {
        if !reference.is_reference() || reference.word(1) != 0 {
            return None;
        }
        let number = reference.word(0);
        let aliases = self.aliases.lock().unwrap_or_else(|e| e.into_inner());
        aliases.get(&number).map(|&owner| (number, owner))
    }

    // ---- timers ----

    /// Starts a timer and returns its id.
    pub fn start_timer(&self, after: Duration, action: TimerAction) -> u64 {
        let id = self.unique();
        self.start_timer_with_id(id, after, action);
        id
    }

    /// Starts a timer under an id the caller took from [`Vm::unique`].
    pub fn start_timer_with_id(&self, id: u64, after: Duration, action: TimerAction) {
        let deadline = Instant::now() + after;
        let mut timers = self.timers.lock().unwrap_or_else(|e| e.into_inner());
        timers.active.insert(id, deadline);
        timers.heap.push(Timer {
            deadline,
            id,
            action,
        });
        drop(timers);
        self.wakeup.notify_one();
    }

    /// Cancels a timer; returns the time that was left, or `None` when it
    /// had already fired or never existed.
    pub fn cancel_timer(&self, id: u64) -> Option<Duration> {
        let mut timers = self.timers.lock().unwrap_or_else(|e| e.into_inner());
        let deadline = timers.active.remove(&id)?;
        Some(deadline.saturating_duration_since(Instant::now()))
    }

    /// Returns the time left on a timer, or `None` when it is not active.
    pub fn read_timer(&self, id: u64) -> Option<Duration> {
        let timers = self.timers.lock().unwrap_or_else(|e| e.into_inner());
        let deadline = timers.active.get(&id)?;
        Some(deadline.saturating_duration_since(Instant::now()))
    }

    /// Fires every due timer and returns the next pending deadline.
    fn fire_timers(&self) -> Option<Instant> {
        let mut due = Vec::new();
        let next = {
            let mut timers = self.timers.lock().unwrap_or_else(|e| e.into_inner());
            if timers.heap.is_empty() {
                return None;
            }
            let now = Instant::now();
            loop {
                let Some(top) = timers.heap.peek() else {
                    break None;
                };
                if top.deadline > now {
                    break Some(top.deadline);
                }
                let timer = timers.heap.pop().expect("peeked");
                if timers.active.remove(&timer.id).is_some() {
                    due.push(timer);
                }
            }
        };
        for timer in due {
            match timer.action {
                TimerAction::ReceiveTimeout { pid } => {
                    self.send_signal(pid, Signal::Timeout { timer: timer.id });
                }
                TimerAction::Send { to, term, fragment } => {
                    let pid = match to {
                        TimerTarget::Pid(pid) => Some(pid),
                        TimerTarget::Name(name) => self.whereis(name),
                    };
                    if let Some(pid) = pid {
                        self.send_signal(pid, Signal::Message { term, fragment });
                    }
                }
            }
        }
        next
    }

    // ---- halting ----

    /// Requests that the VM stop with `status`; the first request wins.
    pub fn request_halt(&self, status: i32) {
        let mut halt = self.halt.lock().unwrap_or_else(|e| e.into_inner());
        if halt.is_none() {
            *halt = Some(status);
        }
        drop(halt);
        self.wakeup.notify_all();
    }

    pub fn set_main_pid(&self, pid: ProcessId) {
        *self.main.lock().unwrap_or_else(|e| e.into_inner()) = Some(pid);
    }

    pub fn main_pid(&self) -> Option<ProcessId> {
        *self.main.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records that the entry process ended: with status 0 when it
    /// returned or exited normally, else with status 1 after printing the
    /// reason the way erl reports a failed boot.
    pub fn main_exited(&self, reason: Term) {
        let status = if reason == Term::atom(crate::atom::NORMAL) {
            0
        } else {
            1
        };
        *self.main_done.lock().unwrap_or_else(|e| e.into_inner()) = Some(status);
        self.wakeup.notify_all();
        // halt/1 ends the entry process too, which is no boot failure.
        if status == 0 || self.halt_requested().is_some() {
            return;
        }
        let mut text = String::new();
        crate::print::write_term_readable(&mut text, reason);
        self.flush_output();
        self.write_stderr(
            format!(
                "{{\"init terminating in do_boot\",{text}}}\ninit terminating in do_boot ({text})\n"
            )
            .as_bytes(),
        );
        if let Some(mfa) = denied_entry_call(reason) {
            self.write_stderr(
                format!(
                    "cordon: the policy does not permit the entry call {mfa}; \
                     add it to the policy's mfas\n"
                )
                .as_bytes(),
            );
        }
    }

    /// Returns and clears the entry process's exit status, once it ended.
    pub fn take_main_done(&self) -> Option<i32> {
        self.main_done
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    pub fn halt_requested(&self) -> Option<i32> {
        *self.halt.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes bytes to standard output.
    pub fn write_stdout(&self, bytes: &[u8]) {
        let mut out = self.output.stdout.lock().unwrap_or_else(|e| e.into_inner());
        let _ = out.write_all(bytes);
    }

    /// Writes bytes to standard error.
    pub fn write_stderr(&self, bytes: &[u8]) {
        let mut out = self.output.stderr.lock().unwrap_or_else(|e| e.into_inner());
        let _ = out.write_all(bytes);
        let _ = out.flush();
    }

    pub fn flush_output(&self) {
        let _ = self
            .output
            .stdout
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .flush();
    }
}
