//! A process's layers and the checks made against all of them.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::{Action, AtomName, Caller, Class, Mfa, Mode, Names, Policy, flags};

/// Source of stack ids. Ids are never reused, so a call site that cached
/// "permitted for stack N" can never mistake another stack for N.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The policy layers of a process, oldest first. Immutable: adding a layer
/// makes a new stack with a new id.
#[derive(Debug)]
pub struct Stack<A> {
    id: u64,
    layers: Vec<Arc<Policy<A>>>,
    flags: u8,
}

/// The outcome of a check against every layer.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Verdict {
    /// The most restrictive action among the layers that reject the call,
    /// or `None` when every layer permits it. Learning layers never count
    /// here.
    pub action: Option<Action>,
    /// The 1-based position of the first layer with that action.
    pub layer: usize,
    /// A learning layer saw the call and wants it recorded.
    pub learn: bool,
}

impl Verdict {
    const PERMITTED: Verdict = Verdict {
        action: None,
        layer: 0,
        learn: false,
    };

    /// Returns whether every layer permits the call and none records it,
    /// the only outcome a call site may cache.
    pub fn is_clean(&self) -> bool {
        self.action.is_none() && !self.learn
    }
}

impl<A: AtomName> Stack<A> {
    /// Makes a stack of `layers`, or `None` when there are none.
    pub fn new(layers: Vec<Arc<Policy<A>>>) -> Option<Arc<Stack<A>>> {
        if layers.is_empty() {
            return None;
        }
        let mut bits = flags::ACTIVE;
        for layer in &layers {
            if layer.mode == Mode::Allow {
                bits |= flags::ALLOWLIST;
            }
            if !layer.spawn {
                bits |= flags::NO_SPAWN;
            }
            if layer.inherit {
                bits |= flags::INHERIT;
            }
        }
        Some(Arc::new(Stack {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            layers,
            flags: bits,
        }))
    }

    /// Returns `base` with `layer` added on top.
    pub fn push(base: Option<&Stack<A>>, layer: Policy<A>) -> Arc<Stack<A>> {
        let mut layers = base.map(|s| s.layers.clone()).unwrap_or_default();
        layers.push(Arc::new(layer));
        Stack::new(layers).expect("a stack with a pushed layer is not empty")
    }

    /// Returns the stack a child starts with: the inherited layers of
    /// `parent`, then `extra`. Shares `parent` when nothing changes, so
    /// the child hits the same call-site caches.
    pub fn for_child(
        parent: Option<&Arc<Stack<A>>>,
        extra: Vec<Policy<A>>,
    ) -> Option<Arc<Stack<A>>> {
        if let Some(parent) = parent {
            if extra.is_empty() && parent.layers.iter().all(|l| l.inherit) {
                return Some(parent.clone());
            }
        }
        let mut layers: Vec<Arc<Policy<A>>> = parent
            .map(|p| p.layers.iter().filter(|l| l.inherit).cloned().collect())
            .unwrap_or_default();
        layers.extend(extra.into_iter().map(Arc::new));
        Stack::new(layers)
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    /// Returns the flags byte (see [`flags`]).
    pub fn flags(&self) -> u8 {
        self.flags
    }

    pub fn layers(&self) -> &[Arc<Policy<A>>] {
        &self.layers
    }

    /// Checks a call to `mfa` made by `caller`.
    pub fn check_call(&self, mfa: &Mfa<A>, class: Class, caller: Caller<A>) -> Verdict {
        match class {
            Class::Pure => Verdict::PERMITTED,
            Class::GlobalChange | Class::VmInternal => self.judge(|_| false),
            Class::Ordinary => self.judge(|layer| layer.permits_call(mfa, caller)),
            Class::Forge => self.judge(|layer| {
                layer.names == Names::All && layer.permits_call(mfa, Caller::Dynamic)
            }),
        }
    }

    /// Checks a use of the registered name `name`.
    pub fn check_name(&self, name: A) -> Verdict {
        self.judge(|layer| layer.permits_name(name))
    }

    /// Checks a spawn.
    pub fn check_spawn(&self) -> Verdict {
        self.judge(|layer| layer.spawn)
    }

    /// Checks a send to or spawn on another node, which no layer permits
    /// while Cordon has no distribution of its own to carry the policy
    /// there.
    pub fn check_remote(&self) -> Verdict {
        self.judge(|_| false)
    }

    fn judge(&self, permits: impl Fn(&Policy<A>) -> bool) -> Verdict {
        let mut verdict = Verdict::PERMITTED;
        for (i, layer) in self.layers.iter().enumerate() {
            if permits(layer) {
                continue;
            }
            if layer.learning {
                verdict.learn = true;
            } else if verdict.action.is_none_or(|a| layer.action > a) {
                verdict.action = Some(layer.action);
                verdict.layer = i + 1;
            }
        }
        verdict
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pattern;

    fn mfa(m: &'static str, f: &'static str, a: u32) -> Mfa<&'static str> {
        Mfa {
            module: m,
            function: f,
            arity: a,
        }
    }

    fn layer(
        mode: Mode,
        patterns: &[(&'static str, &'static str)],
        action: Action,
    ) -> Policy<&'static str> {
        let patterns = patterns
            .iter()
            .map(|&(m, f)| Pattern {
                module: m,
                function: Some(f),
                arity: None,
            })
            .collect();
        let names = match mode {
            Mode::Allow => Names::Only(vec!["logger"]),
            Mode::Deny => Names::All,
        };
        Policy::new(mode, patterns, false, true, names, vec![], action)
    }

