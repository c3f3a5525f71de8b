//! Tables that choose their columns by width. Each column is as wide as its widest visible cell,
//! header included, so no header, status or clock is ever cut; one column stretches into what is
//! left (the name, the subject) and is fitted at word boundaries; when the terminal is narrow the
//! least useful columns leave first, whole (the detail pane shows everything).

use ratatui::layout::Constraint;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::text::{fit_words, width};

/// One column: its header, its visible cells, how much it matters (0 = never dropped; higher
/// leaves first) and, for the stretching column, the width it keeps and the width up to which
/// its text is worth more than the columns that would leave for it.
pub struct Column<'a> {
    pub header: &'a str,
    pub cells: Vec<Span<'a>>,
    pub rank: u8,
    pub stretch: Option<(u16, u16)>,
    /// A column that may be narrower than its cells (down to this), its cells then ending in «…»:
    /// for values without words, such as a masked email.
    pub shrink_to: Option<u16>,
}

impl<'a> Column<'a> {
    pub fn fixed(header: &'a str, rank: u8, cells: Vec<Span<'a>>) -> Self {
        Column {
            header,
            cells,
            rank,
            stretch: None,
            shrink_to: None,
        }
    }
    pub fn shrinking(header: &'a str, rank: u8, min: u16, cells: Vec<Span<'a>>) -> Self {
        Column {
            shrink_to: Some(min.max(width(header))),
            ..Column::fixed(header, rank, cells)
        }
    }
    pub fn stretch(header: &'a str, min: u16, max: u16, cells: Vec<Span<'a>>) -> Self {
        Column {
            header,
            cells,
            rank: 0,
            stretch: Some((min, max)),
            shrink_to: None,
        }
    }
    fn natural(&self) -> u16 {
        self.cells
            .iter()
            .map(|c| width(&c.content))
            .chain([width(self.header)])
            .max()
            .unwrap_or(0)
    }
}

/// The widths of the columns shown in `total` columns (`None` = left out), with `spacing` between
/// columns and `reserved` for the selection mark.
pub fn choose(columns: &[Column], total: u16, spacing: u16, reserved: u16) -> Vec<Option<u16>> {
    let naturals: Vec<u16> = columns.iter().map(Column::natural).collect();
    let need = |c: usize| match (columns[c].stretch, columns[c].shrink_to) {
        (Some((min, max)), _) => naturals[c].clamp(min, max.max(min)),
        (None, Some(min)) => naturals[c].min(min),
        (None, None) => naturals[c],
    };
    let mut shown: Vec<bool> = vec![true; columns.len()];
    loop {
        let count = shown.iter().filter(|s| **s).count() as u16;
        let used: u16 = (0..columns.len())
            .filter(|c| shown[*c])
            .map(need)
            .sum::<u16>()
            + spacing * count.saturating_sub(1)
            + reserved;
        if used <= total {
            break;
        }
        // The least useful column still shown leaves (the later one on a tie).
        let Some(drop) = (0..columns.len())
            .filter(|c| shown[*c] && columns[*c].rank > 0)
            .max_by_key(|c| (columns[*c].rank, *c))
        else {
            break;
        };
        shown[drop] = false;
    }
    // What is left after every shown column has what it needs goes first to the shrinking
    // columns, up to their cells, then to the stretching one.
    let count = shown.iter().filter(|s| **s).count() as u16;
    let needed: u16 = (0..columns.len()).filter(|c| shown[*c]).map(need).sum();
    let mut spare = total.saturating_sub(needed + spacing * count.saturating_sub(1) + reserved);
    let mut widths: Vec<Option<u16>> = (0..columns.len())
        .map(|c| shown[c].then(|| need(c)))
        .collect();
    for c in (0..columns.len()).filter(|c| shown[*c] && columns[*c].shrink_to.is_some()) {
        if let Some(w) = widths[c].as_mut() {
            let more = naturals[c].saturating_sub(*w).min(spare);
            *w += more;
            spare -= more;
        }
    }
    // The stretching column grows up to its widest cell (or its max); past that, on a wide
    // screen, the rest is shared by every column alike, so the columns spread over the width
    // by their content instead of one name 150 columns wide.
    let mut stretching = None;
    for c in (0..columns.len()).filter(|c| shown[*c]) {
        if let (Some((_, max)), Some(w)) = (columns[c].stretch, widths[c].as_mut()) {
            let grow = spare.min(naturals[c].max(max).saturating_sub(*w));
            *w += grow;
            spare -= grow;
            stretching = Some(c);
        }
    }
    // A table without a stretching column keeps its natural widths.
    let each = if stretching.is_some() {
        spare / count.max(1)
    } else {
        0
    };
    for w in widths.iter_mut().flatten() {
        *w += each;
        spare -= each;
    }
    if let Some(w) = stretching.and_then(|c| widths[c].as_mut()) {
        *w = (*w + spare).min(total.saturating_sub(reserved));
    }
    widths
}

