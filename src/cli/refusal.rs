//! The lifecycle's refusals in the desk's words: each becomes an error naming the flag
//! it is about (or the ticket's state), the message and the next step.

use crate::error::Error;
use crate::i18n::Names;
use crate::i18n::t;
use crate::lifecycle::{Change, Input, Next, Reasoned, Refusal};
use crate::model::DEADLINES;
use crate::policy::Policy;

/// The flag a command takes an input by.
pub fn flag(input: Input) -> &'static str {
    match input {
        Input::Title => "--title",
        Input::Customer => "--customer",
        Input::Received => "--received",
        Input::Status => "--status",
        Input::Reason => "--reason",
        Input::Due => "--due",
        Input::Level => "--to",
        Input::Approver => "--approved-by",
        Input::Summary => "--summary",
        Input::Accepted => "--accepted",
        Input::Cause => "--cause",
        Input::Remedy => "--remedy",
        Input::Unreached => "--unreached",
        Input::Reached => "--reached",
        Input::Actor => "--as",
        Input::Score => "--score",
        Input::Phone => "--phone",
        Input::Email => "--email",
    }
}

/// Turns refusals into errors in the words of a desk of this policy (its staff, ladder
/// and currency): `lifecycle::resolve(…).map_err(refused(policy))?`.
pub fn refused(policy: &Policy) -> impl Fn(Refusal) -> Error + '_ {
    move |r| error(&r, &policy.names(&Default::default()))
}

/// The error a refusal is, in the words of `names`.
pub fn error(r: &Refusal, names: &Names) -> Error {
    let Some(input) = r.input() else {
        let Refusal::State {
            id,
            from,
            change,
            next,
        } = r
        else {
            unreachable!("a refusal without an input is one of state");
        };
        return Error::InvalidTransition {
            id: id.clone(),
            from: from.to_string(),
            action: change_words(change, names),
            why: why_words(next),
            hint: Some(next_words(next, id, names)),
        };
    };
    let field = flag(input);
    let add_flag = || t!("hint-add-flag", flag = field);
    let (message, hint) = match r {
        Refusal::State { .. } => unreachable!("handled above"),
        Refusal::NoReason(what) => (
            match what {
                Reasoned::MoveDue => t!("err-reason-due"),
                Reasoned::Redo => t!("err-reason-redo"),
                Reasoned::ForceClose => t!("err-reason-force-close"),
                Reasoned::Reopen => t!("err-reason-reopen"),
                Reasoned::Abnormal => t!("err-reason-abnormal"),
            },
            add_flag(),
        ),
        Refusal::StatusNotSettable(status) => (
            t!("err-status-not-settable", status = status.label()),
            t!("hint-use-resolve-or-close"),
        ),
        Refusal::NotADeadline(value) => (
            t!("err-not-a-deadline", value = value.as_str()),
            t!(
                "hint-deadlines",
                choices = crate::i18n::words::choices("deadline", &DEADLINES)
            ),
        ),
        Refusal::DueOutsideHours { at, deadline, next } => (
            t!("err-due-outside-hours", at = names.time(*at)),
            t!(
                "hint-due-next-working",
                deadline = deadline.as_str(),
                next = names.time(*next)
            ),
        ),
        Refusal::DueBeforeCall(at) => (
            t!("err-due-before-opening", at = names.time(*at)),
            t!("hint-due-spec"),
        ),
        Refusal::LevelOffLadder(level) => (
            t!("err-level-off-ladder", level = *level),
            t!("hint-ladder", ladder = names.ladder_choices()),
        ),
        Refusal::AboveAuthority {
            cost,
            level,
            limit,
            may,
        } => (
            t!(
                "err-above-authority",
                cost = names.money(cost.units()),
                level = names.level(*level),
                limit = names.money(limit.units())
            ),
            approvers(may, names),
        ),
        Refusal::ApproverLimited {
            who,
            level,
            cost,
            may,
        } => (
            t!(
                "err-approver-limit",
                who = names.person(who),
                level = names.level(*level),
                cost = names.money(cost.units())
            ),
            approvers(may, names),
        ),
        Refusal::ApproverUnknown { who, may } => (
            t!("err-approver-unknown", who = who.as_str()),
            approvers(may, names),
        ),
        Refusal::NoSummary => (t!("err-summary-empty"), add_flag()),
        Refusal::AcceptedNotCustomer(cause) => (
            t!(
                "err-accepted-not-customer",
                cause = cause.map_or_else(|| "–".to_string(), |c| c.label())
            ),
            t!("hint-accepted"),
        ),
        Refusal::NoCause => (t!("err-cause-needed"), add_flag()),
        Refusal::NoRemedy => (t!("err-remedy-needed"), add_flag()),
        Refusal::AttemptTooSoon { last, gap, next } => (
            t!(
                "err-attempt-too-soon",
                last = names.time(*last),
                gap = gap.label()
            ),
            t!("hint-attempt-next", at = names.time(*next)),
        ),
        Refusal::CallbackTooEarly {
            resolved,
            earliest,
            from,
            ..
        } => (
            t!(
                "err-callback-too-early",
                resolved = names.time(*resolved),
                earliest = earliest.label()
            ),
            t!("hint-callback-from", at = names.time(*from)),
        ),
        Refusal::OwnCheck { resolver } => (
            t!("err-verify-own", who = names.person(resolver)),
            t!("hint-verify-own"),
        ),
        Refusal::OwnReview { who, resolved } => (
            if *resolved {
                t!("err-qa-own-resolved", who = names.person(who))
            } else {
                t!("err-qa-own-held", who = names.person(who))
            },
            t!("hint-qa-own"),
        ),
        Refusal::ScoreOutOfRange(score) => {
            (t!("err-score-range", score = *score), t!("hint-score"))
        }
        Refusal::TitleNotOneLine => (t!("err-title-one-line"), add_flag()),
        Refusal::NoCustomer => (t!("err-customer-empty"), add_flag()),
        Refusal::NotAPhone(value) => (
            t!("err-not-a-phone", value = value.as_str()),
            t!("hint-phone"),
        ),
        Refusal::NotAnEmail(value) => (
            t!("err-not-an-email", value = value.as_str()),
            t!("hint-email"),
        ),
        Refusal::ReceivedInFuture => (t!("err-received-future"), t!("hint-received")),
    };
    Error::input(field, message, hint)
}

