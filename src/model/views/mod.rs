//! What the user looks for and keeps: the search index and the saved views ("vues").

pub mod bookmarks;
pub mod labels;
pub mod search;
