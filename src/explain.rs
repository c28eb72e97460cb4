//! Public explanations (评价解释) for future buyers. (Placeholder until the composer work lands.)

use crate::compose::ComposeContext;

/// Composes the public explanation for one review, within `ctx.explain_max_chars`.
pub fn compose(_ctx: &ComposeContext) -> String {
    String::new()
}