/// Who may approve, as the hint says it.
fn approvers(may: &crate::lifecycle::Approvers, names: &Names) -> String {
    let levels: Vec<String> = may.levels.iter().map(|l| names.level(*l)).collect();
    let levels = levels.join(&t!("sep-choice"));
    if may.staff.is_empty() {
        t!("hint-approve-levels", levels = levels)
    } else {
        let staff: Vec<String> = may.staff.iter().map(|s| names.person(s)).collect();
        t!(
            "hint-approve",
            levels = levels,
            staff = staff.join(&t!("sep-list"))
        )
    }
}

/// What was asked, as people say it.
fn change_words(change: &Change, names: &Names) -> String {
    match change {
        Change::RecordContact => t!("act-record-contact"),
        Change::Assign => t!("act-assign"),
        Change::SetStatus(status) => t!("act-set-status", status = status.label()),
        Change::ChangePriority => t!("act-change-priority"),
        Change::SetPriority(priority) => t!("act-set-priority", priority = priority.label()),
        Change::Promise => t!("act-promise"),
        Change::ChangeDue => t!("act-change-due"),
        Change::Escalate => t!("act-escalate"),
        Change::EscalateTo(level) => t!("act-escalate-to", level = names.level(*level)),
        Change::Resolve => t!("act-resolve"),
        Change::RecordCallback => t!("act-record-callback"),
        Change::Verify => t!("act-verify"),
        Change::Qa => t!("act-qa"),
        Change::Close => t!("act-close"),
        Change::Reopen => t!("act-reopen"),
        Change::FlagAbnormal => t!("act-flag-abnormal"),
    }
}

/// What to do instead, as people say it.
/// Why a change is refused when the status alone does not say: said first.
fn why_words(next: &Next) -> Option<String> {
    Some(match next {
        Next::AttemptsUsed { max } => t!("why-attempts-used", max = *max),
        Next::WrongNumberAlready => t!("why-wrong-number"),
        Next::CallBackFirst { attempts, max } => {
            t!("why-not-called-back", attempts = *attempts, max = *max)
        }
        Next::VerifyFirst => t!("why-not-verified"),
        Next::VerifiedAlready => t!("why-verified"),
        _ => return None,
    })
}

fn next_words(next: &Next, id: &str, names: &Names) -> String {
    match next {
        Next::ReopenFirst => t!("hint-reopen-first"),
        Next::ReopenOrNote => t!("hint-reopen-or-note"),
        Next::ReopenFirstShort => t!("hint-reopen-first-short"),
        Next::Already => t!("hint-already"),
        Next::TopOfLadder(level) => t!("hint-top-of-ladder", level = names.level(*level)),
        Next::AlreadyAt(level) => t!("hint-already-at", level = names.level(*level)),
        Next::ClosedAlready => t!("hint-closed-already"),
        Next::ResolveFirst => t!("hint-resolve-first"),
        Next::WrongNumberAlready | Next::AttemptsUsed { .. } => t!("hint-close-it", id = id),
        Next::VerifyClosed => t!("hint-verify-closed"),
        Next::VerifiedAlready => t!("hint-verified-already"),
        Next::QaAfterResolution => t!("hint-qa-after-resolution"),
        Next::VerifyFirst => t!("hint-verify-first", id = id),
        Next::CallBackFirst { .. } => t!("hint-close-call-back-first"),
        Next::CloseResolveFirst => t!("hint-close-resolve-first"),
        Next::NotResolved => t!("hint-not-resolved"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::Approvers;
    use crate::model::{Cause, Status};

    /// Every refusal that is about an input names that input's flag; one about the
    /// ticket's state names the ticket and its status.
    #[test]
    fn a_refusal_names_its_flag_or_the_ticket() {
        let names = Names::default();
        let inputs = [
            (Refusal::NoSummary, "--summary"),
            (Refusal::NoReason(Reasoned::Reopen), "--reason"),
            (
                Refusal::AcceptedNotCustomer(Some(Cause::Ours)),
                "--accepted",
            ),
            (
                Refusal::ApproverUnknown {
                    who: "nobody".into(),
                    may: Approvers::default(),
                },
                "--approved-by",
            ),
            (Refusal::ScoreOutOfRange(101), "--score"),
            (Refusal::ReceivedInFuture, "--received"),
        ];
        for (refusal, wanted) in inputs {
            match error(&refusal, &names) {
                Error::BadInput { field, hint, .. } => {
                    assert_eq!(field, wanted);
                    assert!(hint.is_some_and(|h| !h.is_empty()));
                }
                other => panic!("{other:?}"),
            }
        }
        let state = Refusal::State {
            id: "0NR5F6S264C3".into(),
            from: Status::Closed,
            change: Change::Close,
            next: Next::ClosedAlready,
        };
        match error(&state, &names) {
            Error::InvalidTransition { id, from, hint, .. } => {
                assert_eq!((id.as_str(), from.as_str()), ("0NR5F6S264C3", "closed"));
                assert!(hint.is_some());
            }
            other => panic!("{other:?}"),
        }
    }
}
