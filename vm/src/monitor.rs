//! The monitors and aliases a process holds, as its signal handling and
//! its BIFs change them.
//!
//! Invariant: a reference number is in `Process::aliases` exactly when the
//! VM's alias table maps it to that process, so callers add and remove
//! aliases only through [`add_alias`] and [`remove_alias`]. A monitor's
//! `'DOWN'` message reaches the mailbox only while the monitor is in
//! `Process::monitors`, which is what makes demonitor final.

use crate::atom;
use crate::copy;
use crate::heap::{self, Fragment};
use crate::process::{AliasEntry, AliasKind, Message, MonitorLabel, Process, Signal};
use crate::term::Term;

/// Makes `reference` an active alias of `proc`.
pub fn add_alias(proc: &mut Process, reference: u64, kind: AliasKind) {
    proc.aliases.push(AliasEntry { reference, kind });
    proc.vm.add_alias(reference, proc.id);
}

/// Deactivates the alias `reference` of `proc`. Returns `false` when it
/// was not active.
pub fn remove_alias(proc: &mut Process, reference: u64) -> bool {
    let Some(i) = proc.aliases.iter().position(|a| a.reference == reference) else {
        return false;
    };
    proc.aliases.swap_remove(i);
    proc.vm.remove_alias(reference);
    true
}

/// Deactivates every alias of an exiting process.
pub fn remove_all_aliases(proc: &mut Process) {
    for alias in std::mem::take(&mut proc.aliases) {
        proc.vm.remove_alias(alias.reference);
    }
}

/// Forgets the monitor `reference` after a demonitor or its `'DOWN'`:
/// drops its label and the alias tied to it.
pub fn forget_monitor(proc: &mut Process, reference: u64) {
    proc.monitor_labels.retain(|l| l.reference != reference);
    let tied = proc.aliases.iter().any(|a| {
        a.reference == reference
            && matches!(a.kind, AliasKind::Demonitor | AliasKind::ReplyDemonitor)
    });
    if tied {
        remove_alias(proc, reference);
    }
}

/// Returns the tag of the monitor `reference`: `'DOWN'` unless it was set
/// with `{tag, Tag}`.
pub fn monitor_tag(proc: &Process, reference: u64) -> Term {
    label(proc, reference)
        .map(|l| l.tag)
        .unwrap_or(Term::atom(atom::DOWN))
}

fn label(proc: &Process, reference: u64) -> Option<MonitorLabel> {
    proc.monitor_labels
        .iter()
        .find(|l| l.reference == reference)
        .copied()
}

/// Removes the monitor `reference` that `proc` holds and tells its target.
/// Returns `false` when there was none.
pub fn demonitor(proc: &mut Process, reference: u64) -> bool {
    let Some(i) = proc.monitors.iter().position(|m| m.reference == reference) else {
        return false;
    };
    let m = proc.monitors.remove(i);
    proc.vm.send_signal(
        m.other,
        Signal::Demonitor {
            from: proc.id,
            reference,
        },
    );
    forget_monitor(proc, reference);
    true
}

/// Handles a monitor's `'DOWN'` signal, whose `term` is
/// `{'DOWN', Ref, process, Item, Reason}` in `fragment`.
pub fn deliver_down(proc: &mut Process, reference: u64, term: Term, fragment: Option<Fragment>) {
    let Some(i) = proc.monitors.iter().position(|m| m.reference == reference) else {
        // Demonitored before the signal arrived.
        return;
    };
    proc.monitors.remove(i);
    let label = label(proc, reference);
    forget_monitor(proc, reference);
    let Some(label) = label else {
        proc.mailbox.push_back(Message { term, fragment });
        return;
    };
    let size = 6 + copy::size_of(term) + copy::size_of(label.tag) + copy::size_of(label.item);
    let mut tagged = Fragment::with_capacity(size);
    let mut elements: Vec<Term> = term.tuple_elements().to_vec();
    elements[0] = label.tag;
    if !label.item.is_nil() {
        elements[3] = label.item;
    }
    let elements: Vec<Term> = elements
        .into_iter()
        .map(|e| copy::copy(&mut tagged, e))
        .collect();
    let term = heap::tuple(&mut tagged, &elements);
    drop(fragment);
    proc.mailbox.push_back(Message {
        term,
        fragment: Some(tagged),
    });
}

/// Handles a message sent to the alias `reference`: drops it unless the
/// alias is active, and applies the alias's reply rule.
pub fn deliver_alias_message(
    proc: &mut Process,
    reference: u64,
    term: Term,
    fragment: Option<Fragment>,
) {
    let Some(alias) = proc.aliases.iter().find(|a| a.reference == reference) else {
        return;
    };
    match alias.kind {
        AliasKind::ExplicitUnalias | AliasKind::Demonitor => {}
        AliasKind::Reply => {
            remove_alias(proc, reference);
        }
        AliasKind::ReplyDemonitor => {
            remove_alias(proc, reference);
            demonitor(proc, reference);
        }
    }
    proc.mailbox.push_back(Message { term, fragment });
}
