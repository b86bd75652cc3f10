//! The order life cycle: one explicit state machine from collection to delivery.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A step of the normal flow, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Pulled from the site, not yet confirmed there.
    Collected,
    /// Confirmed on the site (the buyer can no longer cancel instantly).
    Confirmed,
    /// A fulfillment order (shipping instruction) exists for the warehouse.
    Instructed,
    /// The cargo is at the warehouse with a tracking number (carrier label or shipdeck waybill).
    Received,
    /// The tracking number reached the site.
    Shipped,
    /// The site reports the parcel delivered.
    Delivered,
}

/// Why an order is held out of the normal flow.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum HoldReason {
    /// At least one line maps to no warehouse SKU.
    UnmappedSku,
    /// The site status moved past the start of shipping before shipdeck handled the order:
    /// a shipping order must be made by hand.
    ShippingStartedOnSite,
    /// A push to the site failed for good; the operator must retry or fix it.
    PushFailed,
    /// The shop's credentials were refused.
    ShopAuthFailed,
    /// The site shows the order shipped with a tracking number other than ours (someone else
    /// shipped it: another tool, or the seller by hand); our shipment was not sent.
    TrackingConflict,
}

impl HoldReason {
    /// A short phrase for tables.
    pub fn label(&self) -> &'static str {
        match self {
            HoldReason::UnmappedSku => "unmapped SKU",
            HoldReason::ShippingStartedOnSite => "needs manual shipping order",
            HoldReason::PushFailed => "push failed",
            HoldReason::ShopAuthFailed => "shop auth failed",
            HoldReason::TrackingConflict => "other tracking on the site",
        }
    }
}

/// Where an order is in its life.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OrderState {
    /// In the normal flow at this stage.
    Active {
        /// The stage.
        stage: Stage,
    },
    /// Held for a reason; released back to `stage`.
    Held {
        /// Why.
        reason: HoldReason,
        /// The stage it was at and returns to.
        stage: Stage,
    },
    /// Cancelled on the site or by the operator. Final.
    Cancelled,
}

/// A change asked of an order's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// Collected → Confirmed.
    Confirm,
    /// Confirmed → Instructed.
    Instruct,
    /// Instructed → Received.
    Receive,
    /// Received → Shipped.
    Ship,
    /// Shipped → Delivered.
    Deliver,
    /// Any state before Shipped, or held → Cancelled.
    Cancel,
    /// A stage before Shipped → Held(reason); a held order takes the new reason.
    Hold(HoldReason),
    /// Held → back to its stage.
    Release,
}

/// A transition the state machine does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot {transition:?} an order that is {from}")]
pub struct IllegalTransition {
    /// The state the order was in.
    pub from: OrderState,
    /// What was asked.
    pub transition: Transition,
}

/// The status an order is indexed and counted under: its stage, held or cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKey {
    /// `Active(Collected)`.
    Collected = 1,
    /// `Active(Confirmed)`.
    Confirmed = 2,
    /// `Active(Instructed)`.
    Instructed = 3,
    /// `Active(Received)`.
    Received = 4,
    /// `Active(Shipped)`.
    Shipped = 5,
    /// `Active(Delivered)`.
    Delivered = 6,
    /// Any `Held`.
    Held = 7,
    /// `Cancelled`.
    Cancelled = 8,
}

/// All status keys in display order.
pub const ALL_STATUS_KEYS: [StatusKey; 8] = [
    StatusKey::Collected,
    StatusKey::Confirmed,
    StatusKey::Instructed,
    StatusKey::Received,
    StatusKey::Shipped,
    StatusKey::Delivered,
    StatusKey::Held,
    StatusKey::Cancelled,
];

impl StatusKey {
    /// The byte used in index keys.
    pub const fn byte(self) -> u8 {
        self as u8
    }

    /// The status key for an index byte.
    pub fn from_byte(b: u8) -> Option<StatusKey> {
        ALL_STATUS_KEYS.into_iter().find(|k| k.byte() == b)
    }

    /// The word used on the command line and in tabs.
    pub const fn name(self) -> &'static str {
        match self {
            StatusKey::Collected => "collected",
            StatusKey::Confirmed => "confirmed",
            StatusKey::Instructed => "instructed",
            StatusKey::Received => "received",
            StatusKey::Shipped => "shipped",
            StatusKey::Delivered => "delivered",
            StatusKey::Held => "held",
            StatusKey::Cancelled => "cancelled",
        }
    }
}

