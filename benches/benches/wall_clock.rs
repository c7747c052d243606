//! Wall-clock benchmarks with criterion, grouped by pipeline stage: load
//! (parsing and translating `.beam` files), execute (each program, with
//! the execution mode as the parameter), guard (call policies on
//! call-heavy code) and processes (spawning and message passing).
//!
//! Run with `cargo bench -p cordon-benches --bench wall_clock`.

use std::hint::black_box;
use std::time::Duration;

use cordon_benches::{Guard, PROGRAMS, programs_dir, run};
use cordon_vm::code::CodeServer;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};

/// Execution modes a program runs in. The JIT joins the interpreter here
/// once it exists, so the two show side by side in one report.
const MODES: [&str; 1] = ["interpreter"];

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    for name in ["calls", "fib", "binary_trees", "nbody"] {
        let path = programs_dir().join(format!("{name}.beam"));
        let bytes = std::fs::read(&path).expect("benchmark programs are committed");
        let origin = path.display().to_string();
        group.bench_function(BenchmarkId::new("parse_and_translate", name), |b| {
            // A code server has a fixed number of module slots, so each
            // load gets a fresh one, made outside the measured time.
            b.iter_batched(
                || CodeServer::new(&cordon_vm::bif::all(), &[]),
                |code| black_box(cordon_vm::load::load(&code, &bytes, &origin).is_ok()),
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

fn execute(c: &mut Criterion) {
    let mut group = c.benchmark_group("execute");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for &(program, size) in PROGRAMS {
        for mode in MODES {
            let id = BenchmarkId::new(format!("{program}({size})"), mode);
            group.bench_function(id, |b| {
                b.iter(|| assert_eq!(run(program, "bench", &[size], Guard::None), 0));
            });
        }
    }
    group.finish();
}

fn guard(c: &mut Criterion) {
    let mut group = c.benchmark_group("guard");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for guard in Guard::ALL {
        group.bench_function(BenchmarkId::new("calls(300000)", guard.name()), |b| {
            b.iter(|| assert_eq!(run("calls", "bench", &["300000"], guard), 0));
        });
    }
    group.finish();
}

fn processes(c: &mut Criterion) {
    let mut group = c.benchmark_group("processes");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("ring(1000 processes, 100000 hops)", |b| {
        b.iter(|| assert_eq!(run("ring", "main", &["1000", "100000"], Guard::None), 0));
    });
    group.finish();
}

criterion_group!(benches, load, execute, guard, processes);
criterion_main!(benches);
