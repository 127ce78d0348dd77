//! Catalog references a client sends (a framework's key or global id, a FAQ filter, the
//! columns of a comparison), resolved or refused with a message naming the value.

use super::ServiceError;
use super::input::{MAX_LIST_ITEMS, MAX_SEARCH_CHARS, check_len, key_of, shown};
use crate::catalog::{Catalog, Faq, FrameworkIx};

/// The index of the framework `id` names (its key or its global id), or `BAD_USER_INPUT`
/// naming it.
pub fn framework_index(c: &Catalog, id: &str) -> Result<FrameworkIx, ServiceError> {
    c.framework_index(key_of("Framework", id))
        .ok_or_else(|| ServiceError::BadInput(format!("unknown framework \"{}\"", shown(id))))
}

/// The FAQs containing every word of `search` and/or about `framework_id`, in catalog
/// order.
pub fn faqs<'c>(
    c: &'c Catalog,
    search: Option<&str>,
    framework_id: Option<&str>,
) -> Result<impl Iterator<Item = &'c Faq> + 'c, ServiceError> {
    if let Some(s) = search {
        check_len("search", s.chars().count(), MAX_SEARCH_CHARS)?;
    }
    let framework = framework_id.map(|id| framework_index(c, id)).transpose()?;
    Ok(c.search_faqs(search, framework))
}

/// The columns of a comparison: the frameworks named, in the order given, duplicates
/// dropped; every framework in catalog order when `ids` is `None`.
pub fn comparison_columns<S: AsRef<str>>(
    c: &Catalog,
    ids: Option<&[S]>,
) -> Result<Vec<FrameworkIx>, ServiceError> {
    let Some(ids) = ids else {
        return Ok(c.framework_ixs().collect());
    };
    check_len("frameworkIds", ids.len(), MAX_LIST_ITEMS)?;
    let mut out: Vec<FrameworkIx> = Vec::with_capacity(ids.len());
    for id in ids {
        let f = framework_index(c, id.as_ref())?;
        if !out.contains(&f) {
            out.push(f);
        }
    }
    Ok(out)
}
