//! The shipped examples must stay valid: `config.example.toml` as a user's
//! configuration, `assets/settings.example.toml` as a PLIE settings file whose
//! values are the defaults of a new database.

use parcours::config::Config;
use parcours::domain::settings::{PlieSettings, SettingsFile};
use parcours::domain::time::default_activities;

fn shipped(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

#[test]
fn example_config_parses_with_the_documented_defaults() {
    let config =
        Config::from_file(&shipped("config.example.toml")).expect("config.example.toml is valid");
    assert!(config.display.colour && !config.display.ascii);
    assert!(config.keys.is_empty() && config.user.is_none());
}

#[test]
fn example_settings_are_the_defaults_of_a_new_database() {
    let text = std::fs::read_to_string(shipped("assets/settings.example.toml")).unwrap();
    let file: SettingsFile = toml::from_str(&text).expect("settings.example.toml is valid");
    let defaults = PlieSettings::default();
    assert_eq!(file.apply_to(&defaults).unwrap(), defaults);
    assert_eq!(file.activities.unwrap(), default_activities());
}
