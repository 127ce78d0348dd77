//! Linked suppression: hiding cells of a table whose *lines* (rows, columns, a diagonal,
//! the whole table) have totals that are published or derivable elsewhere.
//!
//! [`super::suppress`] protects one breakdown against "total minus the visible cells". A
//! two-way table (weeks x frameworks, options x frameworks, recommended x chosen) is a
//! breakdown along every row and every column at once, and its row and column totals are
//! published by other fields (`byFramework`, `answers`, the bucket totals), or revealed by a
//! rate (an agreement rate gives a row's total from its diagonal cell). So the rule of
//! `suppress` must hold along every such line: in each line, the hidden cells plus the
//! line's residual (decisions in the line's total that no cell of the table counts) add up
//! to zero or to at least `k`; and a line may not hide exactly one non-zero cell with no
//! residual, because that cell is then its total minus the visible ones: harmless alone
//! (it is at least `k`), but it can be put into a crossing line and give away the small
//! cell it was hidden to protect. Hiding a cell to repair one line can break another, so
//! the repair runs until no line needs it (it terminates: each step hides one more cell).
//!
//! This is the usual heuristic of statistical offices (each line protected on its own), not
//! an optimal or LP-proof suppression: an analyst solving the whole system of line
//! equations may still bound a hidden cell between two values, never pin a group below `k`
//! from a single line. `docs/design.md` states the remaining risk.

/// One line of a table: the indexes of its cells, and its residual.
#[derive(Debug, Clone)]
pub struct Line {
    pub cells: Vec<usize>,
    pub residual: i64,
}

impl Line {
    pub fn new(cells: Vec<usize>, residual: i64) -> Line {
        Line { cells, residual }
    }
}

/// Which cells to hide: every cell below `k` (zero included) or marked in `forced` (a
/// cell whose total is hidden elsewhere), then, line by line, the smallest visible cell of
/// any line whose hidden sum is above zero and below `k`, or which hides a single non-zero
/// cell and has no residual, until every line is safe. Ties go to the earlier cell.
pub fn hide_linked(counts: &[i64], forced: &[bool], lines: &[Line], k: i64) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts
        .iter()
        .enumerate()
        .map(|(i, n)| *n < k || forced.get(i).copied().unwrap_or(false))
        .collect();
    loop {
        let mut changed = false;
        for line in lines {
            let hidden_cells = || line.cells.iter().filter(|&&i| hidden[i]);
            let hidden_sum: i64 = line.residual + hidden_cells().map(|&i| counts[i]).sum::<i64>();
            let lone =
                line.residual == 0 && hidden_cells().filter(|&&i| counts[i] > 0).count() == 1;
            if (hidden_sum > 0 && hidden_sum < k) || lone {
                let next = line
                    .cells
                    .iter()
                    .filter(|&&i| !hidden[i])
                    .min_by_key(|&&i| (counts[i], i));
                if let Some(&i) = next {
                    hidden[i] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            return hidden;
        }
    }
}

/// The lines of a `rows` x `cols` table stored row by row, each with a residual of zero:
/// every row, then every column.
pub fn rows_and_columns(rows: usize, cols: usize) -> Vec<Line> {
    let mut lines: Vec<Line> = (0..rows)
        .map(|r| Line::new((0..cols).map(|c| r * cols + c).collect(), 0))
        .collect();
    lines.extend((0..cols).map(|c| Line::new((0..rows).map(|r| r * cols + c).collect(), 0)));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_behaves_like_the_single_breakdown_rule() {
        let counts = [3, 20, 7, 9];
        let hidden = hide_linked(&counts, &[], &[Line::new(vec![0, 1, 2, 3], 0)], 5);
        assert_eq!(hidden, [true, false, true, false]);
    }

    #[test]
    fn a_cell_hidden_for_its_row_takes_one_along_in_its_column() {
        // 2x2: [3, 10] / [10, 10]. The 3 is hidden; row 0 hides the 10 beside it, and
        // column 0 the 10 below it; row 1 would then hide one cell alone, which its total
        // gives back (and with it the 3): with all margins known, all four are hidden.
        let counts = [3, 10, 10, 10];
        let hidden = hide_linked(&counts, &[], &rows_and_columns(2, 2), 5);
        assert_eq!(hidden, [true, true, true, true]);
    }

    #[test]
    fn large_tables_hide_only_what_their_lines_need() {
        // 2x3: [1, 8, 9] / [6, 8, 9]: row 0 hides the 8 beside the 1, column 0 the 6 below
        // it, and column 1 the other 8 (its first 8 alone would follow from its total);
        // every line then hides two cells adding up to 5 or more, and the 9s stay visible.
        let counts = [1, 8, 9, 6, 8, 9];
        let hidden = hide_linked(&counts, &[], &rows_and_columns(2, 3), 5);
        assert_eq!(hidden, [true, true, false, true, true, false]);
        for line in rows_and_columns(2, 3) {
            let sum: i64 = line
                .cells
                .iter()
                .filter(|&&i| hidden[i])
                .map(|&i| counts[i])
                .sum();
            assert!(sum == 0 || sum >= 5, "{line:?}");
        }
    }

    #[test]
    fn a_forced_cell_takes_another_along_or_its_line_would_give_it_back() {
        let counts = [20, 30, 40];
        let hidden = hide_linked(
            &counts,
            &[false, true, false],
            &[Line::new(vec![0, 1, 2], 0)],
            5,
        );
        assert_eq!(hidden, [true, true, false]);
        // With a residual the line's total does not pin it: it stays alone.
        let hidden = hide_linked(
            &counts,
            &[false, true, false],
            &[Line::new(vec![0, 1, 2], 7)],
            5,
        );
        assert_eq!(hidden, [false, true, false]);
    }

    #[test]
    fn a_hidden_zero_alone_needs_no_company() {
        let hidden = hide_linked(&[0, 30, 40], &[], &[Line::new(vec![0, 1, 2], 0)], 5);
        assert_eq!(hidden, [true, false, false]);
    }

    #[test]
    fn a_residual_below_k_takes_a_cell_along() {
        let counts = [20, 30];
        let hidden = hide_linked(&counts, &[], &[Line::new(vec![0, 1], 2)], 5);
        assert_eq!(hidden, [true, false]);
    }
}
