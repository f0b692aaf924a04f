//! `ti-atlas export map --bivariate X,Y`: the options of the bivariate map, written into the
//! same settings as the Couches window's "Carte bivariée".

use anyhow::bail;

use crate::carto::BivariateSettings;
use crate::carto::bivariate::axis_breaks;
use crate::model::IndicatorId;

/// The bivariate map's options.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct BivariateArgs {
    /// Carte bivariée de deux indicateurs « X,Y » (ex. part_emploi_industrie,
    /// evolution_emploi_prive_2017_2024), à la maille de --level : 3 × 3 classes.
    #[arg(long)]
    pub bivariate: Option<String>,
    /// Deux seuils pour X, séparés par « ; » (par défaut : terciles).
    #[arg(long, allow_hyphen_values = true)]
    pub bivariate_x_breaks: Option<String>,
    /// Deux seuils pour Y, séparés par « ; » (par défaut : terciles).
    #[arg(long, allow_hyphen_values = true)]
    pub bivariate_y_breaks: Option<String>,
}

impl BivariateArgs {
    /// The options as the map's bivariate settings (off without --bivariate).
    pub fn settings(&self) -> anyhow::Result<BivariateSettings> {
        let Some(pair) = &self.bivariate else {
            if self.bivariate_x_breaks.is_some() || self.bivariate_y_breaks.is_some() {
                bail!("--bivariate-x-breaks et --bivariate-y-breaks demandent --bivariate X,Y");
            }
            return Ok(BivariateSettings::default());
        };
        let (x, y) = match pair
            .split(',')
            .map(str::trim)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [x, y] if !x.is_empty() && !y.is_empty() => (IndicatorId::new(x), IndicatorId::new(y)),
            _ => bail!(
                "--bivariate : deux indicateurs séparés par une virgule, pas « {pair} » \
                 (ex. part_emploi_industrie,evolution_emploi_prive_2017_2024)"
            ),
        };
        let x_breaks = self.bivariate_x_breaks.clone().unwrap_or_default();
        let y_breaks = self.bivariate_y_breaks.clone().unwrap_or_default();
        axis_breaks(&x_breaks).map_err(|e| anyhow::anyhow!("--bivariate-x-breaks : {e}"))?;
        axis_breaks(&y_breaks).map_err(|e| anyhow::anyhow!("--bivariate-y-breaks : {e}"))?;
        Ok(BivariateSettings {
            on: true,
            x: Some(x),
            y: Some(y),
            x_breaks,
            y_breaks,
        })
    }
}

/// A typology made from classes (`--typology-from-classes`): the cells of the bivariate grid,
/// or the classes of the map's one indicator.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ClassTypesArgs {
    /// Typologie d'après les classes : des types nommés, faits des cellules de la grille 3 × 3
    /// de --bivariate X,Y (« nom=X-Y,X-Y;nom=X-Y », classes de 1, bas, à 3, haut ; X le
    /// premier indicateur ; ex. « en expansion=3-3,3-2;fragile=1-1 »), ou des classes de
    /// --indicator telles que la carte les montre (« nom=N,N;nom=N », classes de 1, la plus
    /// basse, à n ; ex. « en expansion=5,6;fragile=1 »). Les unités des autres cellules ou
    /// classes sont « autres situations », celles sans valeur « non renseigné ». La règle de
    /// chaque type est écrite dans la légende.
    #[arg(long, value_name = "TYPES")]
    pub typology_from_classes: Option<String>,
    /// Titre de la typologie d'après les classes (par défaut « Types : X × Y » ou « Types :
    /// indicateur »).
    #[arg(long, value_name = "TITRE", requires = "typology_from_classes")]
    pub typology_title: Option<String>,
}

impl ClassTypesArgs {
    /// The typology asked for on the grid of `bivariate` at `level` (None without
    /// --typology-from-classes, or without the grid: see [`Self::one_indicator`]). A usage
    /// error says what is wrong with the types.
    pub fn choice(
        &self,
        bivariate: &BivariateSettings,
        level: crate::model::Level,
    ) -> anyhow::Result<Option<crate::model::typology::TypologyChoice>> {
        let Some(text) = &self.typology_from_classes else {
            return Ok(None);
        };
        if !bivariate.on {
            return Ok(None);
        }
        let types =
            crate::model::typology::from_classes::parse_types(text).map_err(|e| self.refuse(e))?;
        let types = bivariate
            .class_types(level, types, self.typology_title.as_deref().unwrap_or(""))
            .map_err(|e| self.refuse(e))?;
        Ok(Some(crate::model::typology::TypologyChoice::from_classes(
            types,
        )))
    }

