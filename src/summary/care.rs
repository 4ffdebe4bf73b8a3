//! The monthly care call (按月跟进关怀): who complained in a period, each with their last
//! complaint (where the call is recorded) and how many they made.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use super::TicketFacts;
use crate::model::period::Period;

/// One customer who complained in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct Complainant {
    /// Their last complaint opened in the period.
    pub last: TicketFacts,
    pub complaints: usize,
}

/// The complainants of a period, counted one ticket at a time.
#[derive(Debug)]
pub struct Complainants {
    period: Period,
    zone: Tz,
    by_customer: BTreeMap<(String, Option<String>), Complainant>,
}

impl Complainants {
    pub fn new(period: Period, zone: Tz) -> Complainants {
        Complainants {
            period,
            zone,
            by_customer: BTreeMap::new(),
        }
    }

    /// Counts a ticket when it is a complaint opened in the period.
    pub fn add(&mut self, f: &TicketFacts) {
        if f.kind != "complaint" || !self.period.contains(f.opened, self.zone) {
            return;
        }
        let key = (f.customer.clone(), f.company.clone());
        let entry = self.by_customer.entry(key).or_insert_with(|| Complainant {
            last: f.clone(),
            complaints: 0,
        });
        entry.complaints += 1;
        if f.opened > entry.last.opened {
            entry.last = f.clone();
        }
    }

    /// Every complainant, the latest complaint first.
    pub fn finish(self) -> Vec<Complainant> {
        let mut all: Vec<Complainant> = self.by_customer.into_values().collect();
        all.sort_by_key(|c| std::cmp::Reverse(c.last.opened));
        all
    }
}
