//! Writes RESULTS.md: the machine, the date, the commands, and per program
//! a table of medians with their spread and the ratios between VMs.

use std::fmt::Write as _;

use crate::machine::{Commit, Machine};
use crate::runner::{ProgramResult, VmResult};
use crate::stats::{Summary, ratio};
use crate::vms::{MODES, Vm};

/// Everything that RESULTS.md records besides the results.
#[derive(Clone, Debug)]
pub struct ReportContext {
    pub machine: Machine,
    pub commit: Option<Commit>,
    pub erl_version: Option<String>,
    /// The run's start, as UTC text.
    pub date: String,
    /// The runner's own command line.
    pub runner_command: String,
    pub runs: u32,
    pub timeout_secs: u64,
    pub quick: bool,
    /// Programs whose size `--size` set.
    pub size_overrides: Vec<String>,
    /// The chart's file name, absent when there was nothing to draw.
    pub chart_file: Option<String>,
}

/// Renders RESULTS.md.
pub fn render(context: &ReportContext, vms: &[Vm], results: &[ProgramResult]) -> String {
    let mut out = String::new();
    out.push_str("# Cordon performance results\n\n");
    let mode = if context.quick {
        "in quick mode, whose sizes check that everything runs and are too small for comparisons"
    } else {
        "at the default sizes"
    };
    let overrides = if context.size_overrides.is_empty() {
        String::new()
    } else {
        format!(
            " (sizes set with --size: {})",
            context.size_overrides.join(", ")
        )
    };
    let _ = writeln!(
        out,
        "Measured by `cordon-perf` (perf/src) on {}, {mode}{overrides}, with {} run{} per program and VM.\n",
        context.date,
        context.runs,
        if context.runs == 1 { "" } else { "s" },
    );
    render_setup(&mut out, context, vms);
    render_method(&mut out, context);
    render_summary(&mut out, context, vms, results);
    out.push_str("## Programs\n\n");
    for program in results {
        render_program(&mut out, vms, program);
    }
    out
}