    /// The types named from the classes of one indicator, when --typology-from-classes is
    /// given without a grid: read here, made on the map's classes once they are computed
    /// ([`Self::on_legend`]). A usage error for cells ("X-Y") without --bivariate.
    pub fn one_indicator(
        &self,
        bivariate: &BivariateSettings,
    ) -> anyhow::Result<Option<Vec<crate::model::typology::from_indicator_classes::NamedClasses>>>
    {
        use crate::model::typology::from_indicator_classes::{names_cells, parse_types};
        let Some(text) = &self.typology_from_classes else {
            return Ok(None);
        };
        if bivariate.on {
            return Ok(None);
        }
        if names_cells(text) {
            return Err(self.refuse(
                "des cellules « X-Y » demandent la grille de --bivariate X,Y ; les classes d'un \
                 indicateur s'écrivent « nom=5,6 »"
                    .into(),
            ));
        }
        parse_types(text).map(Some).map_err(|e| self.refuse(e))
    }

    /// The typology of `types` on the classes `legend` shows for `indicator` (a usage error
    /// for a class out of range, a class in two types…).
    pub fn on_legend(
        &self,
        indicator: &IndicatorId,
        legend: &crate::model::indicators::choropleth::Legend,
        types: Vec<crate::model::typology::from_indicator_classes::NamedClasses>,
    ) -> anyhow::Result<crate::model::typology::TypologyChoice> {
        let types = crate::carto::typology::indicator_class_types(
            indicator,
            legend,
            types,
            self.typology_title.as_deref().unwrap_or(""),
        )
        .map_err(|e| self.refuse(e))?;
        Ok(crate::model::typology::TypologyChoice::from_indicator_classes(types))
    }

    fn refuse(&self, e: String) -> anyhow::Error {
        super::usage_error(format!(
            "--typology-from-classes « {} » : {e}",
            self.typology_from_classes.as_deref().unwrap_or("")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pair_and_the_breaks_are_read_or_refused() {
        let args = BivariateArgs {
            bivariate: Some("part_emploi_industrie, evolution_emploi_2016_2022".into()),
            bivariate_y_breaks: Some("-0,5;0,5".into()),
            ..Default::default()
        };
        let s = args.settings().expect("settings");
        assert!(s.on);
        assert_eq!(
            s.y.as_ref().map(IndicatorId::as_str),
            Some("evolution_emploi_2016_2022")
        );
        assert_eq!(s.y_breaks, "-0,5;0,5");
        let one = BivariateArgs {
            bivariate: Some("part_emploi_industrie".into()),
            ..Default::default()
        };
        assert!(
            one.settings()
                .unwrap_err()
                .to_string()
                .contains("deux indicateurs")
        );
        let alone = BivariateArgs {
            bivariate_x_breaks: Some("1;2".into()),
            ..Default::default()
        };
        assert!(alone.settings().is_err());
        assert!(!BivariateArgs::default().settings().expect("off").on);
    }

    #[test]
    fn types_from_classes_are_read_on_the_grid_or_refused() {
        let grid = BivariateArgs {
            bivariate: Some("part_emploi_industrie,evolution_emploi_prive_2017_2024".into()),
            bivariate_x_breaks: Some("15 ; 25".into()),
            ..Default::default()
        }
        .settings()
        .expect("grid");
        let args = ClassTypesArgs {
            typology_from_classes: Some("en expansion=3-3,3-2;fragile=1-1".into()),
            typology_title: Some("Dynamiques".into()),
        };
        let choice = args
            .choice(&grid, crate::model::Level::Epci)
            .expect("ok")
            .expect("asked");
        let types = choice.classes.expect("from classes");
        assert_eq!(types.title, "Dynamiques");
        assert_eq!(types.x_breaks, Some([15.0, 25.0]));
        assert_eq!(types.y_breaks, None);
        assert_eq!(types.types[0].cells, [[2, 2], [2, 1]]);
        assert_eq!(choice.id, crate::model::typology::from_classes::ID);
        let bad = ClassTypesArgs {
            typology_from_classes: Some("a=1-1;b=1-1".into()),
            typology_title: None,
        };
        let err = bad
            .choice(&grid, crate::model::Level::Epci)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--typology-from-classes") && err.contains("deux types"),
            "{err}"
        );
        assert!(
            ClassTypesArgs::default()
                .choice(&grid, crate::model::Level::Epci)
                .expect("none")
                .is_none()
        );
    }
}
