//! The catalog's types for the synchronous walker (`graphql::fast`): every field as its
//! derived resolver in [`objects`](super::objects) computes it, built as a value instead
//! of a future.

use async_graphql::Value;
use async_graphql::parser::types::SelectionSet;

use super::objects::{
    Criterion, CriterionOption, Faq, Framework, GlossaryTerm, LanguageGql, SourceGql,
};
use crate::catalog;
use crate::graphql::fast::{Fast, Walker, enumeration, string};
use crate::graphql::ids::global_id;

impl Fast for Framework<'_> {
    const TYPE: &'static str = "Framework";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field(&self, w: &mut Walker<'_>, name: &str, set: &SelectionSet) -> Option<Value> {
        let f = self.entry();
        Some(match name {
            "id" => Value::String(global_id("Framework", &f.id).0),
            "frameworkId" => string(&f.id),
            "name" => string(&f.name),
            "language" => enumeration(LanguageGql::from(f.language)),
            "category" => string(&f.category),
            "summary" => string(&f.summary),
            "strengths" => w.strings(f.strengths.iter().map(String::as_str))?,
            "weaknesses" => w.strings(f.weaknesses.iter().map(String::as_str))?,
            "link" => string(&f.link),
            "traits" => w.objects(
                self.catalog
                    .traits
                    .iter()
                    .zip(&f.traits)
                    .map(|(t, value)| TraitView { t, value }),
                set,
            )?,
            "faqs" => {
                let catalog = self.catalog;
                let faqs: Vec<Faq<'_>> = self
                    .faq_entries()
                    .map(|entry| Faq { catalog, entry })
                    .collect();
                w.objects(faqs.into_iter(), set)?
            }
            _ => return None,
        })
    }
}

/// One framework's value for one trait (`TraitValue`, a `SimpleObject` built on demand by
/// the derived resolver).
struct TraitView<'a> {
    t: &'a catalog::Trait,
    value: &'a String,
}

impl Fast for TraitView<'_> {
    const TYPE: &'static str = "TraitValue";

    fn field(&self, _: &mut Walker<'_>, name: &str, _: &SelectionSet) -> Option<Value> {
        Some(match name {
            "traitId" => string(&self.t.id),
            "label" => string(&self.t.label),
            "value" => string(self.value),
            _ => return None,
        })
    }
}

impl Fast for Criterion<'_> {
    const TYPE: &'static str = "Criterion";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field(&self, w: &mut Walker<'_>, name: &str, set: &SelectionSet) -> Option<Value> {
        let c = self.0;
        Some(match name {
            "id" => Value::String(global_id("Criterion", &c.id).0),
            "criterionId" => string(&c.id),
            "question" => string(&c.question),
            "help" => string(&c.help),
            "options" => w.objects(
                c.options.iter().map(|option| CriterionOption {
                    criterion: c,
                    option,
                }),
                set,
            )?,
            _ => return None,
        })
    }
}

impl Fast for CriterionOption<'_> {
    const TYPE: &'static str = "CriterionOption";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field(&self, _: &mut Walker<'_>, name: &str, _: &SelectionSet) -> Option<Value> {
        Some(match name {
            "id" => Value::String(self.global_id().0),
            "optionId" => string(&self.option.id),
            "label" => string(&self.option.label),
            _ => return None,
        })
    }
}

impl Fast for Faq<'_> {
    const TYPE: &'static str = "Faq";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field(&self, w: &mut Walker<'_>, name: &str, set: &SelectionSet) -> Option<Value> {
        let q = self.entry;
        Some(match name {
            "id" => Value::String(global_id("Faq", &q.id).0),
            "faqId" => string(&q.id),
            "question" => string(&q.question),
            "answer" => string(&q.answer),
            "tags" => w.strings(q.tags.iter().map(String::as_str))?,
            "source" => enumeration(SourceGql::from(q.source)),
            "frameworks" => {
                let catalog = self.catalog;
                w.objects(
                    q.frameworks
                        .iter()
                        .map(|&index| Framework { catalog, index }),
                    set,
                )?
            }
            _ => return None,
        })
    }
}

impl Fast for GlossaryTerm<'_> {
    const TYPE: &'static str = "GlossaryTerm";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field(&self, _: &mut Walker<'_>, name: &str, _: &SelectionSet) -> Option<Value> {
        let t = self.0;
        Some(match name {
            "id" => Value::String(global_id("GlossaryTerm", &t.id).0),
            "termId" => string(&t.id),
            "term" => string(&t.term),
            "definition" => string(&t.definition),
            "source" => enumeration(SourceGql::from(t.source)),
            _ => return None,
        })
    }
}
