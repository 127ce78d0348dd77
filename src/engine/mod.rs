//! The recommendation engine: `(catalog, profile) -> recommendation`, pure and synchronous.
//!
//! No I/O, no GraphQL, no SQL. The method is a weighted sum a person can follow on paper:
//! each answer adds `weight × score` to each framework, where `score` comes from the
//! catalog's scoring rules (missing rule: 0). Because each framework's total depends only
//! on the answers and its own rules, adding or removing a third framework never changes
//! how two others compare.
//!
//! Order is deterministic: higher score first; equal scores (compared at 1e-9) are ordered
//! by framework id, alphabetically.

mod pivots;
mod profile;

pub use pivots::Pivot;
pub use profile::{Answer, MAX_WEIGHT, Profile, ProfileError, RawAnswer};

use crate::catalog::Catalog;

/// One candidate's place in the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub framework: usize,
    pub score: f64,
    /// 0–100: where `score` sits between the lowest and highest total this framework could
    /// have reached with these questions and weights. 50 when the answers cannot move it.
    pub fit: u8,
    /// `weight × score` of each answer, in the profile's answer order.
    pub contributions: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// Candidates (frameworks admitted by the language filter), best first. Never empty.
    pub ranking: Vec<Ranked>,
    /// Indexes of the catalog takeaways the answers trigger, most severe first, then in
    /// catalog order.
    pub takeaways: Vec<usize>,
    /// 0–1, see [`confidence`].
    pub confidence: f64,
    /// Single-answer changes that would change the top pick.
    pub pivots: Vec<Pivot>,
}

impl Recommendation {
    pub fn top(&self) -> &Ranked {
        &self.ranking[0]
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

/// Ranking order: higher score first, then framework id alphabetically.
#[inline]
pub(crate) fn ranks_before(catalog: &Catalog, a: (usize, i64), b: (usize, i64)) -> bool {
    a.1 > b.1 || (a.1 == b.1 && catalog.id_rank(a.0) < catalog.id_rank(b.0))
}

pub fn recommend(catalog: &Catalog, profile: &Profile) -> Recommendation {
    let mut ranking: Vec<Ranked> = catalog
        .frameworks
        .iter()
        .enumerate()
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

    let confidence = confidence(profile, &ranking);
    let pivots = pivots::pivots(catalog, profile, &ranking);
    Recommendation {
        takeaways: triggered_takeaways(catalog, profile),
        confidence,
        pivots,
        ranking,
    }
}

fn rank_one(catalog: &Catalog, profile: &Profile, fw: usize) -> Ranked {
    let mut score = 0.0;
    let (mut lowest, mut highest) = (0.0, 0.0);
    let contributions = profile
        .answers
        .iter()
        .map(|a| {
            let c = a.weight * f64::from(catalog.score(a.criterion, a.option, fw));
            let (lo, hi) = catalog.score_bounds(a.criterion, fw);
            lowest += a.weight * f64::from(lo);
            highest += a.weight * f64::from(hi);
            score += c;
            c
        })
        .collect();
    let fit = if highest - lowest > 1e-9 {
        (100.0 * (score - lowest) / (highest - lowest))
            .round()
            .clamp(0.0, 100.0) as u8
    } else {
        50
    };
    Ranked {
        framework: fw,
        score,
        fit,
        contributions,
    }
}

/// How clearly the top pick beats the runner-up: the gap between their scores as a share
/// of two points per unit of answer weight, capped at 1. So a gap of two full points per
/// answer is certainty, a tie is 0, and an empty profile (no evidence) is 0. A single
/// candidate is certain by construction.
pub fn confidence(profile: &Profile, ranking: &[Ranked]) -> f64 {
    if ranking.len() < 2 {
        return 1.0;
    }
    let total_weight: f64 = profile.answers.iter().map(|a| a.weight).sum();
    if total_weight <= 0.0 {
        return 0.0;
    }
    let gap = ranking[0].score - ranking[1].score;
    (gap / (2.0 * total_weight)).clamp(0.0, 1.0)
}

fn triggered_takeaways(catalog: &Catalog, profile: &Profile) -> Vec<usize> {
    let mut chosen = vec![usize::MAX; catalog.criteria.len()];
    for a in &profile.answers {
        chosen[a.criterion] = a.option;
    }
    let mut hits: Vec<usize> = catalog
        .takeaways
        .iter()
        .enumerate()
        .filter(|(_, t)| t.when.iter().all(|c| chosen[c.criterion] == c.option))
        .map(|(i, _)| i)
        .collect();
    // Stable: equal severities keep catalog order.
    hits.sort_by_key(|&i| std::cmp::Reverse(catalog.takeaways[i].severity));
    hits
}

#[cfg(test)]
mod tests;
