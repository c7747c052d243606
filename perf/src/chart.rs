//! Draws results.svg: per program a group of bars, one per Cordon mode,
//! each the ratio of median in-VM times cordon/erl. Drawn with plotters'
//! SVG backend, which writes text as SVG text elements and needs no fonts.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::format_ratio;
use crate::runner::ProgramResult;
use crate::stats::ratio;
use crate::vms::Vm;

const HEIGHT: u32 = 480;
const FONT: &str = "sans-serif";

/// One bar group: a program and its ratio per mode, absent where a run failed.
#[derive(Clone, Debug, PartialEq)]
pub struct BarGroup {
    pub program: String,
    pub ratios: Vec<Option<f64>>,
}

/// Collects the cordon/erl in-VM ratios per program and mode. Programs
/// without any ratio are left out.
pub fn bar_groups(vms: &[Vm], results: &[ProgramResult]) -> Vec<BarGroup> {
    if !vms.contains(&Vm::Erl) {
        return Vec::new();
    }
    let modes: Vec<Vm> = vms
        .iter()
        .copied()
        .filter(|vm| matches!(vm, Vm::Cordon(_)))
        .collect();
    let mut groups = Vec::new();
    for program in results {
        let erl = program
            .result_of(Vm::Erl)
            .and_then(|r| r.in_vm_us())
            .map(|s| s.median);
        let ratios: Vec<Option<f64>> = modes
            .iter()
            .map(|&mode| {
                let cordon = program.result_of(mode)?.in_vm_us()?.median;
                ratio(cordon, erl?)
            })
            .collect();
        if ratios.iter().any(Option::is_some) {
            groups.push(BarGroup {
                program: program.name.clone(),
                ratios,
            });
        }
    }
    groups
}

/// Writes the chart to `path` and returns true, or returns false without
/// writing when no program has a cordon/erl ratio.
pub fn write_chart(path: &Path, vms: &[Vm], results: &[ProgramResult]) -> Result<bool, String> {
    let groups = bar_groups(vms, results);
    if groups.is_empty() {
        return Ok(false);
    }
    let modes: Vec<String> = vms
        .iter()
        .filter(|vm| matches!(vm, Vm::Cordon(_)))
        .map(Vm::label)
        .collect();
    draw(path, &modes, &groups).map_err(|err| err.to_string())?;
    Ok(true)
}

fn draw(
    path: &Path,
    modes: &[String],
    groups: &[BarGroup],
) -> Result<(), Box<dyn std::error::Error>> {
    let group_count = groups.len();
    let width = (160 + group_count * (40 + 36 * modes.len())).max(640) as u32;
    let root = SVGBackend::new(path, (width, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;

    // A logarithmic axis, because ratios run from below 1 to the hundreds
    // and a ratio and its inverse should be as far from 1.
    let values = groups.iter().flat_map(|g| g.ratios.iter().flatten());
    let max_ratio = values.clone().fold(1.0_f64, |a, &b| a.max(b));
    let min_ratio = values.fold(1.0_f64, |a, &b| a.min(b));
    let bottom = min_ratio / 2.0;
    // Headroom above the tallest bar for its label and the legend.
    let top = max_ratio * 4.0;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "In-VM time, cordon / erl (median; lower is better, 1 = as fast as erl)",
            (FONT, 18),
        )
        .margin(20)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..group_count as f64, (bottom..top).log_scale())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels(0)
        .y_desc("ratio of in-VM times (log scale)")
        .y_label_formatter(&|v| axis_label(*v))
        .label_style((FONT, 13))
        .draw()?;

    // The line at 1: erl's own time.
    chart.draw_series(LineSeries::new(
        [(0.0, 1.0), (group_count as f64, 1.0)],
        BLACK.mix(0.6).stroke_width(1),
    ))?;

    let bar_width = 0.8 / modes.len() as f64;
    for (index, mode) in modes.iter().enumerate() {
        let color = Palette99::pick(index).to_rgba();
        let bars = groups.iter().enumerate().filter_map(|(group, g)| {
            let value = g.ratios[index]?;
            let left = group as f64 + 0.1 + index as f64 * bar_width;
            Some(Rectangle::new(
                [(left, 0.0), (left + bar_width * 0.9, value)],
                color.filled(),
            ))
        });
        chart
            .draw_series(bars)?
            .label(mode.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));

        let labels = groups.iter().enumerate().filter_map(|(group, g)| {
            let value = g.ratios[index]?;
            let center = group as f64 + 0.1 + (index as f64 + 0.45) * bar_width;
            let style =
                TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
            Some(Text::new(format_ratio(value), (center, value), style))
        });
        chart.draw_series(labels)?;
    }

    // Program names under the groups, placed in pixels because the x axis
    // has no labels of its own.
    for (group, g) in groups.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(group as f64 + 0.5, bottom));
        let style = TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Text::new(g.program.as_str(), (x, y + 8), style))?;
    }

    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .label_font((FONT, 13))
        .draw()?;
    root.present()?;
    Ok(())
}

/// Formats a y-axis value as a ratio, whole numbers without decimals.
fn axis_label(value: f64) -> String {
    if value >= 1.0 && value.fract() == 0.0 {
        format!("{value:.0}×")
    } else {
        format_ratio(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::RunMeasurement;
    use crate::runner::VmResult;
    use crate::vms::MODES;
    use std::time::Duration;

    fn vm_result(vm: Vm, in_vm_us: Option<u64>) -> VmResult {
        VmResult {
            vm,
            command: crate::vms::Invocation {
                env: Vec::new(),
                program: std::path::PathBuf::from("vm"),
                args: Vec::new(),
            },
            outcome: in_vm_us
                .map(|us| {
                    vec![RunMeasurement {
                        in_vm_us: us,
                        wall: Duration::from_millis(1),
                        max_rss_kib: 1,
                    }]
                })
                .ok_or_else(|| "failed".to_owned()),
        }
    }

    fn results() -> Vec<ProgramResult> {
        let cordon = Vm::Cordon(&MODES[0]);
        vec![
            ProgramResult {
                name: "fib".to_owned(),
                size: None,
                not_run: None,
                vms: vec![vm_result(cordon, Some(300)), vm_result(Vm::Erl, Some(100))],
            },
            ProgramResult {
                name: "broken".to_owned(),
                size: None,
                not_run: None,
                vms: vec![vm_result(cordon, None), vm_result(Vm::Erl, Some(100))],
            },
        ]
    }

    #[test]
    fn groups_skip_programs_without_ratio() {
        let vms = [Vm::Cordon(&MODES[0]), Vm::Erl];
        let groups = bar_groups(&vms, &results());
        assert_eq!(
            groups,
            vec![BarGroup {
                program: "fib".to_owned(),
                ratios: vec![Some(3.0)],
            }]
        );
    }

    #[test]
    fn chart_written_as_svg() {
        let vms = [Vm::Cordon(&MODES[0]), Vm::Erl];
        let path =
            std::env::temp_dir().join(format!("cordon-perf-chart-test-{}.svg", std::process::id()));
        assert_eq!(write_chart(&path, &vms, &results()), Ok(true));
        let svg = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
        assert!(svg.contains("\nfib\n</text>"));
        assert!(svg.contains("3.00×"));
        assert!(svg.contains("cordon interpreter"));
    }

    #[test]
    fn no_chart_without_erl() {
        let vms = [Vm::Cordon(&MODES[0])];
        let path = std::env::temp_dir().join("cordon-perf-chart-test-unwritten.svg");
        assert_eq!(write_chart(&path, &vms, &results()), Ok(false));
        assert!(!path.exists());
    }
}
