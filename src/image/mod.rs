//! Images found in cloud accounts, and `image add`: planning and rendering new registry records
//! (`add`) and writing them safely (`store`).

pub mod add;
pub mod inventory;
pub mod store;
