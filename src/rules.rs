//! Platform review rules as data: embedded at build time from `data/platform_rules.json`,
//! overridable per shop. (Placeholder until the rules work lands.)

use crate::model::Platform;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The rules of one platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PlatformRules {
    pub platform: Platform,
    /// Longest public explanation, in chars.
    pub explain_max_chars: usize,
}

/// Rules for every platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleBook {
    pub platforms: BTreeMap<Platform, PlatformRules>,
}

impl RuleBook {
    /// The built-in table.
    pub fn builtin() -> RuleBook {
        let platforms = Platform::ALL
            .into_iter()
            .map(|p| (p, PlatformRules { platform: p, explain_max_chars: 500 }))
            .collect();
        RuleBook { platforms }
    }

    /// The built-in table with the shop's overrides (per platform id, partial objects) merged in.
    pub fn with_overrides(&self, _overrides: &BTreeMap<String, serde_json::Value>) -> Result<RuleBook, String> {
        Ok(self.clone())
    }

    /// The rules of `p` (every platform, `unknown` included, has an entry).
    pub fn get(&self, p: Platform) -> &PlatformRules {
        &self.platforms[&p]
    }
}
