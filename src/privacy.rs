//! Small-group suppression for aggregate analytics, pure and independent of SQL or GraphQL.
//! The BI views in `migrations/*_bi_views.sql` implement the same rule in SQL.
//!
//! Rule: a count below the minimum group size `k` is hidden. If exactly one cell of a
//! breakdown is hidden, its value could be recovered as `total − sum(visible)`, so the
//! next smallest cell is hidden too (complementary suppression). Ties among the smallest
//! are broken by the cells' order in the input, which callers keep sorted by key.

/// Returns each cell with its count, or `None` where it is suppressed, in input order.
pub fn suppress<K>(cells: Vec<(K, i64)>, k: i64) -> Vec<(K, Option<i64>)> {
    let hidden: Vec<bool> = cells.iter().map(|(_, n)| *n < k).collect();
    let mut hide = hidden.clone();
    if hidden.iter().filter(|h| **h).count() == 1 {
        let next_smallest = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| !hidden[*i])
            .min_by_key(|(i, (_, n))| (*n, *i))
            .map(|(i, _)| i);
        if let Some(i) = next_smallest {
            hide[i] = true;
        }
    }
    cells
        .into_iter()
        .zip(hide)
        .map(|((key, n), h)| (key, if h { None } else { Some(n) }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(cells: &[(&'static str, i64)], k: i64) -> Vec<(&'static str, Option<i64>)> {
        suppress(cells.to_vec(), k)
    }

    #[test]
    fn counts_at_or_above_the_threshold_are_shown() {
        assert_eq!(
            shown(&[("a", 5), ("b", 9)], 5),
            vec![("a", Some(5)), ("b", Some(9))]
        );
    }

    #[test]
    fn a_single_small_cell_takes_the_next_smallest_with_it() {
        assert_eq!(
            shown(&[("a", 3), ("b", 20), ("c", 7), ("d", 9)], 5),
            vec![("a", None), ("b", Some(20)), ("c", None), ("d", Some(9))]
        );
    }

    #[test]
    fn two_small_cells_protect_each_other() {
        assert_eq!(
            shown(&[("a", 1), ("b", 2), ("c", 50)], 5),
            vec![("a", None), ("b", None), ("c", Some(50))]
        );
    }

    #[test]
    fn a_lone_small_cell_is_simply_hidden() {
        assert_eq!(shown(&[("a", 2)], 5), vec![("a", None)]);
    }

    #[test]
    fn the_next_smallest_tie_is_broken_by_input_order() {
        assert_eq!(
            shown(&[("a", 1), ("b", 8), ("c", 8)], 5),
            vec![("a", None), ("b", None), ("c", Some(8))]
        );
    }
}
