//! Facts about the machine and the sources that the report records: CPU,
//! memory and OS from /proc, /etc/os-release and uname(2), the cordon git
//! commit, and erl's OTP release.

use std::ffi::CStr;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// The machine that ran the benchmarks.
#[derive(Clone, Debug)]
pub struct Machine {
    pub cpu_model: String,
    pub logical_cpus: usize,
    /// Physical cores, counted as distinct (physical id, core id) pairs in
    /// /proc/cpuinfo, where it lists them.
    pub physical_cores: Option<usize>,
    pub memory_kib: Option<u64>,
    /// PRETTY_NAME from /etc/os-release.
    pub os_name: Option<String>,
    /// Kernel name, release and machine from uname(2).
    pub kernel: Option<String>,
}

/// Reads the machine's facts and leaves out any that cannot be read.
pub fn describe_machine() -> Machine {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let os_release = fs::read_to_string("/etc/os-release").unwrap_or_default();
    let logical_from_proc = cpuinfo
        .lines()
        .filter(|l| field_name(l) == "processor")
        .count();
    let logical_cpus = if logical_from_proc > 0 {
        logical_from_proc
    } else {
        std::thread::available_parallelism().map_or(1, usize::from)
    };
    Machine {
        cpu_model: cpu_model(&cpuinfo).unwrap_or_else(|| "unknown".to_owned()),
        logical_cpus,
        physical_cores: physical_cores(&cpuinfo),
        memory_kib: mem_total_kib(&meminfo),
        os_name: pretty_name(&os_release),
        kernel: uname(),
    }
}

fn field_name(line: &str) -> &str {
    line.split(':').next().unwrap_or("").trim()
}

fn field_value(line: &str) -> &str {
    line.split_once(':').map_or("", |(_, v)| v.trim())
}

/// Returns the first `model name` of /proc/cpuinfo.
pub fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo
        .lines()
        .find(|l| field_name(l) == "model name")
        .map(|l| field_value(l).to_owned())
}

/// Counts distinct (physical id, core id) pairs in /proc/cpuinfo.
pub fn physical_cores(cpuinfo: &str) -> Option<usize> {
    let mut cores = std::collections::BTreeSet::new();
    for block in cpuinfo.split("\n\n") {
        let value = |name: &str| {
            block
                .lines()
                .find(|l| field_name(l) == name)
                .map(|l| field_value(l).to_owned())
        };
        if let (Some(package), Some(core)) = (value("physical id"), value("core id")) {
            cores.insert((package, core));
        }
    }
    (!cores.is_empty()).then_some(cores.len())
}

/// Returns `MemTotal` of /proc/meminfo in KiB.
pub fn mem_total_kib(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| field_name(l) == "MemTotal")?;
    field_value(line).split_whitespace().next()?.parse().ok()
}

/// Returns `PRETTY_NAME` of /etc/os-release, unquoted.
pub fn pretty_name(os_release: &str) -> Option<String> {
    let value = os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))?;
    Some(value.trim().trim_matches('"').to_owned())
}

fn uname() -> Option<String> {
    // SAFETY: utsname is plain data, and all zeros is a valid value.
    let mut name: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `name` is a valid, writable utsname.
    if unsafe { libc::uname(&mut name) } != 0 {
        return None;
    }
    let field = |chars: &[libc::c_char]| {
        // SAFETY: uname fills each field with a NUL-terminated string that
        // fits in the array.
        unsafe { CStr::from_ptr(chars.as_ptr()) }
            .to_string_lossy()
            .into_owned()
    };
    Some(format!(
        "{} {} {}",
        field(&name.sysname),
        field(&name.release),
        field(&name.machine)
    ))
}

/// The git commit of the workspace, from `git rev-parse HEAD`.
#[derive(Clone, Debug)]
pub struct Commit {
    pub hash: String,
    /// Whether tracked files differ from the commit.
    pub dirty: bool,
}

/// Reads the workspace's commit, or returns `None` when git or the
/// repository is missing.
pub fn git_commit(root: &Path) -> Option<Commit> {
    let hash = command_output(
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-parse", "HEAD"]),
    )?;
    let status = command_output(Command::new("git").arg("-C").arg(root).args([
        "status",
        "--porcelain",
        "--untracked-files=no",
    ]))
    .unwrap_or_default();
    Some(Commit {
        hash: hash.trim().to_owned(),
        dirty: !status.trim().is_empty(),
    })
}

/// Returns erl's OTP release and ERTS version, such as `OTP 25, ERTS 13.2`.
pub fn erl_version(erl: &Path) -> Option<String> {
    let script = "io:format(\"OTP ~s, ERTS ~s\", \
                  [erlang:system_info(otp_release), erlang:system_info(version)]), halt().";
    let output = command_output(Command::new(erl).args(["-noshell", "-eval", script]))?;
    let line = output.trim();
    line.starts_with("OTP ").then(|| line.to_owned())
}

fn command_output(command: &mut Command) -> Option<String> {
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CPUINFO: &str = "processor\t: 0\nmodel name\t: Example CPU @ 2.00GHz\nphysical id\t: 0\ncore id\t\t: 0\n\n\
                           processor\t: 1\nmodel name\t: Example CPU @ 2.00GHz\nphysical id\t: 0\ncore id\t\t: 0\n\n\
                           processor\t: 2\nmodel name\t: Example CPU @ 2.00GHz\nphysical id\t: 0\ncore id\t\t: 1\n";

    #[test]
    fn cpu_model_from_cpuinfo() {
        assert_eq!(cpu_model(CPUINFO).as_deref(), Some("Example CPU @ 2.00GHz"));
        assert_eq!(cpu_model(""), None);
    }

    #[test]
    fn physical_cores_from_cpuinfo() {
        assert_eq!(physical_cores(CPUINFO), Some(2));
        assert_eq!(physical_cores("processor\t: 0\n"), None);
    }

    #[test]
    fn mem_total_from_meminfo() {
        let meminfo = "MemTotal:       24576000 kB\nMemFree:         1000 kB\n";
        assert_eq!(mem_total_kib(meminfo), Some(24_576_000));
        assert_eq!(mem_total_kib("MemFree: 1 kB\n"), None);
    }

    #[test]
    fn pretty_name_unquoted() {
        let text = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\n";
        assert_eq!(
            pretty_name(text).as_deref(),
            Some("Debian GNU/Linux 13 (trixie)")
        );
        assert_eq!(pretty_name("NAME=x\n"), None);
    }
}
