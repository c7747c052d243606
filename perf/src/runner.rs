//! Runs every planned program on every VM, one run at a time, with a
//! progress bar, and collects the measurements.

use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::measure::{RunMeasurement, run_once};
use crate::programs::PlannedProgram;
use crate::stats::{Summary, summarize};
use crate::vms::{Binaries, Invocation, Vm};

/// The programs to run, their sizes, and the VMs and settings to run them with.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The workspace root, the working directory of every run.
    pub root: PathBuf,
    pub binaries: Binaries,
    pub vms: Vec<Vm>,
    pub runs: u32,
    pub timeout: Duration,
}

/// The runs of one program on one VM.
#[derive(Clone, Debug)]
pub struct VmResult {
    pub vm: Vm,
    pub command: Invocation,
    /// Every run's measurements, or the reason of the first failed run.
    pub outcome: Result<Vec<RunMeasurement>, String>,
}

impl VmResult {
    /// Summarizes the in-VM times, in microseconds.
    pub fn in_vm_us(&self) -> Option<Summary> {
        self.summary(|run| run.in_vm_us as f64)
    }

    /// Summarizes the whole-process wall times, in microseconds.
    pub fn wall_us(&self) -> Option<Summary> {
        self.summary(|run| run.wall.as_secs_f64() * 1e6)
    }

    /// Summarizes the peak resident set sizes, in KiB.
    pub fn max_rss_kib(&self) -> Option<Summary> {
        self.summary(|run| run.max_rss_kib as f64)
    }

    fn summary(&self, value: impl Fn(&RunMeasurement) -> f64) -> Option<Summary> {
        let runs = self.outcome.as_ref().ok()?;
        summarize(&runs.iter().map(value).collect::<Vec<_>>())
    }
}

/// The results of one program on all VMs.
#[derive(Clone, Debug)]
pub struct ProgramResult {
    pub name: String,
    /// The arguments of `main/1`, absent when the program has no size.
    pub size: Option<Vec<String>>,
    /// The reason the program was not run on any VM, such as a missing size.
    pub not_run: Option<String>,
    /// One result per VM, empty when the program was not run.
    pub vms: Vec<VmResult>,
}

impl ProgramResult {
    /// Returns the result of `vm`, if it was measured.
    pub fn result_of(&self, vm: Vm) -> Option<&VmResult> {
        self.vms.iter().find(|r| r.vm == vm)
    }

    /// Reports whether some Cordon mode failed where erl passed.
    pub fn cordon_regressed(&self) -> bool {
        let erl_passed = self.result_of(Vm::Erl).is_some_and(|r| r.outcome.is_ok());
        erl_passed
            && self
                .vms
                .iter()
                .any(|r| matches!(r.vm, Vm::Cordon(_)) && r.outcome.is_err())
    }
}

/// Runs each program `config.runs` times on each VM. A VM's remaining runs
/// of a program are skipped after its first failure.
pub fn run_all(config: &RunConfig, planned: &[PlannedProgram]) -> Vec<ProgramResult> {
    let runs = u64::from(config.runs);
    let total = planned.len() as u64 * config.vms.len() as u64 * runs;
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} runs, {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );

    let mut results = Vec::new();
    for entry in planned {
        let name = &entry.program.name;
        let size = match (&entry.size, entry.program.has_beam) {
            (Err(reason), _) => Err(reason.clone()),
            (Ok(_), false) => Err(format!(
                "{name}.beam is missing; compile it with erlc -o {dir} {dir}/{name}.erl",
                dir = entry.program.dir.display()
            )),
            (Ok(size), true) => Ok(size),
        };
        let size = match size {
            Ok(size) => size,
            Err(reason) => {
                report_line(&bar, format!("{name}: not run: {reason}"));
                bar.inc(config.vms.len() as u64 * runs);
                results.push(ProgramResult {
                    name: name.clone(),
                    size: entry.size.as_ref().ok().cloned(),
                    not_run: Some(reason),
                    vms: Vec::new(),
                });
                continue;
            }
        };
        let mut vms = Vec::new();
        for &vm in &config.vms {
            let command = vm.invocation(&config.binaries, &entry.program.dir, name, size);
            let outcome =
                run_repeatedly(config, &command, &bar, &format!("{name} on {}", vm.label()));
            if let Err(reason) = &outcome {
                report_line(&bar, format!("{name} on {}: failed: {reason}", vm.label()));
            }
            vms.push(VmResult {
                vm,
                command,
                outcome,
            });
        }
        results.push(ProgramResult {
            name: name.clone(),
            size: Some(size.clone()),
            not_run: None,
            vms,
        });
    }
    bar.finish_and_clear();
    results
}

