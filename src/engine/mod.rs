//! The recommendation engine: `(catalog, profile) -> recommendation`, pure and synchronous.
//!
//! No I/O, no GraphQL, no SQL. The method is a weighted sum a person can follow on paper:
//! each answer adds `weight × score` to each framework, where `score` comes from the
//! catalog's scoring rules (missing rule: 0). Because each framework's total depends only
//! on the answers and its own rules, adding or removing a third framework never changes
//! how two others compare.
//!
//! Order is deterministic: higher score first; equal scores (compared at 1e-9) are ordered
//! by framework id, alphabetically, and share their rank (standard competition ranking:
//! 1, 1, 3).

mod pivots;
mod profile;

pub use pivots::Pivot;
pub use profile::{Answer, MAX_WEIGHT, Profile, ProfileError, RawAnswer};

use crate::catalog::{Catalog, FrameworkIx, TakeawayIx};

/// One candidate's place in the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub framework: FrameworkIx,
    /// 1 + the number of candidates with a strictly higher score: equal scores share a
    /// rank, and the next rank skips (1, 1, 3).
    pub rank: u32,
    pub score: f64,
    /// 0–100: where `score` sits between the lowest and the highest total any candidate
    /// could reach on the answered criteria with these weights (the same scale for every
    /// candidate of one recommendation, so equal scores have equal fit and a higher score
    /// never a lower one). 50 when the answers cannot separate anything.
    pub fit: u8,
    /// `weight × score` of each answer, in the profile's answer order.
    pub contributions: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// Candidates (frameworks admitted by the language filter), best first. Never empty.
    pub ranking: Vec<Ranked>,
    /// The catalog takeaways the answers trigger, most severe first, then in catalog order.
    pub takeaways: Vec<TakeawayIx>,
    /// 0–1, see [`confidence`].
    pub confidence: f64,
    /// Single-answer changes that would change who comes first.
    pub pivots: Vec<Pivot>,
}

impl Recommendation {
    /// The first entry of the ranking: the top pick, or the first (by id) of those tied
    /// for first.
    pub fn top(&self) -> &Ranked {
        &self.ranking[0]
    }

    /// How many candidates share first place.
    pub fn leaders(&self) -> usize {
        self.ranking.iter().take_while(|r| r.rank == 1).count()
    }
}

/// Scores compared as integers in units of 1e-9, so that ties are exact and the same
/// totals reached by different float paths (ranking vs pivots) order the same way.
/// Rounds half away from zero by hand: `f64::round` is a libm call on the baseline x86-64
/// target, and this function runs for every comparison in the ranking and the pivots
/// (a quarter of the engine's instructions, measured with callgrind; BENCHMARKS.md F5).
#[inline]
pub(crate) fn score_key(score: f64) -> i64 {
    let x = score * 1e9;
    (x + 0.5f64.copysign(x)) as i64
}

/// `x`, with a negative zero made positive: no number the service prints is `-0.0`.
#[inline]
fn positive_zero(x: f64) -> f64 {
    x + 0.0
}

pub fn recommend(catalog: &Catalog, profile: &Profile) -> Recommendation {
    let mut ranking: Vec<Ranked> = catalog
        .frameworks_indexed()
        .filter(|(_, f)| profile.admits(f.language))
        .map(|(fw, _)| rank_one(catalog, profile, fw))
        .collect();
    debug_assert!(
        !ranking.is_empty(),
        "Profile::parse rejects filters with no candidate"
    );
    // Keys are unique (ids are), so an unstable sort gives the one order.
    ranking.sort_unstable_by_key(|r| {
        (
            std::cmp::Reverse(score_key(r.score)),
            catalog.id_rank(r.framework),
        )
    });
    assign_ranks(&mut ranking);
    assign_fit(catalog, profile, &mut ranking);

    let confidence = confidence(profile, &ranking);
    let pivots = pivots::pivots(catalog, profile, &ranking);
    Recommendation {
        takeaways: triggered_takeaways(catalog, profile),
        confidence,
        pivots,
        ranking,
    }
}

fn rank_one(catalog: &Catalog, profile: &Profile, fw: FrameworkIx) -> Ranked {
    let mut score = 0.0;
    let contributions = profile
        .answers
        .iter()
        .map(|a| {
            let c = positive_zero(a.weight * f64::from(catalog.score(a.criterion, a.option, fw)));
            score += c;
            c
        })
        .collect();
    Ranked {
        framework: fw,
        rank: 0,
        score: positive_zero(score),
        fit: 0,
        contributions,
    }
}

/// Standard competition ranking over the sorted candidates.
fn assign_ranks(ranking: &mut [Ranked]) {
    let mut rank = 1;
    let mut previous = None;
    for (i, r) in ranking.iter_mut().enumerate() {
        let key = score_key(r.score);
        if previous != Some(key) {
            rank = i as u32 + 1;
            previous = Some(key);
        }
        r.rank = rank;
    }
}

/// Places every score on one scale: from the lowest total any candidate could reach on
/// the answered criteria (each answer's worst option for it, at the answer's weight) to
/// the highest any could reach (each answer's best option).
fn assign_fit(catalog: &Catalog, profile: &Profile, ranking: &mut [Ranked]) {
    let (mut lowest, mut highest) = (f64::INFINITY, f64::NEG_INFINITY);
    for r in ranking.iter() {
        let (mut lo, mut hi) = (0.0, 0.0);
        for a in &profile.answers {
            let (min, max) = catalog.score_bounds(a.criterion, r.framework);
            lo += a.weight * f64::from(min);
            hi += a.weight * f64::from(max);
        }
        lowest = lowest.min(lo);
        highest = highest.max(hi);
    }
    for r in ranking.iter_mut() {
        r.fit = if highest - lowest > 1e-9 {
            (100.0 * (r.score - lowest) / (highest - lowest))
                .round()
                .clamp(0.0, 100.0) as u8
        } else {
            50
        };
    }
}

/// How clearly the top pick beats the runner-up: the gap between their scores as a share
/// of two points per unit of answer weight, capped at 1. So a gap of two full points per
/// answer is certainty; a tie for first (including an empty profile, where everything
/// ties) is 0. A single candidate is certain by construction.
pub fn confidence(profile: &Profile, ranking: &[Ranked]) -> f64 {
    if ranking.len() < 2 {
        return 1.0;
    }
    let total_weight: f64 = profile.answers.iter().map(|a| a.weight).sum();
    if total_weight <= 0.0 || ranking[1].rank == 1 {
        return 0.0;
    }
    let gap = ranking[0].score - ranking[1].score;
    positive_zero((gap / (2.0 * total_weight)).clamp(0.0, 1.0))
}

fn triggered_takeaways(catalog: &Catalog, profile: &Profile) -> Vec<TakeawayIx> {
    // The option answered for each criterion, as a number (`usize::MAX`: unanswered, which
    // no option equals); half the size of an `Option<OptionIx>` table.
    let mut chosen = vec![usize::MAX; catalog.criteria.len()];
    for a in &profile.answers {
        chosen[a.criterion.index()] = a.option.index();
    }
    let mut hits: Vec<TakeawayIx> = catalog
        .takeaways_indexed()
        .filter(|(_, t)| {
            t.when
                .iter()
                .all(|c| chosen[c.criterion.index()] == c.option.index())
        })
        .map(|(i, _)| i)
        .collect();
    // Stable: equal severities keep catalog order.
    hits.sort_by_key(|&i| std::cmp::Reverse(catalog.takeaways[i].severity));
    hits
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
