//! A team's answers as a transport received them, validated into a [`Profile`], and the
//! engine's recommendation for it. Both `recommendation` (a preview, never logged) and
//! `submit` (logged, see [`super::decisions`]) start here.

use super::ServiceError;
use super::input::{MAX_ANSWERS, MAX_ID_CHARS, MAX_LIST_ITEMS, check_len, key_of};
use crate::catalog::{Catalog, CriterionIx, FrameworkIx, Language, OptionIx};
use crate::engine::{self, Profile, RawAnswer};

/// Weight of an answer that does not say.
pub const DEFAULT_WEIGHT: f64 = 1.0;

/// One answer as sent: keys or global ids, and an optional weight.
#[derive(Debug, Clone, Copy)]
pub struct AnswerArgs<'a> {
    pub criterion_id: &'a str,
    pub option_id: &'a str,
    /// `None` (absent or null): [`DEFAULT_WEIGHT`].
    pub weight: Option<f64>,
}

/// A profile as both transports receive it (GraphQL's `ProfileInput`, REST's body): the
/// answers as [`AnswerArgs`], the languages in the catalog's terms.
pub fn profile_args<'a, L: Copy + Into<Language>>(
    answers: impl Iterator<Item = AnswerArgs<'a>>,
    languages: Option<&[L]>,
) -> (Vec<AnswerArgs<'a>>, Option<Vec<Language>>) {
    (
        answers.collect(),
        languages.map(|l| l.iter().map(|&l| l.into()).collect()),
    )
}

/// Validates the answers and languages against the catalog; errors name the offending
/// value.
pub fn parse_profile(
    catalog: &Catalog,
    answers: &[AnswerArgs<'_>],
    languages: Option<&[Language]>,
) -> Result<Profile, ServiceError> {
    check_len("answers", answers.len(), MAX_ANSWERS)?;
    for a in answers {
        check_len("criterionId", a.criterion_id.len(), MAX_ID_CHARS)?;
        check_len("optionId", a.option_id.len(), MAX_ID_CHARS)?;
    }
    if let Some(l) = languages {
        check_len("languages", l.len(), MAX_LIST_ITEMS)?;
    }
    let raw: Vec<RawAnswer<'_>> = answers
        .iter()
        .map(|a| {
            let criterion_id = key_of("Criterion", a.criterion_id);
            // A global option id is `CriterionOption:<criterion>:<option>`.
            let option_id = key_of("CriterionOption", a.option_id);
            let option_id = option_id
                .strip_prefix(criterion_id)
                .and_then(|rest| rest.strip_prefix(':'))
                .unwrap_or(option_id);
            RawAnswer {
                criterion_id,
                option_id,
                weight: a.weight.unwrap_or(DEFAULT_WEIGHT),
            }
        })
        .collect();
    Profile::parse(catalog, &raw, languages).map_err(|e| ServiceError::BadInput(e.to_string()))
}

/// Validates the answers and runs the engine.
pub fn recommend(
    catalog: &Catalog,
    answers: &[AnswerArgs<'_>],
    languages: Option<&[Language]>,
) -> Result<(Profile, engine::Recommendation), ServiceError> {
    let profile = parse_profile(catalog, answers, languages)?;
    let rec = engine::recommend(catalog, &profile);
    Ok((profile, rec))
}

/// Why answer `option` of `criterion` gives `framework` its points: the catalog's
/// sentence, or a note that the answer is neutral for it.
pub fn explanation(
    catalog: &Catalog,
    criterion: CriterionIx,
    option: OptionIx,
    framework: FrameworkIx,
) -> String {
    match catalog.rationale(criterion, option, framework) {
        Some(text) => text.to_string(),
        None => format!(
            "Neutral for {}: \"{}\" neither favours nor penalises it.",
            catalog.frameworks[framework].name, catalog.criteria[criterion].options[option].label
        ),
    }
}
