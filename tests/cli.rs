//! The `review-triage` binary, run as a user runs it.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_review-triage");
const NOW: &str = "2026-11-22T10:00:00+08:00";

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    // The binary may exit before reading (bad arguments): a broken pipe here is expected.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("output line is not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn annotate_follows_the_output_contract() {
    let input = r#"{"id":"a","platform":"taobao","rating":"差评","reviewed_at":"2026-11-20 10:21:33","text":"颜色和图片差别很大，有色差，物流也太慢了"}"#;
    let out = run(&["annotate", "--now", NOW], input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    let a = &lines[0];
    assert_eq!(a["id"], "a");
    for key in ["causes", "window", "priority", "reasons", "script", "explanation", "lint", "script_lint"] {
        assert!(a.get(key).is_some(), "missing {key} in {a}");
    }
    for key in ["state", "deadline", "remaining_secs", "explain_by", "approximate", "appeal_by"] {
        assert!(a["window"].get(key).is_some(), "missing window.{key}");
    }
    for key in ["phone", "chat", "sms", "checklist"] {
        assert!(a["script"].get(key).is_some(), "missing script.{key}");
    }
    let tags: Vec<&str> = a["causes"].as_array().unwrap().iter().map(|c| c["tag"].as_str().unwrap()).collect();
    assert!(tags.contains(&"color_mismatch"), "{tags:?}");
    assert!(tags.contains(&"shipping_slow"), "{tags:?}");
    for c in a["causes"].as_array().unwrap() {
        let conf = c["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&conf));
        assert!(c["owner"].is_string());
        for ev in c["evidence"].as_array().unwrap() {
            let (s, e) = (ev["start"].as_u64().unwrap() as usize, ev["end"].as_u64().unwrap() as usize);
            let text = review_triage::char_slice("颜色和图片差别很大，有色差，物流也太慢了", s, e);
            assert_eq!(text, ev["text"].as_str());
        }
    }
    // Taobao: 30 days from the review, in China time.
    assert_eq!(a["window"]["state"], "open");
    assert_eq!(a["window"]["deadline"], "2026-12-20T10:21:33+08:00");
    assert!(a["priority"].as_u64().unwrap() <= 100);
}

#[test]
fn bad_lines_keep_their_place_and_exit_2() {
    let input = "{\"id\":\"ok1\",\"text\":\"质量很差\"}\nthis is not json\n{\"id\":\"no-text\"}\n\n{\"id\":\"empty\",\"text\":\"\"}\n";
    let out = run(&["annotate", "--now", NOW], input);
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 4, "one output per non-blank input line");
    assert_eq!(lines[0]["id"], "ok1");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(lines[2]["line"], 3);
    assert!(lines[2]["error"].as_str().unwrap().contains("text"));
    assert_eq!(lines[3]["id"], "empty");
    assert_eq!(lines[3]["causes"].as_array().unwrap().len(), 0, "empty text is valid and has no causes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2") && stderr.contains("line 3"), "{stderr}");
}

#[test]
fn scripts_go_to_reviews_that_need_action_unless_every_one_is_asked_for() {
    let input = concat!(
        r#"{"id":"happy","rating":"好评","text":"很满意，下次还来"}"#,
        "\n",
        r#"{"id":"mid","rating":"中评","text":"还行吧"}"#,
        "\n",
        r#"{"id":"good-but","rating":"好评","text":"东西不错，就是物流太慢了"}"#,
        "\n"
    );
    let by_id = |out: &Output| -> Vec<(String, bool, bool)> {
        json_lines(out).iter().map(|a| (a["id"].as_str().unwrap().to_string(), a["needs_action"].as_bool().unwrap(), a["script"]["phone"].is_string())).collect()
    };
    let out = run(&["annotate", "--now", NOW], input);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(by_id(&out), [("happy".into(), false, false), ("mid".into(), true, true), ("good-but".into(), true, true)]);
    // The review that needs nothing keeps every key, null.
    let happy = &json_lines(&out)[0];
    for key in ["script", "explanation", "lint", "script_lint"] {
        assert_eq!(happy.get(key), Some(&Value::Null), "{key} in {happy}");
    }
    let every = run(&["annotate", "--every-script", "--now", NOW], input);
    assert!(by_id(&every).iter().all(|r| r.2), "{:?}", by_id(&every));
    // The happy 好评 is thanked (no call); the 好评 with a complaint gets the full script.
    let phones: Vec<String> = json_lines(&every).iter().map(|a| a["script"]["phone"].as_str().unwrap().to_string()).collect();
    assert!(phones[0].starts_with("无需致电") && !phones[0].contains("抱歉"), "{}", phones[0]);
    assert!(phones[2].contains("抱歉"), "{}", phones[2]);
    let triage = run(&["annotate", "--triage", "--now", NOW], input);
    assert!(json_lines(&triage).iter().all(|a| a.get("script").is_none()));
    let both = run(&["annotate", "--triage", "--every-script", "--now", NOW], input);
    assert_eq!(both.status.code(), Some(2), "the two options contradict each other");
}

