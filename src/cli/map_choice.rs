//! The choropleth asked for on the command line (`--indicator`, `--level`, `--method`…), the
//! same choices as the Couches window: read by `export map`, `export table` and `export layer`.

use super::usage_error;
use crate::carto::MapSettings;
use crate::format::parse_breaks_fr;
use crate::model::indicators::catalogue;
use crate::model::indicators::choropleth::{Spec, default_method};
use crate::model::indicators::classify::MethodChoice;
use crate::model::{Dataset, IndicatorId, Level};
use crate::palette::{Palette, Scheme};

/// The choropleth asked for (the same choices as the Couches window).
#[derive(clap::Args, Debug, Clone)]
pub struct MapChoice {
    /// Indicateur (voir `ti-atlas indicators`) ; sans lui, pas d'aplat.
    #[arg(long, value_name = "INDICATEUR")]
    pub indicator: Option<IndicatorId>,
    /// Maille : territoires, epci ou departements.
    #[arg(long, default_value = "territoires", value_name = "MAILLE")]
    pub level: String,
    /// Méthode : quantiles, equal, jenks, stddev, q6, symmetric, symmetric-quantiles, manual
    /// (par défaut : jenks ; symmetric-quantiles pour une évolution).
    #[arg(long, value_name = "MÉTHODE")]
    pub method: Option<String>,
    /// Nombre de classes (2 à 9 ; moins si l'indicateur a moins de valeurs distinctes).
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub classes: usize,
    /// Seuils pour --method manual, séparés par « ; ».
    #[arg(long, value_name = "SEUILS")]
    pub breaks: Option<String>,
    /// Palette ColorBrewer (YlOrRd, Blues, RdBu…) ; par défaut YlOrRd, RdBu pour une évolution.
    #[arg(long, value_name = "PALETTE")]
    pub palette: Option<String>,
    /// Inverse la palette.
    #[arg(long)]
    pub reverse: bool,
}

impl MapChoice {
    /// The choices written into the map's settings, as the Couches window would.
    pub fn apply_to(&self, settings: &mut MapSettings) -> anyhow::Result<()> {
        settings.maille = Level::from_id(&self.level).ok_or_else(|| {
            usage_error(format!(
                "maille inconnue : « {} » (territoires, epci ou departements)",
                self.level
            ))
        })?;
        settings.indicator = self.indicator.clone();
        settings.method = match &self.method {
            Some(m) => MethodChoice::from_id(m).ok_or_else(|| {
                usage_error(format!(
                    "méthode inconnue : « {m} » (quantiles, equal, jenks, stddev, q6, \
                     symmetric, symmetric-quantiles, manual)"
                ))
            })?,
            None => MethodChoice::Jenks,
        };
        if settings.method == MethodChoice::Manual {
            let text = self.breaks.as_deref().unwrap_or("");
            parse_breaks_fr(text).map_err(|e| usage_error(format!("seuils : {e}")))?;
            if text.trim().is_empty() {
                return Err(usage_error("--method manual demande --breaks \"a;b\""));
            }
            settings.manual_breaks = text.to_owned();
        }
        settings.classes = self.classes;
        let scheme = match &self.palette {
            Some(name) => Scheme::from_name(name)
                .ok_or_else(|| usage_error(format!("palette inconnue : « {name} »")))?,
            None => Palette::default().scheme,
        };
        settings.palette = Palette::new(scheme).with_reversed(self.reverse);
        Ok(())
    }

    /// Once the data is loaded: a growth rate starts with classes symmetric around 0 in RdBu,
    /// unless --method or --palette said otherwise.
    pub fn apply_indicator_defaults(&self, settings: &mut MapSettings, dataset: &Dataset) {
        let Some(ind) = self
            .indicator
            .as_ref()
            .and_then(|id| catalogue(dataset).into_iter().find(|i| &i.id == id))
        else {
            return;
        };
        if self.method.is_none() {
            settings.method = default_method(&ind);
        }
        if self.palette.is_none() {
            settings.palette =
                Palette::default_for(ind.diverging_around_zero).with_reversed(self.reverse);
        }
    }

    /// The classification asked for; with the data, the indicator's defaults applied.
    pub(super) fn spec(&self, dataset: Option<&Dataset>) -> anyhow::Result<Option<Spec>> {
        let mut settings = MapSettings::default();
        self.apply_to(&mut settings)?;
        if let Some(dataset) = dataset {
            self.apply_indicator_defaults(&mut settings, dataset);
        }
        settings
            .choropleth_spec(None)
            .map_err(|e| anyhow::anyhow!(e))
    }
}
