//! A replay report as text for a reviewer: the totals, the before → after matrix, the
//! reasons, and what the figures mean. Hidden counts read "<k" (below the minimum group
//! size) or "hidden" (hidden so that a "<k" cannot be worked out from the totals).

use std::fmt::Write as _;

use super::report::{Count, Report};
use crate::catalog::Catalog;

impl Report {
    /// `catalog` is the candidate the report was made with: it orders the matrix.
    pub fn to_text(&self, catalog: &Catalog) -> String {
        let mut out = String::new();
        let k = self.min_group_size;
        let _ = writeln!(
            out,
            "Replay under the candidate catalog {} ({})",
            self.catalog.path, self.catalog.version
        );
        let _ = writeln!(out, "Decisions: {}", self.describe_filter());
        let _ = writeln!(out);
        let pct = |c: Count| match (c.shown(), self.replayed) {
            (Some(n), total) if total > 0 => format!("{:>6.1}%", 100.0 * n as f64 / total as f64),
            _ => String::new(),
        };
        let rows = [
            (
                "decisions replayed",
                Count::Shown(self.replayed),
                String::new(),
            ),
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
        if self.transitions.is_empty() {
            let _ = writeln!(out, "  (no readable decision)");
        } else {
            out.push_str(&self.matrix(catalog));
        }

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
            "Counts below {k} (MIN_GROUP_SIZE) read \"<{k}\"; \"hidden\" is a larger count hidden as well,\n\
             so that no \"<{k}\" can be worked out from the totals (the matrix has no row or column\n\
             totals for the same reason). \"Before\" is the top pick stored with each decision;\n\
             \"after\" is the engine's top pick under the candidate for the same answers, weights and\n\
             language filter. When frameworks tie for first, the engine's fixed order decides:\n\
             {}, as in live recommendations.",
            self.tie_break
        );
        out
    }

    fn describe_filter(&self) -> String {
        let f = &self.filter;
        let client = match &f.client {
            Some(c) => format!("client `{c}`"),
            None => "all clients".to_string(),
        };
        let hour = |t: &chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let period = match (&f.from, &f.to) {
            (None, None) => "all time".to_string(),
            (Some(a), None) => format!("made at or after {}", hour(a)),
            (None, Some(b)) => format!("made before {}", hour(b)),
            (Some(a), Some(b)) => format!(
                "made from {} (inclusive) to {} (exclusive)",
                hour(a),
                hour(b)
            ),
        };
        format!("{client}, {period}")
    }

    fn matrix(&self, catalog: &Catalog) -> String {
        let k = self.min_group_size;
        // Rows and columns in the candidate's framework order; stored picks that are not
        // in the candidate come last, by id.
        let order = |id: &str| {
            (
                catalog.framework_index(id).unwrap_or(usize::MAX),
                id.to_string(),
            )
        };
        let mut rows: Vec<&str> = self.transitions.iter().map(|t| t.before.as_str()).collect();
        rows.sort_by_key(|id| order(id));
        rows.dedup();
        let mut cols: Vec<&str> = self.transitions.iter().map(|t| t.after.as_str()).collect();
        cols.sort_by_key(|id| order(id));
        cols.dedup();

        let label = |id: &str| match catalog.framework_index(id) {
            Some(_) => id.to_string(),
            None => format!("{id} (not in the candidate)"),
        };
        let cell = |before: &str, after: &str| {
            self.transitions
                .iter()
                .find(|t| t.before == before && t.after == after)
                .map_or_else(|| "-".to_string(), |t| count_text(t.count, k))
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
