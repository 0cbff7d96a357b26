//! Charts as SVG we draw ourselves: the same bytes inline in the HTML, as an
//! image in the PDF and in the app.
//!
//! Every chart has a fixed size, refers to nothing outside itself, names fonts
//! only by generic family, and escapes every piece of text, so a merchant name
//! or a platform's label can never become markup. Numbers are printed with
//! fixed precision, so the same data always gives the same bytes.

use std::fmt::Write as _;

use serde::Serialize;

use super::lang::{self, Lang};
use crate::render::html::escape;

/// Width of every chart, in SVG user units (CSS pixels).
pub const WIDTH: f64 = 640.0;
/// Height of every chart.
pub const HEIGHT: f64 = 300.0;

const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 52.0;
const PALETTE: [&str; 4] = ["#1f3a5f", "#7fa7cf", "#c0841a", "#5b8c5a"];
const FONT: &str = "sans-serif";

/// How the values are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Grouped bars, one per series in each category.
    Bars,
    /// One line per series, a point per category; a missing value breaks the line.
    Line,
}

/// A named row of values, one per category; `None` where there is no value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A chart: categories along the bottom, values up the side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    pub title: String,
    pub style: Style,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// What the values count, shown on the axis: "requests", "%".
    pub unit: String,
    /// A fixed top of the scale (100 for a percentage); else from the data.
    pub max: Option<f64>,
    /// The language of what the chart says without data.
    pub lang: Lang,
    /// The chart drawn as SVG (filled by [`Chart::new`]).
    pub svg: String,
}

impl Chart {
    /// A chart, drawn; `lang` is the language of its own words (the title,
    /// series names and unit come in the caller's).
    pub fn new(
        lang: Lang,
        title: impl Into<String>,
        style: Style,
        categories: Vec<String>,
        series: Vec<Series>,
        unit: &str,
        max: Option<f64>,
    ) -> Chart {
        let mut chart = Chart {
            title: title.into(),
            style,
            categories,
            series,
            unit: unit.to_string(),
            max,
            lang,
            svg: String::new(),
        };
        chart.svg = svg(&chart);
        chart
    }
}

/// A number as a label: whole numbers without decimals, others with one.
fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{:.0}", v.round())
    } else {
        format!("{v:.1}")
    }
}

/// A coordinate, with fixed precision.
fn c(v: f64) -> String {
    format!("{v:.1}")
}

/// A round step for about four grid lines up to `max`.
fn nice_step(max: f64) -> f64 {
    let raw = (max / 4.0).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let f = raw / magnitude;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// How wide a character is drawn, in Latin character widths: Chinese,
/// Japanese and Korean characters (and full-width forms) take two.
fn char_width(c: char) -> usize {
    match c {
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}'
        | '\u{20000}'..='\u{3fffd}' => 2,
        _ => 1,
    }
}

/// A label's width in Latin character widths.
fn width(label: &str) -> usize {
    label.chars().map(char_width).sum()
}

/// `label`, cut with an ellipsis to at most `max` Latin character widths.
fn shorten(label: &str, max: usize) -> String {
    if width(label) <= max {
        return label.to_string();
    }
    let mut s = String::new();
    let mut used = 0;
    for c in label.chars() {
        if used + char_width(c) > max.saturating_sub(1) {
            break;
        }
        used += char_width(c);
        s.push(c);
    }
    s.push('…');
    s
}

