//! Persistence for follow-ups and seen reviews: `chrome.storage.local` through a shim the
//! extension's loader passes in (`{get(key), set(key, value)}` returning promises), or the page's
//! localStorage in demo mode. Corrupt data is kept under a backup key, never overwritten; a failed
//! write (storage full) is reported and the data stays in memory.

use super::dom::{call, js_error};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

pub struct Store {
    shim: Option<JsValue>,
}

impl Store {
    pub fn new(shim: JsValue) -> Store {
        Store { shim: (!shim.is_undefined() && !shim.is_null()).then_some(shim) }
    }

    /// The shim, to give another `Store` the same backend (or undefined for localStorage).
    pub fn shim_value(&self) -> JsValue {
        self.shim.clone().unwrap_or(JsValue::UNDEFINED)
    }

    async fn raw_get(&self, key: &str) -> Result<JsValue, String> {
        match &self.shim {
            Some(s) => {
                let p = call(s, "get", &[JsValue::from_str(key)]).map_err(|e| js_error(&e))?;
                JsFuture::from(js_sys::Promise::resolve(&p)).await.map_err(|e| js_error(&e))
            }
            None => {
                let ls = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or("no localStorage")?;
                Ok(match ls.get_item(key).map_err(|e| js_error(&e))? {
                    Some(s) => js_sys::JSON::parse(&s).unwrap_or(JsValue::from_str(&s)),
                    None => JsValue::UNDEFINED,
                })
            }
        }
    }

    async fn raw_set(&self, key: &str, value: &JsValue) -> Result<(), String> {
        match &self.shim {
            Some(s) => {
                let p = call(s, "set", &[JsValue::from_str(key), value.clone()]).map_err(|e| js_error(&e))?;
                JsFuture::from(js_sys::Promise::resolve(&p)).await.map(|_| ()).map_err(|e| js_error(&e))
            }
            None => {
                let ls = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or("no localStorage")?;
                let text = js_sys::JSON::stringify(value).map_err(|e| js_error(&e))?.as_string().unwrap_or_default();
                ls.set_item(key, &text).map_err(|e| format!("storage full or blocked: {}", js_error(&e)))
            }
        }
    }

    /// Loads a value; a value that does not parse is copied to `<key>:corrupt:<time>` and the
    /// error returned with the default, so nothing is lost and work can go on.
    pub async fn load<T: DeserializeOwned + Default>(&self, key: &str) -> (T, Option<String>) {
        let v = match self.raw_get(key).await {
            Ok(v) => v,
            Err(e) => return (T::default(), Some(format!("读取存储失败（{e}）"))),
        };
        if v.is_undefined() || v.is_null() {
            return (T::default(), None);
        }
        // Written by `save_packed`: one JSON string; earlier versions wrote a JS object.
        let parsed = match v.as_string() {
            Some(text) => serde_json::from_str::<T>(&text).map_err(|e| e.to_string()),
            None => js_to_json::<T>(&v),
        };
        match parsed {
            Ok(t) => (t, None),
            Err(e) => {
                let backup = format!("{key}:corrupt:{}", js_sys::Date::now() as u64);
                let _ = self.raw_set(&backup, &v).await;
                (T::default(), Some(format!("存储的数据已损坏（{e}），原数据已备份到 {backup}")))
            }
        }
    }

    /// Keeps a value the annotator could not use (invalid settings) under `key`.
    pub async fn backup(&self, key: &str, value: &JsValue) -> Result<(), String> {
        self.raw_set(key, value).await
    }

    /// Saves a large map as one JSON string: one string handed to JS instead of two per entry
    /// (the remembered reviews, up to 50,000: as an object, 3,000 of them took ~50 ms to convert
    /// on the main thread). `load` reads both forms.
    pub async fn save_packed<T: Serialize>(&self, key: &str, value: &T) -> Result<(), String> {
        let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
        self.raw_set(key, &JsValue::from_str(&text)).await
    }

    pub async fn save<T: Serialize>(&self, key: &str, value: &T) -> Result<(), String> {
        let v = json_to_js(value)?;
        self.raw_set(key, &v).await
    }
}

/// A Rust value as a plain JS value, through its JSON text and the browser's `JSON.parse`.
pub fn json_to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, String> {
    let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
    js_sys::JSON::parse(&text).map_err(|e| js_error(&e))
}

/// A JS value read as a Rust value, through `JSON.stringify` and serde_json.
pub fn js_to_json<T: DeserializeOwned>(v: &JsValue) -> Result<T, String> {
    let text = js_sys::JSON::stringify(v).map_err(|e| js_error(&e))?.as_string().ok_or("not JSON")?;
    serde_json::from_str::<T>(&text).map_err(|e| e.to_string())
}
