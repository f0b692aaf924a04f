//! A text column of a user's table, joined by code, read as a typology: each unit's cell is its
//! category (trimmed; an empty cell or a unit absent from the file is "non renseigné").

use super::{Typology, TypologyHead};
use crate::model::Level;

/// Most distinct values a text column may have to be read as categories (a column of names or
/// free text is not a typology).
pub const MAX_DISTINCT: usize = 60;

/// The typology of an imported text column: `cells` per unit of the maille (`None`: the unit is
/// not in the file). `None` when every cell is empty or when the column has more than
/// [`MAX_DISTINCT`] distinct values.
pub fn from_column(
    id: &str,
    header: &str,
    file: &str,
    source_id: &str,
    level: Level,
    cells: &[Option<String>],
) -> Option<Typology> {
    let names: Vec<Option<String>> = cells
        .iter()
        .map(|c| {
            c.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        })
        .collect();
    let mut distinct: Vec<&str> = names.iter().flatten().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.is_empty() || distinct.len() > MAX_DISTINCT {
        return None;
    }
    Some(Typology::from_names(
        TypologyHead {
            id: id.to_owned(),
            label: format!("{header} ({file})"),
            level,
            sources: vec![source_id.to_owned()],
            rule: format!("catégories de la colonne « {header} » du fichier importé {file}"),
        },
        &names,
        None,
        &format!("absent de {file} ou cellule vide"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_column_becomes_categories_and_free_text_does_not() {
        let cells = vec![
            Some(" rural ".to_owned()),
            Some("urbain".to_owned()),
            None,
            Some(String::new()),
            Some("rural".to_owned()),
        ];
        let t = from_column(
            "import:x:type",
            "type",
            "x.csv",
            "x",
            Level::Territoire,
            &cells,
        )
        .expect("categories");
        assert_eq!(t.categories, ["rural", "urbain"]);
        assert_eq!(t.missing(), 2);
        assert!(t.missing_reasons[0].0.contains("x.csv"));
        let many: Vec<Option<String>> = (0..=MAX_DISTINCT).map(|i| Some(format!("n{i}"))).collect();
        assert!(from_column("i", "nom", "x.csv", "x", Level::Epci, &many).is_none());
        assert!(from_column("i", "vide", "x.csv", "x", Level::Epci, &[None, None]).is_none());
    }
}
