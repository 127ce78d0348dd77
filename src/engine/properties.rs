//! Property tests of the engine over random profiles, weights and language filters: what
//! a person reading a recommendation is promised (issue 10).

use proptest::prelude::*;

use super::*;
use crate::catalog::{Catalog, CriterionIx, FrameworkIx, Language, OptionIx};

fn catalog() -> &'static Catalog {
    use std::sync::OnceLock;
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().expect("the embedded catalog is valid"))
}

const WEIGHTS: [f64; 7] = [0.0, 0.5, 1.0, 1.5, 2.0, 3.7, 10.0];

/// (criterion, option, weight) answers and a language filter.
type RandomProfile = (Vec<(CriterionIx, OptionIx, f64)>, Option<Vec<Language>>);

/// Answers for a random subset of criteria, in a random order, and a random language
/// filter (every language has candidates, so none leaves the ranking empty).
fn profiles() -> impl Strategy<Value = RandomProfile> {
    let n = catalog().criteria.len();
    let all = catalog().criterion_ixs().collect::<Vec<_>>();
    let answers = proptest::sample::subsequence(all, 0..=n).prop_flat_map(|criteria| {
        let per = criteria
            .into_iter()
            .map(|c| {
                let options = catalog().criteria[c].options.len();
                (
                    Just(c),
                    (0..options).prop_map(OptionIx::new),
                    proptest::sample::select(WEIGHTS.to_vec()),
                )
            })
            .collect::<Vec<_>>();
        per.prop_shuffle()
    });
    let languages = prop_oneof![
        Just(None),
        proptest::sample::subsequence(
            vec![Language::Python, Language::Javascript, Language::Go],
            1..=3
        )
        .prop_map(Some),
    ];
    (answers, languages)
}

fn parse(answers: &[(CriterionIx, OptionIx, f64)], languages: Option<&[Language]>) -> Profile {
    let c = catalog();
    let raw: Vec<RawAnswer> = answers
        .iter()
        .map(|&(cr, o, w)| RawAnswer {
            criterion_id: &c.criteria[cr].id,
            option_id: &c.criteria[cr].options[o].id,
            weight: w,
        })
        .collect();
    Profile::parse(c, &raw, languages).expect("generated profiles are valid")
}

fn leaders(rec: &Recommendation) -> Vec<FrameworkIx> {
    rec.ranking
        .iter()
        .take_while(|r| r.rank == 1)
        .map(|r| r.framework)
        .collect()
}

fn positive_zero_only(x: f64) -> bool {
    x != 0.0 || x.is_sign_positive()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn an_answer_at_weight_zero_gives_the_recommendation_of_no_answer((answers, languages) in profiles()) {
        let with = recommend(catalog(), &parse(&answers, languages.as_deref()));
        let without: Vec<_> = answers.iter().copied().filter(|a| a.2 > 0.0).collect();
        let without = recommend(catalog(), &parse(&without, languages.as_deref()));
        prop_assert_eq!(with, without);
    }

    #[test]
    fn equal_scores_share_a_rank_and_ranks_skip_after_ties((answers, languages) in profiles()) {
        let rec = recommend(catalog(), &parse(&answers, languages.as_deref()));
        for r in &rec.ranking {
            let higher = rec.ranking.iter().filter(|o| score_key(o.score) > score_key(r.score)).count();
            prop_assert_eq!(r.rank as usize, higher + 1);
        }
        if rec.leaders() > 1 {
            prop_assert_eq!(rec.confidence, 0.0);
        }
    }

    #[test]
    fn fit_never_falls_as_the_score_rises((answers, languages) in profiles()) {
        let rec = recommend(catalog(), &parse(&answers, languages.as_deref()));
        for a in &rec.ranking {
            prop_assert!(a.fit <= 100);
            for b in &rec.ranking {
                match score_key(a.score).cmp(&score_key(b.score)) {
                    std::cmp::Ordering::Equal => prop_assert_eq!(a.fit, b.fit),
                    std::cmp::Ordering::Greater => prop_assert!(a.fit >= b.fit),
                    std::cmp::Ordering::Less => prop_assert!(a.fit <= b.fit),
                }
            }
        }
    }

    #[test]
    fn no_number_is_negative_zero((answers, languages) in profiles()) {
        let rec = recommend(catalog(), &parse(&answers, languages.as_deref()));
        prop_assert!(positive_zero_only(rec.confidence));
        for r in &rec.ranking {
            prop_assert!(positive_zero_only(r.score));
            prop_assert!(r.contributions.iter().all(|c| positive_zero_only(*c)));
        }
        prop_assert!(rec.pivots.iter().all(|p| positive_zero_only(p.new_top_score)));
    }

    #[test]
    fn pivots_agree_with_re_ranking_every_single_change((answers, languages) in profiles()) {
        let profile = parse(&answers, languages.as_deref());
        let rec = recommend(catalog(), &profile);
        let mut expected = Vec::new();
        for (c, criterion) in catalog().criteria_indexed() {
            let given = profile.answers.iter().find(|a| a.criterion == c).copied();
            for option in criterion.option_ixs() {
                if given.is_some_and(|a| a.option == option) {
                    continue;
                }
                // The same answers with this one changed (a new answer counts at weight 1).
                let mut changed: Vec<(CriterionIx, OptionIx, f64)> = profile
                    .answers
                    .iter()
                    .filter(|a| a.criterion != c)
                    .map(|a| (a.criterion, a.option, a.weight))
                    .collect();
                changed.push((c, option, given.map_or(1.0, |a| a.weight)));
                let again = recommend(catalog(), &parse(&changed, languages.as_deref()));
                if leaders(&again) != leaders(&rec) {
                    expected.push((c, option, leaders(&again)));
                }
            }
        }
        let found: Vec<(CriterionIx, OptionIx, Vec<FrameworkIx>)> = rec
            .pivots
            .iter()
            .map(|p| (p.criterion, p.option, p.new_leaders.clone()))
            .collect();
        prop_assert_eq!(found, expected);
    }
}
