//! A shapefile's .dbf holds field names of at most 10 characters: each longer name is cut, an
//! indicator's name keeping its suffix (`part_emploi_industrie_classe` → `part_em_cl`), and a
//! name already taken ends with a number instead (`part_em_c2`). The mapping is written beside
//! the layer (`<nom>.champs.csv`) and described in the README.

use super::Field;

/// Longest .dbf field name, in bytes.
pub const MAX_DBF_NAME: usize = 10;

/// The short forms of the indicator suffixes.
const SUFFIXES: [(&str, &str); 6] = [
    ("_valeur", "_vl"),
    ("_statut", "_st"),
    ("_raison", "_rs"),
    ("_classe", "_cl"),
    ("_couleur", "_co"),
    ("_rang", "_rg"),
];

/// `name` cut to `max` bytes on a character boundary.
fn cut(name: &str, max: usize) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if out.len() + c.len_utf8() > max {
            break;
        }
        out.push(c);
    }
    out
}

/// The .dbf name of each field (same order), unique, at most 10 bytes each.
pub fn shapefile_names(fields: &[Field]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(fields.len());
    for f in fields {
        let name = &f.name;
        let mut short = if name.len() <= MAX_DBF_NAME {
            name.clone()
        } else {
            match SUFFIXES
                .iter()
                .find(|(long, _)| name.ends_with(long) && name.len() > long.len())
            {
                Some((long, short)) => {
                    let stem = name.get(..name.len() - long.len()).unwrap_or(name);
                    format!("{}{short}", cut(stem, MAX_DBF_NAME - short.len()))
                }
                None => cut(name, MAX_DBF_NAME),
            }
        };
        let lower = |s: &str| s.to_lowercase();
        let mut n = 2;
        let base = short.clone();
        while taken.iter().any(|t| lower(t) == lower(&short)) {
            let digits = n.to_string();
            short = format!("{}{digits}", cut(&base, MAX_DBF_NAME - digits.len()));
            n += 1;
        }
        taken.push(short);
    }
    taken
}

/// The mapping as CSV (UTF-8, ";"): short name, full name (as in the GeoPackage and GeoJSON),
/// description.
pub fn mapping_csv(fields: &[Field]) -> String {
    let mut out = String::from("champ_shapefile;champ_complet;description\r\n");
    for (short, f) in shapefile_names(fields).iter().zip(fields) {
        let quote = |s: &str| {
            if s.contains([';', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_owned()
            }
        };
        out.push_str(&format!(
            "{};{};{}\r\n",
            quote(short),
            quote(&f.name),
            quote(&f.description)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::layer::FieldKind;

    fn field(name: &str) -> Field {
        Field {
            name: name.into(),
            kind: FieldKind::Text,
            description: String::new(),
        }
    }

    #[test]
    fn long_names_are_cut_keeping_their_suffix_and_stay_unique() {
        let fields: Vec<Field> = [
            "code",
            "superficie_km2",
            "population",
            "population_statut",
            "part_emploi_industrie",
            "part_emploi_industrie_classe",
            "part_emploi_agriculture",
            "part_emploi_agriculture_classe",
        ]
        .into_iter()
        .map(field)
        .collect();
        let names = shapefile_names(&fields);
        assert_eq!(
            names,
            [
                "code",
                "superficie",
                "population",
                "populat_st",
                "part_emplo",
                "part_em_cl",
                "part_empl2",
                "part_em_c2"
            ]
        );
        assert!(names.iter().all(|n| n.len() <= MAX_DBF_NAME));
        let csv = mapping_csv(&fields);
        assert!(
            csv.contains("part_em_c2;part_emploi_agriculture_classe;"),
            "{csv}"
        );
    }
}
