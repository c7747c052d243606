//! The record `--learn` keeps, and the allowlist policy file it writes.

use std::collections::HashSet;
use std::fmt::Write;

use crate::file::quote_atom;
use crate::{AtomName, Mfa};

/// Calls, names and spawns seen by learning layers during one run.
#[derive(Debug)]
pub struct Learned<A> {
    calls: HashSet<Mfa<A>>,
    names: HashSet<A>,
    spawned: bool,
    global_changes: HashSet<Mfa<A>>,
    internal_calls: HashSet<Mfa<A>>,
    remote: bool,
}

impl<A: AtomName> Default for Learned<A> {
    fn default() -> Self {
        Learned {
            calls: HashSet::new(),
            names: HashSet::new(),
            spawned: false,
            global_changes: HashSet::new(),
            internal_calls: HashSet::new(),
            remote: false,
        }
    }
}

impl<A: AtomName> Learned<A> {
    pub fn record_call(&mut self, mfa: Mfa<A>) {
        self.calls.insert(mfa);
    }

    /// Records a call that no policy can permit (see
    /// [`crate::Class::GlobalChange`]).
    pub fn record_global_change(&mut self, mfa: Mfa<A>) {
        self.global_changes.insert(mfa);
    }

    /// Records a call of the VM's internal code, which no policy can
    /// permit (see [`crate::Class::VmInternal`]).
    pub fn record_internal_call(&mut self, mfa: Mfa<A>) {
        self.internal_calls.insert(mfa);
    }

    pub fn record_name(&mut self, name: A) {
        self.names.insert(name);
    }

    pub fn record_spawn(&mut self) {
        self.spawned = true;
    }

    pub fn record_remote(&mut self) {
        self.remote = true;
    }

    /// Returns a policy file that permits exactly what was recorded.
    pub fn render(&self) -> String {
        let mut calls: Vec<(&str, &str, u32)> = self
            .calls
            .iter()
            .map(|m| (m.module.name(), m.function.name(), m.arity))
            .collect();
        calls.sort_unstable();
        let mut names: Vec<&str> = self.names.iter().map(|n| n.name()).collect();
        names.sort_unstable();
        let mut out = String::new();
        out.push_str(
            "%% Allowlist written by cordon --learn: it permits every checked call,\n\
             %% registered name and spawn of the run it was learned from, and nothing\n\
             %% else. Tighten it by hand: drop what the program should not need, and\n\
             %% replace a module's many functions by {Module, '_', '_'} or make the\n\
             %% module trusted where that is what you mean.\n",
        );
        out.push_str("{mode, allow}.\n{mfas, [");
        for (i, (m, f, a)) in calls.iter().enumerate() {
            let sep = if i + 1 == calls.len() { "" } else { "," };
            let _ = write!(
                out,
                "\n    {{{}, {}, {a}}}{sep}",
                quote_atom(m),
                quote_atom(f)
            );
        }
        out.push_str(if calls.is_empty() { "]}.\n" } else { "\n]}.\n" });
        let _ = writeln!(out, "{{spawn, {}}}.", self.spawned);
        out.push_str("{inherit, true}.\n{names, [");
        let quoted: Vec<String> = names.iter().map(|n| quote_atom(n)).collect();
        out.push_str(&quoted.join(", "));
        out.push_str("]}.\n{trusted, []}.\n{on_violation, error}.\n");
        if !self.global_changes.is_empty() {
            let mut changes: Vec<String> =
                self.global_changes.iter().map(|m| m.to_string()).collect();
            changes.sort_unstable();
            let _ = writeln!(
                out,
                "%% The run also changed what other processes run or read ({}), which no policy permits.",
                changes.join(", ")
            );
        }
        if !self.internal_calls.is_empty() {
            let mut calls: Vec<String> =
                self.internal_calls.iter().map(|m| m.to_string()).collect();
            calls.sort_unstable();
            let _ = writeln!(
                out,
                "%% The run also called functions internal to Cordon ({}), which no policy permits.",
                calls.join(", ")
            );
        }
        if self.remote {
            out.push_str(
                "%% The run also sent to or spawned on another node, which no policy permits.\n",
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Policy, Value, file};

    #[test]
    fn rendered_file_reads_back_as_the_same_policy() {
        let mut learned = Learned::default();
        learned.record_call(Mfa {
            module: "io",
            function: "format",
            arity: 2,
        });
        learned.record_call(Mfa {
            module: "mine",
            function: "-main/0-fun-0-",
            arity: 1,
        });
        learned.record_name("init");
        learned.record_spawn();
        let text = learned.render();
        let terms = file::parse(&text).unwrap();
        let pairs: Vec<(Value<String>, Value<String>)> = terms
            .into_iter()
            .map(|t| match t {
                Value::Tuple(mut kv) if kv.len() == 2 => {
                    let v = kv.pop().unwrap();
                    (kv.pop().unwrap(), v)
                }
                other => panic!("not a pair: {other:?}"),
            })
            .collect();
        let leaked: Vec<(Value<&'static str>, Value<&'static str>)> = pairs
            .iter()
            .map(|(k, v)| {
                let mut leak = |s: &String| -> Result<&'static str, ()> { Ok(s.clone().leak()) };
                (
                    k.try_map_atoms(&mut leak).unwrap(),
                    v.try_map_atoms(&mut leak).unwrap(),
                )
            })
            .collect();
        let policy = Policy::from_pairs(&leaked).unwrap();
        assert_eq!(policy.patterns.len(), 2);
        assert!(policy.spawn);
        assert!(policy.permits_name("init"));
        assert!(!policy.permits_name("user"));
        assert!(text.contains("{mine, '-main/0-fun-0-', 1}"), "{text}");
    }

    #[test]
    fn empty_run_gives_empty_allowlist() {
        let learned = Learned::<&'static str>::default();
        let text = learned.render();
        assert!(text.contains("{mfas, []}."), "{text}");
        assert!(text.contains("{spawn, false}."), "{text}");
    }
}
