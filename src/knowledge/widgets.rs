//! The UI widgets of a parameter (format reference 2.10.4): the values of `Config.Plugin` and
//! `Widget.Plugin`. Only `pico.control.AutoCompleteDropdown` and `pico.form.BooleanCheckBox` (as a
//! `Widget.Plugin`) are documented; the others are observed in real templates.

/// `Config.Plugin` values, the most used first (in the corpus of 340 public templates).
pub static CONFIG_PLUGINS: &[&str] = &[
    "pico.form.NumberTextBox",
    "pico.widget.HtmlTemplateWidget",
    "pico.form.Dropdown",
    "pico.form.StringTextBox",
    "pico.control.AutoCompleteDropdown",
    "pico.form.QueryDropdown",
    "pico.form.BooleanCheckBox",
    "pico.form.RadioButtonsControl",
    "pico.form.ListBuilder",
];

/// `Widget.Plugin` values.
pub static WIDGET_PLUGINS: &[&str] = &["pico.form.BooleanCheckBox", "pico.form.SelectBox"];
