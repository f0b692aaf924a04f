//! `ti-atlas build-data`: the data build.

use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;

use crate::build;

pub fn run(sources: &Path, out: &Path) -> anyhow::Result<()> {
    let start = Instant::now();
    let output = build::build(sources)
        .with_context(|| format!("construction depuis {}", sources.display()))?;
    build::write_bundle(&output, out)
        .with_context(|| format!("écriture dans {}", out.display()))?;
    let t = &output.tables;
    println!(
        "lot écrit dans {} en {:.1} s : {} territoires, {} EPCI à fiscalité propre et {} EPT, {} communes, {} arcs, {} sommets stockés",
        out.display(),
        start.elapsed().as_secs_f64(),
        t.territories.len(),
        t.epci.iter().filter(|e| !e.is_ept()).count(),
        t.epci.iter().filter(|e| e.is_ept()).count(),
        t.communes.len(),
        output.topology.arcs.len(),
        output.topology.stored_vertex_count()
    );
    Ok(())
}
