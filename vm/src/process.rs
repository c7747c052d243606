//! The process struct: registers, stack, heap, mailbox and the per-process
//! state BIFs read and write.
//!
//! Only the scheduler thread running a process touches its [`Process`].
//! Other processes reach it through [`ProcessCell::send_signal`], which
//! queues a [`Signal`] that the owner handles at its next receive or
//! scheduling point, so nothing here assumes a single scheduler thread.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use crate::atom::Atom;
use crate::exception::Exception;
use crate::heap::{Fragment, Heap};
use crate::term::{CodePtr, Term};
use crate::vm::Vm;

/// Number of X registers, as in OTP.
pub const X_REGISTERS: usize = 1024;
/// Number of float registers.
pub const FLOAT_REGISTERS: usize = 256;

/// A local process number, the value inside a pid.
pub type ProcessId = u64;

/// A message or control signal sent to a process.
#[derive(Debug)]
pub enum Signal {
    /// A message: the term lives in the fragment (or is an immediate).
    Message {
        term: Term,
        fragment: Option<Fragment>,
    },
    /// An exit signal from `from` (a link breaking, or `exit/2`).
    Exit {
        from: ProcessId,
        reason: Term,
        fragment: Option<Fragment>,
        /// `true` when sent by a link rather than by `exit/2`.
        linked: bool,
    },
    Link {
        from: ProcessId,
    },
    Unlink {
        from: ProcessId,
    },
    /// `from` monitors this process with the reference `reference`.
    Monitor {
        from: ProcessId,
        reference: u64,
    },
    Demonitor {
        from: ProcessId,
        reference: u64,
    },
    /// A monitored process ended: `term` is the whole
    /// `{'DOWN', Ref, process, Pid, Reason}` message.
    Down {
        reference: u64,
        term: Term,
        fragment: Option<Fragment>,
    },
    /// A message sent to the alias `alias` of this process, delivered
    /// only while that alias is active when the signal is handled.
    AliasMessage {
        alias: u64,
        term: Term,
        fragment: Option<Fragment>,
    },
    /// The receive timer identified by `timer` expired.
    Timeout {
        timer: u64,
    },
}

// SAFETY: the terms inside a signal point only into the fragment that
// travels with them, or are immediates.
unsafe impl Send for Signal {}

/// Scheduling state of a process, shared with senders so they know when to
/// put a waiting process back on the run queue.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum RunState {
    /// On a run queue or running.
    Runnable = 0,
    /// In a receive with nothing to match, off the run queue.
    Waiting = 1,
    /// Gone; signals to it are dropped.
    Exited = 2,
}

/// The signal queue and scheduling state of a process: the part senders
/// touch. The process and its [`ProcessCell`] both hold it.
#[derive(Debug, Default)]
pub struct Inbox {
    state: AtomicU8,
    signals: Mutex<VecDeque<Signal>>,
}

impl Inbox {
    pub fn state(&self) -> RunState {
        match self.state.load(Ordering::Acquire) {
            0 => RunState::Runnable,
            1 => RunState::Waiting,
            _ => RunState::Exited,
        }
    }

    pub fn set_state(&self, state: RunState) {
        self.state.store(state as u8, Ordering::Release);
    }

