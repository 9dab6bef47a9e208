//! What cyclelint knows about the format, as data in one place: the attributes of each section
//! kind, the functions of the expression language, the values of `ParameterType` and the
//! widgets of a parameter.
//!
//! Everything here comes from the format reference `template-format.md` (sections 2, 2.10.3
//! and 4.4) and the HTCondor ClassAd function list. Rules read these tables; they never hard-code names.
//! Every lookup is case-insensitive, because the format "is case insensitive throughout".

pub mod attributes;
pub mod configuration;
pub mod functions;
pub mod parameter_types;
pub mod sections;
pub mod widgets;