#[test]
fn a_long_input_keeps_its_order_and_its_bad_lines_across_every_core() {
    // More lines than one core's chunk, bad lines scattered among them, blank lines skipped.
    let texts = ["质量很差，用了两天就坏了", "颜色和图片不一样", "物流太慢了", "很好，满意", "尺码偏小"];
    let mut input = String::new();
    for i in 0..2000 {
        match i % 397 {
            5 => input.push_str("not json\n"),
            6 => input.push('\n'),
            _ => input.push_str(&format!("{{\"id\":\"r{i}\",\"rating\":\"差评\",\"text\":\"{}\"}}\n", texts[i % texts.len()])),
        }
    }
    let out = run(&["annotate", "--now", NOW], &input);
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out);
    let mut expected = Vec::new();
    for (n, line) in input.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        expected.push(if line.starts_with('{') { serde_json::from_str::<Value>(line).unwrap()["id"].clone() } else { Value::from(n + 1) });
    }
    let got: Vec<Value> = lines.iter().map(|a| if a.get("error").is_some() { a["line"].clone() } else { a["id"].clone() }).collect();
    assert_eq!(got, expected);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let bad = expected.iter().filter(|v| v.is_u64()).count();
    assert!(stderr.contains(&format!("{bad} of {} lines could not be read", expected.len())), "{stderr}");
    // The messages come in input order.
    let at: Vec<usize> = expected.iter().filter_map(Value::as_u64).map(|n| stderr.find(&format!("line {n}:")).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{stderr}");
}

