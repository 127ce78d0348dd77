//! A recommendation as an architecture decision record in MADR 4 format (Markdown Any
//! Decision Records, <https://github.com/adr/madr/blob/4.0.0/template/adr-template.md>),
//! for a team to commit where Backstage's ADR plugin shows it.
//!
//! The template's sections, filled from the recommendation: the context is the answers
//! (and the language filter), the considered options are the ranked frameworks, the
//! outcome is the framework the team reported choosing or else the top pick, the
//! consequences are the takeaways, and the pros and cons of each option are its reasons
//! (the catalog's sentence for each answer, with its signed points). Nothing about who
//! asked is in it: only the answers, the catalog and, for a logged decision, its id and day.
//!
//! The catalog's texts are plain text; Markdown's inline syntax characters in them are
//! escaped so a sentence can never turn into a link, an image or HTML.

use std::fmt::Write;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::catalog::{Catalog, FrameworkIx, Severity};
use crate::engine::{self, Profile};

/// What a record is made from.
pub struct RecordInput<'a> {
    pub catalog: &'a Catalog,
    pub profile: &'a Profile,
    pub rec: &'a engine::Recommendation,
    /// The framework the team reported choosing (`recordOutcome`), if it did.
    pub chosen: Option<FrameworkIx>,
    /// A logged decision: its id and the day it was made (the hour the log keeps).
    pub logged: Option<(Uuid, NaiveDate)>,
    /// The catalog version the decision was made with, when it is not necessarily the
    /// one the record is computed with (a logged decision read back later).
    pub recorded_with: Option<&'a str>,
}

/// The record as Markdown.
// The template's sections in order, as MADR writes them: long, but flat.
#[allow(clippy::too_many_lines)]
pub fn render(input: &RecordInput<'_>) -> String {
    let c = input.catalog;
    let rec = input.rec;
    let top = rec.top().framework;
    let outcome = input.chosen.unwrap_or(top);
    let name = |f: FrameworkIx| esc(&c.frameworks[f].name);
    let mut md = String::with_capacity(4096);

    // Front matter: the template's optional metadata. A reported outcome is a decision
    // taken; a recommendation alone is a proposal.
    md.push_str("---\n");
    let status = if input.chosen.is_some() {
        "accepted"
    } else {
        "proposed"
    };
    let _ = writeln!(md, "status: {status}");
    if let Some((_, day)) = input.logged {
        let _ = writeln!(md, "date: {day}");
    }
    md.push_str("---\n\n");

    let _ = writeln!(md, "# Use {} as the web framework\n", name(outcome));

    md.push_str("## Context and Problem Statement\n\n");
    md.push_str("Which web framework should the team build the service with? ");
    md.push_str("The team answered the framework-matrix questionnaire");
    if let Some(languages) = &input.profile.languages {
        let names: Vec<&str> = languages.iter().map(|l| l.as_str()).collect();
        let _ = write!(md, ", limited to {}", names.join(", "));
    }
    if input.profile.answers.is_empty() {
        md.push_str(", and gave no answers.\n\n");
    } else {
        md.push_str(":\n\n");
        for a in &input.profile.answers {
            let crit = &c.criteria[a.criterion];
            let _ = write!(
                md,
                "* {} {}",
                esc(&crit.question),
                esc(&crit.options[a.option].label)
            );
            if a.weight != 1.0 {
                let _ = write!(md, " (weight {})", a.weight);
            }
            md.push('\n');
        }
        md.push('\n');
    }

    md.push_str("## Considered Options\n\n");
    for r in &rec.ranking {
        let _ = writeln!(md, "* {}", name(r.framework));
    }
    md.push('\n');

    md.push_str("## Decision Outcome\n\n");
    let placed = |f: FrameworkIx| rec.ranking.iter().find(|r| r.framework == f);
    let because = match (input.chosen, placed(outcome)) {
        (Some(chosen), Some(r)) if chosen == top || r.rank == 1 => format!(
            "it ranks first with {} points (fit {} of 100), and the team chose it",
            points(r.score),
            r.fit
        ),
        (Some(_), Some(r)) => format!(
            "the team chose it, ranked {} with {} points (fit {} of 100), over the top pick {}",
            r.rank,
            points(r.score),
            r.fit,
            name(top)
        ),
        (Some(_), None) => format!(
            "the team chose it, although the language filter left it out of the ranking (top pick: {})",
            name(top)
        ),
        (None, Some(r)) => format!(
            "it ranks first with {} points (fit {} of 100)",
            points(r.score),
            r.fit
        ),
        (None, None) => unreachable!("the top pick is ranked"),
    };
    let _ = writeln!(
        md,
        "Chosen option: \"{}\", because {because}.",
        name(outcome)
    );
    if rec.leaders() > 1 {
        let _ = writeln!(
            md,
            "\n{} frameworks share first place: the answers do not separate them.",
            rec.leaders()
        );
    }
    md.push('\n');

    if !rec.takeaways.is_empty() {
        md.push_str("### Consequences\n\n");
        // Takeaways are advice about frameworks; each names the ones it is about, so a warning
        // about a framework not chosen reads as such.
        for &t in &rec.takeaways {
            let t = &c.takeaways[t];
            let severity = match t.severity {
                Severity::Warning => "Warning",
                Severity::Caution => "Caution",
                Severity::Info => "Info",
            };
            let about: Vec<String> = t.frameworks.iter().map(|&f| name(f)).collect();
            if about.is_empty() {
                let _ = writeln!(md, "* {severity}: {}", esc(&t.text));
            } else {
                let _ = writeln!(md, "* {severity} ({}): {}", about.join(", "), esc(&t.text));
            }
        }
        md.push('\n');
    }

    md.push_str("## Pros and Cons of the Options\n\n");
    for r in &rec.ranking {
        let f = &c.frameworks[r.framework];
        let _ = writeln!(md, "### {}\n", esc(&f.name));
        let _ = writeln!(
            md,
            "Rank {}, {} points, fit {} of 100. {} <{}>\n",
            r.rank,
            points(r.score),
            r.fit,
            esc(&f.summary),
            f.link
        );
        let mut any = false;
        for (a, &contribution) in input.profile.answers.iter().zip(&r.contributions) {
            let Some(rationale) = c.rationale(a.criterion, a.option, r.framework) else {
                continue;
            };
            let verdict = match contribution {
                x if x > 0.0 => "Good",
                x if x < 0.0 => "Bad",
                _ => "Neutral",
            };
            let _ = writeln!(
                md,
                "* {verdict}, because {} ({})",
                esc(rationale),
                signed(contribution)
            );
            any = true;
        }
        if any {
            md.push('\n');
        }
    }

    md.push_str("## More Information\n\n");
    let _ = write!(
        md,
        "Generated by framework-matrix from catalog version `{}`",
        c.version
    );
    match input.logged {
        Some((id, _)) => {
            let _ = writeln!(md, " for logged decision `{id}`.");
        }
        None => md.push_str(" for a recommendation preview.\n"),
    }
    if let Some(v) = input.recorded_with.filter(|v| *v != c.version) {
        let _ = writeln!(
            md,
            "\nThe decision was made with catalog version `{v}`; the ranking and reasons above \
             are recomputed from its answers with the catalog served today."
        );
    }
    md
}