/// The header, the rows and the constraints of `columns` laid out in `total` columns.
pub fn build<'a>(
    columns: Vec<Column<'a>>,
    total: u16,
    header_style: Style,
) -> (Row<'a>, Vec<Row<'a>>, Vec<Constraint>) {
    const SPACING: u16 = 1;
    const MARK: u16 = 1;
    let widths = choose(&columns, total, SPACING, MARK);
    let rows_count = columns.first().map_or(0, |c| c.cells.len());
    let mut header = Vec::new();
    let mut constraints = Vec::new();
    let mut cells: Vec<Vec<Cell>> = (0..rows_count).map(|_| Vec::new()).collect();
    for (column, w) in columns.into_iter().zip(widths) {
        let Some(w) = w else { continue };
        header.push(Cell::from(column.header));
        constraints.push(Constraint::Length(w));
        for (row, span) in cells.iter_mut().zip(column.cells) {
            let fitted = fit_words(&span.content, w).into_owned();
            row.push(Cell::from(Span::styled(fitted, span.style)));
        }
    }
    (
        Row::new(header).style(header_style),
        cells.into_iter().map(Row::new).collect(),
        constraints,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(header: &str, rank: u8, cell: &str) -> Column<'static> {
        let header: &'static str = Box::leak(header.to_string().into_boxed_str());
        let cell: &'static str = Box::leak(cell.to_string().into_boxed_str());
        Column::fixed(header, rank, vec![Span::raw(cell)])
    }

    #[test]
    fn the_least_useful_columns_leave_first_and_the_name_takes_the_rest() {
        let columns = vec![
            Column::stretch(
                "Nombre",
                30,
                40,
                vec![Span::raw("María Fernanda Castañeda Rodríguez")],
            ),
            col("Estado", 1, "■ Bloqueada"),
            col("Correo", 4, "m**a@gmail.com"),
            col("Ingreso", 5, "hace 3 d"),
        ];
        // 1 + 34 + 11 + 14 + 8 + 3 spaces = 71: everything fits in 80, the name gets 43.
        assert_eq!(
            choose(&columns, 80, 1, 1),
            vec![Some(43), Some(11), Some(14), Some(8)]
        );
        // In 64 the last login leaves so that the name stays whole, then the email.
        assert_eq!(
            choose(&columns, 64, 1, 1),
            vec![Some(36), Some(11), Some(14), None]
        );
        assert_eq!(
            choose(&columns, 50, 1, 1),
            vec![Some(37), Some(11), None, None]
        );
        // Narrower still: the name is what stays.
        assert_eq!(choose(&columns, 40, 1, 1), vec![Some(39), None, None, None]);
        // Narrower than its minimum: it gets what there is (fitted at a word when drawn).
        assert_eq!(choose(&columns, 20, 1, 1), vec![Some(19), None, None, None]);
    }

    #[test]
    fn a_shrinking_column_gives_way_before_leaving() {
        let columns = vec![
            Column::stretch("Nombre", 30, 40, vec![Span::raw("Ana María Castaño Muñoz")]),
            Column::shrinking("Correo", 4, 14, vec![Span::raw("m**a@correo.example.co")]),
        ];
        // 1 + 30 + 1 + 22 = 54: whole in 60, the name takes the rest.
        assert_eq!(choose(&columns, 60, 1, 1), vec![Some(36), Some(22)]);
        // In 50 the email shrinks to what is left (its cells end in «…»), the name keeps 30.
        assert_eq!(choose(&columns, 50, 1, 1), vec![Some(30), Some(18)]);
        // Below its minimum it leaves.
        assert_eq!(choose(&columns, 44, 1, 1), vec![Some(43), None]);
    }

    #[test]
    fn on_a_wide_screen_the_columns_share_the_width_by_content() {
        let columns = vec![
            Column::stretch("Nombre", 30, 40, vec![Span::raw("Ana María Castaño Muñoz")]),
            col("Estado", 1, "■ Bloqueada"),
            col("Correo", 4, "m**a@gmail.com"),
        ];
        // 1 + 30 + 11 + 14 + 2 = 58; the name grows to its max (40), the other 142 - 10 = 132
        // are shared: 44 each.
        assert_eq!(
            choose(&columns, 200, 1, 1),
            vec![Some(84), Some(55), Some(58)]
        );
    }

    #[test]
    fn a_header_wider_than_its_cells_sets_the_width() {
        let columns = vec![col("Solicitante", 1, "Ana")];
        assert_eq!(choose(&columns, 80, 1, 1), vec![Some(11)]);
    }
}
