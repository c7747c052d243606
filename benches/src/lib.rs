//! Shared pieces of Cordon's benchmarks: the programs in `perf/programs`,
//! the call policies of the guard benchmarks, and running a program in a
//! fresh VM the way `cordon -run` does, with its output discarded.
//!
//! `benches/wall_clock.rs` measures time with criterion and
//! `benches/instructions.rs` counts instructions with gungraun
//! (iai-callgrind's successor); both take their cases from here.

use std::path::PathBuf;

use cordon_guards::{Action, Mode, Names, Pattern};
use cordon_vm::atom::Atom;
use cordon_vm::boot::{self, ArgKind, EntryCall, Options};
use cordon_vm::policy::Policy;

/// Returns the directory of the benchmark programs' `.beam` files.
pub fn programs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../perf/programs")
}

/// Returns the directory of the examples, whose ring benchmarks message
/// passing.
pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// The programs of `perf/programs` whose `bench/1` the execute groups run,
/// with the size each gets: small enough that one run takes well under a
/// second on the interpreter, so Callgrind finishes each in about a minute.
// NOTE: these are the quick sizes of `perf/src/programs.rs`, kept equal by
// hand; a program added there needs an entry here too.
pub const PROGRAMS: &[(&str, &str)] = &[
    ("bignum_heavy", "1500"),
    ("binary_heavy", "1"),
    ("binary_trees", "10"),
    ("calls", "100000"),
    ("ets_heavy", "5"),
    ("fannkuch_redux", "7"),
    ("gen_server_calls", "20000"),
    ("fib", "20"),
    ("mandelbrot", "100"),
    ("map_heavy", "10"),
    ("nbody", "10000"),
    ("nrev", "1000"),
    ("ping_pong", "100000"),
    ("qsort", "3000"),
    ("spawn_heavy", "50000"),
    ("spectral_norm", "50"),
    ("tak", "10"),
];

/// The call policy an entry process runs under in a guard benchmark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// No policy: the flags byte test alone.
    None,
    /// An allowlist of 10 patterns.
    Allow10,
    /// An allowlist of 1,000 patterns.
    Allow1000,
    /// A denylist of 3 patterns.
    Deny,
}

impl Guard {
    pub const ALL: [Guard; 4] = [Guard::None, Guard::Allow10, Guard::Allow1000, Guard::Deny];

    /// Returns the name used in benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            Guard::None => "none",
            Guard::Allow10 => "allow_10",
            Guard::Allow1000 => "allow_1000",
            Guard::Deny => "deny",
        }
    }

    /// Returns the layers the entry process of `calls.erl` starts with.
    pub fn layers(self) -> Vec<Policy> {
        match self {
            Guard::None => Vec::new(),
            Guard::Allow10 => vec![allowlist(10)],
            Guard::Allow1000 => vec![allowlist(1000)],
            Guard::Deny => {
                let patterns = vec![
                    pattern("os", Some("cmd"), Some(1)),
                    pattern("erlang", Some("halt"), None),
                    pattern("code", None, None),
                ];
                vec![layer(Mode::Deny, patterns, true, Names::All)]
            }
        }
    }
}

fn pattern(module: &str, function: Option<&str>, arity: Option<u32>) -> Pattern<Atom> {
    Pattern {
        module: Atom::from_static(module),
        function: function.map(Atom::from_static),
        arity,
    }
}

fn layer(mode: Mode, patterns: Vec<Pattern<Atom>>, spawn: bool, names: Names<Atom>) -> Policy {
    Policy::new(
        mode,
        patterns,
        spawn,
        true,
        names,
        Vec::new(),
        Action::Error,
    )
}

/// Returns an allowlist of `size` patterns that permits what `calls.erl`
/// calls, padded with patterns for modules it never calls.
fn allowlist(size: usize) -> Policy {
    let mut patterns = vec![
        pattern("calls", None, None),
        pattern("calls_lib", None, None),
        pattern("erlang", Some("list_to_integer"), Some(1)),
    ];
    let mut i = 0;
    while patterns.len() < size {
        let module = format!("unused_module_{}", i / 10);
        let function = format!("function_{i}");
        patterns.push(pattern(&module, Some(&function), Some((i % 4) as u32)));
        i += 1;
    }
    layer(Mode::Allow, patterns, false, Names::Only(Vec::new()))
}

/// Runs `module:function([args...])` from `perf/programs` or `examples`
/// in a fresh VM
/// under `guard`, discarding its output, and returns the exit status.
pub fn run(module: &str, function: &str, args: &[&str], guard: Guard) -> i32 {
    let options = Options {
        path_front: vec![programs_dir(), examples_dir()],
        calls: vec![EntryCall::Apply {
            module: module.to_string(),
            function: function.to_string(),
            args: args.iter().map(|a| a.to_string()).collect(),
            kind: ArgKind::Strings,
        }],
        layers: guard.layers(),
        discard_output: true,
        ..Options::default()
    };
    boot::run(&options)
}
