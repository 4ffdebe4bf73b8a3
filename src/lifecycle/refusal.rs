//! Why the lifecycle refuses a change, as values: what was asked, of what ticket in
//! which state, and what input was wrong. The lifecycle says nothing in words and knows
//! no flag: a command turns a refusal into its message, its flag and its next step
//! (`cli/refusal.rs`); an import turns it into the register's column.

use chrono::{DateTime, Utc};

use crate::model::time::Stamp;
use crate::model::{Cause, Money, Priority, Status};
use crate::policy::Span;

/// A change the lifecycle refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The ticket's status (or its history) forbids the change.
    State {
        id: String,
        from: Status,
        change: Change,
        next: Next,
    },
    /// A reason is needed and none was given.
    NoReason(Reasoned),
    /// Only `open` and `waiting` are set by hand.
    StatusNotSettable(Status),
    /// A deadline's name that is none of the ticket's deadlines.
    NotADeadline(String),
    /// A deadline set before the customer's call.
    DueBeforeCall(Stamp),
    /// A deadline moved by hand outside working time: the next working time it could be.
    DueOutsideHours {
        at: Stamp,
        deadline: String,
        next: DateTime<Utc>,
    },
    /// A level above the top of the ladder.
    LevelOffLadder(u32),
    /// Compensation above what the resolver may grant alone, and no approver named.
    AboveAuthority {
        cost: Money,
        level: u32,
        limit: Money,
        may: Approvers,
    },
    /// The approver named may not grant that much either.
    ApproverLimited {
        who: String,
        level: u32,
        cost: Money,
        may: Approvers,
    },
    /// The approver named is not on the staff list.
    ApproverUnknown { who: String, may: Approvers },
    /// A resolution without a summary.
    NoSummary,
    /// "Understood and accepted" for a cause that is not the customer's (or none).
    AcceptedNotCustomer(Option<Cause>),
    /// A resolution of a kind that needs a cause, without one.
    NoCause,
    /// A resolution of a kind that needs a remedy, without one.
    NoRemedy,
    /// An unreached callback attempt sooner than the policy's gap after the last one.
    AttemptTooSoon {
        last: Stamp,
        gap: Span,
        next: DateTime<Utc>,
    },
    /// A callback sooner than the policy's earliest time after the resolution.
    CallbackTooEarly {
        resolved: DateTime<Utc>,
        earliest: Span,
        from: DateTime<Utc>,
        reached: bool,
    },
    /// The second check by the resolver themselves.
    OwnCheck { resolver: String },
    /// A quality review by the ticket's holder or one who resolved it.
    OwnReview { who: String, resolved: bool },
    /// A quality-review score above 100.
    ScoreOutOfRange(u32),
    /// A title that is empty or more than one line.
    TitleNotOneLine,
    /// A ticket without a customer's name.
    NoCustomer,
    /// A phone number that is not one.
    NotAPhone(String),
    /// An e-mail address that is not one.
    NotAnEmail(String),
    /// A call received after now.
    ReceivedInFuture,
}

/// The change a ticket's state forbade.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    RecordContact,
    Assign,
    SetStatus(Status),
    ChangePriority,
    SetPriority(Priority),
    Promise,
    ChangeDue,
    Escalate,
    EscalateTo(u32),
    Resolve,
    RecordCallback,
    Verify,
    Qa,
    Close,
    Reopen,
    FlagAbnormal,
}

/// What to do instead, when a ticket's state forbids a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Reopen it first.
    ReopenFirst,
    /// Reopen it, or add a note.
    ReopenOrNote,
    /// Reopen it first (said shortly).
    ReopenFirstShort,
    /// Nothing: it is so already.
    Already,
    /// Nothing: it is at the top of the ladder, at this level.
    TopOfLadder(u32),
    /// Nothing: it is at this level already.
    AlreadyAt(u32),
    ClosedAlready,
    ResolveFirst,
    /// The callback found a wrong number: close it.
    WrongNumberAlready,
    /// The policy's attempts are used up: close it.
    AttemptsUsed {
        max: u32,
    },
    /// A closed ticket's check is past.
    VerifyClosed,
    VerifiedAlready,
    QaAfterResolution,
    /// The second check is still to be made.
    VerifyFirst,
    /// Call the customer back first (so many attempts of the policy's made).
    CallBackFirst {
        attempts: u32,
        max: u32,
    },
    /// Resolve it first, then call back.
    CloseResolveFirst,
    NotResolved,
}

/// What a missing reason was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reasoned {
    MoveDue,
    Redo,
    ForceClose,
    Reopen,
    Abnormal,
}

/// Who may approve a compensation: the levels, and the staff of those levels.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Approvers {
    pub levels: Vec<u32>,
    pub staff: Vec<String>,
}

/// The input a refusal is about, for a command to name its flag and an import its
/// column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Title,
    Customer,
    Received,
    Status,
    Reason,
    Due,
    Level,
    Approver,
    Summary,
    Accepted,
    Cause,
    Remedy,
    Unreached,
    Reached,
    Actor,
    Score,
    Phone,
    Email,
}

impl Refusal {
    /// The input the refusal is about; `None` when it is the ticket's state.
    pub fn input(&self) -> Option<Input> {
        Some(match self {
            Refusal::State { .. } => return None,
            Refusal::NoReason(_) => Input::Reason,
            Refusal::StatusNotSettable(_) => Input::Status,
            Refusal::NotADeadline(_)
            | Refusal::DueBeforeCall(_)
            | Refusal::DueOutsideHours { .. } => Input::Due,
            Refusal::LevelOffLadder(_) => Input::Level,
            Refusal::AboveAuthority { .. }
            | Refusal::ApproverLimited { .. }
            | Refusal::ApproverUnknown { .. } => Input::Approver,
            Refusal::NoSummary => Input::Summary,
            Refusal::AcceptedNotCustomer(_) => Input::Accepted,
            Refusal::NoCause => Input::Cause,
            Refusal::NoRemedy => Input::Remedy,
            Refusal::AttemptTooSoon { .. } => Input::Unreached,
            Refusal::CallbackTooEarly { reached: true, .. } => Input::Reached,
            Refusal::CallbackTooEarly { .. } => Input::Unreached,
            Refusal::OwnCheck { .. } | Refusal::OwnReview { .. } => Input::Actor,
            Refusal::ScoreOutOfRange(_) => Input::Score,
            Refusal::TitleNotOneLine => Input::Title,
            Refusal::NoCustomer => Input::Customer,
            Refusal::NotAPhone(_) => Input::Phone,
            Refusal::NotAnEmail(_) => Input::Email,
            Refusal::ReceivedInFuture => Input::Received,
        })
    }
}