fn points(x: f64) -> String {
    format!("{}", x + 0.0)
}

fn signed(x: f64) -> String {
    if x > 0.0 { format!("+{x}") } else { points(x) }
}

/// Plain text made inert in Markdown: inline syntax characters are backslash-escaped, and
/// line breaks become spaces (an item or a heading stays one line).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RawAnswer;

    fn record(answers: &[(&str, &str)], chosen: Option<&str>) -> String {
        let c = Catalog::embedded().unwrap();
        let raw: Vec<RawAnswer<'_>> = answers
            .iter()
            .map(|&(criterion_id, option_id)| RawAnswer {
                criterion_id,
                option_id,
                weight: 1.0,
            })
            .collect();
        let profile = Profile::parse(&c, &raw, None).unwrap();
        let rec = engine::recommend(&c, &profile);
        render(&RecordInput {
            catalog: &c,
            profile: &profile,
            rec: &rec,
            chosen: chosen.map(|id| c.framework_index(id).unwrap()),
            logged: None,
            recorded_with: None,
        })
    }

    #[test]
    fn the_outcome_is_the_top_pick_until_the_team_reports_its_choice() {
        let md = record(&[("admin_panel", "yes")], None);
        assert!(md.contains("status: proposed"), "{md}");
        assert!(
            md.contains("Chosen option: \"Django\", because it ranks first"),
            "{md}"
        );
        let md = record(&[("admin_panel", "yes")], Some("flask"));
        assert!(md.contains("status: accepted"), "{md}");
        assert!(
            md.contains("Chosen option: \"Flask\", because the team chose it, ranked"),
            "{md}"
        );
    }

    #[test]
    fn catalog_text_cannot_become_markup() {
        assert_eq!(esc("a *b* [c](d) <e>\nf"), "a \\*b\\* \\[c\\](d) \\<e\\> f");
    }
}
