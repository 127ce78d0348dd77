//! The shape of a [`CatalogDiff`](super::CatalogDiff): what the JSON of `catalog diff`
//! holds. Field names are a documented contract (README, "Changing the catalog"): add
//! fields if needed, never rename or remove them.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogDiff {
    pub old_version: String,
    pub new_version: String,
    pub frameworks: FrameworkChanges,
    pub criteria: CriterionChanges,
    pub options: OptionChanges,
    pub rules: RuleChanges,
    pub takeaways: TakeawayChanges,
    pub traits: TraitChanges,
    pub faqs: EntryChanges,
    pub glossary: EntryChanges,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameworkChanges {
    pub added: Vec<FrameworkEntry>,
    pub removed: Vec<FrameworkEntry>,
    /// Same id, new display name.
    pub renamed: Vec<Relabel>,
    /// Same id, other fields: `language`, `category`, `summary`, `strengths`,
    /// `weaknesses`, `link`.
    pub changed: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameworkEntry {
    pub id: String,
    pub name: String,
    pub language: &'static str,
}

/// An entry whose id stayed and whose label (name, question, label) changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relabel {
    pub id: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub id: String,
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

/// A field's value: text, or a list (strengths, conditions, framework ids).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionChanges {
    pub added: Vec<CriterionEntry>,
    pub removed: Vec<CriterionEntry>,
    /// The question's text changed.
    pub relabelled: Vec<Relabel>,
    /// The help text changed.
    pub help_changed: Vec<Relabel>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionEntry {
    pub id: String,
    pub question: String,
    pub options: Vec<String>,
}

/// Options of criteria present in both catalogs (those of an added or removed criterion
/// are listed with it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionChanges {
    pub added: Vec<OptionEntry>,
    pub removed: Vec<OptionEntry>,
    pub relabelled: Vec<OptionRelabel>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionEntry {
    pub criterion: String,
    pub option: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionRelabel {
    pub criterion: String,
    pub option: String,
    pub old: String,
    pub new: String,
}

/// Rules by (criterion, option, framework). A missing rule is neutral (0), so a removed
/// rule's cell now scores 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleChanges {
    pub added: Vec<RuleEntry>,
    pub removed: Vec<RuleEntry>,
    pub score_changed: Vec<ScoreChange>,
    /// Same score, new rationale.
    pub reworded: Vec<Reworded>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleEntry {
    pub criterion: String,
    pub option: String,
    pub framework: String,
    pub score: i8,
    pub rationale: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreChange {
    pub criterion: String,
    pub option: String,
    pub framework: String,
    pub old_score: i8,
    pub new_score: i8,
    pub old_rationale: String,
    pub new_rationale: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reworded {
    pub criterion: String,
    pub option: String,
    pub framework: String,
    pub score: i8,
    pub old_rationale: String,
    pub new_rationale: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeawayChanges {
    pub added: Vec<TakeawayEntry>,
    pub removed: Vec<TakeawayEntry>,
    /// Fields `severity`, `when` (conditions as `criterion=option`), `frameworks`, `text`.
    pub changed: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeawayEntry {
    pub id: String,
    pub severity: &'static str,
    pub when: Vec<String>,
    pub frameworks: Vec<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraitChanges {
    pub added: Vec<TraitEntry>,
    pub removed: Vec<TraitEntry>,
    pub relabelled: Vec<Relabel>,
    /// A framework's value for a trait, for frameworks and traits in both catalogs.
    pub values_changed: Vec<TraitValueChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraitEntry {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraitValueChange {
    pub framework: String,
    #[serde(rename = "trait")]
    pub trait_id: String,
    pub old: String,
    pub new: String,
}

/// FAQs (titled by their question) and glossary terms (titled by the term).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryChanges {
    pub added: Vec<Entry>,
    pub removed: Vec<Entry>,
    /// `fields` names what changed: `question`, `answer`, `frameworks`, `tags`, `source`
    /// for a FAQ; `term`, `definition`, `source` for a term.
    pub changed: Vec<EntryChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryChange {
    pub id: String,
    pub title: String,
    pub fields: Vec<&'static str>,
}

impl CatalogDiff {
    /// Whether nothing a reviewer would see changed (the files may still differ in
    /// comments or layout: compare the versions).
    pub fn is_empty(&self) -> bool {
        let f = &self.frameworks;
        let c = &self.criteria;
        let o = &self.options;
        let r = &self.rules;
        let t = &self.takeaways;
        let tr = &self.traits;
        [
            f.added.len(),
            f.removed.len(),
            f.renamed.len(),
            f.changed.len(),
            c.added.len(),
            c.removed.len(),
            c.relabelled.len(),
            c.help_changed.len(),
            o.added.len(),
            o.removed.len(),
            o.relabelled.len(),
            r.added.len(),
            r.removed.len(),
            r.score_changed.len(),
            r.reworded.len(),
            t.added.len(),
            t.removed.len(),
            t.changed.len(),
            tr.added.len(),
            tr.removed.len(),
            tr.relabelled.len(),
            tr.values_changed.len(),
            self.faqs.added.len(),
            self.faqs.removed.len(),
            self.faqs.changed.len(),
            self.glossary.added.len(),
            self.glossary.removed.len(),
            self.glossary.changed.len(),
        ]
        .iter()
        .all(|n| *n == 0)
    }
}