    /// Moves a waiting process to runnable; returns `true` when this call
    /// did it, so exactly one caller puts the process on a run queue.
    pub fn wake(&self) -> bool {
        self.state
            .compare_exchange(
                RunState::Waiting as u8,
                RunState::Runnable as u8,
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_ok()
    }

    /// Queues a signal. Returns `true` when the process was waiting and the
    /// caller must put it on a run queue.
    pub fn send_signal(&self, signal: Signal) -> bool {
        let mut signals = self.signals.lock().unwrap_or_else(|e| e.into_inner());
        if self.state() == RunState::Exited {
            return false;
        }
        signals.push_back(signal);
        drop(signals);
        self.wake()
    }

    /// Takes every queued signal, oldest first.
    pub fn take_signals(&self) -> VecDeque<Signal> {
        std::mem::take(&mut *self.signals.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Puts signals back at the front of the queue, keeping their order.
    pub fn requeue_front(&self, mut rest: VecDeque<Signal>) {
        let mut signals = self.signals.lock().unwrap_or_else(|e| e.into_inner());
        rest.append(&mut signals);
        *signals = rest;
    }

    /// Marks the process exited and returns the signals still queued;
    /// later sends are dropped.
    pub fn close(&self) -> VecDeque<Signal> {
        let mut signals = self.signals.lock().unwrap_or_else(|e| e.into_inner());
        self.set_state(RunState::Exited);
        std::mem::take(&mut *signals)
    }

    /// Returns the number of queued signals.
    pub fn signal_count(&self) -> usize {
        self.signals.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn has_signals(&self) -> bool {
        !self
            .signals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }
}

/// A process as the VM's process table stores it.
#[derive(Debug)]
pub struct ProcessCell {
    pub id: ProcessId,
    pub inbox: Arc<Inbox>,
    /// The process itself; locked by the scheduler that runs it, and
    /// `None` once it has exited.
    pub process: Mutex<Option<Box<Process>>>,
}

impl ProcessCell {
    pub fn new(process: Box<Process>) -> ProcessCell {
        ProcessCell {
            id: process.id,
            inbox: process.inbox.clone(),
            process: Mutex::new(Some(process)),
        }
    }
}

/// A call a BIF asks the interpreter to make on its behalf, signalled by
/// returning the non-value.
#[derive(Debug, Clone, Copy)]
pub enum Trap {
    /// Call an export with the arguments already in X registers. The
    /// policy judges the call like an apply.
    Call(&'static crate::fun::Export),
    /// Go on with the BIF's work in a function of a [`VM_CODE`] module,
    /// with the arguments already in X registers. The policy judged the
    /// BIF's own MFA, so it does not judge this call again.
    ///
    /// [`VM_CODE`]: crate::code::VM_CODE
    Continue(&'static crate::fun::Export),
    /// Call a fun with `arity` arguments already in X registers.
    CallFun { fun: Term, arity: u32 },
    /// Hibernate, then call the export with the arguments already in X
    /// registers (`erlang:hibernate/3`).
    Hibernate(&'static crate::fun::Export),
}

/// A message in a process's mailbox.
#[derive(Debug)]
pub struct Message {
    pub term: Term,
    pub fragment: Option<Fragment>,
}

/// A monitor this process holds on another, or another holds on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonitorEntry {
    pub reference: u64,
    pub other: ProcessId,
}

/// The parts of a monitor's `'DOWN'` message that its target cannot know:
/// the tag from `{tag, Tag}` (`'DOWN'` without it) and the `{Name, Node}`
/// item of a monitor set by name (`[]` for one set by pid).
#[derive(Clone, Copy, Debug)]
pub struct MonitorLabel {
    pub reference: u64,
    pub tag: Term,
    pub item: Term,
}

/// When an alias stops being active on its own, besides `unalias/1` and
/// the owner's exit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasKind {
    /// Only `unalias/1` deactivates it.
    ExplicitUnalias,
    /// The first message received through it deactivates it.
    Reply,
    /// Removing or triggering the monitor with the same reference
    /// deactivates it.
    Demonitor,
    /// Like `Demonitor`, and a message received through it also removes
    /// the monitor.
    ReplyDemonitor,
}

/// An active alias of this process: the number of its reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AliasEntry {
    pub reference: u64,
    pub kind: AliasKind,
}

/// The point where a scheduled process continues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Continue at an instruction.
    At(CodePtr),
    /// Call an exported function with the arguments in X registers.
    Call {
        module: Atom,
        function: Atom,
        arity: u32,
    },
    /// Call the fun in x(0) with no arguments. Its policy check was made
    /// by the spawning process.
    CallFun,
}

/// The full X and float register files a scheduler lends to the process
/// it runs. Keeping one set per scheduler, instead of per process, keeps an
/// idle process small.
#[derive(Debug)]
pub struct Registers {
    pub x: Vec<Term>,
    pub f: Vec<f64>,
}

impl Default for Registers {
    fn default() -> Self {
        Registers {
            x: vec![Term::NIL; X_REGISTERS],
            f: vec![0.0; FLOAT_REGISTERS],
        }
    }
}

/// A process.
pub struct Process {
    pub id: ProcessId,
    pub vm: Arc<Vm>,
    pub inbox: Arc<Inbox>,
    /// Set by a BIF that returns the non-value.
    pub trap: Option<Trap>,
    /// X registers: arguments and temporaries. While the process runs, this
    /// has all [`X_REGISTERS`]. While it is switched out, it has only the
    /// registers live at its resume point (see [`Process::switch_out`]).
    pub x: Vec<Term>,
    /// Float registers used by the float instructions. They are empty while
    /// the process is switched out, because no float register is live
    /// across a call or a receive.
    pub f: Vec<f64>,
    /// X registers live at the resume point, set when the process stops
    /// running.
    pub live_x: usize,
    /// One more than the highest X register written other than by an
    /// instruction (apply writes its arguments), since the process was
    /// switched in.
    pub x_written: usize,
    /// The stack of continuation pointers, Y registers and catch tags; the
    /// newest frame is at the end. A frame of `n` slots is laid out as
    /// `[cp, y(n-1), ..., y(0)]`.
    pub stack: Vec<Term>,
    pub heap: Heap,
    /// The point to continue at when scheduled next.
    pub resume: Resume,
    /// Messages received but not yet consumed, oldest first.
    pub mailbox: VecDeque<Message>,
    /// Index in `mailbox` of the next message a receive examines.
    pub save: usize,
    /// Saved receive positions for receive markers: (marker reference, index).
    pub recv_markers: Vec<(Term, usize)>,
    /// Deadline timer of the current `receive ... after`, if armed.
    pub receive_timer: Option<u64>,
    /// Set when the armed receive timer fired.
    pub timed_out: bool,
    pub dictionary: Vec<(Term, Term)>,
    /// Positions in `dictionary` by the phash2 of their key.
    pub dictionary_index: std::collections::HashMap<u32, Vec<usize>, ahash::RandomState>,
    pub links: Vec<ProcessId>,
    /// Monitors this process set on others.
    pub monitors: Vec<MonitorEntry>,
    /// Monitors others set on this process.
    pub monitored_by: Vec<MonitorEntry>,
    /// How the `'DOWN'` messages of some monitors this process set differ
    /// from `{'DOWN', Ref, process, Pid, Reason}`. The terms live on this
    /// heap.
    pub monitor_labels: Vec<MonitorLabel>,
    /// Aliases of this process that are active. The VM's alias table maps
    /// each of them to this process.
    pub aliases: Vec<AliasEntry>,
    pub trap_exit: bool,
    /// The `save_calls` process flag: how many calls OTP would record for
    /// `process_info(Pid, last_calls)`. Cordon stores it but records none.
    pub save_calls: u32,
    pub group_leader: Term,
    pub reductions: u64,
    /// Exception being handled, for `build_stacktrace` and `raw_raise`.
    pub current_exception: Option<Exception>,
    /// The stacktrace term of the current exception, built on demand.
    pub stacktrace: Term,
    /// The MFA this process was spawned with.
    pub initial_call: (Atom, Atom, u32),
    /// The process that spawned this one, if any.
    pub parent: Option<ProcessId>,
    /// Exit reason once the process has exited.
    pub exit_reason: Option<Term>,
    /// Set by a BIF that ends the process at once, such as a kill sent to
    /// itself: the exception the BIF returns then cannot be caught.
    pub pending_exit: Option<Term>,
    /// The call policy flags byte, tested before every checked call: 0
    /// without a policy (see `cordon_guards::flags`).
    pub policy_flags: u8,
    /// Id of `policy`, compared with the id a call site cached; 0 without
    /// a policy.
    pub policy_id: u64,
    /// Set while the process leaves the interpreter to hibernate: the call
    /// it resumes with once a message arrives.
    pub hibernate: Option<&'static crate::fun::Export>,
    /// The policy layers, set only through [`Process::set_policy`].
    pub policy: Option<std::sync::Arc<crate::policy::Stack>>,
    /// The raw files this process opened; they close when it ends.
    pub files: crate::bif::file_io::OpenFiles,
}

impl std::fmt::Debug for Process {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Process")
            .field("id", &self.id)
            .field("resume", &self.resume)
            .finish_non_exhaustive()
    }
}

impl Process {
    pub fn new(id: ProcessId, vm: Arc<Vm>, group_leader: Term) -> Box<Process> {
        Box::new(Process {
            id,
            vm,
            inbox: Arc::new(Inbox::default()),
            trap: None,
            x: vec![Term::NIL; X_REGISTERS],
            f: vec![0.0; FLOAT_REGISTERS],
            live_x: 0,
            x_written: 0,
            stack: Vec::with_capacity(16),
            heap: Heap::default(),
            resume: Resume::Call {
                module: crate::atom::ERLANG,
                function: crate::atom::UNDEFINED,
                arity: 0,
            },
            mailbox: VecDeque::new(),
            save: 0,
            recv_markers: Vec::new(),
            receive_timer: None,
            timed_out: false,
            dictionary: Vec::new(),
            dictionary_index: Default::default(),
            links: Vec::new(),
            monitors: Vec::new(),
            monitored_by: Vec::new(),
            monitor_labels: Vec::new(),
            aliases: Vec::new(),
            trap_exit: false,
            save_calls: 0,
            group_leader,
            reductions: 0,
            current_exception: None,
            stacktrace: Term::NIL,
            initial_call: (crate::atom::ERLANG, crate::atom::UNDEFINED, 0),
            parent: None,
            exit_reason: None,
            pending_exit: None,
            policy_flags: 0,
            policy_id: 0,
            hibernate: None,
            policy: None,
            files: Default::default(),
        })
    }

    /// Gives the process the scheduler's full register files, restoring
    /// its live X registers into them.
    pub fn switch_in(&mut self, registers: &mut Registers) {
        std::mem::swap(&mut self.x, &mut registers.x);
        std::mem::swap(&mut self.f, &mut registers.f);
        let live = self.live_x.min(registers.x.len());
        self.x[..live].copy_from_slice(&registers.x[..live]);
    }

    /// Returns the full register files to the scheduler, keeping only the
    /// `live_x` X registers the process resumes with.
    ///
    /// Registers past the live ones are reset to `[]`, so the next process
    /// to run cannot read this one's terms from them.
    pub fn switch_out(&mut self, registers: &mut Registers) {
        std::mem::swap(&mut self.x, &mut registers.x);
        std::mem::swap(&mut self.f, &mut registers.f);
        let live = self.live_x.min(registers.x.len());
        self.x.clear();
        self.x.extend_from_slice(&registers.x[..live]);
        self.x.shrink_to(live);
        self.f.clear();
        self.f.shrink_to_fit();
        let dirty = self.dirty_registers(registers.x.len());
        if dirty > live {
            registers.x[live..dirty].fill(Term::NIL);
        }
        registers.f.fill(0.0);
        self.x_written = 0;
    }

    /// Returns how many leading X registers may hold terms: those code can
    /// name, and those apply wrote.
    fn dirty_registers(&self, len: usize) -> usize {
        self.vm.code.x_registers_used().max(self.x_written).min(len)
    }

    /// Drops the full register files of a new process that has not run,
    /// keeping its first `live` X registers (its arguments).
    pub fn shrink_registers(&mut self, live: usize) {
        self.live_x = live;
        self.x.truncate(live);
        self.x.shrink_to_fit();
        self.f = Vec::new();
    }

    /// Returns this process's pid term.
    #[inline]
    pub fn pid(&self) -> Term {
        Term::pid(self.id)
    }

    /// Collects garbage, keeping X registers `0..live` and everything the
    /// process itself holds, and leaves `need` free words.
    pub fn collect_garbage(&mut self, need: usize, live: usize) {
        self.collect_garbage_with(need, live, &mut []);
    }

    /// Collects garbage like [`Process::collect_garbage`], also keeping
    /// and rewriting the terms in `more`.
    pub fn collect_garbage_with(&mut self, need: usize, live: usize, more: &mut [Term]) {
        // Registers past the live ones would point into the freed heap.
        let dirty = self.dirty_registers(self.x.len());
        if dirty > live {
            self.x[live..dirty].fill(Term::NIL);
        }
        let mut extra = [self.stacktrace, self.group_leader];
        let mut dict: Vec<Term> = self.dictionary.iter().flat_map(|&(k, v)| [k, v]).collect();
        let mut markers: Vec<Term> = self.recv_markers.iter().map(|&(r, _)| r).collect();
        let mut labels: Vec<Term> = self
            .monitor_labels
            .iter()
            .flat_map(|l| [l.tag, l.item])
            .collect();
        let mut exception = match self.current_exception {
            Some(e) => [e.reason, e.stacktrace, e.args],
            None => [Term::NIL; 3],
        };
        let x = &mut self.x[..live];
        crate::gc::collect(
            &mut self.heap,
            need,
            &mut [
                x,
                &mut self.stack,
                &mut extra,
                &mut dict,
                &mut markers,
                &mut labels,
                &mut exception,
                more,
            ],
        );
        self.stacktrace = extra[0];
        self.group_leader = extra[1];
        for (i, pair) in self.dictionary.iter_mut().enumerate() {
            *pair = (dict[2 * i], dict[2 * i + 1]);
        }
        for (i, m) in self.recv_markers.iter_mut().enumerate() {
            m.0 = markers[i];
        }
        for (i, l) in self.monitor_labels.iter_mut().enumerate() {
            l.tag = labels[2 * i];
            l.item = labels[2 * i + 1];
        }
        if let Some(e) = self.current_exception.as_mut() {
            e.reason = exception[0];
            e.stacktrace = exception[1];
            e.args = exception[2];
        }
    }
}
