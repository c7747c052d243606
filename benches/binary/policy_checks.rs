//! Instruction counts of the `cordon` binary itself running
//! `perf/programs/calls.erl` under each kind of policy, with gungraun's
//! binary benchmarks (Callgrind on the shipped executable).
//!
//! The library benchmarks in `benches/benches/instructions.rs` link the VM
//! into a harness. There the compiler lays out the interpreter's dispatch
//! loop differently from the binary's, and counts move by about 1 % between
//! builds even for programs that make no checked call. This benchmark
//! measures the executable users run instead:
//!
//! ```sh
//! cargo bench -p cordon --bench policy_checks
//! cargo bench -p cordon --bench policy_checks --features no-policy-checks
//! ```
//!
//! The second run is the baseline without the checks. Each case runs
//! 100,000 loop iterations and 1, so that the VM's start-up can be
//! subtracted to give the count per iteration.

use gungraun::{binary_benchmark, binary_benchmark_group, main};

/// Runs `calls:bench([Iterations])` under the policy file `policy` of
/// `benches/binary`, or under none.
fn calls(policy: Option<&str>, iterations: &str) -> gungraun::Command {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut command = gungraun::Command::new(env!("CARGO_BIN_EXE_cordon"));
    if let Some(policy) = policy {
        command
            .arg("--policy")
            .arg(format!("{root}/benches/binary/{policy}"));
    }
    command
        .arg("-pa")
        .arg(format!("{root}/perf/programs"))
        .args(["-run", "calls", "bench", iterations])
        .build()
}

#[binary_benchmark]
#[bench::none(None)]
#[bench::allow_10(Some("allow_10.policy"))]
#[bench::allow_1000(Some("allow_1000.policy"))]
#[bench::deny(Some("deny.policy"))]
fn calls_100000(policy: Option<&str>) -> gungraun::Command {
    calls(policy, "100000")
}

#[binary_benchmark]
#[bench::none(None)]
#[bench::allow_10(Some("allow_10.policy"))]
#[bench::allow_1000(Some("allow_1000.policy"))]
#[bench::deny(Some("deny.policy"))]
fn calls_1(policy: Option<&str>) -> gungraun::Command {
    calls(policy, "1")
}

binary_benchmark_group!(name = guard; benchmarks = calls_100000, calls_1);

main!(binary_benchmark_groups = guard);
