//! Where data is missing, say how to get it: the industrial-employment share at the territory
//! maille (exact only where a territory is one EPCI) and the action plan and projects (only from
//! the user's files). The counts come from the indicator table; nothing is estimated.

use crate::model::indicators::IndicatorTable;
use crate::model::indicators::catalogue::Value;
use crate::model::{IndicatorId, Level};

/// The headline indicator that the bundle has per EPCI only.
pub const SHARE_ID: &str = "part_emploi_industrie";

/// How many territories have the share, and the imported exact share if there is one.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareGuidance {
    pub exact: usize,
    pub not_computable: usize,
    pub missing: usize,
    /// (id, label) of an imported exact share for every territory (base-cc-emploi-pop-active).
    pub imported: Option<(IndicatorId, String)>,
}

impl ShareGuidance {
    /// The situation in one sentence.
    pub fn sentence(&self) -> String {
        format!(
            "À la maille des territoires, cette part n'est exacte que pour {} territoire(s) formé(s) d'un seul EPCI ; {} « non calculable » (une part ne s'additionne pas entre EPCI), {} « non disponible ». La carte colore donc chaque territoire avec les valeurs exactes de ses EPCI membres.",
            self.exact, self.not_computable, self.missing
        )
    }
}

/// The guidance for `indicator` at the table's maille: Some for the share at the territory
/// maille when some territories lack it.
pub fn share_guidance(
    table: &IndicatorTable,
    indicator: Option<&IndicatorId>,
) -> Option<ShareGuidance> {
    if table.level != Level::Territoire || indicator.is_none_or(|i| *i != SHARE_ID) {
        return None;
    }
    let i = table.position(&IndicatorId::new(SHARE_ID))?;
    let values = table.values.get(i)?;
    let (mut exact, mut not_computable, mut missing) = (0, 0, 0);
    for v in values {
        match v {
            Value::Exact(_) => exact += 1,
            Value::NotComputable(_) => not_computable += 1,
            Value::Missing(_) => missing += 1,
        }
    }
    if not_computable + missing == 0 {
        return None;
    }
    let imported = table
        .indicators
        .iter()
        .find(|ind| {
            ind.id != SHARE_ID
                && ind.id.as_str().contains("part_emploi_industrie_")
                && ind.unavailable.is_none()
        })
        .map(|ind| (ind.id.clone(), ind.label.clone()));
    Some(ShareGuidance {
        exact,
        not_computable,
        missing,
        imported,
    })
}

/// Where INSEE's commune job counts come from, for the import tab.
pub const EMPLOYMENT_FILE_HELP: &str = "Fichier INSEE « base-cc-emploi-pop-active » (recensement, emploi et population active par commune ; insee.fr, rubrique Statistiques, bases « Chiffres détaillés »), en CSV séparé par « ; » ou en XLSX, avec la colonne CODGEO et les colonnes Cnn_EMPLT et Cnn_EMPLT_INDUS. L'atlas en calcule la part exacte Σ emplois industriels / Σ emplois de chaque territoire, EPCI et département, citée avec le nom du fichier.";

/// Where an action plan comes from, for the import tab.
pub const PLAN_FILE_HELP: &str = "Plan d'actions : un tableau CSV ou XLSX (une ligne par action, colonnes id_territoire, titre_action, axe ; statut, porteur, montants et dates si connus), au format du modèle livré avec l'atlas (assets/templates/plan-actions.csv ou .xlsx ; « Enregistrer le modèle… » en fait une copie à remplir). Projets financés : la liste ouverte de la DGE « Plan de relance – Projets industriels » (plan-de-relance.csv).";

/// The plan template, to save a copy for the user to fill in.
pub const PLAN_TEMPLATE_CSV: &[u8] = include_bytes!("../../assets/templates/plan-actions.csv");
pub const PLAN_TEMPLATE_XLSX: &[u8] = include_bytes!("../../assets/templates/plan-actions.xlsx");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Generation;

    fn dataset() -> crate::model::Dataset {
        crate::io::bundle::load_embedded().expect("bundle").0
    }

    #[test]
    fn the_share_at_the_territory_maille_is_explained_with_the_real_counts() {
        let ds = dataset();
        let table = IndicatorTable::territories(&ds, Generation::Temps2);
        let g = share_guidance(&table, Some(&IndicatorId::new(SHARE_ID))).expect("guidance");
        assert_eq!((g.exact, g.not_computable, g.missing), (36, 137, 10));
        assert_eq!(g.imported, None);
        assert!(
            g.sentence().contains("36 territoire(s)"),
            "{}",
            g.sentence()
        );
        // Another indicator, or the share at another maille: nothing to say.
        assert_eq!(
            share_guidance(&table, Some(&IndicatorId::new("densite"))),
            None
        );
        assert_eq!(share_guidance(&table, None), None);
    }

    #[test]
    fn the_template_is_the_shipped_file() {
        let text = std::str::from_utf8(PLAN_TEMPLATE_CSV).expect("utf-8");
        assert!(text.contains("id_territoire"), "{text}");
        assert!(PLAN_TEMPLATE_XLSX.starts_with(b"PK"));
    }
}