/// Draws `chart` as a standalone SVG element.
pub fn svg(chart: &Chart) -> String {
    let n = chart.categories.len();
    let values: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .filter(|v| v.is_finite())
        .collect();
    let data_max = values.iter().copied().fold(0.0, f64::max);
    let top_value = chart.max.unwrap_or(data_max).max(data_max).max(1.0);
    let step = nice_step(top_value);
    let y_max = (top_value / step).ceil() * step;

    // Long category labels are turned, and the plot gets shorter to make room.
    let plot_w = WIDTH - LEFT - RIGHT;
    let slot = if n == 0 { plot_w } else { plot_w / n as f64 };
    let longest = chart
        .categories
        .iter()
        .map(|l| width(&shorten(l, 22)))
        .max()
        .unwrap_or(0);
    let turned = longest as f64 * 5.6 > slot - 4.0;
    let bottom = if turned {
        18.0 + (longest as f64 * 4.2).min(90.0)
    } else {
        40.0
    };
    let plot_h = HEIGHT - TOP - bottom;
    let y_of = |v: f64| TOP + plot_h - (v / y_max) * plot_h;
    // Show every k-th category label when they would crowd.
    let every = if turned {
        ((12.0 / slot).ceil() as usize).max(1)
    } else {
        1
    };

    let mut out = String::new();
    let title = escape(&chart.title);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         role=\"img\" aria-label=\"{title}\" font-family=\"{FONT}\" font-size=\"10\">\
         <title>{title}</title>\
         <rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\
         <text x=\"{x}\" y=\"18\" font-size=\"13\" font-weight=\"bold\" fill=\"#1f3a5f\">{title}</text>",
        w = number(WIDTH),
        h = number(HEIGHT),
        x = c(LEFT),
    );

    // Legend, when there is more than one series.
    if chart.series.len() > 1 {
        let mut x = LEFT;
        for (i, s) in chart.series.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let name = escape(&shorten(&s.name, 30));
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"28\" width=\"10\" height=\"10\" fill=\"{colour}\"/>\
                 <text x=\"{}\" y=\"37\" fill=\"#333333\">{name}</text>",
                c(x),
                c(x + 14.0)
            );
            x += 24.0 + width(&shorten(&s.name, 30)).min(30) as f64 * 6.0;
        }
    }

    // Grid lines and the value axis.
    let mut v = 0.0;
    while v <= y_max + 1e-9 {
        let y = y_of(v);
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#d7dce1\" stroke-width=\"1\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#4a5561\">{}</text>",
            c(LEFT),
            c(WIDTH - RIGHT),
            c(LEFT - 6.0),
            c(y + 3.5),
            number(v),
            y = c(y),
        );
        v += step;
    }
    let _ = write!(
        out,
        "<text x=\"12\" y=\"{}\" transform=\"rotate(-90 12 {})\" text-anchor=\"middle\" fill=\"#4a5561\">{}</text>\
         <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#4a5561\" stroke-width=\"1\"/>",
        c(TOP + plot_h / 2.0),
        c(TOP + plot_h / 2.0),
        escape(&chart.unit),
        c(LEFT),
        c(TOP + plot_h),
        c(WIDTH - RIGHT),
        c(TOP + plot_h),
    );

    if values.is_empty() {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#4a5561\">{}</text>",
            c(LEFT + plot_w / 2.0),
            c(TOP + plot_h / 2.0),
            escape(lang::NO_CHART_DATA.get(chart.lang))
        );
    }

    match chart.style {
        Style::Bars => bars(&mut out, chart, slot, &y_of),
        Style::Line => lines(&mut out, chart, slot, &y_of),
    }

    // Category labels.
    for (i, label) in chart.categories.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let x = LEFT + slot * (i as f64 + 0.5);
        let y = TOP + plot_h + 14.0;
        let text = escape(&shorten(label, 22));
        if turned {
            let _ = write!(
                out,
                "<text x=\"{x}\" y=\"{y}\" transform=\"rotate(-40 {x} {y})\" text-anchor=\"end\" fill=\"#333333\">{text}</text>",
                x = c(x),
                y = c(y),
            );
        } else {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333333\">{text}</text>",
                c(x),
                c(y)
            );
        }
    }
    out.push_str("</svg>");
    out
}

fn bars(out: &mut String, chart: &Chart, slot: f64, y_of: &dyn Fn(f64) -> f64) {
    let groups = chart.series.len().max(1) as f64;
    let bar_w = slot * 0.72 / groups;
    let base = y_of(0.0);
    for (i, category) in chart.categories.iter().enumerate() {
        let left = LEFT + slot * i as f64 + slot * 0.14;
        for (j, s) in chart.series.iter().enumerate() {
            let Some(v) = s.values.get(i).copied().flatten().filter(|v| v.is_finite()) else {
                continue;
            };
            let x = left + bar_w * j as f64;
            let y = y_of(v);
            let tip = escape(&format!("{category} · {}: {}", s.name, number(v)));
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{tip}</title></rect>",
                c(x),
                c(y),
                c((bar_w - 1.0).max(1.0)),
                c((base - y).max(0.0)),
                PALETTE[j % PALETTE.len()],
            );
            if bar_w >= 12.0 && v > 0.0 {
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" fill=\"#333333\">{}</text>",
                    c(x + bar_w / 2.0),
                    c(y - 3.0),
                    number(v)
                );
            }
        }
    }
}

