//! What types named by the user have in common, whether made of a bivariate grid's cells or of
//! one indicator's classes: how they are written on the command line (`nom=…,…;nom=…`) and the
//! rules on their names.

/// The category of the units whose cell or class no type holds.
pub const OTHER_CELLS: &str = "autres situations";

/// Reads `nom=a,b;nom=c`: each type's name and its items, each item read by `item` (given the
/// type's name, for its message). `form` and `example` say what was expected ("nom=N,N",
/// "en expansion=5,6"). The error says what is wrong, in French.
pub fn parse_named<T>(
    text: &str,
    (form, example): (&str, &str),
    item: impl Fn(&str, &str) -> Result<T, String>,
) -> Result<Vec<(String, Vec<T>)>, String> {
    let mut types = Vec::new();
    for (i, part) in text.split(';').enumerate() {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((name, items)) = part.split_once('=') else {
            return Err(format!(
                "« {part} » : « {form} » attendu (type n° {}, ex. « {example} »)",
                i + 1
            ));
        };
        let name = name.trim();
        let parsed = items
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| item(name, c))
            .collect::<Result<Vec<T>, String>>()?;
        types.push((name.to_owned(), parsed));
    }
    Ok(types)
}

/// The n-th type's name (`before`: the names of the types before it): not empty, not one of
/// the legend's own categories, not given twice.
pub fn check_name<'a>(
    n: usize,
    name: &str,
    mut before: impl Iterator<Item = &'a str>,
) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!("le type n° {n} n'a pas de nom"));
    }
    if name == OTHER_CELLS || name == super::NOT_GIVEN {
        return Err(format!(
            "« {name} » est réservé (unités hors des types ou sans valeur) : choisir un autre nom"
        ));
    }
    if before.any(|o| o.trim() == name) {
        return Err(format!("le type « {name} » est nommé deux fois"));
    }
    Ok(())
}
