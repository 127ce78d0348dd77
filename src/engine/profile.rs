//! A team's answers, validated against the catalog. Once a [`Profile`] exists, the engine
//! cannot fail: every reference resolves and every weight is sane.

use crate::catalog::{Catalog, CriterionIx, Language, OptionIx};

/// Largest weight an answer may carry. Weights express relative importance; anything far
/// beyond this is a client bug, and would let one answer drown every other.
pub const MAX_WEIGHT: f64 = 10.0;

/// One answer as a client sent it, before validation.
#[derive(Debug, Clone)]
pub struct RawAnswer<'a> {
    pub criterion_id: &'a str,
    pub option_id: &'a str,
    pub weight: f64,
}

/// A validated answer: indexes into the catalog.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer {
    pub criterion: CriterionIx,
    /// Within `criterion`.
    pub option: OptionIx,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The answers that count (weight above zero), in the order the client sent them;
    /// each criterion at most once. Answers at weight 0 are validated and then dropped.
    pub answers: Vec<Answer>,
    /// `None`: every language. Otherwise only frameworks in these languages are candidates.
    pub languages: Option<Vec<Language>>,
}

/// What is wrong with a submitted profile. Each variant names the offending value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProfileError {
    #[error("unknown criterion \"{0}\"")]
    UnknownCriterion(String),
    #[error("criterion \"{criterion}\" has no option \"{option}\" (expected one of: {expected})")]
    UnknownOption {
        criterion: String,
        option: String,
        expected: String,
    },
    #[error("criterion \"{0}\" is answered more than once")]
    DuplicateCriterion(String),
    #[error("weight {weight} for criterion \"{criterion}\" is invalid: it must be a finite number from 0 to {max}", max = MAX_WEIGHT)]
    InvalidWeight { criterion: String, weight: f64 },
    #[error("the language filter [{0}] leaves no candidate framework")]
    NoCandidates(String),
}

impl Profile {
    pub fn parse(
        catalog: &Catalog,
        answers: &[RawAnswer<'_>],
        languages: Option<&[Language]>,
    ) -> Result<Profile, ProfileError> {
        let mut seen = vec![false; catalog.criteria.len()];
        let mut parsed = Vec::with_capacity(answers.len());
        for raw in answers {
            let criterion = catalog
                .criterion_index(raw.criterion_id)
                .ok_or_else(|| ProfileError::UnknownCriterion(raw.criterion_id.to_string()))?;
            let c = &catalog.criteria[criterion];
            let option =
                c.option_index(raw.option_id)
                    .ok_or_else(|| ProfileError::UnknownOption {
                        criterion: c.id.clone(),
                        option: raw.option_id.to_string(),
                        expected: c
                            .options
                            .iter()
                            .map(|o| o.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })?;
            if std::mem::replace(&mut seen[criterion.index()], true) {
                return Err(ProfileError::DuplicateCriterion(c.id.clone()));
            }
            if !(raw.weight.is_finite() && (0.0..=MAX_WEIGHT).contains(&raw.weight)) {
                return Err(ProfileError::InvalidWeight {
                    criterion: c.id.clone(),
                    weight: raw.weight,
                });
            }
            // Weight 0 means "ignore": validated like any answer, then left out, so the
            // recommendation is exactly the one without it (no reason, no takeaway, and
            // the criterion's pivots are those of an unanswered one).
            if raw.weight > 0.0 {
                parsed.push(Answer {
                    criterion,
                    option,
                    weight: raw.weight,
                });
            }
        }

        let languages = match languages {
            None => None,
            Some(list) => {
                let mut list = list.to_vec();
                list.sort_by_key(|l| l.as_str());
                list.dedup();
                if !catalog
                    .frameworks
                    .iter()
                    .any(|f| list.contains(&f.language))
                {
                    let names: Vec<&str> = list.iter().map(|l| l.as_str()).collect();
                    return Err(ProfileError::NoCandidates(names.join(", ")));
                }
                Some(list)
            }
        };
        Ok(Profile {
            answers: parsed,
            languages,
        })
    }

    pub fn admits(&self, language: Language) -> bool {
        self.languages
            .as_ref()
            .is_none_or(|l| l.contains(&language))
    }
}
