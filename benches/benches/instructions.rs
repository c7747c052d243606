//! Instruction counts with gungraun (iai-callgrind's successor): the same
//! binary and input always give the same count, whatever else the machine
//! is doing. Needs valgrind and the runner at the library's version:
//!
//! ```sh
//! cargo install gungraun-runner --version 0.20.0 --locked
//! cargo bench -p cordon-benches --bench instructions
//! ```
//!
//! Each guard case runs `calls.erl` twice: with 100,000 iterations and
//! with 1, so that the VM's start-up can be subtracted to give the count
//! per iteration. Run once more with `--features no-policy-checks` for the
//! baseline of a VM without the checks; gungraun reports each count's
//! change against the previous run. The harness lays out the interpreter
//! differently from the `cordon` binary, which moves counts by about 1 %
//! between builds, so the policy checks' cost is measured on the binary by
//! `benches/binary/policy_checks.rs`.

use std::hint::black_box;

use cordon_benches::{Guard, PROGRAMS, run};
use gungraun::{library_benchmark, library_benchmark_group, main};

#[library_benchmark]
#[bench::none(Guard::None)]
#[bench::allow_10(Guard::Allow10)]
#[bench::allow_1000(Guard::Allow1000)]
#[bench::deny(Guard::Deny)]
fn calls_100000(guard: Guard) -> i32 {
    black_box(run("calls", "bench", &["100000"], black_box(guard)))
}

#[library_benchmark]
#[bench::none(Guard::None)]
#[bench::allow_10(Guard::Allow10)]
#[bench::allow_1000(Guard::Allow1000)]
#[bench::deny(Guard::Deny)]
fn calls_1(guard: Guard) -> i32 {
    black_box(run("calls", "bench", &["1"], black_box(guard)))
}

// Runs one program of PROGRAMS at its size there.
#[library_benchmark]
#[bench::bignum_heavy("bignum_heavy")]
#[bench::binary_heavy("binary_heavy")]
#[bench::binary_trees("binary_trees")]
#[bench::calls("calls")]
#[bench::ets_heavy("ets_heavy")]
#[bench::fannkuch_redux("fannkuch_redux")]
#[bench::fib("fib")]
#[bench::gen_server_calls("gen_server_calls")]
#[bench::mandelbrot("mandelbrot")]
#[bench::map_heavy("map_heavy")]
#[bench::nbody("nbody")]
#[bench::nrev("nrev")]
#[bench::ping_pong("ping_pong")]
#[bench::qsort("qsort")]
#[bench::spawn_heavy("spawn_heavy")]
#[bench::spectral_norm("spectral_norm")]
#[bench::tak("tak")]
fn program(name: &str) -> i32 {
    let (_, size) = PROGRAMS
        .iter()
        .find(|(program, _)| *program == name)
        .expect("every benchmark names a program of PROGRAMS");
    black_box(run(name, "bench", &[size], Guard::None))
}

library_benchmark_group!(name = guard, benchmarks = [calls_100000, calls_1]);
library_benchmark_group!(name = execute, benchmarks = [program]);

main!(library_benchmark_groups = guard, execute);
