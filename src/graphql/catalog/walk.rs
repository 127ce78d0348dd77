//! The catalog's types for the synchronous walker (`graphql::fast`): every field as its
//! derived resolver in [`objects`](super::objects) computes it, built as a value instead
//! of a future.

use async_graphql::parser::types::SelectionSet;

use super::objects::{
    Criterion, CriterionOption, Faq, Framework, GlossaryTerm, LanguageGql, SourceGql,
};
use crate::catalog;
use crate::graphql::fast::{Fast, Out, Walker};
use crate::graphql::ids::global_id;

impl Fast for Framework<'_> {
    const TYPE: &'static str = "Framework";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, set: &SelectionSet) -> Option<()> {
        let f = self.entry();
        match name {
            "id" => w.string(global_id("Framework", &f.id).0),
            "frameworkId" => w.str(&f.id),
            "name" => w.str(&f.name),
            "language" => w.enumeration(LanguageGql::from(f.language)),
            "category" => w.str(&f.category),
            "summary" => w.str(&f.summary),
            "strengths" => w.strings(f.strengths.iter().map(String::as_str)),
            "weaknesses" => w.strings(f.weaknesses.iter().map(String::as_str)),
            "link" => w.str(&f.link),
            "traits" => w.objects(
                self.catalog
                    .traits
                    .iter()
                    .zip(&f.traits)
                    .map(|(t, value)| TraitView { t, value }),
                set,
            ),
            "faqs" => {
                let catalog = self.catalog;
                let faqs: Vec<Faq<'_>> = self
                    .faq_entries()
                    .map(|entry| Faq { catalog, entry })
                    .collect();
                w.objects(faqs.into_iter(), set)
            }
            _ => None,
        }
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

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, _: &SelectionSet) -> Option<()> {
        match name {
            "traitId" => w.str(&self.t.id),
            "label" => w.str(&self.t.label),
            "value" => w.str(self.value),
            _ => None,
        }
    }
}

impl Fast for Criterion<'_> {
    const TYPE: &'static str = "Criterion";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, set: &SelectionSet) -> Option<()> {
        let c = self.0;
        match name {
            "id" => w.string(global_id("Criterion", &c.id).0),
            "criterionId" => w.str(&c.id),
            "question" => w.str(&c.question),
            "help" => w.str(&c.help),
            "options" => w.objects(
                c.options.iter().map(|option| CriterionOption {
                    criterion: c,
                    option,
                }),
                set,
            ),
            _ => None,
        }
    }
}

impl Fast for CriterionOption<'_> {
    const TYPE: &'static str = "CriterionOption";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, _: &SelectionSet) -> Option<()> {
        match name {
            "id" => w.string(self.global_id().0),
            "optionId" => w.str(&self.option.id),
            "label" => w.str(&self.option.label),
            _ => None,
        }
    }
}

impl Fast for Faq<'_> {
    const TYPE: &'static str = "Faq";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, set: &SelectionSet) -> Option<()> {
        let q = self.entry;
        match name {
            "id" => w.string(global_id("Faq", &q.id).0),
            "faqId" => w.str(&q.id),
            "question" => w.str(&q.question),
            "answer" => w.str(&q.answer),
            "tags" => w.strings(q.tags.iter().map(String::as_str)),
            "source" => w.enumeration(SourceGql::from(q.source)),
            "frameworks" => {
                let catalog = self.catalog;
                w.objects(
                    q.frameworks
                        .iter()
                        .map(|&index| Framework { catalog, index }),
                    set,
                )
            }
            _ => None,
        }
    }
}

impl Fast for GlossaryTerm<'_> {
    const TYPE: &'static str = "GlossaryTerm";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, _: &SelectionSet) -> Option<()> {
        let t = self.0;
        match name {
            "id" => w.string(global_id("GlossaryTerm", &t.id).0),
            "termId" => w.str(&t.id),
            "term" => w.str(&t.term),
            "definition" => w.str(&t.definition),
            "source" => w.enumeration(SourceGql::from(t.source)),
            _ => None,
        }
    }
}
