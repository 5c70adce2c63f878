//! The shipped `config.example.toml` must stay a valid configuration.

use parcours::config::Config;

#[test]
fn example_config_parses_with_the_documented_defaults() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let config = Config::from_file(&path).expect("config.example.toml is valid");
    assert_eq!(config.timezone, "Europe/Paris");
    assert_eq!(config.weekly_hours, 35);
    assert!(config.display.colour && !config.display.ascii);
    assert_eq!(config.activities().len(), 8);
}
