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
}