impl std::str::FromStr for StatusKey {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        ALL_STATUS_KEYS
            .into_iter()
            .find(|k| k.name() == wanted || (wanted == "new" && *k == StatusKey::Collected))
            .ok_or_else(|| {
                let names: Vec<&str> = ALL_STATUS_KEYS.iter().map(|k| k.name()).collect();
                format!("unknown status `{s}` (expected one of: {})", names.join(", "))
            })
    }
}

impl OrderState {
    /// A new order at a stage.
    pub const fn at(stage: Stage) -> OrderState {
        OrderState::Active { stage }
    }

    /// The key the order is indexed under.
    pub fn status_key(&self) -> StatusKey {
        match self {
            OrderState::Active { stage } => match stage {
                Stage::Collected => StatusKey::Collected,
                Stage::Confirmed => StatusKey::Confirmed,
                Stage::Instructed => StatusKey::Instructed,
                Stage::Received => StatusKey::Received,
                Stage::Shipped => StatusKey::Shipped,
                Stage::Delivered => StatusKey::Delivered,
            },
            OrderState::Held { .. } => StatusKey::Held,
            OrderState::Cancelled => StatusKey::Cancelled,
        }
    }

    /// The stage, also for held orders; `None` when cancelled.
    pub fn stage(&self) -> Option<Stage> {
        match self {
            OrderState::Active { stage } | OrderState::Held { stage, .. } => Some(*stage),
            OrderState::Cancelled => None,
        }
    }

    /// Applies a transition, or says why it is not allowed.
    pub fn apply(&self, t: &Transition) -> Result<OrderState, IllegalTransition> {
        use Stage::*;
        let next = match (self, t) {
            (
                OrderState::Active { stage },
                step @ (Transition::Confirm
                | Transition::Instruct
                | Transition::Receive
                | Transition::Ship
                | Transition::Deliver),
            ) => {
                let (from, to) = match step {
                    Transition::Confirm => (Collected, Confirmed),
                    Transition::Instruct => (Confirmed, Instructed),
                    Transition::Receive => (Instructed, Received),
                    Transition::Ship => (Received, Shipped),
                    _ => (Shipped, Delivered),
                };
                (*stage == from).then_some(OrderState::Active { stage: to })
            }
            (OrderState::Active { stage }, Transition::Cancel) if *stage < Shipped => {
                Some(OrderState::Cancelled)
            }
            (OrderState::Held { .. }, Transition::Cancel) => Some(OrderState::Cancelled),
            (OrderState::Active { stage }, Transition::Hold(reason)) if *stage < Shipped => {
                Some(OrderState::Held {
                    reason: reason.clone(),
                    stage: *stage,
                })
            }
            (OrderState::Held { stage, .. }, Transition::Hold(reason)) => Some(OrderState::Held {
                reason: reason.clone(),
                stage: *stage,
            }),
            (OrderState::Held { stage, .. }, Transition::Release) => {
                Some(OrderState::Active { stage: *stage })
            }
            _ => None,
        };
        next.ok_or_else(|| IllegalTransition {
            from: self.clone(),
            transition: t.clone(),
        })
    }
}

