//! How a workaround's success rate reads, the same in the widget, the CLI
//! and the site: a measured rate with its count and interval, or the
//! catalog's estimate, said to be one.

use smtp_triage_model::{Entry, Workaround};

/// `60% of 100 reports (50–69%)` for a measured rate (the 95% interval in
/// brackets), `85% success (catalog estimate)` for the rest.
pub fn success_label(w: &Workaround) -> String {
    match w.measured {
        Some(m) => {
            let (low, high) = m.interval();
            let noun = if m.reports == 1 { "report" } else { "reports" };
            format!("{} of {} {noun} ({}–{}%)", m.rate(), m.reports, low.get(), high.get())
        }
        None => format!("{} success (catalog estimate)", w.success),
    }
}

/// Where an entry's rates come from, as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rates {
    /// No workaround measured: every rate is the catalog's estimate.
    Estimates,
    /// Some measured, the others estimates.
    Mixed,
    /// Every workaround measured.
    Measured,
}

impl Rates {
    pub fn of(e: &Entry) -> Rates {
        let measured = e.workarounds.iter().filter(|w| w.measured.is_some()).count();
        match measured {
            0 => Rates::Estimates,
            n if n == e.workarounds.len() => Rates::Measured,
            _ => Rates::Mixed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smtp_triage_model::Measured;

    #[test]
    fn a_measured_rate_reads_with_its_count_and_interval_an_estimate_says_so() {
        let mut w = crate::catalog::seed().workarounds[0].clone();
        assert_eq!(success_label(&w), "85% success (catalog estimate)");
        w.measured = Measured::new(100, 60);
        assert_eq!(success_label(&w), "60% of 100 reports (50–69%)");
        assert_eq!(w.rate().get(), 60, "the measured rate replaces the estimate");
        w.measured = Measured::new(1, 0);
        assert_eq!(success_label(&w), "0% of 1 report (0–79%)");
    }

    #[test]
    fn the_catalog_is_all_estimates_until_measured() {
        assert_eq!(Rates::of(crate::catalog::seed()), Rates::Estimates);
        let mut e = crate::catalog::seed().clone();
        e.workarounds.to_mut()[1].measured = Measured::new(40, 30);
        assert_eq!(Rates::of(&e), Rates::Mixed);
        e.workarounds.to_mut().iter_mut().for_each(|w| w.measured = Measured::new(40, 30));
        assert_eq!(Rates::of(&e), Rates::Measured);
    }
}
