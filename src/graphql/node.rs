//! Relay's Global Object Identification: every object with an `id` implements `Node`,
//! and its `id` is unique across the whole schema, so normalized caches (Apollo Client,
//! urql's graphcache, Relay) can key records by it without merging a framework with a
//! glossary term of the same name, or the "yes" of one question with the "yes" of
//! another.
//!
//! A global id is `<Type>:<key>`, readable but opaque by contract: clients must not parse
//! it (`node(id:)` does). The catalog keys clients send in arguments (`"django"`,
//! `"admin_panel"`, `"yes"`) have fields of their own (`frameworkId`, `criterionId`,
//! `optionId`, ...); every argument that names a framework or a criterion also accepts its
//! global id.

use async_graphql::{Context, ID, Interface, Object, Result};

use super::budget::charge;
use super::catalog::catalog;
use super::catalog::objects::{Criterion, CriterionOption, Faq, Framework, GlossaryTerm};
use super::input::{MAX_LIST_ITEMS, check_len};
use super::recommendation::Takeaway;
use crate::catalog::Catalog;

/// An object with a globally unique id.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "Globally unique: `node(id:)` returns this object. Opaque: do not parse it."
))]
pub enum Node<'a> {
    Framework(Framework<'a>),
    Criterion(Criterion<'a>),
    CriterionOption(CriterionOption<'a>),
    Faq(Faq<'a>),
    GlossaryTerm(GlossaryTerm<'a>),
    Takeaway(Takeaway<'a>),
}

/// The object a global id names, if any.
fn resolve<'a>(catalog: &'a Catalog, id: &str) -> Option<Node<'a>> {
    let (type_name, key) = id.split_once(':')?;
    Some(match type_name {
        "Framework" => Node::Framework(Framework {
            catalog,
            index: catalog.framework_index(key)?,
        }),
        "Criterion" => Node::Criterion(Criterion(&catalog.criteria[catalog.criterion_index(key)?])),
        "CriterionOption" => {
            let (criterion, option) = key.split_once(':')?;
            let criterion = &catalog.criteria[catalog.criterion_index(criterion)?];
            let option = &criterion.options[criterion.option_index(option)?];
            Node::CriterionOption(CriterionOption { criterion, option })
        }
        "Faq" => Node::Faq(Faq {
            catalog,
            entry: catalog.faqs.iter().find(|f| f.id == key)?,
        }),
        "GlossaryTerm" => {
            Node::GlossaryTerm(GlossaryTerm(catalog.glossary.iter().find(|t| t.id == key)?))
        }
        "Takeaway" => Node::Takeaway(Takeaway {
            catalog,
            index: catalog.takeaways_indexed().find(|(_, t)| t.id == key)?.0,
        }),
        _ => return None,
    })
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// The object with this global id (any type implementing `Node`); null when no object
    /// has it.
    #[graphql(cache_control(max_age = 300))]
    async fn node<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "A global id, as some object's `id` field gave it.")] id: ID,
    ) -> Result<Option<Node<'ctx>>> {
        Ok(resolve(catalog(ctx)?, &id))
    }

    /// The objects with these global ids, in the same order (null where no object has
    /// the id). At most 64 ids.
    #[graphql(cache_control(max_age = 300))]
    async fn nodes<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "Global ids, as objects' `id` fields gave them.")] ids: Vec<ID>,
    ) -> Result<Vec<Option<Node<'ctx>>>> {
        check_len("ids", ids.len(), MAX_LIST_ITEMS)?;
        charge(ctx, ids.len()).await?;
        let c = catalog(ctx)?;
        Ok(ids.iter().map(|id| resolve(c, id)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_global_id_resolves_to_its_object() {
        let catalog = Catalog::embedded().unwrap();
        let c = &catalog;
        assert!(matches!(
            resolve(c, "Framework:flask"),
            Some(Node::Framework(_))
        ));
        assert!(matches!(
            resolve(c, "GlossaryTerm:flask"),
            Some(Node::GlossaryTerm(_))
        ));
        assert!(matches!(
            resolve(c, "CriterionOption:builtin_auth:yes"),
            Some(Node::CriterionOption(CriterionOption { criterion, .. })) if criterion.id == "builtin_auth"
        ));
        assert!(resolve(c, "Framework:rails").is_none());
        assert!(resolve(c, "django").is_none());
        assert!(resolve(c, "Nothing:x").is_none());
    }
}