impl fmt::Display for OrderState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderState::Active { .. } | OrderState::Cancelled => f.write_str(self.status_key().name()),
            OrderState::Held { reason, stage } => {
                write!(
                    f,
                    "held ({}) at {}",
                    reason.label(),
                    OrderState::at(*stage).status_key().name()
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAGES: [Stage; 6] = [
        Stage::Collected,
        Stage::Confirmed,
        Stage::Instructed,
        Stage::Received,
        Stage::Shipped,
        Stage::Delivered,
    ];
    const REASONS: [HoldReason; 5] = [
        HoldReason::UnmappedSku,
        HoldReason::ShippingStartedOnSite,
        HoldReason::PushFailed,
        HoldReason::ShopAuthFailed,
        HoldReason::TrackingConflict,
    ];

    fn all_states() -> Vec<OrderState> {
        let mut v: Vec<OrderState> = STAGES.iter().map(|s| OrderState::at(*s)).collect();
        for r in REASONS {
            for s in &STAGES[..4] {
                v.push(OrderState::Held {
                    reason: r.clone(),
                    stage: *s,
                });
            }
        }
        v.push(OrderState::Cancelled);
        v
    }

    fn all_transitions() -> Vec<Transition> {
        let mut v = vec![
            Transition::Confirm,
            Transition::Instruct,
            Transition::Receive,
            Transition::Ship,
            Transition::Deliver,
            Transition::Cancel,
            Transition::Release,
        ];
        v.extend(REASONS.iter().cloned().map(Transition::Hold));
        v
    }

    /// The table of every legal transition, written out independently of `apply`.
    fn expected(from: &OrderState, t: &Transition) -> Option<OrderState> {
        use Stage::*;
        match (from, t) {
            (OrderState::Active { stage: Collected }, Transition::Confirm) => Some(OrderState::at(Confirmed)),
            (OrderState::Active { stage: Confirmed }, Transition::Instruct) => {
                Some(OrderState::at(Instructed))
            }
            (OrderState::Active { stage: Instructed }, Transition::Receive) => Some(OrderState::at(Received)),
            (OrderState::Active { stage: Received }, Transition::Ship) => Some(OrderState::at(Shipped)),
            (OrderState::Active { stage: Shipped }, Transition::Deliver) => Some(OrderState::at(Delivered)),
            (
                OrderState::Active {
                    stage: Collected | Confirmed | Instructed | Received,
                },
                Transition::Cancel,
            ) => Some(OrderState::Cancelled),
            (OrderState::Held { .. }, Transition::Cancel) => Some(OrderState::Cancelled),
            (
                OrderState::Active {
                    stage: s @ (Collected | Confirmed | Instructed | Received),
                },
                Transition::Hold(r),
            ) => Some(OrderState::Held {
                reason: r.clone(),
                stage: *s,
            }),
            (OrderState::Held { stage, .. }, Transition::Hold(r)) => Some(OrderState::Held {
                reason: r.clone(),
                stage: *stage,
            }),
            (OrderState::Held { stage, .. }, Transition::Release) => Some(OrderState::at(*stage)),
            _ => None,
        }
    }

    #[test]
    fn every_pair_matches_the_table() {
        let mut legal = 0;
        let mut illegal = 0;
        for from in all_states() {
            for t in all_transitions() {
                match (from.apply(&t), expected(&from, &t)) {
                    (Ok(got), Some(want)) => {
                        assert_eq!(got, want, "{from:?} --{t:?}-->");
                        legal += 1;
                    }
                    (Err(e), None) => {
                        assert_eq!(e.from, from);
                        illegal += 1;
                    }
                    (got, want) => panic!("{from:?} --{t:?}--> got {got:?}, want {want:?}"),
                }
            }
        }
        assert!(legal > 40 && illegal > 100, "legal {legal}, illegal {illegal}");
    }

    #[test]
    fn the_happy_path_runs_end_to_end() {
        let mut s = OrderState::at(Stage::Collected);
        for t in [
            Transition::Confirm,
            Transition::Instruct,
            Transition::Receive,
            Transition::Ship,
            Transition::Deliver,
        ] {
            s = s.apply(&t).unwrap();
        }
        assert_eq!(s, OrderState::at(Stage::Delivered));
    }

    #[test]
    fn notable_refusals() {
        let shipped = OrderState::at(Stage::Shipped);
        assert!(shipped.apply(&Transition::Cancel).is_err());
        assert!(shipped.apply(&Transition::Hold(HoldReason::PushFailed)).is_err());
        assert!(OrderState::Cancelled.apply(&Transition::Release).is_err());
        assert!(OrderState::at(Stage::Collected).apply(&Transition::Ship).is_err());
        assert!(OrderState::at(Stage::Collected)
            .apply(&Transition::Release)
            .is_err());
        let err = OrderState::at(Stage::Delivered)
            .apply(&Transition::Confirm)
            .unwrap_err();
        assert!(err.to_string().contains("delivered"), "{err}");
    }

    #[test]
    fn hold_and_release_keep_the_stage() {
        let held = OrderState::at(Stage::Instructed)
            .apply(&Transition::Hold(HoldReason::UnmappedSku))
            .unwrap();
        assert_eq!(held.status_key(), StatusKey::Held);
        assert_eq!(held.stage(), Some(Stage::Instructed));
        assert_eq!(
            held.apply(&Transition::Release).unwrap(),
            OrderState::at(Stage::Instructed)
        );
    }

    #[test]
    fn status_keys_round_trip() {
        for k in ALL_STATUS_KEYS {
            assert_eq!(StatusKey::from_byte(k.byte()), Some(k));
            assert_eq!(k.name().parse::<StatusKey>(), Ok(k));
        }
        assert_eq!(StatusKey::from_byte(0), None);
        assert!("bogus".parse::<StatusKey>().is_err());
    }
}
