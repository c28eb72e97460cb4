//! The shop's settings: names for the scripts, which solutions the shop offers, rule overrides,
//! extra keywords per cause and the output script. Stored by the extension's options page and
//! passed to the CLI with `--settings FILE`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which after-sales solutions this shop offers; scripts only propose what is enabled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Solutions {
    /// Return or exchange.
    pub return_exchange: bool,
    /// The shop pays the return freight (运费险 or shop-paid).
    pub free_return_freight: bool,
    /// Re-send a missing part or accessory.
    pub resend: bool,
    /// A small partial refund as compensation for the problem (never tied to the review).
    pub partial_refund: bool,
    /// A coupon or small gift as an apology (never tied to the review).
    pub coupon_or_gift: bool,
    /// Courier pickup at the buyer's door for returns.
    pub courier_pickup: bool,
}

impl Default for Solutions {
    fn default() -> Self {
        Solutions {
            return_exchange: true,
            free_return_freight: true,
            resend: true,
            partial_refund: true,
            coupon_or_gift: true,
            courier_pickup: true,
        }
    }
}

/// Simplified or traditional Chinese for generated text (scripts, explanations, actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum OutputScript {
    #[default]
    Simplified,
    Traditional,
}

/// Everything a shop can configure. Unknown fields are rejected so that a typo is reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub shop_name: Option<String>,
    pub agent_name: Option<String>,
    pub solutions: Solutions,
    /// Per platform id, a partial rules object merged over the built-in table (see `rules`).
    pub rule_overrides: BTreeMap<String, serde_json::Value>,
    /// Per cause id, extra trigger words added to the built-in lexicon.
    pub extra_keywords: BTreeMap<String, Vec<String>>,
    pub output_script: OutputScript,
    /// Site adapters added or fixed by the user (read only by the browser layer).
    pub adapters: Vec<serde_json::Value>,
}
