//! A replay report as text for a reviewer: the totals, the before → after matrix, the
//! reasons, and what the figures mean. Hidden counts read "<k" (below the minimum group
//! size, zero included) or "hidden" (hidden so that no "<k" can be worked out from the
//! others).

use std::fmt::Write as _;

use super::report::{Count, Report};

impl Report {
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let k = self.min_group_size;
        let _ = writeln!(
            out,
            "Replay under the candidate catalog {} ({})",
            self.catalog.path, self.catalog.version
        );
        let _ = writeln!(out, "Decisions: {}", self.describe_filter());
        let _ = writeln!(out);
        let Some(replayed) = self.replayed.shown() else {
            let _ = writeln!(
                out,
                "Fewer than {k} decisions in weeks holding at least {k}: nothing to show."
            );
            return out;
        };
        let pct = |c: Count| match c.shown() {
            Some(n) if replayed > 0 => {
                format!("{:>6.1}%", 100.0 * n as f64 / replayed as f64)
            }
            _ => String::new(),
        };
        let rows = [
            ("decisions replayed", self.replayed, String::new()),
            ("  top pick unchanged", self.unchanged, pct(self.unchanged)),
            ("  top pick would change", self.changed, pct(self.changed)),
            (
                "  no longer readable",
                self.unreadable,
                pct(self.unreadable),
            ),
        ];
        for (label, count, pct) in rows {
            let line = format!("{label:<24}{:>12} {pct}", count_text(count, k));
            let _ = writeln!(out, "{}", line.trim_end());
        }

        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Top pick before -> after (rows: stored with the decision; columns: under the candidate)"
        );
        out.push_str(&self.matrix());

        if !self.unreadable_reasons.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "No longer readable, by reason (each decision counted once, under the first problem found)"
            );
            let width = self
                .unreadable_reasons
                .iter()
                .map(|r| r.description.len())
                .max()
                .unwrap_or(0);
            for r in &self.unreadable_reasons {
                let _ = writeln!(
                    out,
                    "  {:<width$}  {:>10}",
                    r.description,
                    count_text(r.count, k)
                );
            }
        }

        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Counts below {k} (MIN_GROUP_SIZE, zero included) read \"<{k}\"; \"hidden\" is a larger\n\
             count hidden as well, so that what is hidden adds up to 0 or to at least {k} (the\n\
             matrix has no row or column totals for the same reason; reasons and stored picks\n\
             with fewer than {k} decisions are not listed). \"Before\" is the top pick stored with\n\
             each decision; \"after\" is the engine's top pick under the candidate for the same\n\
             answers, weights and language filter. When frameworks tie for first, the engine's\n\
             fixed order decides: {}, as in live recommendations.",
            self.tie_break
        );
        out
    }

    fn describe_filter(&self) -> String {
        let client = match &self.filter.client {
            Some(c) => format!("client `{c}`"),
            None => "all clients".to_string(),
        };
        let weeks = match (self.weeks.from, self.weeks.to) {
            (None, None) => "all weeks".to_string(),
            (Some(a), None) => format!("the weeks from Monday {a} on"),
            (None, Some(b)) => format!("the weeks before Monday {b}"),
            (Some(a), Some(b)) => format!("the weeks from Monday {a} to Monday {b} (exclusive)"),
        };
        let k = self.min_group_size;
        let n = self.weeks.counted;
        format!(
            "{client}, {weeks}, whole UTC weeks with at least {k} decisions ({n} week{})",
            if n == 1 { "" } else { "s" }
        )
    }

    /// Every pair of the report, rows and columns in the candidate's order (rows for
    /// stored picks it does not have last).
    fn matrix(&self) -> String {
        let k = self.min_group_size;
        let mut rows: Vec<&str> = Vec::new();
        let mut cols: Vec<&str> = Vec::new();
        for t in &self.transitions {
            if !rows.contains(&t.before.as_str()) {
                rows.push(&t.before);
            }
            if !cols.contains(&t.after.as_str()) {
                cols.push(&t.after);
            }
        }
        let label = |id: &str| {
            let foreign = self
                .transitions
                .iter()
                .any(|t| t.before == id && !t.before_in_catalog);
            if foreign {
                format!("{id} (not in the candidate)")
            } else {
                id.to_string()
            }
        };
        let cell = |before: &str, after: &str| {
            self.transitions
                .iter()
                .find(|t| t.before == before && t.after == after)
                .map_or_else(String::new, |t| count_text(t.count, k))
        };
        let label_width = rows
            .iter()
            .map(|r| label(r).len())
            .max()
            .unwrap_or(0)
            .max(6);
        let widths: Vec<usize> = cols
            .iter()
            .map(|c| {
                rows.iter()
                    .map(|r| cell(r, c).len())
                    .chain([c.len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();

        let mut out = String::new();
        let _ = write!(out, "  {:<label_width$}", "before");
        for (c, w) in cols.iter().zip(&widths) {
            let _ = write!(out, "  {c:>w$}");
        }
        let _ = writeln!(out);
        for r in &rows {
            let _ = write!(out, "  {:<label_width$}", label(r));
            for (c, w) in cols.iter().zip(&widths) {
                let _ = write!(out, "  {:>w$}", cell(r, c));
            }
            let _ = writeln!(out);
        }
        out
    }
}

fn count_text(c: Count, k: u64) -> String {
    match c {
        Count::Shown(n) => thousands(n),
        Count::Small => format!("<{k}"),
        Count::Hidden => "hidden".to_string(),
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn large_numbers_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
