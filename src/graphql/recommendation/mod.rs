//! Recommendations as GraphQL: the profile input, the preview query; the explained result
//! is in [`objects`]. Submitting (which also logs the decision) lives in `mutation.rs`;
//! both build the result the same way, through [`compute`].

pub mod direct;
pub mod objects;
mod record;
pub mod variable;
mod walk;

use async_graphql::{Context, ID, InputObject, Object, Result};

use super::catalog::catalog;
use super::catalog::objects::LanguageGql;
use super::fast::Walked;
use crate::catalog::Catalog;
use crate::engine::{self, Profile};
use crate::service::recommend::{self, AnswerArgs};
pub use objects::{Recommendation, Takeaway};
pub use record::DecisionRecordFormat;

/// An answer's weight when it gives none: the schema's default, and what both fast
/// readers of a profile (`ProfileInput::read_in_place`, `variable::ProfileVariable`) use.
pub const DEFAULT_WEIGHT: f64 = 1.0;

/// One answer to one question of the questionnaire.
#[derive(InputObject, Debug)]
pub struct AnswerInput {
    /// The question: a criterion's key (`Criterion.criterionId`, e.g. `admin_panel`) or
    /// its global id.
    pub criterion_id: ID,
    /// The answer: an option's key within the question (`CriterionOption.optionId`, e.g.
    /// `yes`) or its global id.
    pub option_id: ID,
    /// How much this answer matters, from 0 (ignore: exactly as if unanswered) to 10.
    /// Default (and explicit null): 1.
    #[graphql(default_with = "Some(DEFAULT_WEIGHT)")]
    pub weight: Option<f64>,
}

impl AnswerInput {
    /// See [`ProfileInput::read_in_place`].
    fn read_in_place(value: &async_graphql::Value) -> Option<AnswerInput> {
        use async_graphql::Value;
        let Value::Object(fields) = value else {
            return None;
        };
        let (mut criterion, mut option) = (None, None);
        // As the derived parse: no `weight` is its default, an explicit null is None.
        let mut weight = Some(DEFAULT_WEIGHT);
        for (name, field) in fields {
            match (name.as_str(), field) {
                ("criterionId", Value::String(id)) => criterion = Some(ID(id.clone())),
                ("optionId", Value::String(id)) => option = Some(ID(id.clone())),
                ("weight", Value::Null) => weight = None,
                ("weight", Value::Number(n)) => weight = Some(n.as_f64()?),
                _ => return None,
            }
        }
        Some(AnswerInput {
            criterion_id: criterion?,
            option_id: option?,
            weight,
        })
    }
}

/// A team's answers, and the languages it can use.
#[derive(InputObject, Debug)]
pub struct ProfileInput {
    /// At most one answer per question, at most 256. Unanswered questions do not count.
    pub answers: Vec<AnswerInput>,
    /// Hard filter: only frameworks in these languages are candidates. Omit for all.
    pub languages: Option<Vec<LanguageGql>>,
}

impl ProfileInput {
    /// The input the derived `InputType::parse` makes of `value`, read without copying it
    /// (the derived parse clones every field it reads: 10 k instructions of a 60-field
    /// preview, BENCHMARKS.md "Issue 17, fourth round"). Only the shape clients send is
    /// read here: an object of `answers` (a list of objects of string ids and a number,
    /// null or no weight) and no `languages`; `None` for anything else, and the caller
    /// then uses the derived parse, so what it accepts and what it says are its own.
    /// Proven equal by `tests::reading_in_place_equals_the_derived_parse`.
    pub fn read_in_place(value: &async_graphql::Value) -> Option<ProfileInput> {
        use async_graphql::Value;
        let Value::Object(fields) = value else {
            return None;
        };
        let mut answers = None;
        for (name, field) in fields {
            match (name.as_str(), field) {
                ("answers", Value::List(items)) => answers = Some(items),
                ("languages", Value::Null) => {}
                _ => return None,
            }
        }
        let answers = answers?
            .iter()
            .map(AnswerInput::read_in_place)
            .collect::<Option<Vec<_>>>()?;
        Some(ProfileInput {
            answers,
            languages: None,
        })
    }

    /// Validates the input against the catalog (the service layer's rules); errors name
    /// the offending value.
    pub fn parse(&self, catalog: &Catalog) -> Result<Profile> {
        let (answers, languages) = self.args();
        Ok(recommend::parse_profile(
            catalog,
            &answers,
            languages.as_deref(),
        )?)
    }

    fn args(&self) -> (Vec<AnswerArgs<'_>>, Option<Vec<crate::catalog::Language>>) {
        let answers = self.answers.iter().map(|a| AnswerArgs {
            criterion_id: &a.criterion_id,
            option_id: &a.option_id,
            weight: a.weight,
        });
        recommend::profile_args(answers, self.languages.as_deref())
    }
}

/// Validates `input` and runs the engine.
pub fn compute(
    catalog: &Catalog,
    input: &ProfileInput,
) -> Result<(Profile, engine::Recommendation)> {
    let (answers, languages) = input.args();
    Ok(recommend::recommend(
        catalog,
        &answers,
        languages.as_deref(),
    )?)
}

