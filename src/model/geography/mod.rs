//! Geography: the territories of both generations, the administrative units (communes, EPCI,
//! départements, régions), their membership, the shared-arc topology of their contours, the
//! hit index, and the Temps I / Temps II comparison.

pub mod comparison_text;
pub mod dataset;
pub mod generations;
pub mod hit_index;
pub mod ids;
pub mod layer;
pub mod tables;
pub mod topology;
