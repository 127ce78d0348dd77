//! Hiding small groups in a replay report, with [`privacy::suppress`], the rule the
//! analytics use, applied at two levels.
//!
//! A report publishes the number of decisions replayed (like the analytics' `total`, never
//! hidden), then splits them into parts (unchanged, changed, unreadable) whose totals add
//! up to it, and splits each part into cells (transitions, reasons). So:
//!
//! 1. The part totals are one breakdown of the published total: `suppress` hides those
//!    below `k`, and the next smallest if exactly one is hidden.
//! 2. Each part's cells are a breakdown of the part total: `suppress` again.
//! 3. A hidden part total must not be recoverable from its cells, so if none of its cells
//!    is hidden, the smallest is hidden too.
//!
//! Then no hidden count can be worked out exactly from the published ones: the visible
//! parts' cells add up to visible totals with zero or at least two unknowns each, and the
//! hidden parts' cells add up to the published total minus the visible part totals with at
//! least two unknowns. Empty parts are shown as 0 (no one can be singled out from nobody),
//! except beside a lone hidden part, which they would give away.
//! Row and column totals of the before → after matrix are never published: they would add
//! sums this scheme does not protect.

use crate::privacy;

/// A count as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Shown(u64),
    /// Below the minimum group size.
    Small,
    /// At or above it, hidden so that a small count cannot be recovered from the totals.
    Hidden,
}

impl Count {
    pub fn shown(self) -> Option<u64> {
        match self {
            Count::Shown(n) => Some(n),
            Count::Small | Count::Hidden => None,
        }
    }

    fn of(n: u64, visible: bool, k: u64) -> Count {
        match (visible, n < k) {
            (true, _) => Count::Shown(n),
            (false, true) => Count::Small,
            (false, false) => Count::Hidden,
        }
    }
}

/// Null when hidden, as in the analytics.
impl serde::Serialize for Count {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.shown() {
            Some(n) => s.serialize_u64(n),
            None => s.serialize_none(),
        }
    }
}

/// `parts[i]` is the cells of part `i` (keys sorted, counts non-zero). Returns each part's
/// total and each cell as published.
pub fn suppress_parts<K>(parts: Vec<Vec<(K, u64)>>, k: u64) -> (Vec<Count>, Vec<Vec<(K, Count)>>) {
    let k_i = i64::try_from(k).unwrap_or(i64::MAX);
    let sums: Vec<u64> = parts
        .iter()
        .map(|cells| cells.iter().map(|(_, n)| n).sum())
        .collect();
    let non_empty: Vec<(usize, i64)> = sums
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, n)| (i, count_i64(*n)))
        .collect();
    let mut totals: Vec<Count> = sums.iter().map(|_| Count::Shown(0)).collect();
    for (i, shown) in privacy::suppress(non_empty, 0, k_i) {
        totals[i] = Count::of(sums[i], shown.is_some(), k);
    }
    // A lone hidden part (every other part empty) would be the published total minus
    // zeros: hide the empty parts too ("<k" is true of 0).
    if totals.iter().filter(|t| t.shown().is_none()).count() == 1 {
        for (t, n) in totals.iter_mut().zip(&sums) {
            if *n == 0 {
                *t = Count::Small;
            }
        }
    }

    let cells = parts
        .into_iter()
        .zip(&totals)
        .map(|(cells, total)| {
            let counts: Vec<u64> = cells.iter().map(|(_, n)| *n).collect();
            let input = counts.iter().map(|n| count_i64(*n)).enumerate().collect();
            let mut visible: Vec<bool> = privacy::suppress(input, 0, k_i)
                .into_iter()
                .map(|(_, shown)| shown.is_some())
                .collect();
            if total.shown().is_none() && visible.iter().all(|v| *v) {
                let smallest = (0..counts.len()).min_by_key(|&i| (counts[i], i));
                if let Some(i) = smallest {
                    visible[i] = false;
                }
            }
            cells
                .into_iter()
                .zip(visible)
                .map(|((key, n), v)| (key, Count::of(n, v, k)))
                .collect()
        })
        .collect();
    (totals, cells)
}

fn count_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Count::*;

    fn run(parts: &[&[u64]], k: u64) -> (Vec<Count>, Vec<Vec<Count>>) {
        let parts = parts
            .iter()
            .map(|p| p.iter().enumerate().map(|(i, n)| (i, *n)).collect())
            .collect();
        let (totals, cells) = suppress_parts(parts, k);
        let cells = cells
            .into_iter()
            .map(|p| p.into_iter().map(|(_, c)| c).collect())
            .collect();
        (totals, cells)
    }

    #[test]
    fn large_counts_are_all_shown() {
        let (totals, cells) = run(&[&[10, 20], &[7], &[5, 5]], 5);
        assert_eq!(totals, vec![Shown(30), Shown(7), Shown(10)]);
        assert_eq!(cells[0], vec![Shown(10), Shown(20)]);
    }

    #[test]
    fn a_small_cell_takes_the_next_smallest_of_its_part_with_it() {
        let (totals, cells) = run(&[&[100, 7, 3], &[50], &[]], 5);
        assert_eq!(totals, vec![Shown(110), Shown(50), Shown(0)]);
        assert_eq!(cells[0], vec![Shown(100), Hidden, Small]);
    }

    #[test]
    fn a_small_part_hides_a_second_part_and_one_of_its_cells() {
        // Unreadable has 3: hidden; the next smallest part (changed, 40) is hidden with it,
        // and so is one of its cells, or 40 could be read back as 20 + 20.
        let (totals, cells) = run(&[&[500], &[20, 20], &[3]], 5);
        assert_eq!(totals, vec![Shown(500), Hidden, Small]);
        assert_eq!(cells[1], vec![Hidden, Shown(20)]);
        assert_eq!(cells[2], vec![Small]);
    }

    #[test]
    fn empty_parts_are_shown_as_zero() {
        let (totals, _) = run(&[&[500], &[40], &[]], 5);
        assert_eq!(totals, vec![Shown(500), Shown(40), Shown(0)]);
    }

    #[test]
    fn empty_parts_beside_a_lone_hidden_part_are_hidden_too() {
        let (totals, cells) = run(&[&[2], &[], &[]], 5);
        assert_eq!(totals, vec![Small, Small, Small]);
        assert_eq!(cells[0], vec![Small]);
    }

    #[test]
    fn hidden_counts_are_null_in_json() {
        let json = serde_json::to_string(&[Shown(7), Small, Hidden]).unwrap();
        assert_eq!(json, "[7,null,null]");
    }
}
