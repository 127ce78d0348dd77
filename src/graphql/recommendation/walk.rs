//! The recommendation's types for the synchronous walker (`graphql::fast`): every field as
//! its derived resolver in [`objects`](super::objects) computes it, through the same
//! methods, built as a value instead of a future.

use async_graphql::parser::types::SelectionSet;

use super::objects::{Pivot, RankedFramework, Reason, Recommendation, SeverityGql, Takeaway};
use crate::graphql::fast::{Fast, Out, Walker};
use crate::graphql::ids::global_id;

impl Fast for Recommendation<'_> {
    const TYPE: &'static str = "Recommendation";

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, set: &SelectionSet) -> Option<()> {
        match name {
            "decisionId" => w.optional_str(self.decision_key().as_deref()),
            "outcomeToken" => w.optional_str(self.outcome_token_text()),
            "catalogVersion" => w.str(&self.0.catalog.version),
            "confidence" => w.float(self.0.rec.confidence),
            "top" => w.object(&self.ranked(0), set),
            "leaders" => w.int(self.leader_count()),
            "ranking" => w.objects((0..self.0.rec.ranking.len()).map(|p| self.ranked(p)), set),
            "takeaways" => w.objects(self.takeaway_views(), set),
            "pivots" => w.objects(self.pivot_views(), set),
            _ => None,
        }
    }
}

impl Fast for RankedFramework<'_> {
    const TYPE: &'static str = "RankedFramework";

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, set: &SelectionSet) -> Option<()> {
        match name {
            "rank" => w.int(self.rank_number()),
            "framework" => w.object(&self.framework_view(), set),
            "score" => w.float(self.entry().score),
            "fit" => w.int(i32::from(self.entry().fit)),
            "reasons" => w.objects(self.reason_views(), set),
            _ => None,
        }
    }
}

impl Fast for Reason<'_> {
    const TYPE: &'static str = "Reason";

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, _: &SelectionSet) -> Option<()> {
        match name {
            "criterionId" => w.str(self.criterion_key()),
            "optionId" => w.str(self.option_key()),
            "contribution" => w.float(self.points()),
            "explanation" => w.string(self.explanation_text()),
            _ => None,
        }
    }
}

impl Fast for Takeaway<'_> {
    const TYPE: &'static str = "Takeaway";
    const INTERFACES: &'static [&'static str] = &["Node"];

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, _: &SelectionSet) -> Option<()> {
        let entry = self.entry();
        match name {
            "id" => w.string(global_id("Takeaway", &entry.id).0),
            "takeawayId" => w.str(&entry.id),
            "text" => w.str(&entry.text),
            "frameworkIds" => w.strings(self.framework_keys()),
            "severity" => w.enumeration(SeverityGql::from(entry.severity)),
            _ => None,
        }
    }
}

impl Fast for Pivot<'_> {
    const TYPE: &'static str = "Pivot";

    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, set: &SelectionSet) -> Option<()> {
        match name {
            "criterionId" => w.str(self.criterion_key()),
            "optionId" => w.str(self.option_key()),
            "fromOptionId" => w.optional_str(self.current_option_key()),
            "option" => w.object(&self.option_view(), set),
            "newTop" => w.object(&self.framework_view(self.entry().new_top), set),
            "newLeaders" => w.objects(
                self.entry()
                    .new_leaders
                    .iter()
                    .map(|&i| self.framework_view(i)),
                set,
            ),
            "newTopScore" => w.float(self.entry().new_top_score),
            _ => None,
        }
    }
}
