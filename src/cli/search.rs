//! `ti-atlas search`: the hits the app's search field would list.

use crate::io::bundle;
use crate::model::views::search::SearchIndex;

pub fn run(query: &str, limit: usize, json: bool) -> anyhow::Result<()> {
    let (dataset, _) = bundle::load_embedded()?;
    let hits = SearchIndex::build(&dataset).search(query, limit);
    if json {
        println!("{}", serde_json::to_string_pretty(&hits)?);
        return Ok(());
    }
    if hits.is_empty() {
        println!("aucun résultat pour « {query} »");
    }
    for h in &hits {
        println!("{:<10} {} — {}", h.code, h.name, h.context);
    }
    Ok(())
}
