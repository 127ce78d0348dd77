//! The catalog as Backstage's `TechRadarLoaderResponse` (package
//! `@backstage-community/plugin-tech-radar-common`): quadrants, rings and one entry per
//! framework the catalog places on the radar, with its timeline of ring moves.
//!
//! The plugin reads the current ring from the first snapshot of a timeline, so timelines
//! are newest first (the catalog lists moves oldest first). Dates are ISO dates
//! (`2024-05-13`): the plugin's parser turns them into `Date`s.

use serde::Serialize;

use crate::catalog::{Catalog, Ring, quadrant_id};

#[derive(Debug, Serialize)]
pub struct TechRadar {
    pub quadrants: Vec<Quadrant>,
    pub rings: Vec<RingView>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Serialize)]
pub struct Quadrant {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct RingView {
    pub id: &'static str,
    pub name: &'static str,
    pub color: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Entry {
    pub key: String,
    pub id: String,
    pub quadrant: String,
    pub title: String,
    pub description: String,
    pub links: Vec<Link>,
    pub timeline: Vec<Snapshot>,
}

#[derive(Debug, Serialize)]
pub struct Link {
    pub url: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct Snapshot {
    pub date: String,
    #[serde(rename = "ringId")]
    pub ring_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The plugin's `MovedState`: 1 towards adopt, -1 towards hold, 0 for the first
    /// placement.
    pub moved: i8,
}

/// Name, colour (the plugin's own sample colours) and meaning of each ring.
fn ring_view(ring: Ring) -> RingView {
    let (name, color, description) = match ring {
        Ring::Adopt => ("ADOPT", "#5BA300", "The default choice for new services."),
        Ring::Trial => (
            "TRIAL",
            "#009EB0",
            "Used in production by a few teams; choose it with a reason.",
        ),
        Ring::Assess => (
            "ASSESS",
            "#C7BA00",
            "Worth exploring; not yet used in production.",
        ),
        Ring::Hold => ("HOLD", "#E09B96", "Not for new services."),
    };
    RingView {
        id: ring.as_str(),
        name,
        color,
        description,
    }
}

/// The radar of `catalog`: quadrants in the order frameworks first name them, the four
/// rings, and an entry per framework with radar data, in catalog order.
pub fn tech_radar(catalog: &Catalog) -> TechRadar {
    let mut quadrants: Vec<Quadrant> = Vec::new();
    let mut entries = Vec::new();
    for f in &catalog.frameworks {
        let Some(radar) = &f.radar else { continue };
        let quadrant = quadrant_id(&radar.quadrant);
        if !quadrants.iter().any(|q| q.id == quadrant) {
            quadrants.push(Quadrant {
                id: quadrant.clone(),
                name: radar.quadrant.clone(),
            });
        }
        let mut timeline = Vec::with_capacity(radar.moves.len());
        let mut previous: Option<Ring> = None;
        for m in &radar.moves {
            timeline.push(Snapshot {
                date: m.date.to_string(),
                ring_id: m.ring.as_str(),
                description: m.note.clone(),
                moved: match previous {
                    None => 0,
                    Some(p) if m.ring < p => 1,
                    Some(_) => -1,
                },
            });
            previous = Some(m.ring);
        }
        timeline.reverse();
        entries.push(Entry {
            key: f.id.clone(),
            id: f.id.clone(),
            quadrant,
            title: f.name.clone(),
            description: f.summary.clone(),
            links: vec![Link {
                url: f.link.clone(),
                title: format!("{} website", f.name),
            }],
            timeline,
        });
    }
    TechRadar {
        quadrants,
        rings: Ring::ALL.into_iter().map(ring_view).collect(),
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timelines_are_newest_first_with_the_direction_of_each_move() {
        let c = Catalog::embedded().unwrap();
        let radar = tech_radar(&c);
        let fastapi = radar.entries.iter().find(|e| e.id == "fastapi").unwrap();
        let rings: Vec<_> = fastapi
            .timeline
            .iter()
            .map(|s| (s.ring_id, s.moved))
            .collect();
        assert_eq!(rings, [("adopt", 1), ("trial", 1), ("assess", 0)]);
        let echo = radar.entries.iter().find(|e| e.id == "echo").unwrap();
        assert_eq!(
            (echo.timeline[0].ring_id, echo.timeline[0].moved),
            ("hold", -1)
        );
        assert!(radar.quadrants.len() <= 4);
        assert!(
            radar
                .entries
                .iter()
                .all(|e| radar.quadrants.iter().any(|q| q.id == e.quadrant))
        );
    }
}
