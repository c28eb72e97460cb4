//! Reading review records from JSON lines or CSV. A bad line never stops the rest: it becomes a
//! [`RecordError`] at its place, so the output keeps one entry per input line.

use crate::model::ReviewInput;
use serde_json::Value;

/// Why one input line could not be read as a review record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct RecordError {
    /// 1-based line number in the input (for CSV, the physical line where the record starts).
    pub line: usize,
    pub message: String,
}

/// One input line: a record, or the reason it was rejected.
pub type RecordResult = Result<ReviewInput, RecordError>;

/// Parses one JSON object into a record. `text` must be a string (it may be empty); a missing
/// `id` becomes `line-N` so that every output can be matched to its input.
pub fn parse_json_record(line_no: usize, line: &str) -> RecordResult {
    let err = |message: String| RecordError { line: line_no, message };
    let value: Value = serde_json::from_str(line).map_err(|e| err(format!("not valid JSON: {e}")))?;
    let Value::Object(mut map) = value else {
        return Err(err("expected a JSON object".into()));
    };
    match map.get("text") {
        Some(Value::String(_)) => {}
        Some(Value::Null) | None => return Err(err("missing required field \"text\"".into())),
        Some(_) => return Err(err("field \"text\" must be a string".into())),
    }
    // Ids are often numeric in exports; accept them as strings.
    match map.get("id") {
        Some(Value::Number(n)) => {
            let s = n.to_string();
            map.insert("id".into(), Value::String(s));
        }
        None | Some(Value::Null) => {
            map.insert("id".into(), Value::String(format!("line-{line_no}")));
        }
        _ => {}
    }
    for key in ["modified", "replied"] {
        if let Some(v) = map.get(key) {
            let b = parse_bool_value(v).ok_or_else(|| err(format!("field {key:?} must be a boolean")))?;
            map.insert(key.into(), Value::Bool(b));
        }
    }
    serde_json::from_value(Value::Object(map)).map_err(|e| err(format!("bad field: {e}")))
}

/// Reads JSON lines. Blank lines are skipped (they hold nothing to lose); every other line yields
/// one entry, in order.
pub fn read_jsonl(input: &str) -> Vec<RecordResult> {
    jsonl_lines(input).map(|(n, l)| parse_json_record(n, l)).collect()
}

/// The lines of JSON-lines input that hold a record, with their 1-based line numbers, for
/// [`parse_json_record`] (which the CLI runs on every core).
pub fn jsonl_lines(input: &str) -> impl Iterator<Item = (usize, &str)> {
    input.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| (i + 1, l.trim_start_matches('\u{feff}')))
}

/// Header names accepted for each field, besides the field name itself. `review` and `content`
/// cover exports such as the public online-shopping corpus.
#[cfg(not(target_arch = "wasm32"))]
const TEXT_ALIASES: &[&str] = &["text", "review", "content", "comment", "评价", "评价内容", "内容"];

/// Reads CSV with a header row (native builds only: the `csv` crate stays out of the wasm bundle).
#[cfg(not(target_arch = "wasm32"))]
pub fn read_csv(input: &str) -> Vec<RecordResult> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_lowercase()).collect(),
        Err(e) => return vec![Err(RecordError { line: 1, message: format!("cannot read the CSV header: {e}") })],
    };
    let text_col = headers.iter().position(|h| TEXT_ALIASES.contains(&h.as_str()));
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = match &rec {
            Ok(r) => r.position().map(|p| p.line() as usize).unwrap_or(i + 2),
            Err(e) => e.position().map(|p| p.line() as usize).unwrap_or(i + 2),
        };
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(RecordError { line, message: format!("bad CSV record: {e}") }));
                continue;
            }
        };
        let Some(tc) = text_col else {
            out.push(Err(RecordError { line, message: "no \"text\" column in the CSV header".into() }));
            continue;
        };
        let Some(text) = rec.get(tc) else {
            out.push(Err(RecordError { line, message: "missing required field \"text\"".into() }));
            continue;
        };
        let mut map = serde_json::Map::new();
        map.insert("text".into(), Value::String(text.to_string()));
        for (h, v) in headers.iter().zip(rec.iter()) {
            if TEXT_ALIASES.contains(&h.as_str()) || v.trim().is_empty() {
                continue;
            }
            map.insert(h.clone(), Value::String(v.to_string()));
        }
        out.push(parse_json_record(line, &Value::Object(map).to_string()));
    }
    out
}

fn parse_bool_value(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Null => Some(false),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "是" | "已修改" | "已回复" => Some(true),
            "false" | "no" | "n" | "0" | "否" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_keeps_bad_lines_in_place() {
        let input = "{\"id\":\"a\",\"text\":\"好\"}\nnot json\n\n{\"id\":\"c\"}\n{\"id\":4,\"text\":\"\",\"modified\":\"是\"}\n";
        let out = read_jsonl(input);
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].as_ref().unwrap().id, "a");
        assert_eq!(out[1].as_ref().unwrap_err().line, 2);
        assert!(out[2].as_ref().unwrap_err().message.contains("text"));
        assert_eq!(out[2].as_ref().unwrap_err().line, 4);
        let r = out[3].as_ref().unwrap();
        assert_eq!((r.id.as_str(), r.text.as_str(), r.modified), ("4", "", true));
    }

    #[test]
    fn missing_id_gets_line_number() {
        let r = parse_json_record(7, r#"{"text":"x","rating":2}"#).unwrap();
        assert_eq!(r.id, "line-7");
        assert_eq!(r.rating.as_deref(), Some("2"));
    }

    #[test]
    fn wrong_types_are_errors() {
        assert!(parse_json_record(1, r#"{"text":5}"#).is_err());
        assert!(parse_json_record(1, r#"[1,2]"#).is_err());
        assert!(parse_json_record(1, r#"{"text":"x","replied":"maybe"}"#).is_err());
    }

    #[test]
    fn csv_with_aliases_and_quotes() {
        let input = "cat,label,review\n水果,0,\"不新鲜,烂了\"\n书籍,1,很好\n";
        let out = read_csv(input);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].as_ref().unwrap().text, "不新鲜,烂了");
        assert_eq!(out[0].as_ref().unwrap().id, "line-2");
    }

    #[test]
    fn csv_without_text_column_reports_each_line() {
        let out = read_csv("id,foo\n1,a\n2,b\n");
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|r| r.as_ref().unwrap_err().message.contains("text")));
    }
}
