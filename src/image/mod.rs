//! Images found in cloud accounts, for `image add`.

pub mod inventory;
