//! Hiding small groups in a replay report with the analytics' rule, [`privacy::suppress`]:
//! in a breakdown every cell below `k` is hidden (zero included, so a hidden cell never
//! tells "nobody" from "a few"), then more are hidden until what is hidden adds up to zero
//! or to at least `k`. Decisions that no listed cell counts (the residual) count as hidden.
//!
//! A report has two levels. The decisions replayed (shown only when at least `k`, as the
//! analytics' total) split into three parts, unchanged, changed and unreadable, and each
//! part splits into cells (transitions, reasons). So:
//!
//! 1. The part totals are a breakdown of the decisions replayed.
//! 2. The cells of a part whose total is shown are a breakdown of that total.
//! 3. The cells of the parts whose totals are hidden are, together, a breakdown of what
//!    those totals add up to (the decisions replayed minus the shown totals), and each of
//!    those parts must hide some of its decisions, or its cells would add up to its
//!    hidden total.
//!
//! Then every sum a reader can form from what is shown leaves hidden either nothing or at
//! least `k` decisions. Row and column totals of the before → after matrix are never
//! shown: they would be sums this scheme does not cover.

use crate::privacy;

/// A count as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Shown(u64),
    /// Below the minimum group size (zero included).
    Small,
    /// At or above it, hidden so that no small count can be worked out from the others.
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

/// One part of a report: its listed cells (in catalog order; zeros included) and the
/// decisions of the part that no listed cell counts.
pub struct Part<K> {
    pub cells: Vec<(K, u64)>,
    pub residual: u64,
}

impl<K> Part<K> {
    fn total(&self) -> u64 {
        self.cells.iter().map(|(_, n)| n).sum::<u64>() + self.residual
    }
}

/// Each part's total and each cell as published. The decisions replayed (the parts'
/// sum) must be at least `k`: below it the caller shows nothing at all.
pub fn suppress_parts<K>(parts: Vec<Part<K>>, k: u64) -> (Vec<Count>, Vec<Vec<(K, Count)>>) {
    let ki = i64_of(k);
    let sums: Vec<u64> = parts.iter().map(Part::total).collect();
    let totals: Vec<Count> =
        privacy::suppress(sums.iter().map(|n| ((), i64_of(*n))).collect(), 0, ki)
            .into_iter()
            .zip(&sums)
            .map(|(((), shown), n)| Count::of(*n, shown.is_some(), k))
            .collect();

    // Visibility of every cell, part by part; steps 2 and 3 of the module doc.
    let mut visible: Vec<Vec<bool>> = parts.iter().map(|p| vec![true; p.cells.len()]).collect();
    for (i, part) in parts.iter().enumerate() {
        if totals[i].shown().is_some() {
            visible[i] = hide(&part.cells, i64_of(part.residual), ki);
        }
    }
    let hidden_parts: Vec<usize> = (0..parts.len())
        .filter(|&i| totals[i].shown().is_none())
        .collect();
    let union: Vec<(usize, usize, u64)> = hidden_parts
        .iter()
        .flat_map(|&i| {
            parts[i]
                .cells
                .iter()
                .enumerate()
                .map(move |(c, (_, n))| (i, c, *n))
        })
        .collect();
    let residual: u64 = hidden_parts.iter().map(|&i| parts[i].residual).sum();
    let mut shown: Vec<bool> = hide_counts(union.iter().map(|u| u.2), i64_of(residual), ki);
    // A hidden part whose own cells would add up to its total hides its smallest one.
    for &i in &hidden_parts {
        let hides_some = parts[i].residual > 0
            || union
                .iter()
                .zip(&shown)
                .any(|(u, s)| u.0 == i && !s && u.2 > 0);
        if sums[i] > 0 && !hides_some {
            let smallest = (0..union.len())
                .filter(|&j| union[j].0 == i && shown[j] && union[j].2 > 0)
                .min_by_key(|&j| (union[j].2, j));
            if let Some(j) = smallest {
                shown[j] = false;
            }
        }
    }
    // Hiding that one may have left the hidden sum between 0 and k: hide on from there.
    let hidden_sum: u64 = residual
        + union
            .iter()
            .zip(&shown)
            .filter(|(_, s)| !**s)
            .map(|(u, _)| u.2)
            .sum::<u64>();
    let still: Vec<usize> = (0..union.len()).filter(|&j| shown[j]).collect();
    let more = hide_counts(still.iter().map(|&j| union[j].2), i64_of(hidden_sum), ki);
    for (j, v) in still.into_iter().zip(more) {
        shown[j] = v;
    }
    for ((i, c, _), v) in union.into_iter().zip(shown) {
        visible[i][c] = v;
    }

    let cells = parts
        .into_iter()
        .zip(visible)
        .map(|(part, visible)| {
            part.cells
                .into_iter()
                .zip(visible)
                .map(|((key, n), v)| (key, Count::of(n, v, k)))
                .collect()
        })
        .collect();
    (totals, cells)
}

