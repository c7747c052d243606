//! Handling the signals a process receives: messages, exit signals, links,
//! monitors and receive timeouts.
//!
//! Signals from one sender are handled in the order they were sent, as OTP
//! guarantees. A process handles its signals when it is scheduled and when
//! a receive runs out of messages.

use crate::atom;
use crate::copy;
use crate::heap::{self, Fragment};
use crate::process::{Message, MonitorEntry, Process, Signal};
use crate::term::Term;

/// Handles every queued signal. Returns `Err(reason)` when a signal ends
/// the process; signals after that one stay queued for the exit path.
pub fn handle_signals(proc: &mut Process) -> Result<(), Term> {
    let mut signals = proc.inbox.take_signals();
    while let Some(signal) = signals.pop_front() {
        if let Err(reason) = handle_one(proc, signal) {
            proc.inbox.requeue_front(signals);
            return Err(reason);
        }
    }
    Ok(())
}

fn handle_one(proc: &mut Process, signal: Signal) -> Result<(), Term> {
    match signal {
        Signal::Message { term, fragment } => {
            proc.mailbox.push_back(Message { term, fragment });
        }
        Signal::Exit {
            from,
            reason,
            fragment,
            linked,
        } => return handle_exit(proc, from, reason, fragment, linked),
        Signal::Down {
            reference,
            term,
            fragment,
        } => crate::monitor::deliver_down(proc, reference, term, fragment),
        Signal::AliasMessage {
            alias,
            term,
            fragment,
        } => crate::monitor::deliver_alias_message(proc, alias, term, fragment),
        Signal::Link { from } => {
            if !proc.links.contains(&from) {
                proc.links.push(from);
            }
        }
        Signal::Unlink { from } => proc.links.retain(|&p| p != from),
        Signal::Monitor { from, reference } => proc.monitored_by.push(MonitorEntry {
            reference,
            other: from,
        }),
        Signal::Demonitor { from, reference } => proc
            .monitored_by
            .retain(|m| !(m.reference == reference && m.other == from)),
        Signal::Timeout { timer } => {
            if proc.receive_timer == Some(timer) {
                proc.timed_out = true;
            }
        }
    }
    Ok(())
}

fn handle_exit(
    proc: &mut Process,
    from: u64,
    reason: Term,
    fragment: Option<Fragment>,
    linked: bool,
) -> Result<(), Term> {
    if linked {
        // A link removed by unlink/1 before this signal arrived no longer
        // carries exits.
        if !proc.links.contains(&from) {
            return Ok(());
        }
        proc.links.retain(|&p| p != from);
    }
    let kill = Term::atom(atom::KILL);
    if !linked && reason == kill {
        return Err(Term::atom(atom::KILLED));
    }
    if proc.trap_exit {
        let exit = Term::atom(atom::EXIT_UPPER);
        let mut message = Fragment::with_capacity(4 + copy::size_of(reason));
        let reason = copy::copy(&mut message, reason);
        let term = heap::tuple(&mut message, &[exit, Term::pid(from), reason]);
        drop(fragment);
        proc.mailbox.push_back(Message {
            term,
            fragment: Some(message),
        });
        return Ok(());
    }
    if reason == Term::atom(atom::NORMAL) {
        if from == proc.id && !linked {
            return Err(reason);
        }
        return Ok(());
    }
    if let Some(fragment) = fragment {
        proc.heap.adopt(fragment);
    }
    Err(reason)
}