/// Prints a line to stderr above the progress bar, also when the bar is
/// hidden because stderr is not a terminal.
fn report_line(bar: &ProgressBar, line: String) {
    bar.suspend(|| eprintln!("cordon-perf: {line}"));
}

fn run_repeatedly(
    config: &RunConfig,
    command: &Invocation,
    bar: &ProgressBar,
    label: &str,
) -> Result<Vec<RunMeasurement>, String> {
    let mut measurements = Vec::new();
    for run in 1..=config.runs {
        bar.set_message(format!("{label}, run {run}/{}", config.runs));
        match run_once(command, &config.root, config.timeout) {
            Ok(measurement) => {
                measurements.push(measurement);
                bar.inc(1);
            }
            Err(reason) => {
                bar.inc(u64::from(config.runs - run + 1));
                return Err(if config.runs > 1 {
                    format!("run {run}: {reason}")
                } else {
                    reason
                });
            }
        }
    }
    Ok(measurements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vms::MODES;

    fn measurement(in_vm_us: u64) -> RunMeasurement {
        RunMeasurement {
            in_vm_us,
            wall: Duration::from_millis(10),
            max_rss_kib: 1000,
        }
    }

    fn result(vm: Vm, outcome: Result<Vec<RunMeasurement>, String>) -> VmResult {
        VmResult {
            vm,
            command: Invocation {
                env: Vec::new(),
                program: PathBuf::from("vm"),
                args: Vec::new(),
            },
            outcome,
        }
    }

    #[test]
    fn regression_when_cordon_fails_and_erl_passes() {
        let program = ProgramResult {
            name: "fib".to_owned(),
            size: None,
            not_run: None,
            vms: vec![
                result(Vm::Cordon(&MODES[0]), Err("exit status 1".to_owned())),
                result(Vm::Erl, Ok(vec![measurement(5)])),
            ],
        };
        assert!(program.cordon_regressed());
    }

    #[test]
    fn no_regression_when_both_fail_or_erl_absent() {
        let both = ProgramResult {
            name: "fib".to_owned(),
            size: None,
            not_run: None,
            vms: vec![
                result(Vm::Cordon(&MODES[0]), Err("x".to_owned())),
                result(Vm::Erl, Err("y".to_owned())),
            ],
        };
        assert!(!both.cordon_regressed());
        let no_erl = ProgramResult {
            name: "fib".to_owned(),
            size: None,
            not_run: None,
            vms: vec![result(Vm::Cordon(&MODES[0]), Err("x".to_owned()))],
        };
        assert!(!no_erl.cordon_regressed());
    }

    #[test]
    fn summaries_of_runs() {
        let vm = result(
            Vm::Erl,
            Ok(vec![measurement(3), measurement(1), measurement(2)]),
        );
        assert_eq!(vm.in_vm_us().unwrap().median, 2.0);
        assert_eq!(vm.wall_us().unwrap().median, 10_000.0);
        assert_eq!(vm.max_rss_kib().unwrap().max, 1000.0);
        assert!(result(Vm::Erl, Err("x".to_owned())).in_vm_us().is_none());
    }
}
