//! "What would change the answer": every single-answer change after which a different set
//! of frameworks comes first, computed exactly from the additive scores. Changing criterion
//! `c` from option `o` to `o'` (weight `w`) moves framework `f` by
//! `w × (score(c,o',f) − score(c,o,f))`; answering a so far unanswered criterion with `o'`
//! moves it by `1 × score(c,o',f)`. No re-ranking, no simulation: one pass over the
//! candidates per alternative for the new best score, one more for who shares it.
//!
//! Ties: "first" is the set of frameworks with the highest score. A change is a pivot when
//! it changes that set: a new leader, a tie broken, or a new tie. The pivot names the new
//! leaders (in ranking order: higher score, then framework id).

use super::{Profile, Ranked, positive_zero, score_key};
use crate::catalog::{Catalog, CriterionIx, FrameworkIx, OptionIx};

#[derive(Debug, Clone, PartialEq)]
pub struct Pivot {
    pub criterion: CriterionIx,
    /// The option (of `criterion`) that would change who comes first.
    pub option: OptionIx,
    /// The option currently given, or `None` when the criterion is unanswered (the pivot
    /// then means "answering this with `option`, at weight 1").
    pub from_option: Option<OptionIx>,
    /// The first of the new leaders (by framework id when they tie).
    pub new_top: FrameworkIx,
    pub new_top_score: f64,
    /// Every framework that would share first place, `new_top` first.
    pub new_leaders: Vec<FrameworkIx>,
}

/// Weight assumed for a criterion the profile leaves unanswered.
const NEW_ANSWER_WEIGHT: f64 = 1.0;

pub(super) fn pivots(catalog: &Catalog, profile: &Profile, ranking: &[Ranked]) -> Vec<Pivot> {
    // Indexed by criterion, as are the tables below by framework: the engine's own scratch
    // space, so by number (`index()`).
    let mut current: Vec<Option<(OptionIx, f64)>> = vec![None; catalog.criteria.len()];
    for a in &profile.answers {
        current[a.criterion.index()] = Some((a.option, a.weight));
    }
    // The current leaders, as a membership table over catalog frameworks.
    let mut leader = vec![false; catalog.frameworks.len()];
    let leaders = ranking.iter().take_while(|r| r.rank == 1).count();
    for r in &ranking[..leaders] {
        leader[r.framework.index()] = true;
    }

    let mut out = Vec::new();
    let mut moved: Vec<f64> = vec![0.0; ranking.len()];
    for (c, criterion) in catalog.criteria_indexed() {
        for option in criterion.option_ixs() {
            let (from_option, weight) = match current[c.index()] {
                Some((o, _)) if o == option => continue,
                Some((o, w)) => (Some(o), w),
                None => (None, NEW_ANSWER_WEIGHT),
            };
            let mut best = i64::MIN;
            for (i, r) in ranking.iter().enumerate() {
                let f = r.framework;
                let before = from_option.map_or(0, |o| catalog.score(c, o, f));
                let score = r.score + weight * f64::from(catalog.score(c, option, f) - before);
                moved[i] = score;
                best = best.max(score_key(score));
            }
            // Same leaders: as many at the top, each a current leader.
            let (mut at_top, mut all_current) = (0, true);
            for (r, s) in ranking.iter().zip(&moved) {
                if score_key(*s) == best {
                    at_top += 1;
                    all_current &= leader[r.framework.index()];
                }
            }
            if at_top == leaders && all_current {
                continue;
            }
            let mut new_leaders: Vec<(FrameworkIx, f64)> = ranking
                .iter()
                .zip(&moved)
                .filter(|(_, s)| score_key(**s) == best)
                .map(|(r, s)| (r.framework, *s))
                .collect();
            new_leaders.sort_by_key(|(f, _)| catalog.id_rank(*f));
            out.push(Pivot {
                criterion: c,
                option,
                from_option,
                new_top: new_leaders[0].0,
                new_top_score: positive_zero(new_leaders[0].1),
                new_leaders: new_leaders.into_iter().map(|(f, _)| f).collect(),
            });
        }
    }
    out
}
