//! Strips of fixed size around one that takes the rest: the status bar, the body, the notice
//! and the footer; a search line over its list; a label, a field and a count side by side.
//!
//! Most of the console's layouts are this shape, and for it the answer is arithmetic. ratatui's
//! `Layout` gives the same answer through its constraint solver, which cost the console's first
//! frame about a third of a millisecond (it is solved cold, before its cache holds anything).
//! When the fixed strips and the flexible one's minimum do not fit, the solver decides how to
//! squeeze them, exactly as before: this is only the case where there is nothing to decide, and
//! a test checks it against `Layout` for every size.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

/// One strip: a fixed length, or the one that takes what the others leave (at least `min`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strip {
    Fixed(u16),
    Rest { min: u16 },
}

impl Strip {
    pub(crate) const REST: Strip = Strip::Rest { min: 0 };

    fn constraint(self) -> Constraint {
        match self {
            Strip::Fixed(n) => Constraint::Length(n),
            Strip::Rest { min } => Constraint::Min(min),
        }
    }
}

/// `area` cut top to bottom into `strips`.
pub(crate) fn rows<const N: usize>(area: Rect, strips: [Strip; N]) -> [Rect; N] {
    split(area, Direction::Vertical, strips)
}

/// `area` cut left to right into `strips`.
pub(crate) fn columns<const N: usize>(area: Rect, strips: [Strip; N]) -> [Rect; N] {
    split(area, Direction::Horizontal, strips)
}

fn split<const N: usize>(area: Rect, direction: Direction, strips: [Strip; N]) -> [Rect; N] {
    let total = match direction {
        Direction::Vertical => area.height,
        Direction::Horizontal => area.width,
    };
    let rest_min = strips.iter().find_map(|s| match s {
        Strip::Rest { min } => Some(*min),
        Strip::Fixed(_) => None,
    });
    let fixed: u32 = strips
        .iter()
        .map(|s| match s {
            Strip::Fixed(n) => u32::from(*n),
            Strip::Rest { .. } => 0,
        })
        .sum();
    let one_rest = strips
        .iter()
        .filter(|s| matches!(s, Strip::Rest { .. }))
        .count()
        == 1;
    match rest_min {
        Some(min) if one_rest && fixed + u32::from(min) <= u32::from(total) => {
            let rest = total - u16::try_from(fixed).unwrap_or(total);
            let mut at = 0u16;
            strips.map(|strip| {
                let length = match strip {
                    Strip::Fixed(n) => n,
                    Strip::Rest { .. } => rest,
                };
                let piece = match direction {
                    Direction::Vertical => Rect::new(area.x, area.y + at, area.width, length),
                    Direction::Horizontal => Rect::new(area.x + at, area.y, length, area.height),
                };
                at += length;
                piece
            })
        }
        _ => Layout::new(direction, strips.map(Strip::constraint)).areas(area),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solver<const N: usize>(area: Rect, direction: Direction, strips: [Strip; N]) -> [Rect; N] {
        Layout::new(direction, strips.map(Strip::constraint)).areas(area)
    }

    #[test]
    fn the_arithmetic_is_the_solver_for_every_size() {
        let shapes: [[Strip; 4]; 4] = [
            [
                Strip::Fixed(1),
                Strip::REST,
                Strip::Fixed(1),
                Strip::Fixed(1),
            ],
            [
                Strip::REST,
                Strip::Fixed(1),
                Strip::Fixed(0),
                Strip::Fixed(3),
            ],
            [
                Strip::Fixed(2),
                Strip::Fixed(5),
                Strip::Rest { min: 10 },
                Strip::Fixed(7),
            ],
            [
                Strip::Fixed(12),
                Strip::Rest { min: 10 },
                Strip::Fixed(0),
                Strip::Fixed(25),
            ],
        ];
        for shape in shapes {
            for direction in [Direction::Vertical, Direction::Horizontal] {
                for size in 0..=120u16 {
                    let area = match direction {
                        Direction::Vertical => Rect::new(3, 2, 80, size),
                        Direction::Horizontal => Rect::new(3, 2, size, 24),
                    };
                    assert_eq!(
                        split(area, direction, shape),
                        solver(area, direction, shape),
                        "{shape:?} {direction:?} in {area:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn two_strips_as_the_lists_use_them() {
        for rows_above in 0..30u16 {
            let area = Rect::new(0, 1, 80, 22);
            let strips = [Strip::Fixed(rows_above), Strip::REST];
            assert_eq!(
                rows(area, strips),
                solver(area, Direction::Vertical, strips)
            );
        }
    }
}
