//! Receive: scanning the mailbox, removing the matched message, timeouts
//! and receive markers.
//!
//! A receive marker records how many messages the mailbox held when a new
//! reference was made. No message older than the reference can contain
//! it, so a receive matching on the reference starts scanning there.

use crate::atom;
use crate::exception::Exception;
use crate::process::Process;
use crate::signals;
use crate::term::Term;
use crate::vm::TimerAction;

/// Returns the next message to examine, handling newly arrived signals
/// when the mailbox is exhausted. `Err` carries the exit reason when a
/// signal ended the process.
pub fn next_message(proc: &mut Process) -> Result<Option<Term>, Term> {
    if proc.save >= proc.mailbox.len() {
        signals::handle_signals(proc)?;
    }
    Ok(proc.mailbox.get(proc.save).map(|m| m.term))
}

/// Removes the message at the save position, the one just matched.
pub fn remove_message(proc: &mut Process) {
    let index = proc.save;
    if let Some(message) = proc.mailbox.remove(index) {
        if let Some(fragment) = message.fragment {
            proc.heap.adopt(fragment);
        }
    }
    for marker in &mut proc.recv_markers {
        if marker.1 > index {
            marker.1 -= 1;
        }
    }
    proc.save = 0;
    clear_timer(proc);
}

/// Runs the `timeout` instruction: the receive gave up waiting.
pub fn timeout(proc: &mut Process) {
    proc.save = 0;
    proc.timed_out = false;
    proc.receive_timer = None;
}

fn clear_timer(proc: &mut Process) {
    proc.timed_out = false;
    if let Some(id) = proc.receive_timer.take() {
        proc.vm.cancel_timer(id);
    }
}

/// Runs `wait_timeout`: returns `Ok(true)` to wait for a message, or
/// `Ok(false)` to fall through to the `timeout` instruction.
pub fn wait_timeout(proc: &mut Process, timeout: Term) -> Result<bool, Exception> {
    if proc.timed_out {
        proc.timed_out = false;
        proc.receive_timer = None;
        return Ok(false);
    }
    if timeout == Term::atom(atom::INFINITY) {
        return Ok(true);
    }
    // OTP accepts timeouts up to 2^32 - 1 milliseconds.
    let millis = match timeout.as_small() {
        Some(n) if (0..=u32::MAX as i64).contains(&n) => n as u64,
        _ => return Err(Exception::error(Term::atom(atom::TIMEOUT_VALUE))),
    };
    if millis == 0 {
        return Ok(false);
    }
    if proc.receive_timer.is_none() {
        let after = std::time::Duration::from_millis(millis);
        let id = proc
            .vm
            .start_timer(after, TimerAction::ReceiveTimeout { pid: proc.id });
        proc.receive_timer = Some(id);
    }
    Ok(true)
}

/// Runs `recv_marker_reserve`: records the current end of the mailbox.
pub fn reserve_marker(proc: &mut Process) -> Term {
    // Messages still in the signal queue are newer than the marker, so
    // counting only the mailbox is safe: it can only scan more.
    let marker = Term::small_unchecked(proc.vm.unique() as i64 & crate::term::MAX_SMALL);
    proc.recv_markers.push((marker, proc.mailbox.len()));
    // Only the newest few markers matter; an abandoned one is dropped.
    if proc.recv_markers.len() > 16 {
        proc.recv_markers.remove(0);
    }
    marker
}

/// Runs `recv_marker_bind`: ties a reserved marker to a reference.
pub fn bind_marker(proc: &mut Process, marker: Term, reference: Term) {
    if let Some(m) = proc.recv_markers.iter_mut().find(|m| m.0 == marker) {
        m.0 = reference;
    }
}

/// Runs `recv_marker_clear`: drops the marker of a reference.
pub fn clear_marker(proc: &mut Process, reference: Term) {
    proc.recv_markers.retain(|m| m.0 != reference);
}

/// Runs `recv_marker_use`: starts the next scan at the marker.
pub fn use_marker(proc: &mut Process, reference: Term) {
    if let Some(&(_, position)) = proc.recv_markers.iter().find(|m| m.0 == reference) {
        if proc.save < position {
            proc.save = position;
        }
    }
}
