//! The user's data: action plans, funded projects, joined tables and the attributes of
//! imported layers, as read from their files (the reading itself is in `crate::io`).

pub mod action_plan;
pub mod attribute_table;
pub mod column_map;
pub mod file_parts;
pub mod loaded;
pub mod name_match;
pub mod projects;
pub mod report;
pub mod table_join;

pub use loaded::*;
