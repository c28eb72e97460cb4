//! The command line: only argument parsing, reading and printing live here; everything else is
//! the library.

use chrono::{DateTime, FixedOffset};
use clap::{Parser, Subcommand, ValueEnum};
use review_triage::dates::china;
use review_triage::records::{self, RecordResult};
use review_triage::{eval, lint, lint_model, measure, Engine, Platform, Settings};
use std::borrow::Cow;
use std::io::{self, BufWriter, Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "review-triage", version, about = "Triage of mid and negative marketplace reviews")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Annotate reviews (JSON lines or CSV with a header) from FILE or stdin; one JSON object per
    /// input line on stdout. Reviews that need action (mid or bad, or a cause found) also get the
    /// scripts, the explanation and their lint; the others have those keys null. Bad lines yield
    /// {"line":N,"error":"..."} and exit status 2.
    Annotate {
        /// The current time, RFC 3339 (default: the system clock).
        #[arg(long)]
        now: Option<String>,
        /// Platform for records that name none.
        #[arg(long, default_value = "unknown")]
        platform: String,
        /// Input format (default: csv for *.csv files, otherwise jsonl).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Shop settings JSON (shop and agent names, solutions, rule overrides, extra keywords).
        #[arg(long)]
        settings: Option<PathBuf>,
        /// Pretty-print each annotation (no longer one per line).
        #[arg(long)]
        pretty: bool,
        /// Only the triage (causes, windows, priority): no scripts, explanation or lint.
        #[arg(long, conflicts_with = "every_script")]
        triage: bool,
        /// Scripts and explanation for every review, also those that need no action.
        #[arg(long)]
        every_script: bool,
        file: Option<PathBuf>,
    },
    /// Measure the cause tagger. With --gold FILE: the shipped engine on that file (JSON lines
    /// with "text", "tags" and optionally "label" 1/0). Without: the full protocol on the labelled
    /// sets in data/gold (frozen test split, 5-fold CV, dev_gold held out, reliability, ablations).
    Eval {
        #[arg(long)]
        gold: Option<PathBuf>,
        /// Folder with train_gold.jsonl, dev_gold.jsonl and extra_labels.jsonl.
        #[arg(long, default_value = "data/gold")]
        data: PathBuf,
        /// Also measure the ablations (slower).
        #[arg(long)]
        ablations: bool,
        /// Experiment: regularisation C of the shipped variant.
        #[arg(long)]
        c: Option<f64>,
        /// Experiment: minimum document frequency of an n-gram.
        #[arg(long)]
        min_df: Option<u32>,
        /// Experiment: decision threshold on the calibrated probability.
        #[arg(long)]
        threshold: Option<f32>,
        /// Experiment: class weights (n / 2·count)^POWER (1 balanced, 0 none).
        #[arg(long)]
        cw_power: Option<f64>,
        /// Experiment: without the rules that run after the model.
        #[arg(long)]
        no_hybrid: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Train the tagger's weights from the labelled sets and write them (deterministic).
    Train {
        /// Folder with train_gold.jsonl, dev_gold.jsonl and extra_labels.jsonl.
        #[arg(long, default_value = "data/gold")]
        data: PathBuf,
        #[arg(long, default_value = "data/tagger.bin")]
        out: PathBuf,
    },
    /// Lint a draft reply or message (the whole of FILE or stdin); exit status 1 when anything is
    /// found. With --eval FILE: measure the linter on labelled sentences (LABELS<TAB>TEXT lines)
    /// and print precision and recall per category.
    Lint {
        /// Flag text past this many characters.
        #[arg(long, default_value_t = 500)]
        max_chars: usize,
        /// The buyer's nick: flagged as private data wherever it appears.
        #[arg(long)]
        buyer: Option<String>,
        /// Text said or sent to the buyer alone (phone, chat, SMS): their own name is fine there.
        #[arg(long)]
        to_buyer: bool,
        /// Labelled sentences to measure the linter on, instead of linting a draft.
        #[arg(long, conflicts_with = "file")]
        eval: Option<PathBuf>,
        /// With --eval: print the report as JSON.
        #[arg(long, requires = "eval")]
        json: bool,
        /// The word-list rules alone, without the trained sentence model.
        #[arg(long)]
        rules_only: bool,
        /// Weights of the sentence model to use instead of the built-in ones.
        #[arg(long, conflicts_with = "rules_only")]
        weights: Option<PathBuf>,
        file: Option<PathBuf>,
    },
    /// Train the linter's sentence model on labelled sentences and write its weights
    /// (deterministic). Training sets: every lint_sentences_*.tsv and lint_train_*.tsv in --data
    /// (never lint_probe_*.tsv, the held-out sets). With --cv: cross-validate instead of writing.
    TrainLint {
        #[arg(long, default_value = "tests/data")]
        data: PathBuf,
        #[arg(long, default_value = "data/linter.bin")]
        out: PathBuf,
        /// Cross-validate: k folds over the lint_train_* sets (the others always in training),
        /// and each of them held out whole; prints rules alone against rules + model.
        #[arg(long)]
        cv: bool,
        /// Experiment: regularisation C.
        #[arg(long)]
        c: Option<f64>,
        /// Experiment: minimum document frequency of an n-gram.
        #[arg(long)]
        min_df: Option<u32>,
        /// Experiment (with --cv): how the model combines with the rules, e.g.
        /// "refusal,guard,gate,review,carrier" (the default) or "none".
        #[arg(long)]
        veto: Option<String>,
        /// Experiment: keep at most this many n-grams (0: all).
        #[arg(long)]
        max_features: Option<usize>,
        /// With --cv: also print the training sentences the linter got wrong (expected, found, text).
        #[arg(long, requires = "cv")]
        mistakes: bool,
    },
    /// Print the platform rules the countdowns use (built-in, with --settings overrides).
    Rules {
        #[arg(long)]
        platform: Option<String>,
        #[arg(long)]
        settings: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Csv,
}

pub fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("review-triage: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Annotate { now, platform, format, settings, pretty, triage, every_script, file } => {
            let now = parse_now(now.as_deref())?;
            let platform: Platform = platform.parse()?;
            let engine = Engine::new(load_settings(settings.as_ref())?).map_err(|e| e.to_string())?;
            let input = read_input(file.as_ref())?;
            let is_csv = match format {
                Some(Format::Csv) => true,
                Some(Format::Jsonl) => false,
                None => file.as_ref().is_some_and(|f| f.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))),
            };
            let compose = match (triage, every_script) {
                (true, _) => Compose::None,
                (false, true) => Compose::Every,
                (false, false) => Compose::Needed,
            };
            let job = Job { platform, now, pretty, compose };
            if is_csv {
                annotate_all(&engine, &records::read_csv(&input), |r| Cow::Borrowed(r), &job)
            } else {
                // Each line is parsed by the core that annotates it.
                let lines: Vec<(usize, &str)> = records::jsonl_lines(&input).collect();
                annotate_all(&engine, &lines, |&(n, line)| Cow::Owned(records::parse_json_record(n, line)), &job)
            }
        }
        Command::Eval { gold: Some(gold), json, .. } => {
            let text = std::fs::read_to_string(&gold).map_err(|e| format!("cannot read {}: {e}", gold.display()))?;
            let gold = eval::read_gold(&text).map_err(|e| format!("{}: {e}", gold.display()))?;
            let engine = Engine::new(Settings::default()).map_err(|e| e.to_string())?;
            let preds: Vec<Vec<review_triage::Cause>> =
                gold.iter().map(|g| engine.tagger().tag(&g.text, g.rating).into_iter().map(|h| h.tag).collect()).collect();
            let report = eval::score(&gold, &preds);
            if json {
                println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { gold: None, data, ablations, json, c, min_df, threshold, cw_power, no_hybrid } => {
            let corpus = load_corpus(&data)?;
            let rules = review_triage::classify::Classifier::new(&Default::default())?;
            let mut shipped = measure::Variant::shipped();
            shipped.opts.c = c.unwrap_or(shipped.opts.c);
            shipped.opts.min_df = min_df.unwrap_or(shipped.opts.min_df);
            shipped.opts.threshold = threshold.unwrap_or(shipped.opts.threshold);
            shipped.opts.class_weight_power = cw_power.unwrap_or(shipped.opts.class_weight_power);
            shipped.hybrid = !no_hybrid;
            let report = measure::protocol(&corpus, &rules, &shipped, ablations);
            if json {
                println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Lint { eval: Some(path), json, rules_only, weights, .. } => {
            let linter = load_linter(rules_only, weights.as_ref())?;
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let set = lint::read_labelled(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let report = lint::evaluate_with(&linter, &set);
            if json {
                println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Train { data, out } => {
            let corpus = load_corpus(&data)?;
            let rules = review_triage::classify::Classifier::new(&Default::default())?;
            let t0 = std::time::Instant::now();
            let model = measure::train_shipped(&corpus, &rules);
            let bytes = model.to_bytes();
            std::fs::write(&out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            eprintln!(
                "review-triage: trained on {} reviews in {:.1} s: {} n-gram features, {} bytes → {}",
                corpus.train.len() + corpus.dev.len() + corpus.extra.len(),
                t0.elapsed().as_secs_f64(),
                model.vocab_len(),
                bytes.len(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::TrainLint { data, out, cv, c, min_df, veto, max_features, mistakes } => {
            let sets = lint_training_sets(&data)?;
            let examples = lint_model::examples(&sets)?;
            let mut opts = lint_model::LintTrainOptions::default();
            opts.train.c = c.unwrap_or(opts.train.c);
            opts.train.min_df = min_df.unwrap_or(opts.train.min_df);
            opts.max_features = max_features.unwrap_or(opts.max_features);
            if let Some(v) = veto {
                if !cv {
                    return Err("--veto changes how the model combines with the rules at run time, which the weights file does not record: use it with --cv".into());
                }
                let has = |w: &str| v.split(',').any(|x| x.trim() == w);
                opts.combine = lint_model::Combine { refusal_veto: has("refusal"), guard_veto: has("guard"), gate: has("gate"), review_veto: has("review"), carrier_veto: has("carrier") };
            }
            let t0 = std::time::Instant::now();
            if cv {
                let names: Vec<&str> = sets.iter().map(|s| s.0.as_str()).filter(|n| n.starts_with("lint_train_")).collect();
                if names.is_empty() {
                    return Err(format!("no lint_train_*.tsv in {} to cross-validate on", data.display()));
                }
                let splits = lint_model::splits(&examples, &names, 5);
                let report = lint_model::cross_validate(&examples, &splits, &opts);
                print!("{report}");
                if mistakes {
                    print!("{}", report.mistakes());
                }
                eprintln!("review-triage: cross-validated on {} sentences in {:.1} s", examples.len(), t0.elapsed().as_secs_f64());
                return Ok(ExitCode::SUCCESS);
            }
            let model = lint_model::train_all(&examples, &opts);
            let bytes = model.to_bytes();
            std::fs::write(&out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            let thresholds: Vec<String> = (0..lint_model::N_LABELS).map(|t| format!("{:.2}/{:.2}", model.threshold(t), model.keep(t))).collect();
            eprintln!(
                "review-triage: trained on {} sentences from {} sets in {:.1} s: {} n-gram features, thresholds/keep per kind [{}], {} bytes → {}",
                examples.len(),
                sets.len(),
                t0.elapsed().as_secs_f64(),
                model.linear.vocab_len(),
                thresholds.join(", "),
                bytes.len(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Lint { max_chars, buyer, to_buyer, file, rules_only, weights, .. } => {
            let linter = load_linter(rules_only, weights.as_ref())?;
            let text = read_input(file.as_ref())?;
            let audience = if to_buyer { lint::Audience::Buyer } else { lint::Audience::Public };
            let opts = lint::LintOptions { max_chars: Some(max_chars), audience, buyer: buyer.as_deref(), allow_review_request: false };
            let findings = linter.lint_with(text.trim_end_matches(['\n', '\r']), &opts);
            println!("{}", serde_json::to_string_pretty(&findings).map_err(|e| e.to_string())?);
            for f in &findings {
                eprintln!("{}-{} {:?} {:?}: {} → {}", f.start, f.end, f.kind, f.text, f.message, f.suggestion);
            }
            Ok(if findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Rules { platform, settings } => {
            let engine = Engine::new(load_settings(settings.as_ref())?).map_err(|e| e.to_string())?;
            let out = match platform {
                Some(p) => {
                    // One platform's rules, named (the table files them under the platform id).
                    #[derive(serde::Serialize)]
                    struct Named<'a> {
                        platform: Platform,
                        #[serde(flatten)]
                        rules: &'a review_triage::rules::PlatformRules,
                    }
                    let p: Platform = p.parse()?;
                    serde_json::to_string_pretty(&Named { platform: p, rules: engine.rules().get(p) })
                }
                None => serde_json::to_string_pretty(engine.rules()),
            };
            println!("{}", out.map_err(|e| e.to_string())?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What `annotate` does to every record.
struct Job {
    platform: Platform,
    now: DateTime<FixedOffset>,
    pretty: bool,
    compose: Compose,
}

/// Which reviews get scripts, an explanation and their lint.
#[derive(Clone, Copy, PartialEq)]
enum Compose {
    /// None (`--triage`): the output is the annotation alone.
    None,
    /// Those that need action (the default): an apology and a call to a buyer with nothing to
    /// complain of is not a script anyone should use, and composing is most of a run.
    Needed,
    /// Every review (`--every-script`).
    Every,
}

/// In place of what was composed, for a review that needs no action: the same keys, null, so
/// that every line of a run has one shape.
#[derive(serde::Serialize)]
struct NotComposed<'a> {
    #[serde(flatten)]
    annotation: &'a review_triage::Annotation,
    script: Option<()>,
    explanation: Option<()>,
    lint: Option<()>,
    script_lint: Option<()>,
}

/// Appends one record's output line (without the newline) to `out`.
fn annotate_one(engine: &Engine, rec: &RecordResult, job: &Job, out: &mut Vec<u8>) -> Result<(), String> {
    let mut write = |v: &dyn erased::Json| if job.pretty { v.pretty(out) } else { v.compact(out) };
    match rec {
        Ok(r) => {
            let a = engine.annotate(r, job.platform, job.now);
            match job.compose {
                Compose::None => write(&a),
                Compose::Needed if !a.needs_action => write(&NotComposed { annotation: &a, script: None, explanation: None, lint: None, script_lint: None }),
                Compose::Needed | Compose::Every => {
                    let c = engine.compose(r, &a);
                    write(&review_triage::AnnotatedReview { annotation: &a, composed: &c })
                }
            }
        }
        Err(e) => write(&serde_json::json!({ "line": e.line, "error": e.message })),
    }
}

/// Serialising through one object-safe trait, so `annotate_one` picks the format once; written
/// straight into the chunk's buffer.
mod erased {
    pub trait Json {
        fn compact(&self, out: &mut Vec<u8>) -> Result<(), String>;
        fn pretty(&self, out: &mut Vec<u8>) -> Result<(), String>;
    }
    impl<T: serde::Serialize> Json for T {
        fn compact(&self, out: &mut Vec<u8>) -> Result<(), String> {
            serde_json::to_writer(out, self).map_err(|e| e.to_string())
        }
        fn pretty(&self, out: &mut Vec<u8>) -> Result<(), String> {
            serde_json::to_writer_pretty(out, self).map_err(|e| e.to_string())
        }
    }
}

/// Writes one output line per input record, in order; bad lines become error objects and a
/// message on stderr. Every core takes the next chunk of input as it gets free, reads its records
/// (`read`) and annotates them (the engine is shared and read-only), while this thread writes the
/// finished chunks in input order: the output is the same as one thread's, no core waits for the
/// slowest chunk or for the writing, and memory holds a few chunks' output (with scripts a
/// review's output is ~6 KB, 20 times its input: 62k reviews held at once were 420 MB).
fn annotate_all<T: Sync>(engine: &Engine, items: &[T], read: impl Fn(&T) -> Cow<'_, RecordResult> + Sync, job: &Job) -> Result<ExitCode, String> {
    const CHUNK: usize = 256;
    /// One chunk's output lines, and its unreadable records' messages.
    type Done = Result<(Vec<u8>, Vec<String>), String>;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunks: Vec<&[T]> = items.chunks(CHUNK).collect();
    let next = AtomicUsize::new(0);
    // A line with scripts is ~6 KB, without ~1 KB: a chunk's buffer has room for it at once.
    let per_line = if job.compose == Compose::None { 1536 } else { 8192 };
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let mut bad = 0;
    std::thread::scope(|s| -> Result<(), String> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Done)>(2 * threads);
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (tx, next, chunks, read) = (tx.clone(), &next, &chunks, &read);
                s.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(part) = chunks.get(i) else { break };
                    let (mut lines, mut errors) = (Vec::with_capacity(part.len() * per_line), Vec::new());
                    let done = part.iter().try_for_each(|item| {
                        let rec = read(item);
                        if let Err(e) = rec.as_ref() {
                            errors.push(e.to_string());
                        }
                        annotate_one(engine, &rec, job, &mut lines)?;
                        lines.push(b'\n');
                        Ok::<(), String>(())
                    });
                    // The receiver gone means writing failed: stop.
                    if tx.send((i, done.map(|()| (lines, errors)))).is_err() {
                        break;
                    }
                })
            })
            .collect();
        drop(tx);
        // Chunks finished out of order wait here for the ones before them.
        let mut waiting = std::collections::BTreeMap::new();
        let mut want = 0;
        for (i, done) in rx {
            waiting.insert(i, done);
            while let Some(done) = waiting.remove(&want) {
                let (lines, errors) = done?;
                for e in &errors {
                    eprintln!("review-triage: {e}");
                }
                bad += errors.len();
                out.write_all(&lines).map_err(|e| format!("cannot write output: {e}"))?;
                want += 1;
            }
        }
        // A worker that panicked left its chunk unwritten: say so rather than end short.
        if workers.into_iter().any(|w| w.join().is_err()) || want < chunks.len() {
            return Err(format!("a worker thread panicked; the output stops after {} of {} lines", (want * CHUNK).min(items.len()), items.len()));
        }
        Ok(())
    })?;
    out.flush().map_err(|e| format!("cannot write output: {e}"))?;
    if bad > 0 {
        eprintln!("review-triage: {bad} of {} lines could not be read", items.len());
        Ok(ExitCode::from(2))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// The linter: built-in, rules only, or with weights from a file.
fn load_linter(rules_only: bool, weights: Option<&PathBuf>) -> Result<lint::Linter, String> {
    match (rules_only, weights) {
        (true, _) => Ok(lint::Linter::rules_only()),
        (false, Some(p)) => {
            let bytes = std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            lint::Linter::with_weights(&bytes).map_err(|e| format!("{}: {e}", p.display()))
        }
        (false, None) => Ok(lint::Linter::builtin().clone()),
    }
}

/// The linter's training sets in `dir` (name without extension, contents), sorted by name:
/// lint_sentences_*.tsv and lint_train_*.tsv; the held-out lint_probe_*.tsv never.
fn lint_training_sets(dir: &std::path::Path) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut sets = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".tsv")) else { continue };
        if name.starts_with("lint_sentences_") || name.starts_with("lint_train_") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            sets.push((name.to_string(), text));
        }
    }
    if sets.is_empty() {
        return Err(format!("no lint_sentences_*.tsv or lint_train_*.tsv in {}", dir.display()));
    }
    sets.sort();
    Ok(sets)
}

/// Reads the three labelled sets of `dir` (extra_labels.jsonl may be absent).
fn load_corpus(dir: &std::path::Path) -> Result<measure::Corpus, String> {
    let read = |name: &str, required: bool| -> Result<Vec<eval::GoldRecord>, String> {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => eval::read_gold(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if required || e.kind() != io::ErrorKind::NotFound => Err(format!("cannot read {}: {e}", path.display())),
            Err(_) => Ok(Vec::new()),
        }
    };
    Ok(measure::Corpus { train: read("train_gold.jsonl", true)?, dev: read("dev_gold.jsonl", true)?, extra: read("extra_labels.jsonl", false)? })
}

fn parse_now(now: Option<&str>) -> Result<DateTime<FixedOffset>, String> {
    match now {
        None => {
            // The engine never reads the clock; the CLI does, once, here.
            let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_err(|e| e.to_string())?.as_secs();
            let utc = DateTime::from_timestamp(secs as i64, 0).ok_or("system clock out of range")?;
            Ok(utc.with_timezone(&china()))
        }
        Some(s) => DateTime::parse_from_rfc3339(s.trim()).map_err(|e| format!("--now {s:?} is not RFC 3339 (e.g. 2026-11-22T10:00:00+08:00): {e}")),
    }
}

fn load_settings(path: Option<&PathBuf>) -> Result<Settings, String> {
    let Some(path) = path else { return Ok(Settings::default()) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read settings {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("settings {}: {e}", path.display()))
}

fn read_input(file: Option<&PathBuf>) -> Result<String, String> {
    let bytes = match file {
        Some(p) if p.as_os_str() != "-" => std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?,
        _ => {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read stdin: {e}"))?;
            buf
        }
    };
    // Invalid UTF-8 is replaced rather than refused, so one bad byte does not lose the file.
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}
