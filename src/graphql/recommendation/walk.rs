//! The recommendation's types for the synchronous walker (`graphql::fast`): every field as
//! its derived resolver in [`objects`](super::objects) computes it, through the same
//! methods, built as a value instead of a future.

use async_graphql::Value;
use async_graphql::parser::types::SelectionSet;

use super::objects::{Pivot, RankedFramework, Reason, Recommendation, SeverityGql, Takeaway};
use crate::graphql::fast::{Fast, Walker, enumeration, float, int, optional_string, string};
use crate::graphql::ids::global_id;

impl Fast for Recommendation<'_> {
    const TYPE: &'static str = "Recommendation";

    fn field(&self, w: &mut Walker<'_>, name: &str, set: &SelectionSet) -> Option<Value> {
        Some(match name {
            "decisionId" => optional_string(self.decision_key().as_deref()),
            "outcomeToken" => optional_string(self.outcome_token_text()),
            "catalogVersion" => string(&self.0.catalog.version),
            "confidence" => float(self.0.rec.confidence),
            "top" => w.object(&self.ranked(0), set)?,
            "leaders" => int(self.leader_count()),
            "ranking" => w.objects((0..self.0.rec.ranking.len()).map(|p| self.ranked(p)), set)?,
            "takeaways" => w.objects(self.takeaway_views(), set)?,
            "pivots" => w.objects(self.pivot_views(), set)?,
            _ => return None,
        })
    }
}

impl Fast for RankedFramework<'_> {
    const TYPE: &'static str = "RankedFramework";

    fn field(&self, w: &mut Walker<'_>, name: &str, set: &SelectionSet) -> Option<Value> {
        Some(match name {
            "rank" => int(self.rank_number()),
            "framework" => w.object(&self.framework_view(), set)?,
            "score" => float(self.entry().score),
            "fit" => int(i32::from(self.entry().fit)),
            "reasons" => w.objects(self.reason_views(), set)?,
            _ => return None,
        })
    }
}

impl Fast for Reason<'_> {
    const TYPE: &'static str = "Reason";

    fn field(&self, _: &mut Walker<'_>, name: &str, _: &SelectionSet) -> Option<Value> {
        Some(match name {
            "criterionId" => string(self.criterion_key()),
            "optionId" => string(self.option_key()),
            "contribution" => float(self.points()),
            "explanation" => Value::String(self.explanation_text()),
            _ => return None,
        })
    }
}

impl Fast for Takeaway<'_> {
    const TYPE: &'static str = "Takeaway";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field(&self, w: &mut Walker<'_>, name: &str, _: &SelectionSet) -> Option<Value> {
        let entry = self.entry();
        Some(match name {
            "id" => Value::String(global_id("Takeaway", &entry.id).0),
            "takeawayId" => string(&entry.id),
            "text" => string(&entry.text),
            "frameworkIds" => w.strings(self.framework_keys())?,
            "severity" => enumeration(SeverityGql::from(entry.severity)),
            _ => return None,
        })
    }
}

impl Fast for Pivot<'_> {
    const TYPE: &'static str = "Pivot";

    fn field(&self, w: &mut Walker<'_>, name: &str, set: &SelectionSet) -> Option<Value> {
        Some(match name {
            "criterionId" => string(self.criterion_key()),
            "optionId" => string(self.option_key()),
            "fromOptionId" => optional_string(self.current_option_key()),
            "option" => w.object(&self.option_view(), set)?,
            "newTop" => w.object(&self.framework_view(self.entry().new_top), set)?,
            "newLeaders" => w.objects(
                self.entry()
                    .new_leaders
                    .iter()
                    .map(|&i| self.framework_view(i)),
                set,
            )?,
            "newTopScore" => float(self.entry().new_top_score),
            _ => return None,
        })
    }
}
