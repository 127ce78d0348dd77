//! Small-cell suppression for one breakdown of a filtered set of decisions.
//!
//! Rule: every cell below the minimum group size `k` is hidden, zero included (so a
//! hidden cell never tells "nobody" from "a few"). Then, while the hidden cells together
//! hold more than zero but fewer than `k` decisions, the smallest visible cell is hidden
//! too. The *residual*, the decisions of the set that no listed cell counts (unanswered
//! criteria, keys of an older catalog), is never shown and counts as hidden: an analyst
//! who knows the total and the visible cells learns only the sum of everything hidden,
//! which is then either zero or at least `k`.
//!
//! Ties among the smallest are broken by the cells' order in the input (catalog order).

/// Each cell with its count, or `None` where it is hidden, in input order.
pub fn suppress<K>(cells: Vec<(K, i64)>, residual: i64, k: i64) -> Vec<(K, Option<i64>)> {
    let mut hidden: Vec<bool> = cells.iter().map(|(_, n)| *n < k).collect();
    let mut hidden_sum: i64 = residual
        + cells
            .iter()
            .zip(&hidden)
            .filter(|(_, h)| **h)
            .map(|((_, n), _)| *n)
            .sum::<i64>();
    while hidden_sum > 0 && hidden_sum < k {
        let next = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| !hidden[*i])
            .min_by_key(|(i, (_, n))| (*n, *i))
            .map(|(i, (_, n))| (i, *n));
        let Some((i, n)) = next else { break };
        hidden[i] = true;
        hidden_sum += n;
    }
    cells
        .into_iter()
        .zip(hidden)
        .map(|((key, n), h)| (key, if h { None } else { Some(n) }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(
        cells: &[(&'static str, i64)],
        residual: i64,
        k: i64,
    ) -> Vec<(&'static str, Option<i64>)> {
        suppress(cells.to_vec(), residual, k)
    }

    #[test]
    fn counts_at_or_above_the_threshold_are_shown() {
        assert_eq!(
            shown(&[("a", 5), ("b", 9)], 0, 5),
            vec![("a", Some(5)), ("b", Some(9))]
        );
    }

    #[test]
    fn zero_is_hidden_like_any_small_count() {
        assert_eq!(
            shown(&[("a", 0), ("b", 9)], 0, 5),
            vec![("a", None), ("b", Some(9))]
        );
    }

    #[test]
    fn a_single_small_cell_takes_the_next_smallest_with_it() {
        assert_eq!(
            shown(&[("a", 3), ("b", 20), ("c", 7), ("d", 9)], 0, 5),
            vec![("a", None), ("b", Some(20)), ("c", None), ("d", Some(9))]
        );
    }

    #[test]
    fn small_cells_that_add_up_to_the_threshold_protect_each_other() {
        assert_eq!(
            shown(&[("a", 2), ("b", 3), ("c", 50)], 0, 5),
            vec![("a", None), ("b", None), ("c", Some(50))]
        );
    }

    #[test]
    fn small_cells_that_add_up_to_less_than_the_threshold_take_a_visible_one_along() {
        // 1 + 2 = 3 < 5: hidden together they would still say "three decisions here".
        assert_eq!(
            shown(&[("a", 1), ("b", 2), ("c", 50), ("d", 8)], 0, 5),
            vec![("a", None), ("b", None), ("c", Some(50)), ("d", None)]
        );
    }

    #[test]
    fn the_residual_counts_as_hidden() {
        // Two unanswered decisions hide with the lone small cell: 2 + 3 = 5.
        assert_eq!(
            shown(&[("a", 3), ("b", 20)], 2, 5),
            vec![("a", None), ("b", Some(20))]
        );
        // A small residual alone takes the smallest visible cell along.
        assert_eq!(
            shown(&[("a", 6), ("b", 20)], 1, 5),
            vec![("a", None), ("b", Some(20))]
        );
    }

    #[test]
    fn when_everything_is_small_everything_is_hidden() {
        assert_eq!(shown(&[("a", 2)], 0, 5), vec![("a", None)]);
    }

    #[test]
    fn the_next_smallest_tie_is_broken_by_input_order() {
        assert_eq!(
            shown(&[("a", 1), ("b", 8), ("c", 8)], 0, 5),
            vec![("a", None), ("b", None), ("c", Some(8))]
        );
    }
}