#[test]
fn csv_input_with_header() {
    let dir = std::env::temp_dir().join(format!("rt-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("in.csv");
    std::fs::write(&path, "id,platform,rating,reviewed_at,text\nc1,jd,1,2026-11-20 10:21:33,\"发错货了,颜色也不对\"\nc2,jd,5,2026-11-21,很好\n").unwrap();
    let out = run(&["annotate", "--now", NOW, path.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "c1");
    assert_eq!(lines[0]["rating"], "bad");
    assert_eq!(lines[1]["rating"], "good");
    assert_eq!(lines[0]["platform"], "jd");
}

#[test]
fn default_platform_and_bad_now() {
    let out = run(&["annotate", "--now", NOW, "--platform", "tmall"], r#"{"id":"x","text":"还行"}"#);
    assert!(out.status.success());
    assert_eq!(json_lines(&out)[0]["platform"], "tmall");
    let out = run(&["annotate", "--now", "yesterday"], r#"{"id":"x","text":"还行"}"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RFC 3339"));
    let out = run(&["annotate", "--platform", "amazon"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn unparseable_date_is_a_warning_not_a_failure() {
    let out = run(&["annotate", "--now", NOW], r#"{"id":"d","platform":"taobao","rating":"bad","reviewed_at":"2026-13-45","text":"差"}"#);
    assert!(out.status.success());
    let a = &json_lines(&out)[0];
    assert_eq!(a["window"]["state"], "unknown");
    assert!(a["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains("reviewed_at")));
}

#[test]
fn deadlines_are_china_time() {
    let input = r#"{"id":"t","platform":"taobao","rating":"bad","reviewed_at":"今天 08:00","text":"质量差"}"#;
    let out = run(&["annotate", "--now", "2026-11-22T01:00:00Z"], input);
    let a = &json_lines(&out)[0];
    let deadline = a["window"]["deadline"].as_str().unwrap();
    assert!(deadline.ends_with("+08:00"), "{deadline}");
    assert!(deadline.starts_with("2026-12-22T08:00:00"), "{deadline}");
}

#[test]
fn bundled_sample_annotates_cleanly() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample_reviews.jsonl");
    let out = run(&["annotate", "--now", NOW, sample], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), std::fs::read_to_string(sample).unwrap().lines().filter(|l| !l.trim().is_empty()).count());
    for a in &lines {
        assert!(a["warnings"].as_array().unwrap().is_empty(), "sample has warnings: {a}");
    }
    let extortion = lines.iter().find(|a| a["id"] == "tb-1004").unwrap();
    assert!(extortion["causes"].as_array().unwrap().iter().any(|c| c["tag"] == "extortion"));
}

#[test]
fn rules_lists_every_platform() {
    let out = run(&["rules"], "");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for p in ["taobao", "tmall", "pinduoduo", "jd", "douyin", "unknown"] {
        assert!(text.contains(p), "rules output lacks {p}");
    }
    let out = run(&["rules", "--platform", "淘宝"], "");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["platform"], "taobao");
}

#[test]
fn lint_eval_prints_the_table_per_category() {
    let set = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/lint_sentences_dev.tsv");
    let out = run(&["lint", "--eval", set], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8(out.stdout).unwrap();
    for kind in ["review_request", "review_incentive", "off_platform", "private_data", "threat", "insult", "blame"] {
        assert!(table.lines().any(|l| l.starts_with(kind)), "{kind} missing:\n{table}");
    }
    let out = run(&["lint", "--eval", set, "--json"], "");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kinds"].as_array().unwrap().len(), 7);
    let out = run(&["lint", "--eval", "/nonexistent.tsv"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn lint_knows_the_buyer_and_the_audience() {
    let out = run(&["lint", "--buyer", "t**6"], "t**6您好，问题已经处理好了");
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["lint", "--buyer", "t**6", "--to-buyer"], "t**6您好，问题已经处理好了");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let out = run(&["lint"], "方便的话可以更新一下评价");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["kind"], "review_request");
}

#[test]
fn lint_flags_private_data_and_exits_1() {
    let out = run(&["lint"], "亲，请联系13812345678，好评返现5元");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = v.as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"private_data"), "{kinds:?}");
    assert!(kinds.contains(&"review_incentive"), "{kinds:?}");
    let out = run(&["lint"], "感谢您的反馈，我们已安排质检复查，如有问题可联系客服办理退换。");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn eval_meets_the_dev_floor() {
    // The shipped model trained on dev_gold too: this is a smoke floor, not a measurement (the
    // measurement is `review-triage eval`, README "Cause tags").
    let gold = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gold/dev_gold.jsonl");
    let out = run(&["eval", "--gold", gold, "--json"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["micro_f1"].as_f64().unwrap() >= 0.70, "micro {}", v["micro_f1"]);
    assert!(v["macro_f1"].as_f64().unwrap() >= 0.60, "macro {}", v["macro_f1"]);
    let out = run(&["eval", "--gold", gold], "");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("micro-F1") && text.contains("macro-F1"));
}

#[test]
fn settings_errors_are_reported() {
    let dir = std::env::temp_dir().join(format!("rt-cli-s-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"shop_nam":"x"}"#).unwrap();
    let out = run(&["annotate", "--settings", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shop_nam"));
    let good = dir.join("good.json");
    std::fs::write(&good, r#"{"shop_name":"小林家居","agent_name":"小林"}"#).unwrap();
    let out = run(&["annotate", "--now", NOW, "--settings", good.to_str().unwrap()], r#"{"id":"s","rating":"bad","text":"质量太差了，坏了"}"#);
    assert!(out.status.success());
    let a = &json_lines(&out)[0];
    assert!(a["script"]["phone"].as_str().unwrap().contains("小林家居"));
}
