//! The checks on the Tech Radar data of `frameworks.toml` (`[framework.radar]`): each
//! framework's moves, and the quadrants of the whole catalog. Like `validate`, every
//! problem is recorded with its file, entry and field.

use std::collections::HashMap;

use super::model::{Framework, Radar, RadarMove, quadrant_id};
use super::raw::RawRadar;
use super::validate::{Problems, invalid};

/// Tech Radar draws four quadrants; a fifth would not be shown.
pub const MAX_QUADRANTS: usize = 4;

/// One framework's radar data, or `None` (with problems recorded) when it is invalid.
pub(super) fn build_radar(
    p: &mut Problems,
    file: &str,
    entry: &str,
    raw: RawRadar,
) -> Option<Radar> {
    let before = p.len();
    if raw.quadrant.trim().is_empty() || quadrant_id(&raw.quadrant).is_empty() {
        p.push(invalid(
            file,
            entry,
            "radar.quadrant",
            "must name a quadrant (letters or digits)".into(),
        ));
    }
    if raw.moves.is_empty() {
        p.push(invalid(
            file,
            entry,
            "radar.moves",
            "needs at least one move: the ring the framework is in, and since when".into(),
        ));
    }
    let mut moves: Vec<RadarMove> = Vec::with_capacity(raw.moves.len());
    for (i, m) in raw.moves.into_iter().enumerate() {
        let n = i + 1;
        let date = match (m.date.date, m.date.time, m.date.offset) {
            (Some(d), None, None) => {
                chrono::NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into())
            }
            _ => None,
        };
        let Some(date) = date else {
            p.push(invalid(
                file,
                entry,
                "radar.moves",
                format!(
                    "move #{n}: {} is not a date (write e.g. 2024-05-13)",
                    m.date
                ),
            ));
            continue;
        };
        if let Some(prev) = moves.last() {
            if date <= prev.date {
                p.push(invalid(
                    file,
                    entry,
                    "radar.moves",
                    format!(
                        "move #{n}: {date} is not after {}: list moves oldest first",
                        prev.date
                    ),
                ));
            }
            if m.ring == prev.ring {
                p.push(invalid(
                    file,
                    entry,
                    "radar.moves",
                    format!("move #{n}: already in ring {:?}", m.ring.as_str()),
                ));
            }
        }
        if m.note.as_deref().is_some_and(|t| t.trim().is_empty()) {
            p.push(invalid(
                file,
                entry,
                "radar.moves",
                format!("move #{n}: `note` must not be empty (leave it out instead)"),
            ));
        }
        moves.push(RadarMove {
            ring: m.ring,
            date,
            note: m.note,
        });
    }
    (p.len() == before).then(|| Radar {
        quadrant: raw.quadrant.trim().to_string(),
        moves,
    })
}

/// The catalog's quadrants: at most [`MAX_QUADRANTS`], and no two names with one id.
pub(super) fn check_quadrants(p: &mut Problems, file: &str, frameworks: &[Framework]) {
    let mut names: HashMap<String, &str> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for f in frameworks {
        let Some(radar) = &f.radar else { continue };
        let id = quadrant_id(&radar.quadrant);
        match names.get(&id) {
            Some(&name) if name != radar.quadrant => p.push(invalid(
                file,
                &format!("framework {}", f.id),
                "radar.quadrant",
                format!(
                    "{:?} and {name:?} are different names for one quadrant id {id:?}",
                    radar.quadrant
                ),
            )),
            Some(_) => {}
            None => {
                names.insert(id.clone(), &radar.quadrant);
                order.push(id);
                if order.len() == MAX_QUADRANTS + 1 {
                    p.push(invalid(
                        file,
                        &format!("framework {}", f.id),
                        "radar.quadrant",
                        format!(
                            "{:?} is a fifth quadrant: Tech Radar draws at most {MAX_QUADRANTS}",
                            radar.quadrant
                        ),
                    ));
                }
            }
        }
    }
}