#[derive(Default)]
pub struct RecommendationQuery;

#[Object]
impl RecommendationQuery {
    /// Preview a recommendation: the same as `submitProfile` gives, never logged.
    #[graphql(cache_control(no_cache))]
    async fn recommendation<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "The team's answers and languages.")] profile: ProfileInput,
    ) -> Result<Walked<Recommendation<'ctx>>> {
        let c = catalog(ctx)?;
        let (p, rec) = compute(c, &profile)?;
        Ok(Walked(Recommendation::new(c, p, rec, None)))
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{InputType, Name, Number, Value};
    use async_graphql_value::indexmap::IndexMap;
    use proptest::prelude::*;

    use super::ProfileInput;

    fn object(fields: Vec<(&'static str, Value)>) -> Value {
        Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (Name::new(k), v))
                .collect::<IndexMap<_, _>>(),
        )
    }

    /// Values of every kind a field could hold, weighted towards what clients send.
    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            "[a-z_]{0,8}".prop_map(Value::String),
            any::<i64>().prop_map(|n| Value::Number(n.into())),
            (-20.0f64..20.0).prop_map(|f| Value::Number(Number::from_f64(f).unwrap())),
            Just(Value::Null),
            Just(Value::Boolean(true)),
            Just(Value::Enum(Name::new("PYTHON"))),
            Just(Value::List(vec![])),
        ]
    }

    fn field(
        name: &'static str,
        likely: BoxedStrategy<Value>,
    ) -> BoxedStrategy<Option<(&'static str, Value)>> {
        prop_oneof![
            4 => likely.prop_map(move |v| Some((name, v))),
            1 => scalar().prop_map(move |v| Some((name, v))),
            1 => Just(None),
        ]
        .boxed()
    }

    fn answer() -> impl Strategy<Value = Value> {
        let id = || "[a-z_]{1,8}".prop_map(Value::String).boxed();
        let weight = prop_oneof![
            (0.0f64..10.0).prop_map(|f| Value::Number(Number::from_f64(f).unwrap())),
            (0i64..10).prop_map(|n| Value::Number(n.into())),
            Just(Value::Null),
        ]
        .boxed();
        (
            field("criterionId", id()),
            field("optionId", id()),
            field("weight", weight),
            prop::option::weighted(0.1, scalar()),
        )
            .prop_map(|(c, o, w, extra)| {
                let mut fields: Vec<_> = [c, o, w].into_iter().flatten().collect();
                if let Some(extra) = extra {
                    fields.push(("extra", extra));
                }
                object(fields)
            })
    }

    fn profile() -> impl Strategy<Value = Value> {
        let answers = prop_oneof![
            6 => prop::collection::vec(prop_oneof![9 => answer().boxed(), 1 => scalar().boxed()], 0..6)
                .prop_map(Value::List),
            1 => answer().boxed(),
        ]
        .boxed();
        let languages = prop_oneof![
            Just(Value::Null),
            Just(Value::List(vec![Value::Enum(Name::new("PYTHON"))])),
            Just(Value::List(vec![Value::String("GO".into())])),
        ]
        .boxed();
        (
            field("answers", answers),
            prop::option::weighted(0.3, field("languages", languages)),
        )
            .prop_map(|(a, l)| object([a, l.flatten()].into_iter().flatten().collect()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whatever `read_in_place` reads, the derived parse reads the same way; where it
        /// declines, the derived parse decides (accepting or refusing with its own words).
        #[test]
        fn reading_in_place_equals_the_derived_parse(value in profile()) {
            if let Some(read) = ProfileInput::read_in_place(&value) {
                let derived = <ProfileInput as InputType>::parse(Some(value.clone()));
                prop_assert!(derived.is_ok(), "read in place, refused by the derived parse: {value:?}");
                prop_assert_eq!(format!("{read:?}"), format!("{:?}", derived.unwrap()));
            }
        }
    }

    #[test]
    fn the_usual_profile_is_read_in_place() {
        let answer = |c: &str, o: &str, w: Option<Value>| {
            let mut fields = vec![
                ("criterionId", Value::String(c.into())),
                ("optionId", Value::String(o.into())),
            ];
            if let Some(w) = w {
                fields.push(("weight", w));
            }
            object(fields)
        };
        let value = object(vec![(
            "answers",
            Value::List(vec![
                answer("admin_panel", "yes", Some(Value::Number(2.into()))),
                answer("data_model", "relational", None),
                answer("team_size", "small", Some(Value::Null)),
            ]),
        )]);
        let read = ProfileInput::read_in_place(&value).expect("the usual shape is read in place");
        let derived = <ProfileInput as InputType>::parse(Some(value)).unwrap();
        assert_eq!(format!("{read:?}"), format!("{derived:?}"));
        assert_eq!(read.answers[0].weight, Some(2.0));
        assert_eq!(read.answers[1].weight, Some(1.0), "no weight: the default");
        assert_eq!(read.answers[2].weight, None, "an explicit null");
    }
}