fn render_setup(out: &mut String, context: &ReportContext, vms: &[Vm]) {
    let machine = &context.machine;
    out.push_str("## Setup\n\n");
    let cores = match machine.physical_cores {
        Some(physical) => format!(
            "{} logical CPUs, {physical} physical cores",
            machine.logical_cpus
        ),
        None => format!("{} logical CPUs", machine.logical_cpus),
    };
    let _ = writeln!(out, "- CPU: {} ({cores})", machine.cpu_model);
    if let Some(kib) = machine.memory_kib {
        let _ = writeln!(out, "- Memory: {:.1} GiB", kib as f64 / (1024.0 * 1024.0));
    }
    let os = [machine.os_name.as_deref(), machine.kernel.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    if !os.is_empty() {
        let _ = writeln!(out, "- OS: {os}");
    }
    match &context.commit {
        Some(commit) if commit.dirty => {
            let _ = writeln!(
                out,
                "- cordon commit: `{}`, with uncommitted changes to tracked files",
                commit.hash
            );
        }
        Some(commit) => {
            let _ = writeln!(out, "- cordon commit: `{}`", commit.hash);
        }
        None => out.push_str("- cordon commit: unknown (git rev-parse HEAD failed)\n"),
    }
    let modes: Vec<String> = MODES
        .iter()
        .map(|m| match (m.args.is_empty(), m.env.is_empty()) {
            (true, true) => format!("{} (no extra arguments)", m.name),
            _ => format!("{} (`{}`)", m.name, mode_settings(m)),
        })
        .collect();
    let _ = writeln!(out, "- cordon modes: {}", modes.join(", "));
    if vms.contains(&Vm::Erl) {
        let version = context.erl_version.as_deref().unwrap_or("version unknown");
        let _ = writeln!(out, "- erl: {version}");
    } else {
        out.push_str("- erl: not found on PATH, so there are no cordon/erl ratios\n");
    }
    let _ = writeln!(out, "- Runner: `{}`", context.runner_command);
    out.push('\n');
}

fn mode_settings(mode: &crate::vms::Mode) -> String {
    let mut words: Vec<String> = mode.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    words.extend(mode.args.iter().map(|a| (*a).to_owned()));
    words.join(" ")
}

fn render_method(out: &mut String, context: &ReportContext) {
    out.push_str("## Method\n\n");
    out.push_str(
        "Each run is a new OS process, started from the workspace root with the command \
         shown under its program. Runs go one at a time.\n\n",
    );
    out.push_str(
        "- **In-VM time** is what the program prints: its `time_us` line, the \
         `erlang:monotonic_time(microsecond)` difference around the workload, or for ring \
         the milliseconds of its `... in N ms` line. It leaves out VM start-up and code \
         loading.\n",
    );
    out.push_str(
        "- **Whole process** is the wall time from spawning the VM to its exit, measured by \
         the runner.\n",
    );
    out.push_str(
        "- **Peak memory** is `ru_maxrss` from `wait4(2)`: the child's maximum resident set \
         size, which for erl includes the `erl` shell script and `erlexec` that exec into \
         `beam.smp`.\n",
    );
    out.push_str(
        "- Each cell gives the median and, in brackets, the minimum and maximum over the \
         runs. Ratios are of medians: above 1× cordon is slower or larger than erl.\n",
    );
    let _ = writeln!(
        out,
        "- A run fails when it exits non-zero, prints no time line, or exceeds {} s. The \
         remaining runs of that program on that VM are then skipped.\n",
        context.timeout_secs
    );
}

fn render_summary(
    out: &mut String,
    context: &ReportContext,
    vms: &[Vm],
    results: &[ProgramResult],
) {
    out.push_str("## Summary\n\n");
    if let Some(chart) = &context.chart_file {
        let _ = writeln!(out, "![In-VM time ratio cordon/erl per program]({chart})\n");
    }
    let mut header = vec!["program".to_owned(), "size".to_owned()];
    header.extend(vms.iter().map(|vm| format!("{} in-VM", vm.label())));
    let columns = ratio_columns(vms);
    header.extend(
        columns
            .iter()
            .map(|(a, b)| format!("{} / {}", a.label(), b.label())),
    );
    push_row(out, &header);
    push_row(out, &vec!["---".to_owned(); header.len()]);
    for program in results {
        let mut row = vec![program.name.clone(), format_size(program.size.as_deref())];
        for &vm in vms {
            let cell = match program.result_of(vm) {
                _ if program.not_run.is_some() => "not run".to_owned(),
                Some(VmResult {
                    outcome: Err(_), ..
                })
                | None => "failed".to_owned(),
                Some(result) => result
                    .in_vm_us()
                    .map_or_else(|| "–".to_owned(), |s| format_duration_us(s.median)),
            };
            row.push(cell);
        }
        for (numerator, denominator) in &columns {
            let value = median_ratio(program, *numerator, *denominator, VmResult::in_vm_us);
            row.push(value.map_or_else(|| "–".to_owned(), format_ratio));
        }
        push_row(out, &row);
    }
    out.push('\n');
}

/// Returns the ratio pairs: each Cordon mode over erl, then each other mode
/// over the first mode.
fn ratio_columns(vms: &[Vm]) -> Vec<(Vm, Vm)> {
    let modes: Vec<Vm> = vms
        .iter()
        .copied()
        .filter(|vm| matches!(vm, Vm::Cordon(_)))
        .collect();
    let mut columns = Vec::new();
    if vms.contains(&Vm::Erl) {
        columns.extend(modes.iter().map(|&mode| (mode, Vm::Erl)));
    }
    if let Some((&first, rest)) = modes.split_first() {
        columns.extend(rest.iter().map(|&mode| (mode, first)));
    }
    columns
}

fn median_ratio(
    program: &ProgramResult,
    numerator: Vm,
    denominator: Vm,
    measure: fn(&VmResult) -> Option<Summary>,
) -> Option<f64> {
    let top = measure(program.result_of(numerator)?)?.median;
    let bottom = measure(program.result_of(denominator)?)?.median;
    ratio(top, bottom)
}

fn render_program(out: &mut String, vms: &[Vm], program: &ProgramResult) {
    let _ = writeln!(out, "### {}\n", program.name);
    let _ = writeln!(out, "Size: {}\n", format_size(program.size.as_deref()));
    if let Some(reason) = &program.not_run {
        let _ = writeln!(out, "**Not run**: {reason}\n");
        return;
    }
    render_measurements(out, program);
    render_ratios(out, vms, program);

    out.push_str("```sh\n");
    for result in &program.vms {
        let _ = writeln!(out, "{}", result.command.shell_line());
    }
    out.push_str("```\n\n");
}

fn render_measurements(out: &mut String, program: &ProgramResult) {
    push_row(
        out,
        &["VM", "in-VM time", "whole process", "peak memory", "runs"].map(str::to_owned),
    );
    push_row(out, &vec!["---".to_owned(); 5]);
    for result in &program.vms {
        let row = match &result.outcome {
            Ok(runs) => {
                // One run has no spread to show.
                let cell = |summary: Option<Summary>, format: fn(f64) -> String| match summary {
                    Some(s) if runs.len() > 1 => format_spread(s, format),
                    Some(s) => format(s.median),
                    None => String::new(),
                };
                vec![
                    result.vm.label(),
                    cell(result.in_vm_us(), format_duration_us),
                    cell(result.wall_us(), format_duration_us),
                    cell(result.max_rss_kib(), format_memory_kib),
                    runs.len().to_string(),
                ]
            }
            Err(reason) => vec![
                result.vm.label(),
                format!("**failed**: {reason}"),
                String::new(),
                String::new(),
                String::new(),
            ],
        };
        push_row(out, &row);
    }
    out.push('\n');
}

/// Writes the table of ratios, unless a failure left none to compute.
fn render_ratios(out: &mut String, vms: &[Vm], program: &ProgramResult) {
    let measures: [fn(&VmResult) -> Option<Summary>; 3] =
        [VmResult::in_vm_us, VmResult::wall_us, VmResult::max_rss_kib];
    let mut rows = Vec::new();
    for (numerator, denominator) in ratio_columns(vms) {
        let values = measures.map(|measure| median_ratio(program, numerator, denominator, measure));
        if values.iter().all(Option::is_none) {
            continue;
        }
        let mut row = vec![format!("{} / {}", numerator.label(), denominator.label())];
        row.extend(values.map(|v| v.map_or_else(|| "–".to_owned(), format_ratio)));
        rows.push(row);
    }
    if rows.is_empty() {
        return;
    }
    push_row(
        out,
        &[
            "ratio of medians",
            "in-VM time",
            "whole process",
            "peak memory",
        ]
        .map(str::to_owned),
    );
    push_row(out, &vec!["---".to_owned(); 4]);
    for row in rows {
        push_row(out, &row);
    }
    out.push('\n');
}

fn push_row(out: &mut String, cells: &[String]) {
    let escaped: Vec<String> = cells
        .iter()
        .map(|c| c.replace('|', "\\|").replace('\n', " "))
        .collect();
    let _ = writeln!(out, "| {} |", escaped.join(" | "));
}

fn format_size(size: Option<&[String]>) -> String {
    match size {
        Some(args) => format!("`{}`", args.join(" ")),
        None => "none".to_owned(),
    }
}

/// Formats a median with its minimum and maximum in brackets, all three in
/// the unit that `format` picks for the median.
pub fn format_spread(summary: Summary, format: fn(f64) -> String) -> String {
    let median = format(summary.median);
    let unit = median.rsplit_once(' ').map_or("", |(_, unit)| unit);
    let divisor = unit_divisor(unit);
    format!(
        "{median} ({}–{})",
        three_figures(summary.min / divisor),
        three_figures(summary.max / divisor)
    )
}

/// Returns how many base units (µs or KiB) one `unit` contains.
fn unit_divisor(unit: &str) -> f64 {
    match unit {
        "ms" => 1e3,
        "s" => 1e6,
        "MiB" => 1024.0,
        "GiB" => 1024.0 * 1024.0,
        _ => 1.0,
    }
}

/// Formats microseconds as µs, ms or s with three significant figures.
pub fn format_duration_us(us: f64) -> String {
    if us < 1e3 {
        format!("{} µs", three_figures(us))
    } else if us < 1e6 {
        format!("{} ms", three_figures(us / 1e3))
    } else {
        format!("{} s", three_figures(us / 1e6))
    }
}

/// Formats KiB as KiB, MiB or GiB with three significant figures.
pub fn format_memory_kib(kib: f64) -> String {
    if kib < 1024.0 {
        format!("{} KiB", three_figures(kib))
    } else if kib < 1024.0 * 1024.0 {
        format!("{} MiB", three_figures(kib / 1024.0))
    } else {
        format!("{} GiB", three_figures(kib / (1024.0 * 1024.0)))
    }
}

/// Formats a ratio with three significant figures (two decimals below 10)
/// and a `×` sign.
pub fn format_ratio(value: f64) -> String {
    format!("{}×", three_figures(value))
}

fn three_figures(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude < 10.0 {
        format!("{value:.2}")
    } else if magnitude < 100.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_formatting() {
        assert_eq!(format_ratio(1.0), "1.00×");
        assert_eq!(format_ratio(0.456), "0.46×");
        assert_eq!(format_ratio(10.55), "10.6×");
        assert_eq!(format_ratio(123.4), "123×");
    }

    #[test]
    fn duration_formatting() {
        assert_eq!(format_duration_us(850.0), "850 µs");
        assert_eq!(format_duration_us(72_040.0), "72.0 ms");
        assert_eq!(format_duration_us(1_583_553.0), "1.58 s");
        assert_eq!(format_duration_us(7.5), "7.50 µs");
    }

    #[test]
    fn memory_formatting() {
        assert_eq!(format_memory_kib(512.0), "512 KiB");
        assert_eq!(format_memory_kib(6560.0), "6.41 MiB");
        assert_eq!(format_memory_kib(2.0 * 1024.0 * 1024.0), "2.00 GiB");
    }

    #[test]
    fn spread_uses_median_unit() {
        let summary = Summary {
            median: 72_040.0,
            min: 950.0,
            max: 1_200_000.0,
        };
        assert_eq!(
            format_spread(summary, format_duration_us),
            "72.0 ms (0.95–1200)"
        );
        let memory = Summary {
            median: 6560.0,
            min: 6400.0,
            max: 6600.0,
        };
        assert_eq!(
            format_spread(memory, format_memory_kib),
            "6.41 MiB (6.25–6.45)"
        );
    }

    #[test]
    fn ratio_columns_with_erl_and_two_modes() {
        static JIT: crate::vms::Mode = crate::vms::Mode {
            name: "jit",
            args: &["--jit"],
            env: &[],
        };
        let interpreter = Vm::Cordon(&MODES[0]);
        let jit = Vm::Cordon(&JIT);
        let columns = ratio_columns(&[interpreter, jit, Vm::Erl]);
        assert_eq!(
            columns,
            vec![(interpreter, Vm::Erl), (jit, Vm::Erl), (jit, interpreter)]
        );
        assert_eq!(ratio_columns(&[interpreter]), vec![]);
    }

    fn context() -> ReportContext {
        ReportContext {
            machine: Machine {
                cpu_model: "Example CPU".to_owned(),
                logical_cpus: 2,
                physical_cores: Some(2),
                memory_kib: Some(24 * 1024 * 1024),
                os_name: Some("Debian GNU/Linux 12 (bookworm)".to_owned()),
                kernel: Some("Linux 6.1 x86_64".to_owned()),
            },
            commit: Some(Commit {
                hash: "abc123".to_owned(),
                dirty: false,
            }),
            erl_version: Some("OTP 25, ERTS 13.1.5".to_owned()),
            date: "2026-01-01 00:00:00 UTC".to_owned(),
            runner_command: "cordon-perf --runs 2".to_owned(),
            runs: 2,
            timeout_secs: 120,
            quick: false,
            size_overrides: vec!["fib".to_owned()],
            chart_file: Some("results.svg".to_owned()),
        }
    }

    fn vm_result(vm: Vm, outcome: Result<Vec<u64>, &str>) -> VmResult {
        let runs = outcome.map(|times| {
            times
                .into_iter()
                .map(|in_vm_us| crate::measure::RunMeasurement {
                    in_vm_us,
                    wall: std::time::Duration::from_millis(20),
                    max_rss_kib: 2048,
                })
                .collect()
        });
        let binaries = crate::vms::Binaries {
            cordon: std::path::PathBuf::from("target/release/cordon"),
            erl: Some(std::path::PathBuf::from("/usr/bin/erl")),
        };
        VmResult {
            vm,
            command: vm.invocation(
                &binaries,
                std::path::Path::new("perf/programs"),
                "fib",
                &["30".to_owned()],
            ),
            outcome: runs.map_err(str::to_owned),
        }
    }

    #[test]
    fn render_full_report() {
        let interpreter = Vm::Cordon(&MODES[0]);
        let vms = [interpreter, Vm::Erl];
        let results = vec![
            ProgramResult {
                name: "fib".to_owned(),
                size: Some(vec!["30".to_owned()]),
                not_run: None,
                vms: vec![
                    vm_result(interpreter, Ok(vec![3000, 5000])),
                    vm_result(Vm::Erl, Ok(vec![1000, 1000])),
                ],
            },
            ProgramResult {
                name: "tak".to_owned(),
                size: Some(vec!["10".to_owned()]),
                not_run: None,
                vms: vec![
                    vm_result(interpreter, Err("run 1: timed out after 120 s")),
                    vm_result(Vm::Erl, Ok(vec![1000])),
                ],
            },
            ProgramResult {
                name: "new".to_owned(),
                size: None,
                not_run: Some("no default size".to_owned()),
                vms: Vec::new(),
            },
        ];
        let text = render(&context(), &vms, &results);
        assert!(text.contains("- CPU: Example CPU (2 logical CPUs, 2 physical cores)"));
        assert!(text.contains("- cordon commit: `abc123`\n"));
        assert!(text.contains("(sizes set with --size: fib)"));
        assert!(text.contains("![In-VM time ratio cordon/erl per program](results.svg)"));
        assert!(text.contains("| fib | `30` | 4.00 ms | 1.00 ms | 4.00× |"));
        assert!(text.contains("| tak | `10` | failed | 1.00 ms | – |"));
        assert!(text.contains("| new | none | not run | not run | – |"));
        assert!(text.contains("| cordon interpreter | 4.00 ms (3.00–5.00) | 20.0 ms (20.0–20.0) | 2.00 MiB (2.00–2.00) | 2 |"));
        assert!(text.contains("| cordon interpreter / erl | 4.00× | 1.00× | 1.00× |"));
        assert!(text.contains("| cordon interpreter | **failed**: run 1: timed out after 120 s |"));
        assert!(text.contains("**Not run**: no default size"));
        assert!(text.contains("erl -noshell -pa perf/programs -run fib main 30 -s init stop\n"));
    }

    #[test]
    fn table_cells_escape_pipes() {
        let mut out = String::new();
        push_row(&mut out, &["a|b".to_owned(), "c".to_owned()]);
        assert_eq!(out, "| a\\|b | c |\n");
    }
}