/// `privacy::suppress` on `cells`: which are visible.
fn hide<K>(cells: &[(K, u64)], residual: i64, k: i64) -> Vec<bool> {
    hide_counts(cells.iter().map(|(_, n)| *n), residual, k)
}

fn hide_counts(counts: impl Iterator<Item = u64>, residual: i64, k: i64) -> Vec<bool> {
    privacy::suppress(counts.map(|n| ((), i64_of(n))).collect(), residual, k)
        .into_iter()
        .map(|((), shown)| shown.is_some())
        .collect()
}

fn i64_of(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Count::*;

    fn run(parts: &[(&[u64], u64)], k: u64) -> (Vec<Count>, Vec<Vec<Count>>) {
        let parts = parts
            .iter()
            .map(|(cells, residual)| Part {
                cells: cells.iter().copied().enumerate().collect(),
                residual: *residual,
            })
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
        let (totals, cells) = run(&[(&[10, 20], 0), (&[7], 0), (&[5, 5], 0)], 5);
        assert_eq!(totals, vec![Shown(30), Shown(7), Shown(10)]);
        assert_eq!(cells[0], vec![Shown(10), Shown(20)]);
    }

    #[test]
    fn zero_is_hidden_like_any_small_count() {
        let (totals, cells) = run(&[(&[100, 0], 0), (&[40], 0), (&[], 0)], 5);
        assert_eq!(totals, vec![Shown(100), Shown(40), Small]);
        assert_eq!(cells[0], vec![Shown(100), Small]);
    }

    #[test]
    fn small_cells_are_hidden_until_what_is_hidden_reaches_k() {
        let (_, cells) = run(&[(&[100, 7, 3, 0], 0), (&[50], 0), (&[9], 0)], 5);
        assert_eq!(cells[0], vec![Shown(100), Hidden, Small, Small]);
    }

    #[test]
    fn a_residual_counts_as_hidden() {
        // 3 decisions under reasons too small to list: hidden with the smallest cell.
        let (_, cells) = run(&[(&[100], 0), (&[50], 0), (&[9, 20], 3)], 5);
        assert_eq!(cells[2], vec![Hidden, Shown(20)]);
    }

    #[test]
    fn a_small_part_hides_a_second_part_and_some_of_its_cells() {
        // Unreadable (3) is hidden, and changed (40) with it. Changed's cells would add up
        // to 40, so one of them is hidden too, and what is hidden is then 3 + 20 >= 5.
        let (totals, cells) = run(&[(&[500], 0), (&[20, 20], 0), (&[3], 0)], 5);
        assert_eq!(totals, vec![Shown(500), Hidden, Small]);
        assert_eq!(cells[1], vec![Hidden, Shown(20)]);
        assert_eq!(cells[2], vec![Small]);
    }

    #[test]
    fn three_decisions_out_of_63_hide_the_other_60_too() {
        // Shown, 60 would give the 3 away as 63 - 60: as in the analytics, the next
        // smallest is hidden until what is hidden reaches k.
        let (totals, cells) = run(&[(&[60], 0), (&[2, 1, 0], 0), (&[], 0)], 5);
        assert_eq!(totals, vec![Hidden, Small, Small]);
        assert_eq!(cells[0], vec![Hidden]);
        assert_eq!(cells[1], vec![Small, Small, Small]);
    }

    #[test]
    fn hidden_counts_are_null_in_json() {
        let json = serde_json::to_string(&[Shown(7), Small, Hidden]).unwrap();
        assert_eq!(json, "[7,null,null]");
    }
}