fn lines(out: &mut String, chart: &Chart, slot: f64, y_of: &dyn Fn(f64) -> f64) {
    for (j, s) in chart.series.iter().enumerate() {
        let colour = PALETTE[j % PALETTE.len()];
        let points: Vec<Option<(f64, f64)>> = s
            .values
            .iter()
            .enumerate()
            .take(chart.categories.len())
            .map(|(i, v)| {
                v.filter(|v| v.is_finite())
                    .map(|v| (LEFT + slot * (i as f64 + 0.5), y_of(v)))
            })
            .collect();
        // A missing value breaks the line into runs.
        for run in points.split(|p| p.is_none()) {
            if run.len() > 1 {
                let coords: Vec<String> = run
                    .iter()
                    .flatten()
                    .map(|(x, y)| format!("{},{}", c(*x), c(*y)))
                    .collect();
                let _ = write!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
                    coords.join(" ")
                );
            }
        }
        for (i, p) in points.iter().enumerate() {
            let (Some((x, y)), Some(category)) = (p, chart.categories.get(i)) else {
                continue;
            };
            let v = s.values.get(i).copied().flatten().unwrap_or_default();
            let tip = escape(&format!("{category} · {}: {}", s.name, number(v)));
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{colour}\"><title>{tip}</title></circle>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" fill=\"#333333\">{}</text>",
                c(*x),
                c(*y),
                c(*x),
                c(y - 6.0),
                number(v)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(title: &str, label: &str) -> Chart {
        Chart::new(
            Lang::En,
            title,
            Style::Bars,
            vec![label.to_string(), "2026-02".into()],
            vec![Series {
                name: "received".into(),
                values: vec![Some(3.0), None],
            }],
            "requests",
            None,
        )
    }

    #[test]
    fn text_is_escaped_and_nothing_outside_is_referenced() {
        let chart = sample("<script>alert(1)</script>", "a\"b<c>&");
        assert!(!chart.svg.contains("<script"));
        assert!(chart.svg.contains("&lt;script&gt;"));
        assert!(chart.svg.contains("a&quot;b&lt;c&gt;&amp;"));
        assert!(!chart.svg.contains("href"));
        assert!(!chart.svg.contains("url("));
        assert!(chart
            .svg
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\""));
    }

    #[test]
    fn the_same_data_draws_the_same_bytes() {
        assert_eq!(sample("t", "2026-01").svg, sample("t", "2026-01").svg);
    }

    #[test]
    fn an_empty_chart_says_so() {
        let chart = Chart::new(Lang::En, "t", Style::Line, vec![], vec![], "%", Some(100.0));
        assert!(chart.svg.contains("No data in the period"));
        let chart = Chart::new(
            Lang::ZhHk,
            "t",
            Style::Line,
            vec![],
            vec![],
            "%",
            Some(100.0),
        );
        assert!(chart.svg.contains("期內沒有資料"));
    }

    #[test]
    fn chinese_labels_are_cut_by_their_drawn_width() {
        assert_eq!(shorten("2026-01", 22), "2026-01");
        assert_eq!(shorten("abcdefghij", 5), "abcd…");
        // Each Chinese character is two Latin widths wide.
        assert_eq!(width("Google · 受限制"), 15);
        assert_eq!(
            shorten("Google · 不在授權範圍目錄內", 22),
            "Google · 不在授權範圍…"
        );
        assert!(width(&shorten("Google · 不在授權範圍目錄內", 22)) <= 22);
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(4.0), 1.0);
        assert_eq!(nice_step(100.0), 25.0);
        assert_eq!(nice_step(37.0), 10.0);
    }
}
