//! A small hand-made catalog (three frameworks, three questions), written to a temporary
//! directory, and the edits the tests make to it: small enough that a test can state the
//! expected scores by hand.

use std::path::Path;

use framework_matrix::catalog::EMBEDDED_FILES;
use tempfile::TempDir;

const FRAMEWORKS: &str = r#"
[[framework]]
id = "django"
name = "Django"
language = "PYTHON"
category = "full-stack"
summary = "Batteries included."
link = "https://www.djangoproject.com/"
[framework.traits]
admin_interface = "Built-in"
learning_curve = "Steep"

[[framework]]
id = "express"
name = "Express"
language = "JAVASCRIPT"
category = "micro"
summary = "Minimal Node.js framework."
link = "https://expressjs.com/"
[framework.traits]
admin_interface = "None"
learning_curve = "Gentle"

[[framework]]
id = "gin"
name = "Gin"
language = "GO"
category = "micro"
summary = "Fast Go HTTP framework."
link = "https://gin-gonic.com/"
[framework.traits]
admin_interface = "None"
learning_curve = "Moderate"
"#;

const TRAITS: &str = r#"
[[trait]]
id = "admin_interface"
label = "Admin Interface"
source = "seed"

[[trait]]
id = "learning_curve"
label = "Learning Curve"
source = "seed"
"#;

const CRITERIA: &str = r#"
[[criterion]]
id = "admin_panel"
question = "Do you need an admin interface?"

[[criterion.option]]
id = "yes"
label = "Yes"

[[criterion.option]]
id = "no"
label = "No"

[[criterion]]
id = "realtime"
question = "How much of the app is real-time?"

[[criterion.option]]
id = "none"
label = "None"

[[criterion.option]]
id = "some"
label = "Some live features"

[[criterion.option]]
id = "core"
label = "Most of it"

[[criterion]]
id = "team_size"
question = "How large is the team?"

[[criterion.option]]
id = "small"
label = "Small"

[[criterion.option]]
id = "large"
label = "Large"
"#;

/// Scores: admin_panel=yes django +3, express -1, gin -1; admin_panel=no django -1;
/// realtime=some django -1, express +1, gin +1; realtime=core django -2, express +3,
/// gin +2; team_size=small express +1, gin +1; team_size=large django +2, gin 0.
const RULES: &str = r#"
[[rule]]
criterion = "admin_panel"
option = "yes"
framework = "django"
score = 3
rationale = "Django generates an admin."

[[rule]]
criterion = "admin_panel"
option = "yes"
framework = "express"
score = -1
rationale = "Express has no admin."

[[rule]]
criterion = "admin_panel"
option = "yes"
framework = "gin"
score = -1
rationale = "Gin has no admin."

[[rule]]
criterion = "admin_panel"
option = "no"
framework = "django"
score = -1
rationale = "Django's admin goes unused."

[[rule]]
criterion = "realtime"
option = "some"
framework = "django"
score = -1
rationale = "Django needs Channels."

[[rule]]
criterion = "realtime"
option = "some"
framework = "express"
score = 1
rationale = "Express adds Socket.IO easily."

[[rule]]
criterion = "realtime"
option = "some"
framework = "gin"
score = 1
rationale = "Gin adds a WebSocket library easily."

[[rule]]
criterion = "realtime"
option = "core"
framework = "django"
score = -2
rationale = "Django Channels and Redis for everything."

[[rule]]
criterion = "realtime"
option = "core"
framework = "express"
score = 3
rationale = "Node.js event loop."

[[rule]]
criterion = "realtime"
option = "core"
framework = "gin"
score = 2
rationale = "Goroutines."

[[rule]]
criterion = "team_size"
option = "small"
framework = "express"
score = 1
rationale = "Express starts in one file."

[[rule]]
criterion = "team_size"
option = "small"
framework = "gin"
score = 1
rationale = "Gin starts in one file."

[[rule]]
criterion = "team_size"
option = "large"
framework = "django"
score = 2
rationale = "Django's conventions scale to large teams."

[[rule]]
criterion = "team_size"
option = "large"
framework = "gin"
score = 0
rationale = "Neutral for Gin: Go was designed for large teams but Gin sets no conventions."
"#;

const TAKEAWAYS: &str = r#"
[[takeaway]]
id = "realtime-core-channels"
severity = "WARNING"
when = [{ criterion = "realtime", option = "core" }]
frameworks = ["django"]
text = "Django needs Channels and Redis for a real-time core."

[[takeaway]]
id = "realtime-some-websockets"
severity = "INFO"
when = [{ criterion = "realtime", option = "some" }]
frameworks = ["django"]
text = "Even a few live features need Channels in Django."
"#;

const FAQS: &str = r#"
[[faq]]
id = "django-slow"
question = "Is Django slow?"
answer = "Not for most sites."
frameworks = ["django"]
tags = ["performance"]
source = "seed"
"#;

const GLOSSARY: &str = r#"
[[term]]
id = "orm"
term = "ORM"
definition = "Object-relational mapping."
source = "catalog"
"#;

/// The seven files of a catalog, editable before they are written.
#[derive(Clone)]
pub struct Fixture {
    files: Vec<(&'static str, String)>,
}

impl Fixture {
    /// The small hand-made catalog ("catalog A").
    pub fn small() -> Fixture {
        Fixture {
            files: vec![
                ("frameworks.toml", FRAMEWORKS.to_string()),
                ("comparison.toml", TRAITS.to_string()),
                ("criteria.toml", CRITERIA.to_string()),
                ("scoring.toml", RULES.to_string()),
                ("takeaways.toml", TAKEAWAYS.to_string()),
                ("faqs.toml", FAQS.to_string()),
                ("glossary.toml", GLOSSARY.to_string()),
            ],
        }
    }

    /// The catalog embedded in the binary.
    pub fn embedded() -> Fixture {
        Fixture {
            files: EMBEDDED_FILES
                .iter()
                .map(|(name, text)| (*name, text.to_string()))
                .collect(),
        }
    }

    fn file(&mut self, name: &str) -> &mut String {
        &mut self
            .files
            .iter_mut()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no file {name}"))
            .1
    }

    /// Replaces the first `from` in `file` (which must contain it).
    pub fn replace(mut self, file: &str, from: &str, to: &str) -> Fixture {
        let text = self.file(file);
        assert!(text.contains(from), "fixture: {from:?} not in {file}");
        *text = text.replacen(from, to, 1);
        self
    }

    /// Drops the blank-line separated blocks of `file` that contain `needle`.
    pub fn drop_blocks(mut self, file: &str, needle: &str) -> Fixture {
        let text = self.file(file);
        let kept: Vec<&str> = text.split("\n\n").filter(|b| !b.contains(needle)).collect();
        assert!(
            kept.len() < text.split("\n\n").count(),
            "fixture: {needle:?} not in {file}"
        );
        *text = kept.join("\n\n");
        self
    }

    pub fn append(mut self, file: &str, more: &str) -> Fixture {
        self.file(file).push_str(more);
        self
    }

    pub fn write(&self) -> TempDir {
        let dir = tempfile::tempdir().unwrap();
        self.write_to(dir.path());
        dir
    }

    pub fn write_to(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        for (name, text) in &self.files {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
}

/// `dir` as an argument.
pub fn arg(dir: &TempDir) -> &str {
    dir.path().to_str().expect("a UTF-8 temporary path")
}
