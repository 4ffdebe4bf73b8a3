//! The review as one self-contained HTML page (no network, no script) with inline SVG
//! charts: volume by kind, on-time rates against the previous period, causes and
//! satisfaction. Prints on paper as it shows on screen.

use super::metrics::Review;
use super::render::{beside, lines, section_title, title};
use crate::i18n::t;
use crate::i18n::{Names, words::word};

/// Escapes text for HTML and SVG.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One series of a bar chart.
struct Series<'a> {
    name: &'a str,
    color: &'a str,
    /// A value per label; none where the period has nothing to measure (no bar).
    values: Vec<Option<f64>>,
}

/// A horizontal grouped bar chart.
fn bars(title: &str, labels: &[String], series: &[Series], max: Option<f64>, unit: &str) -> String {
    let (label_w, bar_w, row_h, bar_h) = (170.0, 360.0, 12.0 * series.len() as f64 + 10.0, 11.0);
    let top = max
        .unwrap_or_else(|| {
            series
                .iter()
                .flat_map(|s| s.values.iter().flatten().copied())
                .fold(0.0, f64::max)
        })
        .max(1.0);
    let height = 40.0 + row_h * labels.len() as f64 + 20.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\"><title>{t}</title>\
         <text x=\"0\" y=\"16\" font-weight=\"bold\">{t}</text>",
        w = label_w + bar_w + 70.0,
        t = esc(title)
    );
    for (i, s) in series.iter().enumerate() {
        let x = label_w + i as f64 * 150.0;
        svg += &format!(
            "<rect x=\"{x}\" y=\"24\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"33\" font-size=\"11\">{}</text>",
            s.color,
            x + 14.0,
            esc(s.name)
        );
    }
    for (row, label) in labels.iter().enumerate() {
        let y = 44.0 + row as f64 * row_h;
        svg += &format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            label_w - 6.0,
            y + bar_h,
            esc(label)
        );
        for (i, s) in series.iter().enumerate() {
            let by = y + i as f64 * 12.0;
            let Some(v) = s.values.get(row).copied().flatten() else {
                // Nothing to measure that period: no bar, the dash the tables show.
                svg += &format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">–</text>",
                    label_w + 4.0,
                    by + 9.0
                );
                continue;
            };
            let w = (v / top * bar_w).max(0.0);
            // Rates read as everywhere else, with one decimal; counts as counts.
            let shown = if unit == "%" {
                crate::i18n::format::percent(v)
            } else {
                format!("{v}{unit}")
            };
            svg += &format!(
                "<rect x=\"{label_w}\" y=\"{by}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"{}\"><title>{}: {shown}</title></rect>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{shown}</text>",
                s.color,
                esc(s.name),
                label_w + w + 4.0,
                by + 9.0
            );
        }
    }
    svg + "</svg>"
}

const NOW: &str = "#2b6cb0";
const BEFORE: &str = "#a0aec0";

/// The data of one chart of the review: bars of this period beside the one before.
pub struct ChartData {
    pub title: String,
    pub labels: Vec<String>,
    /// A value per label; none where the period has nothing to measure.
    pub current: Vec<Option<f64>>,
    pub previous: Vec<Option<f64>>,
    /// Rates go to 100 (percent); counts to their largest value.
    pub percent: bool,
}