    #[test]
    fn call_must_pass_every_layer() {
        let a = layer(
            Mode::Allow,
            &[("lists", "map"), ("os", "cmd")],
            Action::Error,
        );
        let s = Stack::push(None, a);
        let d = layer(Mode::Deny, &[("os", "cmd")], Action::Kill);
        let s = Stack::push(Some(&s), d);
        let ok = s.check_call(&mfa("lists", "map", 2), Class::Ordinary, Caller::Dynamic);
        assert!(ok.is_clean());
        let cmd = s.check_call(&mfa("os", "cmd", 1), Class::Ordinary, Caller::Dynamic);
        assert_eq!(cmd.action, Some(Action::Kill));
        assert_eq!(cmd.layer, 2);
    }

    #[test]
    fn most_restrictive_action_wins() {
        let s = Stack::push(None, layer(Mode::Allow, &[], Action::Log));
        let s = Stack::push(Some(&s), layer(Mode::Allow, &[], Action::Error));
        let s = Stack::push(Some(&s), layer(Mode::Allow, &[], Action::Log));
        let v = s.check_call(&mfa("os", "cmd", 1), Class::Ordinary, Caller::Dynamic);
        assert_eq!(v.action, Some(Action::Error));
        assert_eq!(v.layer, 2);
    }

    #[test]
    fn pure_calls_always_pass() {
        let s = Stack::push(None, layer(Mode::Allow, &[], Action::Kill));
        let v = s.check_call(&mfa("erlang", "self", 0), Class::Pure, Caller::Dynamic);
        assert!(v.is_clean());
    }

    #[test]
    fn code_change_rejected_even_when_listed() {
        let s = Stack::push(
            None,
            layer(Mode::Allow, &[("code", "load_binary")], Action::Error),
        );
        let v = s.check_call(
            &mfa("code", "load_binary", 3),
            Class::GlobalChange,
            Caller::Dynamic,
        );
        assert_eq!(v.action, Some(Action::Error));
    }

    #[test]
    fn trusted_caller_cannot_forge_pids() {
        let trusting = Policy::new(
            Mode::Allow,
            vec![],
            false,
            true,
            Names::All,
            vec!["helper"],
            Action::Error,
        );
        let s = Stack::push(None, trusting);
        let from_helper = Caller::Static(Some("helper"));
        let ordinary = s.check_call(&mfa("erlang", "make_ref", 0), Class::Ordinary, from_helper);
        assert!(ordinary.is_clean());
        let forged = s.check_call(&mfa("erlang", "list_to_pid", 1), Class::Forge, from_helper);
        assert_eq!(forged.action, Some(Action::Error));
    }

    #[test]
    fn limited_names_reject_forging() {
        let mut denylist = layer(Mode::Deny, &[], Action::Error);
        let s = Stack::push(None, denylist.clone());
        let target = mfa("erlang", "processes", 0);
        assert!(
            s.check_call(&target, Class::Forge, Caller::Dynamic)
                .is_clean()
        );
        denylist.names = Names::Only(vec![]);
        let s = Stack::push(None, denylist);
        let v = s.check_call(&target, Class::Forge, Caller::Dynamic);
        assert_eq!(v.action, Some(Action::Error));
    }

    #[test]
    fn names_and_spawn_checked_per_layer() {
        let s = Stack::push(None, layer(Mode::Allow, &[], Action::Error));
        assert!(s.check_name("logger").is_clean());
        assert_eq!(s.check_name("code_server").action, Some(Action::Error));
        assert_eq!(s.check_spawn().action, Some(Action::Error));
        assert_ne!(s.flags() & flags::NO_SPAWN, 0);
    }

    #[test]
    fn child_keeps_only_inherited_layers() {
        let mut kept = layer(Mode::Deny, &[("os", "cmd")], Action::Error);
        kept.spawn = true;
        let s = Stack::push(None, kept);
        let mut private = layer(Mode::Allow, &[], Action::Error);
        private.inherit = false;
        let s = Stack::push(Some(&s), private);
        let child = Stack::for_child(Some(&s), vec![]).unwrap();
        assert_eq!(child.layers().len(), 1);
        assert_ne!(child.id(), s.id());
    }

    #[test]
    fn child_shares_fully_inherited_stack() {
        let s = Stack::push(None, layer(Mode::Allow, &[], Action::Error));
        let child = Stack::for_child(Some(&s), vec![]).unwrap();
        assert_eq!(child.id(), s.id());
        let extra = layer(Mode::Deny, &[], Action::Error);
        let grown = Stack::for_child(Some(&s), vec![extra]).unwrap();
        assert_eq!(grown.layers().len(), 2);
        assert_ne!(grown.id(), s.id());
    }

    #[test]
    fn learning_layer_records_without_judging() {
        let s = Stack::push(None, Policy::learning());
        let v = s.check_call(&mfa("os", "cmd", 1), Class::Ordinary, Caller::Dynamic);
        assert_eq!(v.action, None);
        assert!(v.learn);
        assert!(!v.is_clean());
    }
}
