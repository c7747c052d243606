//! Audit records: one JSON object per line for each policy violation.

use crate::Action;

/// One violation, as written to the `--audit` file.
#[derive(Clone, Debug)]
pub struct Record<'a> {
    pub time: jiff::Timestamp,
    /// The process, as Erlang prints its pid: `<0.83.0>`.
    pub pid: &'a str,
    /// The call, registered name use or spawn that was judged, as
    /// `module:function/arity`.
    pub mfa: &'a str,
    pub action: Action,
    /// The 1-based position of the deciding layer in the process's stack.
    pub layer: usize,
}

impl Record<'_> {
    /// Returns the record as one line of JSON, without the newline.
    pub fn to_json_line(&self) -> String {
        serde_json::json!({
            "time": self.time.to_string(),
            "pid": self.pid,
            "mfa": self.mfa,
            "action": self.action.name(),
            "layer": self.layer,
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_is_one_json_line() {
        let record = Record {
            time: "2026-12-04T18:30:00.25Z".parse().unwrap(),
            pid: "<0.83.0>",
            mfa: "os:cmd/1",
            action: Action::Kill,
            layer: 2,
        };
        let line = record.to_json_line();
        assert!(!line.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["time"], "2026-12-04T18:30:00.25Z");
        assert_eq!(v["pid"], "<0.83.0>");
        assert_eq!(v["mfa"], "os:cmd/1");
        assert_eq!(v["action"], "kill");
        assert_eq!(v["layer"], 2);
    }

    #[test]
    fn quotes_in_names_stay_valid_json() {
        let record = Record {
            time: jiff::Timestamp::UNIX_EPOCH,
            pid: "<0.1.0>",
            mfa: "'a\"b':'c\\\\d'/0",
            action: Action::Log,
            layer: 1,
        };
        let v: serde_json::Value = serde_json::from_str(&record.to_json_line()).unwrap();
        assert_eq!(v["mfa"], "'a\"b':'c\\\\d'/0");
    }
}
