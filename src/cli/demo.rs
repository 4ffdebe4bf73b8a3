//! `inkdesk demo`: a desk filled with a realistic, reproducible history, for trying the
//! tool and for measuring it at scale.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::context::Ctx;
use crate::demo::{Plan, Shop, ticket};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::i18n::t;
use crate::store::{Desk, yaml};

use super::init;
use super::terminal::say;

// Create a desk in DIR filled with a realistic service history ending at --now
// (kinds, VIPs, contacts, waits, promises, escalations, reopenings, callbacks, causes
// and costs) of a shop that mostly keeps its limits, with its staff, customers and
// words in the desk's language. The same seed gives the same desk. The desk is not a
// git repository: run `git init` yourself if you want one.
#[derive(Debug, clap::Args)]
pub struct Args {
    // Where to create the desk (it must not hold a desk yet).
    pub dir: PathBuf,
    // How many tickets.
    #[arg(long, default_value_t = 1000, value_parser = super::flags::number)]
    pub tickets: u64,
    // The seed of the history.
    #[arg(long, default_value_t = 1, value_parser = super::flags::number)]
    pub seed: u64,
    // How many months of history, ending at --now.
    #[arg(long, default_value_t = 3, value_parser = super::flags::months)]
    pub months: u32,
}

/// Runs `inkdesk demo`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let root = ctx.cwd.join(&args.dir);
    if root.join(crate::store::POLICY_FILE).exists() {
        return Err(Error::input(
            "DIR",
            t!("err-demo-exists", path = root.display().to_string()),
            t!("hint-demo-exists"),
        ));
    }
    let started = Instant::now();
    // The demo shop is Chinese unless --lang says otherwise: its staff, customers and
    // words are in the desk's language, and a Chinese shop keeps China's holidays.
    let lang = ctx.lang_flag.unwrap_or(Lang::Zh);
    let shop = Shop::of(lang);
    init::run_in(
        ctx,
        &init::Args {
            dir: Some(root.clone()),
            no_git: true,
            timezone: None,
            shop: Some(crate::i18n::tr_in(lang, "demo-shop-name", &[])),
            holidays: (lang == Lang::Zh).then(|| "cn".to_string()),
        },
        lang,
        shop.staff,
    )?;
    let desk = Desk::open(root.canonicalize().map_err(|e| Error::io(&root, e))?)?;
    let plan = Plan {
        policy: &desk.policy,
        templates: &desk.templates,
        now: ctx.now,
        months: args.months,
        seed: args.seed,
        lang,
    };
    let done = AtomicUsize::new(0);
    let step = (args.tickets as usize / 100).max(1);
    let results: Vec<Result<bool>> = (0..args.tickets)
        .into_par_iter()
        .map(|n| {
            let Some(t) = ticket(&plan, n) else {
                return Ok(false);
            };
            let path = desk.path_for(&t);
            // A new file only: an id drawn twice never overwrites a record.
            let text = yaml::to_string(&t)?;
            let written = crate::store::files::write_new_file(&path, text.as_bytes());
            let count = done.fetch_add(1, Ordering::Relaxed) + 1;
            if ctx.progress && count.is_multiple_of(step) {
                let _ = write!(
                    std::io::stderr(),
                    "\r{}",
                    t!("demo-progress", count = count, total = args.tickets)
                );
            }
            written
        })
        .collect();
    if ctx.progress {
        let _ = writeln!(std::io::stderr());
    }
    let mut made = 0;
    for r in results {
        made += r? as u64;
    }
    say(&t!(
        "demo-done",
        path = desk.root.display().to_string(),
        count = made,
        seed = args.seed,
        months = args.months,
        until = crate::i18n::format::local(ctx.now, desk.policy.calendar.tz()),
        seconds = format!("{:.1}", started.elapsed().as_secs_f64())
    ));
    Ok(0)
}
