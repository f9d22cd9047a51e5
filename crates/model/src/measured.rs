//! A workaround's success measured from "Did this work?" reports: how many
//! reports, how many said it worked, and the 95% Wilson score interval of
//! the rate. `smtp-triage rates` counts the reports and writes the figures
//! into the entry as `- **Measured:** 60% of 100 reports (95% interval
//! 50–69%)`; the parser reads the line back and the ranking uses the rate.
//!
//! Every figure is a whole percent rounded to the nearest (a half rounds
//! up): 60 of 100 is 60% with the interval 50.2%–69.1%, written 50–69%. The
//! arithmetic is IEEE `f64` (`sqrt` is exact to the last bit), so the build,
//! the CLI and the browser get the same figures.

use crate::{Date, Percent};
use std::fmt;

#[cfg(feature = "serde")]
use serde::Serialize;

/// The normal quantile of a two-sided 95% interval.
const Z: f64 = 1.96;

/// The most reports a `Measured` line may count: enough for any catalog,
/// and small enough that reading a line back is a quick search.
pub const MAX_REPORTS: u32 = 10_000_000;

/// What the reports on one workaround say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Measured {
    /// At least 1.
    pub reports: u32,
    /// How many of the reports said it worked; at most `reports`.
    pub worked: u32,
    /// The first and last day (UTC) of the reports that carried a time; both or neither.
    pub first: Option<Date>,
    pub last: Option<Date>,
}

impl Measured {
    /// `worked` of `reports`, without dates; `None` unless `0 < reports <= MAX_REPORTS` and `worked <= reports`.
    pub fn new(reports: u32, worked: u32) -> Option<Measured> {
        (reports > 0 && reports <= MAX_REPORTS && worked <= reports).then_some(Measured {
            reports,
            worked,
            first: None,
            last: None,
        })
    }

    /// The share that worked, to the nearest whole percent (a half rounds up).
    pub fn rate(&self) -> Percent {
        let (k, n) = (self.worked as u64, self.reports as u64);
        Percent::new(((200 * k + n) / (2 * n)) as u32).expect("worked <= reports")
    }

    /// The 95% Wilson score interval of the rate, each end to the nearest whole percent.
    pub fn interval(&self) -> (Percent, Percent) {
        let (low, high) = wilson(self.worked, self.reports);
        let pct = |x: f64| Percent::new((x.clamp(0.0, 1.0) * 100.0).round() as u32).expect("clamped to 0..=1");
        (pct(low), pct(high))
    }

    /// The count of successes among `reports` that a line's rounded figures
    /// stand for, when some count does. Past 100 reports several counts can
    /// round alike; the one nearest `rate` of `reports` is taken (they all
    /// read the same).
    pub fn from_figures(reports: u32, rate: Percent, low: Percent, high: Percent) -> Option<Measured> {
        let n = reports as u64;
        // Every count within half a percent of the rate: rate(k) is monotone in k.
        let around = |p: i64| ((p * n as i64 + 50) / 100).clamp(0, n as i64) as u32;
        let (from, to) = (around(rate.get() as i64 - 1), around(rate.get() as i64 + 1));
        let mut best: Option<(u64, Measured)> = None;
        for k in from..=to {
            let m = Measured::new(reports, k)?;
            if m.rate() == rate && m.interval() == (low, high) {
                let off = (100 * k as u64).abs_diff(rate.get() as u64 * n);
                if best.is_none_or(|(o, _)| off < o) {
                    best = Some((off, m));
                }
            }
        }
        best.map(|(_, m)| m)
    }
}

/// The 95% Wilson score interval of `worked` successes in `reports` trials, as fractions.
pub fn wilson(worked: u32, reports: u32) -> (f64, f64) {
    let n = reports as f64;
    let p = worked as f64 / n;
    let z2 = Z * Z;
    let centre = p + z2 / (2.0 * n);
    let spread = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let scale = 1.0 + z2 / n;
    ((centre - spread) / scale, (centre + spread) / scale)
}

/// As the catalog writes it after `- **Measured:** `:
/// `60% of 100 reports (95% interval 50–69%), 2026-11-02 to 2026-12-01`.
impl fmt::Display for Measured {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (low, high) = self.interval();
        let noun = if self.reports == 1 { "report" } else { "reports" };
        write!(f, "{} of {} {noun} (95% interval {}–{}%)", self.rate(), self.reports, low.get(), high.get())?;
        if let (Some(first), Some(last)) = (self.first, self.last) {
            write!(f, ", {first} to {last}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(worked: u32, reports: u32) -> (u8, u8, u8) {
        let m = Measured::new(reports, worked).unwrap();
        let (low, high) = m.interval();
        (m.rate().get(), low.get(), high.get())
    }

    #[test]
    fn sixty_of_a_hundred_is_60_with_the_interval_50_to_69() {
        let (low, high) = wilson(60, 100);
        assert!((low - 0.502_001).abs() < 1e-6, "{low}");
        assert!((high - 0.690_600).abs() < 1e-6, "{high}");
        assert_eq!(figures(60, 100), (60, 50, 69));
    }

    #[test]
    fn known_counts_give_their_wilson_intervals() {
        assert_eq!(figures(0, 10), (0, 0, 28));
        assert_eq!(figures(10, 10), (100, 72, 100));
        assert_eq!(figures(1, 2), (50, 9, 91));
        assert_eq!(figures(27, 30), (90, 74, 97));
        assert_eq!(figures(24, 30), (80, 63, 90));
        assert_eq!(figures(500, 1000), (50, 47, 53));
        assert_eq!(figures(1, 8), (13, 2, 47), "12.5% rounds up");
    }

    #[test]
    fn the_line_reads_as_the_catalog_writes_it() {
        let mut m = Measured::new(100, 60).unwrap();
        assert_eq!(m.to_string(), "60% of 100 reports (95% interval 50–69%)");
        m.first = Date::new(2026, 11, 2);
        m.last = Date::new(2026, 12, 1);
        assert_eq!(m.to_string(), "60% of 100 reports (95% interval 50–69%), 2026-11-02 to 2026-12-01");
        assert_eq!(Measured::new(1, 1).unwrap().to_string(), "100% of 1 report (95% interval 21–100%)");
    }

    #[test]
    fn the_count_is_found_back_from_the_rounded_figures() {
        for n in [1, 2, 7, 30, 99, 100, 101, 250, 1000] {
            for k in 0..=n {
                let m = Measured::new(n, k).unwrap();
                let (low, high) = m.interval();
                let back = Measured::from_figures(n, m.rate(), low, high).expect("found");
                assert_eq!(back.to_string(), m.to_string(), "{k} of {n}");
                if n <= 100 {
                    assert_eq!(back.worked, k, "up to 100 reports every count has its own percent");
                }
            }
        }
        let p = |x| Percent::new(x).unwrap();
        assert_eq!(Measured::from_figures(100, p(60), p(50), p(70)), None, "the interval disagrees");
        assert_eq!(Measured::from_figures(7, p(50), p(15), p(85)), None, "no count of 7 is 50%");
    }

    #[test]
    fn no_reports_or_more_successes_than_reports_is_no_measurement() {
        assert_eq!(Measured::new(0, 0), None);
        assert_eq!(Measured::new(3, 4), None);
    }
}
