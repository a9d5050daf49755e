//! The stages a report passes through and the moves allowed between them.

use super::vocabulary;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Received,
    Evaluated,
    InDevelopment,
    Analysed,
    Disseminated,
    NoFurtherAction,
    Archived,
}

vocabulary!(Status, "status", {
    Received => "received",
    Evaluated => "evaluated",
    InDevelopment => "in-development",
    Analysed => "analysed",
    Disseminated => "disseminated",
    NoFurtherAction => "no-further-action",
    Archived => "archived",
});

impl Status {
    /// The legal moves. Evaluation is the only way out of `received`;
    /// dissemination needs an evaluated report; archived is final.
    pub fn can_move_to(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Received, Evaluated | NoFurtherAction | Archived)
                | (Evaluated, InDevelopment | Disseminated | NoFurtherAction | Archived)
                | (InDevelopment, Analysed | Disseminated | NoFurtherAction | Archived)
                | (Analysed, InDevelopment | Disseminated | NoFurtherAction | Archived)
                | (Disseminated, InDevelopment | Analysed | Archived)
                | (NoFurtherAction, InDevelopment | Archived)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Status::*;
    use super::*;

    #[test]
    fn archived_is_final_and_received_cannot_skip_evaluation() {
        for s in Status::ALL {
            assert!(!Archived.can_move_to(*s));
        }
        assert!(!Received.can_move_to(Disseminated));
        assert!(!Received.can_move_to(InDevelopment));
        assert!(Received.can_move_to(Evaluated));
        assert!(Evaluated.can_move_to(Disseminated));
    }
}
