//! `catalog check DIR`: the server's own loader on a directory, then a summary or every
//! problem. Fast and offline, for a platform team's CI.

use std::path::Path;
use std::process::ExitCode;

use super::{CheckArgs, print};
use crate::catalog::{Catalog, CatalogProblems};

pub fn run(args: &CheckArgs) -> ExitCode {
    match Catalog::load_dir(&args.dir) {
        Ok(catalog) => {
            print(&summary(&args.dir, &catalog));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print(&problem_list(&args.dir, &problems));
            ExitCode::FAILURE
        }
    }
}

fn summary(dir: &Path, c: &Catalog) -> String {
    let options: usize = c.criteria.iter().map(|x| x.options.len()).sum();
    format!(
        "{}: valid catalog, version {}\n\
         \x20 {} frameworks\n\
         \x20 {} criteria with {} options\n\
         \x20 {} scoring rules\n\
         \x20 {} takeaways\n\
         \x20 {} comparison traits\n\
         \x20 {} FAQs\n\
         \x20 {} glossary terms\n",
        dir.display(),
        c.version,
        c.frameworks.len(),
        c.criteria.len(),
        options,
        c.rules().count(),
        c.takeaways.len(),
        c.traits.len(),
        c.faqs.len(),
        c.glossary.len(),
    )
}

fn problem_list(dir: &Path, problems: &CatalogProblems) -> String {
    let n = problems.as_slice().len();
    let mut out = format!(
        "{}: invalid catalog, {n} problem{}\n",
        dir.display(),
        if n == 1 { "" } else { "s" }
    );
    for p in problems.as_slice() {
        out.push_str(&format!("  {p}\n"));
    }
    out
}
