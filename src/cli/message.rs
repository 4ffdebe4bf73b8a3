//! `inkdesk message`: leave a note for a colleague who is out (留言) — a caller asking
//! for them, a promise they must keep. The note waits in their `inbox` and at the head
//! of their morning list (`overdue --mine`) until they mark it read.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::model::message::Message;
use crate::model::time::stamp;
use crate::policy::validate;

use super::flags::holder;
use super::terminal::{out, say};

// Leave a message for a colleague; they see it until they mark it read.
#[derive(Debug, clap::Args)]
pub struct Args {
    // Who the message is for.
    #[arg(long)]
    pub to: String,
    // What to tell them.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub note: String,
    // The ticket it is about.
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,
}

/// Runs `inkdesk message`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let from = ctx.staff_actor(&desk)?;
    let to = holder(&desk.policy, "--to", &args.to)?;
    let ticket = match &args.ticket {
        Some(prefix) => Some(desk.load(prefix)?.1.id),
        None => None,
    };
    let message = Message {
        id: desk.fresh_message_id(ctx.now)?,
        at: stamp(ctx.now, desk.policy.calendar.tz()),
        from,
        to,
        ticket,
        note: Some(args.note.trim().to_string()),
        shift: None,
        read: None,
    };
    if let Some(p) = validate::message(&message, &desk.policy).first() {
        let flag = format!("--{}", p.field);
        return Err(Error::input(
            &flag,
            p.message.clone(),
            t!("hint-add-flag", flag = flag.as_str()),
        ));
    }
    let names = desk.names();
    let done = t!(
        "message-left",
        to = names.person(&message.to),
        id = message.id.to_string()
    );
    let mut tx = ctx.transaction(&desk, &message.from)?;
    tx.stage_message(&message, super::inbox::event_line(&message, &names))?;
    tx.finish(&done, "message")?;
    say(&done);
    out(&format!("{}\n", message.id))?;
    Ok(0)
}