/// The four charts of the review, as the HTML page and the workbook draw them: openings
/// by kind, on-time rates, causes and satisfaction.
pub fn charts(cur: &Review, prev: &Review, names: &Names) -> Vec<ChartData> {
    let kinds: Vec<String> = cur
        .by_kind
        .keys()
        .chain(prev.by_kind.keys())
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let opened = |r: &Review| -> Vec<Option<f64>> {
        kinds
            .iter()
            .map(|k| Some(r.by_kind.get(k).map_or(0.0, |v| v.opened as f64)))
            .collect()
    };
    let rates = |r: &Review| -> Vec<Option<f64>> {
        [
            &r.first_contact_on_time,
            &r.progress_on_time,
            &r.resolution_on_time,
            &r.promises_kept,
            &r.callbacks_on_time,
        ]
        .iter()
        .map(|x| x.percent)
        .collect()
    };
    let causes = |r: &Review| -> Vec<Option<f64>> {
        [
            r.causes.ours,
            r.causes.customer,
            r.causes.supplier,
            r.causes.carrier,
            r.causes.unknown,
        ]
        .iter()
        .map(|n| Some(*n as f64))
        .collect()
    };
    let verdict_codes = ["satisfied", "neutral", "dissatisfied"];
    let verdicts = |r: &Review| -> Vec<Option<f64>> {
        verdict_codes
            .iter()
            .map(|v| Some(r.satisfaction.get(*v).copied().unwrap_or(0) as f64))
            .collect()
    };
    vec![
        ChartData {
            title: t!("chart-volume"),
            labels: kinds.iter().map(|k| names.kind(k)).collect(),
            current: opened(cur),
            previous: opened(prev),
            percent: false,
        },
        ChartData {
            title: t!("chart-on-time"),
            labels: vec![
                t!("chart-rate-first-contact"),
                t!("chart-rate-progress"),
                t!("chart-rate-resolution"),
                t!("chart-rate-promises"),
                t!("chart-rate-callbacks"),
            ],
            current: rates(cur),
            previous: rates(prev),
            percent: true,
        },
        ChartData {
            title: t!("chart-causes"),
            labels: ["ours", "customer", "supplier", "carrier", "unknown"]
                .iter()
                .map(|s| word("cause", s))
                .collect(),
            current: causes(cur),
            previous: causes(prev),
            percent: false,
        },
        ChartData {
            title: t!("chart-satisfaction"),
            labels: verdict_codes
                .iter()
                .map(|s| word("satisfaction", s))
                .collect(),
            current: verdicts(cur),
            previous: verdicts(prev),
            percent: false,
        },
    ]
}

/// The review as a self-contained HTML page.
pub fn page(cur: &Review, prev: &Review, shop: &str, names: &Names) -> String {
    let svgs: String = charts(cur, prev, names)
        .into_iter()
        .map(|c| {
            bars(
                &c.title,
                &c.labels,
                &[
                    Series {
                        name: &cur.period,
                        color: NOW,
                        values: c.current,
                    },
                    Series {
                        name: &prev.period,
                        color: BEFORE,
                        values: c.previous,
                    },
                ],
                c.percent.then_some(100.0),
                if c.percent { "%" } else { "" },
            )
        })
        .collect();
    let mut tables = String::new();
    let mut section = "";
    for line in lines(cur, prev, names) {
        if line.section != section {
            if !section.is_empty() {
                tables += "</tbody></table>";
            }
            section = line.section;
            tables += &format!(
                "<h2>{}</h2><table><thead><tr><th></th><th>{}</th><th>{}</th></tr></thead><tbody>",
                esc(&section_title(section)),
                esc(&cur.period),
                esc(&prev.period)
            );
        }
        tables += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&line.label),
            esc(&line.current.human(names)),
            esc(&line.previous.human(names))
        );
    }
    if !section.is_empty() {
        tables += "</tbody></table>";
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:2em;color:#1a202c}}\
         h1{{font-size:1.5em}}h2{{font-size:1.1em;margin-top:1.5em}}table{{border-collapse:collapse;min-width:32em}}\
         td,th{{border-bottom:1px solid #e2e8f0;padding:.25em .6em;text-align:right}}td:first-child,th:first-child{{text-align:left}}\
         .charts{{display:flex;flex-wrap:wrap;gap:1.5em}}svg{{font-family:inherit}}@media print{{.charts{{break-inside:avoid}}}}</style></head>\
         <body><h1>{title}</h1><p>{beside}</p>\
         <div class=\"charts\">{svgs}</div>{tables}</body></html>\n",
        lang = crate::i18n::lang().code(),
        title = esc(&title(cur, shop)),
        beside = esc(&beside(prev)),
    )
}
