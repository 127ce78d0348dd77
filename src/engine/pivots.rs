//! "What would change the answer": every single-answer change that gives a different top
//! pick, computed exactly from the additive scores. Changing criterion `c` from option `o`
//! to `o'` (weight `w`) moves framework `f` by `w × (score(c,o',f) − score(c,o,f))`;
//! answering a so far unanswered criterion with `o'` moves it by `1 × score(c,o',f)`.
//! No re-ranking, no simulation: one pass over the candidates per alternative.

use super::{Profile, Ranked, ranks_before, score_key};
use crate::catalog::Catalog;

#[derive(Debug, Clone, PartialEq)]
pub struct Pivot {
    pub criterion: usize,
    /// The option that would change the top pick.
    pub option: usize,
    /// The option currently given, or `None` when the criterion is unanswered (the pivot
    /// then means "answering this with `option`, at weight 1").
    pub from_option: Option<usize>,
    pub new_top: usize,
    pub new_top_score: f64,
}

/// Weight assumed for a criterion the profile leaves unanswered.
const NEW_ANSWER_WEIGHT: f64 = 1.0;

pub(super) fn pivots(catalog: &Catalog, profile: &Profile, ranking: &[Ranked]) -> Vec<Pivot> {
    let top = ranking[0].framework;
    let mut current: Vec<Option<(usize, f64)>> = vec![None; catalog.criteria.len()];
    for a in &profile.answers {
        current[a.criterion] = Some((a.option, a.weight));
    }

    let mut out = Vec::new();
    for (c, criterion) in catalog.criteria.iter().enumerate() {
        for option in 0..criterion.options.len() {
            let (from_option, weight) = match current[c] {
                Some((o, _)) if o == option => continue,
                Some((o, w)) => (Some(o), w),
                None => (None, NEW_ANSWER_WEIGHT),
            };
            let mut best: Option<(usize, i64, f64)> = None;
            for r in ranking {
                let f = r.framework;
                let before = from_option.map_or(0, |o| catalog.score(c, o, f));
                let delta = weight * f64::from(catalog.score(c, option, f) - before);
                let score = r.score + delta;
                let key = score_key(score);
                if best.is_none_or(|(bf, bk, _)| ranks_before(catalog, (f, key), (bf, bk))) {
                    best = Some((f, key, score));
                }
            }
            if let Some((new_top, _, new_top_score)) = best
                && new_top != top
            {
                out.push(Pivot {
                    criterion: c,
                    option,
                    from_option,
                    new_top,
                    new_top_score,
                });
            }
        }
    }
    out
}
