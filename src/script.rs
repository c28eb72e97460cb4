//! Follow-up scripts: the six steps of call-script.md in phone, chat and SMS variants.
//! (Placeholder until the composer work lands.)

use crate::compose::ComposeContext;
use crate::model::Script;

/// Composes the scripts and the checklist for one review.
pub fn compose(_ctx: &ComposeContext) -> Script {
    Script::default()
}
