//! Text folding for matching what people type against names: case, accents, ligatures and
//! punctuation do not matter ("Saint-Étienne" = "saint etienne", "L'Haÿ" = "l hay").

/// Lowercase without diacritics (French and common Latin letters); ligatures expanded.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ç' => out.push('c'),
            'ÿ' | 'ý' => out.push('y'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '\u{2019}' | '\u{2018}' => out.push('\''),
            c => out.push(c),
        }
    }
    out
}

/// [`fold`], then every character that is not a letter or digit becomes a space, and spaces
/// are collapsed: the form names and queries are compared in.
pub fn search_form(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_punctuation_fold_away() {
        assert_eq!(search_form("Saint-Étienne"), "saint etienne");
        assert_eq!(search_form("  L’Haÿ-les-Roses "), "l hay les roses");
        assert_eq!(search_form("Œuilly"), "oeuilly");
        assert_eq!(search_form("Fougères – Vitré"), "fougeres vitre");
        assert_eq!(search_form("ti-5305"), "ti 5305");
        assert_eq!(search_form("—"), "");
    }
}
